package sources

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

// memStore is an in-memory FeedStore for ingester tests.
type memStore struct {
	mu       sync.Mutex
	feeds    map[string]Feed // by CatalogURL
	articles map[string]Article
}

func newMemStore(sites []Site) *memStore {
	m := &memStore{feeds: map[string]Feed{}, articles: map[string]Article{}}
	for _, s := range sites {
		for _, u := range s.Feeds {
			m.feeds[u] = Feed{SiteID: s.ID, URL: u, CatalogURL: u}
		}
	}
	return m
}

func (m *memStore) Feeds(_ context.Context, ids []string) ([]Feed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Feed
	for _, f := range m.feeds {
		if len(ids) == 0 || slices.Contains(ids, f.SiteID) {
			out = append(out, f)
		}
	}
	return out, nil
}

func (m *memStore) SaveFeed(_ context.Context, f Feed) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.feeds[f.CatalogURL] = f
	return nil
}

func (m *memStore) SaveArticles(_ context.Context, arts []Article) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, a := range arts {
		if _, ok := m.articles[a.ID]; !ok {
			m.articles[a.ID] = a
			n++
		}
	}
	return n, nil
}

func (m *memStore) feed(u string) Feed {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.feeds[u]
}

// ingestFixture serves real fixture feeds plus a few misbehaving routes.
func ingestFixture(t *testing.T) *httptest.Server {
	t.Helper()
	dir := feedfixtures.Dir(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/feed/", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(dir, strings.TrimPrefix(r.URL.Path, "/feed/")))
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusNotFound)
	})
	mux.HandleFunc("/slowdown", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/feed/ru-oren-rss2-windows1251.xml", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestIngestOneBadFeedNeverAffectsOthers(t *testing.T) {
	srv := ingestFixture(t)
	sites := []Site{
		{ID: "lemonde", Country: "fr", Language: "fr", Feeds: []string{srv.URL + "/feed/fr-lemonde-rss2-mojibake.xml"}},
		{ID: "dead", Country: "fr", Language: "fr", Feeds: []string{srv.URL + "/gone"}},
		{ID: "busy", Country: "fr", Language: "fr", Feeds: []string{srv.URL + "/slowdown"}},
		{ID: "oren", Country: "ru", Language: "ru", Feeds: []string{srv.URL + "/moved"}},
		{ID: "broken", Country: "cn", Language: "zh", Feeds: []string{srv.URL + "/feed/cn-tmioe-rss2-truncated.xml"}},
	}
	st := newMemStore(sites)
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	in := &Ingester{Store: st, Fetcher: NewFetcher(FetcherOptions{Timeout: 5 * time.Second}), Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }}

	rep, err := in.Run(context.Background(), sites, CycleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Feeds != 5 || rep.OK != 3 || rep.Failed != 2 || rep.NewArticles == 0 {
		t.Fatalf("report: %+v", rep)
	}
	if got := st.feed(srv.URL + "/feed/fr-lemonde-rss2-mojibake.xml"); got.LastStatus != StatusOK || got.ErrorCount != 0 || !got.LastSuccessAt.Equal(now) {
		t.Errorf("good feed state: %+v", got)
	}
	dead := st.feed(srv.URL + "/gone")
	if dead.LastStatus != StatusFailed || dead.ErrorCount != 1 || !strings.Contains(dead.LastError, "404") || !dead.NextFetchAt.After(now) {
		t.Errorf("dead feed state: %+v", dead)
	}
	if busy := st.feed(srv.URL + "/slowdown"); busy.NextFetchAt.Before(now.Add(time.Hour)) {
		t.Errorf("Retry-After not honoured: next fetch %v", busy.NextFetchAt)
	}
	if moved := st.feed(srv.URL + "/moved"); moved.URL != srv.URL+"/feed/ru-oren-rss2-windows1251.xml" || moved.CatalogURL != srv.URL+"/moved" {
		t.Errorf("permanent redirect not recorded: %+v", moved)
	}
	if salvaged := st.feed(srv.URL + "/feed/cn-tmioe-rss2-truncated.xml"); salvaged.LastStatus != StatusOK || salvaged.LastError == "" {
		t.Errorf("a salvaged feed should be ok with its problem recorded: %+v", salvaged)
	}

	// Second cycle: failing feeds back off, the moved feed is read at its
	// new URL and unchanged feeds answer 304.
	now = now.Add(time.Minute)
	rep, err = in.Run(context.Background(), sites, CycleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 2 || rep.NotModified != 3 || rep.NewArticles != 0 || rep.WireBytes > 0 {
		t.Fatalf("second cycle: %+v", rep)
	}
	// Force overrides the backoff; the error count keeps growing.
	rep, _ = in.Run(context.Background(), sites, CycleOptions{Force: true})
	if rep.Feeds != 5 {
		t.Fatalf("force should fetch all: %+v", rep)
	}
	if dead := st.feed(srv.URL + "/gone"); dead.ErrorCount != 2 {
		t.Errorf("error count %d, want 2", dead.ErrorCount)
	}
	// StaleOnly leaves feeds fetched within MaxAge alone.
	rep, _ = in.Run(context.Background(), sites, CycleOptions{Force: true, StaleOnly: true, MaxAge: time.Hour})
	if rep.Feeds != 0 || rep.Skipped != 5 {
		t.Fatalf("stale-only: %+v", rep)
	}
}

func TestDisplayURLDropsCredentials(t *testing.T) {
	got := displayURL("https://user:hunter2@feeds.example/rss?x=1")
	if strings.Contains(got, "hunter2") || strings.Contains(got, "user") || !strings.Contains(got, "feeds.example/rss?x=1") {
		t.Fatalf("displayURL = %q", got)
	}
}

// TestIngestServesEveryRealFeed runs one cycle over all the real feeds
// served by httptest (with the Content-Type net/http guesses, which claims
// UTF-8 for every .xml file, as many real servers do) and checks what a
// reader would see: every feed answers, and no stored title or summary
// holds a replacement character or mojibake.
func TestIngestServesEveryRealFeed(t *testing.T) {
	srv := ingestFixture(t)
	names := feedfixtures.Names(t)
	if !feedfixtures.Shared() {
		t.Logf("reading the %d shipped feeds; the %d not shipped for their licence run with %s set", len(names), len(feedfixtures.LeftOut), feedfixtures.EnvSharedDir)
	}
	var sites []Site
	for _, name := range names {
		sites = append(sites, Site{ID: strings.TrimSuffix(name, ".xml"), Country: name[:2], Language: "und", Feeds: []string{srv.URL + "/feed/" + name}})
	}
	st := newMemStore(sites)
	in := &Ingester{Store: st, Fetcher: NewFetcher(FetcherOptions{Timeout: 10 * time.Second}), Log: slog.New(slog.DiscardHandler)}
	rep, err := in.Run(context.Background(), sites, CycleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK != len(names) || rep.Failed != 0 {
		t.Fatalf("every real feed should yield articles: %+v", rep)
	}
	perSite := map[string]int{}
	for _, a := range st.articles {
		perSite[a.SiteID]++
		for _, text := range []string{a.Title, a.Summary} {
			if !utf8.ValidString(text) || strings.ContainsRune(text, utf8.RuneError) || looksMojibake(text) {
				t.Errorf("%s: damaged text %q", a.SiteID, text)
			}
		}
	}
	for _, s := range sites {
		if perSite[s.ID] == 0 {
			t.Errorf("%s: no articles stored", s.ID)
		}
	}
	want := 0
	for _, name := range names {
		want += parseFixtureItems[name] - parseFixtureDropped[name]
	}
	if len(st.articles) != want {
		t.Errorf("%d articles stored from the corpus, want the %d the parser reads from these feeds", len(st.articles), want)
	}
}

// TestShortOutageIsRetriedOnTheNextCycle: with fetch.interval at one
// minute (MaxBackoff), a cycle in which every feed failed is retried on
// the next cycle, not 15 minutes later, so /readyz (which tolerates two
// intervals without a successful cycle) recovers as soon as the outage
// ends; a server's Retry-After still holds.
func TestShortOutageIsRetriedOnTheNextCycle(t *testing.T) {
	var down, limited sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := limited.Load(r.URL.Path); ok {
			w.Header().Set("Retry-After", "600")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		if _, ok := down.Load(r.URL.Path); ok {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Hello</title><link>https://a.example/1</link></item></channel></rss>`))
	}))
	defer srv.Close()
	sites := []Site{
		{ID: "a", Country: "fr", Language: "fr", Feeds: []string{srv.URL + "/a"}},
		{ID: "b", Country: "fr", Language: "fr", Feeds: []string{srv.URL + "/b"}},
	}
	st := newMemStore(sites)
	start := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := start
	clock := func() time.Time { // each reading advances: a fetch takes time
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
	in := &Ingester{Store: st, Fetcher: NewFetcher(FetcherOptions{Timeout: 5 * time.Second}), Log: slog.New(slog.DiscardHandler), Now: clock, MaxBackoff: time.Minute}
	down.Store("/a", true)
	down.Store("/b", true)
	limited.Store("/b", true)
	if rep, err := in.Run(context.Background(), sites, CycleOptions{}); err != nil || rep.Failed != 2 {
		t.Fatalf("outage cycle: %+v, %v", rep, err)
	}
	down.Delete("/a")
	down.Delete("/b")
	limited.Delete("/b")
	mu.Lock()
	now = start.Add(time.Minute - 2*time.Second) // the next cycle, one fetch.interval later, ticking a little early
	mu.Unlock()
	rep, err := in.Run(context.Background(), sites, CycleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK != 1 || rep.Skipped != 1 {
		t.Errorf("cycle after the outage: %+v; want the failed feed fetched again and the rate-limited one left alone", rep)
	}
	if f := st.feed(srv.URL + "/b"); !f.NextFetchAt.After(start.Add(9 * time.Minute)) {
		t.Errorf("Retry-After 600 s gave next fetch at %v", f.NextFetchAt)
	}
}

// A feed its server keeps refusing (404) is asked again every interval
// for its first three failures, as an outage's feeds are, and then backs
// off in full instead of being fetched every fetch.interval forever; a
// feed whose server does not answer (an outage) stays capped.
func TestRefusedFeedBacksOffBeyondTheInterval(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	sites := []Site{
		{ID: "gone", Country: "fr", Language: "fr", Feeds: []string{srv.URL + "/gone"}},
		{ID: "down", Country: "fr", Language: "fr", Feeds: []string{srv.URL + "/down"}},
	}
	st := newMemStore(sites)
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	interval := 5 * time.Minute
	in := &Ingester{Store: st, Fetcher: NewFetcher(FetcherOptions{Timeout: 5 * time.Second}), Log: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return now }, MaxBackoff: interval}
	for cycle := 1; cycle <= 5; cycle++ {
		if _, err := in.Run(context.Background(), sites, CycleOptions{}); err != nil {
			t.Fatal(err)
		}
		gone, down := st.feed(srv.URL+"/gone"), st.feed(srv.URL+"/down")
		if wait := down.NextFetchAt.Sub(now); wait > interval {
			t.Errorf("cycle %d: an outage's feed waits %v, more than the interval %v", cycle, wait, interval)
		}
		wait := gone.NextFetchAt.Sub(now)
		switch {
		case cycle <= refusalsCapped && wait > interval:
			t.Errorf("cycle %d: a refused feed waits %v after %d failures, want at most the interval", cycle, wait, gone.ErrorCount)
		case cycle > refusalsCapped && wait < time.Hour:
			t.Errorf("cycle %d: a feed refused %d times in a row waits only %v", cycle, gone.ErrorCount, wait)
		}
		now = maxTime(gone.NextFetchAt, down.NextFetchAt) // the next cycle both are due at
	}
}
