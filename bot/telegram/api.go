package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/worldbrief/worldbrief/bot"
)

// DefaultAPIURL is Telegram's Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// errParseEntities marks Telegram's refusal of a message's HTML.
var errParseEntities = errors.New("telegram refused the message's HTML")

// errThreadNotFound marks a forum topic that no longer exists.
var errThreadNotFound = errors.New("message thread not found")

// api wraps the library's BotAPI with a context per call, error mapping
// and token scrubbing.
type api struct {
	bot   *tgbotapi.BotAPI
	http  *http.Client
	token string
}

// ctxDoer sends the library's requests with a context.
type ctxDoer struct {
	ctx    context.Context
	client *http.Client
}

// Do sends req. An error status without a JSON body (a proxy's 502 page,
// say) becomes an error naming the status, where the library would only
// report that it could not decode the page.
func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.client.Do(req.WithContext(d.ctx))
	if err != nil || resp.StatusCode < 300 || strings.Contains(resp.Header.Get("Content-Type"), "json") {
		return resp, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return nil, fmt.Errorf("the Bot API answered HTTP %s", resp.Status)
}

// newAPI connects to the Bot API at baseURL (getMe is called).
func newAPI(ctx context.Context, token, baseURL string, client *http.Client) (*api, error) {
	if token == "" {
		return nil, errors.New("telegram: no bot token configured (telegram.token or WORLDBRIEF_TELEGRAM_TOKEN)")
	}
	if baseURL == "" {
		baseURL = DefaultAPIURL
	}
	endpoint := strings.TrimRight(baseURL, "/") + "/bot%s/%s"
	b, err := tgbotapi.NewBotAPIWithClient(token, endpoint, ctxDoer{ctx: ctx, client: client})
	if err != nil {
		return nil, scrub(fmt.Errorf("telegram: connect (getMe): %w", mapError(err)), token)
	}
	return &api{bot: b, http: client, token: token}, nil
}

// call makes one Bot API request with ctx; errors are mapped and scrubbed.
func (a *api) call(ctx context.Context, method string, params tgbotapi.Params) (json.RawMessage, error) {
	b := *a.bot // a shallow copy whose client carries this call's context
	b.Client = ctxDoer{ctx: ctx, client: a.http}
	resp, err := b.MakeRequest(method, params)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, scrub(fmt.Errorf("telegram %s: %w", method, mapError(err)), a.token)
	}
	return resp.Result, nil
}

// mapError turns the library's *tgbotapi.Error into the bot package's
// errors, once, here.
func mapError(err error) error {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return err
	}
	switch {
	case te.RetryAfter > 0 || te.Code == http.StatusTooManyRequests:
		d := time.Duration(te.RetryAfter) * time.Second
		if d <= 0 {
			d = time.Second
		}
		return &bot.RateLimitError{RetryAfter: d}
	case te.MigrateToChatID != 0:
		return &bot.ChatMigratedError{NewID: strconv.FormatInt(te.MigrateToChatID, 10)}
	case te.Code == http.StatusForbidden:
		return fmt.Errorf("%w (%s)", bot.ErrChatGone, te.Message)
	case te.Code == http.StatusBadRequest && strings.Contains(te.Message, "can't parse entities"):
		return fmt.Errorf("%w: %s", errParseEntities, te.Message)
	case te.Code == http.StatusBadRequest && strings.Contains(te.Message, "message thread not found"):
		return fmt.Errorf("%w: %s", errThreadNotFound, te.Message)
	case te.Code == http.StatusBadRequest && strings.Contains(te.Message, "chat not found"):
		return fmt.Errorf("%w (%s)", bot.ErrChatGone, te.Message)
	}
	if te.Code == 0 && te.Message == "" {
		return fmt.Errorf("telegram answered ok=false with no error code or description (method not supported by this server?): %w", err)
	}
	return fmt.Errorf("telegram error %d: %w", te.Code, err)
}

// scrubbed is an error whose text had the bot token removed; it still
// unwraps to the original for errors.Is and errors.As.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// scrub removes the token from err's text.
func scrub(err error, token string) error {
	if err == nil || token == "" {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = strings.ReplaceAll(ue.URL, token, "<token>")
	}
	msg := err.Error()
	if !strings.Contains(msg, token) {
		return err
	}
	return &scrubbed{msg: strings.ReplaceAll(msg, token, "<token>"), err: err}
}
