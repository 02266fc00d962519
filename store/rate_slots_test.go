package store

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestReserveSlotSpacesSendsPerKey(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		global := 50 * time.Millisecond
		book := func(chat string) time.Time {
			t.Helper()
			at, err := s.ReserveSlot(ctx, now, map[string]time.Duration{"tg:global": global, "tg:chat:" + chat: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			return at
		}
		if at := book("a"); !at.Equal(now) {
			t.Fatalf("first slot %v, want now", at)
		}
		if at := book("b"); !at.Equal(now.Add(global)) {
			t.Fatalf("other chat: %v, want one global interval later", at)
		}
		if at := book("a"); !at.Equal(now.Add(time.Second)) {
			t.Fatalf("same chat again: %v, want a second after its first", at)
		}
		// Once time has passed the bookings, the slot is now.
		later := now.Add(time.Hour)
		at, err := s.ReserveSlot(ctx, later, map[string]time.Duration{"tg:global": global})
		if err != nil || !at.Equal(later) {
			t.Fatalf("later slot %v, %v; want %v", at, err, later)
		}
	})
}

// Three processes (three connection pools) booking the same global limit
// at once never get two slots closer than its interval.
func TestReserveSlotAcrossProcesses(t *testing.T) {
	forEachSharedBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		first := openStore(t, dsn)
		if err := first.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		stores := []*Store{first, openStore(t, dsn), openStore(t, dsn)}
		now := time.Now()
		const each = 20
		interval := 10 * time.Millisecond
		var mu sync.Mutex
		var slots []time.Time
		var wg sync.WaitGroup
		for _, st := range stores {
			wg.Go(func() {
				for range each {
					at, err := st.ReserveSlot(ctx, now, map[string]time.Duration{"global": interval})
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					slots = append(slots, at)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		slices.SortFunc(slots, func(a, b time.Time) int { return a.Compare(b) })
		if len(slots) != len(stores)*each {
			t.Fatalf("%d slots, want %d", len(slots), len(stores)*each)
		}
		for i := 1; i < len(slots); i++ {
			if gap := slots[i].Sub(slots[i-1]); gap < interval {
				t.Fatalf("slots %d and %d only %v apart", i-1, i, gap)
			}
		}
	})
}
