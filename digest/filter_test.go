package digest

import (
	"testing"
)

func filterDigest() Digest {
	return Digest{Country: "fr", Stories: []Story{
		{Headline: "Grève à la SNCF : trains annulés", Summary: "Strike over pensions."},
		{Headline: "Football: PSG beat Marseille", Sources: []Source{{OriginalHeadline: "Le PSG écrase l'OM"}}},
		{Headline: "Élysée: Macron names a new prime minister", AlternativeTakes: []Take{{Headline: "France gets a new premier"}}},
	}}
}

func headlines(d Digest) []string {
	var out []string
	for _, s := range d.Stories {
		out = append(out, s.Headline)
	}
	return out
}

func TestFilter(t *testing.T) {
	for _, tc := range []struct {
		name             string
		include, exclude []string
		want             []string
	}{
		{"none keeps all", nil, nil, headlines(filterDigest())},
		{"accent and case insensitive", []string{"GREVE"}, nil, []string{"Grève à la SNCF : trains annulés"}},
		{"accented keyword matches plain text", []string{"élysée"}, nil, []string{"Élysée: Macron names a new prime minister"}},
		{"whole words only", []string{"min"}, nil, nil},
		{"phrase", []string{"prime minister"}, nil, []string{"Élysée: Macron names a new prime minister"}},
		{"searches source and take headlines", []string{"om", "premier"}, nil, []string{"Football: PSG beat Marseille", "Élysée: Macron names a new prime minister"}},
		{"exclude", nil, []string{"football"}, []string{"Grève à la SNCF : trains annulés", "Élysée: Macron names a new prime minister"}},
		{"exclude wins over include", []string{"sncf", "psg"}, []string{"marseille"}, []string{"Grève à la SNCF : trains annulés"}},
		{"RE2 pattern", []string{`/gr[eè]ve|strike/`}, nil, []string{"Grève à la SNCF : trains annulés"}},
		{"RE2 pattern on folded text", []string{`/^elysee/`}, nil, []string{"Élysée: Macron names a new prime minister"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := NewFilter(tc.include, tc.exclude)
			if err != nil {
				t.Fatal(err)
			}
			d := filterDigest()
			got := headlines(f.Apply(d))
			if len(got) != len(tc.want) {
				t.Fatalf("kept %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("kept %q, want %q", got, tc.want)
				}
			}
			if len(d.Stories) != 3 {
				t.Errorf("Apply changed its input")
			}
		})
	}
	if _, err := NewFilter([]string{"/(unclosed/"}, nil); err == nil {
		t.Error("NewFilter accepted an invalid pattern")
	}
}

func FuzzFilter(f *testing.F) {
	f.Add("grève", "/a+b/")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, include, exclude string) {
		flt, err := NewFilter([]string{include}, []string{exclude})
		if err != nil {
			return
		}
		d := flt.Apply(filterDigest())
		if len(d.Stories) > 3 {
			t.Fatalf("filter added stories")
		}
	})
}

// TestFilterFoldsLettersAsTheCountryResolverDoes: letters that Unicode
// decomposition leaves alone (ł, ß, ø…) match their Latin spelling, in
// both directions, as they do when naming a country.
func TestFilterFoldsLettersAsTheCountryResolverDoes(t *testing.T) {
	d := Digest{Country: "pl", Stories: []Story{
		{Headline: "Łódź hosts the summit"},
		{Headline: "Straße in Berlin closed"},
		{Headline: "Søren Kierkegaard exhibition"},
	}}
	for _, tc := range []struct{ term, want string }{
		{"lodz", "Łódź hosts the summit"},
		{"Łódź", "Łódź hosts the summit"},
		{"strasse", "Straße in Berlin closed"},
		{"STRASSE", "Straße in Berlin closed"},
		{"soren", "Søren Kierkegaard exhibition"},
		{"/^lodz hosts/", "Łódź hosts the summit"},
	} {
		f, err := NewFilter([]string{tc.term}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := headlines(f.Apply(d))
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("filter %q kept %q, want [%q]", tc.term, got, tc.want)
		}
	}
}
