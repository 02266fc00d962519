package digest

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLanguageTokensMeetAcrossInflections(t *testing.T) {
	for _, c := range []struct {
		lang, a, b string
		shared     string
	}{
		{"fr", "Grève des cheminots", "Les grèves continuent", "fr:grev"},
		{"es", "Huracán devastador", "Los huracanes", "es:huracan"},
		{"ru", "Банк России повысил ставку", "ключевой ставки", "ru:ставк"},
		{"de", "Eisenbahnerstreik legt Verkehr lahm", "Lokführerstreik", "de:streik"},
		{"pt", "Desmatamento na Amazônia", "desmatamentos", "pt:desmat"},
		{"ja", "宮城県沖で地震", "地震の被害", "ja:地震"},
		{"ko", "폭설에 교통 마비", "폭설로 결항", "ko:폭설"},
	} {
		ta, tb := languageTokens(c.a, c.lang), languageTokens(c.b, c.lang)
		if !slices.Contains(ta, c.shared) || !slices.Contains(tb, c.shared) {
			t.Errorf("%s: %q → %q and %q → %q; want both to hold %q", c.lang, c.a, ta, c.b, tb, c.shared)
		}
	}
}

func TestLanguageTokensDropStopWordsAndParticles(t *testing.T) {
	got := languageTokens("Le gouvernement et les syndicats", "fr")
	for _, w := range got {
		if w == "fr:le" || w == "fr:et" || w == "fr:les" {
			t.Errorf("stop word kept: %q", got)
		}
	}
	for _, w := range languageTokens("東北新幹線が運転見合わせ", "ja") {
		if strings.ContainsAny(w, "がわせ") {
			t.Errorf("hiragana in a Japanese term: %q", w)
		}
	}
	// English keeps the tokeniser the thresholds were tuned with.
	if en := languageTokens("Strikes paralyse trains", "en-GB"); !slices.Equal(en, tokens("Strikes paralyse trains")) {
		t.Errorf("English tokens %q differ from tokens()", en)
	}
}

func FuzzLanguageTokens(f *testing.F) {
	for _, s := range []string{"Grève à Paris", "宮城県沖でM7.1の地震", "폭설에 교통", "l'État", "\xff\xfe"} {
		f.Add(s, "fr")
		f.Add(s, "ja")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		for _, tok := range languageTokens(text, lang) {
			if tok == "" || !utf8.ValidString(tok) && utf8.ValidString(text) {
				t.Fatalf("bad token %q from %q", tok, text)
			}
		}
	})
}
