package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

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
		from, to       string
		asJSON, status bool
	)
	cmd := &cobra.Command{
		Use:   "translate TEXT... | translate --status",
		Short: "Translate texts with the configured provider, or show today's translation budget",
		Long: "Translate each TEXT with the configured provider (translate.provider), bypassing\n" +
			"the cache and the budget, e.g. `worldbrief translate --from ru \"текст\"`.\n\n" +
			"With --status, show today's translation budget (translate.daily_chars) as the\n" +
			"database counts it for every process sharing it: characters used and left, the\n" +
			"part kept for on-demand requests, LLM tokens, and when the day resets.",
		Args: argsUsage(func(cmd *cobra.Command, args []string) error {
			if status {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.MinimumNArgs(1)(cmd, args)
		}),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(); err != nil {
				return err
			}
			if status {
				return a.translateStatus(cmd.Context(), asJSON)
			}
			if to == "" {
				to = a.cfg.Translate.Target
			}
			if from == "" {
				from = translate.Auto
			}
			if err := translate.CheckLanguage(from); err != nil {
				return usageError{fmt.Errorf("--from %w", err)}
			}
			if err := translate.CheckLanguage(to); err != nil {
				return usageError{fmt.Errorf("--to %w", err)}
			}
			tr, err := a.translatorFromConfig(nil)
			if err != nil {
				return err
			}
			if a.cfg.Translate.Provider == "none" {
				fmt.Fprintln(a.stderr, "note: translate.provider is none, so texts stay as they are; pick a provider with WORLDBRIEF_TRANSLATE_PROVIDER (mymemory, libretranslate, deepl, google, openai)")
			}
			res, err := tr.Translate(cmd.Context(), translate.Request{Texts: args, Source: from, Target: to})
			if errors.Is(err, translate.ErrNoDetection) {
				return usageError{fmt.Errorf("%w: name it with --from, e.g. --from fr", err)}
			}
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
	cmd.Flags().BoolVar(&status, "status", false, "show today's translation budget instead of translating")
	return cmd
}

// translateStatus prints today's translation budget.
func (a *app) translateStatus(ctx context.Context, asJSON bool) error {
	if err := a.openStore(ctx); err != nil {
		return err
	}
	st, err := a.translationBudget().Status(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(a.stdout, st)
	}
	w := a.stdout
	fmt.Fprintf(w, "provider     %s\n", st.Provider)
	fmt.Fprintf(w, "day          %s (resets %s)\n", st.Day, st.ResetsAt.Format(time.RFC3339))
	if st.Daily == 0 {
		fmt.Fprintf(w, "budget       unlimited\n")
		fmt.Fprintf(w, "used         %s characters\n", thousands(st.Used.Chars))
	} else {
		fmt.Fprintf(w, "budget       %s characters a day, %s of them kept for on-demand requests\n", thousands(st.Daily), thousands(st.Reserve))
		fmt.Fprintf(w, "used         %s characters (%.0f%%)\n", thousands(st.Used.Chars), 100*float64(st.Used.Chars)/float64(st.Daily))
		fmt.Fprintf(w, "left         %s characters\n", thousands(st.Left))
	}
	if st.Used.Tokens > 0 {
		fmt.Fprintf(w, "tokens       %s\n", thousands(st.Used.Tokens))
	}
	return nil
}

// thousands writes n with thousands separators: 50,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
