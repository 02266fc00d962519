package translate

import (
	"strings"
	"unicode"
)

// script is a writing system with the languages that use it.
type script struct {
	name  string
	table *unicode.RangeTable
	// guess is the language assumed for text in this script when the
	// provider cannot detect languages (MyMemory); "" if ambiguous.
	guess string
}

var scripts = []script{
	{"Latin", unicode.Latin, ""},
	{"Cyrillic", unicode.Cyrillic, "ru"},
	{"Greek", unicode.Greek, "el"},
	{"Arabic", unicode.Arabic, "ar"},
	{"Hebrew", unicode.Hebrew, "he"},
	{"Han", unicode.Han, "zh"},
	{"Kana", kana, "ja"},
	{"Hangul", unicode.Hangul, "ko"},
	{"Thai", unicode.Thai, "th"},
	{"Devanagari", unicode.Devanagari, "hi"},
	{"Bengali", unicode.Bengali, "bn"},
	{"Georgian", unicode.Georgian, "ka"},
	{"Armenian", unicode.Armenian, "hy"},
	{"Ethiopic", unicode.Ethiopic, "am"},
	{"Tamil", unicode.Tamil, "ta"},
	{"Gujarati", unicode.Gujarati, "gu"},
	{"Gurmukhi", unicode.Gurmukhi, "pa"},
	{"Khmer", unicode.Khmer, "km"},
	{"Lao", unicode.Lao, "lo"},
	{"Myanmar", unicode.Myanmar, "my"},
	{"Sinhala", unicode.Sinhala, "si"},
}

var kana = &unicode.RangeTable{R16: []unicode.Range16{{Lo: 0x3040, Hi: 0x30ff, Stride: 1}}}

// languageScripts lists the scripts a language is written in, by primary
// subtag. Languages not listed are trusted whatever their script.
var languageScripts = map[string][]string{
	"ru": {"Cyrillic"}, "uk": {"Cyrillic"}, "be": {"Cyrillic"}, "bg": {"Cyrillic"}, "mk": {"Cyrillic"},
	"sr": {"Cyrillic", "Latin"}, "kk": {"Cyrillic", "Latin"}, "ky": {"Cyrillic"}, "mn": {"Cyrillic"}, "tg": {"Cyrillic"},
	"el": {"Greek"},
	"ar": {"Arabic"}, "fa": {"Arabic"}, "ur": {"Arabic"}, "ps": {"Arabic"},
	"he": {"Hebrew"}, "yi": {"Hebrew"},
	"zh": {"Han"}, "ja": {"Han", "Kana"}, "ko": {"Hangul", "Han"},
	"th": {"Thai"}, "hi": {"Devanagari"}, "mr": {"Devanagari"}, "ne": {"Devanagari"},
	"bn": {"Bengali"}, "ka": {"Georgian"}, "hy": {"Armenian"}, "am": {"Ethiopic"}, "ta": {"Tamil"},
	"gu": {"Gujarati"}, "pa": {"Gurmukhi", "Arabic"}, "km": {"Khmer"}, "lo": {"Lao"}, "my": {"Myanmar"}, "si": {"Sinhala"},
	"en": {"Latin"}, "fr": {"Latin"}, "de": {"Latin"}, "es": {"Latin"}, "pt": {"Latin"}, "it": {"Latin"},
	"nl": {"Latin"}, "pl": {"Latin"}, "cs": {"Latin"}, "sk": {"Latin"}, "sl": {"Latin"}, "hr": {"Latin"},
	"bs": {"Latin", "Cyrillic"}, "ro": {"Latin"}, "hu": {"Latin"}, "fi": {"Latin"}, "sv": {"Latin"}, "da": {"Latin"},
	"no": {"Latin"}, "nb": {"Latin"}, "nn": {"Latin"}, "is": {"Latin"}, "et": {"Latin"}, "lv": {"Latin"},
	"lt": {"Latin"}, "tr": {"Latin"}, "az": {"Latin"}, "uz": {"Latin", "Cyrillic"}, "id": {"Latin"}, "ms": {"Latin"},
	"vi": {"Latin"}, "tl": {"Latin"}, "fil": {"Latin"}, "sw": {"Latin"}, "ga": {"Latin"}, "cy": {"Latin"},
	"ca": {"Latin"}, "eu": {"Latin"}, "gl": {"Latin"}, "sq": {"Latin"}, "mt": {"Latin"}, "lb": {"Latin"},
	"af": {"Latin"}, "ha": {"Latin"}, "yo": {"Latin"}, "zu": {"Latin"},
}

// minLetters is the fewest letters a text needs before its script may
// contradict the declared language.
const minLetters = 6

// DominantScript returns the name of the script most of s's letters are
// written in ("Latin", "Cyrillic", "Han" …) and how many of s's letters
// are in it; "" when s has no letters of a known script. Links (words
// with "://" or starting "www.") and e-mail addresses are not counted:
// a Russian summary listing its channel's social links is still Russian.
func DominantScript(s string) (string, int) {
	counts := scriptCounts(s)
	best := -1
	for i, n := range counts {
		if n > 0 && (best < 0 || n > counts[best]) {
			best = i
		}
	}
	if best < 0 {
		return "", 0
	}
	return scripts[best].name, counts[best]
}

// scriptCounts counts s's letters per script of scripts, leaving out links
// and e-mail addresses.
func scriptCounts(s string) []int {
	counts := make([]int, len(scripts))
	for _, w := range strings.Fields(s) {
		if strings.Contains(w, "://") || strings.HasPrefix(strings.ToLower(w), "www.") || strings.Contains(w, "@") {
			continue
		}
		for _, r := range w {
			if !unicode.IsLetter(r) {
				continue
			}
			for i, sc := range scripts {
				if unicode.Is(sc.table, r) {
					counts[i]++
					break
				}
			}
		}
	}
	return counts
}

// declaredShare is the share of a text's letters that the declared
// language's scripts must hold for the declaration to be trusted even when
// another script has more: Russian news quoting English names, a Japanese
// headline about "iPhone".
const declaredShare = 0.25

// SourceLanguage decides the source language to ask for: the declared
// language, unless text is written in a script that language does not use
// (Cyrillic in a site declared "en"), in which case Auto, so the provider
// detects it. Languages without a script table and short texts are
// trusted; an undetermined language ("", "und", "mul") is Auto.
func SourceLanguage(declared, text string) string {
	switch Primary(declared) {
	case "", "und", "mul", "zxx": // undetermined, multiple, no linguistic content
		return Auto
	}
	want, known := languageScripts[Primary(declared)]
	if !known {
		return declared
	}
	got, n := DominantScript(text)
	if got == "" || n < minLetters {
		return declared
	}
	counts := scriptCounts(text)
	total, mine := 0, 0
	for i, c := range counts {
		total += c
		for _, w := range want {
			if scripts[i].name == w {
				mine += c
			}
		}
	}
	if float64(mine) >= declaredShare*float64(total) {
		return declared
	}
	return Auto
}

// GuessLanguage guesses a language from the script of s, for providers
// that cannot detect languages: Cyrillic → "ru", Kana → "ja" …; "" when
// the script is shared by many languages (Latin) or unknown.
func GuessLanguage(s string) string {
	name, _ := DominantScript(s)
	if name == "Han" {
		// Japanese mixes Han with Kana; any Kana means Japanese.
		for _, r := range s {
			if unicode.Is(kana, r) {
				return "ja"
			}
		}
	}
	for _, sc := range scripts {
		if sc.name == name {
			return sc.guess
		}
	}
	return ""
}
