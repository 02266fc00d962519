package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// langTag matches the BCP 47 tags worldbrief accepts as targets.
var langTag = regexp.MustCompile(`^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$`)

// Validate checks every value and returns an *Error listing each problem
// with the setting's key, or nil.
func (c Config) Validate() error {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	if err := checkDSN(c.DB); err != nil {
		add("db: %v", err)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level: %q is not one of debug, info, warn, error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		add("log.format: %q is not one of text, json", c.Log.Format)
	}
	f := c.Fetch
	if f.Concurrency < 1 || f.Concurrency > 1024 {
		add("fetch.concurrency: %d is out of range 1–1024", f.Concurrency)
	}
	if f.PerHost < 1 || f.PerHost > 64 {
		add("fetch.per_host: %d is out of range 1–64", f.PerHost)
	}
	if f.Timeout < 1e9 {
		add("fetch.timeout: %v is too short (at least 1s, e.g. 20s)", f.Timeout)
	}
	if f.MaxBytes < 1<<10 {
		add("fetch.max_bytes: %d is too small (at least 1024)", f.MaxBytes)
	}
	if f.Interval < 60e9 {
		add("fetch.interval: %v is too short (at least 1m, e.g. 30m)", f.Interval)
	}
	if f.Retention < 3600e9 {
		add("fetch.retention: %v is too short (at least 1h, e.g. 336h for 14 days)", f.Retention)
	}
	if strings.TrimSpace(f.UserAgent) == "" {
		add("fetch.user_agent: must not be empty")
	}
	if d := c.Discord; d.ShardCount < 0 || d.ShardID < 0 || (d.ShardCount > 0 && d.ShardID >= d.ShardCount) {
		add("discord.shard_id, discord.shard_count: shard %d of %d is impossible (0 ≤ shard_id < shard_count, or shard_count 0)", d.ShardID, d.ShardCount)
	}
	if g := c.Discord.GuildID; g != "" && strings.Trim(g, "0123456789") != "" {
		add("discord.guild_id: %q is not a Discord id (digits only)", g)
	}
	tr := c.Translate
	switch tr.Provider {
	case "mymemory", "none":
	case "libretranslate":
		if tr.URL == "" {
			add("translate.url: libretranslate needs the URL of its server (e.g. http://localhost:5000)")
		}
	case "deepl", "google":
		if tr.APIKey == "" {
			add("translate.api_key: %s needs an API key (or set WORLDBRIEF_TRANSLATE_API_KEY_FILE)", tr.Provider)
		}
	default:
		add("translate.provider: %q is not one of mymemory, libretranslate, deepl, google, none", tr.Provider)
	}
	if tr.URL != "" {
		if u, err := url.Parse(tr.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("translate.url: %q is not an http(s) URL", redactDSN(tr.URL))
		}
	}
	if !langTag.MatchString(tr.Target) {
		add("translate.target: %q is not a language tag (e.g. en, en-GB, de)", tr.Target)
	}
	if tr.Email != "" && !strings.Contains(tr.Email, "@") {
		add("translate.email: %q is not an e-mail address", tr.Email)
	}
	if tr.Concurrency < 1 || tr.Concurrency > 64 {
		add("translate.concurrency: %d is out of range 1–64", tr.Concurrency)
	}
	if dl := c.Delivery; dl.Workers < 1 || dl.Workers > 256 {
		add("delivery.workers: %d is out of range 1–256", dl.Workers)
	}
	if dl := c.Delivery; dl.MaxAttempts < 1 || dl.MaxAttempts > 50 {
		add("delivery.max_attempts: %d is out of range 1–50", dl.MaxAttempts)
	}
	if dl := c.Delivery; dl.Lease < 10e9 {
		add("delivery.lease: %v is too short (at least 10s, e.g. 5m)", dl.Lease)
	}
	if dl := c.Delivery; dl.Backoff < 1e9 {
		add("delivery.backoff: %v is too short (at least 1s, e.g. 1m)", dl.Backoff)
	}
	if dl := c.Delivery; dl.TelegramRate <= 0 || dl.TelegramRate > 10000 {
		add("delivery.telegram_rate: %v is out of range (0, 10000] messages/s (Telegram allows about 30)", dl.TelegramRate)
	}
	if dl := c.Delivery; dl.TelegramChatInterval < 0 || dl.TelegramGroupInterval < 0 {
		add("delivery.telegram_chat_interval and telegram_group_interval cannot be negative")
	}
	if dl := c.Delivery; dl.DiscordRate <= 0 || dl.DiscordRate > 10000 {
		add("delivery.discord_rate: %v is out of range (0, 10000] messages/s (Discord allows 50 requests/s)", dl.DiscordRate)
	}
	if c.Delivery.DiscordChannelInterval < 0 {
		add("delivery.discord_channel_interval cannot be negative")
	}
	if l := c.HTTP.Listen; l != "" {
		if _, port, err := net.SplitHostPort(l); err != nil || port == "" {
			add("http.listen: %q is not a listen address (host:port or :port, e.g. :8080; empty disables)", l)
		}
	}
	dg := c.Digest
	if dg.Window < 3600e9 || dg.Window > 7*24*3600e9 {
		add("digest.window: %v is out of range 1h–168h (e.g. 24h)", dg.Window)
	}
	if dg.Interval < 60e9 {
		add("digest.interval: %v is too short (at least 1m, e.g. 30m)", dg.Interval)
	}
	if dg.Stories < 1 || dg.Stories > 25 {
		add("digest.stories: %d is out of range 1–25", dg.Stories)
	}
	if dg.SummarizerURL != "" {
		if u, err := url.Parse(dg.SummarizerURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("digest.summarizer_url: %q is not an http(s) URL (e.g. http://localhost:11434/v1)", redactDSN(dg.SummarizerURL))
		} else if dg.SummarizerModel == "" {
			add("digest.summarizer_model: the summarizer needs a model name (e.g. llama3.2)")
		}
	}
	tg := c.Telegram
	if u, err := url.Parse(tg.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("telegram.api_url: %q is not an http(s) URL (e.g. https://api.telegram.org)", redactDSN(tg.APIURL))
	}
	if tg.PollTimeout < 0 || tg.PollTimeout > 10*60e9 {
		add("telegram.poll_timeout: %v is out of range 0–10m (e.g. 50s)", tg.PollTimeout)
	}
	if tg.Token != "" && !telegramToken.MatchString(tg.Token) {
		add("telegram.token: does not look like a bot token (digits, a colon, then letters, digits, - and _)")
	}
	if tg.WebhookURL != "" {
		if u, err := url.Parse(tg.WebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			add("telegram.webhook_url: %q is not an https URL", redactDSN(tg.WebhookURL))
		}
		if tg.WebhookSecret == "" {
			add("telegram.webhook_secret: webhook mode needs a secret (1–256 of A-Z a-z 0-9 _ -)")
		}
		if strings.TrimSpace(tg.Listen) == "" {
			add("telegram.listen: webhook mode needs a listen address (e.g. :8443)")
		}
	}
	if tg.WebhookSecret != "" && !webhookSecret.MatchString(tg.WebhookSecret) {
		add("telegram.webhook_secret: use 1–256 of A-Z a-z 0-9 _ - (Telegram's rule)")
	}
	if len(p) > 0 {
		return &Error{Problems: p}
	}
	return nil
}

var (
	telegramToken = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$`)
	webhookSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

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
