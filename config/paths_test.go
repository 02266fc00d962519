package config

import (
	"os"
	"path/filepath"
	"testing"
)

// writeUnder writes body to dir/rel, creating the directories.
func writeUnder(t *testing.T, dir, rel, body string) string {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigFileDiscovered(t *testing.T) {
	xdg, home := t.TempDir(), t.TempDir()
	writeUnder(t, xdg, "worldbrief/config.yaml", "catalog: from-xdg.yaml\n")
	writeUnder(t, home, ".config/worldbrief/config.yaml", "catalog: from-home.yaml\n")
	named := writeUnder(t, t.TempDir(), "named.yaml", "catalog: from-named.yaml\n")
	for _, tc := range []struct {
		name    string
		opts    Options
		catalog string
	}{
		{"XDG_CONFIG_HOME", Options{Environ: []string{"XDG_CONFIG_HOME=" + xdg, "HOME=" + home}}, "from-xdg.yaml"},
		{"~/.config without XDG_CONFIG_HOME", Options{Environ: []string{"HOME=" + home}}, "from-home.yaml"},
		{"a relative XDG_CONFIG_HOME is ignored", Options{Environ: []string{"XDG_CONFIG_HOME=rel", "HOME=" + home}}, "from-home.yaml"},
		{"WORLDBRIEF_CONFIG wins", Options{Environ: []string{"XDG_CONFIG_HOME=" + xdg, "WORLDBRIEF_CONFIG=" + named}}, "from-named.yaml"},
		{"--config wins", Options{File: named, Environ: []string{"XDG_CONFIG_HOME=" + xdg}}, "from-named.yaml"},
		{"no file where XDG_CONFIG_HOME points", Options{Environ: []string{"XDG_CONFIG_HOME=" + t.TempDir()}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Load(tc.opts)
			if err != nil || cfg.Catalog != tc.catalog {
				t.Fatalf("catalog %q (%v), want %q", cfg.Catalog, err, tc.catalog)
			}
		})
	}
	if got := ConfigFiles([]string{"XDG_CONFIG_HOME=" + xdg}); len(got) != 2 || got[0] != filepath.Join(xdg, "worldbrief", "config.yaml") || got[1] != "/etc/worldbrief/config.yaml" {
		t.Errorf("ConfigFiles = %q: want the user's file, then /etc/worldbrief/config.yaml", got)
	}
}

func TestDefaultDatabaseInUserDataDir(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"XDG_DATA_HOME=/xdg/data", "HOME=/home/u"}, "/xdg/data/worldbrief/worldbrief.db"},
		{[]string{"HOME=/home/u"}, "/home/u/.local/share/worldbrief/worldbrief.db"},
		{[]string{"XDG_DATA_HOME=relative", "HOME=/home/u"}, "/home/u/.local/share/worldbrief/worldbrief.db"},
		{nil, "worldbrief.db"},
		{[]string{"HOME=/home/u", "WORLDBRIEF_DB=/data/worldbrief.db"}, "/data/worldbrief.db"},
	} {
		cfg, err := Load(Options{Environ: tc.env, NoDiscovery: true})
		if err != nil || cfg.DB != tc.want {
			t.Errorf("%q: db %q (%v), want %q", tc.env, cfg.DB, err, tc.want)
		}
	}
}

// A database URL carries a password, so like a secret it can come from a
// file (a Kubernetes or systemd credential).
func TestDatabaseFromFile(t *testing.T) {
	p := writeUnder(t, t.TempDir(), "db", "postgres://wb:s3cret@db:5432/wb\n")
	cfg, err := Load(Options{Environ: []string{"WORLDBRIEF_DB_FILE=" + p}, NoDiscovery: true})
	if err != nil || cfg.DB != "postgres://wb:s3cret@db:5432/wb" {
		t.Fatalf("db %q, %v", cfg.DB, err)
	}
}
