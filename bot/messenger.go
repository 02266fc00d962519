package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Messenger is what a chat adapter offers for deliveries: send a message
// to a chat, or to a thread or forum topic of it when threadID is not "".
// Errors are ErrChatGone (subscriptions already suspended by the
// adapter), *RateLimitError or others; a migrated chat is followed by the
// adapter itself.
type Messenger interface {
	Send(ctx context.Context, chatID, threadID string, m Message) error
}

// IDSender is implemented by Messengers that report the platform's id of
// the message sent (comma-separated for a message sent in parts); the
// delivery outbox records it.
type IDSender interface {
	SendWithID(ctx context.Context, chatID, threadID string, m Message) (string, error)
}

// ErrChatGone is returned by adapters when the platform refuses to post to
// a chat for good (the bot was blocked, kicked or the channel deleted).
// Its subscriptions are suspended, not deleted.
var ErrChatGone = errors.New("chat is gone: the bot was blocked or removed")

// RateLimitError is returned by adapters when the platform asks to wait.
type RateLimitError struct {
	RetryAfter time.Duration
}

// Error says how long to wait.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limited: retry after %v", e.RetryAfter)
}

// ChatMigratedError is returned by adapters when a chat moved to a new id
// (a Telegram group upgraded to a supergroup).
type ChatMigratedError struct {
	NewID string
}

// Error names the new chat id.
func (e *ChatMigratedError) Error() string {
	return "chat migrated to " + e.NewID
}
