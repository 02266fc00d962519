package digest

import "testing"

func TestCistemMeetsAcrossInflections(t *testing.T) {
	for _, c := range [][]string{
		{"senkt", "senken", "gesenkt"},
		{"zinsen", "zins"},
		{"haushalt", "haushalts"},
		{"lokführer", "lokführern"},
	} {
		want := cistem(c[0])
		for _, w := range c[1:] {
			if got := cistem(w); got != want {
				t.Errorf("cistem(%q) = %q, cistem(%q) = %q: want one stem", c[0], want, w, got)
			}
		}
	}
	for _, c := range [][2]string{{"senkt", "zins"}, {"lokführer", "lokführerin"}} {
		if cistem(c[0]) == cistem(c[1]) {
			t.Errorf("cistem(%q) = cistem(%q) = %q: want different stems", c[0], c[1], cistem(c[0]))
		}
	}
}
