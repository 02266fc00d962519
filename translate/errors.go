package translate

import (
	"errors"
	"fmt"
	"time"
)

// QuotaError reports that the provider's character or request quota is
// used up (DeepL 456, MyMemory's daily limit, Google 403 quota errors).
// Nothing more can be translated until it resets: keep the originals and
// retry on a later cycle.
type QuotaError struct {
	// Provider is the provider's name, e.g. "deepl".
	Provider string
	// Detail is the provider's own message.
	Detail string
}

// Error names the provider and its message.
func (e *QuotaError) Error() string {
	if e.Detail == "" {
		return e.Provider + ": translation quota exceeded"
	}
	return fmt.Sprintf("%s: translation quota exceeded: %s", e.Provider, e.Detail)
}

// RateLimitError reports that the provider kept answering 429 (or asked
// for a wait longer than the client accepts).
type RateLimitError struct {
	// Provider is the provider's name.
	Provider string
	// RetryAfter is the wait the provider asked for; zero if it did not say.
	RetryAfter time.Duration
}

// Error names the provider and the wait it asked for.
func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("%s: rate limited (retry after %s)", e.Provider, e.RetryAfter)
	}
	return e.Provider + ": rate limited"
}

// APIError is any other error answer of a provider.
type APIError struct {
	// Provider is the provider's name.
	Provider string
	// Status is the HTTP status code (or the status inside a 200 body).
	Status int
	// Message is the provider's error message, if any.
	Message string
}

// Error names the provider, the status and its message.
func (e *APIError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("%s: HTTP %d", e.Provider, e.Status)
	}
	return fmt.Sprintf("%s: HTTP %d: %s", e.Provider, e.Status, e.Message)
}

// ErrMismatch reports a response holding a different number of
// translations than texts sent.
var ErrMismatch = errors.New("wrong number of translations")

// ErrUnavailable reports a provider that kept failing (timeouts,
// connection errors, 5xx) through every retry; no more requests are sent
// to it in the same call.
var ErrUnavailable = errors.New("provider unavailable")

// ErrNoDetection reports a text whose language a provider without
// language detection (MyMemory) could not be told nor guess from its
// script: the caller has to name the source language. No request was sent.
var ErrNoDetection = errors.New("cannot tell the source language (the provider has no language detection)")

// ErrMalformed reports a response that is not the documented JSON.
var ErrMalformed = errors.New("malformed response")

// stopsBatches reports whether err means further requests would fail too
// (quota, budget, rate limit, provider down), so remaining batches are not sent.
func stopsBatches(err error) bool {
	var q *QuotaError
	var r *RateLimitError
	var b *BudgetError
	return errors.As(err, &q) || errors.As(err, &r) || errors.As(err, &b) || errors.Is(err, ErrUnavailable)
}
