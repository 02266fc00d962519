package delivery

import (
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/bot"
)

// DueDeliveries returns the deliveries owed at now to subs: for each
// active or suspended subscription, its latest scheduled morning at or
// before now (only one after any downtime), not before the subscription
// existed. A suspended subscription's morning is its re-check: a delivery
// that goes through reactivates it (the store does so), one that is
// refused again leaves it suspended until it is purged.
// Enqueued with the ledger's unique key, a morning is owed once however
// many ticks or processes see it. Subscriptions with a bad schedule are
// returned as errors and skipped.
func DueDeliveries(subs []bot.Subscription, now time.Time) ([]Delivery, []error) {
	var out []Delivery
	var errs []error
	for _, s := range subs {
		if s.Status != "" && s.Status != bot.StatusActive && s.Status != bot.StatusSuspended {
			continue
		}
		sch, err := ParseSchedule(s.DeliveryTime, s.Timezone)
		if err != nil {
			errs = append(errs, fmt.Errorf("subscription %d: %w", s.ID, err))
			continue
		}
		at, date := sch.Last(now)
		if at.Before(s.CreatedAt) {
			continue
		}
		out = append(out, Delivery{
			SubscriptionID: s.ID, ChatKey: s.ChatKey, ThreadID: s.ThreadID, Country: s.Country,
			Include: s.Include, Exclude: s.Exclude, Date: date, NextAttemptAt: at,
		})
	}
	return out, errs
}
