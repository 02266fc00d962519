package pace

import (
	"context"
	"log/slog"
	"time"

	"github.com/worldbrief/worldbrief/internal/backoff"
)

// redialBackoff spaces the attempts of Redial.
var redialBackoff = backoff.Policy{Base: time.Second, Cap: time.Minute}

// Redial calls connect until it succeeds or ctx ends (both return nil),
// for an adapter reaching its platform (name, e.g. "Telegram") at start.
// Between failures it logs a warning and waits a jittered backoff
// (internal/backoff): steps of 1s, 2s, 4s… up to a minute, each wait
// drawn from the upper half of its step, so replicas restarting together
// do not redial in step. A failure for which fatal returns an error (a rejected token)
// ends it with that error; fatal may be nil.
func Redial(ctx context.Context, log *slog.Logger, name string, connect func(context.Context) error, fatal func(error) error) error {
	for attempt := 1; ; attempt++ {
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
		wait := redialBackoff.Delay(attempt)
		if log != nil {
			log.Warn("cannot reach "+name+"; retrying", "err", err, "retry_in", wait)
		}
		if Sleep(ctx, wait) != nil {
			return nil
		}
	}
}
