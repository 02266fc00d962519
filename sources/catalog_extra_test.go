package sources

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const extraYAML = `regions:
  - id: caribbean
    name: Caribbean
countries:
  - code: fr
    aliases: [hexagone]
    sites:
      - id: lemonde
        name: Le Monde (à la une)
        language: fr
        homepage: https://www.lemonde.fr
        feeds: ["https://www.lemonde.fr/rss/en_continu.xml"]
      - id: ledauphine
        name: Le Dauphiné libéré
        language: fr
        homepage: https://www.ledauphine.com
        feeds: ["https://www.ledauphine.com/rss"]
  - code: tt
    name: Trinidad and Tobago
    regions: [americas, caribbean]
    sites:
      - id: guardian-tt
        name: Trinidad and Tobago Guardian
        language: en
        homepage: https://www.guardian.co.tt
        feeds: ["https://www.guardian.co.tt/rss"]
`

func TestExtendAddsAndOverrides(t *testing.T) {
	base := defaultCatalogT(t)
	c, err := base.ExtendFrom(strings.NewReader(extraYAML))
	if err != nil {
		t.Fatal(err)
	}
	lm, _ := c.Site("lemonde")
	if lm.Name != "Le Monde (à la une)" || lm.Feeds[0] != "https://www.lemonde.fr/rss/en_continu.xml" || lm.Country != "fr" {
		t.Errorf("lemonde not replaced: %+v", lm)
	}
	if s, ok := c.Site("ledauphine"); !ok || s.Country != "fr" {
		t.Errorf("local paper not added to France: %+v", s)
	}
	fr, _ := c.Country("fr")
	baseFR, _ := base.Country("fr")
	if len(fr.Sites) != len(baseFR.Sites)+1 {
		t.Errorf("France has %d sites, want %d", len(fr.Sites), len(baseFR.Sites)+1)
	}
	if co, err := c.Resolve("hexagone"); err != nil || co.Code != "fr" {
		t.Errorf(`Resolve("hexagone") = %s, %v`, co.Code, err)
	}
	if co, err := c.Resolve("Trinidad and Tobago"); err != nil || co.Code != "tt" {
		t.Errorf("new country: %s, %v", co.Code, err)
	}
	if _, in, ok := c.Region("caribbean"); !ok || len(in) != 1 || in[0].Code != "tt" {
		t.Errorf("new region: %v %v", in, ok)
	}
	if _, ok := base.Site("ledauphine"); ok {
		t.Error("Extend modified the base catalog")
	}
}

func TestExtendReportsEveryProblem(t *testing.T) {
	base := defaultCatalogT(t)
	extra := `countries:
  - code: fr
    sites:
      - id: nhk
        name: NHK in France
        language: fr
        homepage: https://www.nhk.or.jp
        feeds: ["https://example.com/nhk"]
      - id: dup-feed
        name: Copy of Le Figaro
        language: fr
        homepage: https://www.lefigaro.fr
        feeds: ["https://www.lefigaro.fr/rss/figaro_actualites.xml"]
  - code: qq
    name: Nowhere
    regions: [atlantis]
    sites:
      - id: nowhere
        name: Nowhere News
        homepage: ftp://nowhere
        feeds: ["not a url"]
`
	_, err := base.ExtendFrom(strings.NewReader(extra))
	var ce *CatalogError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *CatalogError", err)
	}
	if len(ce.Problems) != 1 || !strings.Contains(ce.Problems[0], `extra site "nhk": the id belongs to a site of jp`) {
		t.Errorf("problems = %q, want the cross-country override first", ce.Problems)
	}
	extra = strings.Replace(extra, "id: nhk", "id: nhk-fr", 1)
	_, err = base.ExtendFrom(strings.NewReader(extra))
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *CatalogError", err)
	}
	for _, want := range []string{
		`feed "https://www.lefigaro.fr/rss/figaro_actualites.xml" is also listed by site "lefigaro"`,
		`unknown ISO 3166-1 country code "qq"`,
		`unknown region "atlantis"`,
		`site "nowhere": missing language`,
		`homepage "ftp://nowhere" is not an http(s) URL`,
		`feed "not a url" is not an http(s) URL`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	_, err = base.ExtendFrom(strings.NewReader("countries:\n  - code: fr\n    colour: blue\n"))
	if err == nil || !strings.Contains(err.Error(), `unknown key "colour" in a country`) {
		t.Errorf("unknown key: %v", err)
	}
}

func TestLoadCatalogFiles(t *testing.T) {
	dir := t.TempDir()
	extra := filepath.Join(dir, "extra.yaml")
	if err := os.WriteFile(extra, []byte(extraYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadCatalogFiles("", extra)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Site("guardian-tt"); !ok {
		t.Error("extra not applied to the embedded catalog")
	}
	if _, err := LoadCatalogFiles("", filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "catalog extra") {
		t.Errorf("missing extra: %v", err)
	}
}

// FuzzLoadCatalog feeds arbitrary YAML to the loader and the extender:
// they must return a catalog or an error, never panic, and anything they
// accept must validate.
func FuzzLoadCatalog(f *testing.F) {
	f.Add([]byte(extraYAML))
	f.Add([]byte("countries: []\n"))
	f.Add([]byte("countries:\n  - code: FR\n    sites: [{id: x}]\n"))
	f.Add([]byte("regions: [{id: a}, {id: a}]\ncountries: {}\n"))
	f.Add([]byte("countries:\n  - &a {code: fr}\n  - *a\n"))
	f.Add([]byte("\xff\xfe"))
	base := &Catalog{Regions: []Region{{ID: "europe", Name: "Europe"}}, Countries: []Country{{Code: "fr", Name: "France", Regions: []string{"europe"},
		Sites: []Site{{ID: "lemonde", Name: "Le Monde", Language: "fr", Homepage: "https://www.lemonde.fr", Feeds: []string{"https://www.lemonde.fr/rss/une.xml"}}}}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if c, err := LoadCatalog(bytes.NewReader(data)); err == nil {
			if err := c.Validate(); err != nil {
				t.Fatalf("accepted catalog does not validate: %v", err)
			}
		}
		if c, err := base.ExtendFrom(bytes.NewReader(data)); err == nil {
			if err := c.Validate(); err != nil {
				t.Fatalf("accepted extension does not validate: %v", err)
			}
		}
	})
}
