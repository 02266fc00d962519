package store

import (
	"context"
	"testing"
	"time"
)

func TestLeaseOneHolderTakenOverWhenItLapses(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		acquire := func(holder string, at time.Time) bool {
			t.Helper()
			ok, err := s.AcquireLease(ctx, "telegram-poll", holder, at, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !acquire("a", now) {
			t.Fatal("a could not take a free lease")
		}
		if acquire("b", now.Add(30*time.Second)) {
			t.Fatal("b took a lease a still holds")
		}
		if !acquire("a", now.Add(50*time.Second)) {
			t.Fatal("a could not renew its lease")
		}
		if acquire("b", now.Add(100*time.Second)) {
			t.Fatal("b took a renewed lease before it lapsed")
		}
		// a dies: no renewal; b takes over after the lease.
		if !acquire("b", now.Add(111*time.Second)) {
			t.Fatal("b did not take over a lapsed lease")
		}
		if acquire("a", now.Add(112*time.Second)) {
			t.Fatal("a came back and took b's lease")
		}
		if err := s.ReleaseLease(ctx, "telegram-poll", "b"); err != nil {
			t.Fatal(err)
		}
		if !acquire("a", now.Add(113*time.Second)) {
			t.Fatal("a could not take a released lease")
		}
	})
}
