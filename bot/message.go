package bot

import (
	"fmt"
	"strings"
)

// Style is how a Span is shown.
type Style uint8

// Span styles. Renderers map them to their markup; plain text drops all
// but links, which show their URL.
const (
	Plain Style = iota
	Bold
	Italic
	Code
	Link
)

// Span is a run of text in one style. Text is untrusted and unescaped:
// renderers escape it.
type Span struct {
	Text  string
	Style Style
	// URL is the target of a Link span.
	URL string
}

// Block is a paragraph, e.g. one story of a digest. Renderers split long
// messages between blocks, never inside one when they can avoid it.
type Block []Span

// Message is a reply or a digest: paragraphs of styled text.
type Message struct {
	Blocks []Block
	// Private marks a reply that concerns only the sender — a mistake, a
	// failure, the chat's settings. Platforms that can (Discord) show it
	// to the sender alone.
	Private bool
	// Preview, when set, is the one link whose preview the platform shows
	// with the message (Telegram: on its first part); every other link
	// stays without one.
	Preview string
	// Images maps a block's index to an image shown with that block where
	// the platform can (Discord: the thumbnail of the block's embed).
	Images map[int]string
}

// private returns m marked Private.
func private(m Message) Message {
	m.Private = true
	return m
}

// T is a plain span.
func T(s string) Span { return Span{Text: s} }

// B is a bold span.
func B(s string) Span { return Span{Text: s, Style: Bold} }

// I is an italic span.
func I(s string) Span { return Span{Text: s, Style: Italic} }

// C is a monospace span, e.g. a command.
func C(s string) Span { return Span{Text: s, Style: Code} }

// L is a link span.
func L(text, url string) Span { return Span{Text: text, Style: Link, URL: url} }

// Add appends a paragraph made of spans.
func (m *Message) Add(spans ...Span) { m.Blocks = append(m.Blocks, Block(spans)) }

// AddLines appends one paragraph holding each line on its own line.
func (m *Message) AddLines(lines ...[]Span) {
	var b Block
	for i, l := range lines {
		if i > 0 {
			b = append(b, T("\n"))
		}
		b = append(b, l...)
	}
	m.Blocks = append(m.Blocks, b)
}

// Text builds a one-paragraph plain message.
func Text(s string) Message { return Message{Blocks: []Block{{T(s)}}} }

// PlainText renders the block as plain text; a link shows as
// "text (url)", or the URL alone when the text is the URL.
func (b Block) PlainText() string {
	var sb strings.Builder
	for _, s := range b {
		sb.WriteString(s.Text)
		if s.Style == Link && s.URL != "" && s.URL != s.Text {
			sb.WriteString(" (" + s.URL + ")")
		}
	}
	return sb.String()
}

// PlainText renders the message as plain text, paragraphs separated by a
// blank line.
func (m Message) PlainText() string {
	parts := make([]string, len(m.Blocks))
	for i, b := range m.Blocks {
		parts[i] = b.PlainText()
	}
	return strings.Join(parts, "\n\n")
}

// plural writes a count with its noun: "1 country", "2 countries".
func plural[N int | int64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
