package digest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/sources"
)

// Real labelled sets: realheadlines.psv (seven feeds of January 2017 and
// May 2019, with stories told in several countries) and
// realheadlines_more.psv (seven other feeds, one window each, for
// grouping within countries).
const (
	realHeadlinesPath = "testdata/realheadlines.psv"
	realMorePath      = "testdata/realheadlines_more.psv"
)

// loadRealHeadlines reads a file of real headlines of shipped fixture
// feeds, labelled by story, as articles of one window ending at
// labelledAt. A feed's site is the name its file gives it ("ctvnews");
// country and language are the file's columns.
func loadRealHeadlines(t testing.TB, path string) []labelled {
	t.Helper()
	var out []labelled
	readPSV(t, path, 7, func(line int, text string, p []string) {
		site := strings.SplitN(p[1], "-", 3)[1]
		out = append(out, labelled{story: p[0], art: sources.Article{
			ID: rowID(text), SiteID: site, Country: p[2], Language: p[3],
			Title: p[5], OriginalTitle: p[5], Summary: p[6], OriginalSummary: p[6],
			URL:         "https://" + site + ".example/" + strconv.Itoa(line),
			PublishedAt: hoursBefore(t, path, line, p[4]),
		}})
	})
	return out
}

// TestRealHeadlines measures grouping within countries and matching
// across them on real headlines with their feeds' descriptions
// (testdata/realheadlines.psv): 152 items of seven fixture feeds of 2017
// and 2019 (Austria, Canada, Spain, France, India, Russia, the US), with
// 10 stories told more than once: 31 same-story pairs within a country,
// 25 across countries, against about 11,400 pairs that are not. It is
// small: one pair moves a recall by 0.03 or more, and its labels are ours.
// Nothing in it is translated, nor can be here: the Canadian, Indian and
// US feeds are in English, the others are grouped in their own languages
// and matched on what their untranslated texts share (names, numbers), as
// before any translation; with translation on, only those English feeds
// would read the same. Measured: grouping P 0.750 R 0.097, matching P 1.000
// R 0.040. Real outlets word a story's follow-ups far apart ("Suspected
// gunman picked off passengers" and "Fort Lauderdale airport reopens after
// shooting" share one word), in English as in Russian, so grouping
// tuned on the synthetic labelled set tells most real stories twice:
// the low recall is a finding, not a target. The test holds what a reader
// is hurt by: different events put together (grouping precision 0.7,
// matching precision 0.9).
func TestRealHeadlines(t *testing.T) {
	b := NewBuilder(testCatalog(t), Options{})
	for _, path := range []string{realHeadlinesPath, realMorePath} {
		ls := loadRealHeadlines(t, path)
		within, across := evaluate(t, b, ls)
		t.Logf("%s: %d real headlines; grouping within countries: P %.3f R %.3f (tp %d fp %d fn %d)", path, len(ls), within.precision(), within.recall(), within.tp, within.fp, within.fn)
		t.Logf("%s: matching across countries untranslated: P %.3f R %.3f (tp %d fp %d fn %d)", path, across.precision(), across.recall(), across.tp, across.fp, across.fn)
		if within.precision() < 0.7 {
			t.Errorf("%s: grouping precision %.3f on real headlines, want ≥ 0.7", path, within.precision())
		}
		if across.precision() < 0.9 {
			t.Errorf("%s: matching precision %.3f on real headlines, want ≥ 0.9", path, across.precision())
		}
	}
}
