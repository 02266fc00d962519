package pipeline

import (
	"context"
	"errors"
	"time"

	"github.com/worldbrief/worldbrief/bot/delivery"
)

// DefaultShutdownGrace is how long in-flight deliveries may run after
// the pass's context ends before they are cancelled (their rows are then
// released); it fits in Docker's default 10s stop timeout.
const DefaultShutdownGrace = 8 * time.Second

// DeliveryPass enqueues the mornings owed at now to every active or
// suspended (re-checked) subscription of d's platforms — once per
// subscription and local date, whatever the number of ticks or
// processes — then sends the due deliveries. When ctx ends mid-pass, the
// sends in flight get grace to finish (d's Outbox should stop claiming,
// see ops.MeteredOutbox). The Observer is told of the pass.
func (s *Service) DeliveryPass(ctx context.Context, d *delivery.Deliverer, grace time.Duration) (delivery.PassStats, error) {
	dctx, cancel := GraceContext(ctx, grace)
	defer cancel()
	st, err := s.deliverDue(dctx, d)
	if s.Observer != nil {
		s.Observer.DeliveryPass(st)
	}
	return st, err
}

func (s *Service) deliverDue(ctx context.Context, d *delivery.Deliverer) (delivery.PassStats, error) {
	now := s.now()
	var errs []error
	for platform := range d.Messengers {
		subs, err := s.Store.DeliverableSubscriptions(ctx, platform)
		if err != nil {
			return delivery.PassStats{}, err
		}
		due, bad := delivery.DueDeliveries(subs, now)
		for _, err := range bad {
			s.log().Warn("subscription not scheduled", "platform", platform, "err", err)
		}
		n, err := s.Store.EnqueueDeliveries(ctx, due)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n > 0 {
			s.log().Info("deliveries enqueued", "platform", platform, "new", n)
		}
	}
	st, err := d.Drain(ctx)
	if st.Claimed > 0 {
		s.log().Info("deliveries sent", "claimed", st.Claimed, "sent", st.Sent, "retried", st.Retried,
			"failed", st.Failed, "suspended", st.Suspended, "digests_built", st.Builds)
	}
	return st, errors.Join(append(errs, err)...)
}

// GraceContext returns a context that outlives parent by grace: it is
// cancelled grace after parent ends (or by cancel).
func GraceContext(parent context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() {
		t := time.AfterFunc(grace, cancel)
		context.AfterFunc(ctx, func() { t.Stop() })
	})
	return ctx, func() { stop(); cancel() }
}
