package digest

import "strings"

// cistem is the CISTEM stemmer for German (Weissweiler and Fraser,
// "Developing a Stemmer for German Based on a Comparative Analysis of
// Publicly Available Stemmers", GSCL 2017), case-insensitive: it takes a
// lower-case word and strips a "ge-" prefix and the inflectional endings
// (-em, -er, -nd, -t, -e, -s, -n) while more than three letters remain,
// so "senkt", "senken" and "gesenkt" are all "senk". Umlauts and ß are
// folded first, as the algorithm prescribes.
func cistem(w string) string {
	w = cistemFold.Replace(w)
	if r := []rune(w); len(r) >= 6 && strings.HasPrefix(w, "ge") {
		w = w[2:]
	}
	// Digraphs count as one letter, and a doubled letter is marked so
	// that an ending is never stripped from the middle of it.
	w = cistemIn.Replace(w)
	r := []rune(w)
	for i := 1; i < len(r); i++ {
		if r[i] == r[i-1] {
			r[i] = '*'
		}
	}
	for len(r) > 3 {
		n := len(r)
		if n > 5 && ((r[n-2] == 'e' && (r[n-1] == 'm' || r[n-1] == 'r')) || (r[n-2] == 'n' && r[n-1] == 'd')) {
			r = r[:n-2]
			continue
		}
		if c := r[n-1]; c == 't' || c == 'e' || c == 's' || c == 'n' {
			r = r[:n-1]
			continue
		}
		break
	}
	for i := 1; i < len(r); i++ {
		if r[i] == '*' {
			r[i] = r[i-1]
		}
	}
	return cistemOut.Replace(string(r))
}

var (
	cistemFold = strings.NewReplacer("ü", "u", "ö", "o", "ä", "a", "ß", "ss")
	cistemIn   = strings.NewReplacer("sch", "$", "ei", "%", "ie", "&")
	cistemOut  = strings.NewReplacer("$", "sch", "%", "ei", "&", "ie")
)
