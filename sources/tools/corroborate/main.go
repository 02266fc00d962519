// Command corroborate regenerates sources/testdata/corroboration.tsv: for
// every feed URL of the embedded catalog, which public feed list carries
// it. Run it from the repository root after editing sources/catalog.yaml:
//
//	go run ./sources/tools/corroborate -lists ../shared/fixtures/catalogs
//
// URLs that no list carries are printed; each must then be added to
// sources/testdata/unverified.tsv with a reason, or replaced.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/sources/internal/feedlists"
)

func main() {
	lists := flag.String("lists", "../shared/fixtures/catalogs", "directory of public feed lists (kite_feeds.json, *.opml)")
	out := flag.String("o", "sources/testdata/corroboration.tsv", "file to write")
	flag.Parse()
	if err := run(*lists, *out); err != nil {
		fmt.Fprintln(os.Stderr, "corroborate:", err)
		os.Exit(1)
	}
}

func run(lists, out string) error {
	idx, err := feedlists.Load(lists)
	if err != nil {
		return err
	}
	cat, err := sources.DefaultCatalog()
	if err != nil {
		return err
	}
	var urls []string
	for _, s := range cat.Sites() {
		urls = append(urls, s.Feeds...)
	}
	table, missing := feedlists.Render(urls, idx)
	if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Printf("%d feed URLs, %d corroborated, %d in no list:\n", len(urls), len(urls)-len(missing), len(missing))
	for _, u := range missing {
		fmt.Println("  " + u)
	}
	return nil
}
