package main

import (
	"net"
	"strings"
	"testing"
	"time"
)

// Without telegram.webhook_url serve long-polls: it calls getUpdates,
// never setWebhook, listens on nothing for Telegram, and answers the
// updates it polls.
func TestServeTelegramPollsByDefault(t *testing.T) {
	feeds := newFeedServer(t)
	api := newFakeBotAPI(t, fakeBotAPIOptions{Token: whToken})
	listen := freeAddr(t)
	c := newCLI(t,
		"WORLDBRIEF_CATALOG="+testCatalog(t, feeds.URL),
		"WORLDBRIEF_TELEGRAM_TOKEN="+whToken,
		"WORLDBRIEF_TELEGRAM_API_URL="+api.URL,
		"WORLDBRIEF_TELEGRAM_POLL_TIMEOUT=1s",
		// A webhook secret and listen address alone do not switch to
		// webhook mode.
		"WORLDBRIEF_TELEGRAM_WEBHOOK_SECRET="+whSecret,
		"WORLDBRIEF_TELEGRAM_LISTEN="+listen,
		"WORLDBRIEF_HTTP_LISTEN=",
		"WORLDBRIEF_LOG_LEVEL=debug", "WORLDBRIEF_LOG_FORMAT=json",
	)
	r := startServe(t, "serve", c.env, "")
	waitFor(t, 60*time.Second, "getUpdates", func() bool { return len(api.methodCalls("getUpdates")) > 0 }, r)
	api.queue(tgUpdate(7, 5550200, "/help"))
	waitFor(t, 60*time.Second, "the polled /help to be answered", func() bool { return len(api.sent("5550200")) > 0 }, r)
	// The next getUpdates confirms the update (offset 8): it is not
	// answered twice.
	waitFor(t, 60*time.Second, "getUpdates with offset 8", func() bool {
		for _, f := range api.methodCalls("getUpdates") {
			if f.Get("offset") == "8" {
				return true
			}
		}
		return false
	}, r)
	if conn, err := net.DialTimeout("tcp", listen, time.Second); err == nil {
		conn.Close()
		t.Errorf("serve listens on telegram.listen (%s) in polling mode", listen)
	}
	r.stop(t)
	if n := len(api.methodCalls("setWebhook")); n != 0 {
		t.Errorf("setWebhook called %d times in polling mode", n)
	}
	if got := api.sent("5550200"); len(got) != 1 || !strings.Contains(got[0], "/subscribe") {
		t.Errorf("polled /help: want one help reply, got %q", got)
	}
	logs := r.stdout.String() + r.stderr.String()
	for _, s := range []string{whToken, "TESTtoken", whSecret} {
		if strings.Contains(logs, s) {
			t.Errorf("a secret (%.12s…) is in the logs:\n%s", s, logs)
		}
	}
}
