package telegram

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/bot"
)

// noSpace drops whitespace, which splitting may move or Telegram trims.
func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// visible is the text a message shows, as Telegram would render it.
func visible(m bot.Message, plain bool) string {
	var sb strings.Builder
	for _, b := range m.Blocks {
		for _, s := range b {
			sb.WriteString(strings.ToValidUTF8(s.Text, "\uFFFD"))
			if plain && s.Style == bot.Link && s.URL != "" && s.URL != s.Text {
				sb.WriteString(" (" + strings.ToValidUTF8(s.URL, "\uFFFD") + ")")
			}
		}
	}
	return sb.String()
}

// checkSplit asserts every chunk is valid Telegram HTML within the limit
// and that together they show all of the message's text.
func checkSplit(t *testing.T, m bot.Message, limit int) []string {
	t.Helper()
	chunks := RenderHTML(m, limit)
	var got strings.Builder
	for i, c := range chunks {
		if n := UTF16Len(c); n > limit {
			t.Fatalf("chunk %d is %d UTF-16 units, limit %d", i, n, limit)
		}
		txt, err := checkHTML(c)
		if err != nil {
			t.Fatalf("chunk %d: %v\n%s", i, err, c)
		}
		if strings.TrimSpace(txt) == "" {
			t.Fatalf("chunk %d is empty", i)
		}
		got.WriteString(txt)
	}
	if noSpace(got.String()) != noSpace(visible(m, false)) {
		t.Fatalf("text lost or changed:\n got %q\nwant %q", got.String(), visible(m, false))
	}
	var plain strings.Builder
	for i, c := range RenderPlain(m, limit) {
		if n := UTF16Len(c); n > limit {
			t.Fatalf("plain chunk %d is %d units", i, n)
		}
		plain.WriteString(c)
	}
	if noSpace(plain.String()) != noSpace(visible(m, true)) {
		t.Fatalf("plain text lost:\n got %q\nwant %q", plain.String(), visible(m, true))
	}
	return chunks
}

func TestEscapeHTML(t *testing.T) {
	in := `<script>alert("x")</script> & <b>bold</b> ` + "\xff"
	got := EscapeHTML(in)
	if strings.ContainsAny(got, `<>"`) || !utf8.ValidString(got) {
		t.Fatalf("EscapeHTML left markup: %q", got)
	}
	if txt, err := checkHTML(got); err != nil || txt != strings.ToValidUTF8(in, "\uFFFD") {
		t.Fatalf("escaped text reads back as %q, %v", txt, err)
	}
}

func TestSplitStoriesStayWhole(t *testing.T) {
	var m bot.Message
	story := strings.Repeat("Word <&> ", 150) // 1350 characters, 2700 units escaped
	for i := range 6 {
		m.Add(bot.B("Story "+string(rune('A'+i))), bot.T("\n"+story), bot.L("source", "https://example.com/?a=1&b=\"2\""))
	}
	chunks := checkSplit(t, m, MaxMessageUnits)
	if len(chunks) < 2 {
		t.Fatalf("6 long stories fit in %d message", len(chunks))
	}
	for i, c := range chunks {
		if !strings.HasPrefix(c, "<b>Story ") {
			t.Errorf("chunk %d does not start at a story boundary: %.40q", i, c)
		}
	}
}

func TestSplitHugeStoryAndEmoji(t *testing.T) {
	var m bot.Message
	m.Add(bot.I(strings.Repeat("🌍", 5000)))                   // 10000 units, no spaces
	m.Add(bot.T(strings.Repeat("a&b ", 3000)), bot.C("/x y")) // escaped entity-heavy text
	m.Add(bot.L(strings.Repeat("x", 9000), "javascript:alert(1)"))
	chunks := checkSplit(t, m, MaxMessageUnits)
	for _, c := range chunks {
		if strings.Contains(c, "javascript:") {
			t.Fatal("a javascript: link was rendered")
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("hello <b>&amp;", "https://x.y/?q=<>", uint8(3), uint16(4096))
	f.Add(strings.Repeat("é🌍 ", 100), "", uint8(4), uint16(40))
	f.Add("\xff\xfe\x00", "http://a", uint8(1), uint16(16))
	f.Fuzz(func(t *testing.T, text, url string, style uint8, limit uint16) {
		lim := int(limit)%MaxMessageUnits + 1
		if lim < 40 {
			lim = 40
		}
		var m bot.Message
		for i, part := range strings.SplitAfter(text, "|") {
			m.Add(bot.Span{Text: part, Style: bot.Style((int(style) + i) % 5), URL: url}, bot.T(part))
		}
		checkSplit(t, m, lim)
	})
}

func FuzzEscapeHTML(f *testing.F) {
	f.Add(`<a href="x">&amp;</a>`)
	f.Add("\xff<\x00>")
	f.Fuzz(func(t *testing.T, s string) {
		txt, err := checkHTML(EscapeHTML(s))
		if err != nil {
			t.Fatal(err)
		}
		if txt != strings.ToValidUTF8(s, "\uFFFD") {
			t.Fatalf("escape round trip: %q → %q", s, txt)
		}
	})
}
