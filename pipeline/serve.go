package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/pipeline/jobs"
	"github.com/worldbrief/worldbrief/sources"
)

// fetchSlots is the number of minute slots FetchInterval spreads the
// sites over.
func (s *Service) fetchSlots() int { return max(1, int(s.fetchInterval()/time.Minute)) }

// FetchSlot refreshes the sites of the current minute slot, so each site
// is fetched once per FetchInterval, spread over it, and tells the
// Observer of the cycle.
func (s *Service) FetchSlot(ctx context.Context) error {
	now := s.now()
	slots := s.fetchSlots()
	var sites []sources.Site
	for _, site := range s.Catalog.Sites() {
		if jobs.Slot(site.ID, now, time.Minute, slots) {
			sites = append(sites, site)
		}
	}
	if len(sites) == 0 {
		return nil
	}
	rep, err := s.Refresh(ctx, sites, RefreshOptions{})
	if ctx.Err() == nil && s.Observer != nil {
		s.Observer.FetchCycle(rep.Fetch, s.now())
	}
	return err
}

// Jobs returns the scheduler of `serve`'s periodic work: a minute tick
// that refreshes the sites of the current slot (FetchSlot); hourly
// pruning of old articles and translations and of long-suspended
// subscriptions; and, when d is not nil, the minute tick of deliveries
// (DeliveryPass, with grace for the sends in flight at shutdown).
func (s *Service) Jobs(d *delivery.Deliverer, grace time.Duration) (*jobs.Scheduler, error) {
	sch := jobs.New(s.Log)
	err := errors.Join(
		sch.Add("fetch", "* * * * *", s.FetchSlot),
		sch.Add("prune", "@every 1h", func(ctx context.Context) error {
			_, err := s.Prune(ctx, true)
			return err
		}),
	)
	if d != nil {
		err = errors.Join(err, sch.Add("deliveries", "* * * * *", func(ctx context.Context) error {
			_, err := s.DeliveryPass(ctx, d, grace)
			return err
		}))
	}
	return sch, err
}

// Start is serve's first round, at start: a fetch of every feed not
// fetched within FetchInterval (on a new database all of them, after a
// short restart only the overdue ones), then (with d) a delivery pass for
// the mornings owed during downtime, so pages and digests have articles
// and /readyz turns ready without waiting for each site's minute slot.
func (s *Service) Start(ctx context.Context, d *delivery.Deliverer, grace time.Duration) {
	rep, err := s.Refresh(ctx, s.Catalog.Sites(), RefreshOptions{StaleOnly: true})
	if rep.Fetch.NewArticles > 0 && s.Digests != nil {
		// A page or chat that asked while the first round was storing
		// got a digest of part of the feeds, kept for digest.interval:
		// now that every feed has been read, build them all again.
		codes := []string{digest.WorldCode}
		for _, c := range s.Catalog.Countries {
			codes = append(codes, c.Code)
		}
		s.Digests.Forget(codes...)
	}
	if ctx.Err() == nil && s.Observer != nil {
		s.Observer.FetchCycle(rep.Fetch, s.now())
	}
	switch {
	case err != nil && ctx.Err() == nil:
		s.log().Warn("first fetch", "err", err)
	case ctx.Err() != nil:
	case rep.Fetch.NoServerAnswered():
		s.log().Warn("first fetch: no feed server could be reached; is the network up?", "feeds", rep.Fetch.Feeds)
	case rep.Fetch.Feeds > 0 && !rep.Fetch.Succeeded():
		s.log().Warn("first fetch: no feed answered", "feeds", rep.Fetch.Feeds, "unreachable", rep.Fetch.Unreachable)
	default:
		args := []any{"feeds", rep.Fetch.Feeds, "ok", rep.Fetch.OK, "not_modified", rep.Fetch.NotModified,
			"failed", rep.Fetch.Failed, "fresh", rep.Fetch.Skipped, "new_articles", rep.Fetch.NewArticles}
		if failed, more := rep.Fetch.FirstFailures(5); len(failed) > 0 {
			if more > 0 {
				failed = append(failed, fmt.Sprintf("and %d more (worldbrief sources)", more))
			}
			args = append(args, "failing", strings.Join(failed, "; "))
		}
		s.log().Info("first fetch", args...)
	}
	if ctx.Err() != nil || d == nil {
		return
	}
	if _, err := s.DeliveryPass(ctx, d, grace); err != nil && ctx.Err() == nil {
		s.log().Warn("first delivery pass", "err", err)
	}
}
