package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "worldbrief.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsAreValid(t *testing.T) {
	cfg, err := Load(Options{})
	if err != nil {
		t.Fatalf("defaults rejected: %v", err)
	}
	if cfg.DB != Default().DB || cfg.Fetch.Retention != 14*24*time.Hour {
		t.Fatalf("unexpected defaults: %+v", cfg)
	}
}

func TestPrecedenceFileEnvFlags(t *testing.T) {
	file := writeFile(t, "db: from-file.db\nlog:\n  level: debug\nfetch:\n  concurrency: 4\n  per_host: 3\n  timeout: 5s\n")
	cfg, err := Load(Options{
		File:    file,
		Environ: []string{"WORLDBRIEF_FETCH_CONCURRENCY=8", "WORLDBRIEF_LOG_FORMAT=json", "OTHER=1"},
		Flags:   func(c *Config) { c.DB = "from-flag.db" },
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DB != "from-flag.db" {
		t.Errorf("flag must win over file: db=%q", cfg.DB)
	}
	if cfg.Fetch.Concurrency != 8 {
		t.Errorf("env must win over file: concurrency=%d", cfg.Fetch.Concurrency)
	}
	if cfg.Fetch.PerHost != 3 || cfg.Fetch.Timeout != 5*time.Second || cfg.Log.Level != "debug" {
		t.Errorf("file values lost: %+v", cfg)
	}
	if cfg.Log.Format != "json" {
		t.Errorf("env log format not applied: %q", cfg.Log.Format)
	}
	if cfg.Fetch.Retention != Default().Fetch.Retention {
		t.Errorf("default lost: retention=%v", cfg.Fetch.Retention)
	}
}

func TestConfigFileFromEnvironment(t *testing.T) {
	file := writeFile(t, "catalog: my-catalog.yaml\n")
	cfg, err := Load(Options{Environ: []string{"WORLDBRIEF_CONFIG=" + file}})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Catalog != "my-catalog.yaml" {
		t.Fatalf("WORLDBRIEF_CONFIG file not read: catalog=%q", cfg.Catalog)
	}
}

func TestUnknownKeyNamedWithLine(t *testing.T) {
	file := writeFile(t, "db: x.db\nfetch:\n  concurrency: 2\n  per_hots: 3\nbogus: 1\n")
	_, err := Load(Options{File: file})
	if err == nil {
		t.Fatal("unknown keys accepted")
	}
	msg := err.Error()
	for _, want := range []string{`:4: unknown key "per_hots"`, `:5: unknown key "bogus"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

func TestEveryProblemReportedOnce(t *testing.T) {
	file := writeFile(t, "log:\n  level: loud\nfetch:\n  concurrency: 0\n  interval: 10s\n")
	_, err := Load(Options{File: file, Environ: []string{"WORLDBRIEF_FETCH_PER_HOST=many"}})
	if err == nil {
		t.Fatal("bad values accepted")
	}
	// A value that cannot be read and values out of range: one round.
	msg := err.Error()
	for _, want := range []string{`WORLDBRIEF_FETCH_PER_HOST: "many" is not a whole number`, "log.level: \"loud\"", "fetch.concurrency: 0", "fetch.interval: 10s"} {
		if strings.Count(msg, want) != 1 {
			t.Errorf("want %q exactly once in:\n%s", want, msg)
		}
	}
}

func TestBadDurationInEnvironment(t *testing.T) {
	_, err := Load(Options{Environ: []string{"WORLDBRIEF_FETCH_TIMEOUT=soon"}})
	if err == nil || !strings.Contains(err.Error(), "WORLDBRIEF_FETCH_TIMEOUT") || !strings.Contains(err.Error(), "30s") {
		t.Fatalf("want a message naming the variable with an example, got %v", err)
	}
}

func TestDatabaseForms(t *testing.T) {
	for dsn, ok := range map[string]bool{
		"worldbrief.db":                        true,
		"sqlite:/tmp/x.db":                     true,
		"postgres://u:p@localhost:5432/db":     true,
		"postgresql://u@localhost/db":          true,
		"mysql://u:hunter2@localhost/db":       false,
		"sqlite:":                              false,
		"":                                     false,
		"postgres://u:hunter2@/db?sslmode=bad": false,
	} {
		err := checkDSN(dsn)
		if (err == nil) != ok {
			t.Errorf("checkDSN(%q) = %v, want ok=%v", dsn, err, ok)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("password leaked in %v", err)
		}
	}
}

func TestRedactedHidesPasswords(t *testing.T) {
	cfg := Default()
	cfg.DB = "postgres://worldbrief:s3cr3t@db:5432/wb?sslmode=disable&password=other"
	red := cfg.Redacted()
	if strings.Contains(red.DB, "s3cr3t") || strings.Contains(red.DB, "other") {
		t.Fatalf("password visible: %q", red.DB)
	}
	if !strings.Contains(red.DB, "worldbrief:[redacted]@db") {
		t.Fatalf("user name lost: %q", red.DB)
	}
	if cfg.DB == red.DB {
		t.Fatal("Redacted changed nothing")
	}
	if !strings.Contains(cfg.DB, "s3cr3t") {
		t.Fatal("Redacted modified the original")
	}
}

func TestFieldsCoverEverySetting(t *testing.T) {
	cfg := Default()
	fields := Fields(&cfg)
	seen := map[string]bool{}
	for _, f := range fields {
		if f.Help == "" {
			t.Errorf("%s has no help text", f.Key)
		}
		if !strings.HasPrefix(f.Env, EnvPrefix) || strings.HasSuffix(f.Env, "_") {
			t.Errorf("%s has a bad env name %q", f.Key, f.Env)
		}
		if seen[f.Env] {
			t.Errorf("duplicate env %s", f.Env)
		}
		seen[f.Env] = true
	}
	if !seen["WORLDBRIEF_FETCH_PER_HOST"] || !seen["WORLDBRIEF_DB"] {
		t.Fatalf("missing fields: %v", seen)
	}
}

// Every setting can be given through its environment variable.
func TestEverySettingSettableFromEnvironment(t *testing.T) {
	cfg := Default()
	for _, f := range Fields(&cfg) {
		if err := f.Set(f.String()); err != nil {
			t.Errorf("%s: its own default %q is refused: %v", f.Env, f.String(), err)
		}
	}
	got, err := Load(Options{Environ: []string{"WORLDBRIEF_DELIVERY_TELEGRAM_RATE=12.5"}})
	if err != nil || got.Delivery.TelegramRate != 12.5 {
		t.Fatalf("rate = %v, %v", got.Delivery.TelegramRate, err)
	}
	if _, err := Load(Options{Environ: []string{"WORLDBRIEF_DELIVERY_TELEGRAM_RATE=fast"}}); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Fatalf("bad rate: %v", err)
	}
}
