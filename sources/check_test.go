package sources

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

// checkFixture serves every available real fixture feed under /feed/, plus a
// permanent redirect, an HTML page and a missing feed.
func checkFixture(t *testing.T) (*httptest.Server, []string) {
	t.Helper()
	dir := feedfixtures.Dir(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/feed/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"fixture"`)
		http.ServeFile(w, r, filepath.Join(dir, strings.TrimPrefix(r.URL.Path, "/feed/")))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/feed/fr-lemonde-rss2-mojibake.xml", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><html><body>Subscribe!</body></html>"))
	})
	mux.HandleFunc("/gone", http.NotFound)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, feedfixtures.Names(t)
}

func TestCheckerClassifiesFeeds(t *testing.T) {
	srv, names := checkFixture(t)
	var real []string
	for _, n := range names {
		real = append(real, srv.URL+"/feed/"+n)
	}
	sites := []Site{
		{ID: "real", Country: "fr", Language: "fr", Feeds: real},
		{ID: "moved", Country: "fr", Language: "fr", Feeds: []string{srv.URL + "/moved"}},
		{ID: "page", Country: "de", Language: "de", Feeds: []string{srv.URL + "/page"}},
		{ID: "gone", Country: "de", Language: "de", Feeds: []string{srv.URL + "/gone"}},
	}
	store := newMemStore(sites)
	c := &Checker{Fetcher: NewFetcher(FetcherOptions{Timeout: 5 * time.Second}), Store: store}
	rep, err := c.Check(context.Background(), sites)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Feeds != len(real)+3 || rep.OK != len(real) || rep.Redirected != 1 || rep.NotFeed != 1 || rep.Dead != 1 {
		t.Errorf("report = %d feeds, %d ok, %d redirected, %d not a feed, %d dead; want %d, %d, 1, 1, 1",
			rep.Feeds, rep.OK, rep.Redirected, rep.NotFeed, rep.Dead, len(real)+3, len(real))
		for _, r := range rep.Results {
			if r.Outcome != CheckOK {
				t.Logf("  %s %s %s", r.Outcome, r.URL, r.Error)
			}
		}
	}
	if rep.Healthy() {
		t.Error("a report with a dead feed is not healthy")
	}
	byURL := map[string]CheckResult{}
	for i, r := range rep.Results {
		byURL[r.URL] = r
		if i < len(real) && (r.SiteID != "real" || r.URL != real[i]) {
			t.Errorf("result %d is %s %s, want catalog order", i, r.SiteID, r.URL)
		}
	}
	moved := byURL[srv.URL+"/moved"]
	if moved.NewURL != srv.URL+"/feed/fr-lemonde-rss2-mojibake.xml" || !moved.Permanent || moved.Items == 0 {
		t.Errorf("moved = %+v, want the new URL, permanent, with items", moved)
	}
	if g := byURL[srv.URL+"/gone"]; g.StatusCode != http.StatusNotFound || !strings.Contains(g.Error, "404") {
		t.Errorf("gone = %+v", g)
	}

	// The health is stored, but no validators: the next fetch cycle must
	// get the articles, not a 304.
	if f := store.feed(srv.URL + "/gone"); f.LastStatus != StatusFailed || !strings.Contains(f.LastError, "check: dead") {
		t.Errorf("stored gone feed = %+v", f)
	}
	if f := store.feed(real[0]); f.LastStatus != StatusOK || f.LastFetchedAt.IsZero() || f.ETag != "" {
		t.Errorf("stored ok feed = %+v, want ok, fetched, no ETag", f)
	}
	if len(store.articles) != 0 {
		t.Errorf("a check stored %d articles", len(store.articles))
	}

	ByOutcome(rep.Results)
	if rep.Results[0].Outcome != CheckDead || rep.Results[len(rep.Results)-1].Outcome != CheckOK {
		t.Errorf("ByOutcome: first %s, last %s", rep.Results[0].Outcome, rep.Results[len(rep.Results)-1].Outcome)
	}
}

// BenchmarkCheckFixtures probes the real fixture feeds served locally, as
// `worldbrief sources --check` does the catalog.
func BenchmarkCheckFixtures(b *testing.B) {
	dir := feedfixtures.Dir(b)
	srv := httptest.NewServer(http.StripPrefix("/feed/", http.FileServer(http.Dir(dir))))
	b.Cleanup(srv.Close)
	var feeds []string
	for _, n := range feedfixtures.Names(b) {
		feeds = append(feeds, srv.URL+"/feed/"+n)
	}
	sites := []Site{{ID: "fixtures", Country: "fr", Language: "fr", Feeds: feeds}}
	c := &Checker{Fetcher: NewFetcher(FetcherOptions{})}
	for b.Loop() {
		rep, err := c.Check(context.Background(), sites)
		if err != nil || rep.Feeds != len(feeds) {
			b.Fatalf("check: %v, %d feeds", err, rep.Feeds)
		}
	}
	b.ReportMetric(float64(len(feeds)), "feeds/op")
}
