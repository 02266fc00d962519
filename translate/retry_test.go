package translate

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// libreUpper answers like LibreTranslate, upper-casing.
func libreUpper(w http.ResponseWriter, body map[string]any) {
	writeJSON(w, 200, map[string]any{"translatedText": upper(strs(body["q"]))})
}

func TestRetryAfterHonoured(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, map[string]any{"error": "Too many requests"})
			return
		}
		libreUpper(w, body)
	})
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry})
	start := time.Now()
	res, err := tr.Translate(context.Background(), Request{Texts: []string{"a"}, Source: "fr", Target: "en"})
	checkUpper(t, []string{"a"}, res, err)
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Fatalf("retried after %s, before the 1s Retry-After", waited)
	}
}

func TestRetryAfterTooLongGivesUp(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
	})
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry})
	_, err := tr.Translate(context.Background(), Request{Texts: texts(120), Source: "fr", Target: "en"})
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Hour {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.requests()); n > 4 {
		t.Fatalf("kept sending after a rate limit: %d requests", n)
	}
}

func TestServerErrorsRetriedThenReported(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		if n.Add(1) <= 2 {
			http.Error(w, "upstream down", 502)
			return
		}
		libreUpper(w, body)
	})
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry})
	res, err := tr.Translate(context.Background(), Request{Texts: []string{"a"}, Source: "fr", Target: "en"})
	checkUpper(t, []string{"a"}, res, err)

	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) { http.Error(w, "overloaded", 503) })
	tr = NewLibreTranslate(Options{BaseURL: f2.URL, Retry: fastRetry})
	_, err = tr.Translate(context.Background(), Request{Texts: []string{"a"}, Source: "fr", Target: "en"})
	var api *APIError
	if !errors.As(err, &api) || api.Status != 503 || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Fatalf("err = %v", err)
	}
	if len(f2.requests()) != 3 {
		t.Fatalf("want 3 attempts, got %d", len(f2.requests()))
	}
}

func TestTimeoutIsRetriedAndReported(t *testing.T) {
	release := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: Retry{Attempts: 2, BaseDelay: time.Millisecond},
		HTTPClient: &http.Client{Timeout: 50 * time.Millisecond}})
	_, err := tr.Translate(context.Background(), Request{Texts: []string{"a"}, Source: "fr", Target: "en"})
	if err == nil || !strings.Contains(err.Error(), "timeout") || strings.Contains(err.Error(), f.URL) {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelledWhileWaitingToRetry(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(503)
	})
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: Retry{MaxRetryAfter: time.Minute}})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := tr.Translate(ctx, Request{Texts: []string{"a"}, Source: "fr", Target: "en"})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %s", err, time.Since(start))
	}
}

func TestMalformedAndMismatchedResponses(t *testing.T) {
	cases := []struct {
		name   string
		answer func(w http.ResponseWriter, body map[string]any)
		want   error
	}{
		{"not JSON", func(w http.ResponseWriter, _ map[string]any) { w.Write([]byte("<html>gateway</html>")) }, ErrMalformed},
		{"wrong type", func(w http.ResponseWriter, _ map[string]any) { writeJSON(w, 200, map[string]any{"translatedText": 42}) }, ErrMalformed},
		{"too few", func(w http.ResponseWriter, body map[string]any) {
			writeJSON(w, 200, map[string]any{"translatedText": upper(strs(body["q"]))[1:]})
		}, ErrMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) { c.answer(w, body) })
			tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry})
			res, err := tr.Translate(context.Background(), Request{Texts: []string{"a", "b"}, Source: "fr", Target: "en"})
			if !errors.Is(err, c.want) || res != nil {
				t.Fatalf("err = %v, res = %v", err, res)
			}
		})
	}
}

func TestConcurrencyIsBounded(t *testing.T) {
	var inFlight, peak atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(5 * time.Millisecond)
		libreUpper(w, body)
	})
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry, Concurrency: 2})
	in := texts(500)
	res, err := tr.Translate(context.Background(), Request{Texts: in, Source: "fr", Target: "en"})
	checkUpper(t, in, res, err)
	if p := peak.Load(); p > 2 {
		t.Fatalf("%d requests in flight, limit 2", p)
	}
}

func TestPartialFailureKeepsGoodBatches(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		q := strs(body["q"])
		if strings.HasPrefix(q[0], "bad") {
			writeJSON(w, 400, map[string]any{"error": "unsupported"})
			return
		}
		libreUpper(w, body)
	})
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry})
	in := append(texts(50), "bad one")
	res, err := tr.Translate(context.Background(), Request{Texts: in, Source: "fr", Target: "en"})
	if err == nil || res == nil || res[0].Text != strings.ToUpper(in[0]) || res[50].Text != "" {
		t.Fatalf("res %v err %v", res != nil, err)
	}
}

// TestUnavailableProviderStopsTheCall: once one request has failed
// through all its retries, the remaining batches are not sent.
func TestUnavailableProviderStopsTheCall(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) { http.Error(w, "down", 502) })
	tr := NewLibreTranslate(Options{BaseURL: f.URL, Retry: fastRetry, Concurrency: 1})
	_, err := tr.Translate(context.Background(), Request{Texts: texts(500), Source: "fr", Target: "en"})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.requests()); n != fastRetry.Attempts {
		t.Fatalf("%d requests for 10 batches to a dead provider; want only the first batch's %d attempts", n, fastRetry.Attempts)
	}
}
