package digest

import "testing"

// Country names read as English writes them: with "the" where the name
// takes it, in possessives and at a heading's start alike.
func TestCountryNamesInSentences(t *testing.T) {
	for _, c := range []struct{ name, with, poss string }{
		{"France", "France", "France's"},
		{"United Kingdom", "the United Kingdom", "the United Kingdom's"},
		{"United States", "the United States", "the United States'"},
		{"Netherlands", "the Netherlands", "the Netherlands'"},
		{"Philippines", "the Philippines", "the Philippines'"},
		{"DR Congo", "the DR Congo", "the DR Congo's"},
		{"Dominican Republic", "the Dominican Republic", "the Dominican Republic's"},
		{"Solomon Islands", "the Solomon Islands", "the Solomon Islands'"},
		{"The Gambia", "The Gambia", "The Gambia's"},
		{"Cyprus", "Cyprus", "Cyprus'"},
		{"", "", "'s"},
	} {
		if got := WithArticle(c.name); got != c.with {
			t.Errorf("WithArticle(%q) = %q, want %q", c.name, got, c.with)
		}
		if got := Possessive(c.name); got != c.poss {
			t.Errorf("Possessive(%q) = %q, want %q", c.name, got, c.poss)
		}
	}
	if got := PressOf("United Kingdom"); got != "The United Kingdom's press" {
		t.Errorf("heading %q", got)
	}
}
