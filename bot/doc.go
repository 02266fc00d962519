// Package bot is worldbrief's platform-neutral chat core: the one command
// table that drives /help, Telegram's command menu and Discord's slash
// commands; the parser of command text; the handlers, which read and
// change a chat's subscriptions in the store; and the Message type that
// adapters render (HTML for Telegram, plain text for the console).
//
// Adapters live in subpackages (bot/telegram, bot/console): they turn a
// platform's updates into a Request, call Core.Handle, render the reply,
// and map their platform's errors to ErrChatGone, *RateLimitError and
// *ChatMigratedError once, at the edge.
package bot
