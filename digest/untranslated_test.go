package digest

import (
	"slices"
	"testing"
)

// untranslatedSet is the labelled set as stored before any translation:
// original titles and original-language summaries. Where the set's
// summary column is English for a site publishing in another language,
// testdata/labelled_original.psv holds its back-translation.
func untranslatedSet(t testing.TB, ls []labelled) []labelled {
	t.Helper()
	orig := map[string]string{}
	readPSV(t, "testdata/labelled_original.psv", 3, func(_ int, _ string, p []string) {
		orig[p[0]+"|"+p[1]] = p[2]
	})
	used := 0
	out := make([]labelled, len(ls))
	for i, l := range ls {
		a := l.art
		a.Title = a.OriginalTitle
		if s, ok := orig[a.SiteID+"|"+a.OriginalTitle]; ok {
			a.Summary = s
			used++
		}
		a.OriginalSummary = a.Summary
		out[i] = labelled{story: l.story, art: a}
	}
	if used != len(orig) {
		t.Fatalf("labelled_original.psv: %d of its %d rows match no article of labelled.psv", len(orig)-used, len(orig))
	}
	return out
}

// perCountry returns the pairwise counts of the clustering within each
// country.
func perCountry(t testing.TB, b *Builder, ls []labelled) map[string]prf {
	t.Helper()
	within, _ := evaluateBy(t, b, ls)
	return within
}

// groupingTranslated returns off (the untranslated set) with the
// headlines translated that GroupingReads asks for (those of the best
// stories of each language of a country publishing in several), their
// summaries left in
// the original: what the planner translates for grouping before anything
// else of those countries.
func groupingTranslated(t testing.TB, b *Builder, ls, off []labelled) []labelled {
	t.Helper()
	ix := b.Index(articlesOf(off), labelledAt)
	need := map[string]bool{}
	for _, c := range ix.Countries() {
		for _, r := range ix.GroupingReads(c) {
			need[r.ArticleID] = true
		}
	}
	out := slices.Clone(off)
	for i, l := range out {
		if need[l.art.ID] {
			out[i].art.Title = ls[i].art.Title
		}
	}
	return out
}

// TestGroupingWithoutTranslation: grouping a country's articles in their
// own languages is within 0.05 of grouping them translated, per country
// and pooled, in pairwise precision and recall. "Without translation"
// means translation off except what grouping needs: a country publishing
// in several languages (India: Hindi and English) cannot group across
// them untranslated, so the planner translates the headlines of each
// language's best stories (Index.GroupingReads) before its digests'
// texts, and stories of different languages merge on them; the test
// translates those headlines, and nothing else.
func TestGroupingWithoutTranslation(t *testing.T) {
	cat := testCatalog(t)
	ls := loadLabelled(t, cat)
	b := NewBuilder(cat, Options{})
	off := untranslatedSet(t, ls)
	on, none, grouping := perCountry(t, b, ls), perCountry(t, b, off), perCountry(t, b, groupingTranslated(t, b, ls, off))
	countries := make([]string, 0, len(on))
	for c := range on {
		countries = append(countries, c)
	}
	slices.Sort(countries)
	for _, c := range countries {
		t.Logf("%s: translated P %.3f R %.3f (tp %d fp %d fn %d) · untranslated P %.3f R %.3f · grouping headlines only P %.3f R %.3f (tp %d fp %d fn %d)", c,
			on[c].precision(), on[c].recall(), on[c].tp, on[c].fp, on[c].fn,
			none[c].precision(), none[c].recall(),
			grouping[c].precision(), grouping[c].recall(), grouping[c].tp, grouping[c].fp, grouping[c].fn)
		got := grouping[c]
		if on[c].precision()-got.precision() > 0.05 || on[c].recall()-got.recall() > 0.05 {
			t.Errorf("%s: untranslated P %.3f R %.3f, translated P %.3f R %.3f: more than 0.05 apart", c,
				got.precision(), got.recall(), on[c].precision(), on[c].recall())
		}
	}
	pon, poff := pooled(on), pooled(grouping)
	t.Logf("all countries: translated P %.3f R %.3f · grouping headlines only P %.3f R %.3f", pon.precision(), pon.recall(), poff.precision(), poff.recall())
	if d := pon.precision() - poff.precision(); d > 0.05 {
		t.Errorf("untranslated precision %.3f is %.3f below translated %.3f", poff.precision(), d, pon.precision())
	}
	if d := pon.recall() - poff.recall(); d > 0.05 {
		t.Errorf("untranslated recall %.3f is %.3f below translated %.3f", poff.recall(), d, pon.recall())
	}
}

// TestShownTranslationKeepsGroupsAndTakes: when only what digests show is
// translated (each story's representative article), the stories of a
// country are no worse than with nothing translated, and cross-country
// matching of those stories is as good as with everything translated.
func TestShownTranslationKeepsGroupsAndTakes(t *testing.T) {
	cat := testCatalog(t)
	ls := loadLabelled(t, cat)
	b := NewBuilder(cat, Options{})
	off := untranslatedSet(t, ls)
	// Translate the representative article of every story of the
	// untranslated grouping, as the demand-first planner would.
	ix := b.Index(articlesOf(off), labelledAt)
	shown := map[string]bool{}
	for _, c := range ix.clusters {
		shown[ix.arts[c.members[0]].ID] = true
	}
	full := map[string]labelled{}
	for _, l := range ls {
		full[l.art.ID] = l
	}
	part := make([]labelled, len(off))
	for i, l := range off {
		if shown[l.art.ID] {
			a := full[l.art.ID].art
			a.OriginalSummary = l.art.Summary
			a.TranslatedTo = "en"
			l.art = a
		}
		part[i] = l
	}
	// A country all of whose articles are then translated is grouped in
	// English; the others keep their untranslated grouping.
	if got, was := pooled(perCountry(t, b, part)), pooled(perCountry(t, b, off)); got.precision() < was.precision() || got.recall() < was.recall() {
		t.Errorf("grouping got worse when the shown articles were translated: P %.3f R %.3f, untranslated P %.3f R %.3f",
			got.precision(), got.recall(), was.precision(), was.recall())
	}
	_, acrossFull := evaluate(t, b, ls)
	_, acrossPart := evaluate(t, b, part)
	t.Logf("matching across countries: all translated P %.3f R %.3f · shown translated P %.3f R %.3f",
		acrossFull.precision(), acrossFull.recall(), acrossPart.precision(), acrossPart.recall())
	if acrossPart.precision() < acrossFull.precision()-0.05 || acrossPart.recall() < acrossFull.recall()-0.05 {
		t.Errorf("matching with only the shown articles translated: P %.3f R %.3f; all translated P %.3f R %.3f",
			acrossPart.precision(), acrossPart.recall(), acrossFull.precision(), acrossFull.recall())
	}
}

// TestMatchingWithoutTranslation: with nothing translated, the
// alternative takes found across languages (on names and numbers, at the
// lower cross-language threshold) are about the same story as often as
// translated ones are: pairwise precision 0.9 or better.
func TestMatchingWithoutTranslation(t *testing.T) {
	cat := testCatalog(t)
	_, across := evaluate(t, NewBuilder(cat, Options{}), untranslatedSet(t, loadLabelled(t, cat)))
	t.Logf("matching across countries untranslated: P %.3f R %.3f (tp %d fp %d fn %d)", across.precision(), across.recall(), across.tp, across.fp, across.fn)
	if across.precision() < 0.9 {
		t.Errorf("untranslated matching precision %.3f, want ≥ 0.9", across.precision())
	}
}
