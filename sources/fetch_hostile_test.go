package sources

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fetchTestZeros is a block of zero bytes hostile servers stream.
var fetchTestZeros = make([]byte, 64<<10)

func TestFetchGzipBombStoppedAtMaxBytes(t *testing.T) {
	const bomb = 1 << 30 // 1 GiB of zeros, compressed on the fly
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		for n := 0; n < bomb; n += len(fetchTestZeros) {
			if r.Context().Err() != nil {
				return
			}
			if _, err := zw.Write(fetchTestZeros); err != nil {
				return
			}
			served.Add(int64(len(fetchTestZeros)))
		}
		zw.Close()
	}))
	defer srv.Close()
	const limit = 1 << 20
	f := newFetchTestFetcher(FetcherOptions{MaxBytes: limit, Timeout: 10 * time.Second})

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	res := f.Fetch(t.Context(), FetchRequest{URL: srv.URL})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	if res.Status != StatusFailed || !errors.Is(res.Err, ErrBodyTooLarge) {
		t.Fatalf("status %q err %v, want body too large", res.Status, res.Err)
	}
	if msg := res.Err.Error(); msg != "response too large: body exceeds 1 MiB limit" {
		t.Errorf("message %q", msg)
	}
	if res.Body != nil {
		t.Errorf("kept %d bytes of a bomb", len(res.Body))
	}
	if res.WireBytes > limit {
		t.Errorf("read %d compressed bytes, more than the limit", res.WireBytes)
	}
	// Everything allocated meanwhile, server included, stays far below the
	// 1 GiB the bomb expands to.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("allocated %d MiB while fetching a bomb", alloc>>20)
	}
	if elapsed > 5*time.Second {
		t.Errorf("took %v", elapsed)
	}
	if s := served.Load(); s >= bomb {
		t.Errorf("server streamed the whole bomb (%d bytes): the fetcher read it all", s)
	}
}

func TestFetchEndlessBodyStoppedAtMaxBytes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss><channel>`)
		for r.Context().Err() == nil {
			if _, err := w.Write(fetchTestZeros); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	const limit = 256 << 10
	res := newFetchTestFetcher(FetcherOptions{MaxBytes: limit}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
	if res.Status != StatusFailed || !errors.Is(res.Err, ErrBodyTooLarge) {
		t.Fatalf("status %q err %v, want body too large", res.Status, res.Err)
	}
	if !strings.Contains(res.Err.Error(), "body exceeds 256 KiB limit") {
		t.Errorf("message %q", res.Err)
	}
	if res.WireBytes != limit+1 {
		t.Errorf("read %d bytes, want exactly limit+1 = %d", res.WireBytes, limit+1)
	}
}

func TestFetchDeclaredLengthOverLimitNotRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(2<<20))
		w.Write(fetchTestZeros)
	}))
	defer srv.Close()
	res := newFetchTestFetcher(FetcherOptions{MaxBytes: 1 << 20}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
	if !errors.Is(res.Err, ErrBodyTooLarge) || res.WireBytes != 0 {
		t.Fatalf("err %v wire %d, want too large without reading", res.Err, res.WireBytes)
	}
}

func TestFetchSlowEndlessBodyTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		flusher := w.(http.Flusher)
		for {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			flusher.Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	const timeout = 300 * time.Millisecond
	start := time.Now()
	res := newFetchTestFetcher(FetcherOptions{Timeout: timeout}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
	elapsed := time.Since(start)
	if res.Status != StatusFailed || !errors.Is(res.Err, ErrTimeout) || res.Err.Error() != "timeout after 300ms" {
		t.Fatalf("status %q err %v, want timeout after 300ms", res.Status, res.Err)
	}
	if res.WireBytes == 0 || res.StatusCode != 200 {
		t.Errorf("wire %d status %d: the body had started", res.WireBytes, res.StatusCode)
	}
	if elapsed < timeout || elapsed > timeout+2*time.Second {
		t.Errorf("took %v with a %v timeout", elapsed, timeout)
	}
}

func TestFetchServerNeverAnswersTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	const timeout = 200 * time.Millisecond
	start := time.Now()
	res := newFetchTestFetcher(FetcherOptions{Timeout: timeout}).Fetch(t.Context(), FetchRequest{URL: srv.URL})
	elapsed := time.Since(start)
	if res.Status != StatusFailed || !errors.Is(res.Err, ErrTimeout) || res.Err.Error() != "timeout after 200ms" {
		t.Fatalf("status %q err %v, want timeout after 200ms", res.Status, res.Err)
	}
	if res.StatusCode != 0 {
		t.Errorf("status code %d", res.StatusCode)
	}
	if elapsed > timeout+2*time.Second {
		t.Errorf("took %v with a %v timeout", elapsed, timeout)
	}
}

func TestFetchConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	res := newFetchTestFetcher(FetcherOptions{}).Fetch(t.Context(), FetchRequest{URL: srv.URL + "/feed"})
	if res.Status != StatusFailed || res.Err == nil || res.Err.Error() != "connection refused" {
		t.Fatalf("status %q err %v, want connection refused", res.Status, res.Err)
	}
}

// fetchTestInflight counts requests in flight, across every server that
// wraps its handler, and remembers the maximum.
type fetchTestInflight struct {
	now, peak atomic.Int64
}

// wrap returns a handler that holds each request for hold, then serves a feed.
func (c *fetchTestInflight) wrap(hold time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := c.now.Add(1)
		for {
			p := c.peak.Load()
			if n <= p || c.peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(hold)
		c.now.Add(-1)
		fmt.Fprint(w, fetchTestFeed)
	})
}

// fetchAll fetches every URL from its own goroutine and returns the results.
func fetchAll(ctx context.Context, f *Fetcher, urls []string) []FetchResult {
	results := make([]FetchResult, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() { results[i] = f.Fetch(ctx, FetchRequest{URL: u}) })
	}
	wg.Wait()
	return results
}

func TestFetchPerHostLimit(t *testing.T) {
	var inflight fetchTestInflight
	srv := httptest.NewServer(inflight.wrap(30 * time.Millisecond))
	defer srv.Close()
	f := newFetchTestFetcher(FetcherOptions{PerHost: 2, Concurrency: 16})
	urls := make([]string, 10)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/feed/%d", srv.URL, i)
	}
	for i, res := range fetchAll(t.Context(), f, urls) {
		if res.Status != StatusOK {
			t.Errorf("feed %d: %q %v", i, res.Status, res.Err)
		}
	}
	if peak := inflight.peak.Load(); peak != 2 {
		t.Errorf("peak concurrent requests to one host = %d, want 2", peak)
	}
	if n := len(f.hosts.hosts); n != 0 {
		t.Errorf("host limiter still tracks %d hosts after all fetches", n)
	}
}

func TestFetchGlobalLimit(t *testing.T) {
	var inflight fetchTestInflight
	var urls []string
	for range 4 {
		srv := httptest.NewServer(inflight.wrap(30 * time.Millisecond))
		defer srv.Close()
		for i := range 4 {
			urls = append(urls, fmt.Sprintf("%s/feed/%d", srv.URL, i))
		}
	}
	f := newFetchTestFetcher(FetcherOptions{PerHost: 4, Concurrency: 3})
	for i, res := range fetchAll(t.Context(), f, urls) {
		if res.Status != StatusOK {
			t.Errorf("feed %d: %q %v", i, res.Status, res.Err)
		}
	}
	if peak := inflight.peak.Load(); peak != 3 {
		t.Errorf("peak concurrent requests overall = %d, want 3", peak)
	}
}

func TestFetchFailingHostDoesNotAffectOthers(t *testing.T) {
	hanging := make(chan struct{}, 4)
	hang := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		hanging <- struct{}{}
		<-r.Context().Done()
	}))
	defer hang.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer broken.Close()
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(10 * time.Millisecond)
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer good.Close()

	const timeout = 600 * time.Millisecond
	f := newFetchTestFetcher(FetcherOptions{Concurrency: 4, PerHost: 2, Timeout: timeout})
	var urls []string
	for i := range 4 { // the hanging host's fetches start first
		urls = append(urls, fmt.Sprintf("%s/feed/%d", hang.URL, i))
	}
	for i := range 4 {
		urls = append(urls, fmt.Sprintf("%s/feed/%d", broken.URL, i))
	}
	for i := range 8 {
		urls = append(urls, fmt.Sprintf("%s/feed/%d", good.URL, i))
	}
	start := time.Now()
	results := make([]FetchResult, len(urls))
	done := make([]time.Duration, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() {
			results[i] = f.Fetch(t.Context(), FetchRequest{URL: u})
			done[i] = time.Since(start)
		})
		if i == 3 { // the hanging host's fetches hold its two slots
			<-hanging
			<-hanging
		}
	}
	wg.Wait()
	for i, res := range results {
		switch {
		case strings.HasPrefix(urls[i], hang.URL):
			if !errors.Is(res.Err, ErrTimeout) {
				t.Errorf("hanging feed %d: %v, want timeout", i, res.Err)
			}
		case strings.HasPrefix(urls[i], broken.URL):
			if res.Err == nil || res.Err.Error() != "HTTP 500 Internal Server Error" {
				t.Errorf("broken feed %d: %v", i, res.Err)
			}
		default:
			if res.Status != StatusOK {
				t.Errorf("good feed %d: %q %v", i, res.Status, res.Err)
			}
			if done[i] > timeout/2 {
				t.Errorf("good feed %d finished after %v: held up by the hanging host", i, done[i])
			}
		}
	}
}

func TestFetchCanceledWhileWaitingForSlot(t *testing.T) {
	release := make(chan struct{})
	arrived := make(chan struct{}, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	defer close(release)
	f := newFetchTestFetcher(FetcherOptions{PerHost: 1})
	go f.Fetch(t.Context(), FetchRequest{URL: srv.URL + "/a"})
	<-arrived // the first fetch now holds the host's only slot

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := f.Fetch(ctx, FetchRequest{URL: srv.URL + "/b"})
	if !errors.Is(res.Err, context.DeadlineExceeded) || !strings.HasPrefix(res.Err.Error(), "waiting for a fetch slot") {
		t.Fatalf("err %v, want waiting for a fetch slot: deadline exceeded", res.Err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("returned after %v", elapsed)
	}
}
