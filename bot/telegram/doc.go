// Package telegram is worldbrief's Telegram adapter: it receives updates
// by long polling (its own ctx-aware loop that honours retry_after) or by
// webhook (secret token verified), hands commands to the bot core, and
// sends replies and digests in HTML parse mode, split into messages of at
// most 4096 UTF-16 code units between stories and never inside a tag or
// an entity.
//
// Telegram's errors are mapped once, here: 429 waits retry_after, 403
// (blocked, kicked) suspends the chat's subscriptions, 400 with
// migrate_to_chat_id moves the chat, and "can't parse entities" resends
// the message as plain text. The bot token never appears in logs or
// errors: the library puts it in request URLs, so errors are scrubbed.
package telegram
