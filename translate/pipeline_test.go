package translate

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// memDB is an in-memory ArticleStore and Cache.
type memDB struct {
	mu    sync.Mutex
	arts  map[string]*memArticle
	cache map[string]CacheEntry
}

type memArticle struct {
	Article
	title, summary, to, from string
}

func newMemDB(arts ...Article) *memDB {
	db := &memDB{arts: map[string]*memArticle{}, cache: map[string]CacheEntry{}}
	for _, a := range arts {
		db.arts[a.ID] = &memArticle{Article: a, title: a.Title, summary: a.Summary}
	}
	return db
}

func (m *memDB) PendingTranslations(_ context.Context, target string, siteIDs []string, limit int) ([]Article, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Article
	for _, a := range m.arts {
		if a.to != target {
			out = append(out, a.Article)
		}
	}
	slices.SortFunc(out, func(a, b Article) int { return strings.Compare(a.ID, b.ID) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memDB) SaveArticleTranslations(_ context.Context, target string, ts []ArticleTranslation) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range ts {
		a := m.arts[t.ID]
		a.title, a.summary, a.from = t.Title, t.Summary, t.Source
		if !t.Partial {
			a.to = target
		}
	}
	return nil
}

func (m *memDB) get(id string) memArticle {
	m.mu.Lock()
	defer m.mu.Unlock()
	return *m.arts[id]
}

func (m *memDB) CachedTranslations(_ context.Context, source, target string, hashes []string) (map[string]CacheEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]CacheEntry{}
	for _, h := range hashes {
		if e, ok := m.cache[source+"|"+target+"|"+h]; ok {
			out[h] = e
		}
	}
	return out, nil
}

func (m *memDB) CacheTranslations(_ context.Context, source, target string, entries []CacheEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range entries {
		m.cache[source+"|"+target+"|"+e.Hash] = e
	}
	return nil
}

// countingLibre is a LibreTranslate fake that counts requests and
// characters and translates by upper-casing (or with answer, when set).
type countingLibre struct {
	*fakeProvider
	chars atomic.Int64
}

func newCountingLibre(t *testing.T, answer func(w http.ResponseWriter, body map[string]any)) *countingLibre {
	c := &countingLibre{}
	c.fakeProvider = newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		for _, q := range strs(body["q"]) {
			c.chars.Add(int64(len([]rune(q))))
		}
		if answer != nil {
			answer(w, body)
			return
		}
		q := strs(body["q"])
		det := make([]map[string]any, len(q))
		for i := range det {
			det[i] = map[string]any{"language": "ru", "confidence": 99}
		}
		writeJSON(w, 200, map[string]any{"translatedText": upper(q), "detectedLanguage": det})
	})
	return c
}

func corpus() []Article {
	return []Article{
		{ID: "1", Language: "fr", Title: "Réforme des retraites", Summary: "Le gouvernement recule."},
		{ID: "2", Language: "fr", Title: "Météo: canicule", Summary: ""},
		{ID: "3", Language: "en", Title: "Budget approved", Summary: "Parliament voted."},
		{ID: "4", Language: "en", Title: "Правительство объявило новый бюджет", Summary: "Москва, подробности позже"},
		{ID: "5", Language: "de", Title: "Réforme des retraites", Summary: "Le gouvernement recule."}, // same text, other language
	}
}

func TestPipelineTranslatesAndCaches(t *testing.T) {
	srv := newCountingLibre(t, nil)
	db := newMemDB(corpus()...)
	cached := &Cached{Next: NewLibreTranslate(Options{BaseURL: srv.URL, Retry: fastRetry}), Cache: db}
	p := &Pipeline{Store: db, Translator: cached, Target: "en"}

	rep := p.Run(context.Background(), nil)
	if rep.Pending != 5 || rep.Translated != 4 || rep.Unchanged != 1 || rep.Failed != 0 || rep.Err != nil {
		t.Fatalf("report %+v", rep)
	}
	if a := db.get("1"); a.title != "RÉFORME DES RETRAITES" || a.summary != "LE GOUVERNEMENT RECULE." || a.to != "en" || a.from != "fr" {
		t.Errorf("article 1: %+v", a)
	}
	if a := db.get("3"); a.title != "Budget approved" || a.to != "en" {
		t.Errorf("English article must be kept as is: %+v", a)
	}
	if a := db.get("4"); a.title != strings.ToUpper(corpus()[3].Title) || a.from != "ru" {
		t.Errorf("Cyrillic in an English site must be auto-detected and translated: %+v", a)
	}
	// Requests went out per source language with the right source field.
	sources := map[string]bool{}
	for _, r := range srv.requests() {
		sources[r.body["source"].(string)] = true
	}
	if !sources["fr"] || !sources["de"] || !sources["auto"] || sources["en"] {
		t.Errorf("sources sent: %v", sources)
	}

	// Same texts again (e.g. after a restart, or a target change back):
	// nothing reaches the provider.
	before := len(srv.requests())
	chars := srv.chars.Load()
	db2 := newMemDB(corpus()...)
	db2.cache = db.cache
	p2 := &Pipeline{Store: db2, Translator: &Cached{Next: cached.Next, Cache: db2}, Target: "en"}
	if rep := p2.Run(context.Background(), nil); rep.Translated != 4 {
		t.Fatalf("second run %+v", rep)
	}
	if len(srv.requests()) != before || srv.chars.Load() != chars {
		t.Fatalf("cached texts were sent again: %d → %d requests", before, len(srv.requests()))
	}
	// Nothing is pending now: a further run does nothing at all.
	if rep := p2.Run(context.Background(), nil); rep.Pending != 0 {
		t.Fatalf("third run %+v", rep)
	}
}

// TestPipelineFailuresKeepOriginals drives every failure a provider can
// produce and checks that articles keep their original text, stay
// pending, and that the log says why.
func TestPipelineFailuresKeepOriginals(t *testing.T) {
	cases := []struct {
		name   string
		answer func(w http.ResponseWriter, body map[string]any)
		client *http.Client
		reason string
	}{
		{"rate limited", func(w http.ResponseWriter, _ map[string]any) {
			w.Header().Set("Retry-After", "7200")
			w.WriteHeader(429)
		}, nil, "rate limited (retry after 2h0m0s)"},
		{"server error", func(w http.ResponseWriter, _ map[string]any) { http.Error(w, "upstream exploded", 500) }, nil, "HTTP 500: upstream exploded"},
		{"timeout", func(w http.ResponseWriter, _ map[string]any) { time.Sleep(300 * time.Millisecond) },
			&http.Client{Timeout: 20 * time.Millisecond}, "timeout"},
		{"quota", func(w http.ResponseWriter, _ map[string]any) {
			writeJSON(w, 403, map[string]any{"error": map[string]any{"message": "Daily Limit Exceeded", "errors": []map[string]string{{"reason": "dailyLimitExceeded"}}}})
		}, nil, "translation quota exceeded"},
		{"malformed", func(w http.ResponseWriter, _ map[string]any) { w.Write([]byte(`{"translatedText": [`)) }, nil, "malformed response"},
		{"wrong count", func(w http.ResponseWriter, body map[string]any) {
			writeJSON(w, 200, map[string]any{"translatedText": []string{"ONLY ONE"}})
		}, nil, "wrong number of translations"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newCountingLibre(t, c.answer)
			var tr Translator
			opts := Options{BaseURL: srv.URL, Retry: fastRetry, HTTPClient: c.client, APIKey: "k"}
			if c.name == "quota" {
				tr = NewGoogle(opts) // Google's quota error shape
			} else {
				tr = NewLibreTranslate(opts)
			}
			db := newMemDB(corpus()...)
			var logs bytes.Buffer
			p := &Pipeline{Store: db, Translator: &Cached{Next: tr, Cache: db}, Target: "en",
				Log: slog.New(slog.NewTextHandler(&logs, nil))}
			rep := p.Run(context.Background(), nil)
			if rep.Failed != 4 || rep.Translated != 0 || rep.Unchanged != 1 {
				t.Fatalf("report %+v", rep)
			}
			for _, id := range []string{"1", "2", "4", "5"} {
				a := db.get(id)
				if a.to != "" || a.title != a.Article.Title || a.summary != a.Article.Summary {
					t.Errorf("article %s changed: %+v", id, a)
				}
			}
			if !strings.Contains(logs.String(), c.reason) || !strings.Contains(logs.String(), "retried next cycle") {
				t.Fatalf("log lacks the reason %q:\n%s", c.reason, logs.String())
			}
			if len(db.cache) != 0 {
				t.Fatalf("failures were cached: %v", db.cache)
			}
		})
	}
}

// TestPipelineRoundTripsAwkwardText: entities, emoji, right-to-left
// scripts and very long summaries come back exactly as the provider sent
// them (here an echoing provider).
func TestPipelineRoundTripsAwkwardText(t *testing.T) {
	srv := newCountingLibre(t, func(w http.ResponseWriter, body map[string]any) {
		writeJSON(w, 200, map[string]any{"translatedText": strs(body["q"])})
	})
	long := strings.Repeat("Это очень длинное резюме статьи, которое нужно перевести целиком. ", 120)
	arts := []Article{
		{ID: "a", Language: "fr", Title: "Tom &amp; Jerry &lt;b&gt; — «ça» & co", Summary: "5 < 6 > 4 \"quoted\" 'single'"},
		{ID: "b", Language: "fr", Title: "Fête 🎉👩‍👩‍👧 à Zürich", Summary: "🇫🇷 drapeau"},
		{ID: "c", Language: "he", Title: "ירושלים: הממשלה אישרה את התקציב", Summary: "‏טקסט מימין לשמאל‏"},
		{ID: "d", Language: "ar", Title: "الحكومة توافق على الميزانية", Summary: "نص عربي (مع أقواس) و 123"},
		{ID: "e", Language: "ru", Title: "Длинный текст", Summary: strings.TrimSpace(long)},
	}
	db := newMemDB(arts...)
	p := &Pipeline{Store: db, Translator: NewLibreTranslate(Options{BaseURL: srv.URL, Retry: fastRetry}), Target: "en"}
	if rep := p.Run(context.Background(), nil); rep.Translated != len(arts) {
		t.Fatalf("report %+v", rep)
	}
	for _, a := range arts {
		got := db.get(a.ID)
		if got.title != a.Title || got.summary != a.Summary {
			t.Errorf("%s: round trip changed the text:\n%q\n%q", a.ID, got.title, got.summary)
		}
	}
}

func TestCachedDeduplicatesWithinABatch(t *testing.T) {
	srv := newCountingLibre(t, nil)
	db := newMemDB()
	c := &Cached{Next: NewLibreTranslate(Options{BaseURL: srv.URL, Retry: fastRetry}), Cache: db}
	res, err := c.Translate(context.Background(), Request{Texts: []string{"un", "deux", "un", ""}, Source: "fr", Target: "en"})
	if err != nil || res[0].Text != "UN" || res[2].Text != "UN" || res[1].Text != "DEUX" || res[3].Text != "" {
		t.Fatalf("res %v err %v", res, err)
	}
	if got := strs(srv.requests()[0].body["q"]); !slices.Equal(got, []string{"un", "deux"}) {
		t.Fatalf("sent %v", got)
	}
	if hits, misses := c.Stats(); hits != 0 || misses != 2 {
		t.Fatalf("stats %d/%d", hits, misses)
	}
}

// TestPipelineQuotaMidwayKeepsTitles: with a quota that runs out after a
// few texts, titles (sent first) are saved and shown, and the articles
// stay pending so their summaries are retried; the next run sends only
// what is missing.
func TestPipelineQuotaMidwayKeepsTitles(t *testing.T) {
	var budget atomic.Int64
	budget.Store(2)
	srv := newFake(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) {
		if budget.Add(-1) < 0 {
			writeJSON(w, 200, map[string]any{"responseData": map[string]any{"translatedText": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY."},
				"quotaFinished": true, "responseStatus": 429})
			return
		}
		myMemoryOK(w, r)
	})
	db := newMemDB(
		Article{ID: "1", Language: "fr", Title: "Un", Summary: "Résumé un"},
		Article{ID: "2", Language: "fr", Title: "Deux", Summary: "Résumé deux"},
	)
	var logs bytes.Buffer
	p := &Pipeline{Store: db, Translator: &Cached{Next: NewMyMemory(Options{BaseURL: srv.URL, Retry: fastRetry, Concurrency: 1}), Cache: db},
		Log: slog.New(slog.NewTextHandler(&logs, nil))}
	rep := p.Run(context.Background(), nil)
	if rep.Translated != 0 || rep.Failed != 2 || !strings.Contains(logs.String(), "quota exhausted") {
		t.Fatalf("report %+v\n%s", rep, logs.String())
	}
	for id, want := range map[string]string{"1": "UN", "2": "DEUX"} {
		if a := db.get(id); a.title != want || a.summary != a.Article.Summary || a.to != "" {
			t.Errorf("article %s: %+v", id, a)
		}
	}
	// The quota resets: only the two summaries are sent.
	budget.Store(100)
	before := len(srv.requests())
	if rep := p.Run(context.Background(), nil); rep.Translated != 2 || rep.Failed != 0 {
		t.Fatalf("second run %+v", rep)
	}
	if n := len(srv.requests()) - before; n != 2 {
		t.Fatalf("second run sent %d requests, want 2 (the summaries)", n)
	}
	if a := db.get("1"); a.summary != "RÉSUMÉ UN" || a.to != "en" {
		t.Errorf("article 1 after the reset: %+v", a)
	}
}
