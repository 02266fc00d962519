package chatapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestCompleteReadsTheFirstChoice(t *testing.T) {
	var auth, path string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		auth, path = r.Header.Get("Authorization"), r.URL.Path
		w.Write([]byte(`{"choices":[{"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],
			"usage":{"prompt_tokens":7,"completion_tokens":2}}`))
	})
	c := &Client{BaseURL: srv.URL + "/v1/", Model: "m", APIKey: "sk-secret"}
	res, err := c.Complete(context.Background(), Request{Messages: []Message{{Role: "user", Content: "hi"}}})
	if err != nil || res.Content != "Hello" || res.FinishReason != "stop" || res.Usage.Total() != 9 {
		t.Fatalf("res %+v, err %v", res, err)
	}
	if auth != "Bearer sk-secret" || path != "/v1/chat/completions" {
		t.Fatalf("sent Authorization %q to %q", auth, path)
	}
}

func TestCompleteRefusalAndErrors(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("case") {
		case "refusal":
			w.Write([]byte(`{"choices":[{"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}`))
		case "busy":
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error":{"message":"Rate limit reached for key sk-secret"}}`))
		case "html":
			w.Write([]byte(`<html>gateway</html>`))
		default:
			w.Write([]byte(`{"choices":[]}`))
		}
	})
	call := func(c string) (Response, error) {
		cl := &Client{BaseURL: srv.URL, Model: "m", APIKey: "sk-secret", HTTP: &http.Client{Timeout: 5 * time.Second, Transport: addQuery{c}}}
		return cl.Complete(context.Background(), Request{Messages: []Message{{Role: "user", Content: "x"}}})
	}
	if res, err := call("refusal"); err != nil || res.Refusal == "" || res.Content != "" {
		t.Errorf("refusal: %+v, %v", res, err)
	}
	_, err := call("busy")
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 429 || se.RetryAfter != 7*time.Second || strings.Contains(err.Error(), "sk-secret") {
		t.Errorf("429: %v", err)
	}
	if _, err := call("html"); !errors.Is(err, ErrMalformed) {
		t.Errorf("html body: %v", err)
	}
	if _, err := call("empty"); !errors.Is(err, ErrMalformed) {
		t.Errorf("no choices: %v", err)
	}
}

// addQuery adds ?case= to every request, so one server plays each case.
type addQuery struct{ c string }

func (a addQuery) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	q := r.URL.Query()
	q.Set("case", a.c)
	r.URL.RawQuery = q.Encode()
	return http.DefaultTransport.RoundTrip(r)
}
