package ops

import (
	"context"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/translate"
)

// MeteredOutbox is serve's Outbox: it records each delivery outcome in the metrics (by
// platform, with the lag from due to sent) and stops claiming new rows
// once stop is closed, so a shutting-down pass only finishes what it holds.
type MeteredOutbox struct {
	delivery.Outbox
	Metrics *Metrics
	// Stop, once closed, makes ClaimDeliveries claim nothing.
	Stop <-chan struct{}

	mu      sync.Mutex
	claimed map[int64]delivery.Delivery
}

// ClaimDeliveries claims as the store does, remembering the rows' platform
// and due time; after stop it claims nothing.
func (o *MeteredOutbox) ClaimDeliveries(ctx context.Context, owner string, now time.Time, limit int, lease time.Duration) ([]delivery.Delivery, error) {
	select {
	case <-o.Stop:
		return nil, nil
	default:
	}
	ds, err := o.Outbox.ClaimDeliveries(ctx, owner, now, limit, lease)
	o.mu.Lock()
	if o.claimed == nil {
		o.claimed = map[int64]delivery.Delivery{}
	}
	for _, d := range ds {
		o.claimed[d.ID] = d
	}
	o.mu.Unlock()
	return ds, err
}

// record counts the outcome of delivery id once the store accepted it.
func (o *MeteredOutbox) record(id int64, status string, at time.Time) {
	o.mu.Lock()
	d, ok := o.claimed[id]
	delete(o.claimed, id)
	o.mu.Unlock()
	if !ok {
		return
	}
	// A first attempt is claimed at its scheduled time; a retried one
	// only knows when it was enqueued (the minute tick after it was due).
	due := d.CreatedAt
	if d.Attempts <= 1 && !d.NextAttemptAt.IsZero() {
		due = d.NextAttemptAt
	}
	o.Metrics.Delivery(d.Platform, status, at.Sub(due))
}

// MarkDeliverySent records a sent delivery.
func (o *MeteredOutbox) MarkDeliverySent(ctx context.Context, id int64, owner, messageID string, at time.Time) error {
	err := o.Outbox.MarkDeliverySent(ctx, id, owner, messageID, at)
	if err == nil {
		o.record(id, delivery.StatusSent, at)
	}
	return err
}

// RetryDelivery records a delivery put back in the queue.
func (o *MeteredOutbox) RetryDelivery(ctx context.Context, id int64, owner string, at time.Time, reason string) error {
	err := o.Outbox.RetryDelivery(ctx, id, owner, at, reason)
	if err == nil {
		o.record(id, "retried", time.Now())
	}
	return err
}

// EndDelivery records a failed or suspended delivery.
func (o *MeteredOutbox) EndDelivery(ctx context.Context, id int64, owner, status, reason string) error {
	err := o.Outbox.EndDelivery(ctx, id, owner, status, reason)
	if err == nil {
		o.record(id, status, time.Now())
	}
	return err
}

// MeteredTranslator counts the characters sent to the provider.
type MeteredTranslator struct {
	translate.Translator
	Metrics *Metrics
}

// Translate counts req's characters, then translates.
func (t MeteredTranslator) Translate(ctx context.Context, req translate.Request) ([]translate.Result, error) {
	n := 0
	for _, s := range req.Texts {
		n += utf8.RuneCountInString(s)
	}
	t.Metrics.TranslationChars(n)
	return t.Translator.Translate(ctx, req)
}
