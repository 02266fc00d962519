package telegram

import (
	"context"
	"time"

	"github.com/worldbrief/worldbrief/bot/pace"
)

// Telegram's flood limits, kept with a margin.
const (
	// globalInterval spaces all sends: about 30 messages a second.
	globalInterval = 35 * time.Millisecond
	// defaultChatInterval spaces messages to one private chat (1/s).
	defaultChatInterval = time.Second
	// defaultGroupInterval spaces messages to one group (20/min).
	defaultGroupInterval = 3 * time.Second
)

// pacer applies Telegram's limits with a pace.Pacer: a 429 is still
// honoured, but a multi-part digest does not provoke one.
type pacer struct {
	chat, group time.Duration
	pace.Pacer
}

func newPacer(chat, group time.Duration) *pacer {
	if chat <= 0 {
		chat = defaultChatInterval
	}
	if group <= 0 {
		group = defaultGroupInterval
	}
	return &pacer{chat: chat, group: group, Pacer: pace.Pacer{Platform: Platform, Global: globalInterval}}
}

// wait blocks until a message may be sent to chatID, reserving its slot.
func (p *pacer) wait(ctx context.Context, chatID string) error {
	return p.Wait(ctx, chatID, p.chatInterval(chatID))
}

// chatInterval spaces messages to chatID: group and channel ids are
// negative on Telegram.
func (p *pacer) chatInterval(chatID string) time.Duration {
	if len(chatID) > 0 && chatID[0] == '-' {
		return p.group
	}
	return p.chat
}
