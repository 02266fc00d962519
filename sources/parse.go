package sources

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// ErrMalformedFeed is wrapped by ParseFeed's error when the document was not
// well-formed; the articles returned alongside are what could be salvaged.
var ErrMalformedFeed = errors.New("malformed feed")

// Bounds of the salvage work: broken items dropped one by one, then
// truncation points tried.
const (
	maxSalvageRepairs = 8
	maxSalvageCuts    = 6
)

// ParseFeed decodes body (the raw bytes as fetched; contentType is the HTTP
// Content-Type header and may be empty) with the charset rules of
// decodeFeedBody, parses it with gofeed and normalises every item into an
// Article of site (Site.ID, Country, Language and Charset are used). now is
// the fetch time: the first-seen time and the limit for publication times.
//
// A body that is empty or not a feed gives an error wrapping ErrNotFeed and
// no articles. A malformed document (bare ampersands, truncation, junk
// before the root ...) is repaired as far as possible: ParseFeed then
// returns the salvaged articles together with an error wrapping
// ErrMalformedFeed. ParseFeed never panics.
func ParseFeed(body []byte, contentType string, site Site, now time.Time) (arts []Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			arts, err = nil, fmt.Errorf("parse feed: unexpected failure: %v", r)
		}
	}()
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrNotFeed)
	}
	doc, _ := decodeFeedBody(body, contentType, site.Charset)
	feed, perr := parseGofeed(doc)
	if perr == nil {
		if feed.FeedType == "json" && !hasFeedRoot(doc) {
			return nil, fmt.Errorf("%w: %s", ErrNotFeed, describeNonFeed(doc))
		}
		return normaliseFeed(feed, site, now), nil
	}
	if !hasFeedRoot(doc) {
		return nil, fmt.Errorf("%w: %s", ErrNotFeed, describeNonFeed(doc))
	}
	feed = salvageFeed(doc, perr)
	if feed == nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedFeed, perr)
	}
	arts = normaliseFeed(feed, site, now)
	return arts, fmt.Errorf("%w (salvaged %d items): %w", ErrMalformedFeed, len(arts), perr)
}

// parseGofeed runs gofeed over a UTF-8 document.
func parseGofeed(doc []byte) (*gofeed.Feed, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	if feed == nil {
		return nil, errors.New("no feed")
	}
	return feed, nil
}

// salvageFeed retries a document gofeed rejected. It removes junk before
// the root and escapes bare ampersands, then repeatedly drops the item that
// holds the syntax error (or, when nothing follows it, cuts the document
// there and closes the open elements). As a last resort it cuts back to
// earlier complete items. It returns nil when nothing parses.
func salvageFeed(doc []byte, perr error) *gofeed.Feed {
	fixed := escapeBareAmpersands(skipToRoot(doc))
	for attempt := 0; attempt < maxSalvageRepairs; attempt++ {
		feed, err := parseGofeed(fixed)
		if err == nil {
			return feed
		}
		perr = err
		off, ok := xmlErrorOffset(fixed)
		if !ok {
			break
		}
		next, ok := dropBrokenItem(fixed, off)
		if !ok {
			break
		}
		fixed = next
	}
	return cutBackToItems(fixed, perr)
}

// cutBackToItems tries documents cut after complete items, from the last
// one before the error line backwards.
func cutBackToItems(doc []byte, perr error) *gofeed.Feed {
	limit := len(doc)
	var syn *xml.SyntaxError
	if errors.As(perr, &syn) && syn.Line > 0 {
		limit = endOfLine(doc, syn.Line)
	}
	cuts := itemEnds(doc[:limit])
	if len(cuts) == 0 && limit < len(doc) {
		cuts = itemEnds(doc) // the error line may hold the whole feed
	}
	for step, tries := 1, 0; len(cuts) > 0 && tries < maxSalvageCuts; step, tries = step*2, tries+1 {
		if feed, err := parseGofeed(closeOpenElements(doc[:cuts[len(cuts)-1]])); err == nil {
			return feed
		}
		cuts = cuts[:max(0, len(cuts)-step)]
	}
	return nil
}

// xmlErrorOffset tokenizes doc the way gofeed's decoder does and returns
// the byte offset of the first syntax error.
func xmlErrorOffset(doc []byte) (int, bool) {
	d := newLenientDecoder(doc)
	for {
		if _, err := d.RawToken(); err != nil {
			if err == io.EOF {
				return 0, false
			}
			return int(d.InputOffset()), true
		}
	}
}

// itemOpener finds the start tags of items and entries.
var itemOpener = regexp.MustCompile(`(?i)<(?:[a-z0-9_-]+:)?(?:item|entry)[\s>/]`)

// dropBrokenItem removes the item or entry that contains offset off: up to
// the start of the next item, or, when none follows, to the end of the
// document, whose open elements are then closed. ok is false when off lies
// before the first item.
func dropBrokenItem(doc []byte, off int) ([]byte, bool) {
	off = min(off, len(doc))
	starts := itemOpener.FindAllIndex(doc[:off], -1)
	if len(starts) == 0 {
		return nil, false
	}
	start := starts[len(starts)-1][0]
	if next := itemOpener.FindIndex(doc[off:]); next != nil {
		out := make([]byte, 0, len(doc))
		out = append(out, doc[:start]...)
		return append(out, doc[off+next[0]:]...), true
	}
	return closeOpenElements(doc[:start]), true
}

// itemCloser finds the ends of items and entries.
var itemCloser = regexp.MustCompile(`(?i)</(?:[a-z0-9_-]+:)?(?:item|entry)\s*>`)

// itemEnds returns the offsets just after each closing item/entry tag.
func itemEnds(doc []byte) []int {
	locs := itemCloser.FindAllIndex(doc, -1)
	ends := make([]int, len(locs))
	for i, l := range locs {
		ends[i] = l[1]
	}
	return ends
}

// endOfLine returns the offset of the end of the 1-based line in doc.
func endOfLine(doc []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(doc[off:], '\n')
		if i < 0 {
			return len(doc)
		}
		off += i + 1
	}
	if i := bytes.IndexByte(doc[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(doc)
}

// closeOpenElements appends end tags for the elements still open at the end
// of the (cut) document prefix.
func closeOpenElements(prefix []byte) []byte {
	d := newLenientDecoder(prefix)
	var open []string
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, qualifiedName(t.Name))
		case xml.EndElement:
			name := qualifiedName(t.Name)
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == name {
					open = open[:i]
					break
				}
			}
		}
	}
	out := make([]byte, 0, len(prefix)+16*len(open))
	out = append(out, prefix...)
	for i := len(open) - 1; i >= 0; i-- {
		out = append(out, "</"+open[i]+">"...)
	}
	return out
}

// newLenientDecoder returns a non-strict XML decoder like gofeed's, for
// documents already converted to UTF-8.
func newLenientDecoder(doc []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return d
}

// qualifiedName writes a raw (unresolved) XML name as prefix:local.
func qualifiedName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// bareAmpersand matches "&" not starting an entity or character reference.
var bareAmpersand = regexp.MustCompile(`&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z_][A-Za-z0-9._-]*;)?`)

// escapeBareAmpersands turns every "&" that does not start a reference into
// "&amp;" (unescaped query strings in links are the usual culprit).
func escapeBareAmpersands(doc []byte) []byte {
	if bytes.IndexByte(doc, '&') < 0 {
		return doc
	}
	return bareAmpersand.ReplaceAllFunc(doc, func(m []byte) []byte {
		if len(m) > 1 {
			return m
		}
		return []byte("&amp;")
	})
}

// feedRoot matches the root element of an RSS, RDF or Atom document.
var feedRoot = regexp.MustCompile(`(?i)<(?:[a-z0-9_-]+:)?(?:rss|rdf|feed)[\s>/]`)

// skipToRoot drops anything in front of the XML declaration or, without
// one, in front of the feed's root element (PHP warnings, stray text).
func skipToRoot(doc []byte) []byte {
	head := doc[:min(len(doc), 4096)]
	if i := bytes.Index(head, []byte("<?xml")); i > 0 {
		return doc[i:]
	}
	if bytes.HasPrefix(doc, []byte("<?xml")) {
		return doc
	}
	if loc := feedRoot.FindIndex(head); loc != nil && loc[0] > 0 {
		return doc[loc[0]:]
	}
	return doc
}

// hasFeedRoot reports whether the document looks like RSS, RDF, Atom or JSON
// Feed at all, as opposed to an HTML page or arbitrary text.
func hasFeedRoot(doc []byte) bool {
	head := doc[:min(len(doc), 4096)]
	if bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) {
		return bytes.Contains(head, []byte("jsonfeed.org"))
	}
	return feedRoot.Match(head)
}

// describeNonFeed says briefly what the document is instead of a feed.
func describeNonFeed(doc []byte) string {
	head := strings.ToLower(string(doc[:min(len(doc), 1024)]))
	switch {
	case strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html"):
		return "got an HTML page"
	case strings.HasPrefix(strings.TrimSpace(head), "{"):
		return "got JSON that is not a JSON Feed"
	}
	return "no RSS, RDF or Atom root element"
}
