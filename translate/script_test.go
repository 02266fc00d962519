package translate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSourceLanguage(t *testing.T) {
	cases := []struct{ declared, text, want string }{
		{"en", "Government announces new budget", "en"},
		{"en", "Правительство объявило новый бюджет", Auto}, // Cyrillic in an English site
		{"ru", "Правительство объявило новый бюджет", "ru"}, // as declared
		{"sr", "Vlada je usvojila budžet", "sr"},            // Serbian in Latin is fine
		{"sr", "Влада је усвојила буџет", "sr"},             // and in Cyrillic
		{"ja", "東京で地震、けが人なし", "ja"},                         // Han + Kana
		{"fr", "ירושלים: הממשלה אישרה את התקציב", Auto},     // Hebrew in a French site
		{"ar", "الحكومة توافق على الميزانية", "ar"},         // RTL as declared
		{"en", "BBC: Путин", "en"},                          // too little to contradict
		{"xx", "Правительство объявило новый бюджет", "xx"}, // unknown languages are trusted
		{"", "Government", Auto},
		{"und", "Government", Auto},
		// A Russian video's summary that lists its channel's links (real
		// text of the rutube fixture feed): still Russian, not "detect".
		{"ru", "Бебуришвили про свободные отношения. Эфир от 23.03.2018 Мы в соцсетях: Rutube: https://rutube.ru/metainfo/tv/10/ Telegram: https://t.me/comedyclubru ВКонтакте: https://vk.com/comedyclubru Одноклассники: https://ok.ru/comedyclubru YouTube Shorts: https://www.youtube.com/channel/UCmVoIfd7II", "ru"},
		// Russian quoting English names, below half of the letters.
		{"ru", "Comedy Club Production и Телеканал ТНТ", "ru"},
		// An English site whose text is nearly all Russian is still caught.
		{"en", "Moscow: Правительство объявило новый бюджет на следующий год", Auto},
	}
	for _, c := range cases {
		if got := SourceLanguage(c.declared, c.text); got != c.want {
			t.Errorf("SourceLanguage(%q, %q) = %q, want %q", c.declared, c.text, got, c.want)
		}
	}
}

func TestGuessLanguage(t *testing.T) {
	for text, want := range map[string]string{
		"Президент": "ru", "東京で地震": "ja", "北京新闻": "zh", "서울 뉴스": "ko", "Αθήνα": "el", "Hello": "", "123": "",
	} {
		if got := GuessLanguage(text); got != want {
			t.Errorf("GuessLanguage(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestPackHonoursLimits(t *testing.T) {
	var pieces []piece
	for i := range 300 {
		pieces = append(pieces, piece{owner: i, text: strings.Repeat("a", 1+i%200)})
	}
	lim := limits{maxTexts: 50, maxBytes: 4000}
	n := 0
	for _, b := range pack(pieces, lim) {
		size := 0
		for _, p := range b {
			if p.owner != n {
				t.Fatalf("order lost at %d", n)
			}
			n++
			size += len(p.text)
		}
		if len(b) > 50 || size > 4000 {
			t.Fatalf("batch of %d texts, %d bytes", len(b), size)
		}
	}
	if n != 300 {
		t.Fatalf("%d pieces packed, want 300", n)
	}
}

// FuzzSplitText checks that splitting never breaks a character, never
// exceeds the cap and loses nothing but whitespace.
func FuzzSplitText(f *testing.F) {
	f.Add("Une phrase. Une autre phrase! Et encore une?", 12)
	f.Add("東京で地震。けが人なし。政府が発表", 10)
	f.Add(strings.Repeat("😀", 50), 7)
	f.Add("الحكومة توافق على الميزانية الجديدة", 9)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if !utf8.ValidString(s) || max < 4 || max > 1000 {
			t.Skip()
		}
		parts := splitText(s, max)
		var joined strings.Builder
		for _, p := range parts {
			if len(p) > max {
				t.Fatalf("piece of %d bytes > %d", len(p), max)
			}
			if !utf8.ValidString(p) {
				t.Fatalf("piece %q is not valid UTF-8", p)
			}
			joined.WriteString(p)
		}
		strip := func(x string) string { return strings.Join(strings.Fields(x), "") }
		if strip(joined.String()) != strip(s) {
			t.Fatalf("content changed:\n%q\n%q", s, joined.String())
		}
	})
}
