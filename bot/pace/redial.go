package pace

import (
	"context"
	"log/slog"
	"time"
)

// Redial calls connect until it succeeds or ctx ends (both return nil),
// for an adapter reaching its platform (name, e.g. "Telegram") at start.
// Between failures it logs a warning and waits 1s, 2s, 4s… up to a
// minute. A failure for which fatal returns an error (a rejected token)
// ends it with that error; fatal may be nil.
func Redial(ctx context.Context, log *slog.Logger, name string, connect func(context.Context) error, fatal func(error) error) error {
	for backoff := time.Second; ; backoff = min(backoff*2, time.Minute) {
		err := connect(ctx)
		if err == nil {
			return nil
		}
		if fatal != nil {
			if ferr := fatal(err); ferr != nil {
				return ferr
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		if log != nil {
			log.Warn("cannot reach "+name+"; retrying", "err", err, "retry_in", backoff)
		}
		if Sleep(ctx, backoff) != nil {
			return nil
		}
	}
}
