package pace

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// SlotBooker books a send under several rate limits shared by every
// process (*store.Store implements it): it returns when the message may
// go, not before now.
type SlotBooker interface {
	ReserveSlot(ctx context.Context, now time.Time, intervals map[string]time.Duration) (time.Time, error)
}

// Causes of a RateObserver's waits.
const (
	// RateCausePacing is the adapter's own spacing of sends.
	RateCausePacing = "pacing"
	// RateCauseRefused is a send the platform refused with a rate limit
	// (429); d is its retry-after.
	RateCauseRefused = "refused"
)

// RateObserver is told of the waits rate limits impose on sends
// (ops.Metrics implements it).
type RateObserver interface {
	// RateWait records that a send of platform waited, or must wait, d
	// for cause (RateCausePacing or RateCauseRefused).
	RateWait(platform, cause string, d time.Duration)
}

// maxPacedChats bounds a Pacer's table of chats.
const maxPacedChats = 10000

// Pacer spaces an adapter's messages so a platform's flood limits are not
// hit: Global between any two messages of the bot, and a per-chat
// interval given with each message. With Shared set the slots are booked
// in the database, so the limits hold across processes; if booking fails
// it paces in memory. Set the fields before use.
type Pacer struct {
	// Platform prefixes the shared slot keys, e.g. "telegram".
	Platform string
	// Global spaces all messages.
	Global time.Duration
	// Shared, when set, books slots across processes.
	Shared SlotBooker
	// Log receives a warning when shared booking fails; nil discards.
	Log *slog.Logger
	// Observer, when set, is told of every wait (RateCausePacing).
	Observer RateObserver

	mu         sync.Mutex
	globalNext time.Time
	chatNext   map[string]time.Time
}

// Wait blocks until a message may be sent to chatID, at least
// chatInterval after the previous one to that chat, reserving its slot.
func (p *Pacer) Wait(ctx context.Context, chatID string, chatInterval time.Duration) error {
	now := time.Now()
	if p.Shared != nil {
		at, err := p.Shared.ReserveSlot(ctx, now, map[string]time.Duration{
			p.Platform + ":global":         p.Global,
			p.Platform + ":chat:" + chatID: chatInterval,
		})
		if err == nil {
			return p.sleep(ctx, at.Sub(now))
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if p.Log != nil {
			p.Log.Warn("shared send pacing unavailable, pacing locally", "err", err)
		}
	}
	p.mu.Lock()
	if p.chatNext == nil {
		p.chatNext = map[string]time.Time{}
	}
	at := now
	if p.globalNext.After(at) {
		at = p.globalNext
	}
	if t, ok := p.chatNext[chatID]; ok && t.After(at) {
		at = t
	}
	p.globalNext = at.Add(p.Global)
	if len(p.chatNext) > maxPacedChats {
		for k, t := range p.chatNext {
			if t.Before(now) {
				delete(p.chatNext, k)
			}
		}
	}
	p.chatNext[chatID] = at.Add(chatInterval)
	p.mu.Unlock()
	return p.sleep(ctx, at.Sub(now))
}

// sleep waits d for a send slot, telling the Observer.
func (p *Pacer) sleep(ctx context.Context, d time.Duration) error {
	if d > 0 && p.Observer != nil {
		p.Observer.RateWait(p.Platform, RateCausePacing, d)
	}
	return Sleep(ctx, d)
}
