package digest

import (
	"fmt"
	"strings"
)

// Text renders the world edition as plain text for a terminal.
func (w World) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "The world's current take — %s\n", w.Date)
	if len(w.Stories) == 0 {
		fmt.Fprintf(&b, "\n%s\n", w.EmptyText())
	}
	for i, s := range w.Stories {
		fmt.Fprintf(&b, "\n%d. %s (%d countries)\n", i+1, s.Headline, s.Countries)
		if s.Take != "" {
			fmt.Fprintf(&b, "   %s\n", s.Take)
		}
		for _, c := range s.Coverage {
			fmt.Fprintf(&b, "   · %s, %s: %s\n     %s\n", c.CountryName, c.Source, c.Headline, c.URL)
		}
	}
	if len(w.Overlooked) > 0 {
		b.WriteString("\nOverlooked (big in one country's press, covered by no other):\n")
		for _, o := range w.Overlooked {
			fmt.Fprintf(&b, "   · %s: %s (%d outlets)\n     %s\n", o.CountryName, o.Story.Headline, len(o.Story.Sources), o.url())
		}
	}
	return b.String()
}

// EmptyText says why an edition has no story: no country's press in the
// window, only one, or no story two of them cover ("in the last 24
// hours"; for a past window "in the 24 hours to 2026-11-30 23:59 UTC").
func (w World) EmptyText() string {
	span := "the last " + windowText(w.Window)
	if w.Past {
		span = fmt.Sprintf("the %s to %s", windowText(w.Window), w.GeneratedAt.UTC().Format("2006-01-02 15:04 MST"))
	}
	switch w.Countries {
	case 0:
		return fmt.Sprintf("No country's press has articles in %s.", span)
	case 1:
		return fmt.Sprintf("Only one country's press has articles in %s; a world story needs two.", span)
	}
	return fmt.Sprintf("No story is covered by two of the %d countries read in %s.", w.Countries, span)
}

// Markdown renders the world edition as CommonMark.
func (w World) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# The world's current take — %s\n", w.Date)
	if len(w.Stories) == 0 {
		fmt.Fprintf(&b, "\n%s\n", w.EmptyText())
	}
	for i, s := range w.Stories {
		fmt.Fprintf(&b, "\n## %d. %s\n\n_%d countries_\n", i+1, mdEscape(s.Headline), s.Countries)
		if s.Take != "" {
			fmt.Fprintf(&b, "\n%s\n", mdEscape(s.Take))
		}
		b.WriteString("\n")
		for _, c := range s.Coverage {
			fmt.Fprintf(&b, "- %s, [%s](%s): %s\n", mdEscape(c.CountryName), mdEscape(c.Source), c.URL, mdEscape(c.Headline))
		}
	}
	if len(w.Overlooked) > 0 {
		b.WriteString("\n## Overlooked\n\n")
		for _, o := range w.Overlooked {
			fmt.Fprintf(&b, "- %s: [%s](%s)\n", mdEscape(o.CountryName), mdEscape(o.Story.Headline), o.url())
		}
	}
	return b.String()
}

// url is the link of an overlooked story's first source.
func (o Overlooked) url() string {
	if len(o.Story.Sources) == 0 {
		return ""
	}
	return o.Story.Sources[0].URL
}

// WorldCode is the code under which the world edition is asked for and
// subscribed to, like a country's: "/digest world", "/subscribe world".
const WorldCode = "world"

// AsDigest returns the world edition in the shape of a country's digest,
// so that everything that filters, schedules and renders digests serves it
// unchanged: each story's headline says how many countries cover it, its
// summary is the world's take, its source is the widest-covering
// country's article, and the other countries' headlines are its takes.
func (w World) AsDigest() Digest {
	d := Digest{Country: WorldCode, CountryName: "The world", Date: w.Date, GeneratedAt: w.GeneratedAt,
		Window: w.Window, Articles: 0, Stories: []Story{}}
	for _, s := range w.Stories {
		st := Story{Headline: fmt.Sprintf("%s (%d countries)", s.Headline, s.Countries), Summary: s.Take,
			Score: float64(s.Countries), ImageURL: s.ImageURL, AlternativeTakes: []Take{}}
		for i, c := range s.Coverage {
			d.Articles += c.Sites
			if i == 0 {
				st.Sources = []Source{{SiteID: c.SiteID, Name: c.Source, URL: c.URL, Language: c.Language, OriginalHeadline: c.OriginalHeadline}}
				continue
			}
			st.AlternativeTakes = append(st.AlternativeTakes, Take{Country: c.Country, CountryName: c.CountryName,
				SiteID: c.SiteID, Source: c.Source, Headline: c.Headline, URL: c.URL})
		}
		d.Stories = append(d.Stories, st)
	}
	return d
}
