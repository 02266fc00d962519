package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/config"
	"github.com/worldbrief/worldbrief/pipeline/ops"
)

// newVersionCmd is `worldbrief version [--json]`: the build information
// also shown by `worldbrief --version` and carried by the fetcher's
// User-Agent and the worldbrief_build_info metric.
func newVersionCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show worldbrief's version, VCS revision and Go version",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			b := config.ReadBuild()
			if asJSON {
				return writeJSON(a.stdout, b)
			}
			_, err := fmt.Fprintln(a.stdout, b)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: version, revision, time, modified, go_version")
	return cmd
}

// setVersion makes `worldbrief --version` print the same line as
// `worldbrief version`.
func setVersion(root *cobra.Command) {
	root.Version = config.ReadBuild().String()
	root.SetVersionTemplate("{{.Version}}\n")
}

// registerBuildInfo exports the running build as worldbrief_build_info.
func registerBuildInfo(m *ops.Metrics) {
	b := config.ReadBuild()
	m.RegisterBuildInfo(b.Version, b.Revision, b.GoVersion)
}
