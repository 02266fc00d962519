package translate

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Provider names accepted by New.
const (
	ProviderMyMemory       = "mymemory"
	ProviderLibreTranslate = "libretranslate"
	ProviderDeepL          = "deepl"
	ProviderGoogle         = "google"
	ProviderNone           = "none"
	ProviderOpenAI         = "openai"
)

// Providers lists the provider names accepted by New.
var Providers = []string{ProviderMyMemory, ProviderLibreTranslate, ProviderDeepL, ProviderGoogle, ProviderOpenAI, ProviderNone}

// Options configures a provider client.
type Options struct {
	// BaseURL replaces the provider's public endpoint (scheme, host and
	// optional path prefix), e.g. a self-hosted LibreTranslate or a test
	// server. Required for LibreTranslate.
	BaseURL string
	// APIKey authenticates to the provider (required for DeepL and Google,
	// optional for LibreTranslate). It never appears in errors or logs.
	APIKey string
	// Email is MyMemory's contact address, which raises its daily quota.
	Email string
	// Model names the model of the openai provider.
	Model string
	// Usage receives the token usage of the openai provider (a *Budget).
	Usage UsageRecorder
	// HTTPClient sends the requests; nil means a client with a 20s timeout.
	HTTPClient *http.Client
	// Concurrency bounds the requests in flight (default 4).
	Concurrency int
	// Retry is the retry policy; zero fields take defaults.
	Retry Retry
	// Log receives retry notices; nil discards them.
	Log *slog.Logger
}

// New returns the client of the named provider (see Providers).
func New(provider string, opts Options) (Translator, error) {
	switch strings.ToLower(strings.TrimSpace(provider)) {
	case ProviderMyMemory:
		return NewMyMemory(opts), nil
	case ProviderLibreTranslate:
		if opts.BaseURL == "" {
			return nil, fmt.Errorf("libretranslate needs a URL (translate.url), e.g. http://localhost:5000")
		}
		return NewLibreTranslate(opts), nil
	case ProviderDeepL:
		if opts.APIKey == "" {
			return nil, fmt.Errorf("deepl needs an API key (translate.api_key)")
		}
		return NewDeepL(opts), nil
	case ProviderGoogle:
		if opts.APIKey == "" {
			return nil, fmt.Errorf("google needs an API key (translate.api_key)")
		}
		return NewGoogle(opts), nil
	case ProviderOpenAI:
		if opts.BaseURL == "" {
			return nil, fmt.Errorf("openai needs the base URL of an OpenAI-compatible API (translate.url), e.g. https://api.openai.com/v1")
		}
		if opts.Model == "" {
			return nil, fmt.Errorf("openai needs a model (translate.model)")
		}
		return NewOpenAI(opts), nil
	case ProviderNone, "":
		return None(), nil
	}
	return nil, fmt.Errorf("unknown translation provider %q (one of %s)", provider, strings.Join(Providers, ", "))
}

// httpFor builds the shared HTTP machinery of a provider client.
func (o Options) httpFor(provider string) *httpClient {
	c := o.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: 20 * time.Second}
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &httpClient{provider: provider, client: c, retry: o.Retry.withDefaults(), log: log, secrets: []string{o.APIKey}}
}

func (o Options) batcher(provider string, lim limits, be backend, defaultConcurrency int) *batcher {
	n := o.Concurrency
	if n < 1 {
		n = defaultConcurrency
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &batcher{name: provider, lim: lim, be: be, concurrency: n, log: log}
}

// baseURL returns o.BaseURL without a trailing slash, or def.
func (o Options) baseURL(def string) string {
	if o.BaseURL == "" {
		return def
	}
	return strings.TrimRight(o.BaseURL, "/")
}
