package pace

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestRedialBacksOffWithJitter: each failed dial is followed by a wait
// within the upper half of a doubling step (1s, 2s, 4s, … up to a
// minute), and a rejected token ends the loop at once.
func TestRedialBacksOffWithJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var at []time.Time
		err := Redial(t.Context(), nil, "Test", func(context.Context) error {
			at = append(at, time.Now())
			if len(at) < 9 {
				return errors.New("connection refused")
			}
			return nil
		}, nil)
		if err != nil || len(at) != 9 {
			t.Fatalf("Redial = %v after %d dials, want nil after 9", err, len(at))
		}
		for i := 1; i < len(at); i++ {
			step := min(time.Second<<(i-1), time.Minute)
			if gap := at[i].Sub(at[i-1]); gap < step/2 || gap > step {
				t.Errorf("dial %d came %v after the last, want within [%v, %v]", i+1, gap, step/2, step)
			}
		}
		rejected := errors.New("token rejected")
		n := 0
		err = Redial(t.Context(), nil, "Test", func(context.Context) error { n++; return errors.New("401") },
			func(error) error { return rejected })
		if !errors.Is(err, rejected) || n != 1 {
			t.Errorf("Redial with a fatal failure = %v after %d dials", err, n)
		}
	})
}

// TestReplicasRestartingTogetherRedialApart: 1,000 replicas that failed
// to reach the platform at the same instant redial at moments of their
// own, not in one burst one second later.
func TestReplicasRestartingTogetherRedialApart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const replicas = 1000
		start := time.Now()
		var mu sync.Mutex
		var second []time.Duration
		var wg sync.WaitGroup
		for range replicas {
			wg.Go(func() {
				dials := 0
				_ = Redial(t.Context(), nil, "Test", func(context.Context) error {
					if dials++; dials == 1 {
						return errors.New("connection refused")
					}
					mu.Lock()
					second = append(second, time.Since(start))
					mu.Unlock()
					return nil
				}, nil)
			})
		}
		wg.Wait()
		slices.Sort(second)
		distinct := len(slices.Compact(slices.Clone(second)))
		t.Logf("%d replicas' first redial: %d distinct moments in [%v, %v]", replicas, distinct, second[0], second[replicas-1])
		if distinct < replicas*99/100 || second[replicas-1]-second[0] < 400*time.Millisecond {
			t.Errorf("%d replicas redialled at %d distinct moments spanning %v", replicas, distinct, second[replicas-1]-second[0])
		}
	})
}

// TestRedialStopsWithItsContext: a cancelled ctx ends the wait between
// dials and Redial returns nil.
func TestRedialStopsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() {
			done <- Redial(ctx, nil, "Test", func(context.Context) error { return errors.New("down") }, nil)
		}()
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Redial = %v after cancel", err)
		}
	})
}
