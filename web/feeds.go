package web

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"net/http"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// feedTemplates render the HTML content of feed entries.
var feedTemplates = template.Must(template.New("feed").ParseFS(templateFS, "templates/feed.html"))

// entryID is the stable id of a country's (or the world's) daily digest
// in every feed: a tag URI that does not depend on the server's address.
func entryID(country, day string) string { return "tag:worldbrief,2026:" + country + "/" + day }

// feedID is the stable id of a country's feed.
func feedID(country string) string { return "tag:worldbrief,2026:" + country }

// atomFeed is an Atom 1.0 document (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary,omitempty"`
	Content   atomText   `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// jsonFeed is a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).
type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type jsonItem struct {
	ID            string `json:"id"`
	URL           string `json:"url"`
	Title         string `json:"title"`
	Summary       string `json:"summary,omitempty"`
	ContentHTML   string `json:"content_html"`
	Image         string `json:"image,omitempty"`
	DatePublished string `json:"date_published"`
	DateModified  string `json:"date_modified"`
}

// dailyFeed reads a country's daily digests and checks freshness; ok is
// false when the request has been answered.
func (s *Server) dailyFeed(w http.ResponseWriter, r *http.Request, co sources.Country, kind string) ([]digest.Digest, bool) {
	daily, err := s.cfg.Digests.Daily(r.Context(), co.Code, feedDays)
	if err != nil {
		s.unavailable(w, co.Code+kind, err)
		return nil, false
	}
	days := make([]feedDay, len(daily))
	for i, d := range daily {
		days[i] = feedDay{d.Date, d.GeneratedAt}
	}
	return daily, !s.feedFresh(w, r, co.Code+kind, days)
}

// feedDay is one entry of a feed: a day and when its digest was built.
type feedDay struct {
	date string
	at   time.Time
}

// feedFresh sets a feed's caching headers from its entries and reports
// whether the client's copy is current, in which case it has answered 304.
func (s *Server) feedFresh(w http.ResponseWriter, r *http.Request, kind string, days []feedDay) bool {
	parts := []string{kind}
	var updated time.Time
	for _, d := range days {
		parts = append(parts, d.date, d.at.String())
		if d.at.After(updated) {
			updated = d.at
		}
	}
	return fresh(w, r, s.etag(parts...), updated, todayMaxAge)
}

// newAtom returns an Atom feed of id and title for the page base+path
// (the feed itself is base+path+".atom"), without entries.
func newAtom(base, id, title, path string) atomFeed {
	return atomFeed{Lang: "en", ID: id, Title: title, Author: atomPerson{Name: "worldbrief"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + path + ".atom"},
			{Rel: "alternate", Type: "text/html", Href: base + path}},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339)}
}

// add appends the entry of a day's digest, newest first: the feed was
// updated when its first entry was.
func (f *atomFeed) add(id, title, href string, at time.Time, summary, content string) {
	ts := at.UTC().Format(time.RFC3339)
	if len(f.Entries) == 0 {
		f.Updated = ts
	}
	f.Entries = append(f.Entries, atomEntry{ID: id, Title: title, Updated: ts, Summary: summary,
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: href}},
		Content: atomText{Type: "html", Body: content}})
}

// entryHTML renders a digest as the HTML content of a feed entry.
func (s *Server) entryHTML(d digest.Digest) string {
	var b bytes.Buffer
	if err := feedTemplates.ExecuteTemplate(&b, "entry", s.countryView(d)); err != nil {
		s.cfg.Log.Error("web: render feed entry", "country", d.Country, "err", err)
	}
	return b.String()
}

// entryTitle is a daily digest's title in feeds.
func entryTitle(d digest.Digest, name string) string {
	t := digest.PressOf(name) + ", " + dateText(d.Date)
	if len(d.Stories) > 0 {
		t += ": " + d.Stories[0].Headline
	}
	return t
}

// serveAtom serves /{country}.atom: one entry per daily digest.
func (s *Server) serveAtom(w http.ResponseWriter, r *http.Request, co sources.Country) {
	daily, ok := s.dailyFeed(w, r, co, ".atom")
	if !ok {
		return
	}
	base := s.base(r)
	f := newAtom(base, feedID(co.Code), digest.PressOf(co.Name)+" — worldbrief", "/"+co.Code)
	for _, d := range daily {
		summary := ""
		if len(d.Stories) > 0 {
			summary = d.Stories[0].Summary
		}
		f.add(entryID(co.Code, d.Date), entryTitle(d, co.Name), base+"/"+co.Code+"/"+d.Date, d.GeneratedAt, summary, s.entryHTML(d))
	}
	writeXML(w, "application/atom+xml; charset=utf-8", f)
}

// serveJSONFeed serves /{country}.json: one item per daily digest.
func (s *Server) serveJSONFeed(w http.ResponseWriter, r *http.Request, co sources.Country) {
	daily, ok := s.dailyFeed(w, r, co, ".json")
	if !ok {
		return
	}
	base := s.base(r)
	f := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: digest.PressOf(co.Name) + " — worldbrief",
		HomePageURL: base + "/" + co.Code, FeedURL: base + "/" + co.Code + ".json", Language: "en",
		Description: "What " + digest.Possessive(co.Name) + " own press leads with each day, in English.",
		Authors:     []jsonAuthor{{Name: "worldbrief", URL: base + "/"}}, Items: []jsonItem{}}
	for _, d := range daily {
		it := jsonItem{ID: entryID(co.Code, d.Date), URL: base + "/" + co.Code + "/" + d.Date, Title: entryTitle(d, co.Name),
			ContentHTML: s.entryHTML(d), DatePublished: d.GeneratedAt.UTC().Format(time.RFC3339), DateModified: d.GeneratedAt.UTC().Format(time.RFC3339)}
		if len(d.Stories) > 0 {
			it.Summary, it.Image = d.Stories[0].Summary, d.Stories[0].ImageURL
		}
		f.Items = append(f.Items, it)
	}
	body, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		s.unavailable(w, co.Code+".json", err)
		return
	}
	w.Header().Set("Content-Type", "application/feed+json; charset=utf-8")
	w.Write(body)
}

// handleOPML serves /catalog.opml: every site's feeds, by country
// (sources.WriteOPML, as `worldbrief catalog export` writes them).
func (s *Server) handleOPML(w http.ResponseWriter, r *http.Request) {
	if fresh(w, r, s.catalogTag, time.Time{}, pastMaxAge) {
		return
	}
	var b bytes.Buffer
	if err := sources.WriteOPML(&b, s.cfg.Catalog, nil); err != nil {
		s.unavailable(w, "catalog.opml", err)
		return
	}
	w.Header().Set("Content-Type", "text/x-opml; charset=utf-8")
	w.Write(b.Bytes())
}

// writeXML writes v as an XML document.
func writeXML(w http.ResponseWriter, contentType string, v any) {
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "This feed cannot be written right now.", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Write([]byte(xml.Header))
	w.Write(body)
}
