package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/pipeline"
	"github.com/worldbrief/worldbrief/sources"
)

// headlineRow is one line of `worldbrief headlines --json`.
type headlineRow struct {
	ID            string    `json:"id"`
	Title         string    `json:"title"`
	OriginalTitle string    `json:"original_title"`
	Language      string    `json:"language"`
	URL           string    `json:"url"`
	Source        string    `json:"source"`
	Country       string    `json:"country"`
	PublishedAt   time.Time `json:"published_at"`
	Summary       string    `json:"summary"`
	// OriginalSummary is the summary as published.
	OriginalSummary string `json:"original_summary"`
}

func newHeadlinesCmd(a *app) *cobra.Command {
	var (
		asJSON   bool
		limit    int
		original bool
	)
	cmd := &cobra.Command{
		Use:   "headlines COUNTRY",
		Short: "Show a country's latest headlines, fetching its feeds when stale",
		Long: "Show a country's newest articles. Feeds not fetched within fetch.interval\n" +
			"are fetched first (a person asking now overrides the error backoff).",
		Args: argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if limit < 1 || limit > 200 {
				return usageError{fmt.Errorf("--limit %d is out of range 1–200", limit)}
			}
			country, err := a.openCountry(ctx, args[0])
			if err != nil {
				return err
			}
			rep, err := a.refresh(ctx, country.Sites, pipeline.RefreshOptions{
				StaleOnly: true, Force: true, Demand: pipeline.Demand{Countries: []string{country.Code}, Interactive: true, Headlines: limit},
			}, !asJSON)
			if err != nil {
				return err
			}
			names := sources.SiteNames(country.Sites)
			arts, err := a.store.Articles(ctx, sources.ArticleQuery{Country: country.Code, SiteIDs: sources.SiteIDs(country.Sites), Limit: limit})
			if err != nil {
				return err
			}
			if len(arts) == 0 {
				if rep.Feeds > 0 && !rep.Succeeded() {
					return fmt.Errorf("no headlines for %s: %w", country.Name, cycleError(rep))
				}
				return fmt.Errorf("no headlines for %s yet: its feeds returned no articles; see `worldbrief sources %s`", country.Name, country.Code)
			}
			rows := make([]headlineRow, len(arts))
			for i, art := range arts {
				rows[i] = headlineRow{
					ID: art.ID, Title: art.Title, OriginalTitle: art.OriginalTitle, Language: art.Language,
					URL: art.URL, Source: names[art.SiteID], Country: art.Country, PublishedAt: art.PublishedAt.UTC(), Summary: art.Summary,
					OriginalSummary: art.OriginalSummary,
				}
			}
			if asJSON {
				return writeJSON(a.stdout, rows)
			}
			if rep.Feeds > 0 && rep.Failed > 0 {
				fmt.Fprintf(a.stderr, "note: %d of %d feeds failed; see `worldbrief sources %s`\n", rep.Failed, rep.Feeds, country.Code)
			}
			fmt.Fprintf(a.stdout, "%s — latest headlines\n\n", country.Name)
			for i, r := range rows {
				fmt.Fprintf(a.stdout, "%2d. %s\n", i+1, r.Title)
				if original && r.OriginalTitle != r.Title {
					fmt.Fprintf(a.stdout, "    [%s] %s\n", r.Language, r.OriginalTitle)
				}
				fmt.Fprintf(a.stdout, "    %s · %s\n    %s\n", r.Source, publishedText(r.PublishedAt.Local(), time.Now()), r.URL)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVarP(&limit, "limit", "n", 10, "number of headlines (1–200)")
	cmd.Flags().BoolVar(&original, "original", false, "also show each title as published, in its own language")
	return cmd
}

// publishedText writes an article's time as "Jan 7 14:45", with the year
// when it is not this year's ("Jan 7 2017 14:45"), so a feed's old items
// do not pass for this week's.
func publishedText(t, now time.Time) string {
	if t.Year() != now.In(t.Location()).Year() {
		return t.Format("Jan 2 2006 15:04")
	}
	return t.Format("Jan 2 15:04")
}
