package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
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

// serveWebhook registers the webhook with Telegram and serves it on
// Listen until ctx ends.
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
	if _, err := b.api.call(ctx, "setWebhook", tgbotapi.Params{
		"url": b.opts.WebhookURL, "secret_token": b.opts.WebhookSecret,
		"allowed_updates": `["message","channel_post"]`,
	}); err != nil {
		_ = srv.Close()
		return err
	}
	b.log.Info("webhook serving", "listen", ln.Addr().String())
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	case err := <-errc:
		return err
	}
}
