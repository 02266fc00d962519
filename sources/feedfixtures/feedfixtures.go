// Package feedfixtures locates the real-world feed fixtures that the tests
// of sources and of the command read: the 38 shipped in the repository's
// testdata/feeds (see its SOURCES.md), or, when
// WORLDBRIEF_TEST_SHARED_FIXTURES names a directory, the full collection of
// 58 there. The 20 documents the repository cannot ship (their origin
// repositories are GPL-3.0 or LGPL-2.1) are known by name, so a test that
// needs one skips saying why instead of failing or skipping silently. Only
// tests import it.
package feedfixtures

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// EnvSharedDir names the environment variable pointing at the full fixture
// collection (the workspace's shared/fixtures/feeds/real); .ci/run sets it
// so CI runs the tests of the left-out feeds too.
const EnvSharedDir = "WORLDBRIEF_TEST_SHARED_FIXTURES"

// Total is the number of feeds in the full collection.
const Total = 58

// LeftOut maps each feed that testdata/feeds does not ship to the reason:
// the licence of the repository it was captured from.
var LeftOut = map[string]string{
	"de-golem-rss2-iso8859-1.xml":                 gpl3Feeder,
	"fr-lemonde-rss2.xml":                         gpl3Feeder,
	"ru-rutube-rss2-mediarss.xml":                 gpl3Feeder,
	"ua-suspilne-rss2.xml":                        gpl3Feeder,
	"se-fz-rss2.xml":                              gpl3Feeder,
	"gb-guardian-world-rss2-unescaped-amp.xml":    gpl3Feeder,
	"us-slashdot-rdf.xml":                         gpl3Feeder,
	"ru-investing-rss2-nonrfc-dates.xml":          "from dhvcc/rss-parser, GPL-3.0",
	"ru-newsru-rss2-koi8r.xml":                    lgplChardet,
	"hu-bbc-hungarian-rdf-windows1250.xml":        lgplChardet,
	"hu-hirtv-rss091-iso8859-2.xml":               lgplChardet,
	"gr-naftemporiki-rss2-iso8859-7.xml":          lgplChardet,
	"jp-moonlight-theatre-news-rss2-shiftjis.xml": lgplChardet,
	"jp-arclamp-rdf-eucjp.xml":                    lgplChardet,
	"cn-cnblog-rss092-gb2312.xml":                 lgplChardet,
	"tw-coolloud-rdf-big5-truncated-charref.xml":  lgplChardet,
	"kr-acnnewswire-rss2-euckr.xml":               lgplChardet,
	"il-infomed-rss2-windows1255.xml":             lgplChardet,
	"th-opentle-rss091-tis620.xml":                lgplChardet,
	"tr-divxplanet-rss091-iso8859-9.xml":          lgplChardet,
}

const (
	gpl3Feeder  = "from spacecowboy/Feeder, GPL-3.0"
	lgplChardet = "from the chardet corpus, LGPL-2.1, each feed © its publisher"
)

var (
	dirOnce sync.Once
	dir     string
	dirErr  error
)

// Dir returns the directory of the fixture feeds: $WORLDBRIEF_TEST_SHARED_FIXTURES
// when set, else the repository's testdata/feeds (found by walking up from
// the test's working directory to go.mod). It fails the test when neither
// is there: the shipped feeds are part of the repository.
func Dir(tb testing.TB) string {
	tb.Helper()
	dirOnce.Do(func() { dir, dirErr = locate() })
	if dirErr != nil {
		tb.Fatalf("fixture feeds: %v", dirErr)
	}
	return dir
}

// Shared reports whether the full collection is in use
// (WORLDBRIEF_TEST_SHARED_FIXTURES is set).
func Shared() bool { return os.Getenv(EnvSharedDir) != "" }

func locate() (string, error) {
	if d := os.Getenv(EnvSharedDir); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", err
		}
		if _, err := os.Stat(abs); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvSharedDir, d, err)
		}
		return abs, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			feeds := filepath.Join(d, "testdata", "feeds")
			if _, err := os.Stat(feeds); err != nil {
				return "", fmt.Errorf("the repository's testdata/feeds is missing: %w", err)
			}
			return feeds, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
	}
}

// Path returns the path of the fixture feed name. A feed left out of
// testdata/feeds and not available skips the test, naming its licence and
// how to run it; any other missing feed fails the test.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(Dir(tb), name)
	if _, err := os.Stat(p); err != nil {
		if why, ok := LeftOut[name]; ok && !Shared() {
			// The reason names the licence, not the file, so that the
			// README's test command lists one line per licence; the
			// subtest or the log line names the file.
			tb.Logf("fixture %s is left out of testdata/feeds", name)
			tb.Skipf("a fixture feed %s is not shipped (an MIT project cannot ship it); set %s to the full collection, as .ci/run does, to run it", why, EnvSharedDir)
		}
		tb.Fatalf("fixture %s: %v", name, err)
	}
	return p
}

// Read returns the content of the fixture feed name, skipping or failing
// the test as Path does.
func Read(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Path(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Names returns the file names of the fixture feeds available, sorted.
// With the shipped set it checks that exactly the left-out feeds are
// missing from the full collection, so a file added or lost is noticed.
func Names(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(Dir(tb), "*.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	slices.Sort(names)
	want := Total
	if !Shared() {
		want -= len(LeftOut)
		for _, n := range names {
			if _, ok := LeftOut[n]; ok {
				tb.Errorf("fixture %s is listed as left out but is in %s", n, Dir(tb))
			}
		}
	}
	if len(names) != want {
		tb.Fatalf("found %d fixture feeds in %s, want %d", len(names), Dir(tb), want)
	}
	return names
}

// SkipLeftOut marks, as skipped subtests of t, the left-out feeds that are
// not available, each with its reason; tests that range over Names call it
// so a run says which feeds it did not read and why.
func SkipLeftOut(t *testing.T) {
	t.Helper()
	if Shared() {
		return
	}
	names := make([]string, 0, len(LeftOut))
	for n := range LeftOut {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) { Path(t, n) })
	}
}
