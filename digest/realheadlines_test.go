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
	realEnglishPath   = "testdata/realheadlines_en.psv"
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

// translatedRealHeadlines returns ls with the Spanish, French and Russian
// items in English, as the translation step leaves them: title and summary
// from testdata/realheadlines_en.psv, the originals kept. Every such item
// must have its row there, and every row its item.
func translatedRealHeadlines(t testing.TB, ls []labelled) []labelled {
	t.Helper()
	type text struct{ title, summary string }
	en := map[string]text{}
	readPSV(t, realEnglishPath, 4, func(_ int, _ string, p []string) {
		en[strings.SplitN(p[0], "-", 3)[1]+"|"+p[1]] = text{p[2], p[3]}
	})
	out := make([]labelled, len(ls))
	used := 0
	for i, l := range ls {
		a := l.art
		if tr, ok := en[a.SiteID+"|"+a.OriginalTitle]; ok {
			a.Title, a.Summary, a.TranslatedTo = tr.title, tr.summary, "en"
			used++
		} else if c := a.Country; c == "es" || c == "fr" || c == "ru" {
			t.Fatalf("%s: no English rendering of %q", realEnglishPath, a.OriginalTitle)
		}
		out[i] = labelled{story: l.story, art: a}
	}
	if used != len(en) {
		t.Fatalf("%s: %d of its %d rows match no item", realEnglishPath, len(en)-used, len(en))
	}
	return out
}

// TestRealHeadlines measures grouping within countries and matching
// across them on real headlines with their feeds' descriptions, labelled
// by story (how, each file's header says):
//
//   - testdata/realheadlines.psv: 152 items of seven fixture feeds of 2017
//     and 2019 (Austria, Canada, Spain, France, India, Russia, the US), 11
//     stories told more than once: 32 same-story pairs within a country,
//     25 across countries, against about 11,400 pairs that are not. The
//     Canadian, Indian and US feeds are in English; the others are grouped
//     in their own languages and matched on what their untranslated texts
//     share (names, numbers), as before any translation.
//   - the same, translated: the Spanish, French and Russian items in the
//     English of testdata/realheadlines_en.psv (hand-made literal
//     renderings standing in for a translation provider's), so those
//     countries are grouped and matched on English text.
//   - testdata/realheadlines_more.psv: 154 items of seven other feeds,
//     one window each (Portugal, Brazil, Slovakia, Pakistan in Urdu, the
//     Netherlands, Germany, Belarus in Russian): 15 same-story pairs, for
//     grouping only.
//
// The sets are small: one pair moves a recall by 0.03 or more (0.07 in
// the second), and the labels are ours. Measured before → after grouping
// let two articles each the other's closest link from LinkThreshold
// (mutualWeak) and matching across languages untranslated take a lower
// cosine (crossLangFactor): grouping P 0.750 R 0.094 → P 0.750 R 0.188,
// matching P 1.000 R 0.040 → P 1.000 R 0.120; translated, grouping P 0.667
// R 0.062 → P 0.857 R 0.188, matching P 1.000 R 0.200 → P 1.000 R 0.360;
// the second set, grouping P 0.800 R 0.800 → P 0.737 R 0.933. Real outlets
// word a story's follow-ups far apart ("Suspected gunman picked off
// passengers" and "Fort Lauderdale airport reopens after shooting" share
// one word), in English as in Russian, so word overlap still tells most
// real stories twice: the low recall is a finding, not a target. The test
// holds what a reader is hurt by: different events put together
// (grouping precision 0.7, matching precision 0.9, in every set).
func TestRealHeadlines(t *testing.T) {
	b := NewBuilder(testCatalog(t), Options{})
	first := loadRealHeadlines(t, realHeadlinesPath)
	for _, set := range []struct {
		name string
		ls   []labelled
	}{
		{realHeadlinesPath, first},
		{realHeadlinesPath + ", es/fr/ru translated", translatedRealHeadlines(t, first)},
		{realMorePath, loadRealHeadlines(t, realMorePath)},
	} {
		within, across := evaluate(t, b, set.ls)
		t.Logf("%s: %d real headlines; grouping within countries: P %.3f R %.3f (tp %d fp %d fn %d)", set.name, len(set.ls), within.precision(), within.recall(), within.tp, within.fp, within.fn)
		t.Logf("%s: matching across countries: P %.3f R %.3f (tp %d fp %d fn %d)", set.name, across.precision(), across.recall(), across.tp, across.fp, across.fn)
		if within.precision() < 0.7 {
			t.Errorf("%s: grouping precision %.3f on real headlines, want ≥ 0.7", set.name, within.precision())
		}
		if across.precision() < 0.9 {
			t.Errorf("%s: matching precision %.3f on real headlines, want ≥ 0.9", set.name, across.precision())
		}
	}
}
