package translate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sync/atomic"
)

// CacheEntry is one cached translation.
type CacheEntry struct {
	// Hash is TextHash of the original text.
	Hash string
	// Text is the translation.
	Text string
	// Detected is the source language the provider detected, if any.
	Detected string
}

// Cache stores translations keyed by (source language, target language,
// text hash). The database implements it (store.Store).
type Cache interface {
	// CachedTranslations returns the entries found among hashes, by hash.
	CachedTranslations(ctx context.Context, source, target string, hashes []string) (map[string]CacheEntry, error)
	// CacheTranslations stores entries; existing keys are left as they are.
	CacheTranslations(ctx context.Context, source, target string, entries []CacheEntry) error
}

// TextHash is the cache key of a text: hex sha256 of its UTF-8 bytes.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Cached is a Translator that answers from Cache what it translated
// before and sends only the rest to Next. A cache that fails is logged
// and bypassed: translation goes on without it.
type Cached struct {
	Next  Translator
	Cache Cache
	Log   *slog.Logger

	hits, misses atomic.Int64
}

// Stats returns how many texts were answered from the cache and how many
// were sent to the provider since the Cached was created.
func (c *Cached) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

func (c *Cached) log() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}

// Translate implements Translator.
func (c *Cached) Translate(ctx context.Context, req Request) ([]Result, error) {
	source := req.Source
	if source == "" {
		source = Auto
	}
	hashes := make([]string, len(req.Texts))
	for i, t := range req.Texts {
		hashes[i] = TextHash(t)
	}
	found, err := c.Cache.CachedTranslations(ctx, source, req.Target, hashes)
	if err != nil {
		c.log().Warn("translation cache unavailable; asking the provider", "err", err)
		found = nil
	}
	out := make([]Result, len(req.Texts))
	var missTexts []string
	var missIdx []int
	seen := map[string]int{} // hash → index in missTexts
	dup := map[int]int{}     // text index → index in missTexts
	for i, t := range req.Texts {
		if e, ok := found[hashes[i]]; ok {
			out[i] = Result{Text: e.Text, Detected: e.Detected}
			c.hits.Add(1)
			continue
		}
		if t == "" {
			continue
		}
		if j, ok := seen[hashes[i]]; ok {
			dup[i] = j
			continue
		}
		seen[hashes[i]] = len(missTexts)
		missTexts = append(missTexts, t)
		missIdx = append(missIdx, i)
	}
	if len(missTexts) == 0 {
		return out, nil
	}
	c.misses.Add(int64(len(missTexts)))
	next := req
	next.Texts, next.Source = missTexts, source
	res, terr := c.Next.Translate(ctx, next)
	if res == nil {
		if terr != nil {
			// Cached texts are still good; report the rest as untranslated.
			for _, r := range out {
				if r.Text != "" {
					return out, terr
				}
			}
			return nil, terr
		}
		return out, nil
	}
	var entries []CacheEntry
	for j, r := range res {
		if r.Text == "" {
			continue
		}
		i := missIdx[j]
		out[i] = r
		entries = append(entries, CacheEntry{Hash: hashes[i], Text: r.Text, Detected: r.Detected})
	}
	for i, j := range dup {
		out[i] = res[j]
	}
	if len(entries) > 0 {
		if err := c.Cache.CacheTranslations(context.WithoutCancel(ctx), source, req.Target, entries); err != nil {
			c.log().Warn("translation cache: store failed", "err", err)
		}
	}
	return out, terr
}
