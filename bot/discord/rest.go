package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/pace"
	"github.com/worldbrief/worldbrief/internal/backoff"
)

// Discord's JSON error codes the adapter acts on.
const (
	codeUnknownChannel = 10003
	codeMissingAccess  = 50001
)

// maxAttempts bounds the tries of one REST request rate limited by
// Discord.
const maxAttempts = 4

// call runs one REST request through fn, with ctx bound to it, retrying
// on 429 after Discord's retry_after as long as that wait stays under
// Options.MaxRateWait and ctx lasts. Errors are mapped here, once:
// *bot.RateLimitError when Discord keeps limiting, errGone for a channel
// the bot cannot reach any more, otherwise an error naming the method and
// the request path, never a token.
func (b *Bot) call(ctx context.Context, what string, fn func(opts ...discordgo.RequestOption) error) error {
	for attempt := 1; ; attempt++ {
		err := fn(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(0))
		if err == nil {
			return nil
		}
		var rl *discordgo.RateLimitError
		if errors.As(err, &rl) && rl.TooManyRequests != nil {
			wait := rl.RetryAfter
			if wait <= 0 {
				wait = time.Second
			}
			if b.opts.RateObserver != nil {
				b.opts.RateObserver.RateWait(Platform, pace.RateCauseRefused, wait)
			}
			if attempt >= maxAttempts || wait > b.opts.MaxRateWait {
				return &bot.RateLimitError{RetryAfter: wait}
			}
			b.log.Info("rate limited by Discord; waiting", "request", what, "retry_after", wait)
			if err := pace.Sleep(ctx, min(backoff.Stagger(wait, nil), b.opts.MaxRateWait)); err != nil {
				return fmt.Errorf("discord %s: %w", what, err)
			}
			continue
		}
		return b.mapError(what, err)
	}
}

// errTokenRejected is a 401: the bot token is wrong or was reset.
var errTokenRejected = errors.New("the bot token was rejected (401)")

// errGone wraps bot.ErrChatGone with Discord's reason.
type errGone struct{ reason string }

func (e *errGone) Error() string { return bot.ErrChatGone.Error() + " (" + e.reason + ")" }
func (e *errGone) Unwrap() error { return bot.ErrChatGone }

// mapError turns a discordgo error into the adapter's.
func (b *Bot) mapError(what string, err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		path := ""
		if re.Request != nil && re.Request.URL != nil {
			path = scrubPath(re.Request.URL.Path)
		}
		code, msg := 0, ""
		if re.Message != nil {
			code, msg = re.Message.Code, re.Message.Message
		}
		if re.Response.StatusCode == http.StatusUnauthorized {
			return fmt.Errorf("%w (%s %s)", errTokenRejected, what, path)
		}
		if (re.Response.StatusCode == http.StatusForbidden && code == codeMissingAccess) ||
			(re.Response.StatusCode == http.StatusNotFound && code == codeUnknownChannel) {
			return &errGone{reason: fmt.Sprintf("%d %s", code, msg)}
		}
		return fmt.Errorf("discord %s %s: HTTP %d, code %d: %s", what, path, re.Response.StatusCode, code, msg)
	}
	return fmt.Errorf("discord %s: %s", what, b.scrub(err.Error()))
}

// suspend suspends the subscriptions of a channel, or of one thread of
// it, that Discord reported gone with err.
func (b *Bot) suspend(ctx context.Context, chatID, threadID string, err error) error {
	if b.chats == nil {
		return nil
	}
	chat := bot.ChatKey{Platform: Platform, ChatID: chatID}
	if threadID != "" {
		n, serr := b.chats.SuspendThread(ctx, chat, threadID)
		if serr != nil {
			return fmt.Errorf("discord: suspending thread %s of channel %s: %w (after: %w)", threadID, chatID, serr, err)
		}
		b.log.Warn("thread gone; its subscriptions suspended", "channel", chatID, "thread", threadID, "suspended", n, "err", err)
		return nil
	}
	n, serr := b.chats.SuspendChat(ctx, chat)
	if serr != nil {
		return fmt.Errorf("discord: suspending channel %s: %w (after: %w)", chatID, serr, err)
	}
	b.log.Warn("channel gone; subscriptions suspended", "channel", chatID, "suspended", n, "err", err)
	return nil
}

// webhookToken matches the interaction token in webhook paths.
var webhookToken = regexp.MustCompile(`(/(?:webhooks|interactions)/[0-9]+/)[^/]+`)

// scrubPath hides interaction tokens, which are credentials for 15
// minutes, in a request path.
func scrubPath(p string) string { return webhookToken.ReplaceAllString(p, "${1}[token]") }

// scrub removes the bot token and interaction tokens from a text.
func (b *Bot) scrub(s string) string {
	if b.opts.Token != "" {
		s = regexp.MustCompile(regexp.QuoteMeta(b.opts.Token)).ReplaceAllString(s, "[token]")
	}
	return scrubPath(s)
}

// Send posts m to a channel, or to the thread threadID of it when that is
// not "", as embeds split over as many messages as needed. A channel the
// bot lost access to (403 Missing Access, 404 Unknown Channel) has its
// subscriptions suspended and bot.ErrChatGone is returned; for a thread,
// only the subscriptions made in that thread are suspended.
func (b *Bot) Send(ctx context.Context, chatID, threadID string, m bot.Message) error {
	s, err := b.rest()
	if err != nil {
		return err
	}
	target := chatID
	if threadID != "" {
		target = threadID
	}
	for _, msg := range Render(m) {
		msg.AllowedMentions = noMentions()
		if err := b.pace.Wait(ctx, target, b.opts.ChannelInterval); err != nil {
			return err
		}
		err := b.call(ctx, "send message", func(opts ...discordgo.RequestOption) error {
			_, err := s.ChannelMessageSendComplex(target, msg, opts...)
			return err
		})
		if errors.Is(err, bot.ErrChatGone) {
			if serr := b.suspend(ctx, chatID, threadID, err); serr != nil {
				return serr
			}
			return err
		}
		if err != nil {
			return err
		}
	}
	return nil
}
