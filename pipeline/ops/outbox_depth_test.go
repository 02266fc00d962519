package ops

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// A database that does not answer leaves the depth out of the scrape
// (rather than a misleading -1) and is counted; the depth comes back with
// the database.
func TestOutboxDepthLeftOutWhileDatabaseFails(t *testing.T) {
	var dbErr error
	m := NewMetrics(func(context.Context) (int64, error) { return 5, dbErr })
	h := (&Server{DB: &fakeDB{}, Metrics: m, FetchInterval: time.Minute}).Handler()

	dbErr = errors.New("database is locked")
	_, body := get(t, h, "/metrics")
	if strings.Contains(body, "worldbrief_outbox_depth ") || strings.Contains(body, "worldbrief_outbox_depth -1") {
		t.Errorf("a depth sample despite the database error:\n%s", grepLines(body, "outbox_depth"))
	}
	if !strings.Contains(body, "worldbrief_outbox_depth_errors_total 1") {
		t.Errorf("the failed read is not counted:\n%s", grepLines(body, "outbox_depth"))
	}

	dbErr = nil
	_, body = get(t, h, "/metrics")
	if !strings.Contains(body, "worldbrief_outbox_depth 5") || !strings.Contains(body, "worldbrief_outbox_depth_errors_total 1") {
		t.Errorf("after recovery:\n%s", grepLines(body, "outbox_depth"))
	}
}

func TestBuildInfoMetric(t *testing.T) {
	m := NewMetrics(nil)
	m.RegisterBuildInfo("v1.2.3", "0123456789abcdef", "go1.26.0")
	_, body := get(t, (&Server{DB: &fakeDB{}, Metrics: m, FetchInterval: time.Minute}).Handler(), "/metrics")
	want := `worldbrief_build_info{goversion="go1.26.0",revision="0123456789abcdef",version="v1.2.3"} 1`
	if !strings.Contains(body, want) {
		t.Errorf("/metrics lacks %s:\n%s", want, grepLines(body, "build_info"))
	}
}

// grepLines returns the lines of s containing sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
