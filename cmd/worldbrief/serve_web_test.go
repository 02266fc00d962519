package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/web/webtest"
)

// servedWeb runs serve with the web pages on, a Telegram bot on a fake
// Bot API with chat 42 owed France's morning, over the digest fixtures;
// it returns the pages' base URL, the fake API and the replica once the
// France page shows its stories.
func servedWeb(t *testing.T, withChat bool) (string, *fakeBotAPI, *replica) {
	t.Helper()
	feeds, _ := newDigestFeedServer(t)
	web, ops := freeAddr(t), freeAddr(t)
	base := "http://" + web
	env := []string{"WORLDBRIEF_CATALOG=" + digestCatalog(t, feeds.URL), "WORLDBRIEF_WEB_LISTEN=" + web,
		"WORLDBRIEF_WEB_BASE_URL=" + base, "WORLDBRIEF_HTTP_LISTEN=" + ops, "WORLDBRIEF_FETCH_INTERVAL=1m",
		"WORLDBRIEF_LOG_LEVEL=auto"} // the default level: serve logs at info
	var api *fakeBotAPI
	if withChat {
		api = newFakeBotAPI(t, fakeBotAPIOptions{})
		env = append(env, "WORLDBRIEF_TELEGRAM_TOKEN=123456:TESTtoken_abcdefghijklmnopqrstuvwxyz012",
			"WORLDBRIEF_TELEGRAM_API_URL="+api.URL, "WORLDBRIEF_TELEGRAM_POLL_TIMEOUT=1s")
	}
	c := newCLI(t, env...)
	if code, _, errb := c.run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", errb)
	}
	if withChat {
		seedDueDelivery(t, c, "fr")
		seedDueDelivery(t, c, "world")
	}
	r := startServe(t, "web", c.env, "")
	// Ready means serve's first round has read every feed: pages asked
	// for from then on show all of them.
	waitFor(t, 30*time.Second, "serve ready after its first fetch", func() bool {
		code, _ := httpGet("http://" + ops + "/readyz")
		return code == http.StatusOK
	}, r)
	waitFor(t, 30*time.Second, "the France page with its stories", func() bool {
		code, body := httpGet(base + "/fr")
		return code == http.StatusOK && strings.Contains(body, "Louvre")
	}, r)
	return base, api, r
}

// httpGet returns a GET's status and body (0 when it fails).
func httpGet(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeWebPages: serve with web.listen serves the pages and feeds
// from the same digests as the chats, and the morning digests it sends
// (France's and the world edition's) end with the link to their page
// under web.base_url.
func TestServeWebPages(t *testing.T) {
	base, api, r := servedWeb(t, true)
	for path, want := range map[string]string{
		"/":             `href="/fr"`,
		"/world":        "2 countries",
		"/world.atom":   "tag:worldbrief,2026:world/",
		"/fr.atom":      "<feed xmlns=\"http://www.w3.org/2005/Atom\"",
		"/fr.json":      `"version": "https://jsonfeed.org/version/1.1"`,
		"/catalog.opml": `xmlUrl="`,
	} {
		if code, body := httpGet(base + path); code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s = %d, want 200 with %q:\n%.400s", path, code, want, body)
		}
	}
	if code, _ := httpGet(base + "/narnia"); code != http.StatusNotFound {
		t.Errorf("GET /narnia = %d, want 404", code)
	}
	waitFor(t, 20*time.Second, "France's and the world's mornings sent to chat 42", func() bool { return len(api.sent("42")) >= 2 }, r)
	msg := strings.Join(api.sent("42"), "\n")
	for _, want := range []string{"All takes and sources: <a href=\"" + base + "/fr/", "The world's current take —",
		"All takes and sources: <a href=\"" + base + "/world/"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the morning digests lack %q:\n%s", want, msg)
		}
	}
}

// TestServeWebOnly: serve with only web.listen (no chat token) serves the
// pages and sends nothing.
func TestServeWebOnly(t *testing.T) {
	base, _, r := servedWeb(t, false)
	if code, body := httpGet(base + "/world"); code != http.StatusOK || !strings.Contains(body, "The world&#39;s current take") {
		t.Errorf("GET /world = %d:\n%.400s", code, body)
	}
	// Its first log line says it runs no chat and why none is sent.
	if logs := r.stderr.String(); !strings.Contains(logs, `chats="none (web pages only`) {
		t.Errorf("serve's log does not say it runs no chat:\n%s", logs)
	}
}

// TestServeWebInRealBrowser loads the picker, France and the world
// edition of a running serve in headless Chromium at 390 px.
func TestServeWebInRealBrowser(t *testing.T) {
	webtest.Chromium(t)
	started := time.Now()
	base, _, _ := servedWeb(t, false)
	b := webtest.Open(t)
	for _, c := range []struct {
		path, name     string
		stories, takes int
	}{{"/", "serve-home", 0, 0}, {"/fr", "serve-fr", 2, 1}, {"/world", "serve-world", 2, 2}} {
		f := b.Visit(t, base+c.path, c.name, false)
		if f.Stories != c.stories || f.Takes != c.takes {
			t.Errorf("%s: %d stories, %d takes; want %d, %d", c.path, f.Stories, f.Takes, c.stories, c.takes)
		}
		webtest.CheckFits(t, c.path, f)
	}
	t.Logf("browser test against serve: wall time %s", time.Since(started).Round(time.Millisecond))
}

// TestServeReadyAtOnceAfterARecentFetch: a serve started minutes after
// the feeds were read (a restart, or a `worldbrief fetch` before it) has
// nothing due in its first round, and is ready at once all the same: it
// does not wait for a site's minute slot, which with fetch.interval 24h
// may be hours away.
func TestServeReadyAtOnceAfterARecentFetch(t *testing.T) {
	feeds := newFeedServer(t)
	web, ops := freeAddr(t), freeAddr(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+testCatalog(t, feeds.URL), "WORLDBRIEF_WEB_LISTEN="+web,
		"WORLDBRIEF_HTTP_LISTEN="+ops, "WORLDBRIEF_FETCH_INTERVAL=24h")
	if code, _, errb := c.run("fetch"); code != 0 {
		t.Fatalf("fetch: exit %d %s", code, errb)
	}
	hits := feeds.hits.Load()
	r := startServe(t, "web", c.env, "")
	waitFor(t, 20*time.Second, "serve ready without fetching again", func() bool {
		code, _ := httpGet("http://" + ops + "/readyz")
		return code == http.StatusOK
	}, r)
	if n := feeds.hits.Load(); n != hits {
		t.Errorf("serve fetched %d feeds that were fresh", n-hits)
	}
}
