package digest

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./digest -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./digest -update rewrites it):\n--- got\n%s", name, got)
	}
}

func jsonOf(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGoldenDigests builds whole digests of the labelled set and compares
// them, in every output format, with reviewed golden files.
func TestGoldenDigests(t *testing.T) {
	cat := testCatalog(t)
	ix := NewBuilder(cat, Options{Stories: 5}).Index(articlesOf(loadLabelled(t, cat)), labelledAt)
	for _, c := range []string{"fr", "de", "jp", "ng", "kr", "us", "gb"} {
		t.Run(c, func(t *testing.T) {
			d := ix.Digest(c)
			golden(t, c+".json.golden", jsonOf(t, d))
			golden(t, c+".txt.golden", []byte(d.Text()))
		})
	}
	golden(t, "fr.md.golden", []byte(ix.Digest("fr").Markdown()))
}

// TestDigestFacts checks, on the labelled set, what the golden files show
// to a reader: the biggest story leads, blindspots are the domestic
// stories, takes come from distinct other countries.
func TestDigestFacts(t *testing.T) {
	cat := testCatalog(t)
	ix := NewBuilder(cat, Options{}).Index(articlesOf(loadLabelled(t, cat)), labelledAt)

	fr := ix.Digest("fr")
	if fr.Date != "2026-03-10" || fr.CountryName != "France" || len(fr.Stories) == 0 {
		t.Fatalf("fr digest: date %q name %q, %d stories", fr.Date, fr.CountryName, len(fr.Stories))
	}
	if !strings.Contains(strings.ToLower(fr.Stories[0].Headline), "pension") || len(fr.Stories[0].Sources) != 5 {
		t.Errorf("fr top story = %q with %d sources, want the pension strike carried by all 5 sites", fr.Stories[0].Headline, len(fr.Stories[0].Sources))
	}
	blind := map[string]bool{}
	for _, c := range []string{"fr", "de", "kr", "ng", "es", "jp", "mx", "br", "us", "gb"} {
		for _, s := range ix.Digest(c).Stories {
			if s.Blindspot {
				blind[c+": "+s.Headline] = true
			}
			seen := map[string]bool{c: true}
			if len(s.AlternativeTakes) > 3 {
				t.Errorf("%s %q: %d takes, want ≤ 3", c, s.Headline, len(s.AlternativeTakes))
			}
			for _, tk := range s.AlternativeTakes {
				if seen[tk.Country] {
					t.Errorf("%s %q: take from %s repeats a country or is domestic", c, s.Headline, tk.Country)
				}
				seen[tk.Country] = true
			}
			if c == "us" || c == "gb" {
				if s.Blindspot {
					t.Errorf("%s %q is marked as a blindspot of the US/UK press itself", c, s.Headline)
				}
			}
		}
	}
	for _, want := range []string{"seoul", "petrol", "reshuffle", "gdl", "rent", "judiciary"} {
		found := false
		for h := range blind {
			if strings.Contains(strings.ToLower(h), want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no blindspot about %q; blindspots: %v", want, blind)
		}
	}
	for h := range blind {
		for _, covered := range []string{"earthquake", "ecb", "interest", "gaza", "venice", "shooting", "louvre"} {
			if strings.Contains(strings.ToLower(h), covered) {
				t.Errorf("%q is marked as a blindspot, but US/UK outlets cover it", h)
			}
		}
	}
	jp := ix.Digest("jp")
	var quake *Story
	for i, s := range jp.Stories {
		if strings.Contains(strings.ToLower(s.Headline), "earthquake") {
			quake = &jp.Stories[i]
			break
		}
	}
	if quake == nil || len(quake.AlternativeTakes) != 3 {
		t.Fatalf("jp earthquake story %+v, want one with 3 alternative takes", quake)
	}
}

// TestDeterminism: the same articles in any order give the same digest.
func TestDeterminism(t *testing.T) {
	cat := testCatalog(t)
	arts := articlesOf(loadLabelled(t, cat))
	b := NewBuilder(cat, Options{})
	want := map[string]Digest{}
	countries := []string{"fr", "de", "jp", "us", "gb", "es", "in", "br", "ru", "it"}
	for _, c := range countries {
		want[c] = b.Build(c, arts, labelledAt)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 5 {
		shuffled := append([]sources.Article(nil), arts...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		// Duplicates of already listed articles must not change anything either.
		shuffled = append(shuffled, shuffled[:10]...)
		ix := b.Index(shuffled, labelledAt)
		for _, c := range countries {
			if got := ix.Digest(c); !reflect.DeepEqual(got, want[c]) {
				t.Fatalf("round %d: %s digest differs after shuffling:\n%s\nvs\n%s", round, c, got.Text(), want[c].Text())
			}
		}
	}
}

func article(id, site, country, title string, at time.Time) sources.Article {
	return sources.Article{ID: id, SiteID: site, Country: country, Language: "en", Title: title, OriginalTitle: title,
		URL: "https://" + site + ".example/" + id, PublishedAt: at}
}

func TestEdgeCases(t *testing.T) {
	cat := testCatalog(t)
	b := NewBuilder(cat, Options{})
	at := labelledAt

	t.Run("no articles", func(t *testing.T) {
		d := b.Build("td", nil, at)
		if len(d.Stories) != 0 || d.Articles != 0 {
			t.Fatalf("got %d stories from %d articles", len(d.Stories), d.Articles)
		}
		if got := d.Scarcity(); got != "No articles from TD's press in the last 24 hours." {
			t.Errorf("Scarcity() = %q", got)
		}
		if out := jsonOf(t, d); !bytes.Contains(out, []byte(`"stories": []`)) {
			t.Errorf("JSON of an empty digest lacks an empty stories list:\n%s", out)
		}
	})
	t.Run("one article", func(t *testing.T) {
		a := article("a1", "lemonde", "fr", "Only story of the day", at.Add(-time.Hour))
		a.Summary = "Something happened. Then something else happened."
		d := b.Build("fr", []sources.Article{a}, at)
		if len(d.Stories) != 1 || d.Stories[0].Headline != a.Title || d.Stories[0].Summary != a.Summary || d.Stories[0].Blindspot {
			t.Fatalf("story = %+v", d.Stories)
		}
		if got := d.Scarcity(); got != "Only 1 article from France's press in the last 24 hours." {
			t.Errorf("Scarcity() = %q", got)
		}
	})
	t.Run("all from one site", func(t *testing.T) {
		arts := []sources.Article{
			article("b1", "bbc", "gb", "Storm Ciaran brings 90mph winds to southern England", at.Add(-1*time.Hour)),
			article("b2", "bbc", "gb", "Storm Ciaran: 90mph winds batter southern England", at.Add(-2*time.Hour)),
			article("b3", "bbc", "gb", "Storm Ciaran brings 90mph winds to southern England", at.Add(-3*time.Hour)),
			article("b4", "bbc", "gb", "Chancellor unveils autumn budget", at.Add(-4*time.Hour)),
		}
		d := b.Build("gb", arts, at)
		if len(d.Stories) != 2 {
			t.Fatalf("got %d stories, want 2 (near-duplicates collapse):\n%s", len(d.Stories), d.Text())
		}
		if len(d.Stories[0].Sources) != 1 || d.Stories[0].Sources[0].URL != "https://bbc.example/b1" {
			t.Errorf("the storm story lists %+v, want the one newest BBC article", d.Stories[0].Sources)
		}
	})
	t.Run("identical titles on unrelated days", func(t *testing.T) {
		wide := NewBuilder(cat, Options{Window: 10 * 24 * time.Hour})
		arts := []sources.Article{
			article("c1", "lemonde", "fr", "Météo : alerte orange aux orages", at.Add(-1*time.Hour)),
			article("c2", "lefigaro", "fr", "Météo : alerte orange aux orages", at.Add(-6*24*time.Hour)),
		}
		if d := wide.Build("fr", arts, at); len(d.Stories) != 2 {
			t.Fatalf("got %d stories, want 2: the same headline six days apart is two events", len(d.Stories))
		}
		if d := b.Build("fr", arts, at); d.Articles != 1 {
			t.Errorf("24h window counted %d articles, want 1", d.Articles)
		}
	})
	t.Run("very long titles", func(t *testing.T) {
		long := strings.Repeat("Parliament debates the extraordinarily long and detailed budget amendment ", 40)
		a := article("d1", "spiegel", "de", long, at.Add(-time.Hour))
		a.OriginalTitle = long
		a.Summary = strings.Repeat("word ", 500)
		d := b.Build("de", []sources.Article{a, article("d2", "zeit", "de", long+" again", at.Add(-2*time.Hour))}, at)
		if len(d.Stories) != 1 {
			t.Fatalf("got %d stories, want 1", len(d.Stories))
		}
		s := d.Stories[0]
		if n := len([]rune(s.Headline)); n > maxHeadline {
			t.Errorf("headline has %d characters, want ≤ %d", n, maxHeadline)
		}
		if n := len([]rune(s.Summary)); n > maxSummary || !strings.HasSuffix(s.Summary, "…") {
			t.Errorf("summary has %d characters (want ≤ %d, cut with …): %q", n, maxSummary, s.Summary)
		}
	})
	t.Run("future and too old articles are outside the window", func(t *testing.T) {
		arts := []sources.Article{
			article("e1", "nhk", "jp", "Tomorrow's news", at.Add(time.Hour)),
			article("e2", "nhk", "jp", "Old news", at.Add(-25*time.Hour)),
		}
		if d := b.Build("jp", arts, at); d.Articles != 0 {
			t.Errorf("counted %d articles, want 0", d.Articles)
		}
	})
}

func TestSummarise(t *testing.T) {
	for _, tc := range []struct{ summary, title, want string }{
		{"", "T", ""},
		{"Same as title", "same as title", ""},
		{"PARIS (AFP) - The strike goes on. More below.", "x", "The strike goes on. More below."},
		{"A lead sentence.  The post Foo appeared first on Bar.", "x", "A lead sentence."},
		{strings.Repeat("First sentence is short. ", 3) + strings.Repeat("long ", 80), "x",
			"First sentence is short. First sentence is short. First sentence is short."},
	} {
		if got := summarise(tc.summary, tc.title); got != tc.want {
			t.Errorf("summarise(%q) = %q, want %q", tc.summary, got, tc.want)
		}
	}
}

func TestSiteWeightAndRecencyRank(t *testing.T) {
	cat := testCatalog(t)
	at := labelledAt
	arts := []sources.Article{
		article("w1", "lemonde", "fr", "Storm floods Brittany villages", at.Add(-2*time.Hour)),
		article("w2", "lefigaro", "fr", "Brittany villages flooded by storm", at.Add(-2*time.Hour)),
		article("w3", "liberation", "fr", "Senate rejects immigration bill", at.Add(-2*time.Hour)),
		article("w4", "ouestfrance", "fr", "Immigration bill rejected by the Senate", at.Add(-2*time.Hour)),
	}
	first := func(b *Builder) string { return b.Build("fr", arts, at).Stories[0].Headline }
	b := NewBuilder(cat, Options{})
	base := first(b)
	heavy := NewBuilder(cat, Options{})
	for id, s := range heavy.Sites {
		if id == "liberation" || id == "ouestfrance" {
			s.Weight = 2
			heavy.Sites[id] = s
		}
	}
	if got := first(heavy); !strings.Contains(got, "Senate") && !strings.Contains(got, "Immigration") {
		t.Errorf("with the immigration story's sites weighted 2, the top story is %q (was %q)", got, base)
	}
	arts[2].PublishedAt, arts[3].PublishedAt = at.Add(-20*time.Hour), at.Add(-20*time.Hour)
	if got := first(b); !strings.Contains(got, "Brittany") {
		t.Errorf("an equally broad but fresher story should lead; got %q", got)
	}
}
