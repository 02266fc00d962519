package translate

import "testing"

func TestCheckLanguage(t *testing.T) {
	for _, ok := range []string{"ru", "pt-BR", "zh-Hant", "EN", "tlh", Auto} {
		if err := CheckLanguage(ok); err != nil {
			t.Errorf("CheckLanguage(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"klingon", "elvish", "", "x", "en--GB", "und", "123"} {
		if err := CheckLanguage(bad); err == nil {
			t.Errorf("CheckLanguage(%q) accepted it", bad)
		}
	}
}
