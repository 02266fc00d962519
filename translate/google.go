package translate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

const googleURL = "https://translation.googleapis.com"

// google is the Google Cloud Translation v2 client: POST
// {base}/language/translate/v2?key=KEY with {"q": [...], "target",
// "format": "text"}.
type google struct {
	http     *httpClient
	endpoint string
}

// NewGoogle returns a Google Cloud Translation v2 (Basic) client
// authenticated with an API key. Up to 128 segments and 30 kB go in one
// request; format is always "text" (the API's default is HTML).
func NewGoogle(opts Options) Translator {
	c := &google{http: opts.httpFor("google"), endpoint: opts.baseURL(googleURL) + "/language/translate/v2?key=" + url.QueryEscape(opts.APIKey)}
	return opts.batcher("google", limits{maxTexts: 128, maxBytes: 30000}, c, 4)
}

type googleRequest struct {
	Q      []string `json:"q"`
	Source string   `json:"source,omitempty"`
	Target string   `json:"target"`
	Format string   `json:"format"`
}

type googleResponse struct {
	Data struct {
		Translations []struct {
			TranslatedText         string `json:"translatedText"`
			DetectedSourceLanguage string `json:"detectedSourceLanguage"`
		} `json:"translations"`
	} `json:"data"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Errors  []struct {
			Reason string `json:"reason"`
		} `json:"errors"`
	} `json:"error"`
}

func (c *google) translateBatch(ctx context.Context, texts []string, source, target string) ([]Result, error) {
	req := googleRequest{Q: texts, Target: Primary(target), Format: "text"}
	if source != Auto {
		req.Source = Primary(source)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.do(ctx, postJSON(c.endpoint, body, http.Header{}))
	if err != nil {
		return nil, err
	}
	var r googleResponse
	jerr := json.Unmarshal(resp.body, &r)
	if resp.status != http.StatusOK {
		msg := shortBody(resp.body)
		if jerr == nil && r.Error != nil {
			msg = r.Error.Message
			for _, e := range r.Error.Errors {
				switch e.Reason {
				case "dailyLimitExceeded", "quotaExceeded", "characterQuotaExceeded":
					return nil, &QuotaError{Provider: "google", Detail: c.http.scrub(msg)}
				case "rateLimitExceeded", "userRateLimitExceeded":
					return nil, &RateLimitError{Provider: "google"}
				}
			}
		}
		return nil, &APIError{Provider: "google", Status: resp.status, Message: c.http.scrub(msg)}
	}
	if jerr != nil {
		return nil, fmt.Errorf("google: %w: %v", ErrMalformed, jerr)
	}
	res := make([]Result, len(r.Data.Translations))
	for i, t := range r.Data.Translations {
		res[i] = Result{Text: t.TranslatedText, Detected: t.DetectedSourceLanguage}
	}
	return res, nil
}
