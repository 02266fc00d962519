// Package translate makes every headline and summary readable in the
// target language (English by default).
//
// A Translator turns a batch of texts from one source language (or Auto)
// into the target language. Four hand-written clients follow their
// provider's documented HTTP API: LibreTranslate, DeepL v2, Google Cloud
// Translation v2 and MyMemory; None keeps the originals. Each client
// splits work into requests within the provider's limits, runs them with
// bounded concurrency and retries 429 and 5xx answers with backoff,
// honouring Retry-After. Exhausted quotas end in a *QuotaError, so callers
// keep the original text and try again on a later cycle.
//
// Cached wraps any Translator with a cache keyed by (source language,
// target language, sha256 of the text); the database implements it (see
// package store). Pipeline translates the titles and summaries of stored
// articles after each fetch; it never fails the fetch: articles it could
// not translate keep their original text and are retried next cycle.
//
// Translation follows demand within a daily character budget. Plan orders
// what waits for translation: what a user asks for now, then what
// subscribed countries' next digests show, then what cross-country
// matching needs, then the rest while the budget lasts; Pipeline.RunPlan
// carries it out. Budget is a provider's daily budget, counted in a
// Ledger the database shares between processes, with a reserve for
// on-demand requests; Budgeted spends it under Cached, so cache hits are
// free. The openai provider sends many texts per request to any
// OpenAI-compatible /chat/completions endpoint and validates every answer.
//
// The package depends on the standard library and internal/chatapi only.
package translate
