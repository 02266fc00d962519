package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// fetchTestFeed is a small valid RSS document.
const fetchTestFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title><link>https://example.org/</link>
<item><title>one</title><link>https://example.org/1</link></item></channel></rss>`

// newFetchTestFetcher returns a fetcher with test-sized limits.
func newFetchTestFetcher(opts FetcherOptions) *Fetcher {
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	if opts.MaxBytes == 0 {
		opts.MaxBytes = 1 << 20
	}
	return NewFetcher(opts)
}

func TestFetchConditionalGET(t *testing.T) {
	const etag, lastMod = `"v1"`, "Mon, 02 Jan 2006 15:04:05 GMT"
	var got []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Clone())
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	f := newFetchTestFetcher(FetcherOptions{})

	first := f.Fetch(t.Context(), FetchRequest{URL: srv.URL + "/feed"})
	if first.Status != StatusOK || first.Err != nil {
		t.Fatalf("first fetch: status %q err %v", first.Status, first.Err)
	}
	if string(first.Body) != fetchTestFeed {
		t.Errorf("body = %q", first.Body)
	}
	if first.ETag != etag || first.LastModified != lastMod {
		t.Errorf("validators = %q %q", first.ETag, first.LastModified)
	}
	if first.WireBytes != int64(len(fetchTestFeed)) || first.StatusCode != 200 {
		t.Errorf("wire bytes %d status %d", first.WireBytes, first.StatusCode)
	}
	if first.ContentType != "application/rss+xml; charset=utf-8" || first.FinalURL != srv.URL+"/feed" {
		t.Errorf("content type %q final URL %q", first.ContentType, first.FinalURL)
	}
	if ua := got[0].Get("User-Agent"); !strings.HasPrefix(ua, "worldbrief") || !strings.Contains(ua, "github.com/worldbrief/worldbrief") {
		t.Errorf("User-Agent = %q", ua)
	}
	if got[0].Get("Accept-Encoding") != "gzip" || !strings.Contains(got[0].Get("Accept"), "application/rss+xml") {
		t.Errorf("Accept %q Accept-Encoding %q", got[0].Get("Accept"), got[0].Get("Accept-Encoding"))
	}
	if got[0].Get("If-None-Match") != "" || got[0].Get("If-Modified-Since") != "" {
		t.Errorf("unconditional request sent validators: %v", got[0])
	}

	second := f.Fetch(t.Context(), FetchRequest{URL: srv.URL + "/feed", ETag: first.ETag, LastModified: first.LastModified})
	if second.Status != StatusNotModified || second.Err != nil || second.StatusCode != 304 {
		t.Fatalf("second fetch: status %q code %d err %v", second.Status, second.StatusCode, second.Err)
	}
	if got[1].Get("If-None-Match") != etag || got[1].Get("If-Modified-Since") != lastMod {
		t.Errorf("validators sent: %q %q", got[1].Get("If-None-Match"), got[1].Get("If-Modified-Since"))
	}
	if second.WireBytes != 0 || second.Body != nil {
		t.Errorf("304 read %d bytes, body %q", second.WireBytes, second.Body)
	}
	if second.ETag != etag || second.LastModified != lastMod {
		t.Errorf("304 validators = %q %q, want the request's", second.ETag, second.LastModified)
	}
}

func TestFetch304WithoutValidatorsFails(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	res := newFetchTestFetcher(FetcherOptions{}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
	if res.Status != StatusFailed || res.Err == nil {
		t.Fatalf("status %q err %v, want failed", res.Status, res.Err)
	}
}

func TestFetchGzip(t *testing.T) {
	feed := bytes.Repeat([]byte(fetchTestFeed), 50)
	var zbuf bytes.Buffer
	zw := gzip.NewWriter(&zbuf)
	zw.Write(feed)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding = %q", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(zbuf.Bytes())
	}))
	defer srv.Close()
	res := newFetchTestFetcher(FetcherOptions{}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
	if res.Status != StatusOK {
		t.Fatalf("status %q err %v", res.Status, res.Err)
	}
	if !bytes.Equal(res.Body, feed) {
		t.Errorf("body not decompressed: %d bytes, want %d", len(res.Body), len(feed))
	}
	if res.WireBytes != int64(zbuf.Len()) {
		t.Errorf("wire bytes = %d, want compressed size %d", res.WireBytes, zbuf.Len())
	}
}

func TestFetchBadGzipFails(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	res := newFetchTestFetcher(FetcherOptions{}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
	if res.Status != StatusFailed || res.Err == nil || !strings.Contains(res.Err.Error(), "gzip") {
		t.Fatalf("status %q err %v, want a gzip failure", res.Status, res.Err)
	}
}

func TestFetchHTTPErrors(t *testing.T) {
	for _, code := range []int{404, 410, 500, 502, 403, 204} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(code)
				fmt.Fprint(w, "nope")
			}))
			defer srv.Close()
			res := newFetchTestFetcher(FetcherOptions{}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
			want := fmt.Sprintf("HTTP %d %s", code, http.StatusText(code))
			if res.Status != StatusFailed || res.Err == nil || res.Err.Error() != want {
				t.Fatalf("status %q err %v, want failed %q", res.Status, res.Err, want)
			}
			var se *HTTPStatusError
			if !errors.As(res.Err, &se) || se.Code != code || res.StatusCode != code {
				t.Errorf("err %#v code %d", res.Err, res.StatusCode)
			}
			if res.Body != nil || res.RetryAfter != 0 {
				t.Errorf("body %q retry after %v", res.Body, res.RetryAfter)
			}
		})
	}
}

func TestFetchRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		code   int
		header string
		want   time.Duration
	}{
		{429, "120", 2 * time.Minute},
		{503, "120", 2 * time.Minute},
		{429, now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{503, now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{429, "soon", 0},
		{429, "", 0},
		{500, "120", 0}, // only 429 and 503 carry a meaningful Retry-After
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d %s", tc.code, tc.header), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				w.WriteHeader(tc.code)
			}))
			defer srv.Close()
			f := newFetchTestFetcher(FetcherOptions{Now: func() time.Time { return now }})
			res := f.Fetch(t.Context(), FetchRequest{URL: srv.URL})
			if res.Status != StatusFailed || res.StatusCode != tc.code {
				t.Fatalf("status %q code %d", res.Status, res.StatusCode)
			}
			if res.RetryAfter != tc.want {
				t.Errorf("RetryAfter = %v, want %v", res.RetryAfter, tc.want)
			}
		})
	}
}

func TestParseRetryAfterClamps(t *testing.T) {
	now := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	if got := parseRetryAfter("999999999999999", now); got != maxRetryAfter {
		t.Errorf("huge seconds = %v", got)
	}
	if got := parseRetryAfter("-5", now); got != 0 {
		t.Errorf("negative seconds = %v", got)
	}
	if got := parseRetryAfter(now.AddDate(5, 0, 0).Format(http.TimeFormat), now); got != maxRetryAfter {
		t.Errorf("far date = %v", got)
	}
}

func TestFetchNotAFeed(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		wantOK                  bool
		wantMsg                 string
	}{
		{"html page", "text/html; charset=utf-8", "<!DOCTYPE html>\n<html><body>Welcome</body></html>", false, "not a feed: got text/html page"},
		{"html with bom and space", "text/html", "\ufeff \n <HTML lang=fr><head></head></html>", false, "not a feed: got text/html page"},
		{"html after comment", "text/html", "<!-- cached -->\n<!doctype html><html></html>", false, "not a feed: got text/html page"},
		{"html served as rss", "application/rss+xml", "<html><body>login</body></html>", false, "not a feed: got an HTML page served as application/rss+xml"},
		{"feed served as html", "text/html", fetchTestFeed, true, ""},
		{"rss without prolog served as html", "text/html", "\ufeff<rss version=\"2.0\"><channel></channel></rss>", true, ""},
		{"atom", "application/atom+xml", `<feed xmlns="http://www.w3.org/2005/Atom"></feed>`, true, ""},
		{"element named htmlx", "text/xml", "<htmlx/>", true, ""},
		{"empty body", "application/rss+xml", " \n", false, "empty body"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				fmt.Fprint(w, tc.body)
			}))
			defer srv.Close()
			res := newFetchTestFetcher(FetcherOptions{}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
			if tc.wantOK {
				if res.Status != StatusOK || string(res.Body) != tc.body {
					t.Fatalf("status %q err %v, want ok with body", res.Status, res.Err)
				}
				return
			}
			if res.Status != StatusFailed || res.Err == nil || res.Err.Error() != tc.wantMsg {
				t.Fatalf("status %q err %v, want %q", res.Status, res.Err, tc.wantMsg)
			}
			if strings.HasPrefix(tc.wantMsg, "not a feed") && !errors.Is(res.Err, ErrNotFeed) {
				t.Errorf("err %v does not wrap ErrNotFeed", res.Err)
			}
			if res.Body != nil {
				t.Errorf("failed fetch kept a body")
			}
		})
	}
}

func TestFetchInvalidURL(t *testing.T) {
	f := newFetchTestFetcher(FetcherOptions{})
	for _, raw := range []string{"ftp://example.org/feed", "/relative/feed", "http://user:hunter2@[::1/feed?token=s3cr3t", "http:///nohost"} {
		res := f.Fetch(t.Context(), FetchRequest{URL: raw})
		if res.Status != StatusFailed || res.Err == nil {
			t.Errorf("%q: status %q err %v", raw, res.Status, res.Err)
			continue
		}
		if msg := res.Err.Error(); strings.Contains(msg, "hunter2") || strings.Contains(msg, "s3cr3t") {
			t.Errorf("%q: error leaks secrets: %q", raw, msg)
		}
	}
}

func TestFetchErrorsHideSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, r.URL.String(), http.StatusFound)
		case "/hang":
			<-r.Context().Done()
		case "/badloc":
			w.Header().Set("Location", "http://bob:hunter2@%zz/?token=s3cr3t")
			w.WriteHeader(http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	withSecrets := func(base, path string) string {
		u, _ := url.Parse(base + path)
		u.User = url.UserPassword("bob", "hunter2")
		u.RawQuery = "token=s3cr3t&x=1"
		return u.String()
	}
	f := newFetchTestFetcher(FetcherOptions{Timeout: 200 * time.Millisecond})
	for _, tc := range []struct{ base, path, want string }{
		{srv.URL, "/loop", "too many redirects"},
		{srv.URL, "/hang", "timeout after 200ms"},
		{srv.URL, "/missing", "HTTP 404 Not Found"},
		{srv.URL, "/badloc", ""},
		{closed.URL, "/feed", "connection refused"},
	} {
		res := f.Fetch(t.Context(), FetchRequest{URL: withSecrets(tc.base, tc.path)})
		if res.Err == nil {
			t.Errorf("%s: no error", tc.path)
			continue
		}
		msg := res.Err.Error()
		if strings.Contains(msg, "hunter2") || strings.Contains(msg, "s3cr3t") || strings.Contains(msg, "bob:") {
			t.Errorf("%s: error leaks secrets: %q", tc.path, msg)
		}
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q, want it to contain %q", tc.path, msg, tc.want)
		}
	}
}

func TestRedactFetchError(t *testing.T) {
	u, _ := url.Parse("https://bob:hunter2@example.org/feed?key=s3cr3t")
	err := redactFetchError(errors.New(`Get "https://bob:hunter2@example.org/feed?key=s3cr3t": boom; see http://x.org/a?sig=abc and raw s3cr3t`), u)
	msg := err.Error()
	if strings.Contains(msg, "hunter2") || strings.Contains(msg, "s3cr3t") || strings.Contains(msg, "sig=abc") {
		t.Errorf("not redacted: %q", msg)
	}
	if !strings.Contains(msg, "https://example.org/feed") || !strings.Contains(msg, "boom") {
		t.Errorf("redaction lost the useful part: %q", msg)
	}
	plain := errors.New("HTTP 404 Not Found")
	if got := redactFetchError(plain, u); got != plain {
		t.Errorf("clean error was rewrapped: %v", got)
	}
}

// TestBackoff: a failing feed waits within the upper half of a doubling
// step (15m, 30m, 1h, … up to 24h), at least the server's Retry-After
// (up to a quarter more, within 7 days), and below the cap each failure
// waits at least as long as the one before.
func TestBackoff(t *testing.T) {
	tests := []struct {
		errors     int
		retryAfter time.Duration
		lo, hi     time.Duration
	}{
		{0, 0, 0, 0},
		{0, 2 * time.Minute, 2 * time.Minute, 150 * time.Second},
		{1, 0, 15 * time.Minute / 2, 15 * time.Minute},
		{2, 0, 15 * time.Minute, 30 * time.Minute},
		{3, 0, 30 * time.Minute, time.Hour},
		{7, 0, 8 * time.Hour, 16 * time.Hour},
		{8, 0, 12 * time.Hour, 24 * time.Hour},
		{9, 0, 12 * time.Hour, 24 * time.Hour},
		{1000, 0, 12 * time.Hour, 24 * time.Hour},
		{1, 2 * time.Hour, 2 * time.Hour, 150 * time.Minute},
		{8, 48 * time.Hour, 48 * time.Hour, 60 * time.Hour},
		{1, 365 * 24 * time.Hour, maxRetryAfter, maxRetryAfter},
		{-1, -time.Hour, 0, 0},
	}
	for range 100 {
		for _, tc := range tests {
			if got := Backoff(tc.errors, tc.retryAfter); got < tc.lo || got > tc.hi {
				t.Fatalf("Backoff(%d, %v) = %v, want within [%v, %v]", tc.errors, tc.retryAfter, got, tc.lo, tc.hi)
			}
		}
		for n := 1; n < 7; n++ {
			if a, b := Backoff(n, 0), Backoff(n+1, 0); b < a {
				t.Fatalf("Backoff shrinks from %v after %d failures to %v after %d", a, n, b, n+1)
			}
		}
	}
}

// TestFeedsFailingTogetherAreRetriedApart: 1,000 feeds that failed in the
// same cycle (a network outage, replicas restarting together) are not
// all due again at the same instant.
func TestFeedsFailingTogetherAreRetriedApart(t *testing.T) {
	ds := make([]time.Duration, 1000)
	for i := range ds {
		ds[i] = Backoff(1, 0)
	}
	slices.Sort(ds)
	distinct := len(slices.Compact(slices.Clone(ds)))
	t.Logf("first backoff of 1,000 feeds: %d distinct in [%v, %v]", distinct, ds[0], ds[len(ds)-1])
	if distinct < 990 || ds[len(ds)-1]-ds[0] < 5*time.Minute {
		t.Errorf("1,000 feeds due again at %d distinct moments spanning %v", distinct, ds[len(ds)-1]-ds[0])
	}
}

func TestFetchCanceledContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res := newFetchTestFetcher(FetcherOptions{}).Fetch(ctx, FetchRequest{URL: srv.URL})
	if res.Status != StatusFailed || !errors.Is(res.Err, context.Canceled) {
		t.Fatalf("status %q err %v, want canceled", res.Status, res.Err)
	}
}
