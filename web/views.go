package web

import (
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/digest"
)

// The views below are what the templates read: digests turned into
// display strings, with the catalog's names and labels filled in.

// page is what every page's layout reads.
type page struct {
	Title string
	Feeds []feedLink
}

// feedLink is a feed offered by a page.
type feedLink struct{ Type, Title, URL string }

// link is a suggestion or an archive link.
type link struct{ URL, Text string }

type countryView struct {
	page
	Heading, Date, DateText string
	Updated, UpdatedISO     string
	Articles, Sites         int
	Scarcity                string
	Stories                 []storyView
	Days                    []link
}

type storyView struct {
	Rank                             int
	Headline, URL, Summary, ImageURL string
	Blindspot                        bool
	Sources                          []sourceView
	Takes                            []takeView
}

type sourceView struct {
	Name, URL, Language, Original string
	Labels                        []string
}

type takeView struct {
	Country, CountryName, Source, Headline, URL string
	// The is "the " for a country name that takes the article ("How the
	// United Kingdom covers it").
	The    string
	Labels []string
}

type worldView struct {
	page
	Date, DateText string
	Countries      int
	// Empty says why an edition has no story (digest.World.EmptyText).
	Empty      string
	Stories    []worldStoryView
	Overlooked []overlookedView
	Days       []link
}

type worldStoryView struct {
	Rank                     int
	Headline, Take, ImageURL string
	Countries                int
	Coverage                 []coverageView
}

type coverageView struct {
	Country, CountryName, Source, Headline, URL, Language, Original string
	Labels                                                          []string
}

type overlookedView struct {
	Rank                                         int
	Country, CountryName, Headline, URL, Summary string
	SourceCount                                  int
	Sources                                      []sourceView
}

type homeView struct {
	page
	World   []worldTeaser
	Regions []regionView
	etag    string
	updated time.Time
}

type worldTeaser struct {
	Rank, Countries int
	Headline        string
}

type regionView struct {
	Name      string
	Countries []countryLink
}

type countryLink struct{ Code, Name, Top string }

type notFoundView struct {
	page
	Heading, Message string
	Suggestions      []link
}

// dateText writes a YYYY-MM-DD date as "Tuesday 10 March 2026".
func dateText(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("Monday 2 January 2006")
}

// original returns the original headline when it differs from the
// English one, for showing beside it.
func original(orig, english string) string {
	if strings.TrimSpace(orig) == strings.TrimSpace(english) {
		return ""
	}
	return orig
}

// countryView turns a digest into its page.
func (s *Server) countryView(d digest.Digest) countryView {
	name := d.CountryName
	if name == "" {
		name = s.countryName(d.Country)
	}
	v := countryView{
		page:     page{Title: digest.PressOf(name) + ", " + dateText(d.Date) + " — worldbrief"},
		Heading:  digest.PressOf(name),
		Date:     d.Date,
		DateText: dateText(d.Date),
		Articles: d.Articles,
		Scarcity: d.Scarcity(),
	}
	if !d.GeneratedAt.IsZero() {
		v.Updated = d.GeneratedAt.UTC().Format("15:04 UTC")
		v.UpdatedISO = d.GeneratedAt.UTC().Format(time.RFC3339)
	}
	sites := map[string]bool{}
	for i, st := range d.Stories {
		sv := storyView{Rank: i + 1, Headline: st.Headline, Summary: st.Summary, ImageURL: st.ImageURL, Blindspot: st.Blindspot}
		for _, src := range st.Sources {
			sites[src.Name] = true
			if sv.URL == "" {
				sv.URL = src.URL
			}
			sv.Sources = append(sv.Sources, sourceView{Name: src.Name, URL: src.URL, Language: src.Language,
				Original: original(src.OriginalHeadline, st.Headline), Labels: s.siteLabels(src.SiteID, src.Name)})
		}
		for _, t := range st.AlternativeTakes {
			name := s.countryName(t.Country)
			sv.Takes = append(sv.Takes, takeView{Country: t.Country, CountryName: name, Source: t.Source,
				The: strings.TrimSuffix(digest.WithArticle(name), name), Headline: t.Headline, URL: t.URL, Labels: s.siteLabels(t.SiteID, t.Source)})
		}
		v.Stories = append(v.Stories, sv)
	}
	v.Sites = len(sites)
	return v
}

// worldView turns the world edition into its page.
func (s *Server) worldView(w digest.World) worldView {
	v := worldView{
		page:      page{Title: "The world's current take, " + dateText(w.Date) + " — worldbrief"},
		Date:      w.Date,
		DateText:  dateText(w.Date),
		Countries: w.Countries,
	}
	if len(w.Stories) == 0 {
		v.Empty = w.EmptyText()
	}
	for i, st := range w.Stories {
		sv := worldStoryView{Rank: i + 1, Headline: st.Headline, Take: st.Take, ImageURL: st.ImageURL, Countries: st.Countries}
		for _, c := range st.Coverage {
			sv.Coverage = append(sv.Coverage, coverageView{Country: c.Country, CountryName: c.CountryName, Source: c.Source,
				Headline: c.Headline, URL: c.URL, Language: c.Language, Original: original(c.OriginalHeadline, c.Headline),
				Labels: s.siteLabels(c.SiteID, c.Source)})
		}
		v.Stories = append(v.Stories, sv)
	}
	for i, o := range w.Overlooked {
		ov := overlookedView{Rank: i + 1, Country: o.Country, CountryName: o.CountryName, Headline: o.Story.Headline,
			Summary: o.Story.Summary, SourceCount: len(o.Story.Sources)}
		for _, src := range o.Story.Sources {
			if ov.URL == "" {
				ov.URL = src.URL
			}
			ov.Sources = append(ov.Sources, sourceView{Name: src.Name, URL: src.URL, Language: src.Language})
		}
		v.Overlooked = append(v.Overlooked, ov)
	}
	return v
}

// countryName returns a country's English name from the catalog.
func (s *Server) countryName(code string) string {
	if co, ok := s.cfg.Catalog.Country(code); ok {
		return co.Name
	}
	return strings.ToUpper(code)
}
