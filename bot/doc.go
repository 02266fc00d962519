// Package bot is worldbrief's platform-neutral chat core: the one command
// table that drives /help, Telegram's command menu and Discord's slash
// commands (commands.go); the parser of command text (parse.go); the
// handlers (handlers_*.go), which read and change a chat's subscriptions
// in the store and ask the pipeline for headlines and digests; the
// Message type that adapters render (message.go) and the rendering of a
// digest into one (digest_message.go), shared by /digest and the morning
// deliveries; and what an adapter offers for sending, Messenger, with the
// errors it maps its platform's refusals to (messenger.go).
//
// Subpackages, by job:
//   - bot/telegram, bot/discord, bot/console: the adapters. They turn a
//     platform's updates into a Request, call Core.Handle, render the
//     reply, and map their platform's errors to ErrChatGone,
//     *RateLimitError and *ChatMigratedError once, at the edge. They never
//     import each other.
//   - bot/delivery: the morning digests — the outbox row, the ledger
//     interface, schedules in IANA zones, and the worker that sends them.
//   - bot/pace: spacing of sends under the platforms' flood limits, and
//     reconnecting with backoff, shared by the adapters.
//   - bot/bottest: test helpers (a migrated in-memory store, a core).
//
// The core neither fetches nor translates nor builds digests itself: its
// Refresh and Digests fields are the pipeline's (package pipeline).
package bot
