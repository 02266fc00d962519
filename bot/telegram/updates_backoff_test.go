package telegram

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestPollingBacksOffWithJitter: failing getUpdates calls are retried
// after a wait within the upper half of a doubling step (1s, 2s, 4s, …);
// a 429 waits its retry_after, at most a quarter more, without growing
// the backoff.
func TestPollingBacksOffWithJitter(t *testing.T) { synctest.Test(t, testPollingBacksOffWithJitter) }

func testPollingBacksOffWithJitter(t *testing.T) {
	h := newFakeTimeHarness(t)
	bad := failure{502, "Bad Gateway", nil}
	h.api.mu.Lock()
	h.api.failPoll = []failure{bad, bad, bad, {429, "Too Many Requests: retry after 2", map[string]any{"retry_after": 2}}, bad}
	h.api.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.Run(ctx) }()
	time.Sleep(time.Minute) // fake time: the bubble's clock
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	h.api.mu.Lock()
	at := h.api.pollAt
	h.api.mu.Unlock()
	want := []struct{ lo, hi time.Duration }{
		{500 * time.Millisecond, time.Second}, {time.Second, 2 * time.Second}, {2 * time.Second, 4 * time.Second},
		{2 * time.Second, 2500 * time.Millisecond}, // the 429's retry_after
		{4 * time.Second, 8 * time.Second},
	}
	if len(at) <= len(want) {
		t.Fatalf("%d getUpdates calls, want more than %d", len(at), len(want))
	}
	for i, w := range want {
		if gap := at[i+1].Sub(at[i]); gap < w.lo || gap > w.hi {
			t.Errorf("getUpdates %d came %v after the last, want within [%v, %v]", i+2, gap, w.lo, w.hi)
		}
	}
}
