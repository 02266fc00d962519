package store

import (
	"context"
	"testing"
	"time"
)

func TestOutboxDepthCountsUnfinishedRows(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("Ping = %v", err)
		}
		now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		if _, err := s.EnqueueDeliveries(ctx, dueDeliveries(3, "2026-05-01", now)); err != nil {
			t.Fatal(err)
		}
		if n, err := s.OutboxDepth(ctx); err != nil || n != 3 {
			t.Fatalf("OutboxDepth = %d, %v; want 3", n, err)
		}
		got, err := s.ClaimDeliveries(ctx, "a", now, 1, time.Minute)
		if err != nil || len(got) != 1 {
			t.Fatalf("claim = %v, %v", got, err)
		}
		if n, _ := s.OutboxDepth(ctx); n != 3 {
			t.Fatalf("OutboxDepth with one row leased = %d; want 3", n)
		}
		if err := s.MarkDeliverySent(ctx, got[0].ID, "a", "m1", now); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.OutboxDepth(ctx); n != 2 {
			t.Fatalf("OutboxDepth after a send = %d; want 2", n)
		}
		// A stopping worker releases its unsent claims: due again at once,
		// the interrupted attempt not counted.
		claimed, err := s.ClaimDeliveries(ctx, "a", now, 10, time.Hour)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claim = %v, %v; want 2", claimed, err)
		}
		if n, err := s.ReleaseDeliveries(ctx, "b"); err != nil || n != 0 {
			t.Fatalf("ReleaseDeliveries of another owner = %d, %v; want 0", n, err)
		}
		if n, err := s.ReleaseDeliveries(ctx, "a"); err != nil || n != 2 {
			t.Fatalf("ReleaseDeliveries = %d, %v; want 2", n, err)
		}
		again, err := s.ClaimDeliveries(ctx, "b", now, 10, time.Minute)
		if err != nil || len(again) != 2 || again[0].Attempts != 1 {
			t.Fatalf("claim after release = %+v, %v; want 2 rows at attempt 1", again, err)
		}
	})
}
