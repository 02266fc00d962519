package sources

import (
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Łódź": "lodz", "Straße": "strasse", "STRASSE": "strasse", "Søren": "soren", "Élysée": "elysee",
		"Æsir": "aesir", "Þingvellir": "thingvellir", "Đà Nẵng": "da nang", "ＦＲ": "fr", "東京": "東京", "한국": "한국",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	// The resolver's keys are folded the same way.
	if normalizeKey("Łódź") != Fold("lodz") || normalizeKey("Straße") != "strasse" {
		t.Errorf("normalizeKey and Fold disagree: %q, %q", normalizeKey("Łódź"), normalizeKey("Straße"))
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Łódź", "Straße", "İstanbul", "한국", "e\u0301", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, got)
		}
	})
}
