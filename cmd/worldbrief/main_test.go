package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot/bottest"
	"github.com/worldbrief/worldbrief/config"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/store"
)

// cli runs worldbrief in-process with a fresh SQLite file per test.
type cli struct {
	t   *testing.T
	env []string
}

func newCLI(t *testing.T, extraEnv ...string) *cli {
	db := filepath.Join(t.TempDir(), "wb.db")
	// Translation is off unless a test turns it on: tests never touch the internet.
	return &cli{t: t, env: append([]string{"WORLDBRIEF_DB=" + db, "WORLDBRIEF_LOG_LEVEL=error", "WORLDBRIEF_TRANSLATE_PROVIDER=none"}, extraEnv...)}
}

func (c *cli) run(args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, c.env, &out, &errb)
	return code, out.String(), errb.String()
}

// openStore opens the database of c's WORLDBRIEF_DB (the last one set),
// closed when the test ends.
func (c *cli) openStore() *store.Store {
	c.t.Helper()
	var dsn string
	for _, kv := range c.env {
		if v, ok := strings.CutPrefix(kv, "WORLDBRIEF_DB="); ok {
			dsn = v
		}
	}
	st, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { st.Close() })
	return st
}

// replica is one `serve` run in-process (as one of the webhook tests'
// replicas), see startServe.
type replica struct {
	name           string
	listen         string
	cancel         context.CancelFunc
	done           chan int
	stdout, stderr bottest.Buffer
}

// startServe runs `serve` with env until stop is called.
func startServe(t *testing.T, name string, env []string, listen string) *replica {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &replica{name: name, listen: listen, cancel: cancel, done: make(chan int, 1)}
	go func() { r.done <- run(ctx, []string{"serve"}, env, &r.stdout, &r.stderr) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop interrupts serve (as SIGTERM does) and checks that it exits 0.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case code := <-r.done:
		if code != 0 {
			t.Errorf("%s: serve exited %d; stderr:\n%s", r.name, code, r.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("%s: serve did not stop", r.name)
	}
}

// exited reports serve's exit code when it has returned.
func (r *replica) exited() (int, bool) {
	select {
	case code := <-r.done:
		r.done <- code
		return code, true
	default:
		return 0, false
	}
}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool, rs ...*replica) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		for _, r := range rs {
			if code, ok := r.exited(); ok {
				t.Fatalf("%s: serve exited %d while waiting for %s; stderr:\n%s", r.name, code, what, r.stderr.String())
			}
		}
		if time.Now().After(deadline) {
			var logs strings.Builder
			for _, r := range rs {
				fmt.Fprintf(&logs, "--- %s stderr:\n%s\n", r.name, r.stderr.String())
			}
			t.Fatalf("timed out waiting for %s\n%s", what, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestHeadlinesFetchesThenServesFromStore(t *testing.T) {
	srv := newFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+testCatalog(t, srv.URL))

	code, out, errOut := c.run("headlines", "France", "--json", "-n", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []headlineRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("bad JSON %q: %v", out, err)
	}
	if len(rows) != 5 {
		t.Fatalf("want 5 headlines, got %d", len(rows))
	}
	for i, r := range rows {
		if r.Title == "" || r.Title != r.OriginalTitle || strings.ContainsRune(r.Title, '\uFFFD') {
			t.Errorf("row %d: bad title %q / %q", i, r.Title, r.OriginalTitle)
		}
		if r.Country != "fr" || r.Language != "fr" || !strings.HasPrefix(r.URL, "http") || r.Source == "" {
			t.Errorf("row %d: incomplete %+v", i, r)
		}
		if i > 0 && r.PublishedAt.After(rows[i-1].PublishedAt) {
			t.Errorf("not newest first at %d", i)
		}
	}
	hits := srv.hits.Load()
	if hits != 3 {
		t.Fatalf("first call should fetch France's 3 feeds, server saw %d requests", hits)
	}

	// Feeds are fresh now: a second call answers from the store.
	code, out, _ = c.run("headlines", "fr")
	if code != 0 || !strings.Contains(out, "France — latest headlines") || !strings.Contains(out, "Le Monde") {
		t.Fatalf("text output: exit %d\n%s", code, out)
	}
	// Le Monde's fixture items are of January 2017: the year is shown.
	if !strings.Contains(out, "Le Monde · Jan 7 2017 ") {
		t.Errorf("an old article's time lacks its year:\n%s", out)
	}
	if srv.hits.Load() != hits {
		t.Fatalf("fresh feeds were fetched again: %d → %d requests", hits, srv.hits.Load())
	}
}

func TestUnknownCountrySuggests(t *testing.T) {
	c := newCLI(t)
	code, _, errOut := c.run("headlines", "frnace")
	if code != exitUsage {
		t.Fatalf("want exit %d, got %d", exitUsage, code)
	}
	if !strings.Contains(errOut, "France (fr)") {
		t.Fatalf("no suggestion in %q", errOut)
	}
	code, _, errOut = c.run("headlines")
	if code != exitUsage || !strings.Contains(errOut, "usage: worldbrief headlines COUNTRY") {
		t.Fatalf("missing argument: exit %d, %q", code, errOut)
	}
}

func TestFetchReportsAndFailsWhenNothingAnswers(t *testing.T) {
	srv := newFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+testCatalog(t, srv.URL))

	code, out, errOut := c.run("fetch", "ru", "fr")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if !strings.Contains(out, "Fetched 5 feeds: 4 ok, 0 not modified, 1 failed") || !strings.Contains(out, "failed: "+srv.URL+"/broken/fr") {
		t.Fatalf("summary: %q", out)
	}

	// A country whose every feed fails: non-zero exit and a clear message.
	code, _, errOut = c.run("fetch", "luxembourg")
	if code != exitError || !strings.Contains(errOut, "none of the 2 feeds could be fetched") {
		t.Fatalf("want failure, got exit %d: %q", code, errOut)
	}

	// Unchanged feeds come back as 304 and cost no new articles.
	code, out, _ = c.run("fetch", "ru", "--json", "--force")
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil || code != 0 {
		t.Fatalf("exit %d, bad JSON %q: %v", code, out, err)
	}
	if raw["not_modified"].(float64) != 2 || raw["new_articles"].(float64) != 0 {
		t.Fatalf("second fetch should be all 304s: %v", raw)
	}
}

func TestSourcesShowFeedHealth(t *testing.T) {
	srv := newFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+testCatalog(t, srv.URL))
	if code, _, errOut := c.run("fetch", "fr"); code != 0 {
		t.Fatalf("fetch: %s", errOut)
	}
	code, out, errOut := c.run("sources", "fr", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []sourceRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	got := map[string]sourceRow{}
	for _, r := range rows {
		got[r.ID] = r
	}
	if r := got["lemonde"]; r.Status != sources.HealthOK || r.Articles == 0 || r.LastFetchedAt == nil || r.LastError != "" {
		t.Errorf("lemonde: %+v", r)
	}
	if r := got["deadfr"]; r.Status != sources.HealthFailing || !strings.Contains(r.LastError, "500") {
		t.Errorf("deadfr: %+v", r)
	}
	if len(rows) != 3 {
		t.Errorf("want France's 3 sites, got %d", len(rows))
	}
}

func TestCountriesFromEmbeddedCatalog(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("countries", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []countryRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	sites := 0
	for _, r := range rows {
		sites += r.Sites
		if r.Sites < 2 || len(r.Languages) == 0 {
			t.Errorf("%s: %d sites, languages %v", r.Code, r.Sites, r.Languages)
		}
	}
	if len(rows) < 50 || sites < 150 {
		t.Fatalf("catalog too small: %d countries, %d sites", len(rows), sites)
	}
}

// TestCountriesOfARegion: `worldbrief countries europe` lists Europe's
// countries, as the chat's /countries europe does, rather than the
// countries whose name contains the word ("africa" is more than South
// Africa).
func TestCountriesOfARegion(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("countries", "europe")
	if code != 0 || !strings.Contains(out, "Germany") || !strings.Contains(out, "France") || strings.Contains(out, "Japan") {
		t.Errorf("countries europe: exit %d %s\n%s", code, errOut, out)
	}
	code, out, errOut = c.run("countries", "Africa")
	if code != 0 || !strings.Contains(out, "Nigeria") || !strings.Contains(out, "Kenya") {
		t.Errorf("countries Africa: exit %d %s\n%s", code, errOut, out)
	}
	// A search that matches nothing names the regions to try.
	code, _, errOut = c.run("countries", "zzz")
	if code != exitUsage || !strings.Contains(errOut, "Middle East") {
		t.Errorf("countries zzz: exit %d %q", code, errOut)
	}
}

func TestConfigRedactsAndRejects(t *testing.T) {
	c := newCLI(t, "WORLDBRIEF_DB=postgres://wb:hunter2@db.internal:5432/wb")
	code, out, errOut := c.run("config")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "hunter2") || !strings.Contains(out, "wb:[redacted]@db.internal") {
		t.Fatalf("config output:\n%s", out)
	}
	c = newCLI(t, "WORLDBRIEF_FETCH_TIMEOUT=soon", "WORLDBRIEF_LOG_LEVEL=loud")
	code, _, errOut = c.run("config")
	if code == 0 || !strings.Contains(errOut, "WORLDBRIEF_FETCH_TIMEOUT") {
		t.Fatalf("bad env accepted: exit %d %q", code, errOut)
	}
}

func TestREADMEDocumentsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- config-reference:begin -->\n", "<!-- config-reference:end -->"
	_, rest, okBegin := strings.Cut(string(readme), begin)
	block, _, okEnd := strings.Cut(rest, end)
	if !okBegin || !okEnd {
		t.Fatalf("README.md lacks the markers %q and %q around the configuration reference; add them and run `make docs`", strings.TrimSpace(begin), end)
	}
	c := newCLI(t)
	code, out, errOut := c.run("config", "--reference")
	if code != 0 {
		t.Fatalf("config --reference: exit %d: %s", code, errOut)
	}
	if out != config.Reference() {
		t.Fatalf("config --reference printed something else than config.Reference():\n%s", out)
	}
	if block != out {
		t.Errorf("README.md's configuration reference is out of date with the Config struct: run `make docs`.\nREADME has:\n%s\ngenerated:\n%s", block, out)
	}
	cfg := config.Default()
	for _, f := range config.Fields(&cfg) {
		if !strings.Contains(block, fmt.Sprintf("| `%s` | `%s`", f.Key, f.Env)) {
			t.Errorf("the configuration reference lacks %s (%s)", f.Key, f.Env)
		}
	}
}
