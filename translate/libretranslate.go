package translate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// libreTranslate is the LibreTranslate client: POST {base}/translate with
// {"q": [...], "source", "target", "format": "text", "api_key"?}.
type libreTranslate struct {
	http     *httpClient
	endpoint string
	apiKey   string
}

// NewLibreTranslate returns a LibreTranslate client for opts.BaseURL
// (self-hosted or https://libretranslate.com), with opts.APIKey when the
// instance requires one. Up to 50 texts and 20 kB go in one request.
func NewLibreTranslate(opts Options) Translator {
	c := &libreTranslate{http: opts.httpFor("libretranslate"), endpoint: opts.baseURL("") + "/translate", apiKey: opts.APIKey}
	return opts.batcher("libretranslate", limits{maxTexts: 50, maxBytes: 20000}, c, 4)
}

type libreRequest struct {
	Q      []string `json:"q"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Format string   `json:"format"`
	APIKey string   `json:"api_key,omitempty"`
}

type libreDetected struct {
	Language   string  `json:"language"`
	Confidence float64 `json:"confidence"`
}

type libreResponse struct {
	TranslatedText   json.RawMessage `json:"translatedText"`
	DetectedLanguage json.RawMessage `json:"detectedLanguage"`
	Error            string          `json:"error"`
}

func (c *libreTranslate) translateBatch(ctx context.Context, texts []string, source, target string) ([]Result, error) {
	src := source
	if src != Auto {
		src = Primary(source)
	}
	body, err := json.Marshal(libreRequest{Q: texts, Source: src, Target: Primary(target), Format: "text", APIKey: c.apiKey})
	if err != nil {
		return nil, err
	}
	resp, err := c.http.do(ctx, postJSON(c.endpoint, body, http.Header{}))
	if err != nil {
		return nil, err
	}
	var r libreResponse
	jerr := json.Unmarshal(resp.body, &r)
	if resp.status != http.StatusOK {
		msg := r.Error
		if jerr != nil || msg == "" {
			msg = shortBody(resp.body)
		}
		return nil, &APIError{Provider: "libretranslate", Status: resp.status, Message: c.http.scrub(msg)}
	}
	if jerr != nil {
		return nil, fmt.Errorf("libretranslate: %w: %v", ErrMalformed, jerr)
	}
	var out []string
	if err := json.Unmarshal(r.TranslatedText, &out); err != nil {
		return nil, fmt.Errorf("libretranslate: %w: translatedText is not a list of strings", ErrMalformed)
	}
	res := make([]Result, len(out))
	var detected []libreDetected
	if len(r.DetectedLanguage) > 0 && json.Unmarshal(r.DetectedLanguage, &detected) != nil {
		var one libreDetected
		if json.Unmarshal(r.DetectedLanguage, &one) == nil {
			detected = []libreDetected{one}
		}
	}
	for i, t := range out {
		res[i].Text = t
		if i < len(detected) {
			res[i].Detected = detected[i].Language
		}
	}
	return res, nil
}
