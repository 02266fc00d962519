package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// labelledAt is the end of the window of the labelled set.
var labelledAt = time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC)

// labelled is one article of testdata/labelled.psv with its story label.
type labelled struct {
	story string
	art   sources.Article
}

// testCatalog returns the embedded catalog.
func testCatalog(t testing.TB) *sources.Catalog {
	t.Helper()
	cat, err := sources.DefaultCatalog()
	if err != nil {
		t.Fatalf("DefaultCatalog: %v", err)
	}
	return cat
}

// readPSV calls row for every line of the pipe-separated file path that
// is neither empty nor a # comment, with its fields, which must be n.
func readPSV(t testing.TB, path string, n int, row func(line int, text string, p []string)) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range strings.Split(string(raw), "\n") {
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		p := strings.Split(text, "|")
		if len(p) != n {
			t.Fatalf("%s:%d: %d fields, want %d", path, i+1, len(p), n)
		}
		row(i+1, text, p)
	}
}

// hoursBefore parses a "hours before labelledAt" field.
func hoursBefore(t testing.TB, path string, line int, field string) time.Time {
	t.Helper()
	hours, err := strconv.ParseFloat(field, 64)
	if err != nil {
		t.Fatalf("%s:%d: %v", path, line, err)
	}
	return labelledAt.Add(-time.Duration(hours * float64(time.Hour)))
}

// rowID is the article id of a row: the hash of its text.
func rowID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// loadLabelled reads the labelled set; site countries and languages come
// from the catalog.
func loadLabelled(t testing.TB, cat *sources.Catalog) []labelled {
	t.Helper()
	const path = "testdata/labelled.psv"
	var out []labelled
	readPSV(t, path, 6, func(line int, text string, p []string) {
		site, ok := cat.Site(p[1])
		if !ok {
			t.Fatalf("%s:%d: site %q is not in the catalog", path, line, p[1])
		}
		title := p[4]
		if title == "=" {
			title = p[3]
		}
		out = append(out, labelled{story: p[0], art: sources.Article{
			ID: rowID(text), SiteID: site.ID, Country: site.Country, Language: site.Language,
			Title: title, OriginalTitle: p[3], Summary: p[5],
			URL:         fmt.Sprintf("https://%s.example/%d", site.ID, line),
			PublishedAt: hoursBefore(t, path, line, p[2]),
		}})
	})
	return out
}

func articlesOf(ls []labelled) []sources.Article {
	arts := make([]sources.Article, len(ls))
	for i, l := range ls {
		arts[i] = l.art
	}
	return arts
}

// prf holds pairwise counts.
type prf struct{ tp, fp, fn int }

func (c prf) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c prf) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

func (c *prf) count(truth, predicted bool) {
	switch {
	case truth && predicted:
		c.tp++
	case predicted:
		c.fp++
	case truth:
		c.fn++
	}
}

// evaluate returns the pairwise counts of the clustering within countries
// and of the matching across countries.
func evaluate(t testing.TB, b *Builder, ls []labelled) (within, across prf) {
	t.Helper()
	by, across := evaluateBy(t, b, ls)
	return pooled(by), across
}

// evaluateBy returns the pairwise counts of the clustering within each
// country and of the matching across countries.
func evaluateBy(t testing.TB, b *Builder, ls []labelled) (within map[string]prf, across prf) {
	t.Helper()
	ix := b.Index(articlesOf(ls), labelledAt)
	story := map[string]string{}
	for _, l := range ls {
		story[l.art.ID] = l.story
	}
	clusterOf := make([]int, len(ix.arts))
	for ci, c := range ix.clusters {
		for _, m := range c.members {
			clusterOf[m] = ci
		}
	}
	matched := map[[2]int]bool{}
	for ci := range ix.clusters {
		for _, m := range ix.matches(ci, ix.o.MatchThreshold) {
			matched[[2]int{ci, m.cluster}] = true
			matched[[2]int{m.cluster, ci}] = true
		}
	}
	within = map[string]prf{}
	for i := range ix.arts {
		for j := i + 1; j < len(ix.arts); j++ {
			a, b := ix.arts[i], ix.arts[j]
			truth := story[a.ID] == story[b.ID] && !strings.HasPrefix(story[a.ID], "x-")
			if a.Country == b.Country {
				c := within[a.Country]
				c.count(truth, clusterOf[i] == clusterOf[j])
				within[a.Country] = c
			} else {
				across.count(truth, matched[[2]int{clusterOf[i], clusterOf[j]}])
			}
		}
	}
	return within, across
}

// pooled adds up the counts of every country.
func pooled(m map[string]prf) prf {
	var out prf
	for _, c := range m {
		out.tp, out.fp, out.fn = out.tp+c.tp, out.fp+c.fp, out.fn+c.fn
	}
	return out
}

func TestLabelledSetShape(t *testing.T) {
	ls := loadLabelled(t, testCatalog(t))
	stories, countries := map[string]bool{}, map[string]bool{}
	for _, l := range ls {
		countries[l.art.Country] = true
		if !strings.HasPrefix(l.story, "x-") {
			stories[l.story] = true
		}
	}
	if len(ls) < 150 || len(countries) < 8 || len(stories) < 30 {
		t.Fatalf("labelled set has %d articles, %d countries, %d stories; want ≥150, ≥8, ≥30", len(ls), len(countries), len(stories))
	}
}

// TestClusteringQuality reports pairwise precision and recall of the
// clustering within countries and of the matching across countries on
// the labelled set, and holds them at 0.9 or better.
func TestClusteringQuality(t *testing.T) {
	cat := testCatalog(t)
	within, across := evaluate(t, NewBuilder(cat, Options{}), loadLabelled(t, cat))
	t.Logf("clustering within countries: precision %.3f recall %.3f (tp %d fp %d fn %d)", within.precision(), within.recall(), within.tp, within.fp, within.fn)
	t.Logf("matching across countries:   precision %.3f recall %.3f (tp %d fp %d fn %d)", across.precision(), across.recall(), across.tp, across.fp, across.fn)
	for name, v := range map[string]float64{
		"clustering precision": within.precision(), "clustering recall": within.recall(),
		"matching precision": across.precision(), "matching recall": across.recall(),
	} {
		if v < 0.9 {
			t.Errorf("%s = %.3f, want ≥ 0.9", name, v)
		}
	}
}

// TestThresholdsAreNotKnifeEdge: moving each default threshold by ±0.03
// keeps precision and recall at 0.85 or better, so the defaults are not
// fitted to a single lucky point of the labelled set.
func TestThresholdsAreNotKnifeEdge(t *testing.T) {
	cat := testCatalog(t)
	ls := loadLabelled(t, cat)
	def := Options{}.withDefaults()
	for _, d := range []float64{-0.03, 0.03} {
		for _, o := range []Options{
			{PairThreshold: def.PairThreshold + d},
			{LinkThreshold: def.LinkThreshold + d},
			{MatchThreshold: def.MatchThreshold + d},
		} {
			within, across := evaluate(t, NewBuilder(cat, o), ls)
			for _, v := range []float64{within.precision(), within.recall(), across.precision(), across.recall()} {
				if v < 0.85 {
					t.Errorf("options %+v: within P %.3f R %.3f, across P %.3f R %.3f; want all ≥ 0.85",
						o, within.precision(), within.recall(), across.precision(), across.recall())
					break
				}
			}
		}
	}
}
