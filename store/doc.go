// Package store persists worldbrief's feeds and articles with gorm, on
// SQLite (pure Go, via ncruces/go-sqlite3) or PostgreSQL (pgx).
//
// All gorm code of worldbrief lives here. Row structs are unexported and
// mapped to and from the domain types of package sources; callers only
// ever see those domain types.
//
// The schema is versioned: Open never changes it, Migrate applies the
// pending migrations (see migrations.go), and MigrationsPending reports
// whether any are left. On PostgreSQL, Migrate holds a session advisory
// lock so that two processes never migrate at once; on SQLite the
// migration runs in one immediate (write-locking) transaction.
//
// Times are stored in UTC with millisecond precision on both backends.
// On SQLite they are written in the fixed-width, sortable text form
// "2006-01-02T15:04:05.000" so that comparisons in SQL are chronological.
package store
