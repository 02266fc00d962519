package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// readBody reads a 200 response body through wire, decompressing gzip, and
// enforces the size cap on both the compressed and decompressed stream.
// It rejects empty bodies and HTML pages.
func (f *Fetcher) readBody(ctx context.Context, resp *http.Response, wire *wireCounter) ([]byte, error) {
	tooLarge := fmt.Errorf("%w: body exceeds %s limit", ErrBodyTooLarge, formatByteSize(f.maxBytes))
	if resp.ContentLength > f.maxBytes {
		return nil, fmt.Errorf("%w (Content-Length %d)", tooLarge, resp.ContentLength)
	}
	// One byte more than allowed tells "exactly at the limit" from "over it".
	var r io.Reader = io.LimitReader(wire, f.maxBytes+1)
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			if wire.n > f.maxBytes {
				return nil, tooLarge
			}
			if errors.Is(err, io.EOF) {
				return nil, errEmptyBody
			}
			if ctx.Err() != nil {
				return nil, ctxError(ctx)
			}
			return nil, fmt.Errorf("bad gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", truncateForError(enc, 40))
	}

	buf := bytes.NewBuffer(make([]byte, 0, initialBodyCap(resp.ContentLength, f.maxBytes)))
	_, err := buf.ReadFrom(io.LimitReader(r, f.maxBytes+1))
	if wire.n > f.maxBytes || int64(buf.Len()) > f.maxBytes {
		return nil, tooLarge
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxError(ctx)
		}
		return nil, fmt.Errorf("reading body: %w", describeFetchError(ctx, err))
	}
	body := buf.Bytes()
	if len(bytes.TrimSpace(bytes.TrimPrefix(body, fetchUTF8BOM))) == 0 {
		return nil, errEmptyBody
	}
	if looksLikeHTML(body) {
		return nil, notFeedError(resp.Header.Get("Content-Type"))
	}
	return body, nil
}

// initialBodyCap is the starting buffer size for a body: its declared
// length when sane, else a modest guess.
func initialBodyCap(contentLength, maxBytes int64) int {
	const guess = 64 << 10
	if contentLength > 0 && contentLength <= maxBytes {
		return int(contentLength) + 1
	}
	return int(min(guess, maxBytes+1))
}

// fetchUTF8BOM is the UTF-8 byte order mark some servers put before a document.
var fetchUTF8BOM = []byte{0xEF, 0xBB, 0xBF}

// looksLikeHTML reports whether body is an HTML page rather than a feed:
// after a BOM, whitespace and comments it opens with <!doctype html or
// <html. No RSS, Atom or RDF document can start that way, so feeds that are
// served as text/html but start with <?xml or <rss are kept.
func looksLikeHTML(body []byte) bool {
	b := bytes.TrimPrefix(body, fetchUTF8BOM)
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		if !bytes.HasPrefix(b, []byte("<!--")) {
			break
		}
		end := bytes.Index(b, []byte("-->"))
		if end < 0 {
			return false
		}
		b = b[end+3:]
	}
	for _, tag := range []string{"<!doctype html", "<html"} {
		if len(b) < len(tag) || !strings.EqualFold(string(b[:len(tag)]), tag) {
			continue
		}
		if len(b) == len(tag) {
			return true
		}
		switch b[len(tag)] {
		case ' ', '\t', '\r', '\n', '\f', '>':
			return true
		}
	}
	return false
}

// notFeedError describes an HTML page served where a feed was expected.
func notFeedError(contentType string) error {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" {
		return fmt.Errorf("%w: got an HTML page", ErrNotFeed)
	}
	if mt == "text/html" || mt == "application/xhtml+xml" {
		return fmt.Errorf("%w: got %s page", ErrNotFeed, mt)
	}
	return fmt.Errorf("%w: got an HTML page served as %s", ErrNotFeed, truncateForError(mt, 60))
}

// formatByteSize writes n in MiB or KiB when it is a whole number of them.
func formatByteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
