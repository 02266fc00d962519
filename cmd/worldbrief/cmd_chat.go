package main

import (
	"context"
	"os"
	"os/user"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/console"
	"github.com/worldbrief/worldbrief/sources"

	_ "time/tzdata" // /timezone works in images without zoneinfo
)

// botCore wires the chat core over the opened store.
func (a *app) botCore() *bot.Core {
	return &bot.Core{
		Catalog: a.catalog,
		Subs:    a.store,
		Store:   a.store,
		Health:  a.store,
		Digests: a.digestService(),
		// Chats refresh stale feeds but, unlike the CLI, respect the
		// backoff of failing ones: many users must not hammer a dead site.
		Refresh: func(ctx context.Context, sites []sources.Site) error {
			_, err := a.ingester().Run(ctx, sites, sources.CycleOptions{StaleOnly: true, MaxAge: a.cfg.Fetch.Interval})
			return err
		},
		Log: a.log,
	}
}

func newChatCmd(a *app) *cobra.Command {
	var chatID string
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Talk to the bot in the terminal: the chat commands with no token",
		Long: "Reads chat commands (with or without their slash) from the terminal or a pipe\n" +
			"and prints the replies as plain text, e.g.\n" +
			"  printf '/subscribe fr\\n/list\\n' | worldbrief chat\n" +
			"Subscriptions are stored like a chat's, under the chat id --chat-id.",
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.openStore(ctx); err != nil {
				return err
			}
			name := "console"
			if u, err := user.Current(); err == nil && u.Username != "" {
				name = u.Username
			}
			in := cmd.InOrStdin()
			return (&console.Console{
				Core: a.botCore(), In: in, Out: a.stdout, ChatID: chatID, User: name,
				Interactive: isTerminal(a.stdout) && in == os.Stdin && isTerminal(os.Stdin),
			}).Run(ctx)
		},
	}
	cmd.Flags().StringVar(&chatID, "chat-id", "local", "the console chat's id in the store")
	return cmd
}
