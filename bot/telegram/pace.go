package telegram

import (
	"context"
	"log/slog"
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
	// shared, when set, books the slots across processes instead; on its
	// failure the local pacing below is used.
	shared SlotBooker
	log    *slog.Logger

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
	return &pacer{chat: chat, group: group, chatNext: map[string]time.Time{}, log: slog.New(slog.DiscardHandler)}
}

// wait blocks until a message may be sent to chatID, reserving its slot.
// Group and channel ids are negative on Telegram.
func (p *pacer) wait(ctx context.Context, chatID string) error {
	now := time.Now()
	if p.shared != nil {
		at, err := p.shared.ReserveSlot(ctx, now, map[string]time.Duration{
			Platform + ":global":         p.globalInterval(),
			Platform + ":chat:" + chatID: p.chatInterval(chatID),
		})
		if err == nil {
			return sleep(ctx, at.Sub(now))
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		p.log.Warn("shared send pacing unavailable, pacing locally", "err", err)
	}
	p.mu.Lock()
	at := now
	if p.globalNext.After(at) {
		at = p.globalNext
	}
	if t, ok := p.chatNext[chatID]; ok && t.After(at) {
		at = t
	}
	p.globalNext = at.Add(p.globalInterval())
	interval := p.chatInterval(chatID)
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

func (p *pacer) globalInterval() time.Duration {
	if p.global <= 0 {
		return globalInterval
	}
	return p.global
}

// chatInterval spaces messages to chatID: group and channel ids are
// negative on Telegram.
func (p *pacer) chatInterval(chatID string) time.Duration {
	if len(chatID) > 0 && chatID[0] == '-' {
		return p.group
	}
	return p.chat
}
