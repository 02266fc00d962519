package digest

import (
	"strings"
	"testing"
)

// indexOf indexes the articles of ls, returning them by id too.
func indexOf(t testing.TB, ls []labelled) (*Index, map[string]labelled) {
	t.Helper()
	byID := map[string]labelled{}
	for _, l := range ls {
		byID[l.art.ID] = l
	}
	return NewBuilder(testCatalog(t), Options{}).Index(articlesOf(ls), labelledAt), byID
}

// Every text a digest shows comes from an article Reads lists: headlines
// and summaries in full, takes by headline only.
func TestReadsCoverWhatTheDigestShows(t *testing.T) {
	ix, byID := indexOf(t, loadLabelled(t, testCatalog(t)))
	for _, country := range []string{"fr", "jp", "de", "us"} {
		titles, summaries, takes := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, r := range ix.Reads(country) {
			a := byID[r.ArticleID].art
			if r.TitleOnly {
				takes[clean(a.Title)] = true
				continue
			}
			titles[clean(a.Title)] = true
			summaries[summarise(a.Summary, a.Title)] = true
		}
		d := ix.Digest(country)
		if len(d.Stories) == 0 {
			t.Fatalf("%s: no stories", country)
		}
		nTakes := 0
		for _, s := range d.Stories {
			if !titles[s.Headline] {
				t.Errorf("%s: headline %q comes from no listed article", country, s.Headline)
			}
			if s.Summary != "" && !summaries[s.Summary] {
				t.Errorf("%s: summary %q comes from no listed article", country, s.Summary)
			}
			for _, tk := range s.AlternativeTakes {
				nTakes++
				if !takes[tk.Headline] {
					t.Errorf("%s: take %q comes from no listed article", country, tk.Headline)
				}
			}
		}
		if top := ix.TopStories(country, 3); len(top) != min(3, len(d.Stories)) || clean(byID[top[0]].art.Title) != d.Stories[0].Headline {
			t.Errorf("%s: top stories %v do not start with the digest's first story", country, top)
		}
		t.Logf("%s: %d stories, %d takes, %d articles to translate", country, len(d.Stories), nTakes, len(ix.Reads(country)))
	}
}

// Untranslated, other countries' coverage of a story is found among its
// match candidates by the names and numbers their texts share.
func TestMatchCandidatesFindCoverageBeforeTranslation(t *testing.T) {
	cat := testCatalog(t)
	ls := untranslatedSet(t, loadLabelled(t, cat))
	ix := NewBuilder(cat, Options{}).Index(articlesOf(ls), labelledAt)
	story := map[string]string{}
	country := map[string]string{}
	for _, l := range ls {
		story[l.art.ID], country[l.art.ID] = l.story, l.art.Country
	}
	tops := map[string]bool{}
	for _, id := range ix.TopStories("fr", 8) {
		tops[story[id]] = true
	}
	right := 0
	cands := ix.MatchCandidates("fr", 5, 0.05)
	for _, id := range cands {
		if country[id] == "fr" {
			t.Errorf("candidate %s is French", id)
		}
		if tops[story[id]] && !strings.HasPrefix(story[id], "x-") {
			right++
		}
	}
	t.Logf("%d candidates for France's stories, %d of them about one of its top stories", len(cands), right)
	if right == 0 || right*2 < len(cands) {
		t.Errorf("%d of %d candidates cover one of France's top stories", right, len(cands))
	}
}

// A country publishing in several languages needs translated, for
// grouping, the headlines of its other languages' best stories only: each
// a Hindi story's headline article, at most groupingDepth digests' worth;
// a country publishing in one needs none, and English articles are never
// listed.
func TestGroupingReadsAreTheOtherLanguagesTopHeadlines(t *testing.T) {
	ix, byID := indexOf(t, untranslatedSet(t, loadLabelled(t, testCatalog(t))))
	for _, c := range []string{"fr", "jp", "de", "us"} {
		if got := ix.GroupingReads(c); len(got) != 0 {
			t.Errorf("%s publishes in one language, yet grouping needs %d headlines", c, len(got))
		}
	}
	reps := map[string]bool{}
	hindiStories := 0
	for _, c := range ix.langCl["in"] {
		if a := ix.arts[c.members[0]]; primaryTag(a.Language) == "hi" {
			reps[a.ID] = true
			hindiStories++
		}
	}
	got := ix.GroupingReads("IN")
	if want := min(hindiStories, groupingDepth*ix.o.Stories); hindiStories == 0 || len(got) != want {
		t.Fatalf("India: grouping needs %d headlines, want the %d best of its %d Hindi stories", len(got), want, hindiStories)
	}
	for _, r := range got {
		if a := byID[r.ArticleID].art; !r.TitleOnly || !reps[r.ArticleID] {
			t.Errorf("India: grouping needs %s (%s), title only %v, not a Hindi story's headline", a.SiteID, a.Language, r.TitleOnly)
		}
	}
}

// Every text the world edition shows comes from an article WorldReads
// lists: coverage headlines (headline only), takes and overlooked
// stories in full.
func TestWorldReadsCoverWhatTheWorldEditionShows(t *testing.T) {
	ix, byID := indexOf(t, loadLabelled(t, testCatalog(t)))
	headlines, full := map[string]bool{}, map[string]bool{}
	for _, r := range ix.WorldReads() {
		a := byID[r.ArticleID].art
		headlines[clean(a.Title)] = true
		if !r.TitleOnly {
			full[summarise(a.Summary, a.Title)] = true
		}
	}
	w := ix.World()
	if len(w.Stories) == 0 || len(w.Overlooked) == 0 {
		t.Fatalf("world edition of %d stories and %d overlooked; the test needs both", len(w.Stories), len(w.Overlooked))
	}
	for _, st := range w.Stories {
		for _, c := range st.Coverage {
			if !headlines[c.Headline] {
				t.Errorf("coverage headline %q comes from no listed article", c.Headline)
			}
		}
		if st.Take != "" && !full[st.Take] {
			t.Errorf("take %q comes from no listed article", st.Take)
		}
	}
	for _, o := range w.Overlooked {
		if !headlines[o.Story.Headline] {
			t.Errorf("overlooked headline %q comes from no listed article", o.Story.Headline)
		}
		if o.Story.Summary != "" && !full[o.Story.Summary] {
			t.Errorf("overlooked summary %q comes from no listed article", o.Story.Summary)
		}
	}
}
