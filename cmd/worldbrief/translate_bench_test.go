package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

// providerFake answers like each provider's documented API (path decides
// which), echoing texts, and counts requests, texts and characters.
type providerFake struct {
	*httptest.Server
	requests, texts, chars atomic.Int64
}

func newProviderFake(tb testing.TB) *providerFake {
	f := &providerFake{}
	count := func(texts []string) {
		f.requests.Add(1)
		f.texts.Add(int64(len(texts)))
		for _, t := range texts {
			f.chars.Add(int64(len([]rune(t))))
		}
	}
	reply := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Q    []string `json:"q"`
			Text []string `json:"text"`
		}
		if r.Method == http.MethodPost {
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				http.Error(w, "bad json", 400)
				return
			}
		}
		switch r.URL.Path {
		case "/translate": // LibreTranslate
			count(body.Q)
			reply(w, map[string]any{"translatedText": body.Q})
		case "/v2/translate": // DeepL
			count(body.Text)
			tr := make([]map[string]string, len(body.Text))
			for i, t := range body.Text {
				tr[i] = map[string]string{"text": t, "detected_source_language": "XX"}
			}
			reply(w, map[string]any{"translations": tr})
		case "/language/translate/v2": // Google
			count(body.Q)
			tr := make([]map[string]string, len(body.Q))
			for i, t := range body.Q {
				tr[i] = map[string]string{"translatedText": t}
			}
			reply(w, map[string]any{"data": map[string]any{"translations": tr}})
		case "/get": // MyMemory
			q := r.URL.Query().Get("q")
			count([]string{q})
			reply(w, map[string]any{"responseData": map[string]any{"translatedText": q}, "responseStatus": 200, "quotaFinished": false})
		default:
			http.NotFound(w, r)
		}
	}))
	tb.Cleanup(f.Close)
	return f
}

// BenchmarkTranslateCorpus runs two fetch cycles over the real fixture
// feeds (the 38 shipped, or all 58 with WORLDBRIEF_TEST_SHARED_FIXTURES)
// with translation through a fake of each provider, each iteration on a
// fresh database, and reports what reaches the provider: characters
// on the first and on the second cycle, requests per 100 new articles,
// and texts (titles + summaries, or their pieces for MyMemory) sent.
//
// The feed server ignores conditional GET, so the second cycle downloads
// and parses every feed again; only the translation state and the cache
// keep it from sending text again.
func BenchmarkTranslateCorpus(b *testing.B) {
	dir := feedfixtures.Dir(b)
	b.Logf("feeds from %s", dir)
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := os.ReadFile(filepath.Join(dir, filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write(data)
	}))
	defer feeds.Close()
	catalog := corpusCatalog(b, feeds.URL)

	for _, provider := range []string{"libretranslate", "deepl", "google", "mymemory"} {
		b.Run(provider, func(b *testing.B) {
			fake := newProviderFake(b)
			var chars1, chars2, reqs1, texts1, articles int64
			for b.Loop() {
				fake.chars.Store(0)
				fake.requests.Store(0)
				fake.texts.Store(0)
				env := []string{"WORLDBRIEF_DB=" + filepath.Join(b.TempDir(), "wb.db"), "WORLDBRIEF_LOG_LEVEL=error",
					"WORLDBRIEF_CATALOG=" + catalog, "WORLDBRIEF_TRANSLATE_PROVIDER=" + provider,
					"WORLDBRIEF_TRANSLATE_URL=" + fake.URL, "WORLDBRIEF_TRANSLATE_API_KEY=bench-key"}
				rep := benchFetch(b, env)
				articles += rep["new_articles"]
				chars1 += fake.chars.Load()
				reqs1 += fake.requests.Load()
				texts1 += fake.texts.Load()
				before := fake.chars.Load()
				if rep := benchFetch(b, env); rep["ok"] != rep["feeds"] || rep["new_articles"] != 0 {
					b.Fatalf("second cycle: %v", rep)
				}
				chars2 += fake.chars.Load() - before
			}
			n := float64(b.N)
			b.ReportMetric(float64(chars1)/n, "chars/cycle1")
			b.ReportMetric(float64(chars2)/n, "chars/cycle2")
			b.ReportMetric(float64(articles)/n, "articles/cycle1")
			b.ReportMetric(float64(texts1)/n, "texts/cycle1")
			b.ReportMetric(100*float64(reqs1)/float64(articles), "requests/100articles")
		})
	}
}

// benchFetch runs `worldbrief fetch --json` and returns its counters.
func benchFetch(b *testing.B, env []string) map[string]int64 {
	b.Helper()
	var out, errb bytes.Buffer
	if code := run(b.Context(), []string{"fetch", "--json"}, env, &out, &errb); code != 0 {
		b.Fatalf("fetch: exit %d: %s", code, errb.String())
	}
	var raw map[string]any
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		b.Fatal(err)
	}
	rep := map[string]int64{}
	for k, v := range raw {
		if f, ok := v.(float64); ok {
			rep[k] = int64(f)
		}
	}
	return rep
}
