package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/worldbrief/worldbrief/bot/bottest"
)

// TestSchedulerFakeTime runs an hour of cron in fake time: a minute job
// runs every minute, a panicking job is recovered, logged and runs
// again, and a job slower than its interval never overlaps itself.
func TestSchedulerFakeTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bottest.Buffer
		s := New(slog.New(slog.NewTextHandler(&logs, nil)))
		var ticks, panics, slow, running, overlaps atomic.Int64
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.Add("tick", "* * * * *", func(context.Context) error { ticks.Add(1); return nil }))
		must(s.Add("boom", "@every 10m", func(context.Context) error { panics.Add(1); panic("boom") }))
		must(s.Add("slow", "* * * * *", func(ctx context.Context) error {
			if running.Add(1) > 1 {
				overlaps.Add(1)
			}
			defer running.Add(-1)
			slow.Add(1)
			select {
			case <-time.After(150 * time.Second): // spans three ticks
			case <-ctx.Done():
			}
			return nil
		}))
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { _ = s.Run(ctx); close(done) }()
		time.Sleep(time.Hour + time.Second) // fake time: returns at once
		cancel()
		<-done
		if n := ticks.Load(); n < 59 || n > 61 {
			t.Errorf("minute job ran %d times in an hour", n)
		}
		if n := panics.Load(); n != 6 {
			t.Errorf("panicking job ran %d times in an hour, want 6 (recovered each time)", n)
		}
		if !strings.Contains(logs.String(), "boom") {
			t.Errorf("recovered panic not logged: %s", logs.String())
		}
		if overlaps.Load() != 0 {
			t.Errorf("slow job overlapped itself %d times", overlaps.Load())
		}
		if n := slow.Load(); n < 15 || n > 25 {
			t.Errorf("slow job (2.5 min, every minute) ran %d times in an hour, want about 20", n)
		}
	})
}

func TestSlotSpreadsEveryKeyOncePerInterval(t *testing.T) {
	const slots = 30
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]int{}
	perTick := map[int]int{}
	for i := range slots {
		now := start.Add(time.Duration(i) * time.Minute)
		for k := range 300 {
			key := fmt.Sprint("site", k)
			if Slot(key, now, time.Minute, slots) {
				seen[key]++
				perTick[i]++
			}
		}
	}
	for k := range 300 {
		if c := seen[fmt.Sprint("site", k)]; c != 1 {
			t.Fatalf("site%d picked %d times in one interval, want 1", k, c)
		}
	}
	for i, n := range perTick {
		if n > 30 {
			t.Errorf("tick %d fetches %d of 300 sites: not spread", i, n)
		}
	}
}
