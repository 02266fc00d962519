package config

import "time"

// Config is worldbrief's whole configuration.
type Config struct {
	// DB names the database: a SQLite file path, "sqlite:PATH" or a
	// postgres:// URL. Its password is redacted when printed.
	DB string `yaml:"db" env:"DB" secret:"dsn" help:"database: a SQLite file, sqlite:PATH or postgres://…"`
	// Catalog is a YAML catalog file that replaces the embedded one; empty
	// means the embedded catalog.
	Catalog string `yaml:"catalog" env:"CATALOG" help:"catalog file replacing the embedded one"`
	// Log configures logging.
	Log Log `yaml:"log" envPrefix:"LOG_"`
	// Fetch configures feed fetching and article retention.
	Fetch Fetch `yaml:"fetch" envPrefix:"FETCH_"`
}

// Log configures the structured logger.
type Log struct {
	// Level is one of debug, info, warn, error.
	Level string `yaml:"level" env:"LEVEL" help:"log level: debug, info, warn, error"`
	// Format is text or json.
	Format string `yaml:"format" env:"FORMAT" help:"log format: text or json"`
}

// Fetch configures the feed fetcher and the article store's retention.
type Fetch struct {
	// Concurrency is the global number of requests in flight.
	Concurrency int `yaml:"concurrency" env:"CONCURRENCY" help:"requests in flight overall"`
	// PerHost is the number of requests in flight to one host.
	PerHost int `yaml:"per_host" env:"PER_HOST" help:"requests in flight per host"`
	// Timeout bounds one whole request, body included.
	Timeout time.Duration `yaml:"timeout" env:"TIMEOUT" help:"timeout of one feed request"`
	// MaxBytes caps a feed body, also after decompression.
	MaxBytes int64 `yaml:"max_bytes" env:"MAX_BYTES" help:"largest feed body accepted, in bytes"`
	// Interval is how often feeds are fetched; headlines refetch feeds
	// older than this.
	Interval time.Duration `yaml:"interval" env:"INTERVAL" help:"how often feeds are fetched"`
	// Retention is how long articles are kept.
	Retention time.Duration `yaml:"retention" env:"RETENTION" help:"how long articles are kept"`
	// UserAgent is sent with every request.
	UserAgent string `yaml:"user_agent" env:"USER_AGENT" help:"HTTP User-Agent of the fetcher"`
}

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		DB:      "worldbrief.db",
		Catalog: "",
		Log:     Log{Level: "warn", Format: "text"},
		Fetch: Fetch{
			Concurrency: 16,
			PerHost:     2,
			Timeout:     20 * time.Second,
			MaxBytes:    5 << 20,
			Interval:    30 * time.Minute,
			Retention:   14 * 24 * time.Hour,
			UserAgent:   "worldbrief/0.1 (+https://github.com/worldbrief/worldbrief)",
		},
	}
}
