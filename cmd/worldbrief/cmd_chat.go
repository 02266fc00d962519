package main

import (
	"errors"
	"os"
	"os/user"
	"strings"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/bot/console"

	_ "time/tzdata" // /timezone works in images without zoneinfo
)

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
			if strings.TrimSpace(chatID) == "" {
				return usageError{errors.New("--chat-id is empty: give the console chat a name, e.g. --chat-id local")}
			}
			if err := a.openStore(ctx); err != nil {
				return err
			}
			name := "console"
			if u, err := user.Current(); err == nil && u.Username != "" {
				name = u.Username
			}
			in := cmd.InOrStdin()
			return (&console.Console{
				Core: a.botCore(a.pipeline(nil)), In: in, Out: a.stdout, ChatID: chatID, User: name,
				Interactive: isTerminal(a.stdout) && in == os.Stdin && isTerminal(os.Stdin),
			}).Run(ctx)
		},
	}
	cmd.Flags().StringVar(&chatID, "chat-id", "local", "the console chat's id in the store")
	return cmd
}
