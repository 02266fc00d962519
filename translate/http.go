package translate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/worldbrief/worldbrief/internal/backoff"
)

// maxResponseBytes caps a provider's response body.
const maxResponseBytes = 8 << 20

// Retry is the retry policy of a client.
type Retry struct {
	// Attempts is the total number of tries of one request (default 3).
	Attempts int
	// BaseDelay is the first backoff step; steps double on each retry
	// (default 1s). Each wait is drawn from the upper half of its step
	// (internal/backoff), so clients failing together retry apart.
	BaseDelay time.Duration
	// MaxDelay caps one backoff step (default 30s).
	MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the client waits for; a
	// longer one ends the request with a *RateLimitError (default 60s).
	// A Retry-After is waited out with up to a quarter more, never more
	// than MaxRetryAfter.
	MaxRetryAfter time.Duration
}

func (r Retry) withDefaults() Retry {
	if r.Attempts < 1 {
		r.Attempts = 3
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = time.Second
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = 30 * time.Second
	}
	if r.MaxRetryAfter <= 0 {
		r.MaxRetryAfter = 60 * time.Second
	}
	return r
}

// httpClient sends requests to one provider with retries. It never puts
// the request URL (which may hold an API key) into an error.
type httpClient struct {
	provider string
	client   *http.Client
	retry    Retry
	log      *slog.Logger
	secrets  []string
}

// response is a provider's final answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends the request built by build, retrying transport errors, 429 and
// 5xx with exponential backoff or the server's Retry-After. Other statuses
// are returned as they are, for the provider to interpret.
func (c *httpClient) do(ctx context.Context, build func(ctx context.Context) (*http.Request, error)) (response, error) {
	var lastErr error
	for attempt := 1; ; attempt++ {
		req, err := build(ctx)
		if err != nil {
			return response{}, fmt.Errorf("%s: build request: %w", c.provider, err)
		}
		resp, err := c.client.Do(req)
		var wait time.Duration
		if err != nil {
			if ctx.Err() != nil {
				return response{}, fmt.Errorf("%s: %w", c.provider, context.Cause(ctx))
			}
			lastErr = fmt.Errorf("%s: request failed: %s", c.provider, c.scrub(transportText(err)))
		} else {
			body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
			resp.Body.Close()
			switch {
			case rerr != nil:
				lastErr = fmt.Errorf("%s: read response: %s", c.provider, c.scrub(transportText(rerr)))
			case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
				ra, hasRA := backoff.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
				if resp.StatusCode == http.StatusTooManyRequests {
					lastErr = &RateLimitError{Provider: c.provider, RetryAfter: ra}
				} else {
					lastErr = &APIError{Provider: c.provider, Status: resp.StatusCode, Message: c.scrub(shortBody(body))}
				}
				if hasRA {
					if ra > c.retry.MaxRetryAfter {
						return response{}, lastErr
					}
					wait = min(backoff.Stagger(ra, nil), c.retry.MaxRetryAfter)
				}
			default:
				return response{status: resp.StatusCode, header: resp.Header, body: body}, nil
			}
		}
		if attempt >= c.retry.Attempts {
			return response{}, fmt.Errorf("%w after %d attempts: %w", ErrUnavailable, attempt, lastErr)
		}
		if wait == 0 {
			wait = backoff.Policy{Base: c.retry.BaseDelay, Cap: c.retry.MaxDelay}.Delay(attempt)
		}
		c.log.Debug("translation request failed; retrying", "provider", c.provider, "err", lastErr, "attempt", attempt, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			if cause := context.Cause(ctx); errors.Is(cause, ErrUnavailable) {
				// A request beside this one gave up on the provider:
				// its error already tells this one's.
				return response{}, cause
			}
			return response{}, fmt.Errorf("%w (while waiting to retry: %w)", lastErr, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// postJSON builds a JSON POST request.
func postJSON(endpoint string, body []byte, header http.Header) func(ctx context.Context) (*http.Request, error) {
	return func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header = header.Clone()
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		return req, nil
	}
}

// scrub removes secrets from a message.
func (c *httpClient) scrub(s string) string {
	for _, sec := range c.secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "[redacted]")
			s = strings.ReplaceAll(s, url.QueryEscape(sec), "[redacted]")
		}
	}
	return s
}

// transportText describes a transport error without its URL, in short
// words for the common offline failures ("DNS: no such host
// api.mymemory.translated.net", "connection refused").
func transportText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return "DNS: no such host " + dnsErr.Name
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return "timeout: " + err.Error()
	}
	return err.Error()
}

// shortBody is an error body fit for a log line.
func shortBody(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
