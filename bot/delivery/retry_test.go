package delivery

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
)

// TestAMorningsRetriesDoNotLineUp: 1,000 chats due at 07:00 whose sends
// all fail at once (half rate-limited with the same retry_after, half
// with a 502) are rescheduled at moments of their own: never before the
// platform's retry_after, nor later than a quarter more; never later than
// the first backoff step, nor sooner than half of it.
func TestAMorningsRetriesDoNotLineUp(t *testing.T) {
	const chats = 1000
	s := &memOutbox{}
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
	if _, err := s.EnqueueDeliveries(ctx, dueDeliveries(chats, "2026-05-01", now)); err != nil {
		t.Fatal(err)
	}
	const retryAfter, step = 7 * time.Second, time.Minute
	msgr := newMessenger()
	msgr.fail = func(chat string, _ int) error {
		if n, _ := strconv.Atoi(chat); n%2 == 0 {
			return &bot.RateLimitError{RetryAfter: retryAfter}
		}
		return errors.New("telegram: 502 Bad Gateway")
	}
	d := &Deliverer{Outbox: s, Digests: &countingDigester{}, Owner: "w", Workers: 8, MaxAttempts: 5, Backoff: step,
		Messengers: map[string]bot.Messenger{"telegram": msgr}, Now: func() time.Time { return now }}
	st, err := d.Drain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Retried != chats {
		t.Fatalf("%d of %d retried (%+v)", st.Retried, chats, st)
	}
	var limited, failed []time.Duration
	for _, r := range s.byStatus(StatusPending) {
		wait := r.NextAttemptAt.Sub(now)
		if n, _ := strconv.Atoi(r.ChatID); n%2 == 0 {
			limited = append(limited, wait)
		} else {
			failed = append(failed, wait)
		}
	}
	for _, g := range []struct {
		name   string
		waits  []time.Duration
		lo, hi time.Duration
	}{{"rate-limited", limited, retryAfter, retryAfter + retryAfter/4}, {"failed", failed, step / 2, step}} {
		slices.Sort(g.waits)
		distinct := len(slices.Compact(slices.Clone(g.waits)))
		t.Logf("%d %s chats retry at %d distinct moments in [%v, %v]", len(g.waits), g.name, distinct, g.waits[0], g.waits[len(g.waits)-1])
		if len(g.waits) != chats/2 || g.waits[0] < g.lo || g.waits[len(g.waits)-1] > g.hi {
			t.Errorf("%d %s chats retry in [%v, %v], want %d in [%v, %v]", len(g.waits), g.name, g.waits[0], g.waits[len(g.waits)-1], chats/2, g.lo, g.hi)
		}
		if distinct < len(g.waits)*99/100 || g.waits[len(g.waits)-1]-g.waits[0] < (g.hi-g.lo)/2 {
			t.Errorf("%s chats retry at only %d distinct moments over %v", g.name, distinct, g.waits[len(g.waits)-1]-g.waits[0])
		}
	}
}
