package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/worldbrief/worldbrief/translate"
)

func TestTranslationBudgetNeverExceedsItsLimit(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		got, err := s.ReserveTranslationChars(ctx, "mymemory", "2026-05-01", 3000, 5000)
		if err != nil || got != 3000 {
			t.Fatalf("first reserve = %d, %v; want 3000", got, err)
		}
		got, err = s.ReserveTranslationChars(ctx, "mymemory", "2026-05-01", 3000, 5000)
		if err != nil || got != 2000 {
			t.Fatalf("second reserve = %d, %v; want the 2000 left", got, err)
		}
		if got, _ := s.ReserveTranslationChars(ctx, "mymemory", "2026-05-01", 10, 5000); got != 0 {
			t.Fatalf("reserve on a spent day = %d, want 0", got)
		}
		// Another day and another provider have budgets of their own.
		if got, _ := s.ReserveTranslationChars(ctx, "mymemory", "2026-05-02", 10, 5000); got != 10 {
			t.Fatalf("next day = %d, want 10", got)
		}
		if got, _ := s.ReserveTranslationChars(ctx, "deepl", "2026-05-01", 10, 5000); got != 10 {
			t.Fatalf("other provider = %d, want 10", got)
		}
		// Characters given back can be booked again; a refund never goes below zero.
		if err := s.AddTranslationUsage(ctx, "mymemory", "2026-05-01", -500, 0); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ReserveTranslationChars(ctx, "mymemory", "2026-05-01", 800, 5000); got != 500 {
			t.Fatalf("after a refund of 500: %d, want 500", got)
		}
		if err := s.AddTranslationUsage(ctx, "deepl", "2026-05-01", -1000, 7); err != nil {
			t.Fatal(err)
		}
		u, err := s.TranslationUsage(ctx, "deepl", "2026-05-01")
		if err != nil || u != (translate.Usage{Chars: 0, Tokens: 7}) {
			t.Fatalf("deepl usage = %+v, %v; want 0 chars, 7 tokens", u, err)
		}
		u, err = s.TranslationUsage(ctx, "google", "2026-05-01")
		if err != nil || u != (translate.Usage{}) {
			t.Fatalf("unused provider = %+v, %v; want zero", u, err)
		}
		// No limit: everything is granted and counted.
		if got, _ := s.ReserveTranslationChars(ctx, "libretranslate", "2026-05-01", 1_000_000, 0); got != 1_000_000 {
			t.Fatalf("unlimited = %d", got)
		}
	})
}

// Three processes (three connection pools) spending one budget at once
// book exactly the budget, never more.
func TestTranslationBudgetSharedAcrossProcesses(t *testing.T) {
	forEachSharedBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		first := openStore(t, dsn)
		if err := first.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		stores := []*Store{first, openStore(t, dsn), openStore(t, dsn)}
		const limit, each, want = 10_000, 40, 130
		var granted atomic.Int64
		var wg sync.WaitGroup
		for _, st := range stores {
			for range 2 {
				wg.Go(func() {
					for range each {
						got, err := st.ReserveTranslationChars(ctx, "mymemory", "2026-05-01", want, limit)
						if err != nil {
							t.Error(err)
							return
						}
						granted.Add(got)
					}
				})
			}
		}
		wg.Wait()
		u, err := first.TranslationUsage(ctx, "mymemory", "2026-05-01")
		if err != nil {
			t.Fatal(err)
		}
		// 3 × 2 × 40 × 130 = 31,200 asked for: the limit is reached exactly.
		if granted.Load() != limit || u.Chars != limit {
			t.Fatalf("granted %d, counted %d; want both %d", granted.Load(), u.Chars, limit)
		}
	})
}

func TestPendingTranslationsOf(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a1, a2, a3 := art("a1", "lemonde", "fr", 0), art("a2", "lemonde", "fr", 5), art("a3", "bbc", "gb", 3)
		a1.OriginalTitle = "Réforme des retraites"
		save(t, s, a1, a2, a3)
		if err := s.SaveArticleTranslations(ctx, "en", []translate.ArticleTranslation{{ID: "a2", Title: "Two", Source: "fr"}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.PendingTranslationsOf(ctx, "en", []string{"a1", "a2", "missing"})
		if err != nil || len(got) != 1 || got[0].ID != "a1" || got[0].Title != "Réforme des retraites" || got[0].TitleDone {
			t.Fatalf("pending of a1, a2, missing = %+v, %v; want a1 alone, with its original title", got, err)
		}
		// A take's headline translated alone: the article still waits for
		// its summary, and says its title is done.
		if err := s.SaveArticleTranslations(ctx, "en", []translate.ArticleTranslation{{ID: "a1", Title: "Pension reform", Summary: a1.Summary, Source: "fr", Partial: true}}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.PendingTranslationsOf(ctx, "en", []string{"a1"})
		if len(got) != 1 || !got[0].TitleDone || got[0].Title != "Réforme des retraites" {
			t.Fatalf("after a title-only translation: %+v", got)
		}
	})
}
