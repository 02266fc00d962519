// Package store persists worldbrief's state with gorm, on SQLite (pure
// Go, via ncruces/go-sqlite3) or PostgreSQL (pgx): feeds and articles
// (feeds.go, articles.go), the translation cache and translated titles
// (translations.go), the daily translation budget shared by every process
// (translation_budget.go), built digests (digests.go), chats' subscriptions
// and schedules (subscriptions.go, suspended.go), the delivery outbox
// with its claims and leases (deliveries.go), the leases that elect one
// Telegram poller or Discord gateway holder among processes (leases.go),
// and the send slots shared by processes that pace one bot (rate_slots.go).
//
// All gorm code of worldbrief lives here. Row structs are unexported and
// mapped to and from the domain types of the packages that consume them
// (sources, translate, digest, bot, bot/delivery); callers only ever see
// those types. *Store implements each consumer's small interface; the
// compile-time checks are in cmd/worldbrief, which wires them.
//
// The schema is versioned: Open never changes it, Migrate applies the
// pending migrations (see migrations.go), and MigrationsPending reports
// whether any are left. On PostgreSQL, Migrate holds a session advisory
// lock so that two processes never migrate at once; on SQLite the
// migration runs in one immediate (write-locking) transaction.
//
// Times are stored in UTC with millisecond precision on both backends.
// On SQLite they are written in the fixed-width, sortable text form
// "2006-01-02T15:04:05.000" so that comparisons in SQL are chronological.
package store
