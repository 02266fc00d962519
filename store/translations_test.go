package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"

	"github.com/go-gormigrate/gormigrate/v2"
	"github.com/worldbrief/worldbrief/translate"
)

func TestArticleTranslationsLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a1, a2, a3 := art("a1", "lemonde", "fr", 0), art("a2", "lemonde", "fr", 5), art("a3", "bbc", "gb", 3)
		a1.Title, a1.OriginalTitle = "Réforme des retraites", "Réforme des retraites"
		a1.Summary, a1.OriginalSummary = "Le gouvernement recule.", "Le gouvernement recule."
		save(t, s, a1, a2, a3)

		pending, err := s.PendingTranslations(ctx, "en", nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := pendingIDs(pending); !slices.Equal(got, []string{"a2", "a3", "a1"}) {
			t.Fatalf("pending newest first = %v", got)
		}
		if p := pending[2]; p.Title != "Réforme des retraites" || p.Summary != "Le gouvernement recule." || p.Language != "fr" {
			t.Fatalf("pending article carries %+v", p)
		}
		if got, _ := s.PendingTranslations(ctx, "en", []string{"bbc"}, 0); !slices.Equal(pendingIDs(got), []string{"a3"}) {
			t.Fatalf("site filter: %v", pendingIDs(got))
		}

		err = s.SaveArticleTranslations(ctx, "en", []translate.ArticleTranslation{
			{ID: "a1", Title: "Pension reform", Summary: "The government backs down.", Source: "fr"},
			{ID: "a3", Title: a3.OriginalTitle, Summary: a3.Summary, Source: "en"},
		})
		if err != nil {
			t.Fatal(err)
		}
		got := query(t, s, sources.ArticleQuery{SiteIDs: []string{"lemonde"}})
		byID := map[string]int{}
		for i, a := range got {
			byID[a.ID] = i
		}
		g1 := got[byID["a1"]]
		if g1.Title != "Pension reform" || g1.OriginalTitle != "Réforme des retraites" ||
			g1.Summary != "The government backs down." || g1.OriginalSummary != "Le gouvernement recule." ||
			g1.TranslatedTo != "en" || g1.SourceLanguage != "fr" {
			t.Fatalf("translated article read back as %+v", g1)
		}
		if g2 := got[byID["a2"]]; g2.TranslatedTo != "" || g2.Title != "Title a2" {
			t.Fatalf("untranslated article changed: %+v", g2)
		}
		pending, _ = s.PendingTranslations(ctx, "en", nil, 0)
		if ids := pendingIDs(pending); !slices.Equal(ids, []string{"a2"}) {
			t.Fatalf("after saving, pending = %v", ids)
		}
		// A partial translation (title only) is shown but stays pending.
		if err := s.SaveArticleTranslations(ctx, "en", []translate.ArticleTranslation{{ID: "a2", Title: "Two", Summary: a2.Summary, Partial: true}}); err != nil {
			t.Fatal(err)
		}
		pending, _ = s.PendingTranslations(ctx, "en", nil, 0)
		if len(pending) != 1 || pending[0].Title != a2.OriginalTitle {
			t.Fatalf("partial: pending %+v", pending)
		}
		if got := query(t, s, sources.ArticleQuery{SiteIDs: []string{"lemonde"}, Limit: 1}); got[0].Title != "Two" || got[0].TranslatedTo != "" {
			t.Fatalf("partial: stored %+v", got[0])
		}
		// Another target language makes everything pending again, from the originals.
		pending, _ = s.PendingTranslations(ctx, "de", nil, 1)
		if len(pending) != 1 || pending[0].ID != "a2" {
			t.Fatalf("limit 1 for de: %v", pendingIDs(pending))
		}
		pending, _ = s.PendingTranslations(ctx, "de", []string{"lemonde"}, 0)
		for _, p := range pending {
			if p.ID == "a1" && (p.Title != "Réforme des retraites" || p.Summary != "Le gouvernement recule.") {
				t.Fatalf("pending for de must carry the originals: %+v", p)
			}
		}
	})
}

func pendingIDs(arts []translate.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

// awkward texts that must survive the cache unchanged.
var awkward = []string{
	"Tom &amp; Jerry &lt;b&gt; — «ça»",
	"Fête 🎉👩‍👩‍👧 in Zürich",
	"ירושלים: הממשלה אישרה את התקציב",
	"الحكومة توافق على الميزانية الجديدة",
	strings.Repeat("Очень длинное резюме. ", 300),
}

func TestTranslationCacheRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var entries []translate.CacheEntry
		var hashes []string
		for i, txt := range awkward {
			h := translate.TextHash(txt)
			hashes = append(hashes, h)
			entries = append(entries, translate.CacheEntry{Hash: h, Text: awkward[len(awkward)-1-i], Detected: "xx"})
		}
		if err := s.CacheTranslations(ctx, "auto", "en", entries); err != nil {
			t.Fatal(err)
		}
		// Storing again keeps the first entry and does not fail.
		if err := s.CacheTranslations(ctx, "auto", "en", []translate.CacheEntry{{Hash: hashes[0], Text: "other"}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.CachedTranslations(ctx, "auto", "en", append(hashes, translate.TextHash("never cached")))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(awkward) {
			t.Fatalf("found %d entries, want %d", len(got), len(awkward))
		}
		for i, h := range hashes {
			if e := got[h]; e.Text != awkward[len(awkward)-1-i] || e.Detected != "xx" {
				t.Errorf("entry %d read back as %q", i, e.Text)
			}
		}
		// The key includes both languages.
		if got, _ := s.CachedTranslations(ctx, "ru", "en", hashes); len(got) != 0 {
			t.Errorf("source language ignored: %d hits", len(got))
		}
		if got, _ := s.CachedTranslations(ctx, "auto", "de", hashes); len(got) != 0 {
			t.Errorf("target language ignored: %d hits", len(got))
		}
	})
}

// TestTranslationCacheSurvivesRestart stores translations, closes the
// database and finds them again from a new Store.
func TestTranslationCacheSurvivesRestart(t *testing.T) {
	forEachSharedBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s1, err := Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s1.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		h := translate.TextHash("Привет, мир")
		if err := s1.CacheTranslations(ctx, "ru", "en", []translate.CacheEntry{{Hash: h, Text: "Hello, world"}}); err != nil {
			t.Fatal(err)
		}
		if err := s1.Close(); err != nil {
			t.Fatal(err)
		}
		s2 := openStore(t, dsn)
		got, err := s2.CachedTranslations(ctx, "ru", "en", []string{h})
		if err != nil || got[h].Text != "Hello, world" {
			t.Fatalf("after restart: %v, %v", got, err)
		}
	})
}

// TestMigration0002KeepsExistingArticles upgrades a database holding
// articles from before translation: their summaries become their
// original summaries and they are all pending.
func TestMigration0002KeepsExistingArticles(t *testing.T) {
	forEachFreshBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		opts := &gormigrate.Options{TableName: migrationsTable, IDColumnName: "id", IDColumnSize: 255, UseTransaction: true}
		if err := gormigrate.New(s.db, opts, migrations()).MigrateTo("0001_feeds_articles"); err != nil {
			t.Fatal(err)
		}
		err := s.db.Exec(`INSERT INTO articles (id, site_id, country, language, title, original_title, summary, published_at, first_seen_at)
			VALUES ('old', 'lemonde', 'fr', 'fr', 'Titre', 'Titre', 'Résumé ancien', ?, ?)`, dbTime(t0), dbTime(t0)).Error
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got := query(t, s, sources.ArticleQuery{})
		if len(got) != 1 || got[0].OriginalSummary != "Résumé ancien" || got[0].TranslatedTo != "" {
			t.Fatalf("after upgrade: %+v", got)
		}
		pending, err := s.PendingTranslations(ctx, "en", nil, 0)
		if err != nil || len(pending) != 1 || pending[0].Summary != "Résumé ancien" {
			t.Fatalf("pending %+v, %v", pending, err)
		}
	})
}

func TestPruneTranslations(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		h := translate.TextHash("vieux")
		if err := s.CacheTranslations(ctx, "fr", "en", []translate.CacheEntry{{Hash: h, Text: "old"}}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.PruneTranslations(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Fatalf("fresh entry pruned: %d, %v", n, err)
		}
		if n, err := s.PruneTranslations(ctx, time.Now().Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("old entry kept: %d, %v", n, err)
		}
		if got, _ := s.CachedTranslations(ctx, "fr", "en", []string{h}); len(got) != 0 {
			t.Fatalf("still cached: %v", got)
		}
	})
}
