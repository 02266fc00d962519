package translate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/worldbrief/worldbrief/internal/backoff"
)

// DefaultPause is how long a Breaker leaves a provider alone after it
// kept failing.
const DefaultPause = 5 * time.Minute

// PauseStore shares a Breaker's pause between processes (each CLI call is
// one; serve replicas share a database), so a provider that is down is
// not retried by every call.
type PauseStore interface {
	// TranslatorPausedUntil returns the end of the provider's pause; the
	// zero time when it has none.
	TranslatorPausedUntil(ctx context.Context, provider string) (time.Time, error)
	// PauseTranslator records the end of the provider's pause; the zero
	// time ends it.
	PauseTranslator(ctx context.Context, provider string, until time.Time) error
}

// Breaker is a circuit breaker in front of a provider: after a call that
// says the provider is down (ErrUnavailable after its retries, a rate
// limit, a spent quota), calls fail at once with ErrUnavailable for Pause
// (or the provider's Retry-After when longer), with up to a quarter more
// so that replicas do not return together, instead of spending seconds
// on retries that would fail too. A success ends the pause.
type Breaker struct {
	// Next is the provider's client.
	Next Translator
	// Provider names the provider, the key of its pause.
	Provider string
	// Pause is how long the provider is left alone (default DefaultPause).
	Pause time.Duration
	// Pauses, when set, shares the pause with other processes; without
	// it the Breaker remembers on its own.
	Pauses PauseStore
	// Force asks the provider even while it is paused (an explicit
	// `worldbrief fetch`), still recording the outcome.
	Force bool
	// Log receives a line when a pause starts; nil discards it.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu    sync.Mutex
	until time.Time
}

// Translate asks Next unless the provider is paused.
func (b *Breaker) Translate(ctx context.Context, req Request) ([]Result, error) {
	now := b.now()
	until := b.pausedUntil(ctx)
	if !b.Force && now.Before(until) {
		return nil, fmt.Errorf("%w: %s failed recently; it is asked again after %s", ErrUnavailable, b.Provider, until.UTC().Format("15:04:05 UTC"))
	}
	res, err := b.Next.Translate(ctx, req)
	switch pause, down := b.pauseFor(err); {
	case down && ctx.Err() == nil:
		until := b.now().Add(pause)
		b.set(ctx, until)
		b.logger().Warn("translation paused: the provider is not answering; articles keep their original text",
			"provider", b.Provider, "until", until.UTC().Format(time.RFC3339), "err", err)
	case err == nil && !until.IsZero():
		b.set(ctx, time.Time{})
	}
	return res, err
}

// pauseFor reports whether err means the provider is down, and for how
// long to leave it alone.
func (b *Breaker) pauseFor(err error) (time.Duration, bool) {
	pause := b.Pause
	if pause <= 0 {
		pause = DefaultPause
	}
	var rl *RateLimitError
	var q *QuotaError
	switch {
	case err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return 0, false
	case errors.As(err, &rl):
		return backoff.Stagger(max(pause, rl.RetryAfter), nil), true
	case errors.As(err, &q) || errors.Is(err, ErrUnavailable):
		return backoff.Stagger(pause, nil), true
	}
	return 0, false
}

// pausedUntil returns the end of the pause, from Pauses when set.
func (b *Breaker) pausedUntil(ctx context.Context) time.Time {
	b.mu.Lock()
	until := b.until
	b.mu.Unlock()
	if b.Pauses != nil {
		stored, err := b.Pauses.TranslatorPausedUntil(ctx, b.Provider)
		if err != nil {
			b.logger().Debug("read the translator's pause", "provider", b.Provider, "err", err)
		} else if stored.After(until) {
			until = stored
		}
	}
	return until
}

// set records the end of the pause; the zero time ends it.
func (b *Breaker) set(ctx context.Context, until time.Time) {
	b.mu.Lock()
	b.until = until
	b.mu.Unlock()
	if b.Pauses != nil {
		if err := b.Pauses.PauseTranslator(context.WithoutCancel(ctx), b.Provider, until); err != nil {
			b.logger().Warn("could not record the translator's pause", "provider", b.Provider, "err", err)
		}
	}
}

func (b *Breaker) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func (b *Breaker) logger() *slog.Logger {
	if b.Log != nil {
		return b.Log
	}
	return slog.New(slog.DiscardHandler)
}
