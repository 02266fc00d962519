package digest

import (
	"fmt"
	"strings"
	"time"
)

// MinArticles is the number of articles below which a digest says that
// the country's press had too little to show rather than look thin.
const MinArticles = 5

// Scarcity returns a plain sentence such as "Only 2 articles from
// Chad's press in the last 24 hours" (for a digest of the past, "in the
// 24 hours to 2026-11-30 23:59 WAT", in the country's zone) when the
// digest rests on fewer than MinArticles articles, and "" otherwise.
func (d Digest) Scarcity() string {
	if d.Articles >= MinArticles {
		return ""
	}
	name := d.CountryName
	if name == "" {
		name = strings.ToUpper(d.Country)
	}
	n := "No articles"
	switch d.Articles {
	case 0:
	case 1:
		n = "Only 1 article"
	default:
		n = fmt.Sprintf("Only %d articles", d.Articles)
	}
	if d.Past {
		end := d.GeneratedAt.In(CountryZone(d.Country)).Format("2006-01-02 15:04 MST")
		return fmt.Sprintf("%s from %s press in the %s to %s.", n, Possessive(name), windowText(d.Window), end)
	}
	return fmt.Sprintf("%s from %s press in the last %s.", n, Possessive(name), windowText(d.Window))
}

// windowText writes a window as "24 hours", "1 hour", "90 minutes".
func windowText(w time.Duration) string {
	if w <= 0 {
		w = 24 * time.Hour
	}
	switch {
	case w == time.Hour:
		return "hour"
	case w%time.Hour == 0:
		return fmt.Sprintf("%d hours", int(w/time.Hour))
	default:
		return fmt.Sprintf("%d minutes", int(w/time.Minute))
	}
}

// Text renders the digest as plain text for a terminal.
func (d Digest) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n", d.title(), d.Date)
	if s := d.Scarcity(); s != "" {
		fmt.Fprintf(&b, "\n%s\n", s)
	}
	for i, s := range d.Stories {
		mark := ""
		if s.Blindspot {
			mark = " [blindspot: not covered by US/UK outlets]"
		}
		fmt.Fprintf(&b, "\n%d. %s%s\n", i+1, s.Headline, mark)
		if s.Summary != "" {
			fmt.Fprintf(&b, "   %s\n", s.Summary)
		}
		for _, src := range s.Sources {
			fmt.Fprintf(&b, "   · %s (%s): %s\n", src.Name, src.Language, src.OriginalHeadline)
			if webURL(src.URL) {
				fmt.Fprintf(&b, "     %s\n", src.URL)
			}
		}
		for _, t := range s.AlternativeTakes {
			fmt.Fprintf(&b, "   ↔ %s, %s: %s\n", strings.ToUpper(t.Country), t.Source, t.Headline)
			if webURL(t.URL) {
				fmt.Fprintf(&b, "     %s\n", t.URL)
			}
		}
	}
	return b.String()
}

// Markdown renders the digest as CommonMark.
func (d Digest) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n", mdEscape(d.title()), d.Date)
	if s := d.Scarcity(); s != "" {
		fmt.Fprintf(&b, "\n_%s_\n", mdEscape(s))
	}
	for i, s := range d.Stories {
		fmt.Fprintf(&b, "\n## %d. %s\n", i+1, mdEscape(s.Headline))
		if s.Blindspot {
			b.WriteString("\n**Blindspot:** not covered by US/UK outlets.\n")
		}
		if s.Summary != "" {
			fmt.Fprintf(&b, "\n%s\n", mdEscape(s.Summary))
		}
		b.WriteString("\n")
		for _, src := range s.Sources {
			fmt.Fprintf(&b, "- %s (%s): %s\n", mdLink(src.Name, src.URL), src.Language, mdEscape(src.OriginalHeadline))
		}
		if len(s.AlternativeTakes) > 0 {
			b.WriteString("\nHow others cover it:\n\n")
			for _, t := range s.AlternativeTakes {
				fmt.Fprintf(&b, "- %s, %s: %s\n", strings.ToUpper(t.Country), mdLink(t.Source, t.URL), mdEscape(t.Headline))
			}
		}
	}
	return b.String()
}

func (d Digest) title() string {
	name := d.CountryName
	if name == "" {
		name = strings.ToUpper(d.Country)
	}
	return PressOf(name)
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "\\`", "<", `\<`, "#", `\#`)

func mdEscape(s string) string { return mdEscaper.Replace(s) }

// mdDestination escapes what would end or break a link destination.
var mdDestination = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "\n", "", "\r", "")

// mdLink writes [text](url), or just the text when url is no web link
// (empty because it was dropped, or another scheme): never [text]().
func mdLink(text, u string) string {
	if !webURL(u) {
		return mdEscape(text)
	}
	return "[" + mdEscape(text) + "](" + mdDestination.Replace(u) + ")"
}

// webURL reports whether u is an http(s) link worth showing.
func webURL(u string) bool {
	l := strings.ToLower(u)
	return (strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) && len(u) > len("https://")
}
