package sources

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// wildOPML is shaped like the OPML files published on GitHub: nested
// folders, a raw "&" in a URL, a feed the catalog already reads.
const wildOPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Local press</title></head>
  <body>
    <outline text="News">
      <outline text="Le Dauphiné libéré" title="Le Dauphiné libéré" type="rss" xmlUrl="https://www.ledauphine.com/rss" htmlUrl="https://www.ledauphine.com/" />
      <outline text="Regional">
        <outline text="La Dépêche" type="rss" xmlUrl="https://www.ladepeche.fr/rss.xml?sez=XML&args=1" />
        <outline text="Le Monde" type="rss" xmlUrl="https://www.lemonde.fr/rss/une.xml" />
        <outline text="Le Monde" type="rss" xmlUrl="https://www.lemonde.fr/rss/en_continu.xml" language="fr-FR" />
        <outline text="Broken" type="rss" xmlUrl="javascript:alert(1)" />
      </outline>
    </outline>
  </body>
</opml>`

func TestImportOPML(t *testing.T) {
	c := defaultCatalogT(t)
	imp, err := ImportOPML(strings.NewReader(wildOPML), c, "FR", "fr")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Site{}
	for _, s := range imp.Country.Sites {
		got[s.Feeds[0]] = s
	}
	if len(got) != 3 {
		t.Fatalf("imported %d sites, want 3: %+v", len(got), imp.Country.Sites)
	}
	if s := got["https://www.ledauphine.com/rss"]; s.ID != "le-dauphine-libere" || s.Name != "Le Dauphiné libéré" || s.Language != "fr" || s.Homepage != "https://www.ledauphine.com/" {
		t.Errorf("dauphiné = %+v", s)
	}
	if s := got["https://www.ladepeche.fr/rss.xml?sez=XML&args=1"]; s.ID != "la-depeche" || s.Homepage != "https://www.ladepeche.fr" {
		t.Errorf("raw & or homepage: %+v", s)
	}
	if s := got["https://www.lemonde.fr/rss/en_continu.xml"]; s.ID == "lemonde" || s.ID != "le-monde" || s.Language != "fr-FR" {
		t.Errorf("a second Le Monde feed must get its own id and keep its language: %+v", s)
	}
	if !slices.Equal(imp.Known, []string{"https://www.lemonde.fr/rss/une.xml"}) {
		t.Errorf("known = %v", imp.Known)
	}
	if len(imp.Skipped) != 1 || !strings.Contains(imp.Skipped[0], "not an http(s) URL") {
		t.Errorf("skipped = %v", imp.Skipped)
	}
	ext, err := c.Extend(&Catalog{Countries: []Country{imp.Country}})
	if err != nil {
		t.Fatalf("imported sites do not extend the catalog: %v", err)
	}
	if s, ok := ext.Site("le-dauphine-libere"); !ok || s.Country != "fr" {
		t.Errorf("extended: %+v", s)
	}
}

func TestImportOPMLRejectsNonOPML(t *testing.T) {
	c := defaultCatalogT(t)
	for _, in := range []string{"", "<html><body>hello</body></html>", `<opml><body><outline text="empty folder"/></body></opml>`} {
		if _, err := ImportOPML(strings.NewReader(in), c, "fr", "fr"); err == nil {
			t.Errorf("ImportOPML(%q) succeeded", in)
		}
	}
}

// TestOPMLRoundTrip exports a country and imports it into a catalog that
// lacks it: the same feeds, names, home pages and languages come back.
func TestOPMLRoundTrip(t *testing.T) {
	c := defaultCatalogT(t)
	ch, _ := c.Country("ch")
	var buf bytes.Buffer
	if err := WriteOPML(&buf, c, []Country{ch}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `xmlUrl="https://srf.ch/news/bnf/rss/1890"`) {
		t.Fatalf("export lacks SRF:\n%s", buf.String())
	}
	empty := &Catalog{}
	imp, err := ImportOPML(&buf, empty, "ch", "")
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, s := range ch.Sites {
		for _, f := range s.Feeds {
			want = append(want, f+" "+s.Name+" "+s.Homepage+" "+s.Language)
		}
	}
	for _, s := range imp.Country.Sites {
		got = append(got, s.Feeds[0]+" "+s.Name+" "+s.Homepage+" "+s.Language)
	}
	if !slices.Equal(got, want) {
		t.Errorf("round trip:\n got %q\nwant %q", got, want)
	}
}

func FuzzImportOPML(f *testing.F) {
	f.Add([]byte(wildOPML))
	f.Add([]byte(`<opml><body><outline xmlUrl="http://a/"><outline xmlUrl="http://a/"/></outline></body></opml>`))
	f.Add([]byte("<opml><body><outline text=\"\xff\" xmlUrl=\"https://x.test/&amp;&\"/></body></opml>"))
	base := &Catalog{Countries: []Country{{Code: "fr", Name: "France", Sites: []Site{{ID: "a", Name: "A", Language: "fr", Homepage: "https://a.test", Feeds: []string{"https://a.test/rss"}}}}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := ImportOPML(bytes.NewReader(data), base, "fr", "fr")
		if err != nil {
			return
		}
		seen := map[string]bool{"a": true}
		for _, s := range imp.Country.Sites {
			if seen[s.ID] || !siteIDRE.MatchString(s.ID) {
				t.Fatalf("bad or duplicate id %q", s.ID)
			}
			seen[s.ID] = true
			if !isHTTPURL(s.Feeds[0]) || !isHTTPURL(s.Homepage) {
				t.Fatalf("site %q: feed %q home %q", s.ID, s.Feeds[0], s.Homepage)
			}
		}
	})
}
