// Package backoff is the one retry policy of worldbrief: exponential
// delays with a cap and jitter, so that replicas restarting together, or
// thousands of chats refused in the same second, do not come back in
// step; and the one parser of the HTTP Retry-After header.
//
// Every retry loop uses it: the chat adapters' redial, Telegram's polling
// and webhook registration, Discord's gateway and REST calls, the
// translators' HTTP client, the delivery outbox and the feed backoff.
// It imports only the standard library, so every package may use it.
package backoff
