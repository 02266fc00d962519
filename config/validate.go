package config

import (
	"fmt"
	"net/url"
	"strings"
)

// Validate checks every value and returns an *Error listing each problem
// with the setting's key, or nil. Each setting is checked by the
// constraints in its struct tags (see stringChecks), then crossRules check
// the settings that depend on each other.
func (c Config) Validate() error {
	var p []string
	for _, f := range Fields(&c) {
		if msg := f.problem(); msg != "" {
			p = append(p, f.Key+": "+msg)
		}
	}
	for _, r := range crossRules {
		if msg := r(c); msg != "" {
			p = append(p, msg)
		}
	}
	if len(p) > 0 {
		return &Error{Problems: p}
	}
	return nil
}

// crossRules are the constraints between settings, each returning its
// problem (keys first) or "".
var crossRules = []func(c Config) string{
	func(c Config) string {
		if d := c.Discord; d.ShardCount > 0 && d.ShardID >= d.ShardCount {
			return fmt.Sprintf("discord.shard_id, discord.shard_count: shard %d of %d is impossible (0 ≤ shard_id < shard_count, or shard_count 0)", d.ShardID, d.ShardCount)
		}
		return ""
	},
	func(c Config) string {
		if c.Translate.Provider == "libretranslate" && c.Translate.URL == "" {
			return "translate.url: libretranslate needs the URL of its server (e.g. http://localhost:5000)"
		}
		return ""
	},
	func(c Config) string {
		if p := c.Translate.Provider; (p == "deepl" || p == "google") && c.Translate.APIKey == "" {
			return fmt.Sprintf("translate.api_key: %s needs an API key (or set WORLDBRIEF_TRANSLATE_API_KEY_FILE)", p)
		}
		return ""
	},
	func(c Config) string {
		if c.Translate.Provider == "openai" && c.Translate.URL == "" && c.Digest.SummarizerURL == "" {
			return "translate.url: openai needs the base URL of an OpenAI-compatible API (e.g. https://api.openai.com/v1 or http://localhost:11434/v1), or digest.summarizer_url"
		}
		return ""
	},
	func(c Config) string {
		if c.Translate.Provider == "openai" && c.Translate.Model == "" && c.Digest.SummarizerModel == "" {
			return "translate.model: openai needs a model name (e.g. gpt-4o-mini), or digest.summarizer_model"
		}
		return ""
	},
	func(c Config) string {
		if dg := c.Digest; dg.SummarizerURL != "" && dg.SummarizerModel == "" && checkHTTPURL(dg.SummarizerURL) == nil {
			return "digest.summarizer_model: the summarizer needs a model name (e.g. llama3.2)"
		}
		return ""
	},
	func(c Config) string {
		if tg := c.Telegram; tg.WebhookURL != "" && tg.WebhookSecret == "" {
			return "telegram.webhook_secret: webhook mode needs a secret (1–256 of A-Z a-z 0-9 _ -)"
		}
		return ""
	},
	func(c Config) string {
		if l := c.Web.Listen; l != "" && l == c.HTTP.Listen {
			return fmt.Sprintf("web.listen, http.listen: both are %q; give the web pages their own port (e.g. :8081)", l)
		}
		return ""
	},
	func(c Config) string {
		if tg := c.Telegram; tg.WebhookURL != "" && strings.TrimSpace(tg.Listen) == "" {
			return "telegram.listen: webhook mode needs a listen address (e.g. :8443)"
		}
		return ""
	},
}

// checkDSN accepts the database forms the store understands, without
// echoing a password back.
func checkDSN(dsn string) error {
	switch {
	case strings.TrimSpace(dsn) == "":
		return fmt.Errorf("must not be empty (e.g. worldbrief.db, sqlite:/var/lib/worldbrief/wb.db or postgres://user@host/db)")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		u, err := url.Parse(dsn)
		if err != nil || u.Host == "" {
			return fmt.Errorf("%q is not a valid postgres:// URL", redactDSN(dsn))
		}
	case strings.HasPrefix(dsn, "sqlite:"):
		if strings.TrimPrefix(dsn, "sqlite:") == "" {
			return fmt.Errorf("sqlite: needs a file path, e.g. sqlite:worldbrief.db")
		}
	case strings.Contains(dsn, "://"):
		return fmt.Errorf("unsupported database %q: use a SQLite file path, sqlite:PATH or postgres://…", redactDSN(dsn))
	}
	return nil
}
