package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
	"github.com/worldbrief/worldbrief/sources"
)

// Grouping without a full translation: a country's articles are
// clustered on their original text, tokenised the way their language
// needs, so a digest is grouped the same whether none, some or all of its
// articles are translated.
//
//   - Languages with a Snowball stemmer (kljensen/snowball: Spanish, French,
//     Russian, Swedish, Norwegian, Hungarian) are stemmed by it, its stop
//     words dropped.
//   - Other space-separated languages (German, Italian, Portuguese, …) are
//     cut to their first truncateAt letters (longTruncateAt for German and
//     other compounding languages), a language-blind stemmer that holds
//     up well for headlines, with a short stop list where we have one;
//     German truncations are then stemmed by CISTEM (cistem.go). A
//     compound also yields its head: the longest tail that the window's
//     articles use as a word of its own ("Zinssenkung" → "Senkung"), or
//     else, for a long word, its last truncateAt letters.
//   - Chinese, Japanese, Thai, Lao, Khmer and Myanmar runs become
//     overlapping character bigrams, as in the English tokeniser; Japanese
//     hiragana (particles, inflections) only separate runs.
//   - Korean words lose their trailing particle ("폭설에" → "폭설").
//   - English keeps the English tokeniser (tokens), whose light stemmer the
//     thresholds were tuned with.
//
// Terms of a language other than English carry its tag ("fr:grev"), so
// words that look alike in two languages stay apart, while countries
// sharing a language still meet on the same terms.

// truncateAt is how many letters of a word the truncating stemmer keeps;
// longTruncateAt is for languages of long words and compounds.
const (
	truncateAt     = 6
	longTruncateAt = 8
)

// snowballStemmers are the Snowball stemmers by primary language subtag;
// each takes a lower-case word and whether to stem stop words.
var snowballStemmers = map[string]struct {
	stem func(string, bool) string
	stop func(string) bool
}{
	"es": {spanish.Stem, isSpanishStop},
	"fr": {french.Stem, french.IsStopWord},
	"ru": {russian.Stem, russian.IsStopWord},
	"sv": {swedish.Stem, swedish.IsStopWord},
	"no": {norwegian.Stem, norwegian.IsStopWord},
	"nb": {norwegian.Stem, norwegian.IsStopWord},
	"nn": {norwegian.Stem, norwegian.IsStopWord},
	"hu": {hungarian.Stem, hungarian.IsStopWord},
}

// isSpanishStop: the spanish package exports no stop-word test.
func isSpanishStop(w string) bool { return spanishStop[w] }

// languageTokens splits text written in language lang (a BCP 47 tag) into
// folded, stemmed terms without stop words, tagged with the language;
// compounds are split on the words of text itself.
func languageTokens(text, lang string) []string {
	lex := map[string]bool{}
	for _, t := range memoTokens(text, lang, nil, nil) {
		lex[t] = true
	}
	return memoTokens(text, lang, nil, lex)
}

// memoTokens is languageTokens remembering each word's terms in memo (when
// not nil): a window's headlines repeat their words. Compounds are split
// into the words of lex (see lexicon); with lex nil, words are not split
// at all.
func memoTokens(text, lang string, memo map[string][]string, lex map[string]bool) []string {
	primary := primaryTag(lang)
	if primary == "" || primary == "en" {
		return tokens(text)
	}
	prefix := primary + ":"
	var out []string
	var word []rune
	flush := func() {
		if len(word) == 0 {
			return
		}
		defer func() { word = word[:0] }()
		if primary == "ko" && unicode.Is(unicode.Hangul, word[0]) {
			out = append(out, prefix+stripParticle(string(word)))
			return
		}
		if isNgramScript(word[0]) {
			if len(word) == 1 {
				out = append(out, prefix+string(word))
			}
			for i := 0; i+1 < len(word); i++ {
				out = append(out, prefix+string(word[i:i+2]))
			}
			return
		}
		if len(word) < 2 && !unicode.IsDigit(word[0]) {
			return
		}
		w := string(word)
		key := prefix + w
		terms, ok := memo[key]
		if !ok {
			terms = wordTerms(primary, prefix, w, lex)
			if memo != nil {
				memo[key] = terms
			}
		}
		out = append(out, terms...)
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case primary == "ja" && unicode.Is(unicode.Hiragana, r):
			// Hiragana carry the particles and inflections of Japanese:
			// they break a run, and the kanji and katakana between them
			// (the content words) form the bigrams.
			flush()
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			if len(word) > 0 && isNgramScript(word[0]) != isNgramScript(r) {
				flush()
			}
			word = append(word, r)
		default: // punctuation, spaces and apostrophes end a word: "l'État" → "état"
			flush()
		}
	}
	flush()
	return out
}

// wordTerms returns the terms of one lower-case word of a language
// without a bigram script: none for a stop word, its stem, or its
// truncation (and a compound's parts, see compoundTerms).
func wordTerms(primary, prefix, w string, lex map[string]bool) []string {
	sb, hasStemmer := snowballStemmers[primary]
	stops := otherStops[primary]
	if (hasStemmer && sb.stop(w)) || stops[w] {
		return nil
	}
	if hasStemmer {
		return []string{prefix + sources.Fold(sb.stem(w, false))}
	}
	r := []rune(w)
	if !compounding[primary] {
		return []string{prefix + truncTerm(primary, r, truncateAt)}
	}
	whole := prefix + truncTerm(primary, r, longTruncateAt)
	if lex == nil {
		return []string{whole}
	}
	return append(compoundTerms(primary, prefix, r, lex), whole)
}

// truncTerm is r cut to keep letters and folded; a German one is then
// stemmed by CISTEM and loses a nominalising "-ung", so "senkt",
// "senken" and "Senkung" are one term.
func truncTerm(primary string, r []rune, keep int) string {
	if len(r) > keep {
		r = r[:keep]
	}
	w := string(r)
	if primary == "de" {
		w = cistem(w)
		if n := len([]rune(w)); n >= 7 && strings.HasSuffix(w, "ung") {
			w = cistem(strings.TrimSuffix(w, "ung"))
		}
	}
	return sources.Fold(w)
}

// minPart is the fewest letters of a compound's part.
const minPart = 4

// compoundTerms returns the parts of compound r that the window uses as
// words of their own (lex: the terms of its words, see lexicon), after
// Koehn and Knight's corpus-based splitter: the longest such head, which
// names what the compound is ("Zinssenkung" is a "Senkung", "Bahnstreik"
// a "Streik"). Its modifier is not a term: it qualifies the head
// ("Prozentpunkte" are points, not percent) and joined unrelated stories.
// When no part is a word of the window, a long word yields its last
// truncateAt letters as its head.
func compoundTerms(primary, prefix string, r []rune, lex map[string]bool) []string {
	for i := minPart; i+minPart <= len(r); i++ {
		if head := prefix + truncTerm(primary, r[i:], longTruncateAt); lex[head] {
			return []string{head}
		}
	}
	if len(r) >= 2*truncateAt {
		return []string{prefix + sources.Fold(string(r[len(r)-truncateAt:]))}
	}
	return nil
}

// isNgramScript is isBigramScript for the original-language tokeniser.
func isNgramScript(r rune) bool { return isBigramScript(r) }

// koreanParticles are the postpositions Korean attaches to the end of a
// word ("폭설에", "폭설로" → "폭설"), longest first.
var koreanParticles = []string{"에서는", "으로는", "에서", "으로", "에게", "까지", "부터", "이다", "은", "는", "이", "가", "을", "를", "에", "의", "로", "와", "과", "도", "만"}

// stripParticle removes one trailing particle of a Korean word of at
// least two syllables before it.
func stripParticle(w string) string {
	for _, p := range koreanParticles {
		if strings.HasSuffix(w, p) && utf8.RuneCountInString(w)-utf8.RuneCountInString(p) >= 2 {
			return strings.TrimSuffix(w, p)
		}
	}
	return w
}

// compounding are the languages that write compounds as one word.
var compounding = map[string]bool{"de": true, "nl": true, "da": true, "fi": true}

// otherStops are short stop lists of languages without a Snowball stemmer.
var otherStops = map[string]map[string]bool{
	"de": wordSet(`der die das den dem des ein eine einen einem einer eines und oder aber im in am an auf aus bei mit nach von vor zu zum zur
für über unter um ist sind war wird werden wurde hat haben nicht auch als wie so es sie er wir ihr sich noch nur schon mehr bis gegen
durch ohne neue neuer neues jetzt heute`),
	"it": wordSet(`il lo la i gli le un uno una di a da in con su per tra fra e o ma che non è sono del della dei degli delle al alla ai agli
alle dal dalla nel nella nei sul sulla si ci ne come anche più dopo oggi`),
	"pt": wordSet(`o a os as um uma uns umas de do da dos das em no na nos nas por para com sem e ou mas que não é são se ao aos à às pelo
pela pelos pelas mais como após hoje`),
	"nl": wordSet(`de het een en of maar in op aan met van voor naar bij uit door over is zijn was werd wordt niet ook als dat die er te om`),
	"ca": wordSet(`el la els les un una de del dels a al en amb per i o que no és es`),
	"fr": wordSet(`les aux après contre entre selon sans sous chez vers plus très`), // beyond Snowball's list
	"pl": wordSet(`i w na z do że się nie to jest o od po za dla jak ale`),
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// spanishStop is Snowball's Spanish stop list (its Go port has none).
var spanishStop = wordSet(`de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este sí porque esta
entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e
esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo
nosotros mi mis tú te ti tu tus ellas nosotras vosotros vosotras os mío mía míos mías tuyo tuya tuyos tuyas suyo suya suyos suyas
nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras esos esas es son fue ha han era tras`)

// translated reports whether a's Title and Summary are in the target
// language: it was published in English, the translation step marked it,
// or its title differs from the original.
func translated(a sources.Article) bool {
	return primaryTag(a.Language) == "en" || a.TranslatedTo != "" || (a.OriginalTitle != "" && a.Title != a.OriginalTitle)
}

// originalTerms tokenises a's title and lead as published, in its
// language, remembering words in memo.
func originalTerms(a sources.Article, memo map[string][]string, lex map[string]bool) (title, summary []string) {
	t, s := a.OriginalTitle, a.OriginalSummary
	if t == "" {
		t = a.Title
	}
	if s == "" && !translated(a) {
		s = a.Summary
	}
	if s == "" && primaryTag(a.Language) == "en" {
		s = a.Summary
	}
	return memoTokens(t, a.Language, memo, lex), memoTokens(lead(s, 400), a.Language, memo, lex)
}

// lexicon returns the terms of the whole words, unsplit, of the original
// text of every article of arts in a compounding language: the parts
// their compounds may split into. Built from every such article,
// translated or not, it does not change as translations land.
func lexicon(arts []sources.Article) map[string]bool {
	lex := map[string]bool{}
	memo := map[string][]string{}
	for _, a := range arts {
		if !compounding[primaryTag(a.Language)] {
			continue
		}
		t, s := originalTerms(a, memo, nil)
		for _, x := range append(t, s...) {
			if len([]rune(x)) >= minPart+3 { // "de:" and minPart letters
				lex[x] = true
			}
		}
	}
	return lex
}

// summaryOriginal reports whether a's title was translated alone (for
// grouping, or as an alternative take) and its summary is still the one
// published in another language.
func summaryOriginal(a sources.Article) bool {
	return primaryTag(a.Language) != "en" && a.TranslatedTo == "" && a.Summary != "" && a.Summary == a.OriginalSummary
}

// groupsInEnglish returns the countries whose every article has its text
// in the target language: they are grouped on it (as every country was
// before grouping learned other languages). An article whose title alone
// was translated (for grouping, or as an alternative take) keeps its
// country on its original text. The others are grouped on their original
// text, so their stories do not change as the translation of what they
// show lands; a country publishing in several languages then has its
// languages' clusters merged on their translated headlines
// (mergeLanguages).
func groupsInEnglish(arts []sources.Article) map[string]bool {
	out := map[string]bool{}
	for _, a := range arts {
		if _, seen := out[a.Country]; !seen {
			out[a.Country] = true
		}
		if !translated(a) || summaryOriginal(a) {
			out[a.Country] = false
		}
	}
	return out
}

// primaryTag is the lower-case primary subtag of a BCP 47 tag.
func primaryTag(tag string) string {
	tag = strings.ToLower(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}
