package translate

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fastRetry keeps retry tests quick.
var fastRetry = Retry{Attempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: 2 * time.Second}

// recorded is one request a fake provider received.
type recorded struct {
	method, path, query string
	header              http.Header
	body                map[string]any
}

// fakeProvider records requests and answers with handle.
type fakeProvider struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newFake(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, body map[string]any)) *fakeProvider {
	t.Helper()
	f := &fakeProvider{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Errorf("request body is not JSON: %q", raw)
			}
		}
		f.mu.Lock()
		f.reqs = append(f.reqs, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
		f.mu.Unlock()
		handle(w, r, body)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeProvider) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		out[i], _ = x.(string)
	}
	return out
}

// upper "translates" by upper-casing, so results are checkable.
func upper(texts []string) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = strings.ToUpper(t)
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "texte " + strings.Repeat("x", i%7) + string(rune('a'+i%26))
	}
	return out
}

func checkUpper(t *testing.T, in []string, res []Result, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("Translate: %v", err)
	}
	if len(res) != len(in) {
		t.Fatalf("%d results for %d texts", len(res), len(in))
	}
	for i := range in {
		if res[i].Text != strings.ToUpper(in[i]) {
			t.Fatalf("result %d = %q, want %q", i, res[i].Text, strings.ToUpper(in[i]))
		}
	}
}

func TestLibreTranslateContract(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		q := strs(body["q"])
		det := make([]map[string]any, len(q))
		for i := range det {
			det[i] = map[string]any{"confidence": 90.0, "language": "ru"}
		}
		writeJSON(w, 200, map[string]any{"translatedText": upper(q), "detectedLanguage": det})
	})
	tr := NewLibreTranslate(Options{BaseURL: f.URL + "/", APIKey: "lt-key", Retry: fastRetry})
	in := texts(120)
	res, err := tr.Translate(context.Background(), Request{Texts: in, Source: Auto, Target: "en"})
	checkUpper(t, in, res, err)
	if res[0].Detected != "ru" {
		t.Errorf("detected = %q", res[0].Detected)
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("120 texts should take 3 requests of ≤50, took %d", len(reqs))
	}
	for _, r := range reqs {
		if r.method != "POST" || r.path != "/translate" || r.header.Get("Content-Type") != "application/json" {
			t.Errorf("request %s %s %s", r.method, r.path, r.header.Get("Content-Type"))
		}
		if r.body["source"] != "auto" || r.body["target"] != "en" || r.body["format"] != "text" || r.body["api_key"] != "lt-key" {
			t.Errorf("body %v", r.body)
		}
		if n := len(strs(r.body["q"])); n > 50 {
			t.Errorf("batch of %d texts", n)
		}
	}
	// An explicit source is sent as its primary subtag; no key, no api_key field.
	tr = NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry})
	if _, err := tr.Translate(context.Background(), Request{Texts: []string{"Привет"}, Source: "ru-RU", Target: "en"}); err != nil {
		t.Fatal(err)
	}
	last := f.requests()[3]
	if _, has := last.body["api_key"]; has || last.body["source"] != "ru" {
		t.Errorf("body %v", last.body)
	}
}

func TestLibreTranslateErrorBody(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		writeJSON(w, 400, map[string]any{"error": "ru is not supported"})
	})
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry})
	_, err := tr.Translate(context.Background(), Request{Texts: []string{"a"}, Source: "ru", Target: "en"})
	var api *APIError
	if !errors.As(err, &api) || api.Status != 400 || api.Message != "ru is not supported" {
		t.Fatalf("err = %v", err)
	}
	if len(f.requests()) != 1 {
		t.Fatalf("a 400 must not be retried: %d requests", len(f.requests()))
	}
}

func TestDeepLContract(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		var tr []map[string]string
		for _, s := range upper(strs(body["text"])) {
			tr = append(tr, map[string]string{"detected_source_language": "DE", "text": s})
		}
		writeJSON(w, 200, map[string]any{"translations": tr})
	})
	tr := NewDeepL(Options{BaseURL: f.URL, APIKey: "abc:fx", Retry: fastRetry})
	in := texts(51)
	res, err := tr.Translate(context.Background(), Request{Texts: in, Source: "de-AT", Target: "en"})
	checkUpper(t, in, res, err)
	if res[0].Detected != "de" {
		t.Errorf("detected = %q", res[0].Detected)
	}
	reqs := f.requests()
	if len(reqs) != 2 || len(strs(reqs[0].body["text"]))+len(strs(reqs[1].body["text"])) != 51 ||
		max(len(strs(reqs[0].body["text"])), len(strs(reqs[1].body["text"]))) != 50 {
		t.Fatalf("51 texts: want batches of 50 + 1, got %d requests", len(reqs))
	}
	for _, r := range reqs {
		if r.path != "/v2/translate" || r.header.Get("Authorization") != "DeepL-Auth-Key abc:fx" || r.query != "" {
			t.Errorf("auth/path: %s ?%s %q", r.path, r.query, r.header.Get("Authorization"))
		}
		if r.body["target_lang"] != "EN-US" || r.body["source_lang"] != "DE" {
			t.Errorf("body %v", r.body)
		}
		if _, has := r.body["auth_key"]; has {
			t.Error("key in the body")
		}
	}
	tr = NewDeepL(Options{BaseURL: f.URL, APIKey: "k", Retry: fastRetry})
	if _, err := tr.Translate(context.Background(), Request{Texts: []string{"x"}, Source: Auto, Target: "en-GB"}); err != nil {
		t.Fatal(err)
	}
	last := f.requests()[2]
	if _, has := last.body["source_lang"]; has || last.body["target_lang"] != "EN-GB" {
		t.Errorf("auto source / en-GB: %v", last.body)
	}
}

func TestDeepLHosts(t *testing.T) {
	free := NewDeepL(Options{APIKey: "k:fx"}).(*batcher).be.(*deepL)
	pro := NewDeepL(Options{APIKey: "k"}).(*batcher).be.(*deepL)
	if free.endpoint != "https://api-free.deepl.com/v2/translate" || pro.endpoint != "https://api.deepl.com/v2/translate" {
		t.Fatalf("endpoints %s, %s", free.endpoint, pro.endpoint)
	}
}

func TestDeepLQuota456(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		writeJSON(w, 456, map[string]any{"message": "Quota exceeded"})
	})
	tr := NewDeepL(Options{BaseURL: f.URL, APIKey: "secret-key", Retry: fastRetry, Concurrency: 1})
	res, err := tr.Translate(context.Background(), Request{Texts: texts(200), Source: "de", Target: "en"})
	var q *QuotaError
	if !errors.As(err, &q) || q.Provider != "deepl" || !strings.Contains(err.Error(), "Quota exceeded") || res != nil {
		t.Fatalf("err = %v, res %v", err, res)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("after a quota error no more batches may be sent; sent %d", n)
	}
}

func TestDeepLAuthErrorHidesKey(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		writeJSON(w, 403, map[string]any{"message": "Wrong key secret-key"})
	})
	tr := NewDeepL(Options{BaseURL: f.URL, APIKey: "secret-key", Retry: fastRetry})
	_, err := tr.Translate(context.Background(), Request{Texts: []string{"x"}, Source: "de", Target: "en"})
	if err == nil || strings.Contains(err.Error(), "secret-key") || !strings.Contains(err.Error(), "authorization failed") {
		t.Fatalf("err = %v", err)
	}
}

func TestGoogleContract(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		var tr []map[string]string
		for _, s := range upper(strs(body["q"])) {
			tr = append(tr, map[string]string{"translatedText": s, "detectedSourceLanguage": "ja"})
		}
		writeJSON(w, 200, map[string]any{"data": map[string]any{"translations": tr}})
	})
	tr := NewGoogle(Options{BaseURL: f.URL, APIKey: "g key/1", Retry: fastRetry})
	in := texts(300)
	res, err := tr.Translate(context.Background(), Request{Texts: in, Source: Auto, Target: "en"})
	checkUpper(t, in, res, err)
	if res[299].Detected != "ja" {
		t.Errorf("detected %q", res[299].Detected)
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("300 segments: want 3 requests of ≤128, got %d", len(reqs))
	}
	for _, r := range reqs {
		if r.path != "/language/translate/v2" || r.query != "key=g+key%2F1" || r.header.Get("Authorization") != "" {
			t.Errorf("path %s query %s", r.path, r.query)
		}
		if r.body["format"] != "text" || r.body["target"] != "en" || len(strs(r.body["q"])) > 128 {
			t.Errorf("body format %v target %v", r.body["format"], r.body["target"])
		}
		if _, has := r.body["source"]; has {
			t.Error("auto source must be omitted")
		}
	}
}

func TestGoogleErrors(t *testing.T) {
	reason := "dailyLimitExceeded"
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		writeJSON(w, 403, map[string]any{"error": map[string]any{"code": 403, "message": "Daily Limit Exceeded",
			"errors": []map[string]string{{"reason": reason, "domain": "usageLimits"}}}})
	})
	tr := NewGoogle(Options{BaseURL: f.URL, APIKey: "AIzaSECRET", Retry: fastRetry})
	_, err := tr.Translate(context.Background(), Request{Texts: []string{"x"}, Source: "fr", Target: "en"})
	var q *QuotaError
	if !errors.As(err, &q) {
		t.Fatalf("dailyLimitExceeded: %v", err)
	}
	reason = "keyInvalid"
	_, err = tr.Translate(context.Background(), Request{Texts: []string{"x"}, Source: "fr", Target: "en"})
	var api *APIError
	if !errors.As(err, &api) || api.Message != "Daily Limit Exceeded" {
		t.Fatalf("other 403: %v", err)
	}
	// A transport failure names neither the URL nor the key.
	f.Close()
	_, err = tr.Translate(context.Background(), Request{Texts: []string{"x"}, Source: "fr", Target: "en"})
	if err == nil || strings.Contains(err.Error(), "AIzaSECRET") || strings.Contains(err.Error(), "key=") {
		t.Fatalf("transport error leaks: %v", err)
	}
}

func TestNewRejectsIncompleteConfig(t *testing.T) {
	for _, c := range []struct{ provider, want string }{
		{"libretranslate", "needs a URL"}, {"deepl", "needs an API key"}, {"google", "needs an API key"}, {"yandex", "unknown translation provider"},
	} {
		if _, err := New(c.provider, Options{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.provider, err)
		}
	}
	tr, err := New("none", Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := tr.Translate(context.Background(), Request{Texts: []string{"Bonjour"}, Source: "fr", Target: "en"})
	if res[0].Text != "Bonjour" {
		t.Fatalf("none changed the text: %v", res)
	}
}

// parseQuery decodes a raw query into single values.
func parseQuery(raw string) (map[string]string, error) {
	v, err := url.ParseQuery(raw)
	out := map[string]string{}
	for k := range v {
		out[k] = v.Get(k)
	}
	return out, err
}
