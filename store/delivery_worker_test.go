package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/digest"
)

// countingDigester builds a two-story digest and counts builds.
type countingDigester struct{ builds atomic.Int64 }

func (c *countingDigester) Digest(_ context.Context, country string) (digest.Digest, error) {
	c.builds.Add(1)
	return digest.Digest{Country: country, Date: "2026-05-01", Stories: []digest.Story{
		{Headline: "Budget passes"}, {Headline: "Football final tonight"},
	}}, nil
}

// recordingMessenger records the texts sent to each chat; fail, when
// set, decides an error per chat and attempt.
type recordingMessenger struct {
	mu    sync.Mutex
	sent  map[string][]string
	calls map[string]int
	fail  func(chat string, call int) error
	after func(n int) // called after each successful send with the total
	total int
}

func (m *recordingMessenger) Send(ctx context.Context, chatID, _ string, msg bot.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	m.calls[chatID]++
	call := m.calls[chatID]
	m.mu.Unlock()
	if m.fail != nil {
		if err := m.fail(chatID, call); err != nil {
			return err
		}
	}
	var text []string
	for _, b := range msg.Blocks {
		text = append(text, b.PlainText())
	}
	m.mu.Lock()
	m.sent[chatID] = append(m.sent[chatID], strings.Join(text, "\n"))
	m.total++
	n := m.total
	m.mu.Unlock()
	if m.after != nil {
		m.after(n)
	}
	return nil
}

func newMessenger() *recordingMessenger {
	return &recordingMessenger{sent: map[string][]string{}, calls: map[string]int{}}
}

// deadOutbox stops writing once dead is set: a process killed mid-way.
type deadOutbox struct {
	*Store
	dead atomic.Bool
}

func (o *deadOutbox) MarkDeliverySent(ctx context.Context, id int64, owner, mid string, at time.Time) error {
	if o.dead.Load() {
		return errors.New("process killed")
	}
	return o.Store.MarkDeliverySent(ctx, id, owner, mid, at)
}

func (o *deadOutbox) ClaimDeliveries(ctx context.Context, owner string, now time.Time, limit int, lease time.Duration) ([]bot.Delivery, error) {
	if o.dead.Load() {
		return nil, errors.New("process killed")
	}
	return o.Store.ClaimDeliveries(ctx, owner, now, limit, lease)
}

// TestDeliveryCrashSafety kills a worker (its ctx ends and it writes
// nothing more) after 300 of 1,000 due digests; a restarted worker takes
// the abandoned claims over after their lease: every chat gets its
// digest, and duplicates are at most the sends in flight at the kill.
func TestDeliveryCrashSafety(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		const n, workers = 1000, 8
		start := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		if _, err := s.EnqueueDeliveries(context.Background(), dueDeliveries(n, "2026-05-01", start)); err != nil {
			t.Fatal(err)
		}
		ctx, kill := context.WithCancel(context.Background())
		defer kill()
		ob := &deadOutbox{Store: s}
		msgr := newMessenger()
		msgr.after = func(total int) {
			if total == 300 {
				ob.dead.Store(true)
				kill()
			}
		}
		first := &bot.Deliverer{Outbox: ob, Digests: &countingDigester{}, Owner: "first", Workers: workers, Batch: 50,
			Lease: time.Minute, Messengers: map[string]bot.Messenger{"telegram": msgr}, Now: func() time.Time { return start }}
		if _, err := first.Drain(ctx); err == nil {
			t.Fatal("the killed worker's Drain returned no error")
		}
		msgr.after = nil
		restarted := &bot.Deliverer{Outbox: s, Digests: &countingDigester{}, Owner: "second", Workers: workers, Batch: 50,
			Lease: time.Minute, Messengers: map[string]bot.Messenger{"telegram": msgr},
			Now: func() time.Time { return start.Add(2 * time.Minute) }}
		if _, err := restarted.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		dups := 0
		for i := range n {
			c := len(msgr.sent[fmt.Sprint(1000+i)])
			if c == 0 {
				t.Fatalf("chat %d never received its digest", 1000+i)
			}
			dups += c - 1
		}
		// Sends finished after the kill but unrecorded: at most one per
		// worker, plus the batch claimed but not yet started is resent
		// only if it had been sent, which it had not.
		if dups > workers {
			t.Fatalf("%d duplicate digests, more than the %d sends in flight", dups, workers)
		}
		t.Logf("duplicates after the kill: %d (in flight: ≤ %d)", dups, workers)
		pending, _ := s.Deliveries(context.Background(), bot.DeliveryFilter{Status: bot.DeliveryPending})
		sending, _ := s.Deliveries(context.Background(), bot.DeliveryFilter{Status: bot.DeliverySending})
		if len(pending)+len(sending) != 0 {
			t.Fatalf("%d pending, %d sending left", len(pending), len(sending))
		}
	})
}

// TestDeliveryOutcomes maps each kind of send error to what the ledger
// records, and builds each country's digest once.
func TestDeliveryOutcomes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		mk := func(id int64, chat, country string, exclude ...string) bot.Delivery {
			return bot.Delivery{SubscriptionID: id, ChatKey: bot.ChatKey{Platform: "telegram", ChatID: chat},
				Country: country, Exclude: exclude, Date: "2026-05-01", NextAttemptAt: now}
		}
		ds := []bot.Delivery{mk(1, "ok", "fr"), mk(2, "gone", "fr"), mk(3, "flaky", "de"), mk(4, "limited", "de"),
			mk(5, "broken", "fr"), mk(6, "nofootball", "fr", "football")}
		for i := range 20 {
			ds = append(ds, mk(int64(100+i), fmt.Sprint("many", i), []string{"fr", "de"}[i%2]))
		}
		if _, err := s.EnqueueDeliveries(ctx, ds); err != nil {
			t.Fatal(err)
		}
		msgr := newMessenger()
		msgr.fail = func(chat string, call int) error {
			switch {
			case chat == "gone":
				return fmt.Errorf("telegram: 403 Forbidden: bot was blocked by the user: %w", bot.ErrChatGone)
			case chat == "flaky" && call <= 2:
				return errors.New("telegram: 502 Bad Gateway")
			case chat == "limited" && call == 1:
				return &bot.RateLimitError{RetryAfter: 7 * time.Second}
			case chat == "broken":
				return errors.New("telegram: 500 Internal Server Error")
			}
			return nil
		}
		clock := now
		dg := &countingDigester{}
		d := &bot.Deliverer{Outbox: s, Digests: dg, Owner: "w", Workers: 4, MaxAttempts: 3, Backoff: time.Minute,
			Messengers: map[string]bot.Messenger{"telegram": msgr}, Now: func() time.Time { return clock }}
		st, err := d.Drain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if dg.builds.Load() != 2 || st.Builds != 2 {
			t.Errorf("digests built %d times (stats %d) for 2 countries and 26 chats; want 2", dg.builds.Load(), st.Builds)
		}
		// Backoff: 1m after the first failure, 2m after the second.
		for _, step := range []time.Duration{7 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute} {
			clock = clock.Add(step)
			if _, err := d.Drain(ctx); err != nil {
				t.Fatal(err)
			}
		}
		byChat := map[string]bot.Delivery{}
		all, _ := s.Deliveries(ctx, bot.DeliveryFilter{})
		for _, x := range all {
			byChat[x.ChatID] = x
		}
		for chat, want := range map[string]string{"ok": bot.DeliverySent, "gone": bot.DeliverySuspended,
			"flaky": bot.DeliverySent, "limited": bot.DeliverySent, "broken": bot.DeliveryFailed, "many7": bot.DeliverySent} {
			if got := byChat[chat].Status; got != want {
				t.Errorf("%s: status %s, want %s (%+v)", chat, got, want, byChat[chat])
			}
		}
		if b := byChat["broken"]; b.Attempts != 3 || !strings.Contains(b.LastError, "500") {
			t.Errorf("broken: %d attempts, reason %q; want 3 and the 500", b.Attempts, b.LastError)
		}
		if f := byChat["flaky"]; f.Attempts != 3 {
			t.Errorf("flaky: sent after %d attempts, want 3", f.Attempts)
		}
		if got := msgr.sent["nofootball"]; len(got) != 1 || strings.Contains(got[0], "Football") || !strings.Contains(got[0], "Budget") {
			t.Errorf("filtered chat got %q; want the budget story without football", got)
		}
		if got := msgr.sent["ok"]; len(got) != 1 || !strings.Contains(got[0], "Football") {
			t.Errorf("unfiltered chat got %q", got)
		}
	})
}

// A suspended chat is re-checked at its next morning: while it still
// refuses, it stays suspended (and its purge clock keeps running); once a
// digest goes through, its subscription is active again.
func TestSuspendedChatIsRecheckedAndReactivated(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		chat := bot.ChatKey{Platform: "telegram", ChatID: "42"}
		if _, _, err := s.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "fr"}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.SuspendChat(ctx, chat); err != nil || n != 1 {
			t.Fatalf("suspend = %d, %v", n, err)
		}
		blocked := true
		msgr := newMessenger()
		msgr.fail = func(string, int) error {
			if blocked {
				return fmt.Errorf("telegram: 403 Forbidden: bot was blocked by the user: %w", bot.ErrChatGone)
			}
			return nil
		}
		clock := time.Now().Add(48 * time.Hour)
		d := &bot.Deliverer{Outbox: s, Digests: &countingDigester{}, Owner: "w", Workers: 1,
			Messengers: map[string]bot.Messenger{"telegram": msgr}, Now: func() time.Time { return clock }}
		morning := func() string {
			t.Helper()
			subs, err := s.DeliverableSubscriptions(ctx, "telegram")
			if err != nil || len(subs) != 1 {
				t.Fatalf("deliverable = %v, %v; want the suspended subscription", subs, err)
			}
			due, bad := bot.DueDeliveries(subs, clock)
			if len(due) != 1 || len(bad) != 0 {
				t.Fatalf("due = %v, %v", due, bad)
			}
			if _, err := s.EnqueueDeliveries(ctx, due); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			subs, _ = s.Subscriptions(ctx, chat)
			return subs[0].Status
		}
		if got := morning(); got != bot.StatusSuspended {
			t.Fatalf("still blocked: status %q, want suspended", got)
		}
		if active, _ := s.ActiveSubscriptions(ctx, "telegram"); len(active) != 0 {
			t.Fatalf("a refused re-check made the subscription active: %+v", active)
		}
		blocked, clock = false, clock.Add(24*time.Hour)
		if got := morning(); got != bot.StatusActive {
			t.Fatalf("unblocked: status %q, want active again", got)
		}
		if len(msgr.sent["42"]) != 1 {
			t.Fatalf("sent %d digests after unblocking, want 1", len(msgr.sent["42"]))
		}
	})
}
