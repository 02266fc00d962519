// Package feedlists reads the public feed lists the catalog's feed URLs
// are corroborated against (Kagi's kite_feeds.json and OPML files such as
// plenaryapp's awesome-rss-feeds) and matches catalog URLs to them. It is
// used by the generator of sources/testdata/corroboration.tsv, never at
// run time and never by the tests of the default build.
package feedlists

import (
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Entry says where one feed URL is listed.
type Entry struct {
	// URL is the feed URL as the list spells it.
	URL string
	// List is the list file, relative to the lists directory, e.g.
	// "kagisearch-kite-public/kite_feeds.json".
	List string
	// Group is the list's category or file name, e.g. "Albania".
	Group string
}

// Index maps MatchKey(url) to the entries listing that URL, in list order.
type Index map[string][]Entry

// Load reads every *.json (Kagi kite format) and *.opml file under dir,
// in lexical path order.
func Load(dir string) (Index, error) {
	idx := Index{}
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".opml") || strings.HasSuffix(path, "kite_feeds.json")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk feed lists: %w", err)
	}
	slices.Sort(files)
	for _, path := range files {
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return nil, fmt.Errorf("feed list %s: %w", path, err)
		}
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read feed list: %w", err)
		}
		var entries []Entry
		if strings.HasSuffix(path, ".json") {
			entries, err = kite(rel, data)
		} else {
			entries = opml(rel, data)
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			k := MatchKey(e.URL)
			idx[k] = append(idx[k], e)
		}
	}
	return idx, nil
}

// kite reads Kagi's kite_feeds.json: category name → {feeds: [...]}.
func kite(rel string, data []byte) ([]Entry, error) {
	var cats map[string]struct {
		Feeds []string `json:"feeds"`
	}
	if err := json.Unmarshal(data, &cats); err != nil {
		return nil, fmt.Errorf("feed list %s: %w", rel, err)
	}
	names := make([]string, 0, len(cats))
	for n := range cats {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []Entry
	for _, n := range names {
		for _, u := range cats[n].Feeds {
			out = append(out, Entry{URL: strings.TrimSpace(u), List: rel, Group: n})
		}
	}
	return out, nil
}

// outlineRE and attrRE pick xmlUrl attributes out of OPML outlines. A
// regular expression rather than encoding/xml, because several published
// OPML files carry unescaped "&" in their URLs and are not well-formed XML.
var (
	outlineRE = regexp.MustCompile(`<outline\b([^>]*)>`)
	attrRE    = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// opml reads the feed URLs of an OPML file; the group is the file name.
func opml(rel string, data []byte) []Entry {
	group := strings.TrimSuffix(filepath.Base(rel), ".opml")
	var out []Entry
	for _, m := range outlineRE.FindAllSubmatch(data, -1) {
		for _, a := range attrRE.FindAllSubmatch(m[1], -1) {
			if string(a[1]) == "xmlUrl" {
				out = append(out, Entry{URL: strings.TrimSpace(html.UnescapeString(string(a[2]))), List: rel, Group: group})
			}
		}
	}
	return out
}

// MatchKey is the form in which a catalog URL and a listed URL are
// compared: scheme dropped, host lower-cased, one trailing slash dropped.
// So https://example.com/feed/ matches http://example.com/feed, but a
// different host, path or query never matches.
func MatchKey(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	host, rest, _ := strings.Cut(u, "/")
	return strings.TrimSuffix(strings.ToLower(host)+"/"+rest, "/")
}

// Lookup returns the entries listing u, preferring an exact spelling.
func (idx Index) Lookup(u string) []Entry {
	es := slices.Clone(idx[MatchKey(u)])
	slices.SortStableFunc(es, func(a, b Entry) int {
		switch {
		case a.URL == u && b.URL != u:
			return -1
		case b.URL == u && a.URL != u:
			return 1
		}
		return 0
	})
	return es
}
