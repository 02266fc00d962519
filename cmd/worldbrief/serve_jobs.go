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
	"github.com/worldbrief/worldbrief/bot/jobs"
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
func (a *app) deliverer(messengers map[string]bot.Messenger) *bot.Deliverer {
	dc := a.cfg.Delivery
	return &bot.Deliverer{
		Outbox: a.store, Digests: a.digestService(), Messengers: messengers, Owner: workerID(),
		Workers: dc.Workers, MaxAttempts: dc.MaxAttempts, Lease: dc.Lease, Backoff: dc.Backoff, Log: a.log,
	}
}

// deliverDue is the minute tick: it enqueues the mornings owed to every
// active or suspended (re-checked) subscription of the served platforms (once per subscription and
// local date, whatever the number of ticks or processes), then sends the
// due deliveries.
func (a *app) deliverDue(ctx context.Context, d *bot.Deliverer) error {
	now := time.Now()
	var errs []error
	for platform := range d.Messengers {
		subs, err := a.store.DeliverableSubscriptions(ctx, platform)
		if err != nil {
			return err
		}
		due, bad := bot.DueDeliveries(subs, now)
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
	return errors.Join(append(errs, err)...)
}

// serveJobs schedules the periodic work of `serve`: a minute tick that
// fetches (and translates) the sites of the current slot, so each site is
// fetched once per fetch.interval spread over it; hourly pruning of old
// articles and translations and of subscriptions suspended for 7 days; and,
// when d is not nil, the minute tick of deliveries.
func (a *app) serveJobs(d *bot.Deliverer) (*jobs.Scheduler, error) {
	s := jobs.New(a.log)
	slots := max(1, int(a.cfg.Fetch.Interval/time.Minute))
	err := errors.Join(
		s.Add("fetch", "* * * * *", func(ctx context.Context) error {
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
			_, err := a.fetch(ctx, sites, sources.CycleOptions{}, false)
			return err
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
			return a.deliverDue(ctx, d)
		}))
	}
	return s, err
}
