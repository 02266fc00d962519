package main

import (
	"io"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/config"
	"go.yaml.in/yaml/v3"
)

func newConfigCmd(a *app) *cobra.Command {
	var reference bool
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration, secrets redacted",
		Long: "Print the effective configuration, secrets redacted.\n\n" +
			"With --reference, print instead the Markdown table of every setting (key,\n" +
			"environment variable, default, meaning) that README.md embeds; it shows the\n" +
			"built-in defaults and reads no configuration.",
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if reference {
				_, err := io.WriteString(a.stdout, config.Reference())
				return err
			}
			if err := a.loadConfig(); err != nil {
				return err
			}
			enc := yaml.NewEncoder(a.stdout)
			enc.SetIndent(2)
			if err := enc.Encode(a.cfg.Redacted()); err != nil {
				return err
			}
			return enc.Close()
		},
	}
	cmd.Flags().BoolVar(&reference, "reference", false, "print the Markdown reference of every setting with its default (make docs puts it in README.md)")
	return cmd
}

func newMigrateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply database migrations (they also run at start)",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.openStore(cmd.Context()); err != nil {
				return err
			}
			cmd.Printf("database %s is up to date\n", a.store.Dialect())
			return nil
		},
	}
}
