package sources

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// twoSiteCountries are the countries with only two sites, because the
// public feed lists carry no more national outlets for them (Timor-Leste's
// press is small, and the lists hold only Oman's wire and one daily).
var twoSiteCountries = map[string]bool{"tl": true, "om": true}

func TestDefaultCatalogMeetsCounts(t *testing.T) {
	c, err := DefaultCatalog()
	if err != nil {
		t.Fatalf("DefaultCatalog: %v", err)
	}
	if n := len(c.Countries); n < 100 {
		t.Errorf("countries = %d, want at least 100", n)
	}
	sites := c.Sites()
	if n := len(sites); n < 500 {
		t.Errorf("sites = %d, want at least 500", n)
	}
	for _, co := range c.Countries {
		if !IsISOCountryCode(co.Code) {
			t.Errorf("country %q: not an ISO 3166-1 alpha-2 code", co.Code)
		}
		min := 3
		if twoSiteCountries[co.Code] {
			min = 2
		}
		if len(co.Sites) < min {
			t.Errorf("country %s: %d sites, want at least %d", co.Code, len(co.Sites), min)
		}
		if len(co.Regions) == 0 {
			t.Errorf("country %s: no region, so /countries REGION would never list it", co.Code)
		}
	}
	for _, code := range []string{"us", "gb"} {
		co, ok := c.Country(code)
		if !ok {
			t.Fatalf("country %s missing", code)
		}
		if len(co.Sites) < 4 {
			t.Errorf("country %s: %d sites, want at least 4 for blindspot detection", code, len(co.Sites))
		}
	}
	for _, s := range sites {
		if s.Country == "" {
			t.Errorf("site %s: Country not filled", s.ID)
		}
	}
	t.Logf("embedded catalog: %d countries, %d sites", len(c.Countries), len(sites))
}

func TestDefaultCatalogHasEssentialOutlets(t *testing.T) {
	c, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"lemonde": "fr", "nhk": "jp", "asahi": "jp", "mainichi": "jp",
		"tass": "ru", "ria": "ru", "kommersant": "ru", "meduza": "ru",
		"pravda-ua": "ua", "suspilne": "ua",
		"nytimes": "us", "washingtonpost": "us", "npr": "us", "cnn": "us", "foxnews": "us", "apnews": "us",
		"bbc": "gb", "guardian": "gb", "telegraph": "gb", "independent": "gb", "skynews": "gb",
	}
	for id, country := range want {
		s, ok := c.Site(id)
		if !ok {
			t.Errorf("site %s missing", id)
			continue
		}
		if s.Country != country {
			t.Errorf("site %s: country %q, want %q", id, s.Country, country)
		}
	}
	for id, label := range map[string]string{"bbc": LabelPublicBroadcaster, "npr": LabelPublicBroadcaster, "tass": LabelStateFunded, "apnews": LabelWire} {
		s, _ := c.Site(id)
		if !strings.Contains(strings.Join(s.Labels, ","), label) {
			t.Errorf("site %s: labels %v, want %s", id, s.Labels, label)
		}
	}
}

// A country's own outlets write in a language of the country: the site
// languages must be real tags, and Japan/Russia/Ukraine read in their own.
func TestDefaultCatalogLanguages(t *testing.T) {
	c, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for code, lang := range map[string]string{"jp": "ja", "ru": "ru", "ua": "uk", "de": "de", "br": "pt"} {
		co, _ := c.Country(code)
		for _, s := range co.Sites {
			base, _ := language.MustParse(s.Language).Base()
			if base.String() != lang {
				t.Errorf("site %s (%s): language %s, want %s", s.ID, code, s.Language, lang)
			}
		}
	}
	if got := (Country{Sites: []Site{{Language: "fr"}, {Language: "de"}, {Language: "fr"}}}).Languages(); strings.Join(got, ",") != "de,fr" {
		t.Errorf("Languages = %v, want [de fr]", got)
	}
}

func TestDefaultCatalogReturnsCopies(t *testing.T) {
	a, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	a.Countries[0].Sites[0].Feeds[0] = "https://changed.example/"
	a.Countries[0].Name = "changed"
	b, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if b.Countries[0].Name == "changed" || b.Countries[0].Sites[0].Feeds[0] == "https://changed.example/" {
		t.Fatal("DefaultCatalog handed out shared state")
	}
}

const badCatalog = `countries:
  - code: xx
    name: Nowhere
    sites:
      - id: lemonde
        name: Le Monde
        language: fr
        homepage: https://www.lemonde.fr
        feeds: [https://www.lemonde.fr/rss/une.xml]
  - code: fr
    name: France
    sites:
      - id: lemonde
        name: Le Monde bis
        language: ""
        homepage: notaurl
        feeds: [ftp://example.com/feed.xml]
      - id: Bad_ID!
        name: ""
        language: "not a tag!"
        homepage: https://example.fr
        feeds: []
        labels: [Propaganda!]
        charset: klingon
  - code: fr
    name: ""
    sites: []
`

func TestLoadCatalogReportsEveryProblem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	if err := os.WriteFile(path, []byte(badCatalog), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadCatalogFile(path)
	var ce *CatalogError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *CatalogError", err)
	}
	want := []string{
		`countries[0] (xx): unknown ISO 3166-1 country code "xx"`,
		`site "lemonde": duplicate id (also in xx)`,
		`site "lemonde": missing language`,
		`site "lemonde": homepage "notaurl" is not an http(s) URL`,
		`site "lemonde": feed "ftp://example.com/feed.xml" is not an http(s) URL`,
		`site "Bad_ID!": id must contain only a-z, 0-9, - and _`,
		`site "Bad_ID!": missing name`,
		`site "Bad_ID!": language "not a tag!" is not a valid BCP 47 tag`,
		`site "Bad_ID!": no feeds`,
		`site "Bad_ID!": label "Propaganda!" must be lower-case`,
		`site "Bad_ID!": unknown charset "klingon"`,
		`countries[2] (fr): duplicate country code (also countries[1])`,
		`countries[2] (fr): missing name`,
		`countries[2] (fr): no sites`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q", w)
		}
	}
	if len(ce.Problems) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(ce.Problems), len(want), msg)
	}
	if !strings.Contains(msg, path) {
		t.Errorf("error does not name the file %s: %s", path, msg)
	}
	if got := strings.Count(msg, "\n"); got != len(ce.Problems) {
		t.Errorf("want one problem per line after the header, got %d lines for %d problems", got, len(ce.Problems))
	}
}

func TestLoadCatalogRejectsUnknownKeysWithLine(t *testing.T) {
	in := `countries:
  - code: fr
    name: France
    sites:
      - id: lemonde
        name: Le Monde
        language: fr
        homepage: https://www.lemonde.fr
        feed: [https://www.lemonde.fr/rss/une.xml]
      - id: lefigaro
        name: Le Figaro
        language: fr
        homepage: https://www.lefigaro.fr
        feeds: [https://www.lefigaro.fr/rss/figaro_actualites.xml]
    capital: Paris
`
	_, err := LoadCatalog(strings.NewReader(in))
	var ce *CatalogError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *CatalogError", err)
	}
	for _, w := range []string{
		`line 9: unknown key "feed" in a site`,
		`line 15: unknown key "capital" in a country`,
		`site "lemonde": no feeds`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestLoadCatalogSyntaxAndEmpty(t *testing.T) {
	if _, err := LoadCatalog(strings.NewReader("countries: [\n")); err == nil {
		t.Error("malformed YAML accepted")
	}
	_, err := LoadCatalog(strings.NewReader(""))
	var ce *CatalogError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "no countries") {
		t.Errorf("empty file: err = %v, want a CatalogError saying no countries", err)
	}
	if _, err := LoadCatalogFile(filepath.Join(t.TempDir(), "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want os.ErrNotExist", err)
	}
}

func TestLoadCatalogFillsCountryAndLooksUp(t *testing.T) {
	in := `countries:
  - code: fr
    name: France
    sites:
      - {id: lemonde, name: Le Monde, language: fr, homepage: "https://www.lemonde.fr", feeds: ["https://www.lemonde.fr/rss/une.xml"]}
      - {id: lefigaro, name: Le Figaro, language: fr, homepage: "https://www.lefigaro.fr", feeds: ["https://www.lefigaro.fr/rss/figaro_actualites.xml"], labels: [wire]}
  - code: de
    name: Germany
    sites:
      - {id: spiegel, name: Der Spiegel, language: de, homepage: "https://www.spiegel.de", feeds: ["https://www.spiegel.de/schlagzeilen/index.rss"]}
      - {id: zeit, name: Die Zeit, language: de, homepage: "https://www.zeit.de", feeds: ["https://newsfeed.zeit.de/index"], charset: iso-8859-1}
`
	c, err := LoadCatalog(strings.NewReader(in))
	if err != nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	var ids []string
	for _, s := range c.Sites() {
		ids = append(ids, s.Country+"/"+s.ID)
	}
	if got := strings.Join(ids, " "); got != "fr/lemonde fr/lefigaro de/spiegel de/zeit" {
		t.Errorf("Sites order = %s", got)
	}
	if s, ok := c.Site("zeit"); !ok || s.Country != "de" || s.Charset != "iso-8859-1" {
		t.Errorf("Site(zeit) = %+v, %v", s, ok)
	}
	if _, ok := c.Site("nope"); ok {
		t.Error("Site(nope) found")
	}
	if co, ok := c.Country(" DE "); !ok || co.Name != "Germany" {
		t.Errorf("Country(DE) = %+v, %v", co, ok)
	}
	if _, ok := c.Country("it"); ok {
		t.Error("Country(it) found")
	}
}

func TestValidateAliasClash(t *testing.T) {
	c := &Catalog{Countries: []Country{
		{Code: "kr", Name: "South Korea", Aliases: []string{"Korea"}, Sites: []Site{okSite("a")}},
		{Code: "kp", Name: "North Korea", Aliases: []string{"korea", " "}, Sites: []Site{okSite("b")}},
	}}
	err := c.Validate()
	for _, w := range []string{`countries[1] (kp): name or alias "korea" is also used by kr`, `countries[1] (kp): empty alias " "`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Validate = %v, want %q", err, w)
		}
	}
	if err := (&Catalog{}).Validate(); err == nil || !strings.Contains(err.Error(), "no countries") {
		t.Errorf("empty catalog: %v", err)
	}
}

func okSite(id string) Site {
	return Site{ID: id, Name: id, Language: "en", Homepage: "https://" + id + ".example", Feeds: []string{"https://" + id + ".example/feed"}}
}

func TestISOTable(t *testing.T) {
	if len(iso3166) != 250 {
		t.Errorf("ISO table has %d codes, want 249 ISO ones and xk (Kosovo)", len(iso3166))
	}
	for code, want := range map[string]string{"is": "Iceland", "KR": "South Korea", "ci": "Côte d'Ivoire", "gb": "United Kingdom"} {
		if got, ok := ISOCountryName(code); !ok || got != want {
			t.Errorf("ISOCountryName(%q) = %q, %v; want %q", code, got, ok, want)
		}
	}
	if _, ok := ISOCountryName("uk"); ok {
		t.Error(`"uk" is not an ISO 3166-1 code`)
	}
	if IsISOCountryCode("FR") || !IsISOCountryCode("fr") {
		t.Error("IsISOCountryCode must accept lower-case codes only")
	}
	// No English name may point at two countries, or resolving would depend on map order.
	seen := map[string]string{}
	for code, c := range iso3166 {
		for _, n := range append(c.names(), code) {
			k := normalizeKey(n)
			if other, ok := seen[k]; ok && other != code {
				t.Errorf("name %q belongs to both %s and %s", n, code, other)
			}
			seen[k] = code
		}
	}
}
