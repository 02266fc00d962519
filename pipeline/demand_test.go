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

// A subscribed country publishing in several languages (India: English,
// Hindi and others) has the headlines of its other languages' stories
// planned first, headlines only, at its digest's priority: here each
// language tells one story, so one headline per language not English (a
// country publishing in one language has none: digest's
// TestGroupingReadsAreTheOtherLanguagesTopHeadlines).
func TestWantedByTranslatesAMultilingualCountrysHeadlinesFirst(t *testing.T) {
	cat, err := sources.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	co, ok := cat.Country("in")
	if !ok {
		t.Fatal("no India in the catalog")
	}
	at := time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC)
	var all []sources.Article
	other := map[string]string{} // article id → language
	langs := map[string]bool{}
	for k, site := range co.Sites {
		title := "ISRO launches Chandrayaan-4 lunar mission"
		if !strings.HasPrefix(site.Language, "en") {
			title = "चंद्रयान-4 का सफल प्रक्षेपण, इसरो ने रचा इतिहास"
			other[fmt.Sprintf("in-%d", k)] = site.Language
			langs[site.Language] = true
		}
		all = append(all, sources.Article{ID: fmt.Sprintf("in-%d", k), SiteID: site.ID, Country: "in", Language: site.Language,
			Title: title, OriginalTitle: title, Summary: title, OriginalSummary: title,
			URL: fmt.Sprintf("https://%s.example/1", site.ID), PublishedAt: at.Add(-time.Duration(k) * time.Minute)})
	}
	if len(other) == 0 || len(other) == len(all) {
		t.Fatalf("India's catalog has %d sites not in English of %d; the test needs both", len(other), len(all))
	}
	ix := digest.NewBuilder(cat, digest.Options{}).Index(all, at)
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
