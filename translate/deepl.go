package translate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// DeepL endpoints: free keys (ending ":fx") use the free host.
const (
	deeplProURL  = "https://api.deepl.com"
	deeplFreeURL = "https://api-free.deepl.com"
)

// deepL is the DeepL API v2 client: POST {base}/v2/translate with header
// "Authorization: DeepL-Auth-Key KEY" and {"text": [...], "target_lang"}.
type deepL struct {
	http     *httpClient
	endpoint string
	header   http.Header
}

// NewDeepL returns a DeepL API v2 client. Keys ending in ":fx" go to
// api-free.deepl.com, others to api.deepl.com, unless opts.BaseURL is
// set. The key travels only in the Authorization header. Up to 50 texts
// and 120 kB go in one request; "en" targets become EN-US ("en-GB" EN-GB).
func NewDeepL(opts Options) Translator {
	def := deeplProURL
	if strings.HasSuffix(opts.APIKey, ":fx") {
		def = deeplFreeURL
	}
	h := http.Header{}
	h.Set("Authorization", "DeepL-Auth-Key "+opts.APIKey)
	c := &deepL{http: opts.httpFor("deepl"), endpoint: opts.baseURL(def) + "/v2/translate", header: h}
	return opts.batcher("deepl", limits{maxTexts: 50, maxBytes: 120 << 10}, c, 4)
}

type deeplRequest struct {
	Text       []string `json:"text"`
	SourceLang string   `json:"source_lang,omitempty"`
	TargetLang string   `json:"target_lang"`
}

type deeplResponse struct {
	Translations []struct {
		DetectedSourceLanguage string `json:"detected_source_language"`
		Text                   string `json:"text"`
	} `json:"translations"`
	Message string `json:"message"`
}

// deeplTarget maps a BCP 47 tag to DeepL's target_lang.
func deeplTarget(tag string) string {
	t := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	switch t {
	case "EN":
		return "EN-US"
	case "PT":
		return "PT-PT"
	case "ZH", "ZH-CN":
		return "ZH-HANS"
	case "ZH-TW":
		return "ZH-HANT"
	}
	return t
}

func (c *deepL) translateBatch(ctx context.Context, texts []string, source, target string) ([]Result, error) {
	req := deeplRequest{Text: texts, TargetLang: deeplTarget(target)}
	if source != Auto {
		req.SourceLang = strings.ToUpper(Primary(source))
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.do(ctx, postJSON(c.endpoint, body, c.header))
	if err != nil {
		return nil, err
	}
	var r deeplResponse
	jerr := json.Unmarshal(resp.body, &r)
	msg := r.Message
	if jerr != nil || msg == "" {
		msg = shortBody(resp.body)
	}
	msg = c.http.scrub(msg)
	switch {
	case resp.status == 456:
		return nil, &QuotaError{Provider: "deepl", Detail: msg}
	case resp.status == http.StatusForbidden:
		return nil, &APIError{Provider: "deepl", Status: resp.status, Message: "authorization failed (check translate.api_key): " + msg}
	case resp.status != http.StatusOK:
		return nil, &APIError{Provider: "deepl", Status: resp.status, Message: msg}
	case jerr != nil:
		return nil, fmt.Errorf("deepl: %w: %v", ErrMalformed, jerr)
	}
	res := make([]Result, len(r.Translations))
	for i, t := range r.Translations {
		res[i] = Result{Text: t.Text, Detected: strings.ToLower(t.DetectedSourceLanguage)}
	}
	return res, nil
}
