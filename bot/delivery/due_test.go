package delivery

import (
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
)

func TestDueDeliveries(t *testing.T) {
	now := time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC) // 08:00 in Berlin (CEST since 01:00 UTC)
	old := now.Add(-30 * 24 * time.Hour)
	subs := []bot.Subscription{
		{ID: 1, Country: "fr", DeliveryTime: "07:00", Timezone: "Europe/Berlin", Status: bot.StatusActive, CreatedAt: old, Exclude: []string{"x"}},
		{ID: 2, Country: "fr", DeliveryTime: "07:00", Timezone: "Europe/Berlin", Status: bot.StatusSuspended, CreatedAt: old},
		{ID: 3, Country: "de", DeliveryTime: "07:00", Timezone: "Europe/Berlin", Status: bot.StatusActive, CreatedAt: now.Add(-time.Minute)},
		{ID: 4, Country: "jp", DeliveryTime: "09:00", Timezone: "Europe/Berlin", Status: bot.StatusActive, CreatedAt: old},
		{ID: 5, Country: "us", DeliveryTime: "07:00", Timezone: "Nowhere/Land", Status: bot.StatusActive, CreatedAt: old},
	}
	due, errs := DueDeliveries(subs, now)
	if len(errs) != 1 {
		t.Errorf("errors %v; want one for the unknown zone", errs)
	}
	got := map[int64]string{}
	for _, d := range due {
		got[d.SubscriptionID] = d.Date
	}
	want := map[int64]string{1: "2026-03-29", 2: "2026-03-29", 4: "2026-03-28"}
	if len(got) != len(want) || got[1] != want[1] || got[2] != want[2] || got[4] != want[4] {
		t.Fatalf("due %v; want %v (a suspended subscription's morning is its re-check; just-created and bad-zone subscriptions owe nothing today)", got, want)
	}
	if !due[0].NextAttemptAt.Equal(time.Date(2026, 3, 29, 5, 0, 0, 0, time.UTC)) || len(due[0].Exclude) != 1 {
		t.Errorf("delivery %+v: want due at 07:00 CEST with the subscription's filter", due[0])
	}
}
