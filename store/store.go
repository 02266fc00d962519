package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/gormlite"
	"github.com/ncruces/go-sqlite3/vfs/memdb"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// slowQuery is the duration above which gorm logs a query as slow.
const slowQuery = 500 * time.Millisecond

// ErrNotDatabase is returned by Open when the file is not a database.
var ErrNotDatabase = errors.New("not a worldbrief database")

// Store is worldbrief's database: feeds with their fetch state, and
// articles. It is safe for concurrent use.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB
	dialect string
	memName string
	log     *slog.Logger
}

// Open connects to the database named by dsn and returns a Store; it does
// not migrate (see Migrate).
//
// Accepted dsn forms:
//   - "" → the SQLite file "worldbrief.db" in the working directory;
//   - "sqlite:PATH" or a bare path (ending in .db/.sqlite, or without "://") → a SQLite file,
//     whose directory must exist;
//   - "sqlite::memory:" → a fresh in-memory SQLite database, private to this Store
//     but shared by its connections;
//   - "postgres://…" or "postgresql://…" → PostgreSQL (pgx).
//
// Errors never contain the DSN's password.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var dialector gorm.Dialector
	switch t.dialect {
	case DialectSQLite:
		if t.memName != "" {
			// Keep the database alive while the pool opens and closes connections.
			memdb.Create(t.memName, nil)
		}
		dialector = gormlite.Open(t.driverDSN)
	default:
		dialector = postgres.Open(t.driverDSN)
	}
	s, err := open(ctx, dialector, t, log)
	if err != nil {
		if t.memName != "" {
			memdb.Delete(t.memName)
		}
		if errors.Is(err, sqlite3.NOTADB) {
			return nil, fmt.Errorf("store: %s is %w (it is no SQLite database); point --db or WORLDBRIEF_DB at another file", RedactDSN(dsn), ErrNotDatabase)
		}
		return nil, redactErr(fmt.Errorf("store: open %s database %s: %w", t.dialect, RedactDSN(dsn), err), t.secret)
	}
	return s, nil
}

// open builds the gorm handle and checks the connection.
func open(ctx context.Context, dialector gorm.Dialector, t target, log *slog.Logger) (*Store, error) {
	db, err := gorm.Open(dialector, &gorm.Config{
		TranslateError:       true,
		DisableAutomaticPing: true,
		Logger: logger.NewSlogLogger(slog.New(debugHandler{log.Handler()}), logger.Config{
			SlowThreshold:             slowQuery,
			LogLevel:                  logger.Warn,
			IgnoreRecordNotFoundError: true,
			ParameterizedQueries:      true, // never log values
		}),
	})
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if t.dialect == DialectPostgres {
		sqlDB.SetMaxOpenConns(10)
		sqlDB.SetMaxIdleConns(4)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return &Store{db: db, sqlDB: sqlDB, dialect: t.dialect, memName: t.memName, log: log}, nil
}

// Close closes the database connections. An in-memory database is gone
// afterwards.
func (s *Store) Close() error {
	err := s.sqlDB.Close()
	if s.memName != "" {
		memdb.Delete(s.memName)
	}
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Dialect reports the database kind: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// SQLDB is the connection pool, for its statistics (metrics); queries go
// through the Store's methods.
func (s *Store) SQLDB() *sql.DB { return s.sqlDB }

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails on supported platforms
	return hex.EncodeToString(b)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}
