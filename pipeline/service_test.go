package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
)

// memStore is an in-memory Store: feeds, articles and prune cutoffs.
type memStore struct {
	mu      sync.Mutex
	feeds   map[string]sources.Feed // by catalog URL
	arts    []sources.Article
	cutoffs []string
}

func newMemStore(cat *sources.Catalog) *memStore {
	m := &memStore{feeds: map[string]sources.Feed{}}
	for _, s := range cat.Sites() {
		for _, u := range s.Feeds {
			m.feeds[u] = sources.Feed{SiteID: s.ID, URL: u, CatalogURL: u}
		}
	}
	return m
}

func (m *memStore) Feeds(_ context.Context, siteIDs []string) ([]sources.Feed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []sources.Feed
	for _, f := range m.feeds {
		if len(siteIDs) == 0 || slices.Contains(siteIDs, f.SiteID) {
			out = append(out, f)
		}
	}
	return out, nil
}

func (m *memStore) SaveFeed(_ context.Context, f sources.Feed) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.feeds[f.CatalogURL] = f
	return nil
}

func (m *memStore) SaveArticles(_ context.Context, arts []sources.Article) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, a := range arts {
		if !slices.ContainsFunc(m.arts, func(b sources.Article) bool { return b.ID == a.ID }) {
			m.arts = append(m.arts, a)
			n++
		}
	}
	return n, nil
}

func (m *memStore) Articles(_ context.Context, q sources.ArticleQuery) ([]sources.Article, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []sources.Article
	for _, a := range m.arts {
		if (q.Country == "" || a.Country == q.Country) && (len(q.SiteIDs) == 0 || slices.Contains(q.SiteIDs, a.SiteID)) && !a.PublishedAt.Before(q.Since) {
			out = append(out, a)
		}
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (m *memStore) cut(what string, t time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cutoffs = append(m.cutoffs, what+" "+t.Format(time.DateOnly))
}

func (m *memStore) PruneArticles(_ context.Context, t time.Time) (int64, error) {
	m.cut("articles", t)
	return 3, nil
}

func (m *memStore) PruneTranslations(_ context.Context, t time.Time) (int64, error) {
	m.cut("translations", t)
	return 0, nil
}

func (m *memStore) PurgeSuspended(_ context.Context, t time.Time) (int64, error) {
	m.cut("suspended", t)
	return 1, nil
}

func (m *memStore) DeliverableSubscriptions(context.Context, string) ([]bot.Subscription, error) {
	return nil, nil
}

func (m *memStore) EnqueueDeliveries(context.Context, []delivery.Delivery) (int, error) {
	return 0, nil
}

// recordingTranslation records each translation step.
type recordingTranslation struct {
	mu   sync.Mutex
	reqs []TranslationRequest
}

func (r *recordingTranslation) Translate(_ context.Context, req TranslationRequest) translate.Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req)
	return translate.Report{}
}

// feedsOf serves each path's RSS items (title, hours ago); empty is
// swapped in by the test.
type feedsOf struct {
	mu    sync.Mutex
	items map[string][]string
}

func (f *feedsOf) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	items := f.items[r.URL.Path]
	f.mu.Unlock()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
	for i, title := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>https://example.test%s/%d</link><pubDate>%s</pubDate></item>",
			title, r.URL.Path, i, time.Now().Add(-time.Duration(i+1)*time.Hour).UTC().Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, b.String())
}

func (f *feedsOf) set(path string, items ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items[path] = items
}

// newService wires a Service over a memStore and a feed server with a
// French site of two feeds and a British one.
func newService(t *testing.T) (*Service, *memStore, *feedsOf, *recordingTranslation) {
	t.Helper()
	feeds := &feedsOf{items: map[string][]string{}}
	srv := httptest.NewServer(feeds)
	t.Cleanup(srv.Close)
	cat, err := sources.LoadCatalog(strings.NewReader(fmt.Sprintf(`countries:
  - code: fr
    name: France
    sites:
      - {id: lemonde, name: Le Monde, language: fr, homepage: "https://www.lemonde.fr", feeds: ["%[1]s/lemonde"]}
      - {id: lefigaro, name: Le Figaro, language: fr, homepage: "https://www.lefigaro.fr", feeds: ["%[1]s/lefigaro"]}
  - code: gb
    name: United Kingdom
    sites:
      - {id: bbc, name: BBC News, language: en, homepage: "https://www.bbc.co.uk", feeds: ["%[1]s/bbc"]}
`, srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	st := newMemStore(cat)
	tr := &recordingTranslation{}
	s := &Service{
		Catalog: cat, Store: st, Translation: tr,
		Ingester: &sources.Ingester{Store: st, Catalog: cat, Fetcher: sources.NewFetcher(sources.FetcherOptions{}),
			Log: testLog()},
		Digests: &digest.Service{Builder: digest.NewBuilder(cat, digest.Options{}), Articles: WindowArticles{Store: st}},
	}
	return s, st, feeds, tr
}

func testLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Refresh fetches, stores, then hands the refreshed sites and the demand
// to the translation step.
func TestRefreshTranslatesWhatItFetchedWithItsDemand(t *testing.T) {
	s, st, feeds, tr := newService(t)
	feeds.set("/lemonde", "Grève des trains", "Vol au Louvre")
	fr, _ := s.Catalog.Country("fr")
	demand := Demand{Countries: []string{"fr"}, Interactive: true}
	var progress []int
	rep, err := s.Refresh(context.Background(), fr.Sites, RefreshOptions{StaleOnly: true, Demand: demand,
		Progress: func(done, _ int) { progress = append(progress, done) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Fetch.Feeds != 2 || rep.Fetch.NewArticles != 2 || len(st.arts) != 2 {
		t.Fatalf("fetched %d feeds, %d new articles (%d stored); want France's 2 feeds and Le Monde's 2 articles", rep.Fetch.Feeds, rep.Fetch.NewArticles, len(st.arts))
	}
	if len(progress) != 2 {
		t.Errorf("progress told %v, want once per feed", progress)
	}
	if len(tr.reqs) != 1 || !slices.Equal(tr.reqs[0].SiteIDs, []string{"lemonde", "lefigaro"}) || !slices.Equal(tr.reqs[0].Demand.Countries, []string{"fr"}) || !tr.reqs[0].Demand.Interactive {
		t.Fatalf("translation steps %+v; want one for France's sites with the demand", tr.reqs)
	}
	// Fresh feeds are not fetched again by a StaleOnly refresh.
	rep, _ = s.Refresh(context.Background(), fr.Sites, RefreshOptions{StaleOnly: true})
	if rep.Fetch.Feeds != 0 || rep.Fetch.Skipped != 2 {
		t.Errorf("second refresh fetched %d feeds, skipped %d; want none fetched", rep.Fetch.Feeds, rep.Fetch.Skipped)
	}
}

// A digest asked for before a country's feeds were read fetches them
// first; one built while they held nothing is not kept once articles come.
func TestDigestRefreshesFirstAndNeverKeepsAnEmptyOne(t *testing.T) {
	s, _, feeds, _ := newService(t)
	ctx := context.Background()
	d, err := s.Digest(ctx, "fr")
	if err != nil || d.Articles != 0 {
		t.Fatalf("digest of empty feeds = %d articles, %v", d.Articles, err)
	}
	// The tick reads the feeds now; the chat asks again within the interval.
	feeds.set("/lemonde", "Grève des trains contre la réforme", "Vol au Louvre")
	feeds.set("/lefigaro", "La grève des trains contre la réforme", "Le Louvre cambriolé")
	if _, err := s.Refresh(ctx, nil, RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err = s.Digest(ctx, "fr")
	if err != nil || d.Articles != 4 || len(d.Stories) == 0 {
		t.Fatalf("digest after the feeds were read = %d articles, %d stories, %v; want France's 4 articles", d.Articles, len(d.Stories), err)
	}
	// The delivery pass gets the same one.
	dd, err := s.DeliveryDigests().Digest(ctx, "fr")
	if err != nil || !dd.GeneratedAt.Equal(d.GeneratedAt) {
		t.Fatalf("delivery digest built at %v (%v); want the chat's, built at %v", dd.GeneratedAt, err, d.GeneratedAt)
	}
}

func TestPruneCutsAtRetentionAndPurgesOnlyWhenAsked(t *testing.T) {
	s, st, _, _ := newService(t)
	now := time.Date(2026, 5, 15, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	s.Retention = 24 * time.Hour
	rep, err := s.Prune(context.Background(), false)
	if err != nil || rep.Articles != 3 {
		t.Fatalf("Prune = %+v, %v", rep, err)
	}
	if _, err := s.Prune(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	want := []string{"articles 2026-05-14", "translations 2026-05-14", "articles 2026-05-14", "translations 2026-05-14", "suspended 2026-05-08"}
	if !slices.Equal(st.cutoffs, want) {
		t.Fatalf("cutoffs %v, want %v", st.cutoffs, want)
	}
}
