package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// Digests is what the pages and feeds read: the process's digest service
// (*digest.Service).
type Digests interface {
	// Digest returns country's current digest.
	Digest(ctx context.Context, country string) (digest.Digest, error)
	// DigestOn returns country's digest of a local date (YYYY-MM-DD), or
	// an error wrapping digest.ErrNoDigest when there is none.
	DigestOn(ctx context.Context, country, day string) (digest.Digest, error)
	// Daily returns up to n digests of country, one per day, newest first.
	Daily(ctx context.Context, country string, n int) ([]digest.Digest, error)
	// World returns the current world edition.
	World(ctx context.Context) (digest.World, error)
	// WorldOn returns the world edition of a UTC date (YYYY-MM-DD), or an
	// error wrapping digest.ErrNoDigest when there is none.
	WorldOn(ctx context.Context, day string) (digest.World, error)
	// DailyWorlds returns up to n world editions, one per UTC day, newest
	// first.
	DailyWorlds(ctx context.Context, n int) ([]digest.World, error)
	// Today returns country's local date now (the UTC date for
	// digest.WorldCode).
	Today(country string) string
}

// Config is what a Server needs.
type Config struct {
	// Digests supplies the digests; required.
	Digests Digests
	// Catalog lists the countries and their outlets; required.
	Catalog *sources.Catalog
	// Region names a country's region for the country picker; nil reads
	// the catalog (a country's first region); "" puts the country under
	// "More countries".
	Region func(country string) string
	// BaseURL is the public address of the pages, e.g.
	// "https://news.example.org", used for the feeds' links; empty: the
	// address each request came to.
	BaseURL string
	// Log receives errors of the digest service (default: discarded).
	Log *slog.Logger
}

// Cache lifetimes sent to browsers and feed readers.
const (
	todayMaxAge = 5 * time.Minute
	pastMaxAge  = 24 * time.Hour
	// homeTTL is how long the country picker's top stories are reused
	// before every country's digest is read again.
	homeTTL = time.Minute
	// feedDays is the number of daily digests in a feed.
	feedDays = 14
	// dayLinks is how many earlier days a country page links to.
	dayLinks = 7
)

//go:embed templates/*.html
var templateFS embed.FS

// Server serves the pages and feeds. It is an http.Handler.
type Server struct {
	cfg    Config
	pages  map[string]*template.Template
	mux    *http.ServeMux
	labels map[string][]string // site id → labels as shown
	byName map[string][]string // site name → labels, for digests stored without site ids
	seed   string              // part of every ETag: changes when the templates do
	// catalogTag is the OPML's ETag, over the catalog's content.
	catalogTag string

	homeMu sync.Mutex
	home   *homeView
	homeAt time.Time

	past      pastCache[digest.Digest] // country/day → a past day's digest
	pastWorld pastCache[digest.World]  // day → a past day's world edition
}

// pastKept bounds the past days' digests (and editions) kept in memory.
const pastKept = 1024

// pastCache keeps what past days' pages show: it no longer changes.
type pastCache[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

// get returns key's value, loading it when it is not kept; only past
// days' values are kept.
func (c *pastCache[T]) get(key string, past bool, load func() (T, error)) (T, error) {
	if past {
		c.mu.Lock()
		v, ok := c.m[key]
		c.mu.Unlock()
		if ok {
			return v, nil
		}
	}
	v, err := load()
	if err != nil || !past {
		return v, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= pastKept {
		c.m = map[string]T{}
	}
	c.m[key] = v
	c.mu.Unlock()
	return v, nil
}

// New returns a Server; it fails only when a required field is missing.
func New(cfg Config) (*Server, error) {
	if cfg.Digests == nil || cfg.Catalog == nil {
		return nil, errors.New("web: Config needs Digests and Catalog")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Region == nil {
		cfg.Region = catalogRegion(cfg.Catalog)
	}
	s := &Server{cfg: cfg, pages: map[string]*template.Template{}, labels: map[string][]string{}, byName: map[string][]string{}}
	h := fnv.New64a()
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := templateFS.ReadFile(path)
			h.Write(b)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	s.seed = strconv.FormatUint(h.Sum64(), 36)
	for _, page := range []string{"home", "country", "world", "notfound"} {
		t, err := template.New(page).ParseFS(templateFS, "templates/layout.html", "templates/"+page+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", page, err)
		}
		s.pages[page] = t
	}
	for _, site := range cfg.Catalog.Sites() {
		if ls := showLabels(site.Labels); len(ls) > 0 {
			s.labels[site.ID] = ls
			s.byName[site.Name] = ls
		}
	}
	cat, err := json.Marshal(cfg.Catalog)
	if err != nil {
		return nil, fmt.Errorf("web: catalog: %w", err)
	}
	s.catalogTag = s.etag("opml", string(cat))
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /{$}", s.handleHome)
	s.mux.HandleFunc("GET /world", s.handleWorld)
	s.mux.HandleFunc("GET /world/{day}", s.handleWorldDay)
	s.mux.HandleFunc("GET /world.atom", s.handleWorldAtom)
	s.mux.HandleFunc("GET /catalog.opml", s.handleOPML)
	s.mux.HandleFunc("GET /{name}", s.handleCountryOrFeed)
	s.mux.HandleFunc("GET /{country}/{day}", s.handleDay)
	s.mux.HandleFunc("/", s.handleNotFound)
	return s, nil
}

// ServeHTTP serves a page or a feed.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

// catalogRegion names each country's first catalog region.
func catalogRegion(cat *sources.Catalog) func(string) string {
	names := map[string]string{}
	for _, r := range cat.Regions {
		names[r.ID] = r.Name
	}
	byCountry := map[string]string{}
	for _, co := range cat.Countries {
		for _, id := range co.Regions {
			if n := names[id]; n != "" {
				byCountry[co.Code] = n
				break
			}
		}
	}
	return func(code string) string { return byCountry[code] }
}

// labelText is how a catalog label is shown.
var labelText = map[string]string{
	"public-broadcaster": "public broadcaster",
	"state-funded":       "state-funded",
	"wire":               "wire",
}

// showLabels returns the labels of a site as shown, in the catalog's order.
func showLabels(labels []string) []string {
	var out []string
	for _, l := range labels {
		if t, ok := labelText[l]; ok {
			out = append(out, t)
		} else if l != "" {
			out = append(out, strings.ReplaceAll(l, "-", " "))
		}
	}
	return out
}

// siteLabels returns the labels of a site by id, or by name for digests
// stored before sites' ids were.
func (s *Server) siteLabels(id, name string) []string {
	if id != "" {
		return s.labels[id]
	}
	return s.byName[name]
}

// etag returns a strong ETag over the templates and the given parts.
func (s *Server) etag(parts ...string) string {
	h := fnv.New64a()
	h.Write([]byte(s.seed))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return `"` + strconv.FormatUint(h.Sum64(), 36) + `"`
}

// fresh sets the caching headers and reports whether the client's copy is
// current, in which case it has answered 304.
func fresh(w http.ResponseWriter, r *http.Request, etag string, modified time.Time, maxAge time.Duration) bool {
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(maxAge/time.Second)))
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if t = strings.TrimSpace(t); t == etag || t == "*" || t == "W/"+etag {
				w.WriteHeader(http.StatusNotModified)
				return true
			}
		}
	}
	return false
}

// bufPool holds render buffers.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes page with data and status; a template failure is logged
// and answered 503 with a plain sentence.
func (s *Server) render(w http.ResponseWriter, status int, page string, data any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := s.pages[page].ExecuteTemplate(buf, "layout", data); err != nil {
		s.cfg.Log.Error("web: render", "page", page, "err", err)
		http.Error(w, "This page cannot be shown right now; please try again shortly.", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// unavailable answers a failure of the digest service: logged, and a 503
// page that asks to retry (an unknown country or day is a 404 instead).
func (s *Server) unavailable(w http.ResponseWriter, what string, err error) {
	s.cfg.Log.Error("web: digest service", "page", what, "err", err)
	w.Header().Set("Retry-After", "60")
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, http.StatusServiceUnavailable, "notfound", notFoundView{
		page:    page{Title: "Not available right now — worldbrief"},
		Heading: "Not available right now",
		Message: "The digests cannot be read at the moment. Please try again in a minute.",
	})
}

// base returns the public base URL for links in feeds.
func (s *Server) base(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
