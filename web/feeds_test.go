package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
)

// TestAtomFeed: /{country}.atom parses back as Atom 1.0 with the
// format's required elements (feed and entry id, title, updated, an
// author), one entry per daily digest, newest first, ids stable across
// rebuilds of the same day.
func TestAtomFeed(t *testing.T) {
	s, f := newTestServer(t)
	rec := get(t, s, "/fr.atom")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("GET /fr.atom = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	feed, err := (&atom.Parser{}).Parse(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("parse Atom: %v", err)
	}
	if feed.ID == "" || feed.Title == "" || feed.Updated == "" || len(feed.Authors) == 0 || feed.Authors[0].Name == "" {
		t.Errorf("feed lacks a required element: id %q title %q updated %q authors %v", feed.ID, feed.Title, feed.Updated, feed.Authors)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Errorf("feed updated %q is not RFC 3339", feed.Updated)
	}
	days := f.days["fr"]
	if len(feed.Entries) != len(days) {
		t.Fatalf("%d entries, want one per daily digest (%d)", len(feed.Entries), len(days))
	}
	var self bool
	for _, l := range feed.Links {
		self = self || l.Rel == "self" && l.Href == "https://news.example/fr.atom"
	}
	if !self {
		t.Errorf("no self link in %+v", feed.Links)
	}
	for i, e := range feed.Entries {
		d := days[i]
		if e.ID != "tag:worldbrief,2026:fr/"+d.Date || e.Title == "" || e.Updated != d.GeneratedAt.Format(time.RFC3339) {
			t.Errorf("entry %d: id %q title %q updated %q", i, e.ID, e.Title, e.Updated)
		}
		if len(e.Links) == 0 || e.Links[0].Href != "https://news.example/fr/"+d.Date {
			t.Errorf("entry %d links %+v, want the day's page", i, e.Links)
		}
		if e.Content == nil || e.Content.Type != "html" || !strings.Contains(e.Content.Value, htmlText(d.Stories[0].Headline)) {
			t.Errorf("entry %d content lacks the top story %q", i, d.Stories[0].Headline)
		}
	}
	// A rebuild later the same day keeps the entry's id.
	f.days["fr"][0].GeneratedAt = f.days["fr"][0].GeneratedAt.Add(30 * time.Minute)
	again, err := (&atom.Parser{}).Parse(bytes.NewReader(get(t, s, "/fr.atom").Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if again.Entries[0].ID != feed.Entries[0].ID || again.Entries[0].Updated == feed.Entries[0].Updated {
		t.Errorf("after a rebuild: id %q updated %q; want the same id, a new updated", again.Entries[0].ID, again.Entries[0].Updated)
	}
}

// TestJSONFeed: /{country}.json parses back as JSON Feed 1.1 with its
// required fields (version, title, items with id and content).
func TestJSONFeed(t *testing.T) {
	s, f := newTestServer(t)
	rec := get(t, s, "/jp.json")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/feed+json; charset=utf-8" {
		t.Fatalf("GET /jp.json = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	feed, err := (&jsonfeed.Parser{}).Parse(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("parse JSON Feed: %v", err)
	}
	if feed.Version != "https://jsonfeed.org/version/1.1" || feed.Title == "" || feed.FeedURL != "https://news.example/jp.json" || len(feed.Authors) == 0 {
		t.Errorf("feed: version %q title %q feed_url %q authors %d", feed.Version, feed.Title, feed.FeedURL, len(feed.Authors))
	}
	days := f.days["jp"]
	if len(feed.Items) != len(days) {
		t.Fatalf("%d items, want %d", len(feed.Items), len(days))
	}
	for i, it := range feed.Items {
		d := days[i]
		if it.ID != "tag:worldbrief,2026:jp/"+d.Date || it.ContentHTML == "" || it.URL != "https://news.example/jp/"+d.Date {
			t.Errorf("item %d: id %q url %q content %d bytes", i, it.ID, it.URL, len(it.ContentHTML))
		}
		if _, err := time.Parse(time.RFC3339, it.DatePublished); err != nil {
			t.Errorf("item %d date_published %q: %v", i, it.DatePublished, err)
		}
		if !strings.Contains(it.ContentHTML, `lang="ja"`) {
			t.Errorf("item %d content has no original-language headline", i)
		}
	}
	if feed.Items[0].Image == "" {
		t.Error("the top story's lead image is not the item's image")
	}
}

// TestWorldAtomAndDetection: /world.atom is Atom with one entry per
// day's world edition, newest first, each with a stable id, that day's
// page and its top story; gofeed's format detection reads all three feeds.
func TestWorldAtomAndDetection(t *testing.T) {
	s, f := newTestServer(t)
	for path, typ := range map[string]string{"/world.atom": "atom", "/fr.atom": "atom", "/fr.json": "json"} {
		feed, err := gofeed.NewParser().ParseString(get(t, s, path).Body.String())
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if feed.FeedType != typ || len(feed.Items) == 0 {
			t.Errorf("%s: type %q with %d items, want %s", path, feed.FeedType, len(feed.Items), typ)
		}
	}
	feed, _ := gofeed.NewParser().ParseString(get(t, s, "/world.atom").Body.String())
	if len(f.worlds) < 2 || len(feed.Items) != len(f.worlds) {
		t.Fatalf("/world.atom has %d entries for %d days' editions", len(feed.Items), len(f.worlds))
	}
	if feed.FeedLink != "https://news.example/world.atom" || feed.Link != "https://news.example/world" {
		t.Errorf("feed links %q, %q", feed.FeedLink, feed.Link)
	}
	for i, it := range feed.Items {
		w := f.worlds[i]
		if it.GUID != "tag:worldbrief,2026:world/"+w.Date || it.Link != "https://news.example/world/"+w.Date {
			t.Errorf("entry %d: id %q link %q, want the edition of %s", i, it.GUID, it.Link, w.Date)
		}
		if it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(w.GeneratedAt) || !strings.Contains(it.Content, htmlText(w.Stories[0].Headline)) {
			t.Errorf("entry %s: updated %v, lacks the top world story %q", w.Date, it.UpdatedParsed, w.Stories[0].Headline)
		}
	}
	if again, _ := gofeed.NewParser().ParseString(get(t, s, "/world.atom").Body.String()); again.Items[1].GUID != feed.Items[1].GUID {
		t.Errorf("the id of yesterday's entry changed: %q, then %q", feed.Items[1].GUID, again.Items[1].GUID)
	}
}

// TestHostileFeeds: markup in titles arrives in the feeds as text.
func TestHostileFeeds(t *testing.T) {
	cat := labelledCatalog(t)
	f := labelledDigests(t, cat)
	f.days["fr"] = append(f.days["fr"][:0:0], hostileDigest())
	s, err := New(Config{Digests: f, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/fr.atom", "/fr.json"} {
		feed, err := gofeed.NewParser().ParseString(get(t, s, path).Body.String())
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		c := feed.Items[0].Content
		if strings.Contains(c, "<script") || strings.Contains(c, "<svg") || !strings.Contains(c, "&lt;script&gt;") || !strings.Contains(c, "🇫🇷🔥") {
			t.Errorf("%s: content not escaped and intact: %s", path, shorten(c, 400))
		}
	}
}

// TestCatalogOPML: /catalog.opml lists every site's feeds under its
// country.
func TestCatalogOPML(t *testing.T) {
	s, _ := newTestServer(t)
	rec := get(t, s, "/catalog.opml")
	var doc struct {
		Version string `xml:"version,attr"`
		Title   string `xml:"head>title"`
		Body    []struct {
			Text     string `xml:"text,attr"`
			Children []struct {
				Text    string `xml:"text,attr"`
				Type    string `xml:"type,attr"`
				XMLURL  string `xml:"xmlUrl,attr"`
				HTMLURL string `xml:"htmlUrl,attr"`
			} `xml:"outline"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("parse OPML: %v", err)
	}
	if doc.Version != "2.0" || doc.Title == "" {
		t.Errorf("OPML version %q title %q", doc.Version, doc.Title)
	}
	got := map[string]map[string]bool{}
	for _, c := range doc.Body {
		got[c.Text] = map[string]bool{}
		for _, o := range c.Children {
			if o.Type != "rss" || o.Text == "" || o.HTMLURL == "" {
				t.Errorf("%s: outline %+v lacks type, text or htmlUrl", c.Text, o)
			}
			got[c.Text][o.XMLURL] = true
		}
	}
	for _, co := range s.cfg.Catalog.Countries {
		for _, site := range co.Sites {
			for _, u := range site.Feeds {
				if !got[co.Name][u] {
					t.Errorf("%s's feed %s missing", co.Name, u)
				}
			}
		}
	}
}
