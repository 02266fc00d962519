package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/internal/backoff"
)

// Deliverer sends due deliveries from the Outbox: it claims them in
// batches, builds each country's digest once per pass, renders each
// (country, filter) once, and sends through the chat's platform. Fields
// are set before use.
type Deliverer struct {
	Outbox  Outbox
	Digests Digester
	// Messengers maps a platform ("telegram", "discord") to its sender.
	Messengers map[string]bot.Messenger
	// Owner names this worker in leases; unique per process.
	Owner string
	// Workers is the number of concurrent sends (default 8).
	Workers int
	// Batch is the number of rows claimed at once (default 100).
	Batch int
	// Lease is how long a claim lasts before another worker may take the
	// row over (default 5m).
	Lease time.Duration
	// MaxAttempts bounds the attempts of one delivery (default 5).
	MaxAttempts int
	// Backoff is the first retry step, doubled at each attempt (default 1m,
	// at most 1h); each retry waits a draw from the upper half of its step
	// (internal/backoff), so a morning's failed sends are not all retried
	// in the same instant.
	Backoff time.Duration
	// PageURL, when set, names the web page of a digest (country, local
	// date), linked at the end of every digest sent; "" for none.
	PageURL func(country, date string) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// PassStats counts what one Drain did.
type PassStats struct {
	Claimed, Sent, Retried, Failed, Suspended int
	// Builds counts digests built (one per country per pass).
	Builds int
}

// Drain sends deliveries until none is due. A cancelled ctx stops it
// mid-way; rows it had claimed are taken over when their lease ends.
func (d *Deliverer) Drain(ctx context.Context) (PassStats, error) {
	p := &pass{d: d, digests: map[string]*digestEntry{}, messages: map[string]bot.Message{}}
	for {
		claimed, err := d.Outbox.ClaimDeliveries(ctx, d.Owner, d.now(), d.batch(), d.lease())
		if err != nil {
			return p.stats, err
		}
		if len(claimed) == 0 {
			return p.stats, nil
		}
		p.stats.Claimed += len(claimed)
		jobs := make(chan Delivery)
		var wg sync.WaitGroup
		for range min(d.workers(), len(claimed)) {
			wg.Go(func() {
				for dl := range jobs {
					p.deliver(ctx, dl)
				}
			})
		}
		for _, dl := range claimed {
			jobs <- dl
		}
		close(jobs)
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return p.stats, err
		}
	}
}

// pass is one Drain: its digest and message caches and counters.
type pass struct {
	d        *Deliverer
	mu       sync.Mutex
	digests  map[string]*digestEntry
	messages map[string]bot.Message
	stats    PassStats
}

type digestEntry struct {
	once sync.Once
	d    digest.Digest
	err  error
}

// message returns the rendered digest of dl's country through dl's
// filter, building the country's digest once per pass.
func (p *pass) message(ctx context.Context, dl Delivery) (bot.Message, error) {
	p.mu.Lock()
	e := p.digests[dl.Country]
	if e == nil {
		e = &digestEntry{}
		p.digests[dl.Country] = e
	}
	p.mu.Unlock()
	e.once.Do(func() {
		e.d, e.err = p.d.Digests.Digest(ctx, dl.Country)
		p.mu.Lock()
		p.stats.Builds++
		p.mu.Unlock()
	})
	if e.err != nil {
		return bot.Message{}, e.err
	}
	key := dl.Country + "\x00" + strings.Join(dl.Include, "\x01") + "\x00" + strings.Join(dl.Exclude, "\x01")
	p.mu.Lock()
	m, ok := p.messages[key]
	p.mu.Unlock()
	if ok {
		return m, nil
	}
	dg := e.d
	if len(dl.Include)+len(dl.Exclude) > 0 {
		f, err := digest.NewFilter(dl.Include, dl.Exclude)
		if err != nil {
			return bot.Message{}, fmt.Errorf("filter: %w", err)
		}
		dg = f.Apply(dg)
	}
	m = bot.DigestMessage(dg)
	if p.d.PageURL != nil {
		m = bot.WithPage(m, p.d.PageURL(dg.Country, dg.Date))
	}
	p.mu.Lock()
	p.messages[key] = m
	p.mu.Unlock()
	return m, nil
}

// deliver sends one claimed delivery and records the outcome.
func (p *pass) deliver(ctx context.Context, dl Delivery) {
	d := p.d
	if ctx.Err() != nil {
		return // left leased: taken over after the lease
	}
	msgID, err := p.send(ctx, dl)
	if err != nil && ctx.Err() != nil {
		return // stopping: the row is retried after its lease
	}
	// A sent message is recorded even when ctx ended meanwhile, so a
	// shutdown does not resend it.
	ctx = context.WithoutCancel(ctx)
	now := d.now()
	var rl *bot.RateLimitError
	var mig *bot.ChatMigratedError
	var rerr error
	outcome := ""
	switch {
	case err == nil:
		rerr, outcome = d.Outbox.MarkDeliverySent(ctx, dl.ID, d.Owner, msgID, now), "sent"
	case errors.Is(err, bot.ErrChatGone):
		rerr, outcome = d.Outbox.EndDelivery(ctx, dl.ID, d.Owner, StatusSuspended, err.Error()), "suspended"
	case errors.As(err, &rl):
		rerr, outcome = d.Outbox.RetryDelivery(ctx, dl.ID, d.Owner, now.Add(backoff.Stagger(rl.RetryAfter, nil)), err.Error()), "retried"
	case errors.As(err, &mig):
		rerr, outcome = d.Outbox.RetryDelivery(ctx, dl.ID, d.Owner, now, err.Error()), "retried"
	case dl.Attempts >= d.maxAttempts():
		reason := fmt.Sprintf("gave up after %d attempts: %v", dl.Attempts, err)
		rerr, outcome = d.Outbox.EndDelivery(ctx, dl.ID, d.Owner, StatusFailed, reason), "failed"
	default:
		rerr, outcome = d.Outbox.RetryDelivery(ctx, dl.ID, d.Owner, now.Add(d.backoff(dl.Attempts)), err.Error()), "retried"
	}
	if err != nil {
		d.logger().Warn("delivery not sent", "delivery", dl.ID, "chat", dl.ChatID, "country", dl.Country,
			"attempt", dl.Attempts, "outcome", outcome, "err", err)
	}
	if rerr != nil {
		d.logger().Error("record delivery outcome", "delivery", dl.ID, "outcome", outcome, "err", rerr)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch outcome {
	case "sent":
		p.stats.Sent++
	case "suspended":
		p.stats.Suspended++
	case "failed":
		p.stats.Failed++
	default:
		p.stats.Retried++
	}
}

// send sends dl's digest and returns the platform's message id when the
// Messenger reports it.
func (p *pass) send(ctx context.Context, dl Delivery) (string, error) {
	m, err := p.message(ctx, dl)
	if err != nil {
		return "", fmt.Errorf("digest %s: %w", dl.Country, err)
	}
	ms := p.d.Messengers[dl.Platform]
	if ms == nil {
		return "", fmt.Errorf("no messenger for platform %q", dl.Platform)
	}
	if ids, ok := ms.(bot.IDSender); ok {
		return ids.SendWithID(ctx, dl.ChatID, dl.ThreadID, m)
	}
	return "", ms.Send(ctx, dl.ChatID, dl.ThreadID, m)
}

// backoff is the wait before retrying a send that failed attempt times.
func (d *Deliverer) backoff(attempt int) time.Duration {
	base := d.Backoff
	if base <= 0 {
		base = time.Minute
	}
	return backoff.Policy{Base: base, Cap: time.Hour}.Delay(attempt)
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deliverer) workers() int     { return positive(d.Workers, 8) }
func (d *Deliverer) batch() int       { return positive(d.Batch, 100) }
func (d *Deliverer) maxAttempts() int { return positive(d.MaxAttempts, 5) }

func (d *Deliverer) lease() time.Duration {
	if d.Lease <= 0 {
		return 5 * time.Minute
	}
	return d.Lease
}

func (d *Deliverer) logger() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

func positive(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}
