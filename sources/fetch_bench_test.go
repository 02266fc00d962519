package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

// Shape of the benchmark's simulated press: as many feeds as the embedded
// catalog reads, spread over 40 hosts, each answer delayed by a
// network-like latency. The real catalog has a host per feed or so; 40
// hosts with the per-host limit of 2 allow 80 requests in flight, more
// than the global limit of 16, so the global limit binds as it does on the
// real catalog.
const (
	benchFetchHosts   = 40
	benchFetchLatency = 20 * time.Millisecond
	benchFetchFixture = "fr-lemonde-rss2-mojibake.xml"
)

// benchFetchNumFeeds is the number of feeds of the embedded catalog.
func benchFetchNumFeeds(b *testing.B) int {
	c, err := DefaultCatalog()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, s := range c.Sites() {
		n += len(s.Feeds)
	}
	return n
}

// benchFetchServers starts the hosts and returns one feed URL per catalog
// feed. Every host serves the fixture with an ETag, gzip when asked, and
// 304 to a matching If-None-Match.
func benchFetchServers(b *testing.B) []string {
	body := feedfixtures.Read(b, benchFetchFixture)
	var zbuf bytes.Buffer
	zw := gzip.NewWriter(&zbuf)
	zw.Write(body)
	zw.Close()
	gz := zbuf.Bytes()
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))

	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(benchFetchLatency):
		case <-r.Context().Done():
			return
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("ETag", etag)
		if r.Header.Get("Accept-Encoding") == "gzip" {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz)
			return
		}
		w.Write(body)
	})
	hosts := make([]string, benchFetchHosts)
	for i := range hosts {
		srv := httptest.NewServer(handler)
		b.Cleanup(srv.Close)
		hosts[i] = srv.URL
	}
	n := benchFetchNumFeeds(b)
	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/rss/%d.xml", hosts[i%len(hosts)], i)
	}
	return urls
}

// benchFetchCycle fetches every request, all at once or one by one, fails
// the benchmark unless each ends in want, and returns the wire bytes.
func benchFetchCycle(b *testing.B, f *Fetcher, reqs []FetchRequest, concurrent bool, want string) (results []FetchResult, wire int64) {
	ctx := context.Background()
	if concurrent {
		results = make([]FetchResult, len(reqs))
		done := make(chan struct{})
		for i, r := range reqs {
			go func() {
				results[i] = f.Fetch(ctx, r)
				done <- struct{}{}
			}()
		}
		for range reqs {
			<-done
		}
	} else {
		for _, r := range reqs {
			results = append(results, f.Fetch(ctx, r))
		}
	}
	for i, res := range results {
		if res.Status != want {
			b.Fatalf("feed %d: status %q err %v, want %q", i, res.Status, res.Err, want)
		}
		wire += res.WireBytes
	}
	return results, wire
}

// BenchmarkFetchCycle measures one fetch cycle over the catalog's number
// of feeds (559) on 40 local hosts with 20 ms latency: concurrent (Fetcher defaults) against one by
// one, and the bytes a second cycle moves when nothing changed.
func BenchmarkFetchCycle(b *testing.B) {
	urls := benchFetchServers(b)
	plain := make([]FetchRequest, len(urls))
	for i, u := range urls {
		plain[i] = FetchRequest{URL: u}
	}
	var concurrentPerCycle time.Duration

	b.Run("concurrent", func(b *testing.B) {
		f := NewFetcher(FetcherOptions{})
		var wire int64
		start := time.Now()
		for b.Loop() {
			_, wire = benchFetchCycle(b, f, plain, true, StatusOK)
		}
		concurrentPerCycle = time.Since(start) / time.Duration(b.N)
		b.ReportMetric(float64(wire), "wire-B/cycle")
		b.ReportMetric(float64(len(urls)), "feeds/cycle")
	})

	b.Run("sequential", func(b *testing.B) {
		f := NewFetcher(FetcherOptions{})
		start := time.Now()
		for b.Loop() {
			benchFetchCycle(b, f, plain, false, StatusOK)
		}
		perCycle := time.Since(start) / time.Duration(b.N)
		if concurrentPerCycle > 0 {
			b.ReportMetric(float64(perCycle)/float64(concurrentPerCycle), "x-concurrent-time")
		}
	})

	b.Run("second_cycle_304", func(b *testing.B) {
		f := NewFetcher(FetcherOptions{})
		first, firstWire := benchFetchCycle(b, f, plain, true, StatusOK)
		conditional := make([]FetchRequest, len(first))
		for i, res := range first {
			conditional[i] = FetchRequest{URL: urls[i], ETag: res.ETag, LastModified: res.LastModified}
		}
		var wire int64
		for b.Loop() {
			_, wire = benchFetchCycle(b, f, conditional, true, StatusNotModified)
		}
		b.ReportMetric(float64(wire), "wire-B/cycle")
		b.ReportMetric(float64(firstWire), "first-cycle-wire-B")
	})
}
