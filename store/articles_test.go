package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// art builds an article of site published minutes after t0.
func art(id, site, country string, minutes int) sources.Article {
	return sources.Article{
		ID:              id,
		SiteID:          site,
		Country:         country,
		Language:        "fr",
		Title:           "Title " + id,
		OriginalTitle:   "Titre " + id,
		Summary:         "Summary of " + id,
		OriginalSummary: "Summary of " + id,
		URL:             "https://" + site + ".example/" + id,
		GUID:            "guid-" + id,
		PublishedAt:     t0.Add(time.Duration(minutes) * time.Minute),
		FirstSeenAt:     t0.Add(time.Duration(minutes+1) * time.Minute),
	}
}

func save(t *testing.T, s *Store, arts ...sources.Article) int {
	t.Helper()
	n, err := s.SaveArticles(context.Background(), arts)
	if err != nil {
		t.Fatalf("SaveArticles: %v", err)
	}
	return n
}

func query(t *testing.T, s *Store, q sources.ArticleQuery) []sources.Article {
	t.Helper()
	arts, err := s.Articles(context.Background(), q)
	if err != nil {
		t.Fatalf("Articles(%+v): %v", q, err)
	}
	return arts
}

func ids(arts []sources.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

func counts(t *testing.T, s *Store) map[string]int64 {
	t.Helper()
	c, err := s.ArticleCounts(context.Background())
	if err != nil {
		t.Fatalf("ArticleCounts: %v", err)
	}
	return c
}

func TestSaveArticlesRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		a := art("a1", "lemonde", "fr", 0)
		a.ImageURL = "https://lemonde.example/a1.jpg"
		a.Summary = "Élysée — «citation» 東京 😀"
		paris := time.FixedZone("CET", 3600)
		a.PublishedAt = time.Date(2026, 3, 1, 13, 0, 0, 987654321, paris)
		a.FirstSeenAt = time.Date(2026, 3, 1, 13, 5, 0, 1, paris)
		if n := save(t, s, a); n != 1 {
			t.Fatalf("inserted %d, want 1", n)
		}
		want := a
		want.PublishedAt = time.Date(2026, 3, 1, 12, 0, 0, 987000000, time.UTC)
		want.FirstSeenAt = time.Date(2026, 3, 1, 12, 5, 0, 0, time.UTC)
		got := query(t, s, sources.ArticleQuery{})
		if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
			t.Errorf("read back\n%+v\nwant\n%+v", got, want)
		}
	})
}

func TestSaveArticlesDedupe(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		a1, a2 := art("a1", "lemonde", "fr", 0), art("a2", "lemonde", "fr", 1)
		if n := save(t, s, a1); n != 1 {
			t.Fatalf("first save inserted %d, want 1", n)
		}
		// Same ID again, even with changed text, is skipped.
		again := a1
		again.Title = "changed"
		if n := save(t, s, again, a2, a2); n != 1 {
			t.Errorf("second save inserted %d, want 1 (only a2)", n)
		}
		if got := query(t, s, sources.ArticleQuery{}); len(got) != 2 || got[1].Title != a1.Title {
			t.Errorf("stored %v", got)
		}
		// Same URL from another site is skipped, in one batch or across batches.
		b1 := art("b1", "lefigaro", "fr", 2)
		b1.URL = a1.URL
		b2, b3 := art("b2", "lefigaro", "fr", 3), art("b3", "lefigaro", "fr", 4)
		b3.URL = b2.URL
		if n := save(t, s, b1, b2, b3); n != 1 {
			t.Errorf("cross-site save inserted %d, want 1 (only b2)", n)
		}
		// Articles without a URL do not collide with each other.
		c1, c2 := art("c1", "x", "de", 5), art("c2", "x", "de", 6)
		c1.URL, c2.URL = "", ""
		if n := save(t, s, c1, c2); n != 2 {
			t.Errorf("URL-less save inserted %d, want 2", n)
		}
		want := map[string]int64{"lemonde": 2, "lefigaro": 1, "x": 2}
		if got := counts(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("ArticleCounts = %v, want %v", got, want)
		}
		if n := save(t, s); n != 0 {
			t.Errorf("empty save inserted %d", n)
		}
		if _, err := s.SaveArticles(context.Background(), []sources.Article{{URL: "https://no.id/"}}); err == nil {
			t.Error("article without ID: want error")
		}
	})
}

func TestSaveArticlesManyBatches(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		var arts []sources.Article
		for i := range 2*batchSize + 50 {
			arts = append(arts, art(fmt.Sprintf("id%04d", i), "bbc", "gb", i))
		}
		if n := save(t, s, arts...); n != len(arts) {
			t.Fatalf("inserted %d, want %d", n, len(arts))
		}
		// Re-saving with a few new ones inserts only those.
		arts = append(arts, art("new1", "bbc", "gb", -1), art("new2", "bbc", "gb", -2))
		if n := save(t, s, arts...); n != 2 {
			t.Errorf("re-save inserted %d, want 2", n)
		}
		if got := counts(t, s)["bbc"]; got != int64(len(arts)) {
			t.Errorf("count = %d, want %d", got, len(arts))
		}
	})
}

func TestArticlesQuery(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		// "t1" and "t0" share a publication time: ID breaks the tie.
		save(t, s,
			art("f1", "lemonde", "fr", 10),
			art("f2", "lefigaro", "fr", 30),
			art("t1", "lemonde", "fr", 20),
			art("t0", "liberation", "fr", 20),
			art("d1", "spiegel", "de", 25),
			art("f0", "lemonde", "fr", -600),
		)
		cases := []struct {
			q    sources.ArticleQuery
			want []string
		}{
			{sources.ArticleQuery{}, []string{"f2", "d1", "t0", "t1", "f1", "f0"}},
			{sources.ArticleQuery{Country: "fr"}, []string{"f2", "t0", "t1", "f1", "f0"}},
			{sources.ArticleQuery{Country: "de"}, []string{"d1"}},
			{sources.ArticleQuery{Country: "it"}, []string{}},
			{sources.ArticleQuery{Limit: 2}, []string{"f2", "d1"}},
			{sources.ArticleQuery{Country: "fr", Limit: 3}, []string{"f2", "t0", "t1"}},
			{sources.ArticleQuery{SiteIDs: []string{"lemonde", "spiegel"}}, []string{"d1", "t1", "f1", "f0"}},
			// Since is inclusive and compares instants, whatever the zone.
			{sources.ArticleQuery{Since: t0.Add(20 * time.Minute).In(time.FixedZone("X", -5*3600))}, []string{"f2", "d1", "t0", "t1"}},
			{sources.ArticleQuery{Since: t0.Add(20*time.Minute + time.Millisecond)}, []string{"f2", "d1"}},
			{sources.ArticleQuery{Country: "fr", Since: t0, SiteIDs: []string{"lemonde"}}, []string{"t1", "f1"}},
		}
		for _, c := range cases {
			if got := ids(query(t, s, c.q)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Articles(%+v) = %v, want %v", c.q, got, c.want)
			}
		}
	})
}

func TestPruneArticles(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		cutoff := t0
		// old: published and first seen before the cutoff → pruned.
		old := art("old", "a", "fr", -120)
		// backfill: published long ago but first seen after the cutoff → kept.
		backfill := art("backfill", "a", "fr", -120)
		backfill.FirstSeenAt = t0.Add(time.Minute)
		// fresh: recent → kept.
		fresh := art("fresh", "a", "fr", 5)
		// edge: published exactly at the cutoff → kept (strictly older is pruned).
		edge := art("edge", "b", "fr", 0)
		edge.FirstSeenAt = t0.Add(-time.Millisecond)
		// oldB: a minute before, seen a millisecond before → pruned.
		oldB := art("oldb", "b", "fr", -1)
		oldB.FirstSeenAt = t0.Add(-time.Millisecond)
		save(t, s, old, backfill, fresh, edge, oldB)

		n, err := s.PruneArticles(context.Background(), cutoff)
		if err != nil {
			t.Fatalf("PruneArticles: %v", err)
		}
		if n != 2 {
			t.Errorf("pruned %d, want 2", n)
		}
		if got, want := ids(query(t, s, sources.ArticleQuery{})), []string{"fresh", "edge", "backfill"}; !reflect.DeepEqual(got, want) {
			t.Errorf("left %v, want %v", got, want)
		}
		if got, want := counts(t, s), map[string]int64{"a": 2, "b": 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("ArticleCounts = %v, want %v", got, want)
		}
		// A pruned article can be stored again.
		if n := save(t, s, old); n != 1 {
			t.Errorf("re-save of pruned article inserted %d, want 1", n)
		}
	})
}
