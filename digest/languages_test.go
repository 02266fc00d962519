package digest

import (
	"slices"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// A country publishing in two languages tells a story covered in both
// as one story once the headlines GroupingReads asks for are translated,
// and keeps its other stories apart: a Hindi story nobody tells in
// English stays its own, not merged into an English one.
func TestLanguagesOfACountryMergeOnTranslatedHeadlines(t *testing.T) {
	at := labelledAt
	english := map[string]string{
		"h1": "ISRO launches Chandrayaan-4 mission to the Moon",
		"h2": "Chandrayaan-4 mission launched, ISRO makes history",
		"h3": "Heavy rain floods Delhi",
		"h4": "Floods in Delhi after heavy rain",
	}
	arts := []sources.Article{
		article("e1", "toi", "in", "ISRO launches Chandrayaan-4 mission to the Moon", at.Add(-1*time.Hour)),
		article("e2", "hindu", "in", "Chandrayaan-4 lifts off as ISRO launches Moon mission", at.Add(-2*time.Hour)),
		article("e3", "toi", "in", "India beat Australia in cricket World Cup semi-final", at.Add(-3*time.Hour)),
		article("e4", "ndtv", "in", "Cricket World Cup: India beat Australia in semi-final", at.Add(-4*time.Hour)),
		hindi("h1", "bhaskar", "इसरो ने चंद्रयान-4 मिशन लॉन्च किया", at.Add(-1*time.Hour)),
		hindi("h2", "jagran", "चंद्रयान-4 मिशन लॉन्च, इसरो ने रचा इतिहास", at.Add(-2*time.Hour)),
		hindi("h3", "bhaskar", "दिल्ली में भारी बारिश से बाढ़", at.Add(-3*time.Hour)),
		hindi("h4", "amarujala", "दिल्ली में बाढ़, भारी बारिश", at.Add(-4*time.Hour)),
	}
	b := NewBuilder(testCatalog(t), Options{})
	ix := b.Index(arts, at)
	if got := len(ix.Digest("in").Stories); got != 4 {
		t.Fatalf("untranslated: %d stories, want 4 (each language's two)", got)
	}
	reads := ix.GroupingReads("in")
	if len(reads) != 2 {
		t.Fatalf("grouping needs %d headlines, want one of each Hindi story", len(reads))
	}
	for _, r := range reads {
		i := slices.IndexFunc(arts, func(a sources.Article) bool { return a.ID == r.ArticleID })
		arts[i].Title = english[r.ArticleID]
	}
	d := b.Index(arts, at).Digest("in")
	if len(d.Stories) != 3 {
		t.Fatalf("with the grouping headlines translated: %d stories, want 3", len(d.Stories))
	}
	for _, st := range d.Stories {
		langs := map[string]bool{}
		for _, s := range st.Sources {
			langs[s.Language] = true
		}
		moon := slices.ContainsFunc(st.Sources, func(s Source) bool { return s.SiteID == "jagran" })
		if moon != (len(langs) == 2) || (moon && len(st.Sources) != 4) {
			t.Errorf("story %q: %d sources in %d languages", st.Headline, len(st.Sources), len(langs))
		}
	}
}

// hindi is an untranslated Hindi article whose summary repeats its title.
func hindi(id, site, title string, at time.Time) sources.Article {
	a := article(id, site, "in", title, at)
	a.Language, a.Summary, a.OriginalSummary = "hi", title, title
	return a
}
