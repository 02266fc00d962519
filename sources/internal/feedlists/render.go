package feedlists

import (
	"fmt"
	"strings"
)

// Header is the comment block that opens corroboration.tsv.
const Header = `# Which public feed list carries each feed URL of the embedded catalog
# (sources/catalog.yaml). Generated; do not edit: after changing the catalog run
#   go run ./sources/tools/corroborate -lists ../shared/fixtures/catalogs
# Feed URLs are facts; the lists are credited here: kagisearch-kite-public
# kite_feeds.json (MIT, (c) 2024 Kagi Search), plenaryapp-awesome-rss-feeds
# (CC0), Webisso-swipe-rss feeds.opml (MIT, (c) 2025 webisso).
# Columns: feed URL, list file, group in the list, and the list's spelling
# when it differs only in scheme or a trailing slash.
`

// Render writes the corroboration table for the catalog feed URLs (in
// catalog order) and returns the URLs no list carries.
func Render(urls []string, idx Index) (table string, missing []string) {
	var b strings.Builder
	b.WriteString(Header)
	for _, u := range urls {
		es := idx.Lookup(u)
		if len(es) == 0 {
			missing = append(missing, u)
			continue
		}
		e := es[0]
		fmt.Fprintf(&b, "%s\t%s\t%s", u, e.List, e.Group)
		if e.URL != u {
			fmt.Fprintf(&b, "\t%s", e.URL)
		}
		b.WriteByte('\n')
	}
	return b.String(), missing
}
