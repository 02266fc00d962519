package sources

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Limits that keep the resolver fast on hostile input.
const (
	// maxInputBytes is how much of the input is looked at at all.
	maxInputBytes = 256
	// maxFuzzyRunes caps the key compared by edit distance.
	maxFuzzyRunes = 32
	// maxShownRunes caps the input quoted back in error messages.
	maxShownRunes = 40
	// maxSuggestions is how many countries an UnknownCountryError offers.
	maxSuggestions = 3
)

// ErrUnknownCountry is matched (errors.Is) by *UnknownCountryError and
// *NotCoveredError.
var ErrUnknownCountry = errors.New("unknown country")

// ErrEmptyCountry is returned by Resolve for empty or blank input.
var ErrEmptyCountry = errors.New(`no country given: type a country name or code, e.g. "fr" or "France"`)

// UnknownCountryError is returned by Resolve when the input names no
// country it knows.
type UnknownCountryError struct {
	// Input is the input as typed, trimmed and shortened for display.
	Input string
	// Suggestions are up to three catalog countries close to the input,
	// closest first.
	Suggestions []Country
}

// Error returns a sentence such as
// `unknown country "frnce". Did you mean France (fr)?`.
func (e *UnknownCountryError) Error() string {
	if len(e.Suggestions) == 0 {
		return fmt.Sprintf("unknown country %q. Run `worldbrief countries` to see the countries we cover.", e.Input)
	}
	return fmt.Sprintf("unknown country %q. Did you mean %s?", e.Input, e.SuggestionList())
}

// SuggestionList writes the suggestions as "France (fr), Finland (fi) or
// Fiji (fj)"; it is "" when there are none.
func (e *UnknownCountryError) SuggestionList() string {
	names := make([]string, len(e.Suggestions))
	for i, c := range e.Suggestions {
		names[i] = fmt.Sprintf("%s (%s)", c.Name, c.Code)
	}
	switch n := len(names); n {
	case 0:
		return ""
	case 1:
		return names[0]
	default:
		return strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
}

// Is makes errors.Is(err, ErrUnknownCountry) true.
func (e *UnknownCountryError) Is(target error) bool { return target == ErrUnknownCountry }

// NotCoveredError is returned by Resolve when the input is a real ISO
// 3166-1 country that the catalog does not cover.
type NotCoveredError struct {
	// Input is the input as typed, trimmed and shortened for display.
	Input string
	// Code is the ISO 3166-1 alpha-2 code in lower case, e.g. "is".
	Code string
	// Name is the country's English name, e.g. "Iceland".
	Name string
}

// Error returns a sentence such as `we don't cover Iceland (is) yet`.
func (e *NotCoveredError) Error() string {
	return fmt.Sprintf("we don't cover %s (%s) yet. Run `worldbrief countries` to see the countries we do.", e.Name, e.Code)
}

// Is makes errors.Is(err, ErrUnknownCountry) true.
func (e *NotCoveredError) Is(target error) bool { return target == ErrUnknownCountry }

// Resolve turns people's words into a catalog country: its code ("fr",
// "FR"), its name ("France", " france "), an alias ("UK", "Britain",
// "USA", "America") or its ISO 3166-1 names ("Korea, Republic of").
// Matching ignores case, accents, punctuation and spaces, so "cote divoire"
// finds Côte d'Ivoire.
//
// Errors: ErrEmptyCountry for blank input; *NotCoveredError for an ISO
// country the catalog lacks; *UnknownCountryError, with up to three
// suggestions, otherwise.
func (c *Catalog) Resolve(input string) (Country, error) {
	trimmed := strings.TrimSpace(truncateBytes(input, maxInputBytes))
	if trimmed == "" {
		return Country{}, ErrEmptyCountry
	}
	key := normalizeKey(trimmed)
	if key != "" {
		for _, co := range c.Countries {
			if slices.Contains(countryKeys(co), key) {
				return co, nil
			}
		}
		if code, ok := isoIndex()[key]; ok {
			return Country{}, &NotCoveredError{Input: shown(trimmed), Code: code, Name: iso3166[code].display()}
		}
	}
	return Country{}, &UnknownCountryError{Input: shown(trimmed), Suggestions: c.suggest(key)}
}

// Search returns the catalog countries whose code, name, aliases or ISO
// names contain the query, ignoring case, accents, punctuation and spaces:
// exact matches first, then prefix matches, then the rest, each group by
// name. An empty query, or one without letters or digits, returns every
// country, by name.
func (c *Catalog) Search(query string) []Country {
	key := normalizeKey(truncateBytes(query, maxInputBytes))
	type hit struct {
		rank int
		co   Country
	}
	var hits []hit
	for _, co := range c.Countries {
		rank := searchRank(countryKeys(co), key)
		if rank >= 0 {
			hits = append(hits, hit{rank, co})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return strings.Compare(a.co.Name, b.co.Name)
	})
	out := make([]Country, len(hits))
	for i, h := range hits {
		out[i] = h.co
	}
	return out
}

// searchRank ranks how the query key matches a country's keys: 0 for an
// exact match (or an empty query), 1 for a prefix, 2 for a substring, -1
// for no match.
func searchRank(keys []string, q string) int {
	if q == "" {
		return 0
	}
	best := -1
	for _, k := range keys {
		r := -1
		switch {
		case k == q:
			r = 0
		case strings.HasPrefix(k, q):
			r = 1
		case strings.Contains(k, q):
			r = 2
		}
		if r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	return best
}

// suggest ranks catalog countries by how close one of their keys is to
// key: a prefix match counts as distance 0, otherwise the edit distance
// must be small for the length.
func (c *Catalog) suggest(key string) []Country {
	if key == "" {
		return nil
	}
	in := []rune(key)
	if len(in) > maxFuzzyRunes {
		in = in[:maxFuzzyRunes]
	}
	type cand struct {
		dist int
		co   Country
	}
	var cands []cand
	for _, co := range c.Countries {
		best := -1
		for _, k := range countryKeys(co) {
			d := closeness(in, key, k)
			if d >= 0 && (best < 0 || d < best) {
				best = d
			}
		}
		if best >= 0 {
			cands = append(cands, cand{best, co})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.co.Name, b.co.Name)
	})
	var out []Country
	for _, cd := range cands {
		if len(out) == maxSuggestions {
			break
		}
		out = append(out, cd.co)
	}
	return out
}

// closeness returns the distance of candidate key k from the input (in as
// runes, key as string), or -1 when they are not close.
func closeness(in []rune, key, k string) int {
	if len(key) >= 3 && strings.HasPrefix(k, key) {
		return 0
	}
	n := utf8.RuneCountInString(k)
	allowed := max(1, min(len(in), n)/3)
	if abs(len(in)-n) > allowed {
		return -1
	}
	if d := editDistance(in, []rune(k)); d <= allowed && d < n {
		return d
	}
	return -1
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and adjacent transpositions each cost 1.
func editDistance(a, b []rune) int {
	rows := make([]int, 3*(len(b)+1))
	prev2, prev, cur := rows[:len(b)+1], rows[len(b)+1:2*(len(b)+1)], rows[2*(len(b)+1):]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// countryKeys returns the normalised code, name, aliases and ISO names of a
// catalog country, without empty keys.
func countryKeys(co Country) []string {
	iso := isoKeys()[strings.ToLower(co.Code)]
	keys := make([]string, 0, 2+len(co.Aliases)+len(co.Native)+len(iso))
	add := func(k string) {
		if k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	add(normalizeKey(co.Code))
	add(normalizeKey(co.Name))
	for _, a := range co.Aliases {
		add(normalizeKey(a))
	}
	for _, n := range co.Native {
		add(normalizeKey(n))
	}
	for _, k := range iso {
		add(k)
	}
	return keys
}

// isoKeys maps each ISO 3166-1 code to the normalised keys of its English
// names. It is derived once from the fixed table.
var isoKeys = sync.OnceValue(func() map[string][]string {
	out := make(map[string][]string, len(iso3166))
	for code, c := range iso3166 {
		for _, n := range c.names() {
			if k := normalizeKey(n); k != "" {
				out[code] = append(out[code], k)
			}
		}
	}
	return out
})

// isoIndex maps the normalised code and every English name of each ISO
// 3166-1 country to its code. It is derived once from the fixed table.
var isoIndex = sync.OnceValue(func() map[string]string {
	idx := make(map[string]string, len(iso3166)*3)
	for code, keys := range isoKeys() {
		idx[code] = code
		for _, k := range keys {
			idx[k] = code
		}
	}
	return idx
})

// normalizeKey reduces a name to a matching key: folded (see Fold), "&"
// read as "and", a leading "the" dropped, and everything that is not a letter or digit
// (spaces, apostrophes, dots, hyphens, commas…) removed. "Côte d'Ivoire",
// "cote divoire" and "COTE-D'IVOIRE" all become "cotedivoire".
func normalizeKey(s string) string {
	s = Fold(s)
	var b strings.Builder
	b.Grow(len(s))
	words, firstLen, inWord := 0, 0, false
	for _, r := range s {
		switch {
		case r == '\'' || r == '.' || r == '`' || r == '’' || r == 'ʼ':
			// dropped inside a word: "d'Ivoire" → "divoire", "U.S." → "us"
		case r == '&':
			inWord = false
			words++
			b.WriteString("and")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				inWord = true
				words++
			}
			b.WriteRune(r)
		default:
			inWord = false
		}
		if words == 1 {
			firstLen = b.Len()
		}
	}
	out := b.String()
	if words > 1 && firstLen == 3 && out[:3] == "the" {
		out = out[3:]
	}
	return out
}

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// truncateBytes cuts s to at most n bytes without splitting a rune.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// shown shortens the input for quoting in an error message.
func shown(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= maxShownRunes {
		return s
	}
	return string([]rune(s)[:maxShownRunes]) + "…"
}
