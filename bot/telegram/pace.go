package telegram

import (
	"context"
	"sync"
	"time"
)

// Telegram's flood limits, kept with a margin.
const (
	// globalInterval spaces all sends: about 30 messages a second.
	globalInterval = 35 * time.Millisecond
	// defaultChatInterval spaces messages to one private chat (1/s).
	defaultChatInterval = time.Second
	// defaultGroupInterval spaces messages to one group (20/min).
	defaultGroupInterval = 3 * time.Second
	// maxPacedChats bounds the pacing table.
	maxPacedChats = 10000
)

// pacer spaces messages so Telegram's flood limits are rarely hit: a
// 429 is still honoured, but a multi-part digest does not provoke one.
type pacer struct {
	chat, group time.Duration
	// global spaces all sends; 0 means globalInterval.
	global time.Duration

	mu         sync.Mutex
	globalNext time.Time
	chatNext   map[string]time.Time
}

func newPacer(chat, group time.Duration) *pacer {
	if chat <= 0 {
		chat = defaultChatInterval
	}
	if group <= 0 {
		group = defaultGroupInterval
	}
	return &pacer{chat: chat, group: group, chatNext: map[string]time.Time{}}
}

// wait blocks until a message may be sent to chatID, reserving its slot.
// Group and channel ids are negative on Telegram.
func (p *pacer) wait(ctx context.Context, chatID string) error {
	now := time.Now()
	p.mu.Lock()
	at := now
	if p.globalNext.After(at) {
		at = p.globalNext
	}
	if t, ok := p.chatNext[chatID]; ok && t.After(at) {
		at = t
	}
	g := p.global
	if g <= 0 {
		g = globalInterval
	}
	p.globalNext = at.Add(g)
	interval := p.chat
	if len(chatID) > 0 && chatID[0] == '-' {
		interval = p.group
	}
	if len(p.chatNext) > maxPacedChats {
		for k, t := range p.chatNext {
			if t.Before(now) {
				delete(p.chatNext, k)
			}
		}
	}
	p.chatNext[chatID] = at.Add(interval)
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return sleep(ctx, d)
	}
	return nil
}
