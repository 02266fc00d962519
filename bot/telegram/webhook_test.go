package telegram

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestWebhookChecksSecret(t *testing.T) {
	h := newHarness(t, false)
	h.bot.opts.WebhookSecret = "s3cret"
	ctx := context.Background()
	if err := h.bot.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h.bot.WebhookHandler(ctx))
	defer srv.Close()
	body := `{"update_id":1,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"from":{"id":7},"text":"/help"}}`
	post := func(secret string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		if secret != "" {
			req.Header.Set(secretHeader, secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(""); code != http.StatusUnauthorized {
		t.Fatalf("no secret: %d", code)
	}
	if code := post("wrong"); code != http.StatusUnauthorized {
		t.Fatalf("wrong secret: %d", code)
	}
	if h.api.sentCount() != 0 {
		t.Fatal("an unauthenticated update was answered")
	}
	if code := post("s3cret"); code != http.StatusOK {
		t.Fatalf("right secret: %d", code)
	}
	if got := h.api.waitSent(1)[0]; !strings.Contains(got.Text, "/subscribe COUNTRY") {
		t.Fatalf("webhook /help reply: %s", got.Text)
	}
}

func TestWebhookMode(t *testing.T) {
	h := newHarness(t, false)
	addr := freeLoopback(t)
	h.bot.opts.WebhookURL = "https://bot.example.test/tg"
	h.bot.opts.WebhookSecret = "s3cret"
	h.bot.opts.Listen = addr
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.Run(ctx) }()
	body := `{"update_id":9,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"from":{"id":7},"text":"/subscribe jp"}}`
	var (
		resp *http.Response
		err  error
	)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", strings.NewReader(body))
		req.Header.Set(secretHeader, "s3cret")
		if resp, err = http.DefaultClient.Do(req); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("webhook server not reachable: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook answered %d", resp.StatusCode)
	}
	if got := h.api.waitSent(1)[0].Text; !strings.Contains(got, "Subscribed to <b>Japan (jp)</b>") {
		t.Fatalf("reply: %s", got)
	}
	h.api.mu.Lock()
	wh := h.api.webhook
	h.api.mu.Unlock()
	if wh != [2]string{"https://bot.example.test/tg", "s3cret"} {
		t.Errorf("setWebhook got %q", wh)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}

// Replicas registering the webhook at once may be rate-limited: the
// webhook keeps serving, setWebhook is retried after retry_after, and
// Connected reports the webhook unregistered until then. A URL Telegram
// refuses ends Run with the reason.
func TestWebhookRegistrationRetriesRateLimitAndStopsOnRefusal(t *testing.T) {
	h := newHarness(t, false)
	h.bot.opts.WebhookURL = "https://bot.example.test/tg"
	h.bot.opts.WebhookSecret = "s3cret"
	h.bot.opts.Listen = freeLoopback(t)
	h.api.mu.Lock()
	h.api.failHook = []failure{{429, "Too Many Requests: retry after 1", map[string]any{"retry_after": 1}}}
	h.api.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.Run(ctx) }()

	// Rate-limited: serving updates already, not yet registered.
	body := `{"update_id":9,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"from":{"id":7},"text":"/help"}}`
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		req, _ := http.NewRequest(http.MethodPost, "http://"+h.bot.opts.Listen+"/", strings.NewReader(body))
		req.Header.Set(secretHeader, "s3cret")
		var resp *http.Response
		if resp, err = http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			break
		}
	}
	if err != nil {
		t.Fatalf("webhook server not reachable while setWebhook is rate-limited: %v", err)
	}
	h.api.waitSent(1)
	// The update may be answered before the first setWebhook's 429 is
	// back: until then Connected says "not registered yet"; once it is
	// back it names the setWebhook failure, unless the retry already
	// succeeded.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		err := h.bot.Connected()
		h.api.mu.Lock()
		calls := h.api.hookCalls
		h.api.mu.Unlock()
		if (err != nil && strings.Contains(err.Error(), "setWebhook")) || calls >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("while rate-limited: Connected() = %v after %d setWebhook calls; want the setWebhook failure", err, calls)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); h.bot.Connected() != nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("webhook never registered: %v", h.bot.Connected())
		}
	}
	h.api.mu.Lock()
	calls, wh := h.api.hookCalls, h.api.webhook
	h.api.mu.Unlock()
	if calls != 2 || wh != [2]string{"https://bot.example.test/tg", "s3cret"} {
		t.Errorf("setWebhook called %d times, registered %q; want 2 calls and the URL with its secret", calls, wh)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	// A refusal is a configuration error: Run ends and says why.
	h2 := newHarness(t, false)
	h2.bot.opts.WebhookURL = "https://bot.example.test/tg"
	h2.bot.opts.WebhookSecret = "s3cret"
	h2.bot.opts.Listen = freeLoopback(t)
	h2.api.mu.Lock()
	h2.api.failHook = []failure{{400, "Bad Request: bad webhook: Failed to resolve host", nil}}
	h2.api.mu.Unlock()
	rctx, rcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer rcancel()
	if err := h2.bot.Run(rctx); err == nil || !strings.Contains(err.Error(), "bad webhook") {
		t.Fatalf("Run with a refused webhook URL = %v; want the refusal", err)
	}
}

// freeLoopback returns a loopback address nothing listens on (just now).
func freeLoopback(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
