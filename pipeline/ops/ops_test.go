package ops

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/bot/pace"
	"github.com/worldbrief/worldbrief/sources"
)

type fakeDB struct {
	pingErr error
	pending bool
}

func (f *fakeDB) Ping(context.Context) error                      { return f.pingErr }
func (f *fakeDB) MigrationsPending(context.Context) (bool, error) { return f.pending, nil }

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

func readiness(t *testing.T, h http.Handler) (int, Readiness) {
	t.Helper()
	code, body := get(t, h, "/readyz")
	var rd Readiness
	if err := json.Unmarshal([]byte(body), &rd); err != nil {
		t.Fatalf("/readyz body %q: %v", body, err)
	}
	return code, rd
}

func check(rd Readiness, name string) Check {
	for _, c := range rd.Checks {
		if c.Name == name {
			return c
		}
	}
	return Check{Name: name, Detail: "missing"}
}

func TestHealthz(t *testing.T) {
	s := &Server{DB: &fakeDB{}, Metrics: NewMetrics(nil), FetchInterval: time.Minute}
	if code, body := get(t, s.Handler(), "/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Fatalf("/healthz = %d %q; want 200 ok", code, body)
	}
}

func TestReadyzStates(t *testing.T) {
	now := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
	db := &fakeDB{}
	m := NewMetrics(nil)
	s := &Server{DB: db, Metrics: m, FetchInterval: 30 * time.Minute, Now: func() time.Time { return now }}
	h := s.Handler()

	// Before the first fetch cycle: not ready, with the reason.
	code, rd := readiness(t, h)
	if code != 503 || rd.Ready || check(rd, "fetch").OK || !strings.Contains(check(rd, "fetch").Detail, "no fetch cycle") {
		t.Fatalf("before any fetch: %d %+v; want 503 with the fetch check failing", code, rd)
	}
	if !check(rd, "database").OK || !check(rd, "migrations").OK {
		t.Fatalf("before any fetch: database and migrations should pass: %+v", rd)
	}

	// A cycle in which no feed answered does not count.
	m.FetchCycle(sources.CycleReport{Feeds: 2, Failed: 2}, now)
	if code, _ := readiness(t, h); code != 503 {
		t.Fatalf("after a failed cycle: %d; want 503", code)
	}

	// A cycle that found every feed fresh (a restart minutes after the
	// last fetch) is as good as that feed's last answer.
	m.FetchCycle(sources.CycleReport{Skipped: 3, FreshAnsweredAt: now.Add(-20 * time.Minute)}, now)
	if code, rd := readiness(t, h); code != 200 || !rd.Ready {
		t.Fatalf("every feed fresh: %d %+v; want 200", code, rd)
	}
	if got := m.LastFetch(); !got.Equal(now.Add(-20 * time.Minute)) {
		t.Errorf("last fetch = %v, want the fresh feed's answer %v", got, now.Add(-20*time.Minute))
	}

	m.FetchCycle(sources.CycleReport{Feeds: 2, OK: 1, NotModified: 1}, now.Add(-10*time.Minute))
	if code, rd := readiness(t, h); code != 200 || !rd.Ready || len(rd.Checks) != 3 {
		t.Fatalf("fresh fetch: %d %+v; want 200 with 3 checks", code, rd)
	}

	// Stale: older than 2 × fetch.interval.
	now = now.Add(55 * time.Minute)
	code, rd = readiness(t, h)
	if code != 503 || check(rd, "fetch").OK || !strings.Contains(check(rd, "fetch").Detail, "limit 1h0m0s") {
		t.Fatalf("stale fetch: %d %+v; want 503 with the fetch check failing", code, rd)
	}
	m.FetchCycle(sources.CycleReport{Feeds: 1, OK: 1}, now)

	db.pending = true
	if code, rd := readiness(t, h); code != 503 || check(rd, "migrations").OK {
		t.Fatalf("pending migrations: %d %+v; want 503", code, rd)
	}
	db.pending, db.pingErr = false, errors.New("connection refused")
	code, rd = readiness(t, h)
	if code != 503 || check(rd, "database").OK || check(rd, "database").Detail != "connection refused" {
		t.Fatalf("database down: %d %+v; want 503 with the database check failing", code, rd)
	}
	db.pingErr = nil
	if code, _ := readiness(t, h); code != 200 {
		t.Fatalf("all well again: %d; want 200", code)
	}
}

// fakeAdapter is an adapter whose connection state the test sets.
type fakeAdapter struct{ err error }

func (f *fakeAdapter) Connected() error { return f.err }

func TestReadyzChecksEveryAdapter(t *testing.T) {
	m := NewMetrics(nil)
	m.FetchCycle(sources.CycleReport{Feeds: 1, OK: 1}, time.Now())
	tg, dc := &fakeAdapter{}, &fakeAdapter{err: errors.New("not connected to Discord yet")}
	s := &Server{DB: &fakeDB{}, Metrics: m, FetchInterval: time.Hour,
		Adapters: map[string]Adapter{"telegram": tg, "discord": dc}}
	h := s.Handler()

	code, rd := readiness(t, h)
	if code != 503 || rd.Ready || check(rd, "discord").OK || check(rd, "discord").Detail != "not connected to Discord yet" {
		t.Fatalf("discord not connected: %d %+v; want 503 naming discord", code, rd)
	}
	if !check(rd, "telegram").OK {
		t.Fatalf("telegram is connected but its check failed: %+v", rd)
	}
	// Checks come in a stable order: database, migrations, adapters by
	// name, fetch.
	var names []string
	for _, c := range rd.Checks {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "database,migrations,discord,telegram,fetch" {
		t.Errorf("checks %s; want database,migrations,discord,telegram,fetch", got)
	}

	dc.err = nil
	if code, _ := readiness(t, h); code != 200 {
		t.Fatalf("both adapters connected: %d; want 200", code)
	}
	tg.err = errors.New("receiving updates fails: telegram getUpdates: 502")
	if code, rd := readiness(t, h); code != 503 || check(rd, "telegram").OK {
		t.Fatalf("telegram polling failing: %d %+v; want 503", code, rd)
	}
}

func TestMetricsMoveWithFetchAndDeliveries(t *testing.T) {
	depth := int64(7)
	m := NewMetrics(func(context.Context) (int64, error) { return depth, nil })
	s := &Server{DB: &fakeDB{}, Metrics: m, FetchInterval: time.Minute}
	h := s.Handler()
	_, before := get(t, h, "/metrics")
	for _, want := range []string{
		`worldbrief_feeds_fetched_total{result="ok"} 0`,
		`worldbrief_articles_ingested_total 0`,
		`worldbrief_outbox_depth 7`,
		`worldbrief_digests_built_total 0`,
	} {
		if !strings.Contains(before, want) {
			t.Errorf("/metrics before: missing %q", want)
		}
	}

	m.FetchCycle(sources.CycleReport{Feeds: 6, OK: 3, NotModified: 2, Failed: 1, NewArticles: 40}, time.Now())
	m.DeliveryPass(delivery.PassStats{Claimed: 3, Sent: 2, Retried: 1, Builds: 1})
	m.Delivery("telegram", delivery.StatusSent, 90*time.Second)
	m.Delivery("telegram", delivery.StatusSent, 10*time.Second)
	m.Delivery("discord", "retried", 0)
	m.RateWait("discord", pace.RateCauseRefused, 2*time.Second)
	m.RateWait("telegram", pace.RateCausePacing, 300*time.Millisecond)
	m.RateWait("telegram", pace.RateCausePacing, 200*time.Millisecond)
	m.TranslationChars(120)
	m.TranslationCacheHits(5)
	depth = 1

	_, after := get(t, h, "/metrics")
	for _, want := range []string{
		`worldbrief_feeds_fetched_total{result="ok"} 3`,
		`worldbrief_feeds_fetched_total{result="not_modified"} 2`,
		`worldbrief_feeds_fetched_total{result="failed"} 1`,
		`worldbrief_articles_ingested_total 40`,
		`worldbrief_fetch_cycles_total 1`,
		`worldbrief_digests_built_total 1`,
		`worldbrief_deliveries_total{platform="telegram",status="sent"} 2`,
		`worldbrief_deliveries_total{platform="discord",status="retried"} 1`,
		`worldbrief_delivery_lag_seconds_count 2`,
		`worldbrief_delivery_lag_seconds_sum 100`,
		`worldbrief_delivery_lag_seconds_bucket{le="60"} 1`,
		`worldbrief_rate_limit_waits_total{cause="refused",platform="discord"} 1`,
		`worldbrief_rate_limit_wait_seconds_total{cause="refused",platform="discord"} 2`,
		`worldbrief_rate_limit_waits_total{cause="pacing",platform="telegram"} 2`,
		`worldbrief_rate_limit_wait_seconds_total{cause="pacing",platform="telegram"} 0.5`,
		`worldbrief_outbox_depth 1`,
		`worldbrief_translation_characters_total 120`,
		`worldbrief_translation_cache_hits_total 5`,
	} {
		if !strings.Contains(after, want) {
			t.Errorf("/metrics after: missing %q", want)
		}
	}
	// The process's own figures come from the same private registry; the
	// global registry's handler counters do not.
	for _, want := range []string{"go_goroutines ", "process_resident_memory_bytes ", "go_memstats_heap_inuse_bytes "} {
		if !strings.Contains(after, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(after, "promhttp_metric_handler_requests_total") {
		t.Errorf("/metrics serves the global registry; want a private registry only")
	}
}

func TestServeStopsWithContext(t *testing.T) {
	s := &Server{DB: &fakeDB{}, Metrics: NewMetrics(nil), FetchInterval: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, "127.0.0.1:0") }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ListenAndServe after cancel = %v; want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ListenAndServe did not return after cancel")
	}
}

// nopConnector is a database/sql connector that never connects: enough
// for pool statistics.
type nopConnector struct{}

func (nopConnector) Connect(context.Context) (driver.Conn, error) {
	return nil, errors.New("no database here")
}
func (nopConnector) Driver() driver.Driver { return nil }

func TestMetricsServeConnectionPoolStats(t *testing.T) {
	db := sql.OpenDB(nopConnector{})
	defer db.Close()
	db.SetMaxOpenConns(7)
	m := NewMetrics(nil)
	m.RegisterDB(db, "postgres")
	s := &Server{DB: &fakeDB{}, Metrics: m, FetchInterval: time.Minute}
	_, body := get(t, s.Handler(), "/metrics")
	for _, want := range []string{`go_sql_max_open_connections{db_name="postgres"} 7`, `go_sql_in_use_connections{db_name="postgres"} 0`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
