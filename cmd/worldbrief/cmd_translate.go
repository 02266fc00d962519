package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
)

// translatorFromConfig builds the configured provider client, without
// the cache.
func (a *app) translatorFromConfig() (translate.Translator, error) {
	c := a.cfg.Translate
	tr, err := translate.New(c.Provider, translate.Options{
		BaseURL:     c.URL,
		APIKey:      c.APIKey,
		Email:       c.Email,
		Concurrency: c.Concurrency,
		Log:         a.log,
	})
	if err != nil {
		return nil, fmt.Errorf("translation: %w", err)
	}
	return tr, nil
}

// translateNew translates the pending titles and summaries of the given
// sites after a fetch. It never fails: problems are logged with their
// reason and the articles keep their original text until the next cycle.
func (a *app) translateNew(ctx context.Context, sites []sources.Site) translate.Report {
	if a.cfg.Translate.Provider == translate.ProviderNone {
		return translate.Report{}
	}
	tr, err := a.translatorFromConfig()
	if err != nil {
		a.log.Warn("translation disabled; articles keep their original text", "err", err)
		return translate.Report{Err: err}
	}
	if a.metrics != nil {
		tr = meteredTranslator{Translator: tr, m: a.metrics}
	}
	cached := &translate.Cached{Next: tr, Cache: a.store, Log: a.log}
	p := &translate.Pipeline{
		Store:      a.store,
		Translator: cached,
		Target:     a.cfg.Translate.Target,
		Log:        a.log.With("provider", a.cfg.Translate.Provider),
	}
	rep := p.Run(ctx, sources.SiteIDs(sites))
	if a.metrics != nil {
		hits, _ := cached.Stats()
		a.metrics.TranslationCacheHits(hits)
	}
	return rep
}

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
