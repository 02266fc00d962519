package web

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// get serves one request and returns the recorder.
func get(t testing.TB, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./web -update creates it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the golden file (go test ./web -update rewrites it); got:\n%s", name, got)
	}
}

// TestGoldenPages: every page of the labelled window, byte for byte.
func TestGoldenPages(t *testing.T) {
	s, _ := newTestServer(t)
	for _, c := range []struct {
		path, golden string
		status       int
	}{
		{"/", "home.html.golden", 200},
		{"/fr", "fr.html.golden", 200},
		{"/fr/2026-03-09", "fr-2026-03-09.html.golden", 200},
		{"/world", "world.html.golden", 200},
		{"/world/2026-03-09", "world-2026-03-09.html.golden", 200},
		{"/world/2026-03-01", "unknown-world-day.html.golden", 404},
		{"/frnce", "unknown-country.html.golden", 404},
		{"/fr/2026-03-01", "unknown-day.html.golden", 404},
	} {
		t.Run(c.path, func(t *testing.T) {
			rec := get(t, s, c.path)
			if rec.Code != c.status {
				t.Fatalf("GET %s = %d, want %d", c.path, rec.Code, c.status)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			golden(t, c.golden, rec.Body.Bytes())
		})
	}
}

// TestCountryPageShowsStories: a country page carries each story's
// sources with the original headline in its language, the other
// countries' takes by name with their outlet and link, blindspot marks,
// lead images and the catalog's labels.
func TestCountryPageShowsStories(t *testing.T) {
	s, f := newTestServer(t)
	body := get(t, s, "/jp").Body.String()
	d := f.days["jp"][0]
	for _, st := range d.Stories {
		if !strings.Contains(body, htmlText(st.Headline)) {
			t.Errorf("headline %q missing", st.Headline)
		}
		for _, src := range st.Sources {
			if !strings.Contains(body, `href="`+src.URL+`"`) {
				t.Errorf("source link %s missing", src.URL)
			}
			if src.OriginalHeadline != st.Headline && !strings.Contains(body, `lang="ja" dir="auto">`+htmlText(src.OriginalHeadline)+`<`) {
				t.Errorf("original headline %q not shown with lang=ja", src.OriginalHeadline)
			}
		}
		for _, tk := range st.AlternativeTakes {
			name, _ := s.cfg.Catalog.Country(tk.Country)
			the := strings.TrimSuffix(digest.WithArticle(name.Name), name.Name) // "How the United Kingdom covers it"
			if !strings.Contains(body, `How `+the+`<a href="/`+tk.Country+`">`+name.Name+`</a> covers it`) || !strings.Contains(body, `href="`+tk.URL+`"`) {
				t.Errorf("take of %s (%s) missing", name.Name, tk.URL)
			}
		}
	}
	for _, want := range []string{`class="blindspot"`, `<img src="https://nhk.example/img/`, `<span class="label">public broadcaster</span>`, `href="/jp/2026-03-10"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// TestPickerGroupsByCatalogRegion: without a Region function the picker
// groups the countries by their first region in the catalog.
func TestPickerGroupsByCatalogRegion(t *testing.T) {
	cat := labelledCatalog(t)
	s, err := New(Config{Digests: labelledDigests(t, cat), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	body := get(t, s, "/").Body.String()
	for _, co := range cat.Countries {
		if len(co.Regions) == 0 {
			t.Fatalf("%s has no region in the catalog", co.Name)
		}
		region := ""
		for _, r := range cat.Regions {
			if r.ID == co.Regions[0] {
				region = r.Name
			}
		}
		j := strings.Index(body, `href="/`+co.Code+`"><strong>`)
		if k := strings.LastIndex(body[:max(j, 0)], "<h3>"); j < 0 || k < 0 || !strings.HasPrefix(body[k:], "<h3>"+htmlText(region)+"</h3>") {
			t.Errorf("%s is not listed under %s", co.Name, region)
		}
	}
}

// htmlText escapes s as html/template writes text.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// TestEmptyWorldPageSaysWhy: a world edition without a story says why
// (no country read yet) instead of "the stories covered by the most of
// the 0 countries we read".
func TestEmptyWorldPageSaysWhy(t *testing.T) {
	s, f := newTestServer(t)
	f.world = digest.World{Date: f.world.Date, GeneratedAt: f.world.GeneratedAt, Window: 24 * time.Hour}
	body := get(t, s, "/world").Body.String()
	if !strings.Contains(body, "No country&#39;s press has articles in the last 24 hours.") || strings.Contains(body, "most of the 0 countries") {
		t.Errorf("empty world page:\n%s", body)
	}
}
