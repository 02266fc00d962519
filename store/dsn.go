package store

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Dialect names returned by Store.Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// DefaultSQLitePath is the database file used when the DSN is empty.
const DefaultSQLitePath = "worldbrief.db"

// sqliteTimeFormat is a fixed-width UTC layout, so text comparisons in SQL
// are chronological; SQLite's date functions understand it too.
const sqliteTimeFormat = "2006-01-02T15:04:05.000"

const redacted = "xxxxx"

// acceptedForms lists the DSN forms Open understands, for error messages.
const acceptedForms = `"" (worldbrief.db), "sqlite:PATH", "sqlite::memory:", a file path, or "postgres://user@host:5432/db"`

// target is a parsed DSN: which dialect, and what to hand its driver.
type target struct {
	dialect string
	// driverDSN is the string passed to the gorm dialector.
	driverDSN string
	// memName is the memdb database name for "sqlite::memory:".
	memName string
	// secret is the password of a PostgreSQL DSN, scrubbed from errors.
	secret string
}

// parseDSN turns one of the accepted DSN forms into a target.
func parseDSN(dsn string) (target, error) {
	lower := strings.ToLower(dsn)
	switch {
	case dsn == "":
		return sqliteFile(DefaultSQLitePath)
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		u, err := url.Parse(dsn)
		if err != nil {
			return target{}, fmt.Errorf("store: invalid PostgreSQL DSN %q", RedactDSN(dsn))
		}
		t := target{dialect: DialectPostgres, driverDSN: dsn}
		if p, ok := u.User.Password(); ok {
			t.secret = p
		} else if p := u.Query().Get("password"); p != "" {
			t.secret = p
		}
		return t, nil
	case strings.HasPrefix(lower, "sqlite:"):
		rest := dsn[len("sqlite:"):]
		rest = strings.TrimPrefix(rest, "//") // sqlite:///abs/path and sqlite://rel/path
		if rest == ":memory:" {
			return sqliteMemory()
		}
		if rest == "" {
			return target{}, fmt.Errorf("store: DSN %q names no file; accepted forms: %s", dsn, acceptedForms)
		}
		return sqliteFile(rest)
	case dsn == ":memory:":
		return sqliteMemory()
	case !strings.Contains(dsn, "://"), strings.HasSuffix(lower, ".db"), strings.HasSuffix(lower, ".sqlite"), strings.HasSuffix(lower, ".sqlite3"):
		return sqliteFile(dsn)
	default:
		return target{}, fmt.Errorf("store: unsupported database DSN %q; accepted forms: %s", RedactDSN(dsn), acceptedForms)
	}
}

// sqliteQuery holds the connection parameters shared by every SQLite DSN.
func sqliteQuery(wal bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	if wal {
		q.Add("_pragma", "journal_mode(wal)")
	}
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	q.Set("_timefmt", sqliteTimeFormat)
	return q.Encode()
}

// sqliteFile builds the target of an on-disk SQLite database. The file's
// directory must exist; the file itself is created on first use.
func sqliteFile(path string) (target, error) {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return target{}, fmt.Errorf("store: directory %q of database file %q does not exist", dir, path)
		}
		return target{}, fmt.Errorf("store: database directory: %w", err)
	}
	if !fi.IsDir() {
		return target{}, fmt.Errorf("store: %q (parent of database file %q) is not a directory", dir, path)
	}
	u := url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(path), RawQuery: sqliteQuery(true)}
	return target{dialect: DialectSQLite, driverDSN: u.String()}, nil
}

// sqliteMemory builds the target of a fresh in-memory database, shared by
// all connections of the pool (memdb VFS, name beginning with "/").
func sqliteMemory() (target, error) {
	name := "worldbrief-" + randomHex(12)
	u := url.URL{Scheme: "file", OmitHost: true, Path: "/" + name, RawQuery: "vfs=memdb&" + sqliteQuery(false)}
	return target{dialect: DialectSQLite, driverDSN: u.String(), memName: name}, nil
}

var (
	userinfoRE = regexp.MustCompile(`(://[^:/@?#\s]*):[^@/?#\s]*@`)
	passwordRE = regexp.MustCompile(`(?i)(password=)[^&\s]*`)
)

// RedactDSN returns dsn with any password replaced by "xxxxx", fit for
// logs and error messages. DSNs without a password are returned unchanged.
func RedactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" && strings.Contains(dsn, "://") {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), redacted)
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", redacted)
			u.RawQuery = q.Encode()
		}
		dsn = u.String()
	}
	// Catch what url.Parse could not: malformed URLs and key=value forms.
	dsn = userinfoRE.ReplaceAllString(dsn, "${1}:"+redacted+"@")
	dsn = passwordRE.ReplaceAllString(dsn, "${1}"+redacted)
	return dsn
}

// redactedError hides a secret from an error's message while keeping the
// error chain intact for errors.Is and errors.As.
type redactedError struct {
	err    error
	secret string
}

func (e *redactedError) Error() string {
	msg := e.err.Error()
	for _, s := range []string{e.secret, url.QueryEscape(e.secret), url.PathEscape(e.secret)} {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, redacted)
		}
	}
	return msg
}

func (e *redactedError) Unwrap() error { return e.err }

// redactErr wraps err so its message never contains secret.
func redactErr(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	return &redactedError{err: err, secret: secret}
}
