package translate

import (
	"fmt"

	"golang.org/x/text/language"
)

// CheckLanguage reports whether tag is a language a provider can be asked
// for: a known BCP 47 tag such as "ru", "pt-BR" or "zh-Hant", or Auto.
// "klingon" and "elvish" are not (Klingon's tag is "tlh").
func CheckLanguage(tag string) error {
	if tag == Auto {
		return nil
	}
	t, err := language.Parse(tag)
	if err != nil {
		return fmt.Errorf("%q is not a language tag (e.g. ru, pt-BR, zh-Hant)", tag)
	}
	if base, _, _ := t.Raw(); base.String() == "und" {
		return fmt.Errorf("%q is not a known language (e.g. ru, pt-BR, zh-Hant)", tag)
	}
	return nil
}
