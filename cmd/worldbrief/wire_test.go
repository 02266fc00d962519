package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/pipeline"
	"github.com/worldbrief/worldbrief/sources"
)

// wiredApp loads env's configuration and opens its store, as a command
// does before wiring; closed when the test ends.
func wiredApp(t *testing.T, env ...string) *app {
	t.Helper()
	env = append([]string{"WORLDBRIEF_DB=" + filepath.Join(t.TempDir(), "wb.db"), "WORLDBRIEF_LOG_LEVEL=error", "WORLDBRIEF_TRANSLATE_PROVIDER=none"}, env...)
	var sink strings.Builder
	a := &app{stdout: &sink, stderr: &sink, environ: env}
	a.flags.changed = func(string) bool { return false }
	if err := a.openStore(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	return a
}

// A chat's /headlines of a country whose feeds are stale fetches them
// and answers with the translated titles, as the CLI does.
func TestChatHeadlinesOfStaleCountryAreTranslated(t *testing.T) {
	srv, _ := newDigestFeedServer(t)
	lt := newFakeLibre(t)
	env := append([]string{
		"WORLDBRIEF_DB=" + filepath.Join(t.TempDir(), "wb.db"),
		"WORLDBRIEF_CATALOG=" + digestCatalog(t, srv.URL),
	}, libreEnv(lt)...)
	out, stderr, err := runPiped(t, env, "/headlines fr\n", "chat")
	if err != nil {
		t.Fatalf("chat: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "EN: Grève contre la réforme des retraites") {
		t.Fatalf("/headlines fr did not answer with the translated titles:\n%s", out)
	}
	if lt.requests.Load() == 0 {
		t.Fatal("the translator was never asked")
	}
}

// A chat's /digest on a fresh database reads the feeds first.
func TestChatDigestFetchesFirst(t *testing.T) {
	srv, hits := newDigestFeedServer(t)
	env := []string{
		"WORLDBRIEF_DB=" + filepath.Join(t.TempDir(), "wb.db"),
		"WORLDBRIEF_CATALOG=" + digestCatalog(t, srv.URL),
		"WORLDBRIEF_TRANSLATE_PROVIDER=none",
	}
	out, stderr, err := runPiped(t, env, "/digest fr\n", "chat")
	if err != nil {
		t.Fatalf("chat: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "Louvre") || strings.Contains(out, "no digest") {
		t.Fatalf("/digest fr on a fresh database did not show the stories:\n%s", out)
	}
	if hits.Load() != 3 {
		t.Errorf("fetched %d feeds, want France's 2 and the UK's 1", hits.Load())
	}
}

// A digest built while a country's feeds held nothing is not kept: once
// articles arrive, the next digest within digest.interval shows them.
func TestEmptyDigestIsNotKept(t *testing.T) {
	var empty atomic.Bool
	empty.Store(true)
	feeds, _ := newDigestFeedServer(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if empty.Load() {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`)
			return
		}
		http.Redirect(w, r, feeds.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL))
	out, stderr, err := runPiped(t, c.env, "/digest fr\n", "chat")
	if err != nil || !strings.Contains(out, "no digest for France yet") {
		t.Fatalf("chat /digest fr of empty feeds: %v\n%s\n%s", err, out, stderr)
	}
	empty.Store(false)
	if code, _, errOut := c.run("fetch", "fr"); code != 0 {
		t.Fatalf("fetch fr: exit %d: %s", code, errOut)
	}
	code, txt, errOut := c.run("digest", "fr")
	if code != 0 || !strings.Contains(txt, "Louvre") {
		t.Fatalf("digest fr after its feeds were read: exit %d; want the Louvre story, got\n%s\n%s", code, txt, errOut)
	}
	out, _, _ = runPiped(t, c.env, "/digest fr\n", "chat")
	if !strings.Contains(out, "Louvre") {
		t.Fatalf("chat /digest fr after its feeds were read:\n%s", out)
	}
}

// One fetcher per process: two refreshes that overlap (serve's tick and
// a chat's /headlines) share its per-host limit, so one host never sees
// more requests at once than fetch.per_host.
func TestOverlappingRefreshesShareOnePerHostLimit(t *testing.T) {
	var inFlight, most atomic.Int64
	arrived := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		arrived <- struct{}{}
		// Hold the request until another one arrives (two limits) or a
		// while has passed (one limit: no other may come).
		select {
		case <-r.Context().Done():
		case <-time.After(150 * time.Millisecond):
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	a := wiredApp(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL), "WORLDBRIEF_FETCH_PER_HOST=1")
	p := a.pipeline(nil)
	fr, _ := a.catalog.Country("fr")
	td, _ := a.catalog.Country("td")
	var wg sync.WaitGroup
	for _, sites := range [][]sources.Site{fr.Sites, td.Sites} {
		wg.Go(func() {
			if _, err := p.Refresh(context.Background(), sites, pipeline.RefreshOptions{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	close(arrived)
	if n := len(arrived); n != 3 {
		t.Fatalf("the host got %d requests, want 3", n)
	}
	if m := most.Load(); m != 1 {
		t.Fatalf("the host had %d requests in flight at once across two refreshes; fetch.per_host is 1", m)
	}
}

// gatedArticles counts the loads of the window's articles; the first one
// waits for a second (two digest services) or a while (one).
type gatedArticles struct {
	next  digest.ArticleSource
	loads atomic.Int64
	other chan struct{}
}

func (g *gatedArticles) ArticlesBetween(ctx context.Context, since, until time.Time) ([]sources.Article, error) {
	if g.loads.Add(1) == 1 {
		select {
		case <-g.other:
		case <-time.After(300 * time.Millisecond):
		}
	} else {
		close(g.other)
	}
	return g.next.ArticlesBetween(ctx, since, until)
}

// discardMessenger accepts every message.
type discardMessenger struct{ sent atomic.Int64 }

func (m *discardMessenger) Send(context.Context, string, string, bot.Message) error {
	m.sent.Add(1)
	return nil
}

// In serve a chat's /digest and the delivery pass asking for the same
// country at the same moment share one build.
func TestChatAndDeliveryShareOneDigestBuild(t *testing.T) {
	srv, _ := newDigestFeedServer(t)
	a := wiredApp(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL))
	p := a.pipeline(nil)
	ctx := context.Background()
	if _, err := p.Refresh(ctx, nil, pipeline.RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	gate := &gatedArticles{next: p.Digests.Articles, other: make(chan struct{})}
	p.Digests.Articles = gate
	core := a.botCore(p)
	msgr := &discardMessenger{}
	d := a.deliverer(p, map[string]bot.Messenger{"telegram": msgr})
	due := time.Now().Add(-time.Minute)
	if _, err := a.store.EnqueueDeliveries(ctx, []delivery.Delivery{{SubscriptionID: 1,
		ChatKey: bot.ChatKey{Platform: "telegram", ChatID: "7"}, Country: "fr", Date: due.Format(delivery.DateLayout), NextAttemptAt: due}}); err != nil {
		t.Fatal(err)
	}
	var reply bot.Message
	var wg sync.WaitGroup
	wg.Go(func() {
		reply, _ = core.Handle(ctx, bot.Request{Chat: bot.ChatKey{Platform: "console", ChatID: "local"}, Text: "/digest fr"})
	})
	wg.Go(func() {
		if _, err := d.Drain(ctx); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
	if !strings.Contains(reply.PlainText(), "Louvre") || msgr.sent.Load() != 1 {
		t.Fatalf("chat got %q, delivery sent %d; want both France's digest", reply.PlainText(), msgr.sent.Load())
	}
	if n := gate.loads.Load(); n != 1 {
		t.Fatalf("the digest of France was built %d times for a chat and a delivery asking at once; want once", n)
	}
}
