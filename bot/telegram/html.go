package telegram

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/bot"
)

// MaxMessageUnits is Telegram's limit on a message's text, in UTF-16 code
// units. The splitter measures the HTML source, which is never shorter
// than the text Telegram counts, so every message fits.
const MaxMessageUnits = 4096

// blockSeparator separates paragraphs (stories) in one message.
const blockSeparator = "\n\n"

// EscapeHTML escapes text for Telegram's HTML parse mode, in element
// content and in double-quoted attribute values. Invalid UTF-8 becomes
// U+FFFD.
func EscapeHTML(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return htmlEscaper.Replace(s)
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// UTF16Len counts s in UTF-16 code units, as Telegram does.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// RenderHTML renders m in Telegram HTML, split into messages of at most
// limit UTF-16 units (MaxMessageUnits when limit ≤ 0).
func RenderHTML(m bot.Message, limit int) []string {
	return split(m, limit, true)
}

// RenderPlain renders m as plain text split the same way; links show as
// "text (url)".
func RenderPlain(m bot.Message, limit int) []string {
	return split(m, limit, false)
}

// tags returns the markup around a span's text.
func tags(s bot.Span) (open, close string) {
	switch s.Style {
	case bot.Bold:
		return "<b>", "</b>"
	case bot.Italic:
		return "<i>", "</i>"
	case bot.Code:
		return "<code>", "</code>"
	case bot.Link:
		if u := safeURL(s.URL); u != "" {
			return `<a href="` + EscapeHTML(u) + `">`, "</a>"
		}
	}
	return "", ""
}

// safeURL keeps http(s) URLs of a sane length; others are not linked.
func safeURL(u string) string {
	lu := strings.ToLower(u)
	if len(u) > 1024 || !(strings.HasPrefix(lu, "https://") || strings.HasPrefix(lu, "http://")) {
		return ""
	}
	return u
}

// split renders the blocks and packs them into messages: whole blocks
// joined by a blank line while they fit; a block too long for one message
// is cut between its spans, and a span too long is cut at a line break or
// a space (at a character if it has none), every piece carrying its own
// tags.
func split(m bot.Message, limit int, asHTML bool) []string {
	if limit <= 0 {
		limit = MaxMessageUnits
	}
	var (
		out []string
		cur strings.Builder
		n   int
	)
	// blank reports text that would show nothing: Telegram refuses it.
	blank := func(x string) bool {
		if asHTML {
			x = htmlToPlain(x)
		}
		return strings.TrimSpace(x) == ""
	}
	flush := func() {
		if !blank(cur.String()) {
			out = append(out, cur.String())
		}
		cur.Reset()
		n = 0
	}
	for _, b := range m.Blocks {
		atoms := blockAtoms(b, limit, asHTML)
		whole := strings.Join(atoms, "")
		wn := UTF16Len(whole)
		if blank(whole) {
			continue
		}
		sep := 0
		if n > 0 {
			sep = len(blockSeparator)
		}
		if n+sep+wn <= limit {
			if sep > 0 {
				cur.WriteString(blockSeparator)
			}
			cur.WriteString(whole)
			n += sep + wn
			continue
		}
		flush()
		if wn <= limit {
			cur.WriteString(whole)
			n = wn
			continue
		}
		for _, a := range atoms {
			an := UTF16Len(a)
			if n+an > limit {
				flush()
			}
			cur.WriteString(a)
			n += an
		}
	}
	flush()
	return out
}

// blockAtoms renders a block as pieces, each at most limit units and
// each closed: no piece ends inside a tag or an entity.
func blockAtoms(b bot.Block, limit int, asHTML bool) []string {
	var atoms []string
	for _, s := range b {
		text := strings.ToValidUTF8(s.Text, "\uFFFD")
		open, close := "", ""
		esc := func(x string) string { return x }
		if asHTML {
			open, close = tags(s)
			esc = EscapeHTML
			if UTF16Len(open+close) > limit/2 {
				open, close = "", ""
			}
		} else if s.Style == bot.Link && s.URL != "" && s.URL != s.Text {
			text += " (" + strings.ToValidUTF8(s.URL, "\uFFFD") + ")"
		}
		if text == "" {
			continue // no empty tags
		}
		room := limit - UTF16Len(open+close)
		for _, piece := range cutText(text, room, esc) {
			atoms = append(atoms, open+esc(piece)+close)
		}
	}
	return atoms
}

// cutText cuts text into pieces whose escaped form is at most room units,
// preferring to cut after a newline, then after a space.
func cutText(text string, room int, esc func(string) string) []string {
	if UTF16Len(esc(text)) <= room {
		return []string{text}
	}
	var out []string
	for text != "" {
		n, end, lastNL, lastSp := 0, 0, -1, -1
		for i, r := range text {
			w := UTF16Len(esc(string(r)))
			if n+w > room {
				break
			}
			n += w
			end = i + utf8.RuneLen(r)
			if r == '\n' {
				lastNL = end
			} else if r == ' ' {
				lastSp = end
			}
		}
		if end == len(text) {
			out = append(out, text)
			break
		}
		cut := end
		if lastNL > 0 {
			cut = lastNL
		} else if lastSp > 0 {
			cut = lastSp
		}
		if cut == 0 { // room smaller than one character: never loop forever
			_, size := utf8.DecodeRuneInString(text)
			cut = size
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return out
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// htmlToPlain turns a rendered HTML message back into plain text, for the
// fallback after Telegram refuses its entities.
func htmlToPlain(s string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}
