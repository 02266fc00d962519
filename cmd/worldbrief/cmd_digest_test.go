package main

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// digestFeeds maps a feed path to its items (title, summary, hours ago).
var digestFeeds = map[string][][3]string{
	"/lemonde": {
		{"Grève contre la réforme des retraites : trains annulés", "Les syndicats font grève contre la réforme des retraites.", "2"},
		{"Vol au Louvre : des bijoux de la couronne dérobés", "Des voleurs ont dérobé des bijoux au Louvre.", "3"},
	},
	"/lefigaro": {
		{"Réforme des retraites : la grève perturbe les trains", "La grève contre la réforme des retraites perturbe les trains.", "1"},
		{"Louvre : vol des bijoux de la couronne", "Le Louvre fermé après le vol des bijoux de la couronne.", "4"},
	},
	"/bbc": {
		{"Louvre heist: crown jewels stolen (vol des bijoux de la couronne au Louvre)", "Thieves stole the crown jewels from the Louvre.", "2"},
	},
	"/alwihda": {
		{"N'Djamena : le marché central rouvre", "Le marché central de N'Djamena a rouvert.", "5"},
		{"Tchad : la saison des pluies commence", "Les premières pluies sont tombées.", "6"},
	},
}

// newDigestFeedServer serves RSS feeds whose items are dated relative to now.
func newDigestFeedServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		items, ok := digestFeeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>`)
		for i, it := range items {
			var h time.Duration
			fmt.Sscan(it[2], &h)
			fmt.Fprintf(&b, "<item><title>%s</title><description>%s</description><link>https://%s.example/%d</link><pubDate>%s</pubDate></item>",
				html.EscapeString(it[0]), html.EscapeString(it[1]), strings.Trim(r.URL.Path, "/"), i, time.Now().Add(-h*time.Hour).UTC().Format(time.RFC1123Z))
		}
		b.WriteString("</channel></rss>")
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func digestCatalog(t *testing.T, base string) string {
	t.Helper()
	cat := fmt.Sprintf(`countries:
  - code: fr
    name: France
    sites:
      - {id: lemonde, name: Le Monde, language: fr, homepage: "https://www.lemonde.fr", feeds: ["%[1]s/lemonde"]}
      - {id: lefigaro, name: Le Figaro, language: fr, homepage: "https://www.lefigaro.fr", feeds: ["%[1]s/lefigaro"]}
  - code: gb
    name: United Kingdom
    sites:
      - {id: bbc, name: BBC News, language: en, homepage: "https://www.bbc.co.uk", feeds: ["%[1]s/bbc"]}
  - code: td
    name: Chad
    sites:
      - {id: alwihda, name: Alwihda, language: fr, homepage: "https://www.alwihdainfo.com", feeds: ["%[1]s/alwihda"]}
`, base)
	return writeCatalogFile(t, cat)
}

func TestDigestCommand(t *testing.T) {
	srv, hits := newDigestFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL))

	code, out, errOut := c.run("digest", "France", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if hits.Load() != 3 {
		t.Errorf("fetched %d feeds, want France's 2 and the UK's 1", hits.Load())
	}
	var d struct {
		Country     string    `json:"country"`
		Date        string    `json:"date"`
		GeneratedAt time.Time `json:"generated_at"`
		Stories     []struct {
			Headline  string  `json:"headline"`
			Summary   string  `json:"summary"`
			Score     float64 `json:"score"`
			Blindspot bool    `json:"blindspot"`
			Sources   []struct {
				Name, URL, Language, OriginalHeadline string
			} `json:"sources"`
			Takes []struct {
				Country, Source, Headline, URL string
			} `json:"alternative_takes"`
		} `json:"stories"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if d.Country != "fr" || d.Date == "" || len(d.Stories) != 2 {
		t.Fatalf("digest = %+v, want fr with 2 stories", d)
	}
	for _, s := range d.Stories {
		if len(s.Sources) != 2 || s.Summary == "" || s.Score <= 0 {
			t.Errorf("story %q: %d sources, summary %q, score %v; want both French sites", s.Headline, len(s.Sources), s.Summary, s.Score)
		}
		louvre := strings.Contains(s.Headline, "Louvre")
		if louvre && (s.Blindspot || len(s.Takes) != 1 || s.Takes[0].Source != "BBC News") {
			t.Errorf("Louvre story: blindspot %v, takes %+v; want the BBC's take and no blindspot", s.Blindspot, s.Takes)
		}
		if !louvre && !s.Blindspot {
			t.Errorf("pension strike story %q is not marked as a blindspot", s.Headline)
		}
	}

	// Within digest.interval the stored digest is served as is.
	_, out2, _ := c.run("digest", "fr", "--format", "json")
	if out2 != out {
		t.Errorf("second call built another digest:\n%s\nvs\n%s", out2, out)
	}
	code, md, _ := c.run("digest", "fr", "--format", "markdown")
	if code != 0 || !strings.HasPrefix(md, "# France") || !strings.Contains(md, "**Blindspot:**") {
		t.Errorf("markdown: exit %d\n%s", code, md)
	}

	code, txt, _ := c.run("digest", "td")
	if code != 0 || !strings.Contains(txt, "Only 2 articles from Chad's press in the last 24 hours.") {
		t.Errorf("Chad: exit %d\n%s", code, txt)
	}
	if code, _, _ := c.run("digest", "fr", "--format", "pdf"); code != exitUsage {
		t.Errorf("--format pdf exited %d, want %d", code, exitUsage)
	}
	if code, _, _ := c.run("digest", "fr", "--at", "yesterday"); code != exitUsage {
		t.Errorf("--at yesterday exited %d, want %d", code, exitUsage)
	}
	before := hits.Load()
	code, past, _ := c.run("digest", "fr", "--at", time.Now().Add(-48*time.Hour).Format(time.RFC3339))
	if code != 0 || !strings.Contains(past, "No articles from France's press") || hits.Load() != before {
		t.Errorf("--at two days ago: exit %d, fetched %d feeds\n%s", code, hits.Load()-before, past)
	}
}

// TestDigestWorldCommand: `digest world` fetches every country's feeds and
// shows the story covered by two countries with each country's headline,
// and France's strike as overlooked; --format json has the same.
func TestDigestWorldCommand(t *testing.T) {
	srv, hits := newDigestFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL))
	code, out, errOut := c.run("digest", "world")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if hits.Load() != 4 {
		t.Errorf("fetched %d feeds, want all 4", hits.Load())
	}
	for _, want := range []string{"The world's current take — ", "(2 countries)", "United Kingdom, BBC News: Louvre heist", "Overlooked", "France: "} {
		if !strings.Contains(out, want) {
			t.Errorf("digest world lacks %q:\n%s", want, out)
		}
	}
	code, js, _ := c.run("digest", "World", "--format", "json")
	var w struct {
		Stories []struct {
			Countries int `json:"countries"`
			Coverage  []struct {
				Country string `json:"country"`
			} `json:"coverage"`
		} `json:"stories"`
		Overlooked []struct {
			Country string `json:"country"`
		} `json:"overlooked"`
	}
	if err := json.Unmarshal([]byte(js), &w); err != nil || code != 0 {
		t.Fatalf("exit %d, bad JSON %v:\n%s", code, err, js)
	}
	if len(w.Stories) != 1 || w.Stories[0].Countries != 2 || len(w.Stories[0].Coverage) != 2 || len(w.Overlooked) != 1 || w.Overlooked[0].Country != "fr" {
		t.Errorf("world edition = %+v", w)
	}
	if code, past, _ := c.run("digest", "world", "--at", time.Now().Add(-48*time.Hour).Format(time.RFC3339)); code != 0 || !strings.Contains(past, "in the 24 hours to") || strings.Contains(past, "in the last") {
		t.Errorf("--at two days ago: exit %d\n%s", code, past)
	}
}

// TestDigestAtADateIsThatDayInTheCountrysZone: `digest jp --at
// 2026-11-30` is Japan's digest of 30 November, whatever the machine's
// zone, and a digest of the past does not say "in the last 24 hours".
func TestDigestAtADateIsThatDayInTheCountrysZone(t *testing.T) {
	srv, _ := newDigestFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+writeCatalogFile(t, fmt.Sprintf(`countries:
  - code: jp
    name: Japan
    sites:
      - {id: nhk, name: NHK, language: ja, homepage: "https://www3.nhk.or.jp", feeds: ["%[1]s/nhk"]}
  - code: nz
    name: New Zealand
    sites:
      - {id: rnz, name: RNZ, language: en, homepage: "https://www.rnz.co.nz", feeds: ["%[1]s/rnz"]}
  - code: us
    name: United States
    sites:
      - {id: npr, name: NPR, language: en, homepage: "https://www.npr.org", feeds: ["%[1]s/npr"]}
`, srv.URL)))
	for _, tc := range []struct{ country, zone string }{{"jp", "Asia/Tokyo"}, {"nz", "Pacific/Auckland"}, {"us", "America/New_York"}} {
		code, out, errOut := c.run("digest", tc.country, "--at", "2026-11-30", "--format", "json")
		if code != 0 {
			t.Fatalf("digest %s --at 2026-11-30: exit %d: %s", tc.country, code, errOut)
		}
		var d struct {
			Date        string    `json:"date"`
			GeneratedAt time.Time `json:"generated_at"`
		}
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Skipf("no zone data: %v", err)
		}
		if end := d.GeneratedAt.In(loc); d.Date != "2026-11-30" || end.Format("2006-01-02 15:04") != "2026-11-30 23:59" {
			t.Errorf("digest %s --at 2026-11-30 is dated %s, ends %s; want 2026-11-30, ending at 23:59 in %s", tc.country, d.Date, end, tc.zone)
		}
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	today := time.Now().In(tokyo).Format(time.DateOnly)
	if code, out, errOut := c.run("digest", "jp", "--at", today); code != 0 || !strings.HasPrefix(out, "Japan's press — "+today) {
		t.Errorf("digest jp --at %s (today in Tokyo): exit %d %s\n%s", today, code, errOut, out)
	}
	code, out, _ := c.run("digest", "jp", "--at", "2026-11-30 18:00")
	if code != 0 || !strings.HasPrefix(out, "Japan's press — 2026-11-30") {
		t.Errorf("digest jp --at \"2026-11-30 18:00\": exit %d\n%s", code, out)
	}
	if strings.Contains(out, "last 24 hours") || !strings.Contains(out, "No articles from Japan's press in the 24 hours to 2026-11-30 18:00 JST.") {
		t.Errorf("a digest of the past reads as of now:\n%s", out)
	}
}
