package discord

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/bot"
)

// Discord's message and embed limits, in characters (counted here as
// UTF-16 code units, as Discord's JavaScript clients count them, which is
// never less than the number of code points).
const (
	MaxContent          = 2000
	MaxEmbeds           = 10
	MaxEmbedTitle       = 256
	MaxEmbedDescription = 4096
	MaxEmbedFields      = 25
	MaxFieldName        = 256
	MaxFieldValue       = 1024
	MaxEmbedTotal       = 6000
)

// Colour is the accent of worldbrief's embeds.
const Colour = 0x2b6cb0

// textLen counts characters the way Discord limits them.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		if l := utf16.RuneLen(r); l > 0 {
			n += l
		} else {
			n++
		}
	}
	return n
}

// Render turns a message into Discord messages of embeds, each within every
// limit. A block that opens with a bold span short enough for a title
// starts a new embed with that title (a digest's heading and each story),
// linked to the block's first link; other blocks continue the current
// embed's description. Text too long for one embed continues in the next
// one, split between words; nothing is dropped. A block's image (an
// http(s) URL) is its embed's thumbnail.
func Render(m bot.Message) []*discordgo.MessageSend {
	var embeds []*discordgo.MessageEmbed
	var cur *discordgo.MessageEmbed
	var desc strings.Builder
	descLen := 0
	start := func(title, url string) {
		if cur != nil {
			cur.Description = desc.String()
		}
		desc.Reset()
		descLen = 0
		cur = &discordgo.MessageEmbed{Title: title, URL: url, Color: Colour}
		embeds = append(embeds, cur)
	}
	for i, b := range m.Blocks {
		title, url, rest := heading(b)
		if title != "" || cur == nil {
			start(title, url)
			if img := m.Images[i]; strings.HasPrefix(img, "https://") || strings.HasPrefix(img, "http://") {
				cur.Thumbnail = &discordgo.MessageEmbedThumbnail{URL: img}
			}
		}
		for _, piece := range atoms(rest) {
			add := piece.text
			if descLen > 0 && piece.first {
				add = "\n\n" + add
			}
			n := textLen(add)
			if descLen+n > MaxEmbedDescription {
				start("", "")
				add = strings.TrimLeft(piece.text, " ")
				n = textLen(add)
			}
			desc.WriteString(add)
			descLen += n
		}
	}
	if cur != nil {
		cur.Description = desc.String()
	}
	return pack(embeds)
}

// embedLen is what an embed counts towards the 6000-character total.
func embedLen(e *discordgo.MessageEmbed) int {
	n := textLen(e.Title) + textLen(e.Description)
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	return n
}

// pack groups embeds into messages of at most MaxEmbeds embeds and
// MaxEmbedTotal characters.
func pack(embeds []*discordgo.MessageEmbed) []*discordgo.MessageSend {
	var out []*discordgo.MessageSend
	var cur *discordgo.MessageSend
	total := 0
	for _, e := range embeds {
		if e.Title == "" && e.Description == "" {
			continue
		}
		n := embedLen(e)
		if cur == nil || len(cur.Embeds) == MaxEmbeds || total+n > MaxEmbedTotal {
			cur = &discordgo.MessageSend{}
			out = append(out, cur)
			total = 0
		}
		cur.Embeds = append(cur.Embeds, e)
		total += n
	}
	return out
}

// heading returns the block's title (its leading bold span, when it fits a
// title and holds no line break), the URL of its first link, and the spans
// left for the description.
func heading(b bot.Block) (title, url string, rest bot.Block) {
	if len(b) == 0 || b[0].Style != bot.Bold {
		return "", "", b
	}
	t := strings.TrimSpace(b[0].Text)
	if t == "" || strings.Contains(t, "\n") || textLen(escape(t)) > MaxEmbedTitle {
		return "", "", b
	}
	for _, s := range b[1:] {
		if s.Style == bot.Link && safeURL(s.URL) {
			url = s.URL
			break
		}
	}
	rest = b[1:]
	// The description starts on the line after the title.
	if len(rest) > 0 && rest[0].Style == bot.Plain {
		r0 := rest[0]
		r0.Text = strings.TrimLeft(r0.Text, "\n ")
		rest = append(bot.Block{r0}, rest[1:]...)
	}
	return escape(t), url, rest
}

// atom is an unbreakable piece of a description: a word, a link, or a
// line break. first marks the first piece of a block.
type atom struct {
	text  string
	first bool
}

// maxAtom bounds one unbreakable piece; longer words are cut.
const maxAtom = 512

// atoms renders the spans as Markdown pieces that may be split between.
func atoms(b bot.Block) []atom {
	var out []atom
	push := func(s string) {
		if s == "" {
			return
		}
		out = append(out, atom{text: s})
	}
	for _, s := range b {
		switch {
		case s.Style == bot.Link && safeURL(s.URL) && textLen(s.URL) < maxAtom && textLen(s.Text) < maxAtom:
			if text := strings.TrimSpace(s.Text); text != "" {
				push("[" + escape(text) + "](" + linkTarget(s.URL) + ")")
			} else {
				push(linkTarget(s.URL)) // shown as a link by Discord
			}
		default:
			wrap := map[bot.Style]string{bot.Bold: "**", bot.Italic: "*", bot.Code: "`"}[s.Style]
			text := s.Text
			if s.Style == bot.Link && s.URL != "" && s.URL != s.Text {
				text += " (" + s.URL + ")"
			}
			if trimmed := strings.TrimSpace(text); wrap != "" && trimmed != "" && !strings.Contains(trimmed, "\n") && textLen(trimmed) <= maxAtom/2 {
				// A short styled span stays one piece: *one two*, not *one* *two*.
				lead := text[:strings.Index(text, trimmed)]
				tail := text[len(lead)+len(trimmed):]
				push(lead + styled(trimmed, wrap) + tail)
				continue
			}
			for _, w := range words(text) {
				if w == "\n" || w == " " || strings.TrimSpace(w) == "" {
					push(w)
					continue
				}
				word := strings.TrimRight(w, " ")
				push(styled(word, wrap) + w[len(word):])
			}
		}
	}
	if len(out) > 0 {
		out[0].first = true
	}
	return out
}

// styled renders text in a Markdown style; code keeps its text as is,
// with backticks turned into quotes.
func styled(text, wrap string) string {
	if wrap == "`" {
		return "`" + strings.ReplaceAll(text, "`", "'") + "`"
	}
	return wrap + escape(text) + wrap
}

// words splits text into words (each with its trailing space), line
// breaks, and pieces of over-long words.
func words(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexAny(s, " \n")
		var w string
		switch {
		case i < 0:
			w, s = s, ""
		case s[i] == '\n':
			if i > 0 {
				out = append(out, cut(s[:i])...)
			}
			out = append(out, "\n")
			s = s[i+1:]
			continue
		default:
			w, s = s[:i+1], s[i+1:]
		}
		out = append(out, cut(w)...)
	}
	return out
}

// cut splits a word longer than maxAtom/2 characters into pieces.
func cut(w string) []string {
	var out []string
	for textLen(w) > maxAtom/2 {
		n, i := 0, 0
		for i < len(w) && n < maxAtom/2 {
			r, size := utf8.DecodeRuneInString(w[i:])
			n += max(utf16.RuneLen(r), 1)
			i += size
		}
		out = append(out, w[:i])
		w = w[i:]
	}
	if w != "" {
		out = append(out, w)
	}
	return out
}

// mdSpecial are the characters Discord Markdown gives a meaning.
var mdSpecial = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`,
	`>`, `\>`, `[`, `\[`, `]`, `\]`, `(`, `\(`, `)`, `\)`, `#`, `\#`, `<`, `\<`, `@`, "@\u200b")

// escape makes untrusted text literal in Discord Markdown; "@everyone"
// and other mentions are defused as well.
func escape(s string) string { return mdSpecial.Replace(s) }

// linkTarget encodes the characters that would end a Markdown link.
func linkTarget(u string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(u)
}

// safeURL accepts the links Discord shows: http and https.
func safeURL(u string) bool {
	return (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) && !strings.ContainsAny(u, "\n\r\t ")
}

// noMentions lets no text of a message ping anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}
