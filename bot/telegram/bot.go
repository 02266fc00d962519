package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/pace"
	"github.com/worldbrief/worldbrief/internal/backoff"
)

// Platform is the store's platform name of Telegram chats.
const Platform = "telegram"

// ChatStore is what the adapter changes when Telegram reports a chat gone
// or moved (*store.Store implements it).
type ChatStore interface {
	SuspendChat(ctx context.Context, k bot.ChatKey) (int64, error)
	MoveChat(ctx context.Context, from bot.ChatKey, toChatID string) error
}

// Options configure a Bot. Token is required; the rest have defaults.
type Options struct {
	// Token is the bot token from @BotFather. It is never logged.
	Token string
	// APIURL is the Bot API server, DefaultAPIURL when empty (tests and
	// emulators set their own).
	APIURL string
	// PollTimeout is the long-polling timeout of getUpdates (default 50s).
	PollTimeout time.Duration
	// HTTPClient sends the requests; by default one whose timeout is
	// PollTimeout plus 15s.
	HTTPClient *http.Client
	// WebhookURL switches to webhook mode: Telegram posts updates to this
	// public URL, which must reach Listen.
	WebhookURL string
	// WebhookSecret is checked against the X-Telegram-Bot-Api-Secret-Token
	// header of every webhook request.
	WebhookSecret string
	// Listen is the address the webhook server listens on, e.g. ":8443".
	Listen string
	// AdminCacheTTL is how long an administrator check is remembered
	// (default 1 minute).
	AdminCacheTTL time.Duration
	// MaxRateWait caps one wait for Telegram's retry_after (default 5m);
	// below it, a retry_after is waited out with up to a quarter more, so
	// chats refused together are not resent together.
	MaxRateWait time.Duration
	// ChatInterval and GroupInterval space the messages sent to one
	// private chat (default 1s) and to one group or channel (default 3s),
	// after Telegram's flood limits.
	ChatInterval, GroupInterval time.Duration
	// GlobalInterval spaces all messages of the bot (default 35ms, about
	// 30 messages a second).
	GlobalInterval time.Duration
	// Slots, when set, books every send in slots shared by all processes
	// on one database, so the global and per-chat limits hold across
	// several serve processes; nil paces within this process only.
	Slots pace.SlotBooker
	// RateObserver, when set, is told of every wait for Telegram's
	// limits: pacing and 429 retry_after.
	RateObserver pace.RateObserver
	// Log receives the adapter's logs; nil discards them.
	Log *slog.Logger
}

// Bot is a running Telegram adapter.
type Bot struct {
	core  *bot.Core
	chats ChatStore
	opts  Options
	log   *slog.Logger

	pace *pacer

	mu     sync.Mutex
	api    *api
	admins map[adminKey]adminEntry
	now    func() time.Time
	// dialErr is the last failure to connect; pollErr the failure of the
	// last getUpdates (or of setWebhook until it succeeds), nil once one
	// succeeds (both for Connected).
	dialErr, pollErr error
}

// New returns a Bot answering with core. Call Run to start it.
func New(core *bot.Core, chats ChatStore, opts Options) *Bot {
	if opts.PollTimeout <= 0 {
		opts.PollTimeout = 50 * time.Second
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: opts.PollTimeout + 15*time.Second}
	}
	if opts.AdminCacheTTL <= 0 {
		opts.AdminCacheTTL = time.Minute
	}
	if opts.MaxRateWait <= 0 {
		opts.MaxRateWait = 5 * time.Minute
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Bot{core: core, chats: chats, opts: opts, log: log.With("platform", Platform), admins: map[adminKey]adminEntry{}, now: time.Now,
		pace: newPacer(opts.ChatInterval, opts.GroupInterval)}
	if opts.GlobalInterval > 0 {
		b.pace.Global = opts.GlobalInterval
	}
	b.pace.Shared = opts.Slots
	b.pace.Observer = opts.RateObserver
	b.pace.Log = b.log
	return b
}

// Connect checks the token with getMe and registers the command menu
// (a failure of the latter is logged, not returned). Run calls it.
func (b *Bot) Connect(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.api != nil {
		return nil
	}
	a, err := newAPI(ctx, b.opts.Token, b.opts.APIURL, b.opts.HTTPClient)
	if err != nil {
		if ctx.Err() == nil {
			b.dialErr = err
		}
		return err
	}
	b.api, b.dialErr = a, nil
	b.log.Info("connected", "bot", a.bot.Self.UserName)
	if err := b.setCommands(ctx); err != nil {
		b.log.Warn("setMyCommands failed; the command menu may be stale", "err", err)
	}
	return nil
}

// UserName is the bot's @name without "@", known after Connect.
func (b *Bot) UserName() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.api == nil {
		return ""
	}
	return b.api.bot.Self.UserName
}

func (b *Bot) setCommands(ctx context.Context) error {
	type command struct {
		Command     string `json:"command"`
		Description string `json:"description"`
	}
	var list []command
	for _, c := range bot.Commands() {
		list = append(list, command{Command: c.Name, Description: c.Description})
	}
	data, _ := json.Marshal(list)
	_, err := b.api.call(ctx, "setMyCommands", tgbotapi.Params{"commands": string(data)})
	return err
}

// Dial connects to Telegram (Connect), retrying with a growing pause
// while Telegram cannot be reached. It returns nil once connected or when
// ctx ends, and an error when Telegram rejects the token (401, 404).
func (b *Bot) Dial(ctx context.Context) error {
	return pace.Redial(ctx, b.log, "Telegram", b.Connect, func(err error) error {
		var te *tgbotapi.Error
		if errors.As(err, &te) && (te.Code == http.StatusUnauthorized || te.Code == http.StatusNotFound) {
			return fmt.Errorf("telegram: the bot token was rejected (%d %s)", te.Code, te.Message)
		}
		return nil
	})
}

// Connected reports, for readiness checks, whether the adapter is
// connected: nil once getMe succeeded and while getUpdates (when this
// process polls) is answered or the webhook is registered; otherwise what
// is wrong.
func (b *Bot) Connected() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.api == nil && b.dialErr != nil:
		return fmt.Errorf("not connected to Telegram: %w", b.dialErr)
	case b.api == nil:
		return errors.New("not connected to Telegram yet")
	case b.pollErr != nil:
		return fmt.Errorf("receiving updates fails: %w", b.pollErr)
	}
	return nil
}

// setPollErr records the outcome of the last getUpdates.
func (b *Bot) setPollErr(err error) {
	b.mu.Lock()
	b.pollErr = err
	b.mu.Unlock()
}

// Run receives updates until ctx ends, by webhook when WebhookURL is set,
// by long polling otherwise. It returns nil when ctx ends.
//
// When Telegram cannot be reached at start, Run keeps trying with a
// growing pause (Dial); a token Telegram rejects (401, 404) ends it at once.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.Dial(ctx); err != nil || ctx.Err() != nil {
		return err
	}
	if b.opts.WebhookURL != "" {
		return b.serveWebhook(ctx)
	}
	return b.poll(ctx)
}

// Send sends m to a chat (and forum topic, when threadID is not ""),
// split into as many messages as needed. A 429 waits and retries; HTML
// that Telegram refuses is resent as plain text; a chat that blocked or
// removed the bot gets its subscriptions suspended (bot.ErrChatGone is
// returned); a migrated chat is moved and the message resent there.
func (b *Bot) Send(ctx context.Context, chatID, threadID string, m bot.Message) error {
	_, err := b.SendWithID(ctx, chatID, threadID, m)
	return err
}

// SendWithID is Send that also returns the id of the message sent, the
// ids of a message sent in parts joined by commas (bot.IDSender).
func (b *Bot) SendWithID(ctx context.Context, chatID, threadID string, m bot.Message) (string, error) {
	if err := b.Connect(ctx); err != nil {
		return "", err
	}
	chat := bot.ChatKey{Platform: Platform, ChatID: chatID}
	var ids []string
	for i, chunk := range RenderHTML(m, MaxMessageUnits) {
		var err error
		var id string
		preview := ""
		if i == 0 {
			preview = m.Preview
		}
		if chat, id, err = b.sendChunk(ctx, chat, threadID, chunk, preview); err != nil {
			return strings.Join(ids, ","), err
		}
		ids = append(ids, id)
	}
	return strings.Join(ids, ","), nil
}

// previewOptions returns the link_preview_options that show the preview
// of url above the text, when url is an http(s) URL.
func previewOptions(url string) (string, bool) {
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return "", false
	}
	b, err := json.Marshal(map[string]any{"url": url, "prefer_small_media": true, "show_above_text": false})
	return string(b), err == nil
}

// messageID reads the id of a sent Message result.
func messageID(res json.RawMessage) string {
	var m struct {
		ID int64 `json:"message_id"`
	}
	if json.Unmarshal(res, &m) != nil || m.ID == 0 {
		return ""
	}
	return strconv.FormatInt(m.ID, 10)
}

// maxAttempts bounds the retries of one message.
const maxAttempts = 4

// sendChunk sends one message and returns the chat it went to, which
// differs from chat after a migration. The message shows the link
// preview of preview when it is an http(s) URL, and none otherwise.
func (b *Bot) sendChunk(ctx context.Context, chat bot.ChatKey, threadID, text, preview string) (bot.ChatKey, string, error) {
	html := true
	for attempt := 1; ; attempt++ {
		params := tgbotapi.Params{"chat_id": chat.ChatID, "text": text, "disable_web_page_preview": "true",
			"link_preview_options": `{"is_disabled":true}`}
		if opts, ok := previewOptions(preview); ok {
			delete(params, "disable_web_page_preview")
			params["link_preview_options"] = opts
		}
		if html {
			params["parse_mode"] = "HTML"
		}
		if threadID != "" {
			params["message_thread_id"] = threadID
		}
		if err := b.pace.wait(ctx, chat.ChatID); err != nil {
			return chat, "", err
		}
		res, err := b.api.call(ctx, "sendMessage", params)
		if err == nil {
			return chat, messageID(res), nil
		}
		var rl *bot.RateLimitError
		if errors.As(err, &rl) && b.opts.RateObserver != nil {
			b.opts.RateObserver.RateWait(Platform, pace.RateCauseRefused, rl.RetryAfter)
		}
		if errors.Is(err, bot.ErrChatGone) {
			if b.chats != nil {
				n, serr := b.chats.SuspendChat(ctx, chat)
				if serr != nil {
					b.log.Error("suspend chat", "chat", chat.ChatID, "err", serr)
				}
				b.log.Warn("chat refused messages; subscriptions suspended", "chat", chat.ChatID, "suspended", n, "err", err)
			}
			return chat, "", err
		}
		if attempt == maxAttempts || ctx.Err() != nil {
			return chat, "", err
		}
		var mig *bot.ChatMigratedError
		switch {
		case errors.As(err, &rl):
			wait := min(backoff.Stagger(rl.RetryAfter, nil), b.opts.MaxRateWait)
			b.log.Info("rate limited; waiting", "chat", chat.ChatID, "retry_after", wait)
			if err := pace.Sleep(ctx, wait); err != nil {
				return chat, "", err
			}
		case errors.As(err, &mig):
			b.log.Info("chat migrated", "from", chat.ChatID, "to", mig.NewID)
			if b.chats != nil {
				if err := b.chats.MoveChat(ctx, chat, mig.NewID); err != nil {
					return chat, "", fmt.Errorf("telegram: move migrated chat: %w", err)
				}
			}
			chat.ChatID = mig.NewID
		case errors.Is(err, errParseEntities):
			b.log.Warn("HTML refused; resending as plain text", "chat", chat.ChatID, "err", err)
			text, html = htmlToPlain(text), false
		case errors.Is(err, errThreadNotFound):
			threadID = ""
		default:
			return chat, "", err
		}
	}
}

// chatIDString formats a Telegram id.
func chatIDString(id int64) string { return strconv.FormatInt(id, 10) }
