package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/digest"
)

// TestCachingHeaders: pages carry an ETag and Last-Modified from the
// stored digest; the same ETag back is a 304 without a body; a new build
// changes the ETag; past days are cached longer than today.
func TestCachingHeaders(t *testing.T) {
	s, f := newTestServer(t)
	for _, path := range []string{"/", "/fr", "/fr/2026-03-09", "/world", "/world/2026-03-09", "/fr.atom", "/fr.json", "/world.atom", "/catalog.opml"} {
		rec := get(t, s, path)
		etag := rec.Header().Get("ETag")
		if rec.Code != http.StatusOK || etag == "" || !strings.HasPrefix(rec.Header().Get("Cache-Control"), "public, max-age=") {
			t.Errorf("GET %s = %d, ETag %q, Cache-Control %q", path, rec.Code, etag, rec.Header().Get("Cache-Control"))
			continue
		}
		again := get(t, s, path, "If-None-Match", etag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("GET %s with its ETag = %d with %d bytes, want 304 and no body", path, again.Code, again.Body.Len())
		}
	}
	if lm := get(t, s, "/fr").Header().Get("Last-Modified"); lm != "Tue, 10 Mar 2026 18:00:00 GMT" {
		t.Errorf("Last-Modified %q, want the digest's build time", lm)
	}
	if cc := get(t, s, "/fr/2026-03-09").Header().Get("Cache-Control"); cc != "public, max-age=86400" {
		t.Errorf("a past day's Cache-Control %q, want a day", cc)
	}
	before := get(t, s, "/fr").Header().Get("ETag")
	f.days["fr"][0].GeneratedAt = f.days["fr"][0].GeneratedAt.Add(30 * 60e9)
	if after := get(t, s, "/fr", "If-None-Match", before); after.Code != http.StatusOK || after.Header().Get("ETag") == before {
		t.Errorf("after a new build: %d, ETag %q (was %q); want 200 and a new ETag", after.Code, after.Header().Get("ETag"), before)
	}
}

// TestNotFoundAndRedirects: countries by name or in capitals redirect to
// their code; unknown countries, malformed, future and missing days, and
// unknown paths are 404 pages with suggestions, never 500.
func TestNotFoundAndRedirects(t *testing.T) {
	s, _ := newTestServer(t)
	for path, loc := range map[string]string{"/France": "/fr", "/FR": "/fr", "/japan/2026-03-10": "/jp/2026-03-10", "/FR.atom": "/fr.atom", "/south%20korea.json": "/kr.json"} {
		rec := get(t, s, path)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != loc {
			t.Errorf("GET %s = %d → %q, want 301 → %s", path, rec.Code, rec.Header().Get("Location"), loc)
		}
	}
	for path, want := range map[string]string{
		"/frnce":                        `<a href="/fr">France</a>`,
		"/frnce/2026-03-10":             `<a href="/fr/2026-03-10">France</a>`,
		"/zz":                           "does not cover",
		"/fr/yesterday":                 "days are written YYYY-MM-DD",
		"/fr/2026-02-30":                "days are written YYYY-MM-DD",
		"/fr/2027-01-01":                "has not happened yet",
		"/fr/2026-03-01":                `<a href="/fr/2026-03-09">Monday 9 March 2026</a>`,
		"/fr/2026-03-09/x":              "There is no page at this address",
		"/world/2026-03-01":             `<a href="/world/2026-03-09">Monday 9 March 2026</a>`,
		"/world/2027-01-01":             "has not happened yet",
		"/world/yesterday":              "days are written YYYY-MM-DD",
		"/world/2026-03-09/x":           "There is no page at this address",
		"/" + strings.Repeat("x", 5000): "does not cover",
	} {
		rec := get(t, s, path)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s = %d, want 404 with %q:\n%s", shorten(path, 40), rec.Code, want, shorten(rec.Body.String(), 300))
		}
	}
}

// failingDigests fails every read, like a database that is down.
type failingDigests struct{ fakeDigests }

var errDown = errors.New("database is down")

func (failingDigests) Digest(context.Context, string) (digest.Digest, error) {
	return digest.Digest{}, errDown
}
func (failingDigests) World(context.Context) (digest.World, error) { return digest.World{}, errDown }
func (failingDigests) WorldOn(context.Context, string) (digest.World, error) {
	return digest.World{}, errDown
}
func (failingDigests) DailyWorlds(context.Context, int) ([]digest.World, error) { return nil, errDown }

// TestServiceDown: a failing digest service is a 503 page asking to retry
// and not cached, never a 500.
func TestServiceDown(t *testing.T) {
	cat := labelledCatalog(t)
	s, err := New(Config{Digests: &failingDigests{}, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/fr", "/world", "/world/2026-03-09", "/world.atom"} {
		rec := get(t, s, path)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Retry-After") == "" {
			t.Errorf("GET %s with the service down = %d (Cache-Control %q)", path, rec.Code, rec.Header().Get("Cache-Control"))
		}
		if strings.Contains(rec.Body.String(), errDown.Error()) {
			t.Errorf("GET %s shows the internal error", path)
		}
	}
}

// FuzzPaths: no request path makes the server panic or answer 500.
func FuzzPaths(f *testing.F) {
	s, _ := newTestServer(f)
	for _, p := range []string{"/", "/fr", "/fr/2026-03-09", "/world", "/fr.atom", "/xx.json", "/%00", "/fr/2026-13-45", "/a/b/c", "/..", "/fr/9999-12-31"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		req, err := http.NewRequest(http.MethodGet, "http://news.example/", nil)
		if err != nil {
			t.Skip()
		}
		req.URL.Path = "/" + strings.TrimPrefix(path, "/")
		req.RequestURI = req.URL.RequestURI()
		rec := newRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %q = %d", path, rec.Code)
		}
	})
}
