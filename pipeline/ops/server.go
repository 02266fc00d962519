package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/worldbrief/worldbrief/internal/httpserve"
)

// Database is what readiness checks of the database (*store.Store
// implements it).
type Database interface {
	Ping(ctx context.Context) error
	MigrationsPending(ctx context.Context) (bool, error)
}

// Adapter is a chat adapter whose connection /readyz checks
// (*telegram.Bot and *discord.Bot implement it): Connected returns nil
// when it is connected to its platform, otherwise what is wrong.
type Adapter interface {
	Connected() error
}

// Server serves /healthz, /readyz and /metrics. Fields are set before use.
type Server struct {
	// DB is checked by /readyz: it must answer and have no pending
	// migration.
	DB Database
	// Metrics is served on /metrics; its last successful fetch cycle is
	// checked by /readyz.
	Metrics *Metrics
	// FetchInterval is fetch.interval: /readyz fails when the last
	// successful fetch cycle is older than twice this.
	FetchInterval time.Duration
	// Adapters are checked by /readyz, one check per platform name.
	Adapters map[string]Adapter
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Check is one readiness check in the /readyz body.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
}

// Readiness is the /readyz body.
type Readiness struct {
	Ready  bool    `json:"ready"`
	Checks []Check `json:"checks"`
}

// Handler returns the mux of the three endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		rd := s.Ready(r.Context())
		w.Header().Set("Content-Type", "application/json")
		if !rd.Ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(rd)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.Metrics.Registry(), promhttp.HandlerOpts{}))
	return mux
}

// Ready runs the readiness checks: database ping, migrations, each
// adapter's connection, and the age of the last successful fetch cycle.
func (s *Server) Ready(ctx context.Context) Readiness {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var rd Readiness
	add := func(name string, err error) {
		c := Check{Name: name, OK: err == nil}
		if err != nil {
			c.Detail = err.Error()
		}
		rd.Checks = append(rd.Checks, c)
	}
	add("database", s.DB.Ping(ctx))
	pending, err := s.DB.MigrationsPending(ctx)
	if err == nil && pending {
		err = errors.New("migrations are pending")
	}
	add("migrations", err)
	names := make([]string, 0, len(s.Adapters))
	for name := range s.Adapters {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		add(name, s.Adapters[name].Connected())
	}
	add("fetch", s.fetchFresh())
	rd.Ready = true
	for _, c := range rd.Checks {
		rd.Ready = rd.Ready && c.OK
	}
	return rd
}

// fetchFresh fails before the first successful fetch cycle and when the
// last one is older than 2 × FetchInterval.
func (s *Server) fetchFresh() error {
	last := s.Metrics.LastFetch()
	if last.IsZero() {
		return errors.New("no fetch cycle has completed yet")
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	if age, limit := now().Sub(last), 2*s.FetchInterval; age > limit {
		return fmt.Errorf("last successful fetch cycle was %v ago (limit %v)", age.Round(time.Second), limit)
	}
	return nil
}

// ListenAndServe serves the endpoints on addr until ctx ends, then shuts
// the server down (waiting up to 5s for requests in flight).
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("ops server: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve is ListenAndServe on an open listener, which it closes.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	if err := httpserve.Serve(ctx, ln, srv); err != nil {
		return fmt.Errorf("ops server: %w", err)
	}
	return nil
}
