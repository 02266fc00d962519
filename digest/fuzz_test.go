package digest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Élysée : grève à la SNCF", "東北で震度6強の地震", "Macron's", "", "\xff\xfe", "a's's"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range tokens(s) {
			if tok == "" || strings.ContainsAny(tok, " \t\n") {
				t.Fatalf("tokens(%q) yields %q", s, tok)
			}
		}
	})
}

func FuzzSummarise(f *testing.F) {
	for _, s := range []string{"PARIS (AFP) - A. B. C.", strings.Repeat("x", 700), "é. ", "The post a appeared first on b."} {
		f.Add(s, "t")
	}
	f.Fuzz(func(t *testing.T, summary, title string) {
		got := summarise(summary, title)
		if n := utf8.RuneCountInString(got); n > maxSummary {
			t.Fatalf("summary of %d characters > %d", n, maxSummary)
		}
		if utf8.ValidString(summary) && !utf8.ValidString(got) {
			t.Fatalf("summarise broke UTF-8: %q", got)
		}
	})
}
