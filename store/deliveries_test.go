package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
)

func dueDeliveries(n int, date string, at time.Time) []delivery.Delivery {
	ds := make([]delivery.Delivery, n)
	for i := range ds {
		ds[i] = delivery.Delivery{
			SubscriptionID: int64(i + 1), ChatKey: bot.ChatKey{Platform: "telegram", ChatID: fmt.Sprint(1000 + i)},
			Country: "fr", Date: date, NextAttemptAt: at,
		}
	}
	return ds
}

func TestDeliveriesEnqueueOncePerSubscriptionAndDate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		if n, err := s.EnqueueDeliveries(ctx, dueDeliveries(3, "2026-05-01", now)); err != nil || n != 3 {
			t.Fatalf("first enqueue = %d, %v; want 3 new", n, err)
		}
		// A second tick (or a second process) enqueues the same mornings.
		if n, err := s.EnqueueDeliveries(ctx, dueDeliveries(3, "2026-05-01", now)); err != nil || n != 0 {
			t.Fatalf("second enqueue = %d, %v; want 0 new", n, err)
		}
		if n, err := s.EnqueueDeliveries(ctx, dueDeliveries(1, "2026-05-02", now)); err != nil || n != 1 {
			t.Fatalf("next day's enqueue = %d, %v; want 1 new", n, err)
		}
		all, err := s.Deliveries(ctx, delivery.Filter{Date: "2026-05-01", Status: delivery.StatusPending})
		if err != nil || len(all) != 3 {
			t.Fatalf("pending on 2026-05-01: %d, %v; want 3", len(all), err)
		}
	})
}

func TestDeliveriesLeaseRetryAndFailure(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		if _, err := s.EnqueueDeliveries(ctx, dueDeliveries(2, "2026-05-01", now.Add(time.Minute))); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimDeliveries(ctx, "a", now, 10, time.Minute); len(got) != 0 {
			t.Fatalf("claimed %d deliveries before they were due", len(got))
		}
		now = now.Add(time.Minute)
		got, err := s.ClaimDeliveries(ctx, "a", now, 10, time.Minute)
		if err != nil || len(got) != 2 || got[0].Attempts != 1 || got[0].Status != delivery.StatusSending {
			t.Fatalf("claim = %+v, %v; want 2 sending rows at attempt 1", got, err)
		}
		if again, _ := s.ClaimDeliveries(ctx, "b", now.Add(30*time.Second), 10, time.Minute); len(again) != 0 {
			t.Fatalf("worker b claimed %d rows still leased to a", len(again))
		}
		// Worker a dies; after its lease b takes the rows over.
		taken, err := s.ClaimDeliveries(ctx, "b", now.Add(61*time.Second), 10, time.Minute)
		if err != nil || len(taken) != 2 || taken[0].Attempts != 2 {
			t.Fatalf("takeover = %+v, %v; want both rows at attempt 2", taken, err)
		}
		if err := s.MarkDeliverySent(ctx, got[0].ID, "a", "m1", now); !errors.Is(err, ErrLeaseLost) {
			t.Fatalf("stale worker's MarkDeliverySent = %v, want ErrLeaseLost", err)
		}
		if err := s.MarkDeliverySent(ctx, taken[0].ID, "b", "42", now); err != nil {
			t.Fatal(err)
		}
		retryAt := now.Add(10 * time.Minute)
		if err := s.RetryDelivery(ctx, taken[1].ID, "b", retryAt, "telegram: 502"); err != nil {
			t.Fatal(err)
		}
		if early, _ := s.ClaimDeliveries(ctx, "c", retryAt.Add(-time.Second), 10, time.Minute); len(early) != 0 {
			t.Fatal("a retried delivery was claimed before its backoff ended")
		}
		late, err := s.ClaimDeliveries(ctx, "c", retryAt, 10, time.Minute)
		if err != nil || len(late) != 1 || late[0].Attempts != 3 || late[0].LastError != "telegram: 502" {
			t.Fatalf("claim after backoff = %+v, %v", late, err)
		}
		if err := s.EndDelivery(ctx, late[0].ID, "c", delivery.StatusFailed, "gave up after 3 attempts: telegram: 502"); err != nil {
			t.Fatal(err)
		}
		sent, _ := s.Deliveries(ctx, delivery.Filter{Status: delivery.StatusSent})
		failed, _ := s.Deliveries(ctx, delivery.Filter{Status: delivery.StatusFailed})
		if len(sent) != 1 || sent[0].MessageID != "42" || sent[0].SentAt.IsZero() {
			t.Errorf("sent = %+v; want one with message id 42", sent)
		}
		if len(failed) != 1 || failed[0].LastError == "" {
			t.Errorf("failed = %+v; want one with its reason", failed)
		}
	})
}

// TestDeliveriesThreeProcessesNoDuplicates runs three Stores (three
// connection pools, as three serve processes would have) on one database
// against 5,000 due deliveries: every one is claimed and sent once.
func TestDeliveriesThreeProcessesNoDuplicates(t *testing.T) {
	n := 5000
	if testing.Short() {
		n = 1000
	}
	forEachSharedBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		first := openStore(t, dsn)
		if err := first.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		if _, err := first.EnqueueDeliveries(ctx, dueDeliveries(n, "2026-05-01", now)); err != nil {
			t.Fatal(err)
		}
		stores := []*Store{first, openStore(t, dsn), openStore(t, dsn)}
		var mu sync.Mutex
		sends := map[int64]int{}
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for p, s := range stores {
			for w := range 4 {
				wg.Add(1)
				go func(owner string) {
					defer wg.Done()
					for {
						got, err := s.ClaimDeliveries(ctx, owner, now, 50, time.Hour)
						if err != nil {
							errs <- err
							return
						}
						if len(got) == 0 {
							return
						}
						for _, d := range got {
							mu.Lock()
							sends[d.ID]++
							mu.Unlock()
							if err := s.MarkDeliverySent(ctx, d.ID, owner, "m", now); err != nil {
								errs <- err
								return
							}
						}
					}
				}(fmt.Sprintf("p%d-w%d", p, w))
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		dups := 0
		for _, c := range sends {
			if c > 1 {
				dups++
			}
		}
		sent, _ := first.Deliveries(ctx, delivery.Filter{Status: delivery.StatusSent})
		if dups != 0 || len(sends) != n || len(sent) != n {
			t.Fatalf("%d deliveries sent more than once, %d claimed, %d marked sent; want 0, %d, %d", dups, len(sends), len(sent), n, n)
		}
	})
}
