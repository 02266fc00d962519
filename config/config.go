package config

import "time"

// Config is worldbrief's whole configuration.
type Config struct {
	// DB names the database: a SQLite file path, "sqlite:PATH" or a
	// postgres:// URL. Its password is redacted when printed.
	DB string `yaml:"db" env:"DB" secret:"dsn" required:"true" check:"dsn" help:"database: a SQLite file, sqlite:PATH or postgres://user:pass@host/db; the password is redacted when printed; default: a SQLite file in $XDG_DATA_HOME (~/.local/share), or in the working directory without a home"`
	// Catalog is a YAML catalog file that replaces the embedded one; empty
	// means the embedded catalog.
	Catalog string `yaml:"catalog" env:"CATALOG" help:"YAML catalog file replacing the embedded one; empty: the embedded catalog"`
	// CatalogExtra is a YAML file in the catalog's format whose countries
	// and sites are added to the catalog, a site with an existing id
	// replacing it; empty means none.
	CatalogExtra string `yaml:"catalog_extra" env:"CATALOG_EXTRA" help:"YAML file of countries and sites added to the catalog (same format; a site with an existing id replaces it); empty: none"`
	// Log configures logging.
	Log Log `yaml:"log" envPrefix:"LOG_"`
	// Fetch configures feed fetching and article retention.
	Fetch Fetch `yaml:"fetch" envPrefix:"FETCH_"`
	// Translate configures the translation of titles and summaries.
	Translate Translate `yaml:"translate" envPrefix:"TRANSLATE_"`
	// Digest configures how digests are built and how often.
	Digest Digest `yaml:"digest" envPrefix:"DIGEST_"`
	// Telegram configures the Telegram bot run by `worldbrief serve`.
	Telegram Telegram `yaml:"telegram" envPrefix:"TELEGRAM_"`
	// Discord configures the Discord bot run by `worldbrief serve`.
	Discord Discord `yaml:"discord" envPrefix:"DISCORD_"`
	// Delivery configures the scheduled delivery of morning digests.
	Delivery Delivery `yaml:"delivery" envPrefix:"DELIVERY_"`
	// HTTP configures the operations server of `worldbrief serve`.
	HTTP HTTP `yaml:"http" envPrefix:"HTTP_"`
	// Web configures the web pages and feeds of `worldbrief serve`.
	Web Web `yaml:"web" envPrefix:"WEB_"`
}

// Web configures the digests' web pages and feeds (package web) served by
// `worldbrief serve`.
type Web struct {
	// Listen is the address of the web server; empty (the default)
	// serves no pages.
	Listen string `yaml:"listen" env:"LISTEN" check:"listen" help:"listen address of the web pages and feeds (/, /COUNTRY, /COUNTRY/YYYY-MM-DD, /world, /COUNTRY.atom, /COUNTRY.json, /world.atom, /catalog.opml), e.g. :8081; empty: none"`
	// BaseURL is the public address of the pages: the feeds' links, and
	// the link at the end of chat digests.
	BaseURL string `yaml:"base_url" env:"BASE_URL" check:"url" help:"public http(s) URL of the web pages, e.g. https://news.example.org: the feeds link to it and chat digests end with a link to the day's page; empty: feeds link to the address asked, chats to no page"`
}

// HTTP configures the operations endpoints (/healthz, /readyz, /metrics)
// served by `worldbrief serve`.
type HTTP struct {
	// Listen is the address of the operations server; empty disables it.
	Listen string `yaml:"listen" env:"LISTEN" check:"listen" help:"listen address of the operations endpoints /healthz, /readyz (database, migrations, chat adapters connected, last fetch cycle within 2 × fetch.interval) and /metrics (Prometheus); empty: none"`
}

// Delivery configures the outbox workers of `worldbrief serve`.
type Delivery struct {
	// Workers is the number of concurrent sends of one process.
	Workers int `yaml:"workers" env:"WORKERS" min:"1" max:"256" help:"concurrent digest sends per serve process"`
	// MaxAttempts bounds the attempts of one digest before it is failed.
	MaxAttempts int `yaml:"max_attempts" env:"MAX_ATTEMPTS" min:"1" max:"50" help:"attempts of one digest before it is recorded as failed, with the reason"`
	// Lease is how long a worker's claim lasts; a crashed worker's digests
	// are retried after it.
	Lease time.Duration `yaml:"lease" env:"LEASE" min:"10s" help:"how long a worker's claim on a digest lasts; a crashed worker's digests are retried after it"`
	// Backoff is the first retry delay, doubled at each attempt.
	Backoff time.Duration `yaml:"backoff" env:"BACKOFF" min:"1s" help:"first retry delay of a failed send, doubled at each attempt up to 1h"`
	// TelegramRate is the bot's messages per second overall (Telegram
	// allows about 30).
	TelegramRate float64 `yaml:"telegram_rate" env:"TELEGRAM_RATE" above:"0" max:"10000" help:"Telegram messages per second overall, per bot token (Telegram allows about 30)"`
	// TelegramChatInterval spaces messages to one private chat.
	TelegramChatInterval time.Duration `yaml:"telegram_chat_interval" env:"TELEGRAM_CHAT_INTERVAL" min:"0s" help:"least time between two messages to one Telegram private chat"`
	// TelegramGroupInterval spaces messages to one group or channel.
	TelegramGroupInterval time.Duration `yaml:"telegram_group_interval" env:"TELEGRAM_GROUP_INTERVAL" min:"0s" help:"least time between two messages to one Telegram group or channel (Telegram allows 20 a minute)"`
	// DiscordRate is the bot's messages per second overall (Discord
	// allows 50 requests/s).
	DiscordRate float64 `yaml:"discord_rate" env:"DISCORD_RATE" above:"0" max:"10000" help:"Discord messages per second overall (Discord allows 50 requests/s)"`
	// DiscordChannelInterval spaces messages to one channel or thread.
	DiscordChannelInterval time.Duration `yaml:"discord_channel_interval" env:"DISCORD_CHANNEL_INTERVAL" min:"0s" help:"least time between two messages to one Discord channel or thread (Discord allows 5 per 5 s)"`
}

// Log configures the structured logger.
type Log struct {
	// Level is one of auto, debug, info, warn, error; auto is info for
	// `serve` (its start-up line, connections, deliveries) and warn for
	// the other commands, whose output is their answer.
	Level string `yaml:"level" env:"LEVEL" oneof:"auto|debug|info|warn|error" help:"log level: auto (info for serve, warn for the other commands), debug, info, warn or error"`
	// Format is text or json.
	Format string `yaml:"format" env:"FORMAT" oneof:"text|json" help:"log format: text or json"`
}

// Fetch configures the feed fetcher and the article store's retention.
type Fetch struct {
	// Concurrency is the global number of requests in flight.
	Concurrency int `yaml:"concurrency" env:"CONCURRENCY" min:"1" max:"1024" help:"feed requests in flight overall"`
	// PerHost is the number of requests in flight to one host.
	PerHost int `yaml:"per_host" env:"PER_HOST" min:"1" max:"64" help:"feed requests in flight per host"`
	// Timeout bounds one whole request, body included.
	Timeout time.Duration `yaml:"timeout" env:"TIMEOUT" min:"1s" help:"timeout of one feed request, body included"`
	// MaxBytes caps a feed body, also after decompression.
	MaxBytes int64 `yaml:"max_bytes" env:"MAX_BYTES" min:"1024" help:"largest feed body accepted, in bytes, also after decompression"`
	// Interval is how often feeds are fetched; headlines refetch feeds
	// older than this.
	Interval time.Duration `yaml:"interval" env:"INTERVAL" min:"1m" help:"how often feeds are fetched; headlines refetches feeds older than this"`
	// Retention is how long articles are kept.
	Retention time.Duration `yaml:"retention" env:"RETENTION" min:"1h" help:"how long articles are kept; 336h is 14 days"`
	// UserAgent is sent with every request.
	UserAgent string `yaml:"user_agent" env:"USER_AGENT" required:"true" help:"HTTP User-Agent of the fetcher; VERSION is this build's, as worldbrief version shows it; must not be empty"`
}

// Translate configures the translation provider.
type Translate struct {
	// Provider is mymemory, libretranslate, deepl, google, openai or none.
	Provider string `yaml:"provider" env:"PROVIDER" oneof:"mymemory|libretranslate|deepl|google|openai|none" help:"translation provider: mymemory (no account needed), libretranslate, deepl, google, openai (any OpenAI-compatible /chat/completions endpoint: translate.url or digest.summarizer_url) or none (keep the original titles)"`
	// URL replaces the provider's endpoint (required for libretranslate).
	URL string `yaml:"url" env:"URL" check:"url" help:"endpoint replacing the provider's own; required for libretranslate (e.g. http://localhost:5000)"`
	// APIKey authenticates to the provider (deepl, google; optional for libretranslate).
	APIKey string `yaml:"api_key" env:"API_KEY" secret:"true" help:"API key for deepl, google or a LibreTranslate server that requires one; never printed"`
	// Email is MyMemory's contact address; it raises the daily quota.
	Email string `yaml:"email" env:"EMAIL" check:"email" help:"contact e-mail sent to MyMemory, raising its free quota from 5,000 to 50,000 characters a day"`
	// Target is the language titles and summaries are translated to.
	Target string `yaml:"target" env:"TARGET" required:"true" check:"lang" help:"language titles and summaries are translated to, a BCP 47 tag (en-GB picks British English on DeepL)"`
	// Concurrency bounds the requests in flight to the provider.
	Concurrency int `yaml:"concurrency" env:"CONCURRENCY" min:"1" max:"64" help:"translation requests in flight"`
	// DailyChars is the day's translation budget in characters, shared by
	// every process on the database; 0 takes the provider's free tier, -1
	// means unlimited.
	DailyChars int64 `yaml:"daily_chars" env:"DAILY_CHARS" min:"-1" help:"characters translated per day, shared by every serve process on the database; what readers are about to see goes first; 0: the provider's free tier (mymemory 5,000, or 50,000 with translate.email; deepl and google 16,000; openai 200,000; libretranslate unlimited); -1: unlimited"`
	// Model names the model of the openai provider; empty takes
	// digest.summarizer_model.
	Model string `yaml:"model" env:"MODEL" help:"model of the openai provider (e.g. gpt-4o-mini, llama3.2); empty: digest.summarizer_model"`
}

// Digest configures the digest engine.
type Digest struct {
	// Window is the span of publication times a digest covers.
	Window time.Duration `yaml:"window" env:"WINDOW" min:"1h" max:"168h" help:"span of articles a digest covers"`
	// Interval is how long a built digest is served before a rebuild.
	Interval time.Duration `yaml:"interval" env:"INTERVAL" min:"1m" help:"a country's digest is built at most once per interval and stored; every chat asking within it gets the same one"`
	// Stories is the largest number of stories in a digest.
	Stories int `yaml:"stories" env:"STORIES" min:"1" max:"25" help:"largest number of stories in a digest"`
	// SummarizerURL is the base URL of an OpenAI-compatible API (e.g.
	// http://localhost:11434/v1 for Ollama); empty keeps extractive summaries.
	SummarizerURL string `yaml:"summarizer_url" env:"SUMMARIZER_URL" check:"url" help:"base URL of an OpenAI-compatible API for summaries (e.g. Ollama's http://localhost:11434/v1); empty: extractive summaries"`
	// SummarizerModel names the model used for summaries.
	SummarizerModel string `yaml:"summarizer_model" env:"SUMMARIZER_MODEL" help:"the summarizer's model, e.g. llama3.2; required with digest.summarizer_url"`
	// SummarizerAPIKey is sent as a bearer token to the summarizer.
	SummarizerAPIKey string `yaml:"summarizer_api_key" env:"SUMMARIZER_API_KEY" secret:"true" help:"bearer token sent to the summarizer; never printed"`
}

// Telegram configures the Telegram adapter. With no token, `worldbrief
// serve` runs no Telegram bot.
type Telegram struct {
	// Token is the bot token from @BotFather (also from a file named by
	// WORLDBRIEF_TELEGRAM_TOKEN_FILE). It is never logged.
	Token string `yaml:"token" env:"TOKEN" secret:"true" check:"telegram_token" help:"bot token from @BotFather, like 123456789:AAE… (digits, a colon, then letters, digits, - and _); never printed or logged; empty: serve runs no Telegram bot"`
	// APIURL is the Bot API server; tests and emulators set their own.
	APIURL string `yaml:"api_url" env:"API_URL" required:"true" check:"url" help:"Bot API server (a local Bot API server or a test emulator)"`
	// PollTimeout is the long-polling timeout of getUpdates.
	PollTimeout time.Duration `yaml:"poll_timeout" env:"POLL_TIMEOUT" min:"0s" max:"10m" help:"long-polling timeout of getUpdates"`
	// WebhookURL switches from long polling to a webhook at this public
	// HTTPS URL, which must reach Listen.
	WebhookURL string `yaml:"webhook_url" env:"WEBHOOK_URL" check:"https" help:"public HTTPS URL of a webhook (it must reach telegram.listen); empty: long polling"`
	// WebhookSecret is checked on every webhook request.
	WebhookSecret string `yaml:"webhook_secret" env:"WEBHOOK_SECRET" secret:"true" check:"webhook_secret" help:"secret Telegram sends with every webhook request (1–256 of A-Z a-z 0-9 _ -); required with a webhook; never printed"`
	// Listen is the address the webhook server listens on.
	Listen string `yaml:"listen" env:"LISTEN" help:"listen address of the webhook server; required with a webhook"`
}

// Discord configures the Discord adapter. With no token, `worldbrief
// serve` runs no Discord bot.
type Discord struct {
	// Token is the bot token of the Discord application (also from a file
	// named by WORLDBRIEF_DISCORD_TOKEN_FILE). It is never logged.
	Token string `yaml:"token" env:"TOKEN" secret:"true" help:"bot token of the Discord application; never printed or logged; empty: serve runs no Discord bot"`
	// GuildID registers the slash commands in one guild only (they appear
	// at once there) instead of globally.
	GuildID string `yaml:"guild_id" env:"GUILD_ID" check:"digits" help:"register the slash commands in this guild only (they appear at once; handy while testing); empty: globally"`
	// ShardID is the shard this process runs when ShardCount is set.
	ShardID int `yaml:"shard_id" env:"SHARD_ID" min:"0" help:"the shard this process runs, from 0 to discord.shard_count - 1"`
	// ShardCount is the total number of shards; 0 runs every shard
	// Discord recommends in this process.
	ShardCount int `yaml:"shard_count" env:"SHARD_COUNT" min:"0" help:"total number of shards; 0: as many as Discord recommends (GET /gateway/bot), all in this process"`
}

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		DB:           "worldbrief.db",
		Catalog:      "",
		CatalogExtra: "",
		Log:          Log{Level: "auto", Format: "text"},
		Fetch: Fetch{
			Concurrency: 16,
			PerHost:     2,
			Timeout:     20 * time.Second,
			MaxBytes:    5 << 20,
			Interval:    30 * time.Minute,
			Retention:   14 * 24 * time.Hour,
			UserAgent:   ReadBuild().UserAgent(),
		},
		Telegram:  Telegram{APIURL: "https://api.telegram.org", PollTimeout: 50 * time.Second, Listen: ":8443"},
		Digest:    Digest{Window: 24 * time.Hour, Interval: 30 * time.Minute, Stories: 8},
		Translate: Translate{Provider: "mymemory", Target: "en", Concurrency: 4},
		Delivery: Delivery{Workers: 8, MaxAttempts: 5, Lease: 5 * time.Minute, Backoff: time.Minute,
			TelegramRate: 28, TelegramChatInterval: time.Second, TelegramGroupInterval: 3 * time.Second,
			DiscordRate: 40, DiscordChannelInterval: time.Second},
		HTTP: HTTP{Listen: ":8080"},
	}
}
