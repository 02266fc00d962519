package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

func TestSourcesCheckProbesAndRecordsHealth(t *testing.T) {
	srv := newFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+testCatalog(t, srv.URL))
	code, out, errOut := c.run("sources", "--check", "fr", "russia", "--json")
	if code != exitError {
		t.Errorf("exit %d with a dead feed, want %d: %s", code, exitError, errOut)
	}
	var rep sources.CheckReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Feeds != 5 || rep.OK != 4 || rep.Dead != 1 || rep.NotFeed != 0 || rep.Redirected != 0 {
		t.Errorf("report = %+v, want 5 feeds: 4 ok, 1 dead", rep)
	}
	if !strings.Contains(errOut, "1 of 5 feeds are dead or not feeds") {
		t.Errorf("stderr = %q", errOut)
	}

	// The check is recorded as feed health, without articles.
	code, out, errOut = c.run("sources", "fr", "--json")
	if code != 0 {
		t.Fatalf("sources: exit %d: %s", code, errOut)
	}
	var rows []sourceRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		switch r.ID {
		case "lemonde":
			if r.Status != sources.HealthOK || r.LastFetchedAt == nil || r.Articles != 0 {
				t.Errorf("lemonde after check: %+v", r)
			}
		case "deadfr":
			if r.Status != sources.HealthFailing || !strings.Contains(r.LastError, "check: dead") || !strings.Contains(r.LastError, "500") {
				t.Errorf("deadfr after check: %+v", r)
			}
		}
	}

	code, out, _ = c.run("sources", "--check", "ru")
	if code != 0 || !strings.Contains(out, "Checked 2 feeds in") || !strings.Contains(out, "2 ok, 0 redirected, 0 not a feed, 0 dead") {
		t.Errorf("text check of ru: exit %d\n%s", code, out)
	}
	if code, _, errOut := c.run("sources", "fr", "ru"); code != exitUsage || !strings.Contains(errOut, "--check") {
		t.Errorf("two countries without --check: exit %d, %q", code, errOut)
	}
}

const importOPML = `<?xml version="1.0"?>
<opml version="1.0"><head><title>Local</title></head><body>
  <outline text="Regional">
    <outline text="Le Dauphiné libéré" type="rss" xmlUrl="%[1]s/fr-lecerclepsy-rss2-noprolog-latin1.xml" htmlUrl="https://www.ledauphine.com"/>
    <outline text="Sud Ouest" type="rss" xmlUrl="%[1]s/fr-googlenews-rss2-source.xml?local=2&amp;x=1"/>
    <outline text="Le Monde" type="rss" xmlUrl="%[1]s/fr-lemonde-rss2-mojibake.xml"/>
  </outline>
</body></opml>`

func TestCatalogImportExtendsAndExportRoundTrips(t *testing.T) {
	srv := newFeedServer(t)
	dir := t.TempDir()
	extra := filepath.Join(dir, "extra.yaml")
	opml := filepath.Join(dir, "local.opml")
	if err := os.WriteFile(opml, []byte(fmt.Sprintf(importOPML, srv.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, "WORLDBRIEF_CATALOG="+testCatalog(t, srv.URL), "WORLDBRIEF_CATALOG_EXTRA="+extra)
	code, out, errOut := c.run("catalog", "import", opml, "--country", "France")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Added 2 sites to France (fr) in "+extra) || !strings.Contains(out, "1 feed already in the catalog") {
		t.Errorf("import said %q", out)
	}
	// The new sites are read like any other.
	if code, _, errOut := c.run("fetch", "fr"); code != 0 {
		t.Fatalf("fetch: %s", errOut)
	}
	code, out, _ = c.run("sources", "fr", "--json")
	var rows []sourceRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != 0 {
		t.Fatalf("sources: %v %s", err, out)
	}
	got := map[string]sourceRow{}
	for _, r := range rows {
		got[r.ID] = r
	}
	if r := got["le-dauphine-libere"]; r.Status != sources.HealthOK || r.Articles == 0 || r.Language != "fr" {
		t.Errorf("imported site after fetch: %+v", r)
	}
	if _, ok := got["sud-ouest"]; !ok || len(rows) != 5 {
		t.Errorf("France has %d sites after import, want 5: %v", len(rows), rows)
	}

	// Importing again adds nothing.
	code, out, _ = c.run("catalog", "import", opml, "--country", "fr")
	if code != 0 || !strings.Contains(out, "Added 0 sites") || !strings.Contains(out, "3 feeds already") {
		t.Errorf("second import: exit %d %q", code, out)
	}
	// A country the catalog lacks is added, with the language given.
	chad := filepath.Join(dir, "chad.opml")
	if err := os.WriteFile(chad, []byte(fmt.Sprintf(`<opml><body><outline text="Tchad Infos" xmlUrl="%s/es-20minutos-rdf-mojibake.xml"/></body></opml>`, srv.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := c.run("catalog", "import", chad, "--country", "td"); code != exitUsage || !strings.Contains(errOut, "--language") {
		t.Errorf("new country without --language: exit %d %s", code, errOut)
	}
	code, out, errOut = c.run("catalog", "import", chad, "--country", "Chad", "--language", "fr")
	if code != 0 || !strings.Contains(out, "Added 1 site to Chad (td)") {
		t.Errorf("import into Chad: exit %d %s %s", code, out, errOut)
	}
	if code, out, _ := c.run("countries"); code != 0 || !strings.Contains(out, "Chad") {
		t.Errorf("countries after import into Chad:\n%s", out)
	}
	if code, _, errOut := c.run("catalog", "import", opml, "--country", "atlantis"); code != exitUsage {
		t.Errorf("unknown country: exit %d %s", code, errOut)
	}
	if code, _, errOut := c.run("catalog", "import", filepath.Join(dir, "missing.opml"), "--country", "fr"); code != exitUsage {
		t.Errorf("missing file: exit %d %s", code, errOut)
	}

	code, out, errOut = c.run("catalog", "export", "fr")
	if code != 0 || !strings.Contains(out, "<opml") || !strings.Contains(out, `text="Le Dauphiné libéré"`) || !strings.Contains(out, "fr-googlenews-rss2-source.xml?local=2&amp;x=1") {
		t.Errorf("export: exit %d %s\n%s", code, errOut, out)
	}
}

// BenchmarkSourcesCheckFixtures runs `worldbrief sources --check` over a
// catalog of every real fixture feed, served locally.
func BenchmarkSourcesCheckFixtures(b *testing.B) {
	srv := newFeedServer(b)
	var cat strings.Builder
	cat.WriteString("countries:\n  - code: fr\n    name: France\n    sites:\n")
	n := 0
	for _, name := range feedfixtures.Names(b) {
		fmt.Fprintf(&cat, "      - {id: f%d, name: Fixture %d, language: fr, homepage: \"https://f%d.example\", feeds: [\"%s/%s\"]}\n", n, n, n, srv.URL, name)
		n++
	}
	db := filepath.Join(b.TempDir(), "wb.db")
	env := []string{"WORLDBRIEF_DB=" + db, "WORLDBRIEF_LOG_LEVEL=error", "WORLDBRIEF_CATALOG=" + writeCatalogFile(b, cat.String())}
	for b.Loop() {
		var out, errb strings.Builder
		if code := run(b.Context(), []string{"sources", "--check"}, env, &out, &errb); code != 0 {
			b.Fatalf("exit %d: %s%s", code, out.String(), errb.String())
		}
	}
	b.ReportMetric(float64(n), "feeds/op")
}

// TestCatalogImportWithoutExtraSaysWhatItSkipped: with no catalog_extra
// nor --to, the import prints the YAML and still says which outlines it
// skipped, as it does when it writes a file.
func TestCatalogImportWithoutExtraSaysWhatItSkipped(t *testing.T) {
	srv := newFeedServer(t)
	opml := filepath.Join(t.TempDir(), "mine.opml")
	body := fmt.Sprintf(`<opml><body><outline text="Local One" xmlUrl="%s/it-dday-atom.xml"/><outline text="Broken" xmlUrl="not a url"/></body></opml>`, srv.URL)
	if err := os.WriteFile(opml, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, "WORLDBRIEF_CATALOG="+testCatalog(t, srv.URL))
	code, out, errOut := c.run("catalog", "import", opml, "--country", "fr")
	if code != 0 || !strings.Contains(out, "id: local-one") || !strings.Contains(errOut, `skipped "Broken"`) || !strings.Contains(errOut, "WORLDBRIEF_CATALOG_EXTRA") {
		t.Errorf("import without an extra file: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
