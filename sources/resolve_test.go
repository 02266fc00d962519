package sources

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func defaultCatalogT(t testing.TB) *Catalog {
	t.Helper()
	c, err := DefaultCatalog()
	if err != nil {
		t.Fatalf("DefaultCatalog: %v", err)
	}
	return c
}

func TestResolvePeoplesWords(t *testing.T) {
	c := defaultCatalogT(t)
	cases := map[string]string{
		"fr": "fr", "FR": "fr", "France": "fr", "france": "fr", " france ": "fr", "\tFRANCE\n": "fr",
		"UK": "gb", "u.k.": "gb", "Britain": "gb", "Great Britain": "gb", "great-britain": "gb", "greatbritain": "gb",
		"England": "gb", "United Kingdom": "gb", "gb": "gb",
		"USA": "us", "US": "us", "U.S.A.": "us", "America": "us", "United States": "us", "united states of america": "us",
		"Deutschland": "de", "holland": "nl", "The Netherlands": "nl", "Czechia": "cz", "czech republic": "cz",
		"South Korea": "kr", "korea": "kr", "Korea, Republic of": "kr", "Türkiye": "tr", "turkey": "tr",
		"Russian Federation": "ru", "Viet Nam": "vn", "vietnam": "vn", "Taiwan, Province of China": "tw",
		"España": "es", "espana": "es", "ÉIRE": "ie", "Österreich": "at", "ＦＲ": "fr", "Japan": "jp", "nippon": "jp",
		"no": "no", "Norway": "no", "in": "in", "Iran, Islamic Republic of": "ir",
	}
	for in, want := range cases {
		got, err := c.Resolve(in)
		if err != nil {
			t.Errorf("Resolve(%q): %v", in, err)
			continue
		}
		if got.Code != want {
			t.Errorf("Resolve(%q) = %s, want %s", in, got.Code, want)
		}
	}
}

func TestResolveCoteDIvoire(t *testing.T) {
	c := &Catalog{Countries: []Country{
		{Code: "ci", Name: "Côte d'Ivoire", Aliases: []string{"ivory coast"}, Sites: []Site{okSite("fratmat"), okSite("abidjannet")}},
		{Code: "fr", Name: "France", Sites: []Site{okSite("lemonde"), okSite("lefigaro")}},
	}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"Côte d'Ivoire", "cote divoire", "Cote d’Ivoire", "COTE-D'IVOIRE", "ivory coast", "Ivory  Coast", "CI", "Republic of Côte d'Ivoire"} {
		got, err := c.Resolve(in)
		if err != nil || got.Code != "ci" {
			t.Errorf("Resolve(%q) = %q, %v; want ci", in, got.Code, err)
		}
	}
}

func TestResolveUnknownSuggests(t *testing.T) {
	c := defaultCatalogT(t)
	cases := []struct {
		in, first, msg string
	}{
		{"frnce", "fr", `unknown country "frnce". Did you mean France (fr)?`},
		{"Germny", "de", ""},
		{"untied states", "us", ""},
		{"brasill", "br", ""},
		{"jap", "jp", ""},
		{"Swizerland", "ch", ""},
	}
	for _, tc := range cases {
		_, err := c.Resolve(tc.in)
		var ue *UnknownCountryError
		if !errors.As(err, &ue) {
			t.Errorf("Resolve(%q) err = %v, want *UnknownCountryError", tc.in, err)
			continue
		}
		if !errors.Is(err, ErrUnknownCountry) {
			t.Errorf("Resolve(%q): errors.Is(ErrUnknownCountry) false", tc.in)
		}
		if len(ue.Suggestions) == 0 || ue.Suggestions[0].Code != tc.first {
			t.Errorf("Resolve(%q) suggestions = %v, want %s first", tc.in, codes(ue.Suggestions), tc.first)
		}
		if len(ue.Suggestions) > 3 {
			t.Errorf("Resolve(%q): %d suggestions, want at most 3", tc.in, len(ue.Suggestions))
		}
		if tc.msg != "" && err.Error() != tc.msg {
			t.Errorf("Resolve(%q) message = %q, want %q", tc.in, err.Error(), tc.msg)
		}
	}
}

func TestResolveUnknownWithoutSuggestions(t *testing.T) {
	c := defaultCatalogT(t)
	_, err := c.Resolve("xyzzyqwv")
	var ue *UnknownCountryError
	if !errors.As(err, &ue) || len(ue.Suggestions) != 0 {
		t.Fatalf("err = %v, want *UnknownCountryError without suggestions", err)
	}
	if !strings.Contains(err.Error(), "worldbrief countries") {
		t.Errorf("message %q does not point at `worldbrief countries`", err)
	}
}

func TestResolveSeveralSuggestionsRead(t *testing.T) {
	c := &Catalog{Countries: []Country{
		{Code: "at", Name: "Austria", Sites: []Site{okSite("a"), okSite("b")}},
		{Code: "au", Name: "Australia", Sites: []Site{okSite("c"), okSite("d")}},
		{Code: "fr", Name: "France", Sites: []Site{okSite("e"), okSite("f")}},
	}}
	_, err := c.Resolve("austr")
	want := `unknown country "austr". Did you mean Australia (au) or Austria (at)?`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestResolveNotCovered(t *testing.T) {
	c := defaultCatalogT(t)
	for _, in := range []string{"Chad", "td", "TD", "chad."} {
		_, err := c.Resolve(in)
		var nc *NotCoveredError
		if !errors.As(err, &nc) {
			t.Errorf("Resolve(%q) err = %v, want *NotCoveredError", in, err)
			continue
		}
		if nc.Code != "td" || !strings.Contains(err.Error(), "we don't cover Chad (td) yet") {
			t.Errorf("Resolve(%q) = %+v / %q", in, nc, err)
		}
		if !errors.Is(err, ErrUnknownCountry) {
			t.Errorf("Resolve(%q): errors.Is(ErrUnknownCountry) false", in)
		}
	}
	_, err := c.Resolve("Ivory Coast")
	var nc *NotCoveredError
	if !errors.As(err, &nc) || nc.Code != "ci" {
		t.Errorf(`Resolve("Ivory Coast") = %v, want not covered ci`, err)
	}
}

func TestResolveEmpty(t *testing.T) {
	c := defaultCatalogT(t)
	for _, in := range []string{"", "   ", "\t\n"} {
		if _, err := c.Resolve(in); !errors.Is(err, ErrEmptyCountry) {
			t.Errorf("Resolve(%q) err = %v, want ErrEmptyCountry", in, err)
		}
	}
	if _, err := c.Resolve("?!"); !errors.Is(err, ErrUnknownCountry) {
		t.Errorf(`Resolve("?!") err = %v, want unknown`, err)
	}
}

func TestResolveHostileInputIsQuick(t *testing.T) {
	c := defaultCatalogT(t)
	inputs := []string{
		strings.Repeat("a", 1<<20),
		strings.Repeat("é", 1<<18),
		string([]byte{0xff, 0xfe, 0x00, 0x80, 'f', 'r'}),
		strings.Repeat("\u0301", 10000) + "france",
		strings.Repeat("frnce ", 5000),
	}
	for _, in := range inputs {
		start := time.Now()
		_, err := c.Resolve(in)
		if took := time.Since(start); took > 200*time.Millisecond {
			t.Errorf("Resolve(%d bytes) took %v", len(in), took)
		}
		if err == nil {
			continue
		}
		var ue *UnknownCountryError
		if errors.As(err, &ue) {
			if n := utf8.RuneCountInString(ue.Input); n > maxShownRunes+1 || !utf8.ValidString(ue.Input) {
				t.Errorf("error input not shortened to valid text: %d runes", n)
			}
		}
	}
}

func TestSearch(t *testing.T) {
	c := defaultCatalogT(t)
	if got := c.Search(""); len(got) != len(c.Countries) {
		t.Errorf("Search(\"\") = %d countries, want all %d", len(got), len(c.Countries))
	} else {
		for i := 1; i < len(got); i++ {
			if got[i-1].Name > got[i].Name {
				t.Errorf("Search(\"\") not sorted by name: %s before %s", got[i-1].Name, got[i].Name)
			}
		}
	}
	check := func(q string, wantFirst string, mustHave ...string) {
		t.Helper()
		got := codes(c.Search(q))
		if len(got) == 0 || got[0] != wantFirst {
			t.Errorf("Search(%q) = %v, want %s first", q, got, wantFirst)
		}
		for _, m := range mustHave {
			if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+m+" ") {
				t.Errorf("Search(%q) = %v, lacks %s", q, got, m)
			}
		}
	}
	check("korea", "kr")
	check("united", "mx", "ae", "gb", "us") // all prefix matches, by name
	check("Ger", "de")
	check("fr", "fr")
	check("  SAUDI ", "sa")
	if got := c.Search("zzzzqq"); len(got) != 0 {
		t.Errorf("Search(zzzzqq) = %v, want none", codes(got))
	}
}

func TestNormalizeKey(t *testing.T) {
	for in, want := range map[string]string{
		"Côte d'Ivoire": "cotedivoire", "cote divoire": "cotedivoire", "  U.S.A. ": "usa",
		"Bosnia & Herzegovina": "bosniaandherzegovina", "The Gambia": "gambia", "the": "the",
		"Færøerne": "faeroerne", "Łódź": "lodz", "Россия": "россия", "": "", "--": "",
	} {
		if got := normalizeKey(in); got != want {
			t.Errorf("normalizeKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"frnce", "france", 1}, {"untied", "united", 1}, {"abc", "", 3}, {"kitten", "sitting", 3}} {
		if got := editDistance([]rune(tc.a), []rune(tc.b)); got != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

func codes(cs []Country) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

func FuzzResolve(f *testing.F) {
	c, err := DefaultCatalog()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"fr", "FR", " france ", "Côte d'Ivoire", "cote divoire", "UK", "USA", "frnce", "iceland", "", "\xff\xfe", "the", "&", "korea, republic of", strings.Repeat("x", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := c.Resolve(in)
		if err == nil {
			if _, ok := c.Country(got.Code); !ok {
				t.Fatalf("Resolve(%q) = %q, not in the catalog", in, got.Code)
			}
		} else {
			var ue *UnknownCountryError
			var nc *NotCoveredError
			switch {
			case errors.Is(err, ErrEmptyCountry):
			case errors.As(err, &ue):
				if len(ue.Suggestions) > maxSuggestions {
					t.Fatalf("%d suggestions", len(ue.Suggestions))
				}
				for _, s := range ue.Suggestions {
					if _, ok := c.Country(s.Code); !ok {
						t.Fatalf("suggestion %q not in the catalog", s.Code)
					}
				}
			case errors.As(err, &nc):
				if _, ok := c.Country(nc.Code); ok {
					t.Fatalf("Resolve(%q): %q reported not covered but is in the catalog", in, nc.Code)
				}
			default:
				t.Fatalf("Resolve(%q): unexpected error %v", in, err)
			}
			_ = err.Error()
		}
		for _, s := range c.Search(in) {
			if _, ok := c.Country(s.Code); !ok {
				t.Fatalf("Search(%q) returned %q, not in the catalog", in, s.Code)
			}
		}
		// A country's own code, name and aliases always resolve to it, also
		// with the fuzzed text's case and padding around them.
		co := c.Countries[len(in)%len(c.Countries)]
		for _, name := range append([]string{co.Code, co.Name, strings.ToUpper(co.Name), " " + co.Code + " "}, co.Aliases...) {
			got, err := c.Resolve(name)
			if err != nil || got.Code != co.Code {
				t.Fatalf("Resolve(%q) = %q, %v; want %s", name, got.Code, err, co.Code)
			}
		}
	})
}
