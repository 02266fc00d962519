package translate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const myMemoryURL = "https://api.mymemory.translated.net"

// myMemory is the MyMemory client: GET {base}/get?q=…&langpair=fr|en
// [&de=email], one text per request.
type myMemory struct {
	http     *httpClient
	endpoint string
	email    string
}

// NewMyMemory returns a MyMemory client, anonymous or with opts.Email as
// the contact address that raises the daily quota. MyMemory takes one
// text of at most 500 bytes per request: longer texts are split at
// sentence boundaries. It cannot detect languages: for an Auto source the
// language is guessed from the text's script.
func NewMyMemory(opts Options) Translator {
	c := &myMemory{http: opts.httpFor("mymemory"), endpoint: opts.baseURL(myMemoryURL) + "/get", email: opts.Email}
	return opts.batcher("mymemory", limits{maxTexts: 1, maxTextBytes: 480}, c, 3)
}

type myMemoryResponse struct {
	ResponseData struct {
		TranslatedText string `json:"translatedText"`
	} `json:"responseData"`
	QuotaFinished   *bool           `json:"quotaFinished"`
	ResponseDetails json.RawMessage `json:"responseDetails"`
	ResponseStatus  json.RawMessage `json:"responseStatus"`
}

// status reads responseStatus, a number or a numeric string.
func (r myMemoryResponse) status() int {
	s := strings.Trim(string(bytes.TrimSpace(r.ResponseStatus)), `"`)
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// guess picks the source language of an Auto text from its script, since
// MyMemory has no auto-detection.
func (c *myMemory) guess(text string) string { return GuessLanguage(text) }

func (c *myMemory) translateBatch(ctx context.Context, texts []string, source, target string) ([]Result, error) {
	out := make([]Result, 0, len(texts))
	for _, t := range texts {
		r, err := c.one(ctx, t, source, target)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (c *myMemory) one(ctx context.Context, text, source, target string) (Result, error) {
	src := Primary(source)
	if source == Auto { // the batcher resolves Auto through guess
		return Result{}, &APIError{Provider: "mymemory", Status: http.StatusBadRequest, Message: "MyMemory needs a source language"}
	}
	q := url.Values{}
	q.Set("q", text)
	q.Set("langpair", src+"|"+Primary(target))
	if c.email != "" {
		q.Set("de", c.email)
	}
	u := c.endpoint + "?" + q.Encode()
	resp, err := c.http.do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err == nil {
			req.Header.Set("Accept", "application/json")
		}
		return req, err
	})
	if err != nil {
		return Result{}, err
	}
	var r myMemoryResponse
	jerr := json.Unmarshal(resp.body, &r)
	status := resp.status
	if jerr == nil && status == http.StatusOK {
		status = r.status()
	}
	msg := r.ResponseData.TranslatedText
	var details string
	if json.Unmarshal(r.ResponseDetails, &details) == nil && details != "" {
		msg = details
	}
	if jerr != nil {
		msg = shortBody(resp.body)
	}
	msg = shortBody([]byte(msg))
	quota := (r.QuotaFinished != nil && *r.QuotaFinished) || strings.Contains(strings.ToUpper(msg), "FREE TRANSLATIONS")
	switch {
	case quota:
		return Result{}, &QuotaError{Provider: "mymemory", Detail: msg}
	case status == http.StatusTooManyRequests:
		return Result{}, &RateLimitError{Provider: "mymemory"}
	case status != http.StatusOK:
		return Result{}, &APIError{Provider: "mymemory", Status: status, Message: msg}
	case jerr != nil:
		return Result{}, fmt.Errorf("mymemory: %w: %v", ErrMalformed, jerr)
	}
	out := r.ResponseData.TranslatedText
	if !strings.Contains(text, "&") {
		out = html.UnescapeString(out) // MyMemory sometimes escapes quotes as &#39;
	}
	return Result{Text: out}, nil
}
