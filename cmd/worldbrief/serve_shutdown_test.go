package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/bottest"
	"github.com/worldbrief/worldbrief/bot/delivery"
)

// SIGTERM in the middle of a delivery run loses nothing: serve exits 0,
// the outbox holds every row as sent or pending (none stuck in sending),
// and a restarted serve delivers the rest, every chat once.
func TestServeInterruptedMidDeliveryLosesNothing(t *testing.T) {
	const chats = 100
	feeds := newFeedServer(t)
	api := newFakeBotAPI(t, fakeBotAPIOptions{})
	c := newCLI(t,
		"WORLDBRIEF_CATALOG="+testCatalog(t, feeds.URL),
		"WORLDBRIEF_TELEGRAM_TOKEN=123456:TESTtoken_abcdefghijklmnopqrstuvwxyz012",
		"WORLDBRIEF_TELEGRAM_API_URL="+api.URL,
		"WORLDBRIEF_TELEGRAM_POLL_TIMEOUT=1s",
		"WORLDBRIEF_HTTP_LISTEN=",
		"WORLDBRIEF_DELIVERY_TELEGRAM_RATE=10", // 10 s for all: more than the 8 s shutdown grace
	)
	if code, _, errb := c.run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", errb)
	}
	ctx := context.Background()
	st := c.openStore()
	due := time.Now().Add(-2 * time.Minute)
	var ds []delivery.Delivery
	for i := range chats {
		sub, _, err := st.Subscribe(ctx, bot.Subscription{
			ChatKey: bot.ChatKey{Platform: "telegram", ChatID: fmt.Sprint(1000 + i)}, Country: "fr",
			DeliveryTime: bot.DefaultDeliveryTime, Timezone: bot.DefaultTimezone,
		})
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, delivery.Delivery{SubscriptionID: sub.ID, ChatKey: sub.ChatKey, Country: "fr",
			Date: due.UTC().Format(delivery.DateLayout), NextAttemptAt: due})
	}
	if n, err := st.EnqueueDeliveries(ctx, ds); err != nil || n != chats {
		t.Fatalf("enqueue = %d, %v", n, err)
	}

	serve := func(stopAfter int) {
		t.Helper()
		sctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var stdout, stderr bottest.Buffer
		done := make(chan int, 1)
		go func() { done <- run(sctx, []string{"serve"}, c.env, &stdout, &stderr) }()
		deadline := time.Now().Add(60 * time.Second)
		for n, _ := api.chats(); n < stopAfter; n, _ = api.chats() {
			if time.Now().After(deadline) {
				t.Fatalf("only %d chats served; stderr: %s", n, stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		cancel() // what main does on SIGTERM
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("serve exited %d; stderr: %s", code, stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
		}
	}

	serve(10)
	rows, err := st.Deliveries(ctx, delivery.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	served, _ := api.chats()
	sent := 0
	for _, r := range rows {
		switch r.Status {
		case delivery.StatusSent:
			sent++
		case delivery.StatusPending:
		default:
			t.Errorf("after the interruption row %d is %q, want sent or pending", r.ID, r.Status)
		}
	}
	if len(rows) != chats || sent != served || sent == chats {
		t.Fatalf("%d rows, %d sent, %d chats served: want %d rows, sent = served, some left pending", len(rows), sent, served, chats)
	}

	serve(chats)
	if n, most := api.chats(); n != chats || most != 1 {
		t.Fatalf("after the restart %d of %d chats served, one of them %d times", n, chats, most)
	}
}
