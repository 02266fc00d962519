package sources

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// heldFeeds answers every request with a one-item RSS feed once release
// is closed, counting the requests per URL.
type heldFeeds struct {
	release chan struct{}
	mu      sync.Mutex
	hits    map[string]int
}

func (h *heldFeeds) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.hits[r.URL.String()]++
	h.mu.Unlock()
	<-h.release
	body := `<rss version="2.0"><channel><title>t</title><item><title>Story of ` + r.URL.Path +
		`</title><link>https://example.org` + r.URL.Path + `/1</link><pubDate>Tue, 01 Dec 2026 06:00:00 GMT</pubDate></item></channel></rss>`
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/rss+xml"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

// Two overlapping cycles (serve's first round and its minute tick, or a
// chat's refresh) fetch each feed once: the second waits for the first
// to store what it fetches, and returns with those articles stored.
func TestOverlappingCyclesFetchEachFeedOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		feeds := &heldFeeds{release: make(chan struct{}), hits: map[string]int{}}
		sites := []Site{
			{ID: "a", Country: "fr", Language: "fr", Feeds: []string{"https://a.example/rss"}},
			{ID: "b", Country: "fr", Language: "fr", Feeds: []string{"https://b.example/rss"}},
		}
		st := newMemStore(sites)
		in := &Ingester{Store: st, Fetcher: NewFetcher(FetcherOptions{Client: &http.Client{Transport: feeds}}),
			Log: slog.New(slog.DiscardHandler)}
		ctx := context.Background()

		first := make(chan CycleReport)
		go func() {
			rep, err := in.Run(ctx, sites, CycleOptions{})
			if err != nil {
				t.Error(err)
			}
			first <- rep
		}()
		synctest.Wait() // the first cycle's requests are out
		var secondDone atomic.Bool
		var stored int
		second := make(chan CycleReport)
		go func() {
			rep, err := in.Run(ctx, sites[:1], CycleOptions{}) // the tick's slot: site a
			if err != nil {
				t.Error(err)
			}
			st.mu.Lock()
			stored = len(st.articles)
			st.mu.Unlock()
			secondDone.Store(true)
			second <- rep
		}()
		synctest.Wait()
		if secondDone.Load() {
			t.Fatal("the second cycle returned before the feed it shares with the first was stored")
		}
		close(feeds.release)
		r1, r2 := <-first, <-second
		for u, n := range feeds.hits {
			if n != 1 {
				t.Errorf("%s fetched %d times by two overlapping cycles", u, n)
			}
		}
		if r1.OK != 2 || r2.Feeds != 0 || r2.Skipped != 1 {
			t.Errorf("reports: first %+v, second %+v", r1, r2)
		}
		if stored == 0 {
			t.Error("the second cycle returned before site a's article was stored")
		}

		// Once landed, a later cycle fetches the feed again.
		rep, err := in.Run(ctx, sites[:1], CycleOptions{})
		if err != nil || rep.Feeds != 1 || feeds.hits["https://a.example/rss"] != 2 {
			t.Errorf("a cycle after the overlap: %+v, %v, hits %v", rep, err, feeds.hits)
		}
	})
}
