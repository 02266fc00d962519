package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/bottest"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/pipeline/ops"
)

// freeAddr returns a loopback address nothing listens on (just now).
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// seedDueDelivery subscribes Telegram chat 42 to country and enqueues
// its morning, due two minutes ago.
func seedDueDelivery(t *testing.T, c *cli, country string) {
	t.Helper()
	ctx := context.Background()
	st := c.openStore()
	sub, _, err := st.Subscribe(ctx, bot.Subscription{
		ChatKey: bot.ChatKey{Platform: "telegram", ChatID: "42"}, Country: country,
		DeliveryTime: bot.DefaultDeliveryTime, Timezone: bot.DefaultTimezone,
	})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(-2 * time.Minute)
	n, err := st.EnqueueDeliveries(ctx, []delivery.Delivery{{
		SubscriptionID: sub.ID, ChatKey: sub.ChatKey, Country: country,
		Date: due.UTC().Format(delivery.DateLayout), NextAttemptAt: due,
	}})
	if err != nil || n != 1 {
		t.Fatalf("enqueue = %d, %v", n, err)
	}
}

var feedsOK = regexp.MustCompile(`(?m)^worldbrief_feeds_fetched_total\{result="ok"\} (\d+)$`)

func TestServeExposesOpsEndpointsAndStopsCleanly(t *testing.T) {
	feeds := newFeedServer(t)
	api := newFakeBotAPI(t, fakeBotAPIOptions{})
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
	var stdout, stderr bottest.Buffer
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
			if m := feedsOK.FindStringSubmatch(metrics); m != nil && m[1] != "0" && strings.Contains(metrics, "worldbrief_deliveries_total{") &&
				!strings.Contains(metrics, "worldbrief_digests_built_total 0") { // counted at the end of the pass
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never became ready with a fetch counted; /readyz: %s\n/metrics:\n%s\nstderr: %s", ready, metrics, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(ready, `{"name":"telegram","ok":true}`) {
		t.Errorf("/readyz does not report Telegram connected: %s", ready)
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
		`go_sql_max_open_connections{db_name="sqlite"}`,
		"process_resident_memory_bytes ",
		`worldbrief_build_info{goversion="` + runtime.Version() + `",`,
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

// /readyz reports an adapter that cannot reach its platform, and turns
// ready once it can, without a restart.
func TestServeNotReadyUntilTelegramAnswers(t *testing.T) {
	feeds := newFeedServer(t)
	api := newFakeBotAPI(t, fakeBotAPIOptions{})
	var up atomic.Bool
	// Telegram behind a gateway that answers 502 until up is set.
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		}
		httputil.NewSingleHostReverseProxy(mustParseURL(t, api.URL)).ServeHTTP(w, r)
	}))
	defer gw.Close()
	addr := freeAddr(t)
	c := newCLI(t,
		"WORLDBRIEF_CATALOG="+testCatalog(t, feeds.URL),
		"WORLDBRIEF_TELEGRAM_TOKEN=123456:TESTtoken_abcdefghijklmnopqrstuvwxyz012",
		"WORLDBRIEF_TELEGRAM_API_URL="+gw.URL,
		"WORLDBRIEF_FETCH_INTERVAL=1m",
		"WORLDBRIEF_TELEGRAM_POLL_TIMEOUT=1s",
		"WORLDBRIEF_HTTP_LISTEN="+addr,
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bottest.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, c.env, &stdout, &stderr) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	}()

	// waitReady polls /readyz until want(rd) holds.
	waitReady := func(what string, want func(code int, rd ops.Readiness) bool) ops.Readiness {
		t.Helper()
		var rd ops.Readiness
		code := 0
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			select {
			case c := <-done:
				t.Fatalf("serve exited early with %d: %s", c, stderr.String())
			default:
			}
			resp, err := http.Get("http://" + addr + "/readyz")
			if err != nil {
				continue
			}
			rd = ops.Readiness{}
			err = json.NewDecoder(resp.Body).Decode(&rd)
			resp.Body.Close()
			if code = resp.StatusCode; err == nil && want(code, rd) {
				return rd
			}
		}
		t.Fatalf("%s: last /readyz %d %+v\nstderr: %s", what, code, rd, stderr.String())
		return rd
	}
	checkOf := func(rd ops.Readiness, name string) (ops.Check, bool) {
		for _, c := range rd.Checks {
			if c.Name == name {
				return c, true
			}
		}
		return ops.Check{}, false
	}
	// The feeds answer, Telegram does not: not ready, and /readyz says why.
	rd := waitReady("Telegram down", func(code int, rd ops.Readiness) bool {
		f, _ := checkOf(rd, "fetch")
		tg, ok := checkOf(rd, "telegram")
		return code == http.StatusServiceUnavailable && f.OK && ok && !tg.OK
	})
	if tg, _ := checkOf(rd, "telegram"); !strings.Contains(tg.Detail, "not connected to Telegram") || !strings.Contains(tg.Detail, "502") {
		t.Errorf("telegram check detail %q; want it to say Telegram is not connected (502)", tg.Detail)
	}
	if strings.Contains(fmt.Sprint(rd), "TESTtoken") {
		t.Errorf("/readyz shows the token: %+v", rd)
	}
	// Telegram comes back: ready without a restart.
	up.Store(true)
	waitReady("Telegram back", func(code int, rd ops.Readiness) bool {
		tg, _ := checkOf(rd, "telegram")
		return code == http.StatusOK && rd.Ready && tg.OK
	})
}

func mustParseURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
