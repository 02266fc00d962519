package store

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// postgresEnv names the environment variable holding the PostgreSQL test DSN.
const postgresEnv = "WORLDBRIEF_TEST_POSTGRES_DSN"

// postgresSchemaDSN creates a fresh schema for the test, dropped at its
// end, and returns a DSN whose search_path points at it. The test is
// skipped when no PostgreSQL DSN is configured.
func postgresSchemaDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skip(postgresEnv + " not set")
	}
	ctx := context.Background()
	admin, err := Open(ctx, base, nil)
	if err != nil {
		t.Fatalf("open admin connection: %v", err)
	}
	schema := "wbtest_" + randomHex(8)
	if err := admin.db.Exec(`CREATE SCHEMA "` + schema + `"`).Error; err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if err := admin.db.Exec(`DROP SCHEMA "` + schema + `" CASCADE`).Error; err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openStore opens dsn and closes the Store when the test ends.
func openStore(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("Open(%s): %v", RedactDSN(dsn), err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// backends maps a backend name to a function opening a fresh, empty,
// unmigrated database of that kind.
var backends = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite", func(*testing.T) string { return "sqlite::memory:" }},
	{"postgres", postgresSchemaDSN},
}

// sharedBackends map a backend name to a function making a fresh, empty
// database that several Stores can open at once, as several processes
// or a restart would: a SQLite file, a PostgreSQL schema.
var sharedBackends = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite-file", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "wb.db") }},
	{"postgres", postgresSchemaDSN},
}

// forEachSharedBackend runs fn once per shared backend with the DSN of
// a fresh, empty database.
func forEachSharedBackend(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	for _, b := range sharedBackends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.dsn(t)) })
	}
}

// forEachFreshBackend runs fn once per backend with an unmigrated Store.
func forEachFreshBackend(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			fn(t, openStore(t, b.dsn(t)))
		})
	}
}

// forEachBackend runs fn once per backend with a migrated, empty Store.
func forEachBackend(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	forEachFreshBackend(t, func(t *testing.T, s *Store) {
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		fn(t, s)
	})
}
