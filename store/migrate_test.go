package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
)

func countMigrationRows(t *testing.T, s *Store) map[string]int64 {
	t.Helper()
	var rows []struct {
		ID string
		N  int64
	}
	if err := s.db.Table(migrationsTable).Select("id, COUNT(*) AS n").Group("id").Scan(&rows).Error; err != nil {
		t.Fatalf("read %s: %v", migrationsTable, err)
	}
	m := make(map[string]int64)
	for _, r := range rows {
		m[r.ID] = r.N
	}
	return m
}

func assertAllMigratedOnce(t *testing.T, s *Store) {
	t.Helper()
	got := countMigrationRows(t, s)
	if len(got) != len(migrations()) {
		t.Errorf("applied migrations = %v, want the %d defined", got, len(migrations()))
	}
	for _, m := range migrations() {
		if got[m.ID] != 1 {
			t.Errorf("migration %s recorded %d times, want 1", m.ID, got[m.ID])
		}
	}
}

func TestMigrate(t *testing.T) {
	forEachFreshBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		pending, err := s.MigrationsPending(ctx)
		if err != nil || !pending {
			t.Fatalf("MigrationsPending before Migrate = %v, %v; want true, nil", pending, err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		pending, err = s.MigrationsPending(ctx)
		if err != nil || pending {
			t.Fatalf("MigrationsPending after Migrate = %v, %v; want false, nil", pending, err)
		}
		for _, table := range []string{"feeds", "articles", migrationsTable} {
			if !s.db.Migrator().HasTable(table) {
				t.Errorf("table %s missing after Migrate", table)
			}
		}
		for _, idx := range []string{"articles_url_key", "articles_country_published_at_idx", "articles_site_id_published_at_idx", "feeds_site_id_catalog_url_key"} {
			table := "articles"
			if idx == "feeds_site_id_catalog_url_key" {
				table = "feeds"
			}
			if !s.db.Migrator().HasIndex(table, idx) {
				t.Errorf("index %s on %s missing", idx, table)
			}
		}
		// A second run is a no-op.
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		assertAllMigratedOnce(t, s)
	})
}

// TestMigrateConcurrentPostgres checks that two processes (two connection
// pools) migrating a fresh schema at once both succeed, and that each
// migration is applied once.
func TestMigrateConcurrentPostgres(t *testing.T) {
	for range 3 {
		dsn := postgresSchemaDSN(t)
		assertConcurrentMigrate(t, openStore(t, dsn), openStore(t, dsn))
	}
}

// TestMigrateConcurrentSQLite does the same on one SQLite file.
func TestMigrateConcurrentSQLite(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "wb.db")
	assertConcurrentMigrate(t, openStore(t, dsn), openStore(t, dsn))
}

func assertConcurrentMigrate(t *testing.T, a, b *Store) {
	t.Helper()
	ctx := context.Background()
	start := make(chan struct{})
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b} {
		wg.Go(func() {
			<-start
			errs[i] = s.Migrate(ctx)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Migrate #%d: %v", i, err)
		}
	}
	assertAllMigratedOnce(t, a)
	for _, s := range []*Store{a, b} {
		if pending, err := s.MigrationsPending(ctx); err != nil || pending {
			t.Errorf("MigrationsPending = %v, %v; want false, nil", pending, err)
		}
	}
}
