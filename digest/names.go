package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// theNames are the country names English puts "the" before, and the
// beginnings of such names ("United …", "… Islands").
var theNames = map[string]bool{
	"netherlands": true, "philippines": true, "maldives": true, "bahamas": true, "gambia": true,
	"comoros": true, "seychelles": true, "dominican republic": true, "czech republic": true,
	"central african republic": true, "dr congo": true, "ivory coast": true, "vatican": true,
}

// WithArticle returns a country name as the middle of a sentence uses
// it: "the United Kingdom", "the Netherlands", "France".
func WithArticle(name string) string {
	l := strings.ToLower(name)
	switch {
	case l == "" || strings.HasPrefix(l, "the "):
		return name
	case theNames[l], strings.HasPrefix(l, "united "), strings.HasSuffix(l, " islands"), strings.HasPrefix(l, "republic of "):
		return "the " + name
	}
	return name
}

// Possessive returns the possessive of a country name, with its article
// where it takes one: "France's", "the United States'", "the
// Netherlands'".
func Possessive(name string) string {
	name = WithArticle(name)
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// PressOf is the heading of a country's press: "France's press", "The
// United Kingdom's press".
func PressOf(name string) string { return upperFirst(Possessive(name)) + " press" }

// upperFirst capitalises the first letter, for a heading that starts
// with a name.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
