package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// groupAnonymousBot is the sender Telegram shows for anonymous group
// administrators.
const groupAnonymousBot = 1087968824

type adminKey struct{ chat, user int64 }

type adminEntry struct {
	admin   bool
	expires time.Time
}

// isAdmin reports whether the sender of m administers its chat, asking
// Telegram (getChatMember) and remembering the answer for AdminCacheTTL.
// Channel posts and anonymous administrators count as administrators.
func (b *Bot) isAdmin(ctx context.Context, m *message) (bool, error) {
	if m.Chat.Type == "channel" || (m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID) {
		return true, nil
	}
	if m.From == nil || m.From.ID == groupAnonymousBot {
		return false, nil
	}
	k := adminKey{m.Chat.ID, m.From.ID}
	now := b.now()
	b.mu.Lock()
	e, ok := b.admins[k]
	b.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.admin, nil
	}
	raw, err := b.api.call(ctx, "getChatMember", tgbotapi.Params{"chat_id": fmt.Sprint(m.Chat.ID), "user_id": fmt.Sprint(m.From.ID)})
	if err != nil {
		return false, err
	}
	var member struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(raw, &member); err != nil {
		return false, fmt.Errorf("telegram getChatMember: %w", err)
	}
	admin := member.Status == "creator" || member.Status == "administrator"
	b.mu.Lock()
	if len(b.admins) > 10000 { // bounded: drop everything rather than grow
		b.admins = map[adminKey]adminEntry{}
	}
	b.admins[k] = adminEntry{admin: admin, expires: now.Add(b.opts.AdminCacheTTL)}
	b.mu.Unlock()
	return admin, nil
}
