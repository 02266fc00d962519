package discord

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestShardRetriesBackOffWithJitter: a shard whose gateway connection is
// refused tries again after a wait within the upper half of a doubling
// step (5s, 10s, 20s, … up to 2m), never longer.
func TestShardRetriesBackOffWithJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, gw := newFakeTimeHarness(t, nil)
		h.fake.shards = 1
		gw.mu.Lock()
		gw.refuse = true
		gw.mu.Unlock()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- h.bot.Run(ctx) }()
		time.Sleep(10 * time.Minute) // fake time
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		gw.mu.Lock()
		tried := gw.tried
		gw.mu.Unlock()
		if len(tried) < 6 {
			t.Fatalf("%d connection attempts in 10 minutes", len(tried))
		}
		for i := 1; i < len(tried); i++ {
			step := min(5*time.Second<<(i-1), 2*time.Minute)
			if gap := tried[i].Sub(tried[i-1]); gap < step/2 || gap > step {
				t.Errorf("attempt %d came %v after the last, want within [%v, %v]", i+1, gap, step/2, step)
			}
		}
	})
}
