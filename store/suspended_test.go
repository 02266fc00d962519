package store

import (
	"context"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
)

func TestPurgeSuspendedKeepsRecentAndActive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, chat := range []string{"gone", "active"} {
			if _, _, err := s.Subscribe(ctx, bot.Subscription{ChatKey: bot.ChatKey{Platform: "telegram", ChatID: chat}, Country: "fr"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.SuspendChat(ctx, bot.ChatKey{Platform: "telegram", ChatID: "gone"}); err != nil {
			t.Fatal(err)
		}
		// Suspended just now: not yet seven days.
		if n, err := s.PurgeSuspended(ctx, time.Now().Add(-7*24*time.Hour)); err != nil || n != 0 {
			t.Fatalf("purge of a fresh suspension = %d, %v; want 0", n, err)
		}
		// Seven days on (the cutoff moves past the suspension).
		if n, err := s.PurgeSuspended(ctx, time.Now().Add(time.Minute)); err != nil || n != 1 {
			t.Fatalf("purge after seven days = %d, %v; want 1", n, err)
		}
		left, err := s.ActiveSubscriptions(ctx, "telegram")
		if err != nil || len(left) != 1 || left[0].ChatID != "active" {
			t.Fatalf("left %+v, %v; want the active subscription only", left, err)
		}
	})
}
