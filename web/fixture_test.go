package web

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// The *digest.Service of the process is what the pages read.
var _ Digests = (*digest.Service)(nil)

// labelledAt is the end of the window of digest/testdata/labelled.psv.
var labelledAt = time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC)

// labelledArticles reads the digest package's labelled set (213 articles
// of 14 countries); the articles of NHK and Le Monde carry a lead image.
func labelledArticles(t testing.TB, cat *sources.Catalog) []sources.Article {
	t.Helper()
	f, err := os.Open("../digest/testdata/labelled.psv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sources.Article
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		p := strings.Split(text, "|")
		site, ok := cat.Site(p[1])
		if len(p) != 6 || !ok {
			t.Fatalf("labelled.psv:%d: bad line", line)
		}
		hours, err := strconv.ParseFloat(p[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		title := p[4]
		if title == "=" {
			title = p[3]
		}
		sum := sha256.Sum256([]byte(text))
		a := sources.Article{ID: hex.EncodeToString(sum[:]), SiteID: site.ID, Country: site.Country, Language: site.Language,
			Title: title, OriginalTitle: p[3], Summary: p[5], URL: fmt.Sprintf("https://%s.example/%d", site.ID, line),
			PublishedAt: labelledAt.Add(-time.Duration(hours * float64(time.Hour)))}
		if site.ID == "nhk" || site.ID == "lemonde" {
			a.ImageURL = fmt.Sprintf("https://%s.example/img/%d.jpg", site.ID, line)
		}
		out = append(out, a)
	}
	return out
}

// fakeDigests serves fixed digests: today's (the labelled window) and
// yesterday's (the same articles a day earlier) of every country, and the
// world edition.
type fakeDigests struct {
	days   map[string][]digest.Digest // country → newest first
	world  digest.World
	worlds []digest.World // newest first, world first
	today  string
}

func (f *fakeDigests) Digest(_ context.Context, country string) (digest.Digest, error) {
	return f.days[country][0], nil
}

func (f *fakeDigests) DigestOn(_ context.Context, country, day string) (digest.Digest, error) {
	for _, d := range f.days[country] {
		if d.Date == day {
			return d, nil
		}
	}
	return digest.Digest{}, fmt.Errorf("%s %s: %w", country, day, digest.ErrNoDigest)
}

func (f *fakeDigests) Daily(_ context.Context, country string, n int) ([]digest.Digest, error) {
	ds := f.days[country]
	return ds[:min(n, len(ds))], nil
}

func (f *fakeDigests) World(context.Context) (digest.World, error) { return f.world, nil }

func (f *fakeDigests) WorldOn(_ context.Context, day string) (digest.World, error) {
	for _, w := range f.worlds {
		if w.Date == day {
			return w, nil
		}
	}
	return digest.World{}, fmt.Errorf("world %s: %w", day, digest.ErrNoDigest)
}

func (f *fakeDigests) DailyWorlds(_ context.Context, n int) ([]digest.World, error) {
	return f.worlds[:min(n, len(f.worlds))], nil
}

func (f *fakeDigests) Today(country string) string {
	if country == digest.WorldCode {
		return f.world.Date
	}
	if ds := f.days[country]; len(ds) > 0 {
		return ds[0].Date
	}
	return f.today
}

// labelledCatalog is the embedded catalog narrowed to the labelled set's
// countries, so that the goldens do not change when the catalog grows.
func labelledCatalog(t testing.TB) *sources.Catalog {
	t.Helper()
	full, err := sources.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for _, c := range strings.Fields("br de eg es fr gb in it jp kr mx ng ru us") {
		keep[c] = true
	}
	cat := &sources.Catalog{Regions: full.Regions}
	for _, c := range full.Countries {
		if keep[c.Code] {
			cat.Countries = append(cat.Countries, c)
		}
	}
	return cat
}

// testRegions places the labelled set's countries, but not Mexico.
func testRegions(code string) string {
	switch code {
	case "br":
		return "Americas"
	case "us":
		return "North America"
	case "eg", "ng":
		return "Africa"
	case "in", "jp", "kr":
		return "Asia"
	case "mx":
		return ""
	}
	return "Europe"
}

// labelledDigests builds the fake from the labelled set.
func labelledDigests(t testing.TB, cat *sources.Catalog) *fakeDigests {
	t.Helper()
	arts := labelledArticles(t, cat)
	earlier := make([]sources.Article, len(arts))
	for i, a := range arts {
		a.ID += "-y"
		a.PublishedAt = a.PublishedAt.Add(-24 * time.Hour)
		earlier[i] = a
	}
	b := digest.NewBuilder(cat, digest.Options{})
	today, yesterday := b.Index(arts, labelledAt), b.Index(earlier, labelledAt.Add(-24*time.Hour))
	f := &fakeDigests{days: map[string][]digest.Digest{}, world: today.World(), today: "2026-03-10"}
	f.worlds = []digest.World{f.world, yesterday.World()}
	for _, c := range cat.Countries {
		f.days[c.Code] = []digest.Digest{today.Digest(c.Code), yesterday.Digest(c.Code)}
	}
	return f
}

// newTestServer returns a Server over the labelled digests.
func newTestServer(t testing.TB) (*Server, *fakeDigests) {
	t.Helper()
	cat := labelledCatalog(t)
	f := labelledDigests(t, cat)
	s, err := New(Config{Digests: f, Catalog: cat, Region: testRegions, BaseURL: "https://news.example"})
	if err != nil {
		t.Fatal(err)
	}
	return s, f
}

// newRecorder returns an httptest recorder.
func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
