package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

func TestRedactDSN(t *testing.T) {
	cases := []struct{ in, want string }{
		{"postgres://user:secret@host/db", "postgres://user:xxxxx@host/db"},
		{"postgresql://user:secret@host:5432/db?sslmode=disable", "postgresql://user:xxxxx@host:5432/db?sslmode=disable"},
		{"postgres://user@host/db?password=secret&sslmode=require", "postgres://user@host/db?password=xxxxx&sslmode=require"},
		{"postgres://user:p%40ss%2Fw@host/db", "postgres://user:xxxxx@host/db"},
		{"postgres://user:secret@host:badport/db", "postgres://user:xxxxx@host:badport/db"},
		{"host=h user=u password=secret dbname=d", "host=h user=u password=xxxxx dbname=d"},
		{"postgres://user@host/db", "postgres://user@host/db"},
		{"sqlite:/var/lib/wb.db", "sqlite:/var/lib/wb.db"},
		{"", ""},
	}
	for _, c := range cases {
		got := RedactDSN(c.in)
		if got != c.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", c.in, got, c.want)
		}
		for _, secret := range []string{"secret", "p%40ss", "p@ss"} {
			if strings.Contains(got, secret) {
				t.Errorf("RedactDSN(%q) = %q leaks %q", c.in, got, secret)
			}
		}
	}
}

func TestOpenPostgresErrorHidesPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, dsn := range []string{
		// Port 1 on loopback refuses at once: no server needed.
		"postgres://wbuser:s3cretPW@127.0.0.1:1/db?sslmode=disable&connect_timeout=5",
		"postgresql://wbuser@127.0.0.1:1/db?sslmode=disable&password=s3cretPW",
		"postgres://wbuser:s3cretPW@127.0.0.1:notaport/db",
		"postgres://wbuser:s3cretPW@127.0.0.1:1/db?sslmode=bogus",
	} {
		s, err := Open(ctx, dsn, nil)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s): want error", RedactDSN(dsn))
			continue
		}
		if strings.Contains(err.Error(), "s3cretPW") {
			t.Errorf("Open error leaks the password: %v", err)
		}
		if !strings.Contains(err.Error(), "postgres") {
			t.Errorf("Open error does not say what failed: %v", err)
		}
	}
}

func TestOpenRejectsUnknownDSN(t *testing.T) {
	for _, dsn := range []string{"mysql://root:s3cretPW@host/db", "redis://h:6379", "sqlite:"} {
		_, err := Open(context.Background(), dsn, nil)
		if err == nil {
			t.Errorf("Open(%q): want error", dsn)
			continue
		}
		if !strings.Contains(err.Error(), "sqlite:PATH") || !strings.Contains(err.Error(), "postgres://") {
			t.Errorf("Open(%q) error does not name the accepted forms: %v", RedactDSN(dsn), err)
		}
		if strings.Contains(err.Error(), "s3cretPW") {
			t.Errorf("error leaks the password: %v", err)
		}
	}
}

func TestOpenSQLiteMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	for _, dsn := range []string{"sqlite:" + dir + "/wb.db", dir + "/wb.db"} {
		_, err := Open(context.Background(), dsn, nil)
		if err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("Open(%q) = %v; want a missing-directory error", dsn, err)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open created the directory: %v", err)
	}
}

func TestOpenDialects(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range []struct{ dsn, file string }{
		{"", DefaultSQLitePath},
		{"bare.db", "bare.db"},
		{"sub dir?x#y.sqlite", "sub dir?x#y.sqlite"},
		{"sqlite:rel.db", "rel.db"},
		{"sqlite://" + filepath.Join(dir, "abs.db"), "abs.db"},
	} {
		s := openStore(t, c.dsn)
		if s.Dialect() != DialectSQLite {
			t.Errorf("Open(%q).Dialect() = %q", c.dsn, s.Dialect())
		}
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatalf("Migrate(%q): %v", c.dsn, err)
		}
		if _, err := os.Stat(filepath.Join(dir, c.file)); err != nil {
			t.Errorf("Open(%q) did not create %s: %v", c.dsn, c.file, err)
		}
	}
	if s := openStore(t, "sqlite::memory:"); s.Dialect() != DialectSQLite {
		t.Errorf("memory Dialect() = %q", s.Dialect())
	}
	if dsn := os.Getenv(postgresEnv); dsn != "" {
		if s := openStore(t, dsn); s.Dialect() != DialectPostgres {
			t.Errorf("postgres Dialect() = %q", s.Dialect())
		}
	}
}

// TestMemoryDatabasesAreSeparate checks that each "sqlite::memory:" Store
// has its own database, shared by all connections of its pool.
func TestMemoryDatabasesAreSeparate(t *testing.T) {
	ctx := context.Background()
	a, b := openStore(t, "sqlite::memory:"), openStore(t, "sqlite::memory:")
	if err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if pending, err := b.MigrationsPending(ctx); err != nil || !pending {
		t.Errorf("second memory store sees the first one's schema: pending=%v err=%v", pending, err)
	}
	// Write through the pool while holding a connection, then read
	// through the held connection: both see the same database.
	conn, err := a.sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if n := save(t, a, art("m1", "s", "fr", 0)); n != 1 {
		t.Errorf("inserted %d", n)
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM articles").Scan(&n); err != nil || n != 1 {
		t.Errorf("held connection sees %d articles (err %v), want 1", n, err)
	}
}

func TestSQLiteFileReopen(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + t.TempDir() + "/x.db"
	s, err := Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := art("kept", "lemonde", "fr", 0)
	save(t, s, a)
	syncFeeds(t, s, siteA)
	f := fetchedState("alpha", siteA.Feeds[0])
	saveFeed(t, s, f)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := openStore(t, dsn)
	var mode string
	if err := s2.db.Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (err %v), want wal", mode, err)
	}
	if pending, err := s2.MigrationsPending(ctx); err != nil || pending {
		t.Fatalf("reopened: pending=%v err=%v", pending, err)
	}
	if got := query(t, s2, sources.ArticleQuery{}); len(got) != 1 || got[0] != a {
		t.Errorf("reopened articles = %+v, want %+v", got, a)
	}
	if got := findFeed(t, listFeeds(t, s2), f.SiteID, f.CatalogURL); got != stored(f) {
		t.Errorf("reopened feed = %+v, want %+v", got, stored(f))
	}
}
