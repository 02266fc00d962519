package translate

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Priority says how much a text matters to readers, and so which part of
// the daily budget it may spend.
type Priority int

const (
	// PriorityRest is everything nobody is about to read: it spends the
	// budget only above the floor kept for the day's later digests.
	PriorityRest Priority = iota
	// PriorityMatching is what cross-country matching of shown stories
	// needs (other countries' top-story headlines).
	PriorityMatching
	// PriorityShown is what subscribed countries' next digests show.
	PriorityShown
	// PriorityOnDemand is what a user is asking for right now: it may
	// spend the reserve too.
	PriorityOnDemand
)

// String names the priority for logs.
func (p Priority) String() string {
	switch p {
	case PriorityOnDemand:
		return "on-demand"
	case PriorityShown:
		return "shown"
	case PriorityMatching:
		return "matching"
	}
	return "rest"
}

// Ledger counts the characters spent per provider and day. The database
// implements it (store.Store) so that every process sharing it shares one
// budget; NewMemoryLedger is one for a single process.
type Ledger interface {
	// ReserveTranslationChars adds up to want characters to the day's
	// count, never taking it above limit (limit ≤ 0: no limit), and
	// returns how many it added. It is atomic across processes.
	ReserveTranslationChars(ctx context.Context, provider, day string, want, limit int64) (int64, error)
	// AddTranslationUsage adds chars (negative: a refund) and tokens to
	// the day's count without any limit.
	AddTranslationUsage(ctx context.Context, provider, day string, chars, tokens int64) error
	// TranslationUsage returns the day's count.
	TranslationUsage(ctx context.Context, provider, day string) (Usage, error)
}

// Usage is what one provider spent on one day.
type Usage struct {
	// Chars are the characters counted against the budget.
	Chars int64 `json:"chars"`
	// Tokens are the LLM tokens reported (openai provider only).
	Tokens int64 `json:"tokens"`
}

// Budget is a provider's daily character budget, shared through a Ledger.
// The day runs from the provider's own reset time (DayStart). A part of it,
// Reserve, is kept for on-demand requests; Floor more is kept from
// PriorityRest texts so the day's later digests still get translated.
// Budget is safe for concurrent use; its counters feed /metrics.
type Budget struct {
	// Ledger counts the spending.
	Ledger Ledger
	// Provider is the provider's name, the Ledger key.
	Provider string
	// Daily is the day's characters; 0 means unlimited.
	Daily int64
	// Reserve is the part of Daily only on-demand requests may spend
	// (default: a tenth of Daily).
	Reserve int64
	// Floor is the part of Daily, above Reserve, that PriorityRest texts
	// leave for the day's later digests (default: two fifths of Daily).
	Floor int64
	// Location is where the provider's day starts at midnight (default UTC).
	Location *time.Location
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log receives the line saying the budget, not the provider, stopped
	// translation (once per day and priority).
	Log *slog.Logger

	untranslated atomic.Int64
	mu           sync.Mutex
	stoppedDay   string
	stopped      map[Priority]bool // priorities already logged on stoppedDay
}

// BudgetError reports that the daily budget, not the provider, left texts
// untranslated. It stops further requests of the same priority.
type BudgetError struct {
	// Provider is the provider's name.
	Provider string
	// Priority is the priority of the refused texts.
	Priority Priority
	// Left is what remained of the day's budget for that priority.
	Left int64
}

// Error says the budget is spent.
func (e *BudgetError) Error() string {
	return fmt.Sprintf("%s: daily translation budget spent for %s texts (%d characters left to that priority)", e.Provider, e.Priority, e.Left)
}

// DefaultDailyChars returns the daily budget used when translate.daily_chars
// is not set, from each provider's free tier: MyMemory 5,000 a day
// anonymously and 50,000 with an e-mail; DeepL Free and Google's free
// tier 500,000 a month, so 16,000 a day; unlimited (0) for a self-hosted
// LibreTranslate; 200,000 for an LLM endpoint (cents a day on a small
// hosted model, free on a local one).
func DefaultDailyChars(provider string, withEmail bool) int64 {
	switch provider {
	case ProviderMyMemory:
		if withEmail {
			return 50_000
		}
		return 5_000
	case ProviderDeepL, ProviderGoogle:
		return 16_000
	case ProviderOpenAI:
		return 200_000
	}
	return 0
}

// DayLocation is where a provider's daily quota resets at midnight:
// Google's quotas reset at midnight Pacific time, the others are counted
// in UTC.
func DayLocation(provider string) *time.Location {
	if provider == ProviderGoogle {
		if loc, err := time.LoadLocation("America/Los_Angeles"); err == nil {
			return loc
		}
	}
	return time.UTC
}

func (b *Budget) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func (b *Budget) loc() *time.Location {
	if b.Location != nil {
		return b.Location
	}
	return time.UTC
}

// day returns the Ledger key of the current day.
func (b *Budget) day() string { return b.now().In(b.loc()).Format(time.DateOnly) }

func (b *Budget) reserve() int64 {
	if b.Reserve > 0 || b.Daily <= 0 {
		return min(b.Reserve, b.Daily)
	}
	return b.Daily / 10
}

func (b *Budget) floor() int64 {
	if b.Floor > 0 || b.Daily <= 0 {
		return min(b.Floor, b.Daily-b.reserve())
	}
	return b.Daily * 2 / 5
}

// limitFor is the highest day count texts of priority p may reach.
func (b *Budget) limitFor(p Priority) int64 {
	if b.Daily <= 0 {
		return 0
	}
	switch p {
	case PriorityOnDemand:
		return b.Daily
	case PriorityShown, PriorityMatching:
		return b.Daily - b.reserve()
	}
	return b.Daily - b.reserve() - b.floor()
}

// Take books up to want characters for texts of priority p and returns how
// many it booked; fewer than want means the budget stopped the rest,
// which is logged once per day and priority.
func (b *Budget) Take(ctx context.Context, p Priority, want int64) (int64, error) {
	if want <= 0 {
		return 0, nil
	}
	day := b.day()
	limit := b.limitFor(p)
	if b.Daily > 0 && limit <= 0 {
		b.stoppedBy(day, p, want, 0)
		return 0, nil
	}
	got, err := b.Ledger.ReserveTranslationChars(ctx, b.Provider, day, want, limit)
	if err != nil {
		return 0, fmt.Errorf("translation budget: %w", err)
	}
	if got < want {
		b.stoppedBy(day, p, want, got)
	}
	return got, nil
}

// Return gives back characters taken but not spent (texts the provider
// did not translate).
func (b *Budget) Return(ctx context.Context, n int64) error {
	if n <= 0 {
		return nil
	}
	if err := b.Ledger.AddTranslationUsage(ctx, b.Provider, b.day(), -n, 0); err != nil {
		return fmt.Errorf("translation budget: %w", err)
	}
	return nil
}

// Charge counts characters and tokens spent beyond what was taken, e.g.
// the prompt and answer of an LLM request.
func (b *Budget) Charge(ctx context.Context, chars, tokens int64) error {
	if chars <= 0 && tokens <= 0 {
		return nil
	}
	if err := b.Ledger.AddTranslationUsage(ctx, b.Provider, b.day(), max(chars, 0), max(tokens, 0)); err != nil {
		return fmt.Errorf("translation budget: %w", err)
	}
	return nil
}

func (b *Budget) stoppedBy(day string, p Priority, want, got int64) {
	b.mu.Lock()
	if b.stoppedDay != day {
		b.stoppedDay, b.stopped = day, map[Priority]bool{}
	}
	first := !b.stopped[p]
	b.stopped[p] = true
	b.mu.Unlock()
	if !first || b.Log == nil {
		return
	}
	attrs := []any{"provider", b.Provider, "priority", p.String(), "daily_chars", b.Daily, "wanted", want, "granted", got,
		"resets_at", b.ResetsAt().Format(time.RFC3339)}
	if p == PriorityRest {
		// The rest is translated only while the budget lasts, by
		// design: reaching its share is news, not a problem (a first
		// `headlines` call of a day reaches it).
		b.Log.Info("the daily budget's share for articles nobody is about to read is spent (translate.daily_chars): they keep their original language until it resets; what readers ask for and subscribed digests are still translated", attrs...)
		return
	}
	b.Log.Warn("translation stopped by the daily budget (translate.daily_chars), not by the provider: texts keep their original language until the budget resets", attrs...)
}

// ResetsAt is when the current day's budget ends.
func (b *Budget) ResetsAt() time.Time {
	t := b.now().In(b.loc())
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, b.loc())
}

// NoteDeferred records that a plan left chars characters of priority p
// for the budget to reset: the same once-a-day log line as when Take
// refuses them.
func (b *Budget) NoteDeferred(p Priority, chars int64) {
	if chars > 0 && b.Daily > 0 {
		b.stoppedBy(b.day(), p, chars, 0)
	}
}

// NoteUntranslated counts n texts shown to a reader in their original
// language (for the texts-shown-untranslated metric).
func (b *Budget) NoteUntranslated(n int) { b.untranslated.Add(int64(n)) }

// Status is what an operator sees of a Budget.
type Status struct {
	Provider string `json:"provider"`
	// Day is the provider's current day, YYYY-MM-DD.
	Day string `json:"day"`
	// Daily is the day's budget; 0 means unlimited.
	Daily int64 `json:"daily_chars"`
	// Reserve is the part kept for on-demand requests.
	Reserve int64 `json:"reserve_chars"`
	// Used is what the day has spent so far, over every process.
	Used Usage `json:"used"`
	// Left is what remains of Daily (0 when unlimited).
	Left int64 `json:"left_chars"`
	// ResetsAt is when the day ends.
	ResetsAt time.Time `json:"resets_at"`
	// ShownUntranslated counts texts this process showed untranslated.
	ShownUntranslated int64 `json:"shown_untranslated"`
}

// Status reads the day's spending from the Ledger.
func (b *Budget) Status(ctx context.Context) (Status, error) {
	day := b.day()
	u, err := b.Ledger.TranslationUsage(ctx, b.Provider, day)
	if err != nil {
		return Status{}, fmt.Errorf("translation budget: %w", err)
	}
	st := Status{Provider: b.Provider, Day: day, Daily: b.Daily, Reserve: b.reserve(), Used: u,
		ResetsAt: b.ResetsAt(), ShownUntranslated: b.untranslated.Load()}
	if b.Daily > 0 {
		st.Left = max(b.Daily-u.Chars, 0)
	}
	return st, nil
}

// memoryLedger is a Ledger for one process.
type memoryLedger struct {
	mu   sync.Mutex
	days map[[2]string]Usage
}

// NewMemoryLedger returns a Ledger kept in memory, for one process.
func NewMemoryLedger() Ledger { return &memoryLedger{days: map[[2]string]Usage{}} }

func (m *memoryLedger) ReserveTranslationChars(_ context.Context, provider, day string, want, limit int64) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{provider, day}
	u := m.days[k]
	got := want
	if limit > 0 {
		got = max(min(want, limit-u.Chars), 0)
	}
	u.Chars += got
	m.days[k] = u
	return got, nil
}

func (m *memoryLedger) AddTranslationUsage(_ context.Context, provider, day string, chars, tokens int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{provider, day}
	u := m.days[k]
	u.Chars = max(u.Chars+chars, 0)
	u.Tokens += tokens
	m.days[k] = u
	return nil
}

func (m *memoryLedger) TranslationUsage(_ context.Context, provider, day string) (Usage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.days[[2]string{provider, day}], nil
}
