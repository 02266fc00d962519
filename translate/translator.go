package translate

import (
	"context"
	"strings"
)

// Auto asks the provider to detect the source language.
const Auto = "auto"

// Request is a batch of texts in one source language.
type Request struct {
	// Texts are the plain texts to translate.
	Texts []string
	// Source is the BCP 47 tag of the texts' language, or Auto.
	Source string
	// Target is the BCP 47 tag of the wanted language, e.g. "en".
	Target string
	// Priority says which part of a daily Budget the texts may spend
	// (see Budgeted); the zero value is PriorityRest.
	Priority Priority
}

// Result is the translation of one text.
type Result struct {
	// Text is the translated text; empty when the text was not translated.
	Text string
	// Detected is the source language the provider detected, when it says.
	Detected string
}

// Translator translates batches of texts. Results are in the order of
// req.Texts. On error the results may be partial: a Result whose Text is
// empty was not translated (the whole slice is nil when nothing was).
type Translator interface {
	Translate(ctx context.Context, req Request) ([]Result, error)
}

// Primary returns the primary language subtag of a BCP 47 tag in lower
// case: "pt-BR" → "pt", "zh_Hant" → "zh".
func Primary(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// SameLanguage reports whether two BCP 47 tags name the same language
// (regional variants aside).
func SameLanguage(a, b string) bool { return Primary(a) != "" && Primary(a) == Primary(b) }

// none keeps originals.
type none struct{}

// None returns a Translator that returns every text unchanged: the
// "none" provider.
func None() Translator { return none{} }

// Translate returns the texts unchanged.
func (none) Translate(_ context.Context, req Request) ([]Result, error) {
	out := make([]Result, len(req.Texts))
	for i, t := range req.Texts {
		out[i] = Result{Text: t}
	}
	return out, nil
}
