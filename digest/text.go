package digest

import (
	"strings"
	"unicode"

	"github.com/worldbrief/worldbrief/sources"
)

// isBigramScript reports whether r belongs to a script written without
// spaces between words; such runs are split into character bigrams.
func isBigramScript(r rune) bool {
	if r < 0x0E00 { // below Thai: Latin, Greek, Cyrillic, Arabic, Indic …
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// tokens splits text into folded, stemmed terms without stop words.
// Letters and digits form words; scripts written without spaces yield
// overlapping character bigrams.
func tokens(text string) []string {
	text = sources.Fold(text)
	var out []string
	var word []rune
	flush := func() {
		if len(word) == 0 {
			return
		}
		if isBigramScript(word[0]) {
			if len(word) == 1 {
				out = append(out, string(word))
			}
			for i := 0; i+1 < len(word); i++ {
				out = append(out, string(word[i:i+2]))
			}
		} else if w := string(word); !stopWords[w] && (len(word) > 1 || unicode.IsDigit(word[0])) {
			out = append(out, stem(w))
		}
		word = word[:0]
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if len(word) > 0 && isBigramScript(word[0]) != isBigramScript(r) {
				flush()
			}
			word = append(word, r)
		case r == '\'' || r == '’':
			// "Macron's" → "macron"; "aujourd'hui" keeps its first part.
			flush()
		default:
			flush()
		}
	}
	flush()
	return out
}

// stem strips common English inflections: enough for "strikes", "striking"
// and "struck"-less matching of headlines, not a full Porter stemmer.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for _, s := range stemRules {
		if len(w) > len(s.suffix)+2 && strings.HasSuffix(w, s.suffix) {
			w = w[:len(w)-len(s.suffix)] + s.repl
			break
		}
	}
	// "strike", "strikes" and "striking" all become "strik".
	if len(w) > 4 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	return w
}

var stemRules = []struct{ suffix, repl string }{
	{"ational", "ate"}, {"ization", "ize"}, {"isation", "ize"}, {"ements", "e"}, {"ement", "e"},
	{"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"},
	{"ations", "ate"}, {"ation", "ate"}, {"ities", "ity"}, {"ingly", ""},
	{"ings", ""}, {"ing", ""}, {"ies", "y"}, {"ied", "y"}, {"ers", "er"},
	{"edly", ""}, {"ed", ""}, {"ly", ""}, {"sses", "ss"}, {"ss", "ss"}, {"us", "us"}, {"is", "is"}, {"es", "e"}, {"s", ""},
}

// stopWords are frequent English function words and headline filler that
// carry no story identity.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be
because been before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how i if in into
is it its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves
says said say new news amid after over us via live update updates latest report reports reported
year years day days week today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
one two three first last may might must could would shall get gets got make makes made
mr mrs ms vs per s t`) {
		m[w] = true
	}
	return m
}()
