package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// memOutbox is an in-memory Outbox with the ledger's semantics: one row
// per (subscription, date); a claim takes pending rows whose time has come
// and sending rows whose lease ran out, and counts an attempt; only the
// lease owner may record an outcome.
type memOutbox struct {
	mu   sync.Mutex
	rows []Delivery
	// dead, once set, makes every write fail: a process killed mid-way.
	dead atomic.Bool
}

var errLeaseLost = errors.New("lease lost")

func (o *memOutbox) EnqueueDeliveries(_ context.Context, ds []Delivery) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, d := range ds {
		if slices.ContainsFunc(o.rows, func(r Delivery) bool { return r.SubscriptionID == d.SubscriptionID && r.Date == d.Date }) {
			continue
		}
		d.ID, d.Status, d.CreatedAt = int64(len(o.rows)+1), StatusPending, d.NextAttemptAt
		o.rows = append(o.rows, d)
		n++
	}
	return n, nil
}

func (o *memOutbox) ClaimDeliveries(_ context.Context, owner string, now time.Time, limit int, lease time.Duration) ([]Delivery, error) {
	if o.dead.Load() {
		return nil, errors.New("process killed")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Delivery
	for i := range o.rows {
		r := &o.rows[i]
		due := (r.Status == StatusPending && !r.NextAttemptAt.After(now)) || (r.Status == StatusSending && r.LeaseUntil.Before(now))
		if !due || len(out) == limit {
			continue
		}
		r.Status, r.LeaseOwner, r.LeaseUntil = StatusSending, owner, now.Add(lease)
		r.Attempts++
		out = append(out, *r)
	}
	return out, nil
}

// held returns row id when owner still holds its lease.
func (o *memOutbox) held(id int64, owner string) (*Delivery, error) {
	if o.dead.Load() {
		return nil, errors.New("process killed")
	}
	r := &o.rows[id-1]
	if r.Status != StatusSending || r.LeaseOwner != owner {
		return nil, errLeaseLost
	}
	return r, nil
}

func (o *memOutbox) MarkDeliverySent(_ context.Context, id int64, owner, messageID string, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, owner)
	if err != nil {
		return err
	}
	r.Status, r.MessageID, r.SentAt, r.LeaseOwner = StatusSent, messageID, at, ""
	return nil
}

func (o *memOutbox) RetryDelivery(_ context.Context, id int64, owner string, at time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, owner)
	if err != nil {
		return err
	}
	r.Status, r.NextAttemptAt, r.LastError, r.LeaseOwner = StatusPending, at, reason, ""
	return nil
}

func (o *memOutbox) EndDelivery(_ context.Context, id int64, owner, status, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, owner)
	if err != nil {
		return err
	}
	r.Status, r.LastError, r.LeaseOwner = status, reason, ""
	return nil
}

// byStatus returns the rows in status ("" for all).
func (o *memOutbox) byStatus(status string) []Delivery {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Delivery
	for _, r := range o.rows {
		if status == "" || r.Status == status {
			out = append(out, r)
		}
	}
	return out
}

func dueDeliveries(n int, date string, at time.Time) []Delivery {
	ds := make([]Delivery, n)
	for i := range ds {
		ds[i] = Delivery{
			SubscriptionID: int64(i + 1), ChatKey: bot.ChatKey{Platform: "telegram", ChatID: fmt.Sprint(1000 + i)},
			Country: "fr", Date: date, NextAttemptAt: at,
		}
	}
	return ds
}

// TestDeliveryCrashSafety kills a worker (its ctx ends and it writes
// nothing more) after 300 of 1,000 due digests; a restarted worker takes
// the abandoned claims over after their lease: every chat gets its
// digest, and duplicates are at most the sends in flight at the kill.
func TestDeliveryCrashSafety(t *testing.T) {
	{
		s := &memOutbox{}
		const n, workers = 1000, 8
		start := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		if _, err := s.EnqueueDeliveries(context.Background(), dueDeliveries(n, "2026-05-01", start)); err != nil {
			t.Fatal(err)
		}
		ctx, kill := context.WithCancel(context.Background())
		defer kill()
		ob := s
		msgr := newMessenger()
		msgr.after = func(total int) {
			if total == 300 {
				ob.dead.Store(true)
				kill()
			}
		}
		first := &Deliverer{Outbox: ob, Digests: &countingDigester{}, Owner: "first", Workers: workers, Batch: 50,
			Lease: time.Minute, Messengers: map[string]bot.Messenger{"telegram": msgr}, Now: func() time.Time { return start }}
		if _, err := first.Drain(ctx); err == nil {
			t.Fatal("the killed worker's Drain returned no error")
		}
		msgr.after = nil
		ob.dead.Store(false) // a new process over the same ledger
		restarted := &Deliverer{Outbox: s, Digests: &countingDigester{}, Owner: "second", Workers: workers, Batch: 50,
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
		pending := s.byStatus(StatusPending)
		sending := s.byStatus(StatusSending)
		if len(pending)+len(sending) != 0 {
			t.Fatalf("%d pending, %d sending left", len(pending), len(sending))
		}
	}
}

// TestDeliveryOutcomes maps each kind of send error to what the ledger
// records, and builds each country's digest once.
func TestDeliveryOutcomes(t *testing.T) {
	{
		s := &memOutbox{}
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
		mk := func(id int64, chat, country string, exclude ...string) Delivery {
			return Delivery{SubscriptionID: id, ChatKey: bot.ChatKey{Platform: "telegram", ChatID: chat},
				Country: country, Exclude: exclude, Date: "2026-05-01", NextAttemptAt: now}
		}
		ds := []Delivery{mk(1, "ok", "fr"), mk(2, "gone", "fr"), mk(3, "flaky", "de"), mk(4, "limited", "de"),
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
		d := &Deliverer{Outbox: s, Digests: dg, Owner: "w", Workers: 4, MaxAttempts: 3, Backoff: time.Minute,
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
		byChat := map[string]Delivery{}
		all := s.byStatus("")
		for _, x := range all {
			byChat[x.ChatID] = x
		}
		for chat, want := range map[string]string{"ok": StatusSent, "gone": StatusSuspended,
			"flaky": StatusSent, "limited": StatusSent, "broken": StatusFailed, "many7": StatusSent} {
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
	}
}

// TestDeliveryLinksThePage: with PageURL set, every digest sent ends with
// the link to its day's web page; without it, with none.
func TestDeliveryLinksThePage(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
	for _, page := range []bool{true, false} {
		s := &memOutbox{}
		ds := []Delivery{{SubscriptionID: 1, ChatKey: bot.ChatKey{Platform: "telegram", ChatID: "a"}, Country: "fr", Date: "2026-05-01", NextAttemptAt: now}}
		if _, err := s.EnqueueDeliveries(ctx, ds); err != nil {
			t.Fatal(err)
		}
		msgr := newMessenger()
		d := &Deliverer{Outbox: s, Digests: &countingDigester{}, Owner: "w", Messengers: map[string]bot.Messenger{"telegram": msgr},
			Now: func() time.Time { return now }}
		if page {
			d.PageURL = func(country, date string) string { return "https://news.example/" + country + "/" + date }
		}
		if _, err := d.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		got := msgr.sent["a"]
		link := "All takes and sources: https://news.example/fr/2026-05-01"
		if len(got) != 1 || strings.HasSuffix(got[0], link) != page {
			t.Errorf("PageURL set %v: sent %q", page, got)
		}
	}
}
