package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/worldbrief/worldbrief/config"
	"github.com/worldbrief/worldbrief/pipeline"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/store"
)

// app carries what commands share: the effective configuration, the
// logger, the catalog and, once opened, the store.
type app struct {
	stdout, stderr io.Writer
	environ        []string
	flags          globalFlags

	cfg     config.Config
	log     *slog.Logger
	catalog *sources.Catalog
	store   *store.Store
	// pipe is the process's one pipeline, built by pipeline().
	pipe *pipeline.Service
	// askTranslator, set by fetch, asks the translation provider even
	// while it is paused after failures (see translate.Breaker).
	askTranslator bool
	// serving, set by serve, makes the auto log level info.
	serving bool
}

// globalFlags are the persistent flags every command accepts.
type globalFlags struct {
	configFile string
	db         string
	catalog    string
	logLevel   string
	logFormat  string
	changed    func(name string) bool
}

// loadConfig builds the configuration and the logger; it does not touch
// the catalog or the database, so `worldbrief config` works with both broken.
func (a *app) loadConfig() error {
	cfg, err := config.Load(config.Options{
		File:    a.flags.configFile,
		Environ: a.environ,
		Flags: func(c *config.Config) {
			if a.flags.changed("db") {
				c.DB = a.flags.db
			}
			if a.flags.changed("catalog") {
				c.Catalog = a.flags.catalog
			}
			if a.flags.changed("log-level") {
				c.Log.Level = a.flags.logLevel
			}
			if a.flags.changed("log-format") {
				c.Log.Format = a.flags.logFormat
			}
		},
	})
	if err != nil {
		return usageError{err}
	}
	a.cfg = cfg
	a.log = newLogger(a.stderr, cfg.Log, a.serving)
	return nil
}

// newLogger builds the slog logger described by the configuration; the
// auto level is info for a service (serving) and warn for a command.
func newLogger(w io.Writer, c config.Log, serving bool) *slog.Logger {
	lvl := slog.LevelWarn
	switch {
	case c.Level == "auto" || c.Level == "":
		if serving {
			lvl = slog.LevelInfo
		}
	default:
		_ = lvl.UnmarshalText([]byte(strings.ToUpper(c.Level)))
	}
	opts := &slog.HandlerOptions{Level: lvl}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// loadCatalog reads the configured catalog file or the embedded one, and
// applies the catalog_extra file when one is configured.
func (a *app) loadCatalog() error {
	if err := a.loadConfig(); err != nil {
		return err
	}
	cat, err := sources.LoadCatalogFiles(a.cfg.Catalog, a.cfg.CatalogExtra)
	if err != nil && (a.cfg.Catalog != "" || a.cfg.CatalogExtra != "") {
		return usageError{err} // the user's file, which the error names
	}
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	a.catalog = cat
	return nil
}

// openStore loads everything, opens the database, applies migrations and
// makes sure every catalog feed has a row.
func (a *app) openStore(ctx context.Context) error {
	if err := a.loadCatalog(); err != nil {
		return err
	}
	if err := a.ensureDataDir(); err != nil {
		return err
	}
	st, err := store.Open(ctx, a.cfg.DB, a.log)
	if err != nil {
		return err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return err
	}
	if err := st.SyncFeeds(ctx, a.catalog.Sites()); err != nil {
		st.Close()
		return fmt.Errorf("sync catalog feeds: %w", err)
	}
	a.store = st
	return nil
}

// openCountry resolves a country argument, then opens the store; a
// mistyped country is reported before any database work.
func (a *app) openCountry(ctx context.Context, arg string) (sources.Country, error) {
	if err := a.loadCatalog(); err != nil {
		return sources.Country{}, err
	}
	country, err := a.catalog.Resolve(arg)
	if err != nil {
		return sources.Country{}, err
	}
	return country, a.openStore(ctx)
}

func (a *app) close() {
	if a.store != nil {
		if err := a.store.Close(); err != nil {
			a.log.Warn("close database", "err", err)
		}
	}
}
