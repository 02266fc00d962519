package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/pace"
	"github.com/worldbrief/worldbrief/internal/backoff"
)

// update is the part of a Telegram Update the adapter reads. It is
// decoded here rather than with the library's types, which predate
// forum topics.
type update struct {
	UpdateID    int      `json:"update_id"`
	Message     *message `json:"message"`
	ChannelPost *message `json:"channel_post"`
}

// message returns the update's message or channel post, or nil.
func (u update) message() *message {
	if u.Message != nil {
		return u.Message
	}
	return u.ChannelPost
}

type message struct {
	MessageID       int    `json:"message_id"`
	MessageThreadID int64  `json:"message_thread_id"`
	IsTopicMessage  bool   `json:"is_topic_message"`
	From            *user  `json:"from"`
	SenderChat      *chat  `json:"sender_chat"`
	Chat            chat   `json:"chat"`
	Text            string `json:"text"`
	MigrateToChatID int64  `json:"migrate_to_chat_id"`
}

type user struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	First    string `json:"first_name"`
}

type chat struct {
	ID   int64  `json:"id"`
	Type string `json:"type"`
}

// pollBackoff spaces failing getUpdates and setWebhook calls: steps of
// 1s doubling to 30s, each wait drawn from the upper half of its step, so
// replicas that lost Telegram together do not call back in step.
var pollBackoff = backoff.Policy{Base: time.Second, Cap: 30 * time.Second}

// minPoll is the shortest time between two getUpdates calls that returned
// nothing (servers that do not hold the request open).
const minPoll = 500 * time.Millisecond

// poll is the long-polling loop: getUpdates with a timeout, retry_after
// honoured, failures backed off, stopped by ctx.
func (b *Bot) poll(ctx context.Context) error {
	offset := 0
	failures := 0
	d := newDispatcher(func(u update) { b.handle(ctx, u) })
	defer d.wait()
	// A process that stops polling (lease lost, shutdown) no longer has
	// a polling failure to report.
	defer b.setPollErr(nil)
	// A webhook left from an earlier webhook deployment makes Telegram
	// refuse getUpdates (409 Conflict): polling removes it first.
	if _, err := b.api.call(ctx, "deleteWebhook", nil); err != nil && ctx.Err() == nil {
		b.log.Warn("deleteWebhook failed; getUpdates may be refused while a webhook is set", "err", err)
	}
	for ctx.Err() == nil {
		started := time.Now()
		raw, err := b.api.call(ctx, "getUpdates", tgbotapi.Params{
			"offset":          fmt.Sprint(offset),
			"timeout":         fmt.Sprint(int(b.opts.PollTimeout / time.Second)),
			"allowed_updates": `["message","channel_post"]`,
		})
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			var wait time.Duration
			var rl *bot.RateLimitError
			if errors.As(err, &rl) {
				wait = min(backoff.Stagger(rl.RetryAfter, nil), b.opts.MaxRateWait)
			} else {
				b.setPollErr(err) // a 429 is an answer: still connected
				failures++
				wait = pollBackoff.Delay(failures)
			}
			b.log.Warn("getUpdates failed", "err", err, "retry_in", wait)
			if pace.Sleep(ctx, wait) != nil {
				break
			}
			continue
		}
		failures = 0
		b.setPollErr(nil)
		var ups []json.RawMessage
		if err := json.Unmarshal(raw, &ups); err != nil {
			b.log.Warn("getUpdates: undecodable result", "err", err)
			_ = pace.Sleep(ctx, time.Second)
			continue
		}
		for _, rawUp := range ups {
			var id struct {
				UpdateID int `json:"update_id"`
			}
			_ = json.Unmarshal(rawUp, &id)
			if id.UpdateID >= offset {
				offset = id.UpdateID + 1
			}
			var u update
			if err := json.Unmarshal(rawUp, &u); err != nil {
				// Skipped, not retried: one odd update must not block the rest.
				b.log.Warn("getUpdates: undecodable update skipped", "update_id", id.UpdateID, "err", err)
				continue
			}
			d.submit(u)
		}
		if len(ups) == 0 && time.Since(started) < minPoll {
			if pace.Sleep(ctx, minPoll) != nil {
				break
			}
		}
	}
	return nil
}

// handle answers one update. Errors are logged: one bad update never
// stops the loop.
func (b *Bot) handle(ctx context.Context, u update) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic while handling an update", "update_id", u.UpdateID, "panic", r)
		}
	}()
	m := u.message()
	if m == nil {
		return
	}
	key := bot.ChatKey{Platform: Platform, ChatID: chatIDString(m.Chat.ID)}
	if m.MigrateToChatID != 0 {
		if err := b.chats.MoveChat(ctx, key, chatIDString(m.MigrateToChatID)); err != nil {
			b.log.Error("move migrated chat", "err", err)
		}
		return
	}
	if m.Text == "" {
		return
	}
	thread := ""
	if m.IsTopicMessage && m.MessageThreadID != 0 {
		thread = chatIDString(m.MessageThreadID)
	}
	req := bot.Request{
		Chat: key, ThreadID: thread, Text: m.Text, BotName: b.UserName(),
		Group: m.Chat.Type != "private",
	}
	if m.From != nil {
		req.User = chatIDString(m.From.ID)
		if m.From.Username != "" {
			req.User = "@" + m.From.Username
		}
	}
	req.IsAdmin = func(ctx context.Context) (bool, error) { return b.isAdmin(ctx, m) }
	reply, ok := b.core.Handle(ctx, req)
	if !ok {
		if m.Chat.Type == "private" {
			reply = bot.Text("Send /help to see what I can do.")
		} else {
			return
		}
	}
	if err := b.Send(ctx, key.ChatID, thread, reply); err != nil {
		b.log.Warn("reply failed", "chat", key.ChatID, "err", err)
	}
}
