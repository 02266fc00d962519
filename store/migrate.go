package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
)

// migrateLockKey is the PostgreSQL advisory lock key that serialises
// migrations ("worldbrf" in ASCII). It is database-wide.
const migrateLockKey int64 = 0x776f726c64627266

// unlockTimeout bounds the release of the advisory lock.
const unlockTimeout = 10 * time.Second

// Migrate applies the pending migrations. It is safe to call from several
// processes at once: on PostgreSQL they queue on an advisory lock, on
// SQLite on the database write lock. Calling it again is a no-op.
func (s *Store) Migrate(ctx context.Context) error {
	if s.dialect == DialectPostgres {
		unlock, err := s.lockMigrations(ctx)
		if err != nil {
			return err
		}
		defer unlock()
	}
	m := gormigrate.New(s.db.WithContext(ctx), &gormigrate.Options{
		TableName:      migrationsTable,
		IDColumnName:   "id",
		IDColumnSize:   255,
		UseTransaction: true,
	}, migrations())
	if err := m.Migrate(); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// lockMigrations takes the migration advisory lock on a dedicated
// connection and returns the function that releases it.
func (s *Store) lockMigrations(ctx context.Context) (unlock func(), err error) {
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: dedicated connection: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
		discard(conn)
		return nil, fmt.Errorf("store: migrate: advisory lock: %w", err)
	}
	return func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), unlockTimeout)
		defer cancel()
		if _, err := conn.ExecContext(uctx, "SELECT pg_advisory_unlock($1)", migrateLockKey); err != nil {
			s.log.Warn("store: release migration lock; dropping the connection", "err", err)
			discard(conn)
			return
		}
		_ = conn.Close()
	}, nil
}

// discard closes the physical connection behind conn instead of returning
// it to the pool, which releases any session lock it holds.
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = conn.Close()
}

// MigrationsPending reports whether Migrate has work to do.
func (s *Store) MigrationsPending(ctx context.Context) (bool, error) {
	db := s.db.WithContext(ctx)
	if !db.Migrator().HasTable(migrationsTable) {
		// HasTable hides errors: tell a fresh database from a broken link.
		if err := s.sqlDB.PingContext(ctx); err != nil {
			return false, fmt.Errorf("store: read applied migrations: %w", err)
		}
		return true, nil
	}
	var ids []string
	if err := db.Table(migrationsTable).Pluck("id", &ids).Error; err != nil {
		return false, fmt.Errorf("store: read applied migrations: %w", err)
	}
	applied := make(map[string]bool, len(ids))
	for _, id := range ids {
		applied[id] = true
	}
	for _, m := range migrations() {
		if !applied[m.ID] {
			return true, nil
		}
	}
	return false, nil
}
