package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// countryRow is one line of `worldbrief countries --json`.
type countryRow struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Sites     int      `json:"sites"`
	Languages []string `json:"languages"`
}

func newCountriesCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "countries [REGION or SEARCH]",
		Short: "List the countries worldbrief covers, all or a region's (europe, africa…)",
		Args:  argsUsage(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadCatalog(); err != nil {
				return err
			}
			list := a.catalog.Countries
			if len(args) == 1 {
				var ok bool
				if _, list, ok = a.catalog.Region(args[0]); !ok {
					list = a.catalog.Search(args[0])
				}
				if len(list) == 0 {
					return usageError{fmt.Errorf("no country matches %q; try a region (%s) or part of a name, or run `worldbrief countries` for the full list",
						args[0], strings.Join(a.catalog.RegionNames(), ", "))}
				}
			}
			rows := make([]countryRow, 0, len(list))
			for _, c := range list {
				rows = append(rows, countryRow{Code: c.Code, Name: c.Name, Sites: len(c.Sites), Languages: c.Languages()})
			}
			if asJSON {
				return writeJSON(a.stdout, rows)
			}
			tw := newTable(a.stdout)
			fmt.Fprintln(tw, "CODE\tCOUNTRY\tSITES\tLANGUAGES")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", r.Code, r.Name, r.Sites, strings.Join(r.Languages, ", "))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
