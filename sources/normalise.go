package sources

import (
	"html"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	htmltok "golang.org/x/net/html"
)

// Limits of the normalised text, in characters (runes).
const (
	maxSummaryRunes      = 600
	maxTitleRunes        = 300
	maxDerivedTitleRunes = 160
)

// blockTags separate words: their boundaries become spaces in plain text.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true, "dd": true,
	"div": true, "dl": true, "dt": true, "figcaption": true, "figure": true, "footer": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true,
	"hr": true, "img": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "table": true, "td": true, "th": true, "tr": true, "ul": true,
}

// hiddenTags hold no readable text (the tokenizer returns their content raw).
var hiddenTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "iframe": true, "noembed": true,
	"noframes": true, "template": true, "object": true,
}

// leftoverEntity matches an entity left in text that was escaped twice
// ("&amp;eacute;" decodes to "&eacute;").
var leftoverEntity = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)

// PlainText turns an HTML fragment (or plain text with entities) into one
// line of plain text: tags are stripped with the x/net/html tokenizer,
// script and style content is dropped, entities are decoded (twice-escaped
// ones such as "&amp;eacute;" too), control characters and U+FFFD are
// removed, whitespace runs collapse to one space, and the result is trimmed.
func PlainText(s string) string {
	if s == "" {
		return ""
	}
	if strings.ContainsAny(s, "<&") {
		s = stripTags(s)
		for i := 0; i < 3 && strings.IndexByte(s, '&') >= 0; i++ {
			next := leftoverEntity.ReplaceAllStringFunc(s, html.UnescapeString)
			if next == s {
				break
			}
			s = next
		}
	}
	return cleanSpace(s)
}

// stripTags returns the text content of an HTML fragment.
func stripTags(s string) string {
	// Descriptions sometimes carry a second, literal CDATA wrapper.
	if strings.Contains(s, "<![CDATA[") {
		s = strings.NewReplacer("<![CDATA[", "", "]]>", "").Replace(s)
	}
	z := htmltok.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	hidden := 0
	for {
		switch z.Next() {
		case htmltok.ErrorToken:
			return b.String()
		case htmltok.TextToken:
			if hidden == 0 {
				b.Write(z.Text())
			}
		case htmltok.StartTagToken:
			name, _ := z.TagName()
			if hiddenTags[string(name)] {
				hidden++
			} else if blockTags[string(name)] {
				b.WriteByte(' ')
			}
		case htmltok.SelfClosingTagToken:
			if name, _ := z.TagName(); blockTags[string(name)] {
				b.WriteByte(' ')
			}
		case htmltok.EndTagToken:
			name, _ := z.TagName()
			if hiddenTags[string(name)] {
				if hidden > 0 {
					hidden--
				}
			} else if blockTags[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// cleanSpace drops invalid UTF-8, U+FFFD, byte order marks and control
// characters, collapses whitespace runs to one space and trims.
func cleanSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError, r == '\uFEFF':
			continue
		case unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			space = b.Len() > 0
			continue
		case unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Truncate shortens s to at most maxRunes characters (runes). Text that is
// cut ends at a word boundary when one is near, followed by "…", which
// counts towards maxRunes. s is returned unchanged when it fits.
func Truncate(s string, maxRunes int) string {
	if maxRunes <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	// Keep maxRunes-1 runes, leaving room for the ellipsis.
	cut, n := 0, 0
	for i := range s {
		if n == maxRunes-1 {
			cut = i
			break
		}
		n++
	}
	head := s[:cut]
	if i := strings.LastIndexFunc(head, unicode.IsSpace); i > len(head)/2 {
		head = head[:i]
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
	return head + "…"
}

// normaliseFeed turns the items of a parsed feed into Articles, dropping
// items with neither title nor link and duplicates of an earlier item.
func normaliseFeed(feed *gofeed.Feed, site Site, now time.Time) []Article {
	base := site.Homepage
	if abs, err := CanonicalURL(feed.Link, site.Homepage); err == nil {
		base = abs
	}
	arts := make([]Article, 0, len(feed.Items))
	seen := make(map[string]bool, len(feed.Items))
	for _, item := range feed.Items {
		if item == nil {
			continue
		}
		a, ok := normaliseItem(item, site, base, now)
		if !ok || seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		arts = append(arts, a)
	}
	return arts
}

// normaliseItem builds the Article for one feed item; ok is false when the
// item has neither a title nor a usable link.
func normaliseItem(item *gofeed.Item, site Site, base string, now time.Time) (Article, bool) {
	title := Truncate(itemText(item.Title), maxTitleRunes)
	summary := itemText(item.Description)
	if summary == "" {
		summary = itemText(item.Content)
	}
	summary = Truncate(summary, maxSummaryRunes)
	if title == "" {
		title = Truncate(firstSentence(summary), maxDerivedTitleRunes)
	}
	if summary == title {
		summary = ""
	}
	guid := strings.TrimSpace(item.GUID)
	link, fragment := itemLink(item, guid, base)
	if title == "" && link == "" {
		return Article{}, false
	}
	// Without a GUID the canonical link identifies the item, but posts of
	// old blog archives differ only by their fragment (and items with
	// neither GUID nor link only by their title).
	idKey := guid
	switch {
	case idKey != "":
	case link == "":
		idKey = "title:" + title
	case fragment != "":
		idKey = link + "#" + fragment
	}
	id := ArticleID(site.ID, idKey, link)
	return Article{
		ID:            id,
		SiteID:        site.ID,
		Country:       site.Country,
		Language:      site.Language,
		Title:         title,
		OriginalTitle: title,
		Summary:       summary,
		URL:           link,
		ImageURL:      itemImage(item, base),
		GUID:          guid,
		PublishedAt:   itemTime(item.PublishedParsed, item.Published, item.UpdatedParsed, item.Updated, now),
		FirstSeenAt:   now,
	}, true
}

// itemText is the plain, repaired text of a feed field.
func itemText(s string) string {
	return PlainText(repairMojibake(s))
}

// itemLink returns the canonical link of an item (its link, else its first
// alternate link, else its GUID when that is an http(s) URL; "" if none is
// usable) and the fragment the original link had.
func itemLink(item *gofeed.Item, guid, base string) (link, fragment string) {
	candidates := []string{item.Link}
	candidates = append(candidates, item.Links...)
	if strings.HasPrefix(guid, "http://") || strings.HasPrefix(guid, "https://") {
		candidates = append(candidates, guid)
	}
	for _, c := range candidates {
		if u, err := CanonicalURL(c, base); err == nil {
			if _, frag, ok := strings.Cut(stripURLSpace(c), "#"); ok {
				fragment = frag
			}
			return u, fragment
		}
	}
	return "", ""
}

// firstSentence returns the first sentence of s (or all of s).
func firstSentence(s string) string {
	for i, r := range s {
		switch r {
		case '.', '!', '?':
			if i+1 == len(s) || s[i+1] == ' ' {
				return s[:i+1]
			}
		case '。', '！', '？', '।':
			return s[:i+utf8.RuneLen(r)]
		}
	}
	return s
}

// itemImage returns the item's image URL, preferring Media RSS content and
// thumbnails, then image enclosures, then the image gofeed found (often the
// first <img> of the description). "" when there is none.
func itemImage(item *gofeed.Item, base string) string {
	var candidates []string
	if media := item.Extensions["media"]; media != nil {
		candidates = append(candidates, mediaImages(media)...)
	}
	for _, e := range item.Enclosures {
		if e != nil && strings.HasPrefix(strings.ToLower(e.Type), "image/") {
			candidates = append(candidates, e.URL)
		}
	}
	if item.Image != nil {
		candidates = append(candidates, item.Image.URL)
	}
	for _, c := range candidates {
		if u := absoluteURL(c, base); u != "" && !isTrackingPixel(u) {
			return u
		}
	}
	return ""
}

// isTrackingPixel reports whether an image URL is a known feed-proxy
// tracking pixel or share button (FeedBurner's "~r"/"~ff" images).
func isTrackingPixel(u string) bool {
	return strings.Contains(u, "feeds.feedburner.com/~") || strings.Contains(u, "feedproxy.google.com/~")
}

// mediaImages lists image URLs of Media RSS elements (media:content,
// media:thumbnail, also nested in media:group or media:content), best first.
func mediaImages(media map[string][]ext.Extension) []string {
	var contents, thumbs []string
	var walk func(m map[string][]ext.Extension, depth int)
	walk = func(m map[string][]ext.Extension, depth int) {
		if depth > 3 {
			return
		}
		for _, e := range m["content"] {
			if isImageMedia(e.Attrs) {
				contents = append(contents, e.Attrs["url"])
			}
			walk(e.Children, depth+1)
		}
		for _, e := range m["thumbnail"] {
			thumbs = append(thumbs, e.Attrs["url"])
		}
		for _, e := range m["group"] {
			walk(e.Children, depth+1)
		}
	}
	walk(media, 0)
	return append(contents, thumbs...)
}

// isImageMedia reports whether media:content attributes describe an image.
func isImageMedia(attrs map[string]string) bool {
	if attrs["url"] == "" {
		return false
	}
	if m := strings.ToLower(attrs["medium"]); m != "" {
		return m == "image"
	}
	if t := strings.ToLower(attrs["type"]); t != "" {
		return strings.HasPrefix(t, "image/")
	}
	path := strings.ToLower(attrs["url"])
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	for _, ext := range []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return false
}

// absoluteURL resolves an image link against base, keeping its query
// (image URLs are often signed); "" unless the result is an http(s) URL.
func absoluteURL(raw, base string) string {
	u, err := resolveHTTPURL(raw, base)
	if err != nil {
		return ""
	}
	return u.String()
}
