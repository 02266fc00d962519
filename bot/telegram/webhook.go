package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/pace"
	"github.com/worldbrief/worldbrief/internal/backoff"
)

// secretHeader carries the webhook secret on Telegram's requests.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateBytes caps a webhook request body.
const maxUpdateBytes = 1 << 20

// WebhookHandler returns the handler of Telegram's webhook requests: it
// rejects requests without the configured secret (401), answers each
// update, and replies 200. ctx bounds the handling of every update.
func (b *Bot) WebhookHandler(ctx context.Context) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get(secretHeader)
		if b.opts.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(b.opts.WebhookSecret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxUpdateBytes))
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		var u update
		if err := json.Unmarshal(body, &u); err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		hctx, cancel := context.WithTimeout(ctx, 50*time.Second)
		defer cancel()
		b.handle(hctx, u)
		w.WriteHeader(http.StatusOK)
	})
}

// serveWebhook serves the webhook on Listen until ctx ends, and registers
// it with Telegram meanwhile: a setWebhook Telegram rate-limits (several
// replicas starting at once) or cannot answer is retried, so one failed
// call does not stop the process; one it refuses (a bad URL) ends it.
func (b *Bot) serveWebhook(ctx context.Context) error {
	if b.opts.WebhookSecret == "" {
		return errors.New("telegram: webhook mode needs telegram.webhook_secret")
	}
	ln, err := net.Listen("tcp", b.opts.Listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: b.WebhookHandler(ctx), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	regc := make(chan error, 1)
	go func() { regc <- b.registerWebhook(ctx) }()
	b.log.Info("webhook serving", "listen", ln.Addr().String())
	for {
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			return srv.Shutdown(sctx)
		case err := <-regc:
			if err != nil {
				_ = srv.Close()
				return err
			}
		case err := <-errc:
			return err
		}
	}
}

// registerWebhook calls setWebhook until Telegram accepts it or ctx ends,
// waiting out rate limits and backing off on other failures; an error
// status other than 429 and 5xx is returned. Until it succeeds, Connected
// reports the webhook unregistered.
func (b *Bot) registerWebhook(ctx context.Context) error {
	b.setPollErr(errors.New("the webhook is not registered yet"))
	for attempt := 1; ; attempt++ {
		_, err := b.api.call(ctx, "setWebhook", tgbotapi.Params{
			"url": b.opts.WebhookURL, "secret_token": b.opts.WebhookSecret,
			"allowed_updates": `["message","channel_post"]`,
		})
		if err == nil {
			b.setPollErr(nil)
			b.log.Info("webhook registered")
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		wait := pollBackoff.Delay(attempt)
		var rl *bot.RateLimitError
		var te *tgbotapi.Error
		switch {
		case errors.As(err, &rl):
			wait = min(backoff.Stagger(rl.RetryAfter, nil), b.opts.MaxRateWait)
		case errors.As(err, &te) && te.Code >= 400 && te.Code < 500:
			return fmt.Errorf("telegram: setWebhook refused: %w", err)
		}
		b.setPollErr(fmt.Errorf("setWebhook: %w", err))
		b.log.Warn("setWebhook failed; retrying", "err", err, "retry_in", wait)
		if pace.Sleep(ctx, wait) != nil {
			return nil
		}
	}
}
