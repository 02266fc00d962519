package digest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// syntheticDay generates n articles of one day over the catalog's
// countries, deterministically: events (a fifth of them covered by several
// countries) drawn with a skewed popularity, each article's title and
// summary mixing the event's keywords with filler words.
func syntheticDay(cat *sources.Catalog, n int, at time.Time) []sources.Article {
	r := rand.New(rand.NewPCG(uint64(n), 42))
	word := func(i int) string { return fmt.Sprintf("w%x", i) }
	const vocab = 20000
	type event struct {
		keywords  []string
		countries []int
	}
	events := make([]event, n/4+1)
	for i := range events {
		e := event{}
		for range 6 {
			e.keywords = append(e.keywords, word(r.IntN(vocab)))
		}
		e.countries = []int{r.IntN(len(cat.Countries))}
		if r.IntN(5) == 0 {
			for range 1 + r.IntN(6) {
				e.countries = append(e.countries, r.IntN(len(cat.Countries)))
			}
		}
		events[i] = e
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(events)-1))
	arts := make([]sources.Article, n)
	for i := range arts {
		e := events[zipf.Uint64()]
		c := cat.Countries[e.countries[r.IntN(len(e.countries))]]
		site := c.Sites[r.IntN(len(c.Sites))]
		var title, summary []string
		for _, k := range r.Perm(6)[:4] {
			title = append(title, e.keywords[k])
		}
		title = append(title, word(r.IntN(vocab)), word(r.IntN(vocab)))
		for range 12 {
			if r.IntN(2) == 0 {
				summary = append(summary, e.keywords[r.IntN(6)])
			} else {
				summary = append(summary, word(r.IntN(vocab)))
			}
		}
		t := strings.Join(title, " ")
		arts[i] = sources.Article{
			ID: fmt.Sprintf("%08d", i), SiteID: site.ID, Country: c.Code, Language: site.Language,
			Title: t, OriginalTitle: t, Summary: strings.Join(summary, " ") + ".",
			URL:         fmt.Sprintf("https://%s.example/%d", site.ID, i),
			PublishedAt: at.Add(-time.Duration(r.Int64N(int64(23 * time.Hour)))),
		}
	}
	return arts
}

// BenchmarkDigests builds the digests of all 60 countries from a day of
// 1,000, 10,000 and 50,000 articles: clustering, ranking, alternative
// takes and blindspots. Compare ns/op across sizes for the scaling ratio.
func BenchmarkDigests(b *testing.B) {
	cat := testCatalog(b)
	at := labelledAt
	for _, n := range []int{1000, 10000, 50000} {
		arts := syntheticDay(cat, n, at)
		builder := NewBuilder(cat, Options{})
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			stories := 0
			for b.Loop() {
				ix := builder.Index(arts, at)
				stories = 0
				for _, c := range cat.Countries {
					stories += len(ix.Digest(c.Code).Stories)
				}
			}
			b.ReportMetric(float64(stories), "stories")
		})
	}
}

// BenchmarkWorld builds the world edition from an already clustered day
// of 1,000, 10,000 and 50,000 articles.
func BenchmarkWorld(b *testing.B) {
	cat := testCatalog(b)
	for _, n := range []int{1000, 10000, 50000} {
		ix := NewBuilder(cat, Options{}).Index(syntheticDay(cat, n, labelledAt), labelledAt)
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			stories := 0
			for b.Loop() {
				stories = len(ix.World().Stories)
			}
			b.ReportMetric(float64(stories), "stories")
		})
	}
}
