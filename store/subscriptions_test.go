package store

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/worldbrief/worldbrief/bot"
)

func TestSubscriptionsLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		chat := bot.ChatKey{Platform: "telegram", ChatID: "-100123"}
		other := bot.ChatKey{Platform: "telegram", ChatID: "42"}

		sub, created, err := s.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "fr", ThreadID: "7", CreatedBy: "alice"})
		if err != nil || !created {
			t.Fatalf("Subscribe fr: created=%v err=%v", created, err)
		}
		if sub.DeliveryTime != bot.DefaultDeliveryTime || sub.Timezone != bot.DefaultTimezone || sub.Status != bot.StatusActive || sub.ThreadID != "7" {
			t.Fatalf("new subscription = %+v, want defaults, active, thread 7", sub)
		}
		if _, created, err := s.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "fr", ThreadID: "9"}); err != nil || created {
			t.Fatalf("second Subscribe fr: created=%v err=%v, want existing", created, err)
		}
		if _, _, err := s.Subscribe(ctx, bot.Subscription{ChatKey: other, Country: "jp"}); err != nil {
			t.Fatal(err)
		}

		// A schedule applies to existing and to later subscriptions.
		if _, err := s.SetSchedule(ctx, chat, "06:30", "Europe/Berlin"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "jp"}); err != nil {
			t.Fatal(err)
		}
		subs, err := s.Subscriptions(ctx, chat)
		if err != nil {
			t.Fatal(err)
		}
		if len(subs) != 2 || subs[0].Country != "fr" || subs[1].Country != "jp" {
			t.Fatalf("subscriptions = %+v, want fr, jp", subs)
		}
		for _, sb := range subs {
			if sb.DeliveryTime != "06:30" || sb.Timezone != "Europe/Berlin" {
				t.Errorf("%s: schedule %s %s, want 06:30 Europe/Berlin", sb.Country, sb.DeliveryTime, sb.Timezone)
			}
		}
		if subs[0].ThreadID != "9" || subs[0].CreatedBy != "alice" {
			t.Errorf("fr after resubscribe: thread %q by %q, want thread 9 (latest) by alice", subs[0].ThreadID, subs[0].CreatedBy)
		}
		// Only the time changes when the zone is left empty.
		st, err := s.SetSchedule(ctx, chat, "08:00", "")
		if err != nil || st.DeliveryTime != "08:00" || st.Timezone != "Europe/Berlin" {
			t.Fatalf("SetSchedule time only = %+v, %v", st, err)
		}

		// Filters.
		if err := s.SetFilter(ctx, chat, "fr", []string{"climat", "économie"}, []string{"football"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetFilter(ctx, chat, "de", nil, nil); !errors.Is(err, bot.ErrNotSubscribed) {
			t.Fatalf("SetFilter on unsubscribed country: %v, want bot.ErrNotSubscribed", err)
		}
		subs, _ = s.Subscriptions(ctx, chat)
		if !slices.Equal(subs[0].Include, []string{"climat", "économie"}) || !slices.Equal(subs[0].Exclude, []string{"football"}) {
			t.Fatalf("filters = %v / %v", subs[0].Include, subs[0].Exclude)
		}

		// Suspension keeps the rows; resubscribing reactivates.
		if n, err := s.SuspendChat(ctx, chat); err != nil || n != 2 {
			t.Fatalf("SuspendChat = %d, %v; want 2", n, err)
		}
		active, err := s.ActiveSubscriptions(ctx, "telegram")
		if err != nil || len(active) != 1 || active[0].ChatID != "42" {
			t.Fatalf("active after suspension = %+v, %v; want only chat 42", active, err)
		}
		if subs, _ := s.Subscriptions(ctx, chat); len(subs) != 2 || subs[0].Status != bot.StatusSuspended {
			t.Fatalf("suspended subscriptions = %+v, want both kept as suspended", subs)
		}
		if sb, _, err := s.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "fr"}); err != nil || sb.Status != bot.StatusActive || len(sb.Include) != 2 {
			t.Fatalf("resubscribe = %+v, %v; want active with filters kept", sb, err)
		}

		// Migration to a new chat id moves settings and subscriptions.
		if err := s.MoveChat(ctx, chat, "-100999"); err != nil {
			t.Fatal(err)
		}
		moved := bot.ChatKey{Platform: "telegram", ChatID: "-100999"}
		if subs, _ := s.Subscriptions(ctx, chat); len(subs) != 0 {
			t.Fatalf("old chat still has %d subscriptions", len(subs))
		}
		if subs, _ := s.Subscriptions(ctx, moved); len(subs) != 2 {
			t.Fatalf("moved chat has %d subscriptions, want 2", len(subs))
		}
		if st, _ := s.ChatSettings(ctx, moved); !st.Saved || st.DeliveryTime != "08:00" {
			t.Fatalf("moved chat settings = %+v", st)
		}

		if n, err := s.Unsubscribe(ctx, moved, []string{"jp"}); err != nil || n != 1 {
			t.Fatalf("Unsubscribe jp = %d, %v", n, err)
		}
		if n, err := s.Unsubscribe(ctx, moved, nil); err != nil || n != 1 {
			t.Fatalf("Unsubscribe all = %d, %v", n, err)
		}
		if subs, _ := s.Subscriptions(ctx, other); len(subs) != 1 {
			t.Fatalf("other chat lost its subscription: %+v", subs)
		}
	})
}

// A deleted thread suspends the subscriptions made in it, not the
// channel's own nor another thread's.
func TestSuspendThreadKeepsTheRestOfTheChannel(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		chat := bot.ChatKey{Platform: "discord", ChatID: "77"}
		for _, sub := range []bot.Subscription{
			{ChatKey: chat, Country: "fr"},
			{ChatKey: chat, Country: "jp", ThreadID: "88"},
			{ChatKey: chat, Country: "de", ThreadID: "88"},
			{ChatKey: chat, Country: "ua", ThreadID: "99"},
		} {
			if _, _, err := s.Subscribe(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.SuspendThread(ctx, chat, "88"); err != nil || n != 2 {
			t.Fatalf("SuspendThread = %d, %v; want 2", n, err)
		}
		if n, err := s.SuspendThread(ctx, chat, "88"); err != nil || n != 0 {
			t.Fatalf("SuspendThread again = %d, %v; want 0", n, err)
		}
		subs, err := s.Subscriptions(ctx, chat)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, sb := range subs {
			got[sb.Country] = sb.Status
		}
		want := map[string]string{"fr": bot.StatusActive, "jp": bot.StatusSuspended, "de": bot.StatusSuspended, "ua": bot.StatusActive}
		if !maps.Equal(got, want) {
			t.Fatalf("statuses %v; want %v", got, want)
		}
	})
}
