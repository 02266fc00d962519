package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/translate"
)

// translateRow is one line of `worldbrief translate --json`.
type translateRow struct {
	Text     string `json:"text"`
	Original string `json:"original"`
	Detected string `json:"detected,omitempty"`
}

func newTranslateCmd(a *app) *cobra.Command {
	var (
		from, to string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "translate TEXT...",
		Short: "Translate texts with the configured provider, to check the configuration",
		Long: "Translate each TEXT with the configured provider (translate.provider), bypassing\n" +
			"the cache, e.g. `worldbrief translate --from ru \"текст\"`.",
		Args: argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(); err != nil {
				return err
			}
			if to == "" {
				to = a.cfg.Translate.Target
			}
			if from == "" {
				from = translate.Auto
			}
			tr, err := a.translatorFromConfig()
			if err != nil {
				return err
			}
			res, err := tr.Translate(cmd.Context(), translate.Request{Texts: args, Source: from, Target: to})
			if err != nil {
				return err // it names the provider, never the key
			}
			rows := make([]translateRow, len(args))
			for i, r := range res {
				rows[i] = translateRow{Text: r.Text, Original: args[i], Detected: r.Detected}
			}
			if asJSON {
				return writeJSON(a.stdout, rows)
			}
			for _, r := range rows {
				line := r.Text
				if r.Detected != "" && from == translate.Auto {
					line += "  (from " + strings.ToLower(r.Detected) + ")"
				}
				fmt.Fprintln(a.stdout, line)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "source language (default: detected by the provider)")
	cmd.Flags().StringVar(&to, "to", "", "target language (default translate.target)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
