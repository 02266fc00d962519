package sources

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestResolveOwnLanguageNames checks that people can type a country the
// way its own people write it.
func TestResolveOwnLanguageNames(t *testing.T) {
	c := defaultCatalogT(t)
	for in, want := range map[string]string{
		"Deutschland": "de", "España": "es", "espana": "es", "Nippon": "jp", "日本": "jp",
		"Россия": "ru", "Україна": "ua", "Österreich": "at", "Suisse": "ch", "Svizzera": "ch",
		"België": "be", "Belgique": "be", "Ελλάδα": "gr", "Türkiye": "tr", "中国": "cn",
		"대한민국": "kr", "भारत": "in", "Shqipëria": "al", "Hrvatska": "hr", "Ísland": "is",
		"Lietuva": "lt", "Latvija": "lv", "Eesti": "ee", "Србија": "rs", "Srbija": "rs",
		"Crna Gora": "me", "Kosova": "xk", "საქართველო": "ge", "Қазақстан": "kz", "Perú": "pe",
		"澳門": "mo", "فلسطين": "ps", "Sénégal": "sn", "RDC": "cd",
	} {
		co, err := c.Resolve(in)
		if err != nil || co.Code != want {
			t.Errorf("Resolve(%q) = %s, %v; want %s", in, co.Code, err, want)
		}
	}
}

// TestEveryCountryHasItsOwnName checks the catalog gives each country a
// name in its own language unless its sites write only in English.
func TestEveryCountryHasItsOwnName(t *testing.T) {
	c := defaultCatalogT(t)
	for _, co := range c.Countries {
		if len(co.Native) > 0 {
			continue
		}
		for _, l := range co.Languages() {
			if !strings.HasPrefix(l, "en") {
				t.Errorf("%s (%s) has %s sites but no native name", co.Name, co.Code, l)
				break
			}
		}
	}
}

func TestRegionListsItsCountries(t *testing.T) {
	c := defaultCatalogT(t)
	r, list, ok := c.Region("Afrique")
	if !ok || r.ID != "africa" {
		t.Fatalf(`Region("Afrique") = %+v, %v`, r, ok)
	}
	var codes []string
	for _, co := range list {
		codes = append(codes, co.Code)
	}
	for _, want := range []string{"ng", "ke", "rw", "tz", "cd", "dz", "eg"} {
		if !slices.Contains(codes, want) {
			t.Errorf("Africa lacks %s: %v", want, codes)
		}
	}
	if slices.Contains(codes, "fr") {
		t.Errorf("Africa lists France: %v", codes)
	}
	if _, _, ok := c.Region("atlantis"); ok {
		t.Error(`Region("atlantis") found a region`)
	}
	if _, list, _ := c.Region("middle east"); !slices.ContainsFunc(list, func(co Country) bool { return co.Code == "tr" }) {
		t.Error("a country may sit in several regions: Türkiye should be in the Middle East too")
	}
	names := c.RegionNames()
	if len(names) < 6 || names[0] != "Europe" {
		t.Errorf("RegionNames = %v", names)
	}
}

func TestValidateRegions(t *testing.T) {
	yaml := `regions:
  - id: europe
    name: Europe
  - id: Bad Id
    name: ""
  - id: europe
    name: Europa
countries:
  - code: fr
    name: France
    regions: [europe, mars]
    sites:
      - {id: lemonde, name: Le Monde, language: fr, homepage: "https://www.lemonde.fr", feeds: ["https://www.lemonde.fr/rss/une.xml"]}
`
	_, err := LoadCatalog(strings.NewReader(yaml))
	if err == nil {
		t.Fatal("want problems")
	}
	for _, want := range []string{`regions[1] (Bad Id): id must be`, `regions[1] (Bad Id): missing name`, `regions[2] (europe): duplicate region id`, `unknown region "mars"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// TestEveryCountryResolvesFromEachOfItsNames walks the whole catalog: the
// English name, every alias and every native name finds the country.
func TestEveryCountryResolvesFromEachOfItsNames(t *testing.T) {
	c := defaultCatalogT(t)
	for _, co := range c.Countries {
		names := append(append([]string{co.Code, strings.ToUpper(co.Code), co.Name, strings.ToLower(co.Name)}, co.Aliases...), co.Native...)
		for _, n := range names {
			if got, err := c.Resolve(n); err != nil || got.Code != co.Code {
				t.Errorf("Resolve(%q) = %s, %v; want %s", n, got.Code, err, co.Code)
			}
		}
	}
}

func TestResolveSuggestsForMistypedNativeNames(t *testing.T) {
	c := defaultCatalogT(t)
	for in, want := range map[string]string{"Deutchland": "de", "Espaa": "es", "Hrvatskaa": "hr", "Srbja": "rs", "Polksa": "pl"} {
		_, err := c.Resolve(in)
		var ue *UnknownCountryError
		if !errors.As(err, &ue) || len(ue.Suggestions) == 0 || ue.Suggestions[0].Code != want {
			t.Errorf("Resolve(%q) = %v, want a suggestion of %s first", in, err, want)
		}
	}
	// Accents are ignored: without its ë, Shqipëria is a match, not a typo.
	if co, err := c.Resolve("Shqiperia"); err != nil || co.Code != "al" {
		t.Errorf(`Resolve("Shqiperia") = %s, %v`, co.Code, err)
	}
}
