package jobs

import (
	"context"
	"log/slog"
	"time"
)

// Leaser takes, renews and gives up a named lease shared by processes
// (*store.Store implements it).
type Leaser interface {
	AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// Leader runs fn only while holder has the named lease, so one process
// of many does single-instance work (such as Telegram long polling). It
// tries every ttl/3, renews at the same pace while fn runs, and cancels
// fn when a renewal fails; another process takes over within ttl of a
// holder's death. It returns when ctx ends, or with fn's error.
func Leader(ctx context.Context, l Leaser, name, holder string, ttl time.Duration, log *slog.Logger, fn func(ctx context.Context) error) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	every := ttl / 3
	for {
		ok, err := l.AcquireLease(ctx, name, holder, time.Now(), ttl)
		if err != nil && ctx.Err() == nil {
			log.Warn("lease", "name", name, "err", err)
		}
		if ok {
			log.Info("lease taken", "name", name, "holder", holder)
			if err := lead(ctx, l, name, holder, ttl, every, log, fn); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(every):
		}
	}
}

// lead runs fn while renewing the lease; it returns fn's error, or nil
// when the lease was lost or ctx ended.
func lead(ctx context.Context, l Leaser, name, holder string, ttl, every time.Duration, log *slog.Logger, fn func(context.Context) error) error {
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- fn(rctx) }()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case err := <-done:
			_ = l.ReleaseLease(context.WithoutCancel(ctx), name, holder)
			if ctx.Err() != nil {
				return nil
			}
			return err
		case <-t.C:
			ok, err := l.AcquireLease(rctx, name, holder, time.Now(), ttl)
			if !ok {
				log.Warn("lease lost; stopping", "name", name, "holder", holder, "err", err)
				cancel()
				<-done
				return nil
			}
		}
	}
}
