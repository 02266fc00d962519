package digest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/worldbrief/worldbrief/sources"
)

// Filter keeps or removes stories of a built digest by keywords, so each
// subscription can narrow the one shared digest. Build it with NewFilter.
type Filter struct {
	include, exclude []matcher
}

// matcher matches a story's text: its words (see words) and its folded
// plain text.
type matcher func(words, plain string) bool

// NewFilter compiles include and exclude terms. A term is a word or
// phrase, matched as whole words, ignoring case and accents ("societe"
// matches "Société"); a term written /like this/ is an RE2 regular
// expression (linear time), matched case-insensitively against the text
// with accents removed. A story is kept when it matches at least one
// include term (or there are none) and no exclude term.
func NewFilter(include, exclude []string) (*Filter, error) {
	f := &Filter{}
	var err error
	if f.include, err = compileTerms(include); err != nil {
		return nil, fmt.Errorf("include: %w", err)
	}
	if f.exclude, err = compileTerms(exclude); err != nil {
		return nil, fmt.Errorf("exclude: %w", err)
	}
	return f, nil
}

func compileTerms(terms []string) ([]matcher, error) {
	var out []matcher
	for _, t := range terms {
		t = strings.TrimSpace(t)
		if len(t) >= 2 && strings.HasPrefix(t, "/") && strings.HasSuffix(t, "/") {
			re, err := regexp.Compile("(?i)" + t[1:len(t)-1])
			if err != nil {
				return nil, fmt.Errorf("pattern %s: %w", t, err)
			}
			out = append(out, func(_, plain string) bool { return re.MatchString(plain) })
			continue
		}
		w := words(t)
		if strings.TrimSpace(w) == "" {
			continue
		}
		out = append(out, func(text, _ string) bool { return strings.Contains(text, w) })
	}
	return out, nil
}

// words folds s and rewrites it as its words separated by single spaces,
// with a space at both ends, so that Contains matches whole words.
func words(s string) string {
	f := strings.FieldsFunc(sources.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return " " + strings.Join(f, " ") + " "
}

// Empty reports whether the filter keeps every story.
func (f *Filter) Empty() bool { return f == nil || len(f.include)+len(f.exclude) == 0 }

// Apply returns d with only the stories the filter keeps; d is unchanged.
func (f *Filter) Apply(d Digest) Digest {
	if f.Empty() {
		return d
	}
	kept := make([]Story, 0, len(d.Stories))
	for _, s := range d.Stories {
		if f.Keep(s) {
			kept = append(kept, s)
		}
	}
	d.Stories = kept
	return d
}

// Keep reports whether the filter keeps story s. The text searched is the
// headline, the summary and every source's and take's headline.
func (f *Filter) Keep(s Story) bool {
	if f.Empty() {
		return true
	}
	var b strings.Builder
	b.WriteString(s.Headline + "\n" + s.Summary)
	for _, src := range s.Sources {
		b.WriteString("\n" + src.OriginalHeadline)
	}
	for _, t := range s.AlternativeTakes {
		b.WriteString("\n" + t.Headline)
	}
	text := words(b.String())
	plain := sources.Fold(b.String())
	test := func(ms []matcher) bool {
		for _, m := range ms {
			if m(text, plain) {
				return true
			}
		}
		return false
	}
	if len(f.include) > 0 && !test(f.include) {
		return false
	}
	return !test(f.exclude)
}
