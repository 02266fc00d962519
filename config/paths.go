package config

import (
	"os"
	"path/filepath"
	"strings"
)

// SystemFile is the configuration file read when neither --config,
// WORLDBRIEF_CONFIG nor the user's file names one.
const SystemFile = "/etc/worldbrief/config.yaml"

// ConfigFiles returns, in the order they are tried, the files Load reads
// when no file is named: $XDG_CONFIG_HOME/worldbrief/config.yaml
// ($XDG_CONFIG_HOME defaulting to ~/.config), then SystemFile. environ
// is the process environment ("KEY=value").
func ConfigFiles(environ []string) []string {
	var files []string
	if dir := xdgDir(environ, "XDG_CONFIG_HOME", ".config"); dir != "" {
		files = append(files, filepath.Join(dir, "worldbrief", "config.yaml"))
	}
	return append(files, SystemFile)
}

// DefaultDB is the database used when none is configured: the SQLite file
// $XDG_DATA_HOME/worldbrief/worldbrief.db ($XDG_DATA_HOME defaulting to
// ~/.local/share), or worldbrief.db in the working directory when the
// environment names no home. Containers set WORLDBRIEF_DB (/data).
func DefaultDB(environ []string) string {
	if dir := xdgDir(environ, "XDG_DATA_HOME", filepath.Join(".local", "share")); dir != "" {
		return filepath.Join(dir, "worldbrief", "worldbrief.db")
	}
	return Default().DB
}

// xdgDir is the base directory named by the XDG variable, or HOME/fallback;
// "" when neither is set. A relative XDG value is ignored, as the XDG Base
// Directory specification says.
func xdgDir(environ []string, variable, fallback string) string {
	var xdg, home string
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case variable:
			xdg = v
		case "HOME":
			home = v
		}
	}
	switch {
	case filepath.IsAbs(xdg):
		return xdg
	case home != "":
		return filepath.Join(home, fallback)
	}
	return ""
}

// discoverFile returns the first of ConfigFiles that exists, or "".
func discoverFile(environ []string) string {
	for _, f := range ConfigFiles(environ) {
		if st, err := os.Stat(f); err == nil && !st.IsDir() {
			return f
		}
	}
	return ""
}
