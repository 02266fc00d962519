package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/store"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError marks errors caused by the user's input (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run executes the command line and returns the process exit code.
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, environ: environ}
	defer a.close()
	root := newRoot(a)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "worldbrief: %v\n", err)
	if isUsage(err) {
		return exitUsage
	}
	return exitError
}

// isUsage reports whether err is the user's to fix (exit code 2): a
// command, flag or argument, a country, a configuration or catalog value,
// a database file that is not one.
func isUsage(err error) bool {
	var ue usageError
	return errors.As(err, &ue) ||
		errors.Is(err, sources.ErrUnknownCountry) || errors.Is(err, sources.ErrEmptyCountry) ||
		errors.Is(err, store.ErrNotDatabase)
}

// unknownCommand is the root's own run: without arguments it shows the
// help; with one, that argument is no command (a usage error, with
// cobra's suggestions).
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	msg := fmt.Sprintf("unknown command %q for %q.", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += " Did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageError{fmt.Errorf("%s Run `%s --help` for the commands.", msg, cmd.CommandPath())}
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "worldbrief",
		Short: "Each country's own news, in English",
		Long: "worldbrief reads the national press of 100 countries, in their own languages,\n" +
			"and shows what each country's newspapers lead with today.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE:          unknownCommand,

		SuggestionsMinimumDistance: 2,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.flags.configFile, "config", "", "YAML config file (env WORLDBRIEF_CONFIG, default $XDG_CONFIG_HOME/worldbrief/config.yaml, then /etc/worldbrief/config.yaml)")
	pf.StringVar(&a.flags.db, "db", "", "database: a SQLite file, sqlite:PATH or postgres://… (env WORLDBRIEF_DB, default $XDG_DATA_HOME/worldbrief/worldbrief.db)")
	pf.StringVar(&a.flags.catalog, "catalog", "", "catalog YAML file replacing the embedded one (env WORLDBRIEF_CATALOG)")
	pf.StringVar(&a.flags.logLevel, "log-level", "", "auto (info for serve, warn otherwise), debug, info, warn or error (env WORLDBRIEF_LOG_LEVEL)")
	pf.StringVar(&a.flags.logFormat, "log-format", "", "text or json (env WORLDBRIEF_LOG_FORMAT)")
	a.flags.changed = func(name string) bool { return pf.Changed(name) }
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{flagValueError(err)} })

	root.AddCommand(
		newConfigCmd(a),
		newMigrateCmd(a),
		newCountriesCmd(a),
		newSourcesCmd(a),
		newCatalogCmd(a),
		newFetchCmd(a),
		newHeadlinesCmd(a),
		newTranslateCmd(a),
		newDigestCmd(a),
		newChatCmd(a),
		newServeCmd(a),
		newDeliveriesCmd(a),
		newHealthcheckCmd(a),
		newVersionCmd(a),
	)
	setVersion(root)
	// Before the completion command is made: its scripts go to the
	// writer the root has then.
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	addCountryCompletion(root, a)
	return root
}

// flagValueError says in words what a flag's value should be ("--limit
// "abc" is not a whole number") instead of pflag's message, which quotes
// the Go parser ("strconv.ParseInt: parsing …: invalid syntax"). Other
// flag errors are returned as they are.
func flagValueError(err error) error {
	var iv *pflag.InvalidValueError
	if !errors.As(err, &iv) {
		return err
	}
	name := "--" + iv.GetFlag().Name
	want := "a valid value"
	switch t := iv.GetFlag().Value.Type(); {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		want = "a whole number"
	case t == "bool":
		want = "true or false"
	case t == "duration":
		want = "a duration such as 90s or 30m"
	}
	return fmt.Errorf("%s %q is not %s", name, iv.GetValue(), want)
}

// argsUsage wraps a cobra positional-args check so a wrong count is a
// usage error that shows the command's usage line.
func argsUsage(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{fmt.Errorf("%w\nusage: %s", err, cmd.UseLine())}
		}
		return nil
	}
}
