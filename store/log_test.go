package store

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/worldbrief/worldbrief/sources"
)

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestFailedQueryLogOmitsValues checks that gorm's log of a failing query
// goes to the injected logger and never carries the bound values.
func TestFailedQueryLogOmitsValues(t *testing.T) {
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := Open(context.Background(), "sqlite::memory:", log)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Not migrated: the query fails.
	if _, err := s.Articles(context.Background(), sources.ArticleQuery{Country: "value-s3cret"}); err == nil {
		t.Fatal("query on an unmigrated store: want error")
	}
	out := buf.String()
	if !strings.Contains(out, "articles") {
		t.Errorf("failed query not logged: %q", out)
	}
	if strings.Contains(out, "value-s3cret") {
		t.Errorf("log carries a bound value: %q", out)
	}
}

// TestFailedQueryTraceIsDebug: gorm's trace of a failing query (its SQL)
// is a debugging aid, not an ERROR for the operator; the caller reports
// the failure in its own words.
func TestFailedQueryTraceIsDebug(t *testing.T) {
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s, err := Open(context.Background(), "sqlite::memory:", log)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Articles(context.Background(), sources.ArticleQuery{Country: "fr"}); err == nil {
		t.Fatal("query on an unmigrated store: want error")
	}
	if out := buf.String(); out != "" {
		t.Errorf("a failed query logged at info level or above: %q", out)
	}
}
