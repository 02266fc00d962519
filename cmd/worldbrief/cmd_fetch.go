package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/pipeline"
	"github.com/worldbrief/worldbrief/sources"
)

func newFetchCmd(a *app) *cobra.Command {
	var (
		asJSON bool
		force  bool
	)
	cmd := &cobra.Command{
		Use:   "fetch [COUNTRY...]",
		Short: "Fetch the feeds of some countries (all when none given)",
		Long: "Fetch the feeds of the given countries, or of every country, store new\n" +
			"articles and prune those older than the retention window. Feeds that\n" +
			"failed recently are left alone until their backoff ends, unless --force.",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.openStore(ctx); err != nil {
				return err
			}
			sites, err := sitesOf(a.catalog, args)
			if err != nil {
				return err
			}
			a.askTranslator = true // a person fetching asks a paused translator again
			rep, err := a.refresh(ctx, sites, pipeline.RefreshOptions{Force: force}, !asJSON)
			if err != nil {
				return err
			}
			pr, err := a.pipeline(nil).Prune(ctx, false)
			if err != nil {
				return err
			}
			pruned := pr.Articles
			if asJSON {
				if err := writeJSON(a.stdout, rep); err != nil {
					return err
				}
			} else {
				printReport(a, rep, pruned)
			}
			return cycleError(rep)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	cmd.Flags().BoolVar(&force, "force", false, "also fetch feeds that are backing off after errors")
	return cmd
}

// sitesOf resolves country arguments into their sites; none means all.
func sitesOf(cat *sources.Catalog, args []string) ([]sources.Site, error) {
	if len(args) == 0 {
		return cat.Sites(), nil
	}
	var out []sources.Site
	var seen []string
	for _, arg := range args {
		c, err := cat.Resolve(arg)
		if err != nil {
			return nil, err
		}
		if slices.Contains(seen, c.Code) {
			continue
		}
		seen = append(seen, c.Code)
		out = append(out, c.Sites...)
	}
	return out, nil
}

// refresh runs the pipeline's Refresh of sites (fetch, store,
// translate), with a progress bar when progress is set and stderr is a
// terminal, and returns the fetch's report.
func (a *app) refresh(ctx context.Context, sites []sources.Site, opts pipeline.RefreshOptions, progress bool) (sources.CycleReport, error) {
	var finish func()
	opts.Progress, finish = a.progressBar(progress)
	defer finish()
	rep, err := a.pipeline(nil).Refresh(ctx, sites, opts)
	return rep.Fetch, err
}

// progressBar returns a feed counter drawing a bar on stderr when on is
// set and stderr is a terminal (nil otherwise), and the function that
// clears it.
func (a *app) progressBar(on bool) (progress func(done, total int), finish func()) {
	if !on || !isTerminal(a.stderr) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(a.stderr),
		progressbar.OptionSetDescription("fetching feeds"),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionShowCount(),
	)
	return func(done, total int) {
		bar.ChangeMax(total)
		_ = bar.Set(done)
	}, func() { _ = bar.Finish() }
}

// printReport writes a fetch summary a person can read.
func printReport(a *app, rep sources.CycleReport, pruned int64) {
	fmt.Fprintf(a.stdout, "Fetched %d feeds: %d ok, %d not modified, %d failed", rep.Feeds, rep.OK, rep.NotModified, rep.Failed)
	if rep.Skipped > 0 {
		fmt.Fprintf(a.stdout, ", %d skipped", rep.Skipped)
	}
	fmt.Fprintf(a.stdout, "; %d new articles (%s transferred)", rep.NewArticles, humanBytes(rep.WireBytes))
	if pruned > 0 {
		fmt.Fprintf(a.stdout, "; %d old articles pruned", pruned)
	}
	fmt.Fprintln(a.stdout)
	failed, more := rep.FirstFailures(10)
	for _, f := range failed {
		fmt.Fprintf(a.stdout, "  failed: %s\n", f)
	}
	if more > 0 {
		fmt.Fprintf(a.stdout, "  … and %d more; see `worldbrief sources`\n", more)
	}
}

// cycleError is the command's verdict: an error when no feed answered.
func cycleError(rep sources.CycleReport) error {
	switch {
	case rep.Succeeded():
		return nil
	case rep.Feeds == 0 && rep.Skipped > 0:
		return errors.New("every feed is backing off after recent errors; try again later or use --force")
	case rep.Feeds == 0:
		return errors.New("no feeds to fetch")
	}
	var first string
	for _, e := range rep.Failures {
		if first == "" || e < first {
			first = e
		}
	}
	if rep.NoServerAnswered() {
		return fmt.Errorf("none of the %d feeds could be fetched (e.g. %s); are you offline?", rep.Feeds, first)
	}
	return fmt.Errorf("none of the %d feeds could be fetched (e.g. %s): their sites answered with errors; try again later", rep.Feeds, first)
}

// humanBytes formats a byte count.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
