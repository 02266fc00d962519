package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/bot/telegram"
)

func newServeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the configured chat bots (Telegram, Discord: those whose token is set)",
		Long: "Runs every configured chat adapter until interrupted: Telegram by long polling,\n" +
			"or by webhook when telegram.webhook_url is set. `worldbrief chat` is the\n" +
			"terminal adapter and needs no configuration.",
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.openStore(ctx); err != nil {
				return err
			}
			core := a.botCore()
			var runners []func(context.Context) error
			if tg := a.cfg.Telegram; tg.Token != "" {
				b := telegram.New(core, a.store, telegram.Options{
					Token: tg.Token, APIURL: tg.APIURL, PollTimeout: tg.PollTimeout,
					WebhookURL: tg.WebhookURL, WebhookSecret: tg.WebhookSecret, Listen: tg.Listen,
					Log: a.log,
				})
				runners = append(runners, b.Run)
			}
			if d := a.discordBot(core); d != nil {
				runners = append(runners, d.Run)
			}
			if len(runners) == 0 {
				return usageError{errors.New("no chat adapter is configured: set telegram.token (WORLDBRIEF_TELEGRAM_TOKEN or WORLDBRIEF_TELEGRAM_TOKEN_FILE) or discord.token (WORLDBRIEF_DISCORD_TOKEN or WORLDBRIEF_DISCORD_TOKEN_FILE), or try `worldbrief chat` in the terminal")}
			}
			// The first adapter to fail stops the others.
			rctx, cancel := context.WithCancel(ctx)
			defer cancel()
			errs := make(chan error, len(runners))
			for _, run := range runners {
				go func() { errs <- run(rctx) }()
			}
			var first error
			for range runners {
				if err := <-errs; err != nil && first == nil {
					first = err
					cancel()
				}
			}
			if first != nil {
				return fmt.Errorf("serve: %w", first)
			}
			return nil
		},
	}
}
