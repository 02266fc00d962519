package sources

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/internal/backoff"
)

// Errors a FetchResult.Err may wrap; match them with errors.Is.
var (
	// ErrTimeout: the request, body included, did not finish within the
	// fetcher's Timeout.
	ErrTimeout = errors.New("timeout")
	// ErrTooManyRedirects: the server redirected more than 5 times.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrBodyTooLarge: the body, compressed or decompressed, exceeded MaxBytes.
	ErrBodyTooLarge = errors.New("response too large")
	// ErrNotFeed: the server sent an HTML page instead of a feed.
	ErrNotFeed = errors.New("not a feed")
)

// errEmptyBody is the reason for a 200 response without content.
var errEmptyBody = errors.New("empty body")

// HTTPStatusError is a response status the fetcher treats as a failure.
type HTTPStatusError struct {
	// Code is the HTTP status code, e.g. 404.
	Code int
}

// Error returns e.g. "HTTP 404 Not Found". The reason phrase is the
// standard one, never the server's own text.
func (e *HTTPStatusError) Error() string {
	if text := http.StatusText(e.Code); text != "" {
		return fmt.Sprintf("HTTP %d %s", e.Code, text)
	}
	return fmt.Sprintf("HTTP %d", e.Code)
}

// maxRetryAfter bounds a server's Retry-After so that a hostile or broken
// value cannot silence a feed for years.
const maxRetryAfter = 7 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value, either delay seconds or an
// HTTP date (relative to now). Invalid values give 0; the result is
// clamped to [0, maxRetryAfter].
func parseRetryAfter(v string, now time.Time) time.Duration {
	d, _ := backoff.ParseRetryAfter(v, now)
	return min(d, maxRetryAfter)
}

// ctxError explains why ctx ended: the fetcher's own timeout (its cause)
// or the caller's cancellation.
func ctxError(ctx context.Context) error {
	cause := context.Cause(ctx)
	if errors.Is(cause, ErrTimeout) {
		return cause
	}
	return fmt.Errorf("fetch canceled: %w", cause)
}

// describeFetchError turns a transport error into a short readable reason:
// "connection refused", "timeout after 20s", "DNS: no such host x", … The
// *url.Error layer, whose message repeats the URL, is dropped.
func describeFetchError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctxError(ctx)
	}
	err = unwrapURLError(err)
	var (
		dnsErr    *net.DNSError
		certErr   *tls.CertificateVerificationError
		recordErr tls.RecordHeaderError
		netErr    net.Error
	)
	switch {
	case errors.Is(err, ErrTooManyRedirects):
		return err
	case errors.Is(err, syscall.ECONNREFUSED):
		return &fetchNetError{msg: "connection refused", err: err}
	case errors.Is(err, syscall.ECONNRESET):
		return &fetchNetError{msg: "connection reset by peer", err: err}
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return &fetchNetError{msg: "DNS: no such host " + dnsErr.Name, err: err}
		}
		return &fetchNetError{msg: "DNS lookup failed for " + dnsErr.Name + ": " + dnsErr.Err, err: err}
	case errors.As(err, &certErr):
		return &fetchNetError{msg: "TLS certificate rejected: " + certErr.Err.Error(), err: err}
	case errors.As(err, &recordErr):
		return &fetchNetError{msg: "TLS handshake failed: server did not answer in TLS", err: err}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &fetchNetError{msg: "server closed the connection", err: err}
	case errors.As(err, &netErr) && netErr.Timeout():
		return &fetchNetError{msg: "network timeout: " + err.Error(), err: err}
	}
	return err
}

// fetchNetError is a network failure with a short message of its own.
type fetchNetError struct {
	msg string
	err error
}

// Error implements error.
func (e *fetchNetError) Error() string { return e.msg }

// Unwrap returns the underlying error.
func (e *fetchNetError) Unwrap() error { return e.err }

// unwrapURLError drops a *url.Error layer, whose message holds the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// urlInText finds URLs inside an error message.
var urlInText = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s"'<>]+`)

// redactFetchError makes sure err's message holds neither the credentials
// nor the query of the fetched URL u, nor those of any URL it quotes.
func redactFetchError(err error, u *url.URL) error {
	msg := err.Error()
	clean := urlInText.ReplaceAllStringFunc(msg, func(s string) string {
		p, perr := url.Parse(s)
		if perr != nil {
			return "<url>"
		}
		return redactURL(p)
	})
	var secrets []string
	if u.User != nil {
		secrets = append(secrets, u.User.String())
		if pw, ok := u.User.Password(); ok {
			secrets = append(secrets, pw, url.QueryEscape(pw))
		}
	}
	secrets = append(secrets, u.RawQuery, u.Query().Encode())
	for _, vs := range u.Query() {
		for _, v := range vs {
			// Short values ("1", "en", "rss") are rarely secret and common
			// words; long ones (tokens, keys) are hidden.
			if len(v) >= 6 {
				secrets = append(secrets, v, url.QueryEscape(v))
			}
		}
	}
	for _, s := range secrets {
		if len(s) >= 3 {
			clean = strings.ReplaceAll(clean, s, "REDACTED")
		}
	}
	if clean == msg {
		return err
	}
	return &fetchNetError{msg: clean, err: err}
}

// redactURL writes u without user info, query or fragment.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery, c.ForceQuery = "", false
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}

// truncateForError shortens server-supplied text quoted in an error.
func truncateForError(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
