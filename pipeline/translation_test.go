package pipeline

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/translate"
)

// subsOnly is a PlanStore of subscriptions only.
type subsOnly []bot.Subscription

func (s subsOnly) PendingTranslations(context.Context, string, []string, int) ([]translate.Article, error) {
	return nil, nil
}

func (s subsOnly) PendingTranslationsOf(context.Context, string, []string) ([]translate.Article, error) {
	return nil, nil
}

func (s subsOnly) ActiveSubscriptions(context.Context, string) ([]bot.Subscription, error) {
	return s, nil
}

// Only the countries whose morning digest is delivered within the lead
// are translated ahead, whatever the chat's time zone and platform.
func TestDueCountriesFollowTheSchedules(t *testing.T) {
	now := time.Date(2026, 5, 1, 6, 30, 0, 0, time.UTC)
	sub := func(platform, country, at, zone string) bot.Subscription {
		return bot.Subscription{ChatKey: bot.ChatKey{Platform: platform, ChatID: country + at}, Country: country, DeliveryTime: at, Timezone: zone, Status: bot.StatusActive}
	}
	tr := &PlannedTranslation{Now: func() time.Time { return now }, Store: subsOnly{
		sub("telegram", "fr", "07:00", "UTC"),               // in 30 minutes
		sub("discord", "JP", "16:00", "Asia/Tokyo"),         // 07:00 UTC, in 30 minutes
		sub("telegram", "de", "09:00", "Europe/Berlin"),     // 07:00 UTC, in 30 minutes
		sub("telegram", "br", "07:00", "America/Sao_Paulo"), // 10:00 UTC, later
		sub("telegram", "ru", "06:00", "UTC"),               // passed, tomorrow
		sub("telegram", "it", "bad", "UTC"),                 // unschedulable
		sub("discord", "fr", "07:15", "UTC"),                // France again
	}}
	got, err := tr.dueCountries(context.Background())
	if err != nil || !slices.Equal(got, []string{"de", "fr", "jp"}) {
		t.Fatalf("due = %v, %v; want de, fr, jp", got, err)
	}
	tr.Lead = 4 * time.Hour
	if got, _ := tr.dueCountries(context.Background()); !slices.Equal(got, []string{"br", "de", "fr", "jp"}) {
		t.Fatalf("with a 4h lead: %v", got)
	}
}
