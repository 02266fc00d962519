package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
)

// twoStories is a Digester of a two-story digest.
type twoStories struct{}

func (twoStories) Digest(_ context.Context, country string) (digest.Digest, error) {
	return digest.Digest{Country: country, Date: "2026-05-01", Stories: []digest.Story{
		{Headline: "Budget passes"}, {Headline: "Football final tonight"},
	}}, nil
}

// refusingMessenger records the digests sent to each chat, or refuses
// them with fail's error.
type refusingMessenger struct {
	mu   sync.Mutex
	sent map[string][]string
	fail func(chat string, call int) error
}

func (m *refusingMessenger) Send(_ context.Context, chatID, _ string, msg bot.Message) error {
	if m.fail != nil {
		if err := m.fail(chatID, 0); err != nil {
			return err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent[chatID] = append(m.sent[chatID], strings.TrimSpace(msg.PlainText()))
	return nil
}

func newMessenger() *refusingMessenger { return &refusingMessenger{sent: map[string][]string{}} }

// A suspended chat is re-checked at its next morning: while it still
// refuses, it stays suspended (and its purge clock keeps running); once a
// digest goes through, its subscription is active again.
func TestSuspendedChatIsRecheckedAndReactivated(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		chat := bot.ChatKey{Platform: "telegram", ChatID: "42"}
		if _, _, err := s.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "fr"}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.SuspendChat(ctx, chat); err != nil || n != 1 {
			t.Fatalf("suspend = %d, %v", n, err)
		}
		blocked := true
		msgr := newMessenger()
		msgr.fail = func(string, int) error {
			if blocked {
				return fmt.Errorf("telegram: 403 Forbidden: bot was blocked by the user: %w", bot.ErrChatGone)
			}
			return nil
		}
		clock := time.Now().Add(48 * time.Hour)
		d := &delivery.Deliverer{Outbox: s, Digests: twoStories{}, Owner: "w", Workers: 1,
			Messengers: map[string]bot.Messenger{"telegram": msgr}, Now: func() time.Time { return clock }}
		morning := func() string {
			t.Helper()
			subs, err := s.DeliverableSubscriptions(ctx, "telegram")
			if err != nil || len(subs) != 1 {
				t.Fatalf("deliverable = %v, %v; want the suspended subscription", subs, err)
			}
			due, bad := delivery.DueDeliveries(subs, clock)
			if len(due) != 1 || len(bad) != 0 {
				t.Fatalf("due = %v, %v", due, bad)
			}
			if _, err := s.EnqueueDeliveries(ctx, due); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			subs, _ = s.Subscriptions(ctx, chat)
			return subs[0].Status
		}
		if got := morning(); got != bot.StatusSuspended {
			t.Fatalf("still blocked: status %q, want suspended", got)
		}
		if active, _ := s.ActiveSubscriptions(ctx, "telegram"); len(active) != 0 {
			t.Fatalf("a refused re-check made the subscription active: %+v", active)
		}
		blocked, clock = false, clock.Add(24*time.Hour)
		if got := morning(); got != bot.StatusActive {
			t.Fatalf("unblocked: status %q, want active again", got)
		}
		if len(msgr.sent["42"]) != 1 {
			t.Fatalf("sent %d digests after unblocking, want 1", len(msgr.sent["42"]))
		}
	})
}
