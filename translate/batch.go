package translate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode/utf8"
)

// limits are a provider's per-request caps.
type limits struct {
	// maxTexts is the most texts in one request.
	maxTexts int
	// maxBytes caps the UTF-8 size of all texts of one request.
	maxBytes int
	// maxTextBytes caps one text; longer texts are split at sentence or
	// word boundaries and the translated pieces joined again (0: no cap).
	maxTextBytes int
}

// backend sends one request of at most limits' size.
type backend interface {
	translateBatch(ctx context.Context, texts []string, source, target string) ([]Result, error)
}

// guesser is implemented by backends that cannot detect languages: for an
// Auto source, each whole text's language is guessed before it is split.
type guesser interface {
	guess(text string) string
}

// batcher is the Translator of every provider: it splits a Request into
// requests within the provider's limits and sends them concurrently.
type batcher struct {
	name        string
	lim         limits
	be          backend
	concurrency int
	log         *slog.Logger
}

// piece is one request item: a whole text or a part of a long one.
type piece struct {
	owner int
	text  string
}

// Translate implements Translator.
func (b *batcher) Translate(ctx context.Context, req Request) ([]Result, error) {
	if strings.TrimSpace(req.Target) == "" {
		return nil, fmt.Errorf("%s: no target language", b.name)
	}
	source := req.Source
	if source == "" {
		source = Auto
	}
	if g, ok := b.be.(guesser); ok && source == Auto {
		return b.translateGuessed(ctx, req, g)
	}
	var pieces []piece
	parts := make([]int, len(req.Texts))
	for i, t := range req.Texts {
		if strings.TrimSpace(t) == "" {
			continue
		}
		for _, p := range splitText(t, b.lim.maxTextBytes) {
			pieces = append(pieces, piece{owner: i, text: p})
			parts[i]++
		}
	}
	batches := pack(pieces, b.lim)
	got := make([][]Result, len(batches))
	errs := make([]error, len(batches))

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, max(b.concurrency, 1))
	var wg sync.WaitGroup
	for i, batch := range batches {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			errs[i] = context.Cause(ctx)
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			texts := make([]string, len(batch))
			for j, p := range batch {
				texts[j] = p.text
			}
			res, err := b.be.translateBatch(ctx, texts, source, req.Target)
			if err == nil && len(res) != len(texts) {
				err = fmt.Errorf("%s: %w: sent %d texts, got %d", b.name, ErrMismatch, len(texts), len(res))
			}
			if err != nil {
				errs[i] = err
				if stopsBatches(err) {
					cancel(err)
				}
				return
			}
			got[i] = res
		})
	}
	wg.Wait()

	// Reassemble: a text is translated when all its pieces are.
	out := make([]Result, len(req.Texts))
	texts := make([][]string, len(req.Texts))
	okParts := make([]int, len(req.Texts))
	for i, batch := range batches {
		if got[i] == nil {
			continue
		}
		for j, p := range batch {
			r := got[i][j]
			if strings.TrimSpace(r.Text) == "" {
				continue
			}
			texts[p.owner] = append(texts[p.owner], strings.TrimSpace(r.Text))
			okParts[p.owner]++
			if out[p.owner].Detected == "" {
				out[p.owner].Detected = r.Detected
			}
		}
	}
	translated := false
	for i := range out {
		if parts[i] > 0 && okParts[i] == parts[i] {
			out[i].Text = strings.Join(texts[i], " ")
			translated = true
		} else {
			out[i].Detected = ""
		}
	}
	err := firstError(errs)
	if err == nil {
		return out, nil
	}
	if !translated {
		return nil, err
	}
	return out, err
}

// firstError prefers an error that stops all batches (quota, rate limit)
// over others, and ignores the cancellations it caused.
func firstError(errs []error) error {
	var first error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if stopsBatches(err) {
			return err
		}
		if first == nil && !errors.Is(err, context.Canceled) {
			first = err
		}
	}
	if first == nil {
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
	}
	return first
}

// pack groups pieces into requests within the limits, in order.
func pack(pieces []piece, lim limits) [][]piece {
	var out [][]piece
	var cur []piece
	size := 0
	for _, p := range pieces {
		full := lim.maxTexts > 0 && len(cur) >= lim.maxTexts
		if lim.maxBytes > 0 && size+len(p.text) > lim.maxBytes && len(cur) > 0 {
			full = true
		}
		if full {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, p)
		size += len(p.text)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// splitText cuts s into pieces of at most max bytes, preferring sentence
// ends, then spaces, then any character boundary. max ≤ 0 means no cap.
func splitText(s string, max int) []string {
	s = strings.TrimSpace(s)
	if max <= 0 || len(s) <= max {
		return []string{s}
	}
	var out []string
	for len(s) > max {
		cut := cutPoint(s, max)
		out = append(out, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// cutPoint returns where to cut s (longer than max bytes) so that the
// head fits: after the last sentence end, else at the last space, else at
// the last character boundary.
func cutPoint(s string, max int) int {
	head := s[:max]
	best := -1
	for _, end := range []string{". ", "! ", "? ", "。", "！", "？", "؟ ", "। "} {
		if i := strings.LastIndex(head, end); i >= 0 && i+len(end) > best {
			best = i + len(end)
		}
	}
	if best > max/3 {
		return best
	}
	if i := strings.LastIndexAny(head, " \n\t"); i > max/3 {
		return i + 1
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut == 0 {
		return max
	}
	return cut
}

// translateGuessed translates Auto texts for a backend without language
// detection: texts are grouped by their guessed language; a text whose
// language cannot be guessed is left untranslated.
func (b *batcher) translateGuessed(ctx context.Context, req Request, g guesser) ([]Result, error) {
	out := make([]Result, len(req.Texts))
	bySource := map[string][]int{}
	var order []string
	var errs []error
	for i, t := range req.Texts {
		if strings.TrimSpace(t) == "" {
			continue
		}
		src := g.guess(t)
		if src == "" {
			errs = append(errs, fmt.Errorf("%s: %w", b.name, ErrNoDetection))
			continue
		}
		if bySource[src] == nil {
			order = append(order, src)
		}
		bySource[src] = append(bySource[src], i)
	}
	translated := false
	for _, src := range order {
		idx := bySource[src]
		texts := make([]string, len(idx))
		for j, i := range idx {
			texts[j] = req.Texts[i]
		}
		res, err := b.Translate(ctx, Request{Texts: texts, Source: src, Target: req.Target})
		for j, r := range res {
			if r.Text != "" {
				out[idx[j]] = Result{Text: r.Text, Detected: src}
				translated = true
			}
		}
		if err != nil {
			errs = append(errs, err)
			if stopsBatches(err) {
				break
			}
		}
	}
	err := firstError(errs)
	if err != nil && !translated {
		return nil, err
	}
	return out, err
}
