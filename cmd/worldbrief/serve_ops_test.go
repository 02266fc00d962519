package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/store"
)

// freeAddr returns a loopback address nothing listens on (just now).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of serve.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// seedDueDelivery subscribes Telegram chat 42 to country and enqueues
// its morning, due two minutes ago.
func seedDueDelivery(t *testing.T, c *cli, country string) {
	t.Helper()
	var dsn string
	for _, kv := range c.env {
		if v, ok := strings.CutPrefix(kv, "WORLDBRIEF_DB="); ok {
			dsn = v
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sub, _, err := st.Subscribe(ctx, bot.Subscription{
		ChatKey: bot.ChatKey{Platform: "telegram", ChatID: "42"}, Country: country,
		DeliveryTime: bot.DefaultDeliveryTime, Timezone: bot.DefaultTimezone,
	})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(-2 * time.Minute)
	n, err := st.EnqueueDeliveries(ctx, []bot.Delivery{{
		SubscriptionID: sub.ID, ChatKey: sub.ChatKey, Country: country,
		Date: due.UTC().Format(bot.DateLayout), NextAttemptAt: due,
	}})
	if err != nil || n != 1 {
		t.Fatalf("enqueue = %d, %v", n, err)
	}
}

var feedsOK = regexp.MustCompile(`(?m)^worldbrief_feeds_fetched_total\{result="ok"\} (\d+)$`)

func TestServeExposesOpsEndpointsAndStopsCleanly(t *testing.T) {
	feeds := newFeedServer(t)
	api := newFakeBotAPI(t)
	addr := freeAddr(t)
	c := newCLI(t,
		"WORLDBRIEF_CATALOG="+testCatalog(t, feeds.URL),
		"WORLDBRIEF_TELEGRAM_TOKEN=123456:TESTtoken_abcdefghijklmnopqrstuvwxyz012",
		"WORLDBRIEF_TELEGRAM_API_URL="+api.URL,
		"WORLDBRIEF_TELEGRAM_POLL_TIMEOUT=1s",
		"WORLDBRIEF_FETCH_INTERVAL=1m",
		"WORLDBRIEF_HTTP_LISTEN="+addr,
		// Every log line of the run, at the most talkative level, is
		// checked for the token at the end.
		"WORLDBRIEF_LOG_LEVEL=debug", "WORLDBRIEF_LOG_FORMAT=json",
	)
	// A Telegram chat is owed a morning digest of France: serve's first
	// delivery pass sends it after the first fetch.
	if code, _, errb := c.run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", errb)
	}
	seedDueDelivery(t, c, "fr")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, c.env, &stdout, &stderr) }()

	get := func(path string) (int, string, error) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}

	// The first fetch runs at start: wait until /readyz says ready and
	// the feeds-fetched counter has moved.
	deadline := time.Now().Add(20 * time.Second)
	var metrics, ready string
	for {
		select {
		case code := <-done:
			t.Fatalf("serve exited early with %d: %s", code, stderr.String())
		default:
		}
		code, body, err := get("/readyz")
		ready = body
		if err == nil && code == http.StatusOK {
			_, metrics, _ = get("/metrics")
			if m := feedsOK.FindStringSubmatch(metrics); m != nil && m[1] != "0" && strings.Contains(metrics, "worldbrief_deliveries_total{") {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never became ready with a fetch counted; /readyz: %s\n/metrics:\n%s\nstderr: %s", ready, metrics, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code, body, err := get("/healthz"); err != nil || code != 200 || strings.TrimSpace(body) != "ok" {
		t.Fatalf("/healthz = %d %q %v; want 200 ok", code, body, err)
	}
	// The catalog has 4 working feeds and 3 broken ones.
	if m := feedsOK.FindStringSubmatch(metrics); m[1] != "4" {
		t.Errorf("feeds fetched ok = %s; want 4\n%s", m[1], metrics)
	}
	for _, want := range []string{
		`worldbrief_feeds_fetched_total{result="failed"} 3`,
		`worldbrief_outbox_depth 0`,
		`worldbrief_deliveries_total{platform="telegram",status="sent"} 1`,
		`worldbrief_delivery_lag_seconds_count 1`,
		`worldbrief_digests_built_total 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, metrics)
		}
	}
	if !regexp.MustCompile(`(?m)^worldbrief_articles_ingested_total [1-9]`).MatchString(metrics) {
		t.Errorf("no article counted as ingested:\n%s", metrics)
	}

	// Interrupting serve (as SIGINT/SIGTERM do through main's context)
	// stops it cleanly: exit code 0, and the ops server is gone.
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve after cancel exited %d; want 0; stderr: %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	if _, _, err := get("/healthz"); err == nil {
		t.Error("the ops server still answers after serve returned")
	}
	if logs := stderr.String() + stdout.String(); strings.Contains(logs, "TESTtoken") || !strings.Contains(logs, `"level":"DEBUG"`) {
		t.Errorf("the bot token leaked into the logs, or nothing was logged:\n%s", logs)
	}
}
