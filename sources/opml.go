package sources

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"
)

// maxOPMLBytes caps the OPML file read by ImportOPML.
const maxOPMLBytes = 10 << 20

// opmlDoc is the part of an OPML document worldbrief reads and writes.
type opmlDoc struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Title   string      `xml:"head>title"`
	Body    []opmlEntry `xml:"body>outline"`
}

// opmlEntry is one outline: a folder (with children) or a feed (xmlUrl).
type opmlEntry struct {
	Text     string      `xml:"text,attr"`
	Title    string      `xml:"title,attr,omitempty"`
	Type     string      `xml:"type,attr,omitempty"`
	XMLURL   string      `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string      `xml:"htmlUrl,attr,omitempty"`
	Language string      `xml:"language,attr,omitempty"`
	Category string      `xml:"category,attr,omitempty"`
	Children []opmlEntry `xml:"outline"`
}

// WriteOPML writes the sites of the given countries (all when none) as an
// OPML 2.0 document: one folder per country, one rss outline per feed,
// with the site's name, home page and language. Feed readers import it.
func WriteOPML(w io.Writer, c *Catalog, countries []Country) error {
	if len(countries) == 0 {
		countries = c.Countries
	}
	doc := opmlDoc{Version: "2.0", Title: "worldbrief catalog"}
	for _, co := range countries {
		folder := opmlEntry{Text: co.Name, Category: co.Code}
		for _, s := range co.Sites {
			for _, f := range s.Feeds {
				folder.Children = append(folder.Children, opmlEntry{
					Text: s.Name, Title: s.Name, Type: "rss", XMLURL: f, HTMLURL: s.Homepage,
					Language: s.Language, Category: s.ID,
				})
			}
		}
		doc.Body = append(doc.Body, folder)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// OPMLImport is what ImportOPML made of an OPML file.
type OPMLImport struct {
	// Country holds the new sites, ready for Catalog.Extend.
	Country Country
	// Known are feed URLs skipped because the catalog already reads them.
	Known []string
	// Skipped describes outlines that could not become sites.
	Skipped []string
}

// ImportOPML reads the feeds of an OPML file (any nesting of folders) as
// new sites of the catalog country code: one site per feed, named by its
// outline, its id made from the name and unique in the catalog, its
// language the outline's language attribute or else lang. Feeds the
// catalog already has are reported, not added. OPML files found in the
// wild carry raw "&" in URLs, so the document is read leniently.
func ImportOPML(r io.Reader, c *Catalog, code, lang string) (OPMLImport, error) {
	co, ok := c.Country(code)
	if !ok {
		co = Country{Code: strings.ToLower(strings.TrimSpace(code))}
		if name, iso := ISOCountryName(co.Code); iso {
			co.Name = name
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, maxOPMLBytes+1))
	if err != nil {
		return OPMLImport{}, fmt.Errorf("read OPML: %w", err)
	}
	if len(data) > maxOPMLBytes {
		return OPMLImport{}, fmt.Errorf("OPML file is larger than %d MiB", maxOPMLBytes>>20)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	var doc opmlDoc
	if err := dec.Decode(&doc); err != nil {
		return OPMLImport{}, fmt.Errorf("not an OPML document: %w", err)
	}
	feeds := map[string]bool{}
	ids := map[string]bool{}
	for _, s := range c.Sites() {
		ids[s.ID] = true
		for _, f := range s.Feeds {
			feeds[f] = true
		}
	}
	out := OPMLImport{Country: Country{Code: co.Code, Name: co.Name}}
	var walk func([]opmlEntry)
	walk = func(es []opmlEntry) {
		for _, e := range es {
			walk(e.Children)
			u := strings.TrimSpace(e.XMLURL)
			if u == "" {
				continue
			}
			name := strings.TrimSpace(firstNonEmpty(e.Title, e.Text))
			if !isHTTPURL(u) {
				out.Skipped = append(out.Skipped, fmt.Sprintf("%q: feed URL %q is not an http(s) URL", shown(name), shown(u)))
				continue
			}
			if feeds[u] {
				out.Known = append(out.Known, u)
				continue
			}
			feeds[u] = true
			if name == "" {
				name = hostOf(u)
			}
			home := strings.TrimSpace(e.HTMLURL)
			if !isHTTPURL(home) {
				home = siteRoot(u)
			}
			l := firstNonEmpty(strings.TrimSpace(e.Language), lang)
			id := uniqueID(slugID(name, u), ids)
			ids[id] = true
			out.Country.Sites = append(out.Country.Sites, Site{ID: id, Name: name, Language: l, Homepage: home, Feeds: []string{u}, Country: co.Code})
		}
	}
	walk(doc.Body)
	if len(out.Country.Sites) == 0 && len(out.Known) == 0 {
		return out, errors.New("the OPML file lists no feeds (outlines with an xmlUrl)")
	}
	return out, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// hostOf returns the host of a URL without "www.".
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

// siteRoot returns scheme://host/ of a URL.
func siteRoot(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Scheme + "://" + p.Host
}

// slugID makes a site id from a name: ASCII letters and digits joined by
// hyphens, at most 40 bytes; the feed's host when the name has none.
func slugID(name, feed string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	if b.Len() == 0 {
		return slugID(strings.ReplaceAll(hostOf(feed), ".", " "), "")
	}
	return b.String()
}

// uniqueID returns id, or id-2, id-3… when it is taken.
func uniqueID(id string, taken map[string]bool) string {
	if id == "" {
		id = "site"
	}
	if !taken[id] {
		return id
	}
	for n := 2; ; n++ {
		if c := fmt.Sprintf("%s-%d", id, n); !taken[c] {
			return c
		}
	}
}
