package sources

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// defaultFallbackCharset is used for undeclared feeds that are not UTF-8
// when the site configures no charset: a superset of Latin-1.
const defaultFallbackCharset = "windows-1252"

// utf8Prolog replaces the XML declaration of every decoded document, so that
// gofeed never decodes the (already UTF-8) bytes a second time.
const utf8Prolog = `<?xml version="1.0" encoding="UTF-8"?>`

var prologEncoding = regexp.MustCompile(`(?i)\bencoding\s*=\s*["']\s*([^"'\s]*)\s*["']`)

// decodeFeedBody returns body as well-formed UTF-8 text ready for gofeed,
// together with the canonical name of the encoding it was read as.
//
// The encoding is taken from a byte order mark, else from the XML prolog or
// the Content-Type charset; a declared Latin-family encoding on bytes that are
// in fact UTF-8 is read as UTF-8. Undeclared bodies stay UTF-8 when they look
// like UTF-8 and are otherwise decoded with fallback (the site's charset,
// default windows-1252). The result has no invalid UTF-8, no U+FFFD and no
// characters XML forbids, and its prolog declares UTF-8.
func decodeFeedBody(body []byte, contentType, fallback string) ([]byte, string) {
	doc, bom := stripByteOrderMark(body)
	doc = trimLeadingSpace(doc)
	name := "utf-8"
	switch {
	case bom == "utf-8":
	case bom != "":
		e, _ := charset.Lookup(bom)
		doc, name = decodeWith(doc, e), bom
	default:
		doc, name = decodeDeclared(doc, contentType, fallback)
	}
	doc = sanitizeUTF8(doc)
	return rewriteXMLDeclarations(trimLeadingSpace(doc)), name
}

// decodeDeclared picks the encoding from the declarations and converts doc.
func decodeDeclared(doc []byte, contentType, fallback string) ([]byte, string) {
	prolog := prologCharset(doc)
	header := headerCharset(contentType)
	isUTF8, mostlyUTF8, nonASCII := looksUTF8(doc)
	if !nonASCII {
		// Pure ASCII reads the same in every ASCII-compatible encoding;
		// only the 7-bit ISO-2022-JP needs decoding.
		if e, name := lookupCharset(firstCharsetLabel(prolog, header)); name == "iso-2022-jp" {
			return decodeWith(doc, e), name
		}
		return doc, "utf-8"
	}
	for _, label := range []string{prolog, header} {
		if label == "" {
			continue
		}
		e, name := lookupCharset(label)
		if e == nil {
			continue
		}
		if name == "utf-8" {
			if mostlyUTF8 { // a UTF-8 declaration needs less evidence
				return doc, name
			}
			continue // declared UTF-8 but clearly not: try the others, then the fallback
		}
		if isUTF8 && singleByteCharset(name) {
			// "Declared ISO-8859-1, actually UTF-8": legacy single-byte
			// text is practically never valid UTF-8 by accident.
			return doc, "utf-8"
		}
		if strings.HasPrefix(name, "utf-16") {
			continue // a UTF-16 declaration on ASCII-compatible bytes is a lie
		}
		return decodeWith(doc, e), name
	}
	if isUTF8 {
		return doc, "utf-8"
	}
	e, name := lookupCharset(fallback)
	if e == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		e, name = lookupCharset(defaultFallbackCharset)
	}
	return decodeWith(doc, e), name
}

// lookupCharset resolves an encoding label the way browsers do; it returns
// nil for unknown labels.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.Trim(strings.TrimSpace(label), `"'`)
	if label == "" {
		return nil, ""
	}
	e, name := charset.Lookup(label)
	if e == nil || name == "replacement" {
		return nil, "" // "replacement" would turn the whole body into U+FFFD
	}
	return e, strings.ToLower(name)
}

// singleByteCharset reports whether the canonical charset name is a legacy
// single-byte encoding (ISO-8859-x, windows-125x, KOI8, TIS-620...).
func singleByteCharset(name string) bool {
	switch name {
	case "utf-8", "utf-16be", "utf-16le", "shift_jis", "euc-jp", "iso-2022-jp",
		"euc-kr", "gbk", "gb18030", "big5", "replacement", "x-user-defined":
		return false
	}
	return true
}

// decodeWith converts doc from e to UTF-8; undecodable bytes become U+FFFD,
// which sanitizeUTF8 removes afterwards.
func decodeWith(doc []byte, e encoding.Encoding) []byte {
	if e == nil {
		return doc
	}
	out, err := e.NewDecoder().Bytes(doc)
	if err != nil {
		return doc
	}
	return out
}

// stripByteOrderMark removes a leading BOM and names the encoding it announces.
func stripByteOrderMark(b []byte) ([]byte, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], "utf-8"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return b[2:], "utf-16be"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return b[2:], "utf-16le"
	}
	return b, ""
}

// trimLeadingSpace drops whitespace in front of the document, which would
// otherwise put the XML declaration "not at the start of the entity".
func trimLeadingSpace(b []byte) []byte {
	return bytes.TrimLeft(b, " \t\r\n\f\v\x00")
}

// prologCharset returns the encoding named in a leading XML declaration.
func prologCharset(doc []byte) string {
	decl := leadingDeclaration(doc)
	if decl == nil {
		return ""
	}
	if m := prologEncoding.FindSubmatch(decl); m != nil {
		return string(m[1])
	}
	return ""
}

// leadingDeclaration returns the `<?xml ...?>` at the start of doc, if any.
func leadingDeclaration(doc []byte) []byte {
	if !isXMLDeclarationAt(doc, 0) {
		return nil
	}
	head := doc[:min(len(doc), 1024)]
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return nil
	}
	return doc[:end+2]
}

// isXMLDeclarationAt reports whether doc[i:] starts with `<?xml` followed by
// whitespace or `?` (and not, say, `<?xml-stylesheet`).
func isXMLDeclarationAt(doc []byte, i int) bool {
	if len(doc) < i+6 || !bytes.EqualFold(doc[i:i+5], []byte("<?xml")) {
		return false
	}
	switch doc[i+5] {
	case ' ', '\t', '\r', '\n', '?':
		return true
	}
	return false
}

// headerCharset extracts the charset parameter of a Content-Type header.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return params["charset"]
	}
	lower := strings.ToLower(contentType)
	i := strings.Index(lower, "charset=")
	if i < 0 {
		return ""
	}
	v := contentType[i+len("charset="):]
	if j := strings.IndexAny(v, "; \t"); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"'`)
}

// looksUTF8 reports whether b reads as UTF-8 (ok), whether at least two
// thirds of its non-ASCII sequences are valid UTF-8 (mostly), and whether it
// has any non-ASCII byte. An incomplete sequence at the very end (a
// truncated download) is ignored, and ok tolerates one stray byte per 16
// valid multi-byte characters.
func looksUTF8(b []byte) (ok, mostly, nonASCII bool) {
	multi, invalid := utf8Stats(b)
	// An incomplete trailing sequence always ends in a byte >= 0x80.
	nonASCII = multi+invalid > 0 || (len(b) > 0 && b[len(b)-1] >= utf8.RuneSelf)
	return invalid == 0 || multi >= 16*invalid, invalid == 0 || multi >= 2*invalid, nonASCII
}

// utf8Stats counts the valid multi-byte characters and the invalid bytes
// of b, ignoring an incomplete sequence at the very end.
func utf8Stats(b []byte) (multi, invalid int) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if !utf8.FullRune(b[i:]) {
				break // truncated in the middle of the last character
			}
			invalid++
		} else {
			multi++
		}
		i += size
	}
	return multi, invalid
}

// sanitizeUTF8 drops invalid UTF-8 bytes, U+FFFD and the characters XML 1.0
// forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF).
func sanitizeUTF8(b []byte) []byte {
	clean := true
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				clean = false
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if !xmlCharOK(r, size) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
				out = append(out, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if xmlCharOK(r, size) {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// xmlCharOK reports whether a decoded non-ASCII rune may stay in the text.
func xmlCharOK(r rune, size int) bool {
	return r != utf8.RuneError && r != 0xFFFE && r != 0xFFFF && size > 1
}

// rewriteXMLDeclarations replaces the leading XML declaration by one that
// declares UTF-8 and removes any further `<?xml ...?>` declarations, so the
// XML decoder never switches to another charset mid-document.
func rewriteXMLDeclarations(doc []byte) []byte {
	var out []byte
	last := 0
	for i := 0; ; {
		j := bytes.Index(doc[i:], []byte("<?"))
		if j < 0 {
			break
		}
		i += j
		if !isXMLDeclarationAt(doc, i) {
			i += 2
			continue
		}
		end := bytes.Index(doc[i:], []byte("?>"))
		if end < 0 {
			break
		}
		if out == nil {
			out = make([]byte, 0, len(doc)+16)
		}
		out = append(out, doc[last:i]...)
		if i == 0 {
			out = append(out, utf8Prolog...)
		}
		i += end + 2
		last = i
	}
	if out == nil {
		return doc
	}
	return append(out, doc[last:]...)
}

// firstCharsetLabel returns the first of its arguments that is not empty.
func firstCharsetLabel(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
