package pipeline

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
)

// smallWorld is a window of three countries: France (subscribed),
// Germany and Japan, each with a few stories of several sites.
func smallWorld(t *testing.T) (*digest.Index, map[string]sources.Article) {
	t.Helper()
	cat, err := sources.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC)
	stories := map[string][]string{
		"fr": {"grève des cheminots contre la réforme des retraites", "séisme au Japon alerte au tsunami", "la BCE baisse ses taux"},
		"de": {"Streik der Lokführer legt Bahn lahm", "Erdbeben in Japan Tsunami Warnung", "EZB senkt Leitzins erneut"},
		"jp": {"宮城県沖で地震 津波警報", "日銀 金利据え置き", "新幹線 運転見合わせ"},
	}
	arts := map[string]sources.Article{}
	var all []sources.Article
	for _, country := range []string{"fr", "de", "jp"} {
		co, _ := cat.Country(country)
		for si, title := range stories[country] {
			for k, site := range co.Sites[:3] {
				a := sources.Article{
					ID: fmt.Sprintf("%s-%d-%d", country, si, k), SiteID: site.ID, Country: country, Language: site.Language,
					Title: title, OriginalTitle: title, Summary: title + " (" + site.Name + ")",
					URL:         fmt.Sprintf("https://%s.example/%d", site.ID, si),
					PublishedAt: at.Add(-time.Duration(si+k) * time.Hour),
				}
				a.OriginalSummary = a.Summary
				arts[a.ID] = a
				all = append(all, a)
			}
		}
	}
	return digest.NewBuilder(cat, digest.Options{}).Index(all, at), arts
}

func TestWantedByPutsSubscribedDigestsFirst(t *testing.T) {
	ix, arts := smallWorld(t)
	w := WantedBy(ix, Readers{Subscribed: []string{"fr"}, MatchStories: 2})
	if len(w.Shown) < 3 || len(w.OnDemand) != 0 {
		t.Fatalf("shown %d, on demand %d; want France's three stories shown", len(w.Shown), len(w.OnDemand))
	}
	for _, r := range w.Shown {
		if a := arts[r.ArticleID]; a.Country != "fr" && !r.TitleOnly {
			t.Errorf("shown in full: %s of %s, not France", r.ArticleID, a.Country)
		}
	}
	// Matching: the stories of Germany and Japan closest to France's,
	// then the best two of each, best story of each country first,
	// headlines only.
	if len(w.Matching) < 4 {
		t.Fatalf("matching %+v, want at least 2 stories × 2 countries", w.Matching)
	}
	for i, r := range w.Matching {
		if !r.TitleOnly || arts[r.ArticleID].Country == "fr" {
			t.Errorf("matching %d: %+v", i, r)
		}
	}
	tops := w.Matching[len(w.Matching)-4:]
	if arts[tops[0].ArticleID].Country == arts[tops[1].ArticleID].Country {
		t.Errorf("matching does not take each country's best story first: %+v", tops)
	}
	candidates := WantedBy(ix, Readers{Subscribed: []string{"fr"}}).Matching
	if len(candidates) != len(w.Matching)-4 {
		t.Errorf("%d candidates alone, %d with the top stories", len(candidates), len(w.Matching))
	}
	// Asking for Germany now moves it to on-demand and out of matching.
	w = WantedBy(ix, Readers{Asked: []string{"DE"}, Subscribed: []string{"fr", "de"}})
	for _, r := range w.OnDemand {
		if a := arts[r.ArticleID]; a.Country != "de" && !r.TitleOnly {
			t.Errorf("on demand in full: %s of %s", r.ArticleID, a.Country)
		}
	}
	for _, r := range append(w.Shown, w.Matching...) {
		if a := arts[r.ArticleID]; a.Country == "de" && !r.TitleOnly {
			t.Errorf("Germany's story %s planned twice", r.ArticleID)
		}
	}
	if got := WantedBy(ix, Readers{}); len(got.IDs()) != 0 {
		t.Errorf("nobody reading, yet %d articles wanted", len(got.IDs()))
	}
}

func TestDemandOfKeepsOnlyPendingArticles(t *testing.T) {
	ix, arts := smallWorld(t)
	w := WantedBy(ix, Readers{Subscribed: []string{"fr"}})
	pending := map[string]translate.Article{}
	for _, id := range w.IDs()[1:] { // the first is already translated
		a := arts[id]
		pending[id] = translate.Article{ID: id, Language: a.Language, Title: a.OriginalTitle, Summary: a.OriginalSummary}
	}
	rest := []translate.Article{{ID: "other", Language: "fr", Title: "x"}}
	d := DemandOf(w, pending, rest)
	if n := len(d.Shown) + len(d.Matching); n != len(w.IDs())-1 {
		t.Fatalf("%d needs for %d pending articles", n, len(w.IDs())-1)
	}
	for _, n := range d.Shown {
		if n.Article.ID == w.IDs()[0] {
			t.Fatalf("the translated article %s is planned again", n.Article.ID)
		}
	}
	if len(d.Rest) != 1 || d.Rest[0].ID != "other" {
		t.Fatalf("rest %+v", d.Rest)
	}
}

// indiaWindow is a window of India telling one story on every site of
// its catalog, in English and in its other languages; other maps the
// ids of the articles not in English to their language.
func indiaWindow(t *testing.T) (b *digest.Builder, all []sources.Article, other map[string]string, at time.Time) {
	t.Helper()
	cat, err := sources.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	co, ok := cat.Country("in")
	if !ok {
		t.Fatal("no India in the catalog")
	}
	at = time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC)
	other = map[string]string{}
	for k, site := range co.Sites {
		title := "ISRO launches Chandrayaan-4 lunar mission"
		if !strings.HasPrefix(site.Language, "en") {
			title = "चंद्रयान-4 का सफल प्रक्षेपण, इसरो ने रचा इतिहास"
			other[fmt.Sprintf("in-%d", k)] = site.Language
		}
		all = append(all, sources.Article{ID: fmt.Sprintf("in-%d", k), SiteID: site.ID, Country: "in", Language: site.Language,
			Title: title, OriginalTitle: title, Summary: title, OriginalSummary: title,
			URL: fmt.Sprintf("https://%s.example/1", site.ID), PublishedAt: at.Add(-time.Duration(k) * time.Minute)})
	}
	if len(other) == 0 || len(other) == len(all) {
		t.Fatalf("India's catalog has %d sites not in English of %d; the test needs both", len(other), len(all))
	}
	return digest.NewBuilder(cat, digest.Options{}), all, other, at
}

// A subscribed country publishing in several languages (India: English,
// Hindi and others) has the headlines of its other languages' stories
// planned first, headlines only, at its digest's priority: here each
// language tells one story, so one headline per language not English (a
// country publishing in one language has none: digest's
// TestGroupingReadsAreTheOtherLanguagesTopHeadlines).
func TestWantedByTranslatesAMultilingualCountrysHeadlinesFirst(t *testing.T) {
	b, all, other, at := indiaWindow(t)
	langs := map[string]bool{}
	for _, l := range other {
		langs[l] = true
	}
	ix := b.Index(all, at)
	for _, w := range []struct {
		name  string
		reads []digest.Read
	}{
		{"subscribed", WantedBy(ix, Readers{Subscribed: []string{"IN"}}).Shown},
		{"asked", WantedBy(ix, Readers{Asked: []string{"in"}}).OnDemand},
	} {
		if len(w.reads) < len(langs) {
			t.Fatalf("%s: %d reads, want a headline in each of India's %d languages not English first", w.name, len(w.reads), len(langs))
		}
		seen := map[string]bool{}
		for i, r := range w.reads[:len(langs)] {
			l, ok := other[r.ArticleID]
			if !ok || !r.TitleOnly || seen[l] {
				t.Errorf("%s: read %d is %s (title only %v), want the headline of another language not English", w.name, i, r.ArticleID, r.TitleOnly)
			}
			seen[l] = true
		}
	}
}

// A story of a multilingual country already merged with its English
// telling on a translated article needs no other headline translated for
// grouping: as it grows, another article may come to head it, and
// translating that one's headline as well would pay again for a story
// already merged.
func TestWantedByTranslatesAStorysGroupingHeadlineOnce(t *testing.T) {
	b, all, other, at := indiaWindow(t)
	ix := b.Index(all, at)
	first := map[string]bool{}
	for _, r := range WantedBy(ix, Readers{Subscribed: []string{"in"}}).Shown {
		if _, ok := other[r.ArticleID]; ok && r.TitleOnly {
			first[r.ArticleID] = true
		}
	}
	// Translate another article of each story than its headline's, as
	// when a story's head changed since its headline was translated.
	done := map[string]bool{}
	for i, a := range all {
		l, ok := other[a.ID]
		if !ok || first[a.ID] || done[l] {
			continue
		}
		done[l] = true
		all[i].Title = "ISRO launches Chandrayaan-4 lunar mission" // its headline alone, as grouping translates it
	}
	if len(done) == 0 {
		t.Fatal("no story of India has an article besides its headline's to translate")
	}
	ix = b.Index(all, at)
	for _, r := range WantedBy(ix, Readers{Subscribed: []string{"in"}}).Shown {
		if l, ok := other[r.ArticleID]; ok && done[l] && r.TitleOnly && first[r.ArticleID] {
			t.Errorf("%s's story merged on a translated article, yet its headline %s is planned for grouping", l, r.ArticleID)
		}
	}
	merged := false
	for _, st := range ix.Digest("in").Stories {
		langs := map[string]bool{}
		for _, src := range st.Sources {
			langs[translate.Primary(src.Language)] = true
		}
		n := 0
		for l := range done {
			if langs[l] {
				n++
			}
		}
		merged = merged || (langs["en"] && n == len(done))
	}
	if !merged {
		t.Errorf("no story of India tells it in English and in %d languages merged on their translated articles", len(done))
	}
}

// A chat subscribed to the world edition, or a person asking for it, has
// what the edition shows translated: its stories' headlines and takes.
func TestWantedByTheWorldEditionIsWhatItShows(t *testing.T) {
	ix, _ := smallWorld(t)
	want := ix.WorldReads()
	if len(want) == 0 {
		t.Fatal("the small world has no world edition")
	}
	if got := WantedBy(ix, Readers{Subscribed: []string{digest.WorldCode}}).Shown; !slices.Equal(got, want) {
		t.Errorf("subscribed to the world: shown %+v, want %+v", got, want)
	}
	if got := WantedBy(ix, Readers{Asked: []string{"World"}}).OnDemand; !slices.Equal(got, want) {
		t.Errorf("asking for the world: on demand %+v, want %+v", got, want)
	}
}
