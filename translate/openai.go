package translate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/worldbrief/worldbrief/internal/chatapi"
)

// UsageRecorder counts what an LLM request spent beyond the characters of
// its texts: the prompt and the answer, in characters and tokens. *Budget
// implements it.
type UsageRecorder interface {
	Charge(ctx context.Context, chars, tokens int64) error
}

// CharsPerToken converts an LLM's reported tokens into budget characters
// (about four characters a token in European languages).
const CharsPerToken = 4

// openAI translates through an OpenAI-compatible /chat/completions
// endpoint: a numbered JSON array in, the same array out.
type openAI struct {
	client *chatapi.Client
	usage  UsageRecorder
	log    *slog.Logger
}

// NewOpenAI returns the openai provider: any OpenAI-compatible
// /chat/completions endpoint at opts.BaseURL (OpenAI, Ollama, vLLM, LM
// Studio, OpenRouter) with opts.Model, sending many texts per request. An
// answer is used only when it holds as many translations as texts, none
// empty, none merely the source echoed, none a refusal or far longer
// than its source; otherwise each text is asked for alone, and a text
// whose answer still fails keeps its original (and is retried on a later
// cycle). Reported token usage goes to opts.Usage.
func NewOpenAI(opts Options) Translator {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 120 * time.Second}
	}
	c := &openAI{client: &chatapi.Client{BaseURL: opts.BaseURL, Model: opts.Model, APIKey: opts.APIKey, HTTP: hc}, usage: opts.Usage, log: log}
	return opts.batcher(ProviderOpenAI, limits{maxTexts: 25, maxBytes: 8000}, c, 2)
}

const openAIPrompt = "You are a translation engine for news headlines and summaries. The user sends a JSON array of " +
	`objects {"id": n, "text": "..."}. Translate every text %s into the language with BCP 47 tag %q. ` +
	`Answer with only a JSON array of the same length and order, [{"id": n, "text": "translation"}, ...], ` +
	"one object per input object with the same id. Translate faithfully: keep names, numbers and meaning, " +
	"add nothing, omit nothing; no notes, no explanations, no markdown."

type numbered struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
}

// errRejected reports an answer that failed validation.
var errRejected = errors.New("answer rejected")

func (c *openAI) translateBatch(ctx context.Context, texts []string, source, target string) ([]Result, error) {
	out, bad, err := c.ask(ctx, texts, source, target)
	switch {
	case err != nil && !errors.Is(err, errRejected):
		return nil, err
	case err != nil && len(texts) == 1:
		c.log.Warn("openai translation rejected; the text keeps its original and is retried later", "reason", err.Error())
		return make([]Result, 1), nil
	case err != nil:
		c.log.Warn("openai translation answer rejected; asking text by text", "texts", len(texts), "reason", err.Error())
		out, bad = make([]Result, len(texts)), make([]int, len(texts))
		for i := range bad {
			bad[i] = i
		}
	case len(bad) > 0 && len(texts) == 1:
		c.log.Warn("openai translation rejected; the text keeps its original and is retried later", "reason", "invalid translation")
		return out, nil
	}
	translated := len(bad) < len(texts)
	for _, i := range bad {
		one, b1, err := c.ask(ctx, texts[i:i+1], source, target)
		switch {
		case err != nil && !errors.Is(err, errRejected):
			if !translated {
				return nil, err
			}
			return out, nil // what was translated is kept; the rest is retried later
		case err != nil || len(b1) > 0:
			c.log.Warn("openai translation rejected; the text keeps its original and is retried later", "reason", fmt.Sprint(err))
		default:
			out[i] = one[0]
			translated = true
		}
	}
	return out, nil
}

// ask sends one request. It returns the results, the indices whose
// translation failed validation, and an error: errRejected (wrapped) when
// the answer as a whole is unusable, a provider error otherwise.
func (c *openAI) ask(ctx context.Context, texts []string, source, target string) ([]Result, []int, error) {
	in := make([]numbered, len(texts))
	var chars int64
	for i, t := range texts {
		in[i] = numbered{ID: i + 1, Text: t}
		chars += Chars(t)
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return nil, nil, fmt.Errorf("openai: encode texts: %w", err)
	}
	from := "from its original language"
	if source != Auto && source != "" {
		from = fmt.Sprintf("from the language with BCP 47 tag %q", source)
	}
	resp, err := c.client.Complete(ctx, chatapi.Request{
		Messages: []chatapi.Message{
			{Role: "system", Content: fmt.Sprintf(openAIPrompt, from, target)},
			{Role: "user", Content: string(payload)},
		},
		Temperature: 0,
	})
	if err != nil {
		return nil, nil, c.providerError(ctx, err)
	}
	if c.usage != nil {
		tokens := resp.Usage.Total()
		if uerr := c.usage.Charge(context.WithoutCancel(ctx), max(tokens*CharsPerToken-chars, 0), tokens); uerr != nil {
			c.log.Warn("openai: could not record token usage", "err", uerr.Error())
		}
	}
	switch {
	case resp.Refusal != "":
		return nil, nil, fmt.Errorf("%w: the model refused", errRejected)
	case resp.FinishReason == "content_filter":
		return nil, nil, fmt.Errorf("%w: the answer was filtered", errRejected)
	case resp.FinishReason == "length":
		return nil, nil, fmt.Errorf("%w: the answer was cut off", errRejected)
	}
	got, err := parseNumbered(resp.Content, len(texts))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errRejected, err)
	}
	out := make([]Result, len(texts))
	var bad []int
	for i, t := range texts {
		if reason := invalidTranslation(t, got[i], source, target); reason != "" {
			bad = append(bad, i)
			continue
		}
		out[i] = Result{Text: strings.TrimSpace(got[i])}
	}
	return out, bad, nil
}

// providerError maps a client error onto the package's error types.
func (c *openAI) providerError(ctx context.Context, err error) error {
	var se *chatapi.StatusError
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("openai: %w", context.Cause(ctx))
	case errors.As(err, &se) && se.Status == http.StatusTooManyRequests:
		return &RateLimitError{Provider: ProviderOpenAI, RetryAfter: se.RetryAfter}
	case errors.As(err, &se) && se.Status == http.StatusPaymentRequired:
		return &QuotaError{Provider: ProviderOpenAI, Detail: se.Message}
	case errors.As(err, &se) && se.Status >= 500:
		return fmt.Errorf("%w: openai: %w", ErrUnavailable, err)
	case errors.As(err, &se):
		return &APIError{Provider: ProviderOpenAI, Status: se.Status, Message: se.Message}
	case errors.Is(err, chatapi.ErrMalformed):
		return fmt.Errorf("%w: openai: %w", errRejected, err)
	}
	return fmt.Errorf("%w: openai: %w", ErrUnavailable, err)
}

// parseNumbered reads an answer holding a JSON array of n translations:
// objects {"id", "text"} with ids 1..n each once (in any order), or plain
// strings in order. A Markdown code fence or text around the array is
// ignored.
func parseNumbered(content string, n int) ([]string, error) {
	start, end := strings.Index(content, "["), strings.LastIndex(content, "]")
	if start < 0 || end < start {
		return nil, fmt.Errorf("%w: no JSON array in the answer", ErrMalformed)
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(content[start:end+1]), &items); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(items) != n {
		return nil, fmt.Errorf("%w: sent %d texts, got %d", ErrMismatch, n, len(items))
	}
	out := make([]string, n)
	seen := make([]bool, n)
	for i, raw := range items {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			out[i], seen[i] = s, true
			continue
		}
		var it numbered
		if err := json.Unmarshal(raw, &it); err != nil {
			return nil, fmt.Errorf("%w: item %d: %v", ErrMalformed, i+1, err)
		}
		if it.ID < 1 || it.ID > n || seen[it.ID-1] {
			return nil, fmt.Errorf("%w: item %d has id %d", ErrMismatch, i+1, it.ID)
		}
		out[it.ID-1], seen[it.ID-1] = it.Text, true
	}
	return out, nil
}

// refusals start answers that are not translations.
var refusals = []string{"i'm sorry", "i am sorry", "sorry,", "i cannot", "i can't", "i can not", "as an ai", "i'm unable", "i am unable", "i won't"}

// invalidTranslation says why out is not a translation of src, or "".
func invalidTranslation(src, out, source, target string) string {
	out = strings.TrimSpace(out)
	src = strings.TrimSpace(src)
	if out == "" {
		return "empty"
	}
	lo := strings.ToLower(out)
	for _, r := range refusals {
		if strings.HasPrefix(lo, r) && !strings.HasPrefix(strings.ToLower(src), r) {
			return "a refusal"
		}
	}
	ns, no := len([]rune(src)), len([]rune(out))
	if no > 3*ns+60 {
		return "far longer than its source (invented text)"
	}
	if strings.EqualFold(out, src) && !SameLanguage(source, target) && echoMatters(src) {
		return "the source echoed"
	}
	return ""
}

// echoMatters reports whether an unchanged text cannot be a translation:
// it has letters of a script other than Latin, or at least two
// lower-case words (a name or an acronym may stay as it is, a sentence
// may not).
func echoMatters(s string) bool {
	lower := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(w)
		for _, c := range r {
			if !unicode.Is(unicode.Latin, c) {
				return true
			}
		}
		if len(r) >= 3 && unicode.IsLower(r[0]) {
			lower++
		}
	}
	return lower >= 2
}
