package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/pipeline/jobs"
	"github.com/worldbrief/worldbrief/pipeline/ops"
	"github.com/worldbrief/worldbrief/sources"
)

// suspendedPurge is how long a subscription stays suspended (its chat
// refused messages) before it is deleted.
const suspendedPurge = 7 * 24 * time.Hour

// workerID names this process in delivery leases.
func workerID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// deliverer returns the outbox worker sending through messengers (by
// platform).
func (a *app) deliverer(messengers map[string]bot.Messenger) *delivery.Deliverer {
	dc := a.cfg.Delivery
	return &delivery.Deliverer{
		Outbox: a.store, Digests: a.digestService(), Messengers: messengers, Owner: workerID(),
		Workers: dc.Workers, MaxAttempts: dc.MaxAttempts, Lease: dc.Lease, Backoff: dc.Backoff, Log: a.log,
	}
}

// deliverDue is the minute tick: it enqueues the mornings owed to every
// active or suspended (re-checked) subscription of the served platforms (once per subscription and
// local date, whatever the number of ticks or processes), then sends the
// due deliveries.
func (a *app) deliverDue(ctx context.Context, d *delivery.Deliverer) (delivery.PassStats, error) {
	now := time.Now()
	var errs []error
	for platform := range d.Messengers {
		subs, err := a.store.DeliverableSubscriptions(ctx, platform)
		if err != nil {
			return delivery.PassStats{}, err
		}
		due, bad := delivery.DueDeliveries(subs, now)
		for _, err := range bad {
			a.log.Warn("subscription not scheduled", "platform", platform, "err", err)
		}
		n, err := a.store.EnqueueDeliveries(ctx, due)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n > 0 {
			a.log.Info("deliveries enqueued", "platform", platform, "new", n)
		}
	}
	st, err := d.Drain(ctx)
	if st.Claimed > 0 {
		a.log.Info("deliveries sent", "claimed", st.Claimed, "sent", st.Sent, "retried", st.Retried,
			"failed", st.Failed, "suspended", st.Suspended, "digests_built", st.Builds)
	}
	return st, errors.Join(append(errs, err)...)
}

// fetchSlots is the number of minute slots fetch.interval spreads the
// sites over.
func (a *app) fetchSlots() int { return max(1, int(a.cfg.Fetch.Interval/time.Minute)) }

// fetchSlot fetches (and translates) the sites of the current minute slot
// and records the cycle in m.
func (a *app) fetchSlot(ctx context.Context, slots int, m *ops.Metrics) error {
	now := time.Now()
	var sites []sources.Site
	for _, site := range a.catalog.Sites() {
		if jobs.Slot(site.ID, now, time.Minute, slots) {
			sites = append(sites, site)
		}
	}
	if len(sites) == 0 {
		return nil
	}
	rep, err := a.fetch(ctx, sites, sources.CycleOptions{}, false)
	if ctx.Err() == nil {
		m.FetchCycle(rep, time.Now())
	}
	return err
}

// deliveryPass runs deliverDue and records it in m. When ctx ends
// mid-pass, no new row is claimed (see meteredOutbox) and the sends in
// flight get shutdownGrace to finish.
func (a *app) deliveryPass(ctx context.Context, d *delivery.Deliverer, m *ops.Metrics) error {
	dctx, cancel := graceContext(ctx, shutdownGrace)
	defer cancel()
	st, err := a.deliverDue(dctx, d)
	m.DeliveryPass(st)
	return err
}

// serveJobs schedules the periodic work of `serve`: a minute tick that
// fetches (and translates) the sites of the current slot, so each site is
// fetched once per fetch.interval spread over it; hourly pruning of old
// articles and translations and of subscriptions suspended for 7 days; and,
// when d is not nil, the minute tick of deliveries. Fetches and delivery
// passes are recorded in m. A delivery pass running when ctx ends claims
// nothing more and gets shutdownGrace to finish its sends.
func (a *app) serveJobs(d *delivery.Deliverer, m *ops.Metrics) (*jobs.Scheduler, error) {
	s := jobs.New(a.log)
	slots := a.fetchSlots()
	err := errors.Join(
		s.Add("fetch", "* * * * *", func(ctx context.Context) error {
			return a.fetchSlot(ctx, slots, m)
		}),
		s.Add("prune", "@every 1h", func(ctx context.Context) error {
			cutoff := time.Now().Add(-a.cfg.Fetch.Retention)
			if _, err := a.store.PruneArticles(ctx, cutoff); err != nil {
				return err
			}
			if _, err := a.store.PruneTranslations(ctx, cutoff); err != nil {
				return err
			}
			n, err := a.store.PurgeSuspended(ctx, time.Now().Add(-suspendedPurge))
			if n > 0 {
				a.log.Info("suspended subscriptions purged", "count", n)
			}
			return err
		}),
	)
	if d != nil {
		err = errors.Join(err, s.Add("deliveries", "* * * * *", func(ctx context.Context) error {
			return a.deliveryPass(ctx, d, m)
		}))
	}
	return s, err
}
