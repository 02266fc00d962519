// Package pace keeps the chat adapters within their platforms' limits
// and connected: a Pacer spaces sends (one global interval per bot and
// one per chat, booked across processes through a SlotBooker when
// several share a bot), a RateObserver is told of every wait, Redial
// reconnects with a doubling, jittered backoff (internal/backoff), and
// Sleep waits on a context.
//
// It is shared by bot/telegram and bot/discord, which must not import
// each other.
package pace
