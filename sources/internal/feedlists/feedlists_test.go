package feedlists

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/sources"
)

func TestMatchKey(t *testing.T) {
	same := [][2]string{
		{"https://example.com/feed/", "http://example.com/feed"},
		{"https://EXAMPLE.com/rss", "https://example.com/rss"},
	}
	for _, p := range same {
		if MatchKey(p[0]) != MatchKey(p[1]) {
			t.Errorf("MatchKey(%q) != MatchKey(%q)", p[0], p[1])
		}
	}
	differ := [][2]string{
		{"https://www.example.com/feed", "https://example.com/feed"},
		{"https://example.com/feed?a=1", "https://example.com/feed?a=2"},
		{"https://example.com/Feed", "https://example.com/feed"},
	}
	for _, p := range differ {
		if MatchKey(p[0]) == MatchKey(p[1]) {
			t.Errorf("MatchKey(%q) == MatchKey(%q), want different", p[0], p[1])
		}
	}
}

func TestLoadReadsKiteAndMalformedOPML(t *testing.T) {
	dir := t.TempDir()
	kite := `{"Albania": {"feeds": ["https://rtsh.al/feed"]}}`
	// Published OPML files carry raw "&" in URLs: not well-formed XML.
	opml := `<opml><body><outline text="News"><outline text="Il Mattino" xmlUrl="https://www.ilmattino.it/?sez=XML&args=1" /></outline></body></opml>`
	if err := os.WriteFile(filepath.Join(dir, "kite_feeds.json"), []byte(kite), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Italy.opml"), []byte(opml), 0o644); err != nil {
		t.Fatal(err)
	}
	idx, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	table, missing := Render([]string{"http://rtsh.al/feed/", "https://www.ilmattino.it/?sez=XML&args=1", "https://example.com/rss"}, idx)
	if len(missing) != 1 || missing[0] != "https://example.com/rss" {
		t.Errorf("missing = %v, want only the unlisted URL", missing)
	}
	for _, want := range []string{
		"http://rtsh.al/feed/\tkite_feeds.json\tAlbania\thttps://rtsh.al/feed\n",
		"https://www.ilmattino.it/?sez=XML&args=1\tItaly.opml\tItaly\n",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

// TestCorroborationIsCurrent regenerates corroboration.tsv from the public
// lists and compares it with the committed file. The lists live outside
// the repository, so it runs only when WORLDBRIEF_FEED_LISTS names their
// directory, e.g. WORLDBRIEF_FEED_LISTS=../../../../shared/fixtures/catalogs.
func TestCorroborationIsCurrent(t *testing.T) {
	dir := os.Getenv("WORLDBRIEF_FEED_LISTS")
	if dir == "" {
		t.Skip("set WORLDBRIEF_FEED_LISTS to the feed lists directory to check corroboration.tsv against them")
	}
	idx, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sources.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, s := range c.Sites() {
		urls = append(urls, s.Feeds...)
	}
	got, _ := Render(urls, idx)
	want, err := os.ReadFile("../../testdata/corroboration.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Error("sources/testdata/corroboration.tsv is stale: run go run ./sources/tools/corroborate -lists ../shared/fixtures/catalogs")
	}
}
