package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/store"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Secrets of the webhook tests: none may appear in a log line.
const (
	whToken  = "123456:TESTtoken_webhookABCDEFGHIJKLMNOP012"
	whSecret = "wh-SECRET_value_4f9a2c"
)

// roundRobin is the load balancer in front of the replicas: a TLS
// server whose reverse proxy sends each request to the next backend in
// turn, and tells in the X-Test-Backend response header which one
// answered.
type roundRobin struct {
	*httptest.Server
	mu       sync.Mutex
	backends []string
	next     int
	hits     []int
}

// newRoundRobin starts the load balancer; setBackends gives it the
// replicas' addresses (taken after its own port, so they cannot clash).
func newRoundRobin(t *testing.T) *roundRobin {
	t.Helper()
	lb := &roundRobin{}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			lb.mu.Lock()
			i := lb.next % len(lb.backends)
			lb.next++
			lb.hits[i]++
			host := lb.backends[i]
			lb.mu.Unlock()
			pr.SetURL(&url.URL{Scheme: "http", Host: host})
			pr.Out.Header.Set("X-Test-Backend", strconv.Itoa(i))
		},
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Set("X-Test-Backend", resp.Request.Header.Get("X-Test-Backend"))
			return nil
		},
	}
	lb.Server = httptest.NewTLSServer(proxy)
	t.Cleanup(lb.Close)
	return lb
}

// setBackends sets the addresses the requests go to, in turn.
func (lb *roundRobin) setBackends(addrs ...string) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	lb.backends, lb.hits = addrs, make([]int, len(addrs))
}

// counts returns how many requests each backend was sent.
func (lb *roundRobin) counts() []int {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return append([]int(nil), lb.hits...)
}

// webhookPostgresDSN creates a throwaway schema on the PostgreSQL server
// of WORLDBRIEF_TEST_POSTGRES_DSN, dropped when the test ends, and
// returns a DSN whose search_path is that schema. It skips the test when
// the variable is unset.
func webhookPostgresDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv("WORLDBRIEF_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("WORLDBRIEF_TEST_POSTGRES_DSN not set")
	}
	db, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("open %s: %v", store.RedactDSN(base), err)
	}
	schema := fmt.Sprintf("wbtest_webhook_%d_%d", os.Getpid(), time.Now().UnixNano())
	if err := db.Exec(`CREATE SCHEMA "` + schema + `"`).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Exec(`DROP SCHEMA "` + schema + `" CASCADE`).Error; err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Two serve replicas in webhook mode behind a round-robin load balancer,
// sharing one database, answer Telegram's updates: each update once, by
// whichever replica it reaches, with the state the other one wrote.
func TestServeWebhookReplicasBehindLoadBalancer(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		// One SQLite file, migrated first: SQLite migrations take no
		// lock across processes.
		testWebhookReplicas(t, "sqlite:"+t.TempDir()+"/shared.db", true, false)
	})
	t.Run("postgres", func(t *testing.T) {
		// A fresh schema both replicas migrate at once, as replicas
		// started together do (the migration lock serializes them).
		testWebhookReplicas(t, webhookPostgresDSN(t), false, false)
	})
	t.Run("sqlite-setWebhook-429", func(t *testing.T) {
		// Telegram rate-limits the first setWebhook: the replica it
		// reached waits retry_after and registers again; both come up.
		testWebhookReplicas(t, "sqlite:"+t.TempDir()+"/shared.db", true, true)
	})
}

// testWebhookReplicas runs the replicas test on dsn; with rateLimited the
// fake Bot API answers the first setWebhook with 429 (retry after 1s).
func testWebhookReplicas(t *testing.T, dsn string, migrateFirst, rateLimited bool) {
	started := time.Now()
	feeds := newFeedServer(t)
	opts := fakeBotAPIOptions{Token: whToken}
	if rateLimited {
		opts.TooManyRequests = map[string]int{"setWebhook": 1}
	}
	api := newFakeBotAPI(t, opts)
	lb := newRoundRobin(t)
	addrA, addrB := freeAddr(t), freeAddr(t)
	for addrB == addrA {
		addrB = freeAddr(t)
	}
	lb.setBackends(addrA, addrB)
	hookURL := lb.URL + "/telegram/webhook"

	envFor := func(listen string) []string {
		return newCLI(t,
			"WORLDBRIEF_DB="+dsn,
			"WORLDBRIEF_CATALOG="+testCatalog(t, feeds.URL),
			"WORLDBRIEF_TELEGRAM_TOKEN="+whToken,
			"WORLDBRIEF_TELEGRAM_API_URL="+api.URL,
			"WORLDBRIEF_TELEGRAM_WEBHOOK_URL="+hookURL,
			"WORLDBRIEF_TELEGRAM_WEBHOOK_SECRET="+whSecret,
			"WORLDBRIEF_TELEGRAM_LISTEN="+listen,
			"WORLDBRIEF_HTTP_LISTEN=",
			// Every log line of the run, at the most talkative level, is
			// checked for the secrets at the end.
			"WORLDBRIEF_LOG_LEVEL=debug", "WORLDBRIEF_LOG_FORMAT=json",
		).env
	}
	envA := envFor(addrA)
	if migrateFirst {
		if code, _, errb := (&cli{t: t, env: envA}).run("migrate"); code != 0 {
			t.Fatalf("migrate: %s", errb)
		}
	}
	a := startServe(t, "replica A", envA, addrA)
	b := startServe(t, "replica B", envFor(addrB), addrB)
	replicas := []*replica{a, b}

	// Both replicas register the webhook, with the same URL and secret,
	// once their listener is up (registering is done in the background:
	// wait for it too).
	waitFor(t, 60*time.Second, "both replicas to serve the webhook", func() bool {
		for _, r := range replicas {
			logs := r.stderr.String()
			if !strings.Contains(logs, `"msg":"webhook serving"`) || !strings.Contains(logs, `"msg":"webhook registered"`) {
				return false
			}
		}
		return true
	}, replicas...)
	hooks := api.methodCalls("setWebhook")
	if !rateLimited && len(hooks) != 2 {
		t.Fatalf("setWebhook called %d times, want once per replica", len(hooks))
	}
	if rateLimited {
		// One replica got the 429, waited and called again: it succeeded
		// once per replica (each logged "webhook registered").
		var limited, ok int
		for _, c := range api.callsOf("setWebhook") {
			switch c.status {
			case http.StatusTooManyRequests:
				limited++
			case http.StatusOK:
				ok++
			}
		}
		if len(hooks) < 3 || limited != 1 || ok < 2 {
			t.Fatalf("setWebhook called %d times, %d answered 429, %d accepted; want ≥3 calls, the first refused, then once per replica accepted", len(hooks), limited, ok)
		}
		retried := 0
		for _, r := range replicas {
			if strings.Contains(r.stderr.String(), `"msg":"setWebhook failed; retrying"`) {
				retried++
			}
		}
		if retried != 1 {
			t.Errorf("%d replicas logged a setWebhook retry; want the one rate-limited", retried)
		}
	}
	for i, h := range hooks {
		if h.Get("url") != hookURL || h.Get("secret_token") != whSecret {
			t.Errorf("setWebhook #%d: url %q, secret_token %q; want %q and the configured secret", i, h.Get("url"), h.Get("secret_token"), hookURL)
		}
	}
	if n := len(api.methodCalls("getUpdates")); n != 0 {
		t.Errorf("getUpdates called %d times in webhook mode", n)
	}

	// post sends an update through the load balancer as Telegram does,
	// and returns the status, the replica that answered (0: A, 1: B) and
	// the messages sent to the chat while the request was handled (the
	// webhook answers an update before it replies 200).
	updateID := 100
	post := func(chatID int64, text string, secret *string) (int, int, []string) {
		t.Helper()
		updateID++
		body, _ := json.Marshal(tgUpdate(updateID, chatID, text))
		chat := strconv.FormatInt(chatID, 10)
		before := len(api.sent(chat))
		req, _ := http.NewRequest(http.MethodPost, hookURL, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		if secret != nil {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", *secret)
		}
		resp, err := lb.Client().Do(req)
		if err != nil {
			t.Fatalf("POST %q: %v", text, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		backend, err := strconv.Atoi(resp.Header.Get("X-Test-Backend"))
		if err != nil {
			t.Fatalf("POST %q: no backend in the answer (%d)", text, resp.StatusCode)
		}
		return resp.StatusCode, backend, api.sent(chat)[before:]
	}
	secret, wrong, empty := whSecret, "wh-WRONG_guess_000000", ""

	// /subscribe reaches replica A, /list reaches replica B, which reads
	// the subscription A wrote.
	const chat = 5550001
	code, via, replies := post(chat, "/subscribe france", &secret)
	if code != http.StatusOK || via != 0 {
		t.Fatalf("/subscribe: status %d via replica %d; want 200 via A", code, via)
	}
	if len(replies) != 1 || !strings.Contains(replies[0], "Subscribed to <b>France (fr)</b>") {
		t.Fatalf("/subscribe france: want one reply confirming France, got %q", replies)
	}
	code, via, replies = post(chat, "/list", &secret)
	if code != http.StatusOK || via != 1 {
		t.Fatalf("/list: status %d via replica %d; want 200 via B", code, via)
	}
	if len(replies) != 1 || !strings.Contains(replies[0], "<b>France</b> (fr)") {
		t.Fatalf("/list via the other replica: want one reply listing France, got %q", replies)
	}

	// More updates, from other chats, alternate between the replicas;
	// each is answered once.
	for i := range 4 {
		other := int64(5550100 + i)
		code, via, replies := post(other, "/help", &secret)
		if code != http.StatusOK || via != i%2 {
			t.Fatalf("/help #%d: status %d via replica %d; want 200 via %d", i, code, via, i%2)
		}
		if len(replies) != 1 || !strings.Contains(replies[0], "/subscribe") {
			t.Fatalf("/help #%d: want one help reply, got %q", i, replies)
		}
	}

	// Requests without the secret, or with a wrong one, are refused by
	// either replica: 401, no reply, nothing written.
	const intruder = 5559999
	for i, s := range []*string{&wrong, nil, &empty, &wrong} {
		code, via, replies := post(intruder, "/subscribe russia", s)
		if code != http.StatusUnauthorized {
			t.Errorf("bad secret #%d via replica %d: status %d, want 401", i, via, code)
		}
		if len(replies) != 0 {
			t.Errorf("bad secret #%d via replica %d was answered: %q", i, via, replies)
		}
		code, _, replies = post(chat, "/unsubscribe france", s)
		if code != http.StatusUnauthorized || len(replies) != 0 {
			t.Errorf("bad secret /unsubscribe #%d: status %d, replies %q; want 401 and none", i, code, replies)
		}
	}
	if hits := lb.counts(); hits[0] == 0 || hits[1] == 0 || hits[0] != hits[1] {
		t.Errorf("the load balancer sent %d requests to A and %d to B; want both, evenly", hits[0], hits[1])
	}

	// The database holds what the authenticated updates did, and only
	// that.
	st, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	subs, err := st.Subscriptions(context.Background(), bot.ChatKey{Platform: "telegram", ChatID: strconv.Itoa(chat)})
	if err != nil || len(subs) != 1 || subs[0].Country != "fr" {
		t.Errorf("chat %d subscriptions = %+v, %v; want France only", chat, subs, err)
	}
	subs, err = st.Subscriptions(context.Background(), bot.ChatKey{Platform: "telegram", ChatID: strconv.Itoa(intruder)})
	if err != nil || len(subs) != 0 {
		t.Errorf("unauthenticated requests wrote subscriptions: %+v, %v", subs, err)
	}

	for _, r := range replicas {
		r.stop(t)
	}
	// After the run: no message to the intruder's chat, and no message
	// besides the replies to the subscribed one (a morning digest could
	// only be owed if the clock crossed the delivery time meanwhile).
	if got := api.sent(strconv.Itoa(intruder)); len(got) != 0 {
		t.Errorf("messages sent to the unauthenticated chat: %q", got)
	}
	if got := api.sent(strconv.Itoa(chat)); len(got) != 2 && !crossedDeliveryTime(started, time.Now()) {
		t.Errorf("chat %d got %d messages, want the 2 replies: %q", chat, len(got), got)
	}
	if n := len(api.methodCalls("deleteWebhook")); n != 0 {
		t.Errorf("a replica called deleteWebhook %d times: stopping one replica must not unhook the others", n)
	}
	for _, r := range replicas {
		logs := r.stdout.String() + r.stderr.String()
		if !strings.Contains(logs, `"level":"DEBUG"`) {
			t.Errorf("%s logged nothing at debug level", r.name)
		}
		for _, s := range []string{whToken, "TESTtoken", whSecret, wrong} {
			if strings.Contains(logs, s) {
				t.Errorf("%s logged a secret (%.12s…):\n%s", r.name, s, logs)
			}
		}
		if pw, ok := dsnPassword(dsn); ok && strings.Contains(logs, pw) {
			t.Errorf("%s logged the database password", r.name)
		}
	}
}

// crossedDeliveryTime reports whether the default delivery time (UTC)
// fell between from and to.
func crossedDeliveryTime(from, to time.Time) bool {
	sch, err := delivery.ParseSchedule(bot.DefaultDeliveryTime, bot.DefaultTimezone)
	if err != nil {
		return true
	}
	at, _ := sch.Last(to)
	return !at.Before(from)
}

// dsnPassword returns the password of a PostgreSQL DSN.
func dsnPassword(dsn string) (string, bool) {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return "", false
	}
	pw, ok := u.User.Password()
	return pw, ok && pw != ""
}
