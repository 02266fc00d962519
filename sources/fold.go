package sources

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldLetters maps letters that Unicode decomposition leaves alone to
// their usual Latin spelling.
var foldLetters = map[rune]string{
	'ø': "o", 'ł': "l", 'đ': "d", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'ı': "i", 'þ': "th", 'ð': "d",
}

// Fold lower-cases s and strips its accents, the way people type names
// without them: compatibility-decomposed (NFKD), combining marks removed,
// letters that decomposition leaves alone spelt in Latin ("ł" → "l",
// "ß" → "ss", "ø" → "o"), then recomposed (NFC). "Łódź" and "lodz",
// "Straße" and "STRASSE" fold alike. Country names (ResolveCountry) and
// keyword filters share it, so both match the same spellings.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := foldLetters[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
