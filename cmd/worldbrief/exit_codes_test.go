package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInputExitsTwo: every mistake of the user's (a command, a
// country, a flag value, a configuration or catalog value, a file that is
// not a database) exits 2 with a message saying what to fix.
func TestBadInputExitsTwo(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notDB, []byte("hello, these are my notes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	badCatalog := writeCatalogFile(t, "countries:\n  - code: zz\n    name: Nowhere\n")
	badConfig := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(badConfig, []byte("fetch:\n  interval: soon\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		want string // in the message
	}{
		{"unknown command", nil, []string{"bogus"}, `unknown command "bogus"`},
		{"mistyped command", nil, []string{"hedlines", "fr"}, "Did you mean headlines?"},
		{"empty country", nil, []string{"headlines", ""}, "no country given"},
		{"real country not covered", nil, []string{"headlines", "ci"}, "we don't cover Côte d'Ivoire (ci)"},
		{"bad config value", []string{"WORLDBRIEF_FETCH_INTERVAL=soon"}, []string{"headlines", "fr"}, "WORLDBRIEF_FETCH_INTERVAL"},
		{"bad config file", nil, []string{"--config", badConfig, "headlines", "fr"}, "config.yaml"},
		{"missing config file", nil, []string{"--config", filepath.Join(dir, "missing.yaml"), "headlines", "fr"}, "missing.yaml"},
		{"bad catalog", []string{"WORLDBRIEF_CATALOG=" + badCatalog}, []string{"headlines", "fr"}, `"zz"`},
		{"not a database", []string{"WORLDBRIEF_DB=" + notDB}, []string{"deliveries"}, notDB + " is not a worldbrief database"},
		{"deliveries -n 0", nil, []string{"deliveries", "-n", "0"}, "--limit 0"},
		{"headlines -n not a number", nil, []string{"headlines", "fr", "-n", "abc"}, `--limit "abc" is not a whole number`},
		{"deliveries unknown status", nil, []string{"deliveries", "--status", "bogus"}, `--status "bogus" is not one of pending, sending, sent, failed, suspended`},
		{"deliveries absurd -n", nil, []string{"deliveries", "-n", "1000000000"}, "--limit 1000000000"},
		{"translate from an unknown language", nil, []string{"translate", "--from", "klingon", "hello"}, `--from "klingon"`},
		{"translate to an unknown language", nil, []string{"translate", "--to", "elvish", "hello"}, `--to "elvish"`},
		{"digest format", nil, []string{"digest", "fr", "--format", "pdf"}, `--format "pdf"`},
		{"digest of the future", nil, []string{"digest", "fr", "--at", "2099-01-01"}, "in the future"},
		{"world edition of the future", nil, []string{"digest", "world", "--at", "2099-01-01"}, "in the future"},
		{"empty chat id", nil, []string{"chat", "--chat-id", " "}, "--chat-id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := newCLI(t, tc.env...).run(tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("worldbrief %q: exit %d, %q; want exit %d saying %q", tc.args, code, errOut, exitUsage, tc.want)
			}
			for _, raw := range []string{"sqlite3:", "_pragma", "panic", "strconv."} {
				if strings.Contains(errOut, raw) {
					t.Errorf("worldbrief %q speaks the driver's language (%q): %q", tc.args, raw, errOut)
				}
			}
		})
	}
}

// TestDigestFormatIgnoresCase: --format JSON is --format json.
func TestDigestFormatIgnoresCase(t *testing.T) {
	srv, _ := newDigestFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL))
	code, out, errOut := c.run("digest", "fr", "--format", "JSON")
	if code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("--format JSON: exit %d, %q %q", code, out, errOut)
	}
	code, out, errOut = c.run("digest", "fr", "--format", "Markdown")
	if code != 0 || !strings.HasPrefix(out, "# France") {
		t.Errorf("--format Markdown: exit %d, %q %q", code, out, errOut)
	}
	// --json, which every listing takes, is --format json here too.
	code, out, errOut = c.run("digest", "fr", "--json")
	if code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("--json: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut = c.run("digest", "fr", "--json", "--format", "markdown"); code != exitUsage {
		t.Errorf("--json --format markdown: exit %d %q, want %d", code, errOut, exitUsage)
	}
}

// TestRefusedFeedsAreNotCalledOffline: when every server answered with
// 429, the message says the sites refused, not "are you offline?".
func TestRefusedFeedsAreNotCalledOffline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	t.Cleanup(srv.Close)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL))
	code, _, errOut := c.run("fetch", "fr")
	if code != exitError || strings.Contains(errOut, "offline") || !strings.Contains(errOut, "429") {
		t.Errorf("every feed answered 429: exit %d, %q; want exit 1 naming the 429 without asking whether we are offline", code, errOut)
	}
	srv.Close()
	code, _, errOut = c.run("fetch", "fr", "--force")
	if code != exitError || !strings.Contains(errOut, "offline") {
		t.Errorf("no server answered: exit %d, %q; want exit 1 asking whether we are offline", code, errOut)
	}
}

// TestSourcesCheckOfflineSaysSo: when no feed's server answers the check
// at all, the message asks whether we are offline instead of calling
// every feed of the catalog dead; one server answering 404 is a dead feed.
func TestSourcesCheckOfflineSaysSo(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	c := newCLI(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL))
	code, _, errOut := c.run("sources", "--check", "fr")
	if code != exitError || strings.Contains(errOut, "offline") || !strings.Contains(errOut, "dead") {
		t.Errorf("every feed answered 404: exit %d, %q; want exit 1 calling them dead", code, errOut)
	}
	srv.Close()
	code, _, errOut = c.run("sources", "--check", "fr")
	if code != exitError || !strings.Contains(errOut, "are you offline?") {
		t.Errorf("no server answered: exit %d, %q; want exit 1 asking whether we are offline", code, errOut)
	}
}
