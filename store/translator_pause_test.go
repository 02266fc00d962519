package store

import (
	"context"
	"testing"
	"time"
)

// TestTranslatorPause: a provider's pause is stored, replaced and ended,
// per provider, and does not disturb the sending slots of rate_slots.
func TestTranslatorPause(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if until, err := s.TranslatorPausedUntil(ctx, "deepl"); err != nil || !until.IsZero() {
			t.Fatalf("no pause yet: %v, %v", until, err)
		}
		at := time.Date(2026, 11, 30, 6, 5, 0, 0, time.UTC)
		for _, u := range []time.Time{at, at.Add(time.Minute)} {
			if err := s.PauseTranslator(ctx, "deepl", u); err != nil {
				t.Fatal(err)
			}
			if got, err := s.TranslatorPausedUntil(ctx, "deepl"); err != nil || !got.Equal(u) {
				t.Fatalf("paused until %v, %v; want %v", got, err, u)
			}
		}
		if got, _ := s.TranslatorPausedUntil(ctx, "google"); !got.IsZero() {
			t.Errorf("google paused by deepl's pause: %v", got)
		}
		if err := s.PauseTranslator(ctx, "deepl", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.TranslatorPausedUntil(ctx, "deepl"); !got.IsZero() {
			t.Errorf("pause not ended: %v", got)
		}
	})
}
