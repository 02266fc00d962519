package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Without --db or WORLDBRIEF_DB the CLI keeps its database in the user's
// data directory (not the working directory) and reads the user's config
// file, creating nothing where it was started.
func TestDefaultsFollowXDGDirectories(t *testing.T) {
	home, data, conf := t.TempDir(), t.TempDir(), t.TempDir()
	wd := t.TempDir()
	t.Chdir(wd)
	if err := os.MkdirAll(filepath.Join(conf, "worldbrief"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(conf, "worldbrief", "config.yaml"), []byte("log:\n  level: error\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "XDG_DATA_HOME=" + data, "XDG_CONFIG_HOME=" + conf, "WORLDBRIEF_TRANSLATE_PROVIDER=none"}
	var out, errb strings.Builder
	if code := run(t.Context(), []string{"migrate"}, env, &out, &errb); code != 0 {
		t.Fatalf("migrate: exit %d %s", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join(data, "worldbrief", "worldbrief.db")); err != nil {
		t.Errorf("no database in $XDG_DATA_HOME/worldbrief: %v", err)
	}
	if entries, _ := os.ReadDir(wd); len(entries) != 0 {
		t.Errorf("the working directory got %v", entries)
	}
	out.Reset()
	if code := run(t.Context(), []string{"config"}, env, &out, &errb); code != 0 || !strings.Contains(out.String(), "level: error") {
		t.Errorf("config from $XDG_CONFIG_HOME/worldbrief/config.yaml not read: exit %d\n%s", code, out.String())
	}
}
