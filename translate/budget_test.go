package translate

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// upperTranslator upper-cases every text and records what it was sent.
type upperTranslator struct {
	mu   sync.Mutex
	sent []string
	fail map[string]bool // texts answered with an empty result
}

func (u *upperTranslator) Translate(_ context.Context, req Request) ([]Result, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := make([]Result, len(req.Texts))
	for i, t := range req.Texts {
		u.sent = append(u.sent, t)
		if !u.fail[t] {
			out[i] = Result{Text: strings.ToUpper(t)}
		}
	}
	return out, nil
}

// clock is a settable fake clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newBudget(daily int64, c *clock, log *slog.Logger) *Budget {
	return &Budget{Ledger: NewMemoryLedger(), Provider: "mymemory", Daily: daily, Reserve: 100, Floor: 300, Now: c.now, Log: log}
}

func TestBudgetKeepsReserveAndFloorPerPriority(t *testing.T) {
	c := &clock{time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)}
	b := newBudget(1000, c, nil)
	ctx := context.Background()
	// The rest may spend down to reserve + floor: 1000 − 100 − 300.
	if got, _ := b.Take(ctx, PriorityRest, 900); got != 600 {
		t.Fatalf("rest took %d, want 600", got)
	}
	// Shown texts may spend down to the reserve.
	if got, _ := b.Take(ctx, PriorityShown, 900); got != 300 {
		t.Fatalf("shown took %d, want 300", got)
	}
	if got, _ := b.Take(ctx, PriorityMatching, 1); got != 0 {
		t.Fatalf("matching took %d from the reserve, want 0", got)
	}
	// Only on-demand requests reach the reserve.
	if got, _ := b.Take(ctx, PriorityOnDemand, 900); got != 100 {
		t.Fatalf("on-demand took %d, want the 100 of the reserve", got)
	}
	st, err := b.Status(ctx)
	if err != nil || st.Used.Chars != 1000 || st.Left != 0 || st.Day != "2026-05-01" {
		t.Fatalf("status = %+v, %v", st, err)
	}
	// The next day starts afresh.
	c.t = c.t.Add(24 * time.Hour)
	if got, _ := b.Take(ctx, PriorityRest, 10); got != 10 {
		t.Fatalf("next day rest took %d, want 10", got)
	}
}

func TestBudgetDayFollowsTheProvidersReset(t *testing.T) {
	loc := DayLocation(ProviderGoogle)
	if loc == time.UTC {
		t.Skip("no time zone database")
	}
	// 06:30 UTC is still the previous evening in California.
	c := &clock{time.Date(2026, 5, 2, 6, 30, 0, 0, time.UTC)}
	b := &Budget{Ledger: NewMemoryLedger(), Provider: ProviderGoogle, Daily: 100, Location: loc, Now: c.now}
	st, _ := b.Status(context.Background())
	if st.Day != "2026-05-01" {
		t.Fatalf("google day at 06:30 UTC = %s, want 2026-05-01", st.Day)
	}
	if want := time.Date(2026, 5, 2, 0, 0, 0, 0, loc); !st.ResetsAt.Equal(want) {
		t.Fatalf("resets at %v, want %v", st.ResetsAt, want)
	}
}

func TestBudgetedSendsOnlyWhatTheBudgetCovers(t *testing.T) {
	var logs bytes.Buffer
	c := &clock{time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)}
	b := newBudget(1000, c, slog.New(slog.NewTextHandler(&logs, nil)))
	next := &upperTranslator{}
	tr := &Budgeted{Next: next, Budget: b}
	ctx := context.Background()
	long := strings.Repeat("é", 500) // 500 characters, 1000 bytes
	texts := []string{long, "short one", long, "tail"}
	res, err := tr.Translate(ctx, Request{Texts: texts, Source: "fr", Target: "en", Priority: PriorityRest})
	var be *BudgetError
	if !errors.As(err, &be) || be.Priority != PriorityRest {
		t.Fatalf("err = %v, want a *BudgetError for rest texts", err)
	}
	// 600 for the rest: the first long text and both short ones fit.
	if res[0].Text == "" || res[1].Text != "SHORT ONE" || res[2].Text != "" || res[3].Text != "TAIL" {
		t.Fatalf("results = %q", res)
	}
	if len(next.sent) != 3 {
		t.Fatalf("provider saw %d texts, want 3", len(next.sent))
	}
	st, _ := b.Status(ctx)
	if st.Used.Chars != 513 {
		t.Fatalf("used %d characters, want 513 (what was translated)", st.Used.Chars)
	}
	if !strings.Contains(logs.String(), "daily budget") || !strings.Contains(logs.String(), "priority=rest") {
		t.Fatalf("no clear log line for the budget stop: %s", logs.String())
	}
	// The line is logged once per day and priority, not per request.
	tr.Translate(ctx, Request{Texts: []string{long, long}, Source: "fr", Target: "en"})
	if n := strings.Count(logs.String(), "daily budget"); n != 1 {
		t.Fatalf("budget stop logged %d times, want once", n)
	}
}

// A plan deferring texts for the budget says so, once a day per priority:
// a warning when it defers what readers see, an info line when it defers
// the rest, which is translated only while the budget lasts (the CLI,
// which logs warnings only, says nothing of it).
func TestBudgetNoteDeferredLogsOnce(t *testing.T) {
	var logs bytes.Buffer
	c := &clock{time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)}
	b := newBudget(1000, c, slog.New(slog.NewTextHandler(&logs, nil)))
	b.NoteDeferred(PriorityRest, 500)
	b.NoteDeferred(PriorityRest, 700)
	if n := strings.Count(logs.String(), "level=INFO"); n != 1 || strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "priority=rest") {
		t.Fatalf("rest deferred: want one info line:\n%s", logs.String())
	}
	b.NoteDeferred(PriorityShown, 300)
	b.NoteDeferred(PriorityShown, 300)
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 || !strings.Contains(logs.String(), "not by the provider") {
		t.Fatalf("shown texts deferred: want one warning:\n%s", logs.String())
	}
	c.t = c.t.Add(24 * time.Hour)
	b.NoteDeferred(PriorityRest, 10)
	if n := strings.Count(logs.String(), "level=INFO"); n != 2 {
		t.Fatalf("a new day is not logged again: %d lines", n)
	}
}

func TestBudgetedGivesBackWhatTheProviderDidNotTranslate(t *testing.T) {
	c := &clock{time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)}
	b := newBudget(1000, c, nil)
	next := &upperTranslator{fail: map[string]bool{"lost": true}}
	tr := &Budgeted{Next: next, Budget: b}
	res, err := tr.Translate(context.Background(), Request{Texts: []string{"kept", "lost"}, Source: "fr", Target: "en", Priority: PriorityShown})
	if err != nil || res[0].Text != "KEPT" || res[1].Text != "" {
		t.Fatalf("results %q, %v", res, err)
	}
	st, _ := b.Status(context.Background())
	if st.Used.Chars != 4 {
		t.Fatalf("used %d, want 4: the untranslated text costs nothing", st.Used.Chars)
	}
}

func TestBudgetedUnlimitedStillCounts(t *testing.T) {
	b := &Budget{Ledger: NewMemoryLedger(), Provider: "libretranslate"}
	tr := &Budgeted{Next: &upperTranslator{}, Budget: b}
	if _, err := tr.Translate(context.Background(), Request{Texts: []string{"abc", "de"}, Source: "fr", Target: "en"}); err != nil {
		t.Fatal(err)
	}
	st, _ := b.Status(context.Background())
	if st.Used.Chars != 5 || st.Left != 0 || st.Daily != 0 {
		t.Fatalf("status %+v, want 5 characters counted, unlimited", st)
	}
}

func TestCachedUnderBudgetSpendsOnlyOnMisses(t *testing.T) {
	db := newMemDB()
	c := &clock{time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)}
	b := newBudget(1000, c, nil)
	tr := &Cached{Next: &Budgeted{Next: &upperTranslator{}, Budget: b}, Cache: db}
	ctx := context.Background()
	req := Request{Texts: []string{"bonjour", "monde"}, Source: "fr", Target: "en", Priority: PriorityShown}
	for range 3 {
		if _, err := tr.Translate(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := b.Status(ctx); st.Used.Chars != 12 {
		t.Fatalf("used %d after three identical requests, want 12 (once)", st.Used.Chars)
	}
}

func TestDefaultDailyChars(t *testing.T) {
	for _, c := range []struct {
		provider string
		email    bool
		want     int64
	}{
		{ProviderMyMemory, false, 5000}, {ProviderMyMemory, true, 50000},
		{ProviderDeepL, false, 16000}, {ProviderGoogle, false, 16000},
		{ProviderLibreTranslate, false, 0}, {ProviderNone, false, 0},
	} {
		if got := DefaultDailyChars(c.provider, c.email); got != c.want {
			t.Errorf("DefaultDailyChars(%s, %v) = %d, want %d", c.provider, c.email, got, c.want)
		}
	}
}
