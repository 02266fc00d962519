package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/sources"
)

// sourceRow is one line of `worldbrief sources --json`: a site's feed health.
type sourceRow struct {
	ID            string     `json:"id"`
	Name          string     `json:"name"`
	Country       string     `json:"country"`
	Language      string     `json:"language"`
	Feeds         []string   `json:"feeds"`
	Status        string     `json:"status"`
	LastFetchedAt *time.Time `json:"last_fetched_at"`
	LastError     string     `json:"last_error"`
	Articles      int64      `json:"articles"`
}

func newSourcesCmd(a *app) *cobra.Command {
	var asJSON, check bool
	cmd := &cobra.Command{
		Use:   "sources [COUNTRY] | sources --check [COUNTRY...]",
		Short: "Show the news sites read and the health of their feeds",
		Long: "Show the news sites read and the health of their feeds. With --check, probe\n" +
			"every feed live (ok, redirected, not a feed, dead) and record the result.",
		Args: argsUsage(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if check {
				return a.checkSources(ctx, args, asJSON) // cmd_catalog.go
			}
			if len(args) > 1 {
				return usageError{fmt.Errorf("give at most one country, or use --check\nusage: %s", cmd.UseLine())}
			}
			if err := a.openStore(ctx); err != nil {
				return err
			}
			sites := a.catalog.Sites()
			if len(args) == 1 {
				c, err := a.catalog.Resolve(args[0])
				if err != nil {
					return err
				}
				sites = c.Sites
			}
			feeds, err := a.store.Feeds(ctx, sources.SiteIDs(sites))
			if err != nil {
				return err
			}
			counts, err := a.store.ArticleCounts(ctx)
			if err != nil {
				return err
			}
			bySite := map[string][]sources.Feed{}
			for _, f := range feeds {
				bySite[f.SiteID] = append(bySite[f.SiteID], f)
			}
			rows := make([]sourceRow, 0, len(sites))
			for _, s := range sites {
				rows = append(rows, siteHealth(s, bySite[s.ID], counts[s.ID]))
			}
			if asJSON {
				return writeJSON(a.stdout, rows)
			}
			tw := newTable(a.stdout)
			fmt.Fprintln(tw, "SITE\tCOUNTRY\tLANG\tSTATUS\tARTICLES\tLAST FETCHED\tLAST ERROR")
			for _, r := range rows {
				last := "-"
				if r.LastFetchedAt != nil {
					last = r.LastFetchedAt.Local().Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.Name, r.Country, r.Language, r.Status, r.Articles, last, clip(r.LastError, 60))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&check, "check", false, "probe every feed live and report ok / redirected / not a feed / dead")
	return cmd
}

// siteHealth folds a site's feeds into one row.
func siteHealth(s sources.Site, feeds []sources.Feed, articles int64) sourceRow {
	h := sources.SiteHealthOf(s, feeds, articles)
	r := sourceRow{ID: s.ID, Name: s.Name, Country: s.Country, Language: s.Language, Feeds: h.Feeds,
		Status: h.Status, LastError: h.LastError, Articles: h.Articles}
	if !h.LastFetchedAt.IsZero() {
		t := h.LastFetchedAt
		r.LastFetchedAt = &t
	}
	return r
}

// clip shortens s to at most n runes for a table cell.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
