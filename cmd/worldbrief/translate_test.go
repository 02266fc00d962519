package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources/feedfixtures"
	"github.com/worldbrief/worldbrief/translate"
)

// fakeLibre is a LibreTranslate server that "translates" by tagging each
// text with "EN: " and counts the requests and characters it receives.
type fakeLibre struct {
	*httptest.Server
	requests, chars, texts atomic.Int64
	mu                     sync.Mutex
	sources                map[string]int
	fail                   atomic.Bool // answer 500 to everything
}

func newFakeLibre(t testing.TB) *fakeLibre {
	f := &fakeLibre{sources: map[string]int{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/translate" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		var req struct {
			Q      []string `json:"q"`
			Source string   `json:"source"`
			Target string   `json:"target"`
			Format string   `json:"format"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Format != "text" || req.Target != "en" {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		f.requests.Add(1)
		f.texts.Add(int64(len(req.Q)))
		for _, q := range req.Q {
			f.chars.Add(int64(len([]rune(q))))
		}
		f.mu.Lock()
		f.sources[req.Source]++
		f.mu.Unlock()
		if f.fail.Load() {
			http.Error(w, `{"error":"translation backend crashed"}`, http.StatusInternalServerError)
			return
		}
		out := make([]string, len(req.Q))
		for i, q := range req.Q {
			out[i] = "EN: " + q
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"translatedText": out})
	}))
	t.Cleanup(f.Close)
	return f
}

func libreEnv(f *fakeLibre) []string {
	return []string{"WORLDBRIEF_TRANSLATE_PROVIDER=libretranslate", "WORLDBRIEF_TRANSLATE_URL=" + f.URL, "WORLDBRIEF_LOG_LEVEL=warn"}
}

func TestHeadlinesAreTranslatedAndCached(t *testing.T) {
	feeds := newFeedServer(t)
	lt := newFakeLibre(t)
	c := newCLI(t, append([]string{"WORLDBRIEF_CATALOG=" + testCatalog(t, feeds.URL)}, libreEnv(lt)...)...)

	code, out, errOut := c.run("headlines", "fr", "--json", "-n", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []headlineRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no headlines")
	}
	for _, r := range rows {
		if r.Title != "EN: "+r.OriginalTitle || r.OriginalTitle == "" {
			t.Errorf("title %q not the translation of %q", r.Title, r.OriginalTitle)
		}
		if r.OriginalSummary != "" && r.Summary != "EN: "+r.OriginalSummary {
			t.Errorf("summary %q not the translation of %q", r.Summary, r.OriginalSummary)
		}
	}
	first := lt.chars.Load()
	if first == 0 || lt.sources["fr"] == 0 {
		t.Fatalf("nothing sent to the provider: %d chars, sources %v", first, lt.sources)
	}

	// A second cycle, forced past the freshness check, sends nothing.
	if code, _, errOut := c.run("fetch", "fr", "--force"); code != 0 {
		t.Fatalf("second fetch: %s", errOut)
	}
	if got := lt.chars.Load(); got != first {
		t.Fatalf("second cycle sent %d characters, want 0", got-first)
	}

	// --original shows the title as published beside the English one.
	code, out, _ = c.run("headlines", "fr", "--original", "-n", "3")
	if code != 0 || !strings.Contains(out, "EN: ") || !strings.Contains(out, "    [fr] ") {
		t.Fatalf("--original output:\n%s", out)
	}
}

func TestTranslationFailureStillDeliversHeadlines(t *testing.T) {
	feeds := newFeedServer(t)
	lt := newFakeLibre(t)
	lt.fail.Store(true)
	c := newCLI(t, append([]string{"WORLDBRIEF_CATALOG=" + testCatalog(t, feeds.URL)}, libreEnv(lt)...)...)

	code, out, errOut := c.run("headlines", "ru", "--json")
	if code != 0 {
		t.Fatalf("a failing translator must not fail headlines: exit %d: %s", code, errOut)
	}
	var rows []headlineRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("rows %d, %v", len(rows), err)
	}
	for _, r := range rows {
		if r.Title != r.OriginalTitle {
			t.Errorf("untranslated article shows %q for %q", r.Title, r.OriginalTitle)
		}
	}
	if !strings.Contains(errOut, "retried next cycle") || !strings.Contains(errOut, "translation backend crashed") {
		t.Fatalf("stderr does not say why translation failed:\n%s", errOut)
	}

	// The provider recovers: the next cycle translates the same articles.
	lt.fail.Store(false)
	code, out, errOut = c.run("fetch", "ru")
	if code != 0 {
		t.Fatalf("fetch: %s", errOut)
	}
	code, out, _ = c.run("headlines", "ru", "--json")
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != 0 {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Title != "EN: "+r.OriginalTitle {
			t.Errorf("after recovery: %q", r.Title)
		}
	}
}

func TestTranslateCommand(t *testing.T) {
	lt := newFakeLibre(t)
	c := newCLI(t, libreEnv(lt)...)
	code, out, errOut := c.run("translate", "--from", "ru", "текст", "ещё")
	if code != 0 || out != "EN: текст\nEN: ещё\n" {
		t.Fatalf("exit %d: %q %s", code, out, errOut)
	}
	if lt.sources["ru"] != 1 {
		t.Fatalf("source sent: %v", lt.sources)
	}
	lt.fail.Store(true)
	code, _, errOut = c.run("translate", "x")
	if code != exitError || !strings.Contains(errOut, "translation backend crashed") {
		t.Fatalf("failure: exit %d %q", code, errOut)
	}
	// MyMemory cannot detect a language: a Latin-script text without
	// --from is the user's to complete, asked of no server.
	mm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("MyMemory was asked without a source language")
		http.Error(w, "no", http.StatusBadRequest)
	}))
	t.Cleanup(mm.Close)
	c = newCLI(t, "WORLDBRIEF_TRANSLATE_PROVIDER=mymemory", "WORLDBRIEF_TRANSLATE_URL="+mm.URL)
	code, _, errOut = c.run("translate", "bonjour le monde")
	if code != exitUsage || !strings.Contains(errOut, "--from") || strings.Contains(errOut, "HTTP 400") {
		t.Errorf("mymemory without --from: exit %d %q; want exit 2 asking for --from", code, errOut)
	}
	// With no provider the text comes back as it is, and a note says why.
	code, out, errOut = newCLI(t).run("translate", "bonjour")
	if code != 0 || out != "bonjour\n" || !strings.Contains(errOut, "translate.provider is none") {
		t.Errorf("provider none: exit %d %q %q; want the text back with a note", code, out, errOut)
	}
	c = newCLI(t, "WORLDBRIEF_TRANSLATE_PROVIDER=deepl")
	code, _, errOut = c.run("translate", "x")
	if code == 0 || !strings.Contains(errOut, "translate.api_key: deepl needs an API key") {
		t.Fatalf("missing key: exit %d %q", code, errOut)
	}
}

// corpusCatalog writes a catalog with one site per real fixture feed, in
// the language of its country.
func corpusCatalog(tb testing.TB, base string) string {
	tb.Helper()
	files := feedfixtures.Names(tb)
	lang := map[string]string{"at": "de", "br": "pt", "by": "ru", "ca": "en", "cn": "zh", "cz": "cs", "de": "de", "es": "es",
		"fr": "fr", "gb": "en", "gr": "el", "hu": "hu", "il": "he", "in": "en", "it": "it", "jp": "ja", "kr": "ko", "nl": "nl",
		"pk": "ur", "pt": "pt", "ru": "ru", "se": "sv", "sk": "sk", "th": "th", "tr": "tr", "tw": "zh", "ua": "uk", "us": "en", "za": "af"}
	byCountry := map[string][]string{}
	for _, name := range files {
		l := lang[name[:2]]
		switch {
		case strings.Contains(name, "hindi"):
			l = "hi"
		case strings.Contains(name, "kannada"):
			l = "kn"
		case l == "":
			tb.Fatalf("no language for %s", name)
		}
		id := strings.ReplaceAll(strings.TrimSuffix(name, ".xml"), ".", "-")
		byCountry[name[:2]] = append(byCountry[name[:2]], fmt.Sprintf(
			`      - {id: %q, name: %q, language: %s, homepage: "https://%s.example", feeds: ["%s/%s"]}`, id, id, l, id, base, name))
	}
	var b strings.Builder
	b.WriteString("countries:\n")
	for cc, sites := range byCountry {
		fmt.Fprintf(&b, "  - code: %s\n    name: Country %s\n    sites:\n%s\n", cc, strings.ToUpper(cc), strings.Join(sites, "\n"))
	}
	p := filepath.Join(tb.TempDir(), "corpus.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestTranslateStatus(t *testing.T) {
	c := newCLI(t, "WORLDBRIEF_TRANSLATE_PROVIDER=mymemory", "WORLDBRIEF_TRANSLATE_EMAIL=ops@example.org")
	if code, _, errOut := c.run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	st := c.openStore()
	day := time.Now().UTC().Format(time.DateOnly)
	if _, err := st.ReserveTranslationChars(context.Background(), "mymemory", day, 12_345, 50_000); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := c.run("translate", "--status")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"provider     mymemory", "50,000 characters a day, 5,000 of them kept for on-demand requests", "used         12,345 characters (25%)", "left         37,655 characters"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = c.run("translate", "--status", "--json")
	var js translate.Status
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || js.Used.Chars != 12_345 || js.Left != 37_655 || js.Daily != 50_000 {
		t.Fatalf("--json: exit %d %s", code, out)
	}
	if code, _, errOut := c.run("translate", "--status", "extra"); code != exitUsage {
		t.Errorf("--status with a text: exit %d %s, want a usage error", code, errOut)
	}
}

// TestUnavailableTranslatorIsNotRetriedOnEveryCall: once the provider
// kept failing, the next `headlines` calls (fresh feeds) do not spend
// seconds retrying it; an explicit `fetch` asks it again.
func TestUnavailableTranslatorIsNotRetriedOnEveryCall(t *testing.T) {
	feeds := newFeedServer(t)
	lt := newFakeLibre(t)
	lt.fail.Store(true)
	c := newCLI(t, append([]string{"WORLDBRIEF_CATALOG=" + testCatalog(t, feeds.URL)}, libreEnv(lt)...)...)
	if code, _, errOut := c.run("headlines", "ru"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	asked := lt.requests.Load()
	if asked == 0 {
		t.Fatal("the translator was never asked")
	}
	for range 2 {
		if code, out, errOut := c.run("headlines", "ru"); code != 0 || !strings.Contains(out, "latest headlines") {
			t.Fatalf("exit %d: %s %s", code, out, errOut)
		}
	}
	if n := lt.requests.Load(); n != asked {
		t.Errorf("headlines asked the failing translator again: %d requests, then %d", asked, n)
	}
	lt.fail.Store(false)
	if code, _, errOut := c.run("fetch", "ru"); code != 0 {
		t.Fatalf("fetch: %s", errOut)
	}
	if lt.requests.Load() == asked {
		t.Error("an explicit fetch did not ask the translator again")
	}
}
