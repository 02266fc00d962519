package config

import (
	"fmt"
	"net/url"
	"strings"
)

// Validate checks every value and returns an *Error listing each problem
// with the setting's key, or nil.
func (c Config) Validate() error {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	if err := checkDSN(c.DB); err != nil {
		add("db: %v", err)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level: %q is not one of debug, info, warn, error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		add("log.format: %q is not one of text, json", c.Log.Format)
	}
	f := c.Fetch
	if f.Concurrency < 1 || f.Concurrency > 1024 {
		add("fetch.concurrency: %d is out of range 1–1024", f.Concurrency)
	}
	if f.PerHost < 1 || f.PerHost > 64 {
		add("fetch.per_host: %d is out of range 1–64", f.PerHost)
	}
	if f.Timeout < 1e9 {
		add("fetch.timeout: %v is too short (at least 1s, e.g. 20s)", f.Timeout)
	}
	if f.MaxBytes < 1<<10 {
		add("fetch.max_bytes: %d is too small (at least 1024)", f.MaxBytes)
	}
	if f.Interval < 60e9 {
		add("fetch.interval: %v is too short (at least 1m, e.g. 30m)", f.Interval)
	}
	if f.Retention < 3600e9 {
		add("fetch.retention: %v is too short (at least 1h, e.g. 336h for 14 days)", f.Retention)
	}
	if strings.TrimSpace(f.UserAgent) == "" {
		add("fetch.user_agent: must not be empty")
	}
	if len(p) > 0 {
		return &Error{Problems: p}
	}
	return nil
}

// checkDSN accepts the database forms the store understands, without
// echoing a password back.
func checkDSN(dsn string) error {
	switch {
	case strings.TrimSpace(dsn) == "":
		return fmt.Errorf("must not be empty (e.g. worldbrief.db, sqlite:/var/lib/worldbrief/wb.db or postgres://user@host/db)")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		u, err := url.Parse(dsn)
		if err != nil || u.Host == "" {
			return fmt.Errorf("%q is not a valid postgres:// URL", redactDSN(dsn))
		}
	case strings.HasPrefix(dsn, "sqlite:"):
		if strings.TrimPrefix(dsn, "sqlite:") == "" {
			return fmt.Errorf("sqlite: needs a file path, e.g. sqlite:worldbrief.db")
		}
	case strings.Contains(dsn, "://"):
		return fmt.Errorf("unsupported database %q: use a SQLite file path, sqlite:PATH or postgres://…", redactDSN(dsn))
	}
	return nil
}
