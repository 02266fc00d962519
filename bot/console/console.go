// Package console is the terminal adapter behind `worldbrief chat`: it
// reads commands line by line from a terminal or a pipe, answers them
// with the same core and storage as the chat bots, and prints the
// replies as plain text. It needs no token.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/worldbrief/worldbrief/bot"
)

// Platform is the store's platform name of console chats.
const Platform = "console"

// maxLine caps one input line; the rest of a longer line is dropped.
const maxLine = 64 << 10

// Console answers commands read from In on Out.
type Console struct {
	Core *bot.Core
	In   io.Reader
	Out  io.Writer
	// ChatID names the console's chat in the store (default "local"), so
	// its subscriptions persist between runs.
	ChatID string
	// User is recorded as the creator of subscriptions.
	User string
	// Interactive shows a prompt and a greeting (for a terminal).
	Interactive bool
}

// Run answers every line until the input ends, "/quit" is read or ctx
// ends. Commands may be typed with or without their slash.
func (c *Console) Run(ctx context.Context) error {
	chatID := c.ChatID
	if chatID == "" {
		chatID = "local"
	}
	r := bufio.NewReaderSize(c.In, 4096)
	if c.Interactive {
		fmt.Fprintln(c.Out, "worldbrief chat — type /help for the commands, /quit to leave.")
	}
	for ctx.Err() == nil {
		if c.Interactive {
			fmt.Fprint(c.Out, "> ")
		}
		line, err := readLine(r)
		if line = strings.TrimSpace(line); line != "" {
			if q := strings.ToLower(strings.TrimPrefix(line, "/")); q == "quit" || q == "exit" {
				return nil
			}
			reply, ok := c.Core.Handle(ctx, bot.Request{
				Chat: bot.ChatKey{Platform: Platform, ChatID: chatID}, User: c.User,
				Text: line, SlashOptional: true,
			})
			if !ok {
				reply = bot.Text("That is not a command. Type /help to see them, e.g. /headlines fr.")
			}
			if _, werr := fmt.Fprintf(c.Out, "%s\n\n", reply.PlainText()); werr != nil {
				return fmt.Errorf("console: write: %w", werr)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("console: read: %w", err)
		}
	}
	return nil
}

// readLine reads one line of at most maxLine bytes, dropping the rest.
func readLine(r *bufio.Reader) (string, error) {
	var sb strings.Builder
	for {
		chunk, err := r.ReadSlice('\n')
		if sb.Len() < maxLine {
			sb.Write(chunk[:min(len(chunk), maxLine-sb.Len())])
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return sb.String(), err
	}
}
