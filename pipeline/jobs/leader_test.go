package jobs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// memLeases is an in-memory Leaser with the store's semantics.
type memLeases struct {
	mu     sync.Mutex
	holder string
	until  time.Time
	down   map[string]bool // holders whose database connection is gone
}

func (m *memLeases) AcquireLease(_ context.Context, _, holder string, now time.Time, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down[holder] {
		return false, context.DeadlineExceeded
	}
	if m.holder == holder || now.After(m.until) {
		m.holder, m.until = holder, now.Add(ttl)
		return true, nil
	}
	return false, nil
}

func (m *memLeases) ReleaseLease(_ context.Context, _, holder string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.holder == holder {
		m.holder, m.until = "", time.Time{}
	}
	return nil
}

// TestLeaderOnlyOneRunsAndTakeover runs three processes in fake time:
// one polls at any moment; when it dies another takes over within the
// lease.
func TestLeaderOnlyOneRunsAndTakeover(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		leases := &memLeases{down: map[string]bool{}}
		var running, maxRunning atomic.Int64
		var runs sync.Map
		start := func(holder string) (context.CancelFunc, chan struct{}) {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				_ = Leader(ctx, leases, "telegram-poll", holder, 30*time.Second, nil, func(ctx context.Context) error {
					n := running.Add(1)
					if n > maxRunning.Load() {
						maxRunning.Store(n)
					}
					runs.Store(holder, true)
					<-ctx.Done()
					running.Add(-1)
					return nil
				})
			}()
			return cancel, done
		}
		cancels := map[string]context.CancelFunc{}
		for _, h := range []string{"a", "b", "c"} {
			cancels[h], _ = start(h)
		}
		time.Sleep(5 * time.Minute)
		if running.Load() != 1 {
			t.Fatalf("%d pollers running, want 1", running.Load())
		}
		leases.mu.Lock()
		first := leases.holder
		leases.down[first] = true // the holder loses its database: it must stop
		leases.mu.Unlock()
		time.Sleep(time.Minute)
		leases.mu.Lock()
		second := leases.holder
		leases.mu.Unlock()
		if second == first || second == "" || running.Load() != 1 {
			t.Fatalf("after %s died: holder %q, %d running", first, second, running.Load())
		}
		for _, c := range cancels {
			c()
		}
		time.Sleep(time.Minute)
		if maxRunning.Load() != 1 {
			t.Fatalf("%d pollers ran at once, want 1", maxRunning.Load())
		}
	})
}
