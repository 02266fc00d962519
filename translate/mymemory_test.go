package translate

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func myMemoryOK(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, map[string]any{
		"responseData":    map[string]any{"translatedText": strings.ToUpper(r.URL.Query().Get("q")), "match": 0.85},
		"quotaFinished":   false,
		"responseDetails": "",
		"responseStatus":  200,
		"matches":         []any{},
	})
}

func TestMyMemoryContract(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) { myMemoryOK(w, r) })
	tr := NewMyMemory(Options{BaseURL: f.URL, Email: "ops@example.org", Retry: fastRetry})
	long := strings.Repeat("Une phrase assez longue pour le test. ", 40) // ≈1500 bytes
	in := []string{"Bonjour & «salut»", long}
	res, err := tr.Translate(context.Background(), Request{Texts: in, Source: "fr", Target: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Text != "BONJOUR & «SALUT»" {
		t.Errorf("short text: %q", res[0].Text)
	}
	if strings.Join(strings.Fields(res[1].Text), " ") != strings.ToUpper(strings.TrimSpace(long)) {
		t.Errorf("long text not rejoined: %q", res[1].Text)
	}
	reqs := f.requests()
	if len(reqs) < 5 {
		t.Fatalf("one text per request and ≤500 bytes each: only %d requests", len(reqs))
	}
	for _, r := range reqs {
		vals, _ := parseQuery(r.query)
		if r.method != "GET" || r.path != "/get" || vals["langpair"] != "fr|en" || vals["de"] != "ops@example.org" {
			t.Errorf("request %s %s ?%s", r.method, r.path, r.query)
		}
		if len(vals["q"]) > 500 || vals["q"] == "" {
			t.Errorf("q of %d bytes", len(vals["q"]))
		}
	}
}

func TestMyMemoryQuotaIn200Body(t *testing.T) {
	status := any(429)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) {
		writeJSON(w, 200, map[string]any{
			"responseData":    map[string]any{"translatedText": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE IN  10 HOURS 20 MINUTES 05 SECONDS"},
			"quotaFinished":   true,
			"responseDetails": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY.",
			"responseStatus":  status,
		})
	})
	tr := NewMyMemory(Options{BaseURL: f.URL, Retry: fastRetry, Concurrency: 1})
	res, err := tr.Translate(context.Background(), Request{Texts: texts(10), Source: "fr", Target: "en"})
	var q *QuotaError
	if !errors.As(err, &q) || res != nil {
		t.Fatalf("err = %v, res = %v", err, res)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("kept asking after the quota ran out: %d requests", n)
	}
	// responseStatus as a string, other errors: an APIError with the details.
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) {
		writeJSON(w, 200, map[string]any{"responseData": map[string]any{"translatedText": "INVALID LANGUAGE PAIR SPECIFIED"},
			"responseDetails": "'XX' IS AN INVALID TARGET LANGUAGE", "responseStatus": "403"})
	})
	tr = NewMyMemory(Options{BaseURL: f2.URL, Retry: fastRetry})
	_, err = tr.Translate(context.Background(), Request{Texts: []string{"x"}, Source: "fr", Target: "xx"})
	var api *APIError
	if !errors.As(err, &api) || api.Status != 403 || !strings.Contains(api.Message, "INVALID TARGET") {
		t.Fatalf("err = %v", err)
	}
}

func TestMyMemoryAutoGuessesFromScript(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) { myMemoryOK(w, r) })
	tr := NewMyMemory(Options{BaseURL: f.URL, Retry: fastRetry})
	res, err := tr.Translate(context.Background(), Request{Texts: []string{"Президент подписал указ"}, Source: Auto, Target: "en"})
	if err != nil || res[0].Detected != "ru" {
		t.Fatalf("res %v err %v", res, err)
	}
	vals, _ := parseQuery(f.requests()[0].query)
	if vals["langpair"] != "ru|en" {
		t.Fatalf("langpair %q", vals["langpair"])
	}
	// Latin text of unknown language cannot be sent.
	if _, err := tr.Translate(context.Background(), Request{Texts: []string{"Hola amigos"}, Source: Auto, Target: "en"}); err == nil {
		t.Fatal("auto Latin text accepted")
	}
}

// TestMyMemoryGuessesWholeTextBeforeSplitting: a long Russian summary
// holding a Latin-only stretch is sent, piece by piece, as Russian.
func TestMyMemoryGuessesWholeTextBeforeSplitting(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) { myMemoryOK(w, r) })
	tr := NewMyMemory(Options{BaseURL: f.URL, Retry: fastRetry})
	text := strings.Repeat("Правительство утвердило новый бюджет страны. ", 12) + strings.Repeat("Reuters London Bloomberg quote. ", 10)
	res, err := tr.Translate(context.Background(), Request{Texts: []string{text}, Source: Auto, Target: "en"})
	if err != nil || res[0].Text == "" || res[0].Detected != "ru" {
		t.Fatalf("res %+v err %v", res, err)
	}
	reqs := f.requests()
	if len(reqs) < 3 {
		t.Fatalf("a %d-byte text in %d requests", len(text), len(reqs))
	}
	for _, r := range reqs {
		if vals, _ := parseQuery(r.query); vals["langpair"] != "ru|en" {
			t.Errorf("piece sent as %q", vals["langpair"])
		}
	}
}
