package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/sources"
)

// checkSources is `worldbrief sources --check [COUNTRY…]`: a live probe of
// every feed of the given countries (all when none), recorded as feed
// health. It fails when any feed is dead or not a feed.
func (a *app) checkSources(ctx context.Context, args []string, asJSON bool) error {
	if err := a.loadCatalog(); err != nil {
		return err
	}
	sites, err := sitesOf(a.catalog, args)
	if err != nil {
		return err
	}
	if err := a.openStore(ctx); err != nil {
		return err
	}
	// The pipeline's Fetcher, so the check keeps the fetch limits.
	c := &sources.Checker{Fetcher: a.pipeline(nil).Ingester.Fetcher, Store: a.store}
	var finish func()
	c.Progress, finish = a.progressBar(!asJSON)
	defer finish()
	rep, err := c.Check(ctx, sites)
	if err != nil {
		return err
	}
	if asJSON {
		if err := writeJSON(a.stdout, rep); err != nil {
			return err
		}
	} else {
		printCheck(a, rep)
	}
	if !rep.Healthy() {
		if first, ok := noAnswer(rep); ok {
			return fmt.Errorf("none of the %d feeds answered (e.g. %s); are you offline? The feeds may well be fine: check again with the network up", rep.Feeds, first)
		}
		return fmt.Errorf("%d of %d feeds are dead or not feeds", rep.Dead+rep.NotFeed, rep.Feeds)
	}
	return nil
}

// noAnswer reports whether no feed's server answered the check at all
// (no HTTP status: DNS, connection, timeout), as when the machine is
// offline, and the first such error by feed URL.
func noAnswer(rep sources.CheckReport) (string, bool) {
	var first, firstURL string
	for _, r := range rep.Results {
		if r.StatusCode != 0 || r.Outcome != sources.CheckDead {
			return "", false
		}
		if firstURL == "" || r.URL < firstURL {
			first, firstURL = r.Error, r.URL
		}
	}
	return first, len(rep.Results) > 0
}

// printCheck writes every feed that is not plainly ok, worst first, then
// the summary line.
func printCheck(a *app, rep sources.CheckReport) {
	rs := slices.Clone(rep.Results)
	sources.ByOutcome(rs)
	tw := newTable(a.stdout)
	header := false
	for _, r := range rs {
		if r.Outcome == sources.CheckOK {
			continue
		}
		if !header {
			fmt.Fprintln(tw, "OUTCOME\tCOUNTRY\tSITE\tFEED\tDETAIL")
			header = true
		}
		detail := r.Error
		if r.Outcome == sources.CheckRedirected {
			kind := "temporarily"
			if r.Permanent {
				kind = "permanently"
			}
			detail = fmt.Sprintf("moved %s to %s", kind, r.NewURL)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Outcome, r.Country, r.SiteID, r.URL, clip(detail, 100))
	}
	_ = tw.Flush()
	fmt.Fprintf(a.stdout, "Checked %d feeds in %.1fs: %d ok, %d redirected, %d not a feed, %d dead\n",
		rep.Feeds, rep.Elapsed.Seconds(), rep.OK, rep.Redirected, rep.NotFeed, rep.Dead)
}

func newCatalogCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Extend the catalog from OPML files, or export it as OPML",
		Long: "Operators extend the catalog instead of replacing it: `catalog import` adds the\n" +
			"feeds of an OPML file as sites of a country to the catalog_extra file\n" +
			"(WORLDBRIEF_CATALOG_EXTRA), which is validated with the catalog as a whole.",
	}
	cmd.AddCommand(newCatalogImportCmd(a), newCatalogExportCmd(a))
	return cmd
}

func newCatalogImportCmd(a *app) *cobra.Command {
	var country, lang, to string
	cmd := &cobra.Command{
		Use:   "import FILE.opml --country CODE",
		Short: "Add the feeds of an OPML file as sites of a country",
		Long: "Add every feed of an OPML file as a site of the country, to the file given by\n" +
			"--to or else the configured catalog_extra; with neither, print the extra\n" +
			"catalog YAML. Feeds the catalog already reads are skipped.",
		Args: argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if country == "" {
				return usageError{errors.New("--country is required, e.g. --country fr")}
			}
			if err := a.loadConfig(); err != nil {
				return err
			}
			if to == "" {
				to = a.cfg.CatalogExtra
			}
			extraPath := a.cfg.CatalogExtra
			if _, err := os.Stat(extraPath); errors.Is(err, fs.ErrNotExist) {
				extraPath = "" // this import creates it
			}
			cat, err := sources.LoadCatalogFiles(a.cfg.Catalog, extraPath)
			if err != nil {
				return fmt.Errorf("catalog: %w", err)
			}
			a.catalog = cat
			code, name, err := importCountry(a.catalog, country)
			if err != nil {
				return err
			}
			if lang == "" {
				lang = mainLanguage(a.catalog, code)
			}
			if lang == "" {
				return usageError{fmt.Errorf("the catalog has no sites in %s yet: give their language with --language, e.g. --language en", name)}
			}
			f, err := os.Open(args[0])
			if err != nil {
				return usageError{fmt.Errorf("open OPML: %w", err)}
			}
			defer f.Close()
			imp, err := sources.ImportOPML(f, a.catalog, code, lang)
			if err != nil {
				return usageError{fmt.Errorf("%s: %w", args[0], err)}
			}
			return a.writeImport(imp, code, name, to)
		},
	}
	cmd.Flags().StringVar(&country, "country", "", "country the sites belong to (code or name)")
	cmd.Flags().StringVar(&lang, "language", "", "language of feeds whose outline names none (default: the country's main catalog language)")
	cmd.Flags().StringVar(&to, "to", "", "extra catalog file to add the sites to (default: catalog_extra)")
	return cmd
}

// importCountry resolves --country: a catalog country, or an ISO country
// the catalog does not cover yet (the import adds it).
func importCountry(cat *sources.Catalog, arg string) (code, name string, err error) {
	co, err := cat.Resolve(arg)
	var nc *sources.NotCoveredError
	switch {
	case err == nil:
		return co.Code, co.Name, nil
	case errors.As(err, &nc):
		return nc.Code, nc.Name, nil
	}
	return "", "", err
}

// mainLanguage is the language most of the country's sites write in.
func mainLanguage(cat *sources.Catalog, code string) string {
	co, ok := cat.Country(code)
	if !ok {
		return ""
	}
	count := map[string]int{}
	best := ""
	for _, s := range co.Sites {
		count[s.Language]++
		if count[s.Language] > count[best] {
			best = s.Language
		}
	}
	return best
}

// writeImport adds the imported sites to the extra file at path, after
// checking that the catalog extended by the new extra is valid; with no
// path it prints the new extra.
func (a *app) writeImport(imp sources.OPMLImport, code, name, path string) error {
	extra := &sources.Catalog{}
	if path != "" {
		var err error
		if extra, err = sources.LoadExtraFile(path); err != nil {
			return err
		}
	}
	extra.AddSites(code, name, imp.Country.Sites)
	base, err := sources.LoadCatalogFiles(a.cfg.Catalog, "")
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	if _, err := base.Extend(extra); err != nil {
		return usageError{fmt.Errorf("the imported sites would make the catalog invalid: %w", err)}
	}
	var buf bytes.Buffer
	if err := extra.WriteYAML(&buf); err != nil {
		return err
	}
	if path == "" {
		_, err := a.stdout.Write(buf.Bytes())
		for _, s := range imp.Skipped {
			fmt.Fprintf(a.stderr, "  skipped %s\n", s)
		}
		fmt.Fprintln(a.stderr, "worldbrief: no catalog_extra is configured; save this YAML and set WORLDBRIEF_CATALOG_EXTRA to it, or pass --to FILE")
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write catalog extra: %w", err)
	}
	fmt.Fprintf(a.stdout, "Added %s to %s (%s) in %s", count(len(imp.Country.Sites), "site", "sites"), name, code, path)
	if n := len(imp.Known); n > 0 {
		fmt.Fprintf(a.stdout, "; %s already in the catalog", count(n, "feed", "feeds"))
	}
	fmt.Fprintln(a.stdout)
	for _, s := range imp.Skipped {
		fmt.Fprintf(a.stdout, "  skipped %s\n", s)
	}
	return nil
}

func newCatalogExportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "export [COUNTRY...]",
		Short: "Print the catalog's feeds (all, or some countries') as OPML",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadCatalog(); err != nil {
				return err
			}
			var countries []sources.Country
			for _, arg := range args {
				co, err := a.catalog.Resolve(arg)
				if err != nil {
					return err
				}
				countries = append(countries, co)
			}
			return sources.WriteOPML(a.stdout, a.catalog, countries)
		},
	}
}
