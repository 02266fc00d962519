package translate

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// flaky fails every call with err while err is set, counting the calls.
type flaky struct {
	mu    sync.Mutex
	calls int
	err   error
}

func (f *flaky) Translate(_ context.Context, req Request) ([]Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	out := make([]Result, len(req.Texts))
	for i, t := range req.Texts {
		out[i] = Result{Text: "EN: " + t}
	}
	return out, nil
}

// memPauses is an in-memory PauseStore shared by several Breakers, as
// processes share a database.
type memPauses struct {
	mu    sync.Mutex
	until map[string]time.Time
}

func (m *memPauses) TranslatorPausedUntil(_ context.Context, provider string) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.until[provider], nil
}

func (m *memPauses) PauseTranslator(_ context.Context, provider string, until time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.until[provider] = until
	return nil
}

// TestBreakerRemembersAnUnavailableProvider: once the provider kept
// failing, it is not asked again for the pause, by this Breaker or by
// another sharing the PauseStore (the next CLI call); then it is asked
// again, and a success ends the pause. Errors that do not mean the
// provider is down do not pause it.
func TestBreakerRemembersAnUnavailableProvider(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	pauses := &memPauses{until: map[string]time.Time{}}
	next := &flaky{err: ErrUnavailable}
	req := Request{Texts: []string{"текст"}, Source: "ru", Target: "en"}
	b := &Breaker{Next: next, Provider: "libretranslate", Pauses: pauses, Now: clock}

	if _, err := b.Translate(ctx, req); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("first call: %v", err)
	}
	_, err := b.Translate(ctx, req)
	if !errors.Is(err, ErrUnavailable) || next.calls != 1 {
		t.Fatalf("while paused: err %v, provider asked %d times; want ErrUnavailable without asking", err, next.calls)
	}
	other := &Breaker{Next: next, Provider: "libretranslate", Pauses: pauses, Now: clock}
	if _, err := other.Translate(ctx, req); !errors.Is(err, ErrUnavailable) || next.calls != 1 {
		t.Fatalf("another process while paused: err %v, provider asked %d times", err, next.calls)
	}
	forced := &Breaker{Next: next, Provider: "libretranslate", Pauses: pauses, Now: clock, Force: true}
	if _, err := forced.Translate(ctx, req); !errors.Is(err, ErrUnavailable) || next.calls != 2 {
		t.Fatalf("forced while paused: err %v, provider asked %d times; want it asked", err, next.calls)
	}

	failed := now
	now = failed.Add(DefaultPause - time.Second)
	if _, err := b.Translate(ctx, req); !errors.Is(err, ErrUnavailable) || next.calls != 2 {
		t.Fatalf("just before the pause ends: err %v, provider asked %d times", err, next.calls)
	}
	now = failed.Add(DefaultPause*5/4 + time.Second) // the pause and its jitter
	next.err = nil
	if res, err := b.Translate(ctx, req); err != nil || res[0].Text != "EN: текст" || next.calls != 3 {
		t.Fatalf("after the pause: %v %v, asked %d times", res, err, next.calls)
	}
	if until, _ := pauses.TranslatorPausedUntil(ctx, "libretranslate"); !until.IsZero() && until.After(now) {
		t.Errorf("a success left the pause until %v", until)
	}

	next.err = &APIError{Provider: "libretranslate", Status: 400, Message: "bad language"}
	b.Translate(ctx, req)
	b.Translate(ctx, req)
	if next.calls != 5 {
		t.Errorf("a 400 paused the provider: asked %d times, want 5", next.calls)
	}
	next.err = context.Canceled
	b.Translate(ctx, req)
	next.err = nil
	if _, err := b.Translate(ctx, req); err != nil {
		t.Errorf("a cancelled call paused the provider: %v", err)
	}
}

// TestBreakerWithoutStoreRemembersInMemory: with no PauseStore a Breaker
// pauses on its own (one long-running process).
func TestBreakerWithoutStoreRemembersInMemory(t *testing.T) {
	now := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
	next := &flaky{err: &RateLimitError{Provider: "deepl", RetryAfter: time.Hour}}
	b := &Breaker{Next: next, Provider: "deepl", Now: func() time.Time { return now }}
	req := Request{Texts: []string{"x"}, Source: "de", Target: "en"}
	b.Translate(context.Background(), req)
	now = now.Add(30 * time.Minute) // longer than DefaultPause, shorter than Retry-After
	if _, err := b.Translate(context.Background(), req); err == nil || next.calls != 1 {
		t.Errorf("within the provider's Retry-After: err %v, asked %d times", err, next.calls)
	}
}
