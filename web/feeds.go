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
	parts := []string{kind, co.Code}
	var updated time.Time
	for _, d := range daily {
		parts = append(parts, d.Date, d.GeneratedAt.String())
		if d.GeneratedAt.After(updated) {
			updated = d.GeneratedAt
		}
	}
	return daily, !fresh(w, r, s.etag(parts...), updated, todayMaxAge)
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
	t := possessive(name) + " press, " + dateText(d.Date)
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
	f := atomFeed{Lang: "en", ID: feedID(co.Code), Title: possessive(co.Name) + " press — worldbrief",
		Author: atomPerson{Name: "worldbrief"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/" + co.Code + ".atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/" + co.Code}},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339)}
	for i, d := range daily {
		if i == 0 {
			f.Updated = d.GeneratedAt.UTC().Format(time.RFC3339)
		}
		e := atomEntry{ID: entryID(co.Code, d.Date), Title: entryTitle(d, co.Name), Updated: d.GeneratedAt.UTC().Format(time.RFC3339),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/" + co.Code + "/" + d.Date}},
			Content: atomText{Type: "html", Body: s.entryHTML(d)}}
		if len(d.Stories) > 0 {
			e.Summary = d.Stories[0].Summary
		}
		f.Entries = append(f.Entries, e)
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
	f := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: possessive(co.Name) + " press — worldbrief",
		HomePageURL: base + "/" + co.Code, FeedURL: base + "/" + co.Code + ".json", Language: "en",
		Description: "What " + possessive(co.Name) + " own press leads with each day, in English.",
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

// handleWorldAtom serves /world.atom: the current world edition, one entry
// per day.
func (s *Server) handleWorldAtom(w http.ResponseWriter, r *http.Request) {
	world, err := s.cfg.Digests.World(r.Context())
	if err != nil {
		s.unavailable(w, "world.atom", err)
		return
	}
	if fresh(w, r, s.etag("world.atom", world.GeneratedAt.String()), world.GeneratedAt, todayMaxAge) {
		return
	}
	base := s.base(r)
	updated := world.GeneratedAt.UTC().Format(time.RFC3339)
	var b bytes.Buffer
	if err := feedTemplates.ExecuteTemplate(&b, "worldentry", s.worldView(world)); err != nil {
		s.unavailable(w, "world.atom", err)
		return
	}
	title := "The world's current take, " + dateText(world.Date)
	if len(world.Stories) > 0 {
		title += ": " + world.Stories[0].Headline
	}
	f := atomFeed{Lang: "en", ID: feedID("world"), Title: "The world's current take — worldbrief", Updated: updated,
		Author: atomPerson{Name: "worldbrief"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/world.atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/world"}},
		Entries: []atomEntry{{ID: entryID("world", world.Date), Title: title, Updated: updated,
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/world"}},
			Content: atomText{Type: "html", Body: b.String()}}}}
	writeXML(w, "application/atom+xml; charset=utf-8", f)
}

// opml is an OPML 2.0 subscription list.
type opml struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Body    []opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	Type     string        `xml:"type,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	Language string        `xml:"language,attr,omitempty"`
	Children []opmlOutline `xml:"outline"`
}

// handleOPML serves /catalog.opml: every site's feeds, by country.
func (s *Server) handleOPML(w http.ResponseWriter, r *http.Request) {
	if fresh(w, r, s.catalogTag, time.Time{}, pastMaxAge) {
		return
	}
	doc := opml{Version: "2.0", Title: "worldbrief: the national press of every country it reads"}
	for _, co := range s.cfg.Catalog.Countries {
		o := opmlOutline{Text: co.Name, Title: co.Name}
		for _, site := range co.Sites {
			for _, feed := range site.Feeds {
				o.Children = append(o.Children, opmlOutline{Text: site.Name, Title: site.Name, Type: "rss",
					XMLURL: feed, HTMLURL: site.Homepage, Language: site.Language})
			}
		}
		doc.Body = append(doc.Body, o)
	}
	writeXML(w, "text/x-opml; charset=utf-8", doc)
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
