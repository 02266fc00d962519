package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// countryArgCommands are the commands whose arguments are countries, with
// how many they take (-1: any number).
var countryArgCommands = map[string]int{"headlines": 1, "digest": 1, "sources": 1, "fetch": -1}

// addCountryCompletion makes `worldbrief completion` (cobra's, for bash,
// zsh, fish and PowerShell) complete country arguments from the catalog:
// codes, described by the country's name, and names.
func addCountryCompletion(root *cobra.Command, a *app) {
	refuseUnknownShells(root)
	for _, cmd := range root.Commands() {
		limit, ok := countryArgCommands[cmd.Name()]
		if !ok {
			continue
		}
		cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if limit >= 0 && len(args) >= limit {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return a.completeCountry(toComplete, args), cobra.ShellCompDirectiveNoFileComp
		}
	}
}

// completeCountry lists the countries whose code or name starts with
// prefix (ignoring case), leaving out those already given.
func (a *app) completeCountry(prefix string, given []string) []cobra.Completion {
	if err := a.loadCatalog(); err != nil {
		return nil
	}
	skip := map[string]bool{}
	for _, g := range given {
		skip[strings.ToLower(g)] = true
	}
	p := strings.ToLower(prefix)
	var out []cobra.Completion
	for _, c := range a.catalog.Countries {
		if skip[c.Code] || skip[strings.ToLower(c.Name)] {
			continue
		}
		if strings.HasPrefix(c.Code, p) {
			out = append(out, cobra.CompletionWithDesc(c.Code, c.Name))
		}
		if p != "" && strings.HasPrefix(strings.ToLower(c.Name), p) {
			out = append(out, cobra.CompletionWithDesc(c.Name, c.Code))
		}
	}
	return out
}

// refuseUnknownShells makes `worldbrief completion tcsh` a usage error
// naming the shells there are scripts for; cobra's own completion command
// printed its help and exited 0, as if it had written a script.
func refuseUnknownShells(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	comp, _, err := root.Find([]string{"completion"})
	if err != nil || comp == root {
		return
	}
	comp.Args = cobra.ArbitraryArgs
	comp.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		return usageError{fmt.Errorf("no completion script for %q: use bash, zsh, fish or powershell, e.g. source <(worldbrief completion bash)", args[0])}
	}
}
