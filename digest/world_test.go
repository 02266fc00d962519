package digest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// labelCountries maps each labelled story to the countries whose press
// carries it, and each article URL to its story.
func labelCountries(ls []labelled) (map[string]map[string]bool, map[string]string) {
	countries, label := map[string]map[string]bool{}, map[string]string{}
	for _, l := range ls {
		if countries[l.story] == nil {
			countries[l.story] = map[string]bool{}
		}
		countries[l.story][l.art.Country] = true
		label[l.art.URL] = l.story
	}
	return countries, label
}

// TestWorldEditionOnLabelledSet: the world edition's stories are the
// labelled stories covered by the most countries, each with its true
// number of countries and one headline per country; overlooked stories
// are carried by several sites of one country and by no other; no story
// appears twice.
func TestWorldEditionOnLabelledSet(t *testing.T) {
	cat := testCatalog(t)
	ls := loadLabelled(t, cat)
	truth, label := labelCountries(ls)
	w := NewBuilder(cat, Options{}).Index(articlesOf(ls), labelledAt).World()

	var want []int // the largest country counts of the labelled stories
	for s, cs := range truth {
		if !strings.HasPrefix(s, "x-") && len(cs) > 1 {
			want = append(want, len(cs))
		}
	}
	slices.Sort(want)
	slices.Reverse(want)
	if len(w.Stories) != 8 {
		t.Fatalf("world edition has %d stories, want 8 (Options.Stories)", len(w.Stories))
	}
	seen := map[string]bool{}
	var got []int
	for i, s := range w.Stories {
		story := label[s.Coverage[0].URL]
		if seen[story] {
			t.Errorf("story %d %q: %s appears twice", i, s.Headline, story)
		}
		seen[story] = true
		countries := map[string]bool{}
		for _, c := range s.Coverage {
			if label[c.URL] != story {
				t.Errorf("story %q (%s): %s's headline %q is about %s", s.Headline, story, c.CountryName, c.Headline, label[c.URL])
			}
			if countries[c.Country] {
				t.Errorf("story %q: two headlines from %s", s.Headline, c.Country)
			}
			countries[c.Country] = true
			if c.CountryName == "" || c.Source == "" || c.Headline == "" || c.URL == "" {
				t.Errorf("story %q: incomplete coverage %+v", s.Headline, c)
			}
		}
		if s.Countries != len(truth[story]) || len(s.Coverage) != s.Countries {
			t.Errorf("story %q (%s): %d countries, %d headlines; the labelled set has %d", s.Headline, story, s.Countries, len(s.Coverage), len(truth[story]))
		}
		if s.Take == "" {
			t.Errorf("story %q has no take", s.Headline)
		}
		got = append(got, s.Countries)
	}
	if !slices.Equal(got, want[:len(got)]) {
		t.Errorf("country counts of the world's stories = %v, want the largest of the labelled set %v", got, want[:len(got)])
	}
	if len(w.Overlooked) == 0 {
		t.Fatal("no overlooked stories")
	}
	for _, o := range w.Overlooked {
		story := label[o.Story.Sources[0].URL]
		if seen[story] {
			t.Errorf("overlooked %q (%s) appears twice", o.Story.Headline, story)
		}
		seen[story] = true
		if len(truth[story]) != 1 || !truth[story][o.Country] {
			t.Errorf("overlooked %q (%s) is covered by %d countries", o.Story.Headline, story, len(truth[story]))
		}
		if len(o.Story.Sources) < 2 {
			t.Errorf("overlooked %q has %d sources, want ≥ 2", o.Story.Headline, len(o.Story.Sources))
		}
	}
}

// fixedSummarizer answers every story with the same text.
type fixedSummarizer struct{ text string }

func (f fixedSummarizer) Summarize(_ context.Context, in SummaryInput) (string, error) {
	if len(in.Texts) < 2 {
		return "", context.Canceled
	}
	return f.text, nil
}

// TestServiceWorldTakeFromSummarizer: with a Summarizer the world's take
// is its synthesis of the countries' coverage, and the edition is built
// once per interval.
func TestServiceWorldTakeFromSummarizer(t *testing.T) {
	cat := testCatalog(t)
	arts := &memArticles{arts: articlesOf(loadLabelled(t, cat))}
	s := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Summarizer: fixedSummarizer{"The world agrees."},
		Now: func() time.Time { return labelledAt }}
	w, err := s.World(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range w.Stories {
		if st.Take != "The world agrees." {
			t.Errorf("take of %q = %q, want the summarizer's", st.Headline, st.Take)
		}
	}
	if _, err := s.World(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := arts.calls.Load(); n != 1 {
		t.Errorf("articles loaded %d times for two world editions in one interval, want 1", n)
	}
}

// TestGoldenWorld compares the world edition of the labelled set, in
// every output format, with reviewed golden files.
func TestGoldenWorld(t *testing.T) {
	cat := testCatalog(t)
	w := NewBuilder(cat, Options{Stories: 5}).Index(articlesOf(loadLabelled(t, cat)), labelledAt).World()
	golden(t, "world.json.golden", jsonOf(t, w))
	golden(t, "world.txt.golden", []byte(w.Text()))
	golden(t, "world.md.golden", []byte(w.Markdown()))
}

// TestWorldAsDigest: in a digest's shape, each world story keeps its
// headline with the number of countries, its take, and one headline per
// country (the widest-covering as the source, the others as takes).
func TestWorldAsDigest(t *testing.T) {
	cat := testCatalog(t)
	w := NewBuilder(cat, Options{}).Index(articlesOf(loadLabelled(t, cat)), labelledAt).World()
	d := w.AsDigest()
	if d.Country != WorldCode || d.Date != w.Date || len(d.Stories) != len(w.Stories) || d.Scarcity() != "" {
		t.Fatalf("AsDigest: country %q date %q, %d stories (want %d), scarcity %q", d.Country, d.Date, len(d.Stories), len(w.Stories), d.Scarcity())
	}
	for i, st := range d.Stories {
		ws := w.Stories[i]
		if !strings.HasPrefix(st.Headline, ws.Headline) || !strings.HasSuffix(st.Headline, fmt.Sprintf("(%d countries)", ws.Countries)) || st.Summary != ws.Take {
			t.Errorf("story %d: %q / %q", i, st.Headline, st.Summary)
		}
		if len(st.Sources) != 1 || st.Sources[0].URL != ws.Coverage[0].URL || len(st.AlternativeTakes) != ws.Countries-1 {
			t.Errorf("story %d: %d sources, %d takes for %d countries", i, len(st.Sources), len(st.AlternativeTakes), ws.Countries)
		}
		for j, tk := range st.AlternativeTakes {
			if c := ws.Coverage[j+1]; tk.CountryName != c.CountryName || tk.Headline != c.Headline {
				t.Errorf("story %d take %d = %+v, want %s's headline", i, j, tk, c.CountryName)
			}
		}
	}
}

// TestServiceDigestOfWorld: the Service's digest of WorldCode is the
// world edition in a digest's shape, now and at a past time.
func TestServiceDigestOfWorld(t *testing.T) {
	cat := testCatalog(t)
	arts := &memArticles{arts: articlesOf(loadLabelled(t, cat))}
	s := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Now: func() time.Time { return labelledAt }}
	w, err := s.World(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, get := range []func() (Digest, error){
		func() (Digest, error) { return s.Digest(context.Background(), "World") },
		func() (Digest, error) { return s.DigestAt(context.Background(), WorldCode, labelledAt) },
	} {
		d, err := get()
		if err != nil {
			t.Fatal(err)
		}
		if d.Country != WorldCode || len(d.Stories) != len(w.Stories) || d.Stories[0].Summary != w.Stories[0].Take {
			t.Errorf("digest of the world: %q with %d stories, want the world edition's %d", d.Country, len(d.Stories), len(w.Stories))
		}
	}
}

// A world edition whose texts were just translated (Forget(WorldCode))
// is built again from the articles as they are now, within the interval.
func TestServiceWorldBuiltAgainWhenForgotten(t *testing.T) {
	cat := testCatalog(t)
	ls := untranslatedSet(t, loadLabelled(t, cat))
	arts := &memArticles{arts: articlesOf(ls)}
	now := labelledAt
	s := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Interval: 30 * time.Minute, Now: func() time.Time { return now }}
	ctx := context.Background()
	w, err := s.World(ctx)
	if err != nil || len(w.Stories) == 0 {
		t.Fatalf("world edition: %d stories, %v", len(w.Stories), err)
	}
	orig := w.Stories[0].Coverage[0].Headline
	for i, a := range arts.arts { // the translation lands
		if clean(a.Title) == orig {
			arts.arts[i].Title = "Translated: " + a.Title
		}
	}
	now = now.Add(time.Minute)
	if again, _ := s.World(ctx); again.Stories[0].Coverage[0].Headline != orig {
		t.Fatalf("within the interval the edition was built again before being forgotten")
	}
	s.Forget(WorldCode)
	now = now.Add(time.Second)
	got, err := s.World(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, st := range got.Stories {
		for _, c := range st.Coverage {
			found = found || c.Headline == clean("Translated: "+orig)
		}
	}
	if !found {
		t.Errorf("forgotten world edition still shows %q untranslated", orig)
	}
}

// TestEmptyWorldSaysWhy: an edition without a story says whether no
// country, one, or several were read, and, for a past window, which
// window it looked at instead of "the last 24 hours".
func TestEmptyWorldSaysWhy(t *testing.T) {
	end := time.Date(2017, 1, 7, 23, 59, 59, 0, time.UTC)
	for _, tc := range []struct {
		w    World
		want string
	}{
		{World{Countries: 0, Window: 24 * time.Hour, GeneratedAt: end}, "No country's press has articles in the last 24 hours."},
		{World{Countries: 1, Window: 24 * time.Hour, GeneratedAt: end}, "Only one country's press has articles in the last 24 hours; a world story needs two."},
		{World{Countries: 3, Window: 24 * time.Hour, GeneratedAt: end, Past: true}, "No story is covered by two of the 3 countries read in the 24 hours to 2017-01-07 23:59 UTC."},
		{World{Countries: 0, Window: 24 * time.Hour, GeneratedAt: end, Past: true}, "No country's press has articles in the 24 hours to 2017-01-07 23:59 UTC."},
	} {
		if text, md := tc.w.Text(), tc.w.Markdown(); !strings.Contains(text, tc.want) || !strings.Contains(md, tc.want) {
			t.Errorf("%d countries, past %v: text %q, markdown %q; want %q", tc.w.Countries, tc.w.Past, text, md, tc.want)
		}
	}
}
