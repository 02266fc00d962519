package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/pipeline"
	"github.com/worldbrief/worldbrief/sources"
)

// parseAt reads --at: RFC 3339, "YYYY-MM-DD HH:MM" or "YYYY-MM-DD" (the
// end of that day). A time without a zone is read in loc, the country's
// zone, so "2026-11-30" is 30 November where the digest's press is.
func parseAt(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if layout == "2006-01-02" {
				t = t.AddDate(0, 0, 1).Add(-time.Second)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--at %q: use RFC 3339 (2026-03-10T18:00:00Z), \"2026-03-10 18:00\" or 2026-03-10", s)
}

func newDigestCmd(a *app) *cobra.Command {
	var (
		at, format string
		asJSON     bool
	)
	cmd := &cobra.Command{
		Use:   "digest COUNTRY|world",
		Short: "Show a country's digest (top stories, alternative takes, blindspots) or the world edition",
		Long: "Show the top stories of a country's press in the last digest.window (24h):\n" +
			"articles grouped by story across sites, ranked by breadth and recency, with\n" +
			"how other countries cover them and blindspots (stories the US/UK press ignores).\n" +
			"The country's feeds and the US/UK feeds are fetched first when stale. A digest\n" +
			"is built at most once per digest.interval and stored; --at builds one of the past.\n" +
			"(--at YYYY-MM-DD for the world reads the edition stored that UTC day.)\n" +
			"`digest world` shows the world edition: the stories covered by the most countries,\n" +
			"one headline per country, the world's current take, and overlooked stories.",
		Args: argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			format = strings.ToLower(format)
			if asJSON {
				if cmd.Flags().Changed("format") && format != "json" {
					return usageError{fmt.Errorf("--json and --format %s ask for two formats; give one", format)}
				}
				format = "json"
			}
			switch format {
			case "text", "markdown", "md", "json":
			default:
				return usageError{fmt.Errorf("--format %q is not one of text, markdown, json", format)}
			}
			var when time.Time // the world edition's zone is UTC
			if at != "" {
				t, err := parseAt(at, time.UTC)
				if err != nil {
					return usageError{err}
				}
				if when, err = pastOnly(t, at); err != nil {
					return err
				}
			}
			if strings.EqualFold(strings.TrimSpace(args[0]), digest.WorldCode) {
				return a.digestWorld(ctx, at, when, format)
			}
			country, err := a.openCountry(ctx, args[0])
			if err != nil {
				return err
			}
			if at != "" {
				if when, err = parseAt(at, digest.CountryZone(country.Code)); err != nil {
					return usageError{err}
				}
				if when, err = pastOnly(when, at); err != nil {
					return err
				}
			}
			p := a.pipeline(nil)
			var (
				d   digest.Digest
				rep sources.CycleReport
			)
			if when.IsZero() {
				progress, finish := a.progressBar(format != "json")
				var rr pipeline.RefreshReport
				d, rr, err = p.FreshDigest(ctx, country.Code, pipeline.RefreshOptions{StaleOnly: true, Force: true, Progress: progress})
				finish()
				rep = rr.Fetch
			} else {
				d, err = p.DigestAt(ctx, country.Code, when)
			}
			if err != nil {
				return err
			}
			if d.Articles == 0 && rep.Feeds > 0 && !rep.Succeeded() {
				return fmt.Errorf("no digest for %s: %w", country.Name, cycleError(rep))
			}
			if rep.Feeds > 0 && rep.Failed > 0 && format != "json" {
				fmt.Fprintf(a.stderr, "note: %d of %d feeds failed; see `worldbrief sources %s`\n", rep.Failed, rep.Feeds, country.Code)
			}
			switch format {
			case "json":
				if s := d.Scarcity(); s != "" {
					fmt.Fprintln(a.stderr, "note: "+s)
				}
				return writeJSON(a.stdout, d)
			case "markdown", "md":
				_, err = fmt.Fprint(a.stdout, d.Markdown())
			default:
				_, err = fmt.Fprint(a.stdout, strings.TrimRight(d.Text(), "\n")+"\n")
			}
			return err
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "build the digest of the window ending at this time (RFC 3339, \"YYYY-MM-DD HH:MM\" or YYYY-MM-DD, in the country's zone unless one is given)")
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown or json")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON, as --format json (every listing takes --json)")
	return cmd
}

// pastOnly checks the time --at (as typed) names: a usage error when it
// is in the future, now when it is later today (the day so far).
func pastOnly(t time.Time, at string) (time.Time, error) {
	now := time.Now()
	if t.After(now.Add(24 * time.Hour)) {
		return time.Time{}, usageError{fmt.Errorf("--at %s is in the future; a digest can only look back", at)}
	}
	if t.After(now) {
		return now, nil
	}
	return t, nil
}
