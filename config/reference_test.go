package config

import (
	"strings"
	"testing"
	"time"
)

// referenceRows splits the table into its data rows, keyed by the key
// column, each row split into its four cells.
func referenceRows(t *testing.T) ([]string, map[string][]string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(Reference(), "\n"), "\n")
	if len(lines) < 2 || lines[0] != "| key | environment | default | meaning |" || lines[1] != "|---|---|---|---|" {
		t.Fatalf("bad table header:\n%s", Reference())
	}
	var keys []string
	rows := map[string][]string{}
	for _, l := range lines[2:] {
		if !strings.HasPrefix(l, "| ") || !strings.HasSuffix(l, " |") {
			t.Fatalf("not a table row: %q", l)
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(l, "| "), " |"), " | ")
		if len(cells) != 4 {
			t.Fatalf("row has %d cells, want 4: %q", len(cells), l)
		}
		key := strings.Trim(cells[0], "`")
		keys = append(keys, key)
		rows[key] = cells
	}
	return keys, rows
}

func TestReferenceHasOneRowPerField(t *testing.T) {
	keys, rows := referenceRows(t)
	cfg := Default()
	fields := Fields(&cfg)
	if len(keys) != len(fields) {
		t.Fatalf("%d rows for %d fields", len(keys), len(fields))
	}
	for i, f := range fields {
		if keys[i] != f.Key {
			t.Errorf("row %d is %s, want %s (declaration order)", i, keys[i], f.Key)
		}
		if strings.TrimSpace(f.Help) == "" {
			t.Errorf("%s has no description (help tag)", f.Key)
		}
		cells := rows[f.Key]
		env := "`" + f.Env + "`"
		if f.Secret != "" {
			env += " or `" + f.Env + "_FILE`"
		}
		if cells[1] != env {
			t.Errorf("%s: environment %q, want %q", f.Key, cells[1], env)
		}
		if cells[2] == "" || cells[3] == "" {
			t.Errorf("%s: empty cell in %q", f.Key, cells)
		}
	}
}

func TestReferenceDefaults(t *testing.T) {
	_, rows := referenceRows(t)
	for key, want := range map[string]string{
		"db":                    "`$XDG_DATA_HOME/worldbrief/worldbrief.db`",
		"catalog":               Empty,
		"fetch.interval":        "`30m`",
		"fetch.retention":       "`336h`",
		"fetch.timeout":         "`20s`",
		"fetch.max_bytes":       "`5242880`",
		"delivery.backoff":      "`1m`",
		"delivery.discord_rate": "`40`",
		"discord.shard_count":   "`0`",
	} {
		if got := rows[key][2]; got != want {
			t.Errorf("%s: default %s, want %s", key, got, want)
		}
	}
	for d, want := range map[time.Duration]string{
		15 * time.Minute:              "15m",
		90 * time.Minute:              "1h30m",
		time.Hour:                     "1h",
		time.Hour + 5*time.Second:     "1h0m5s",
		1500 * time.Millisecond:       "1.5s",
		0:                             "0s",
		500 * time.Millisecond:        "500ms",
		2*time.Minute + 3*time.Second: "2m3s",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(want); err != nil || back != d {
			t.Errorf("%q does not parse back to %v: %v, %v", want, d, back, err)
		}
	}
}

// A secret's default column shows no value, even if a default were set.
func TestReferenceNeverShowsSecrets(t *testing.T) {
	_, rows := referenceRows(t)
	cfg := Default()
	secrets := 0
	for _, f := range Fields(&cfg) {
		if f.Secret != "true" {
			continue
		}
		secrets++
		if got := rows[f.Key][2]; got != Empty {
			t.Errorf("%s: default column %q, want %q", f.Key, got, Empty)
		}
		if err := f.Set("s3cr3t-value"); err != nil {
			t.Fatal(err)
		}
		if got := defaultCell(f); got != Redacted {
			t.Errorf("%s set to a value: default column %q, want %q", f.Key, got, Redacted)
		}
	}
	if secrets == 0 {
		t.Fatal("no secret settings found")
	}
	cfg.DB = "postgres://wb:s3cr3t@db/wb"
	for _, f := range Fields(&cfg) {
		if f.Key == "db" && strings.Contains(defaultCell(f), "s3cr3t") {
			t.Errorf("db default shows the password: %s", defaultCell(f))
		}
	}
}
