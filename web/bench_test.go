package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/store"
)

// storedServer returns a Server over the process's real pieces: the
// embedded catalog, an in-memory SQLite store holding the labelled
// articles, and a digest.Service whose digests are built once and then
// read back from the store.
func storedServer(b *testing.B) *Server {
	b.Helper()
	ctx := context.Background()
	cat, err := sources.DefaultCatalog()
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, "sqlite::memory:", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	arts := labelledArticles(b, cat)
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		b.Fatal(err)
	}
	// Yesterday's digests, built by yesterday's service and stored.
	for i := range arts {
		arts[i].ID += "-y"
		arts[i].URL += "-y"
		arts[i].PublishedAt = arts[i].PublishedAt.Add(-24 * time.Hour)
	}
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		b.Fatal(err)
	}
	yesterday := &digest.Service{Builder: digest.NewBuilder(cat, digest.Options{}), Articles: storeArticles{st}, Store: st,
		Now: func() time.Time { return labelledAt.Add(-24 * time.Hour) }}
	if _, err := yesterday.Digest(ctx, "fr"); err != nil {
		b.Fatal(err)
	}
	if _, err := yesterday.World(ctx); err != nil {
		b.Fatal(err)
	}
	svc := &digest.Service{Builder: digest.NewBuilder(cat, digest.Options{}), Articles: storeArticles{st}, Store: st,
		Now: func() time.Time { return labelledAt }}
	s, err := New(Config{Digests: svc, Catalog: cat})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []string{"/", "/fr", "/world"} { // build and store every digest once
		if rec := get(b, s, p); rec.Code != http.StatusOK {
			b.Fatalf("GET %s = %d", p, rec.Code)
		}
	}
	return s
}

// storeArticles adapts the store to digest.ArticleSource, as main does.
type storeArticles struct{ st *store.Store }

func (s storeArticles) ArticlesBetween(ctx context.Context, since, until time.Time) ([]sources.Article, error) {
	arts, err := s.st.Articles(ctx, sources.ArticleQuery{Since: since})
	return slices.DeleteFunc(arts, func(a sources.Article) bool { return a.PublishedAt.After(until) }), err
}

// BenchmarkPages reports the render time of each page from stored
// digests, p50 and p95 over the iterations, and its size in bytes.
// "home-cold" rebuilds the country picker (every country's stored digest
// read) at each request; "home" is the picker as served within homeTTL.
func BenchmarkPages(b *testing.B) {
	s := storedServer(b)
	for _, c := range []struct{ name, path string }{
		{"country", "/fr"}, {"past-day", "/fr/2026-03-09"}, {"home-cold", "/"}, {"home", "/"}, {"world", "/world"}, {"world-past-day", "/world/2026-03-09"}, {"atom", "/fr.atom"}, {"world-atom", "/world.atom"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			size := 0
			for b.Loop() {
				if c.name == "home-cold" {
					s.homeMu.Lock()
					s.home = nil
					s.homeMu.Unlock()
				}
				start := time.Now()
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
				took = append(took, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s = %d", c.path, rec.Code)
				}
				size = rec.Body.Len()
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}
