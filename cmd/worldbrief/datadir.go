package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/worldbrief/worldbrief/config"
)

// ensureDataDir creates the directory of the default SQLite database
// ($XDG_DATA_HOME/worldbrief, see config.DefaultDB), so the first run of
// the CLI works without setup. A database the user named is left alone.
func (a *app) ensureDataDir() error {
	if a.cfg.DB != config.DefaultDB(a.environ) || !filepath.IsAbs(a.cfg.DB) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(a.cfg.DB), 0o700); err != nil {
		return fmt.Errorf("create the data directory: %w", err)
	}
	return nil
}
