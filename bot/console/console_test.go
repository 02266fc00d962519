package console

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/bottest"
)

func newCore(t *testing.T) *bot.Core {
	t.Helper()
	return bottest.Core(t, bottest.Store(t))
}

func TestPipedSession(t *testing.T) {
	core := newCore(t)
	in := strings.NewReader("/subscribe fr\n\nlist\n/time 7:05\nhello\n/subscribe " + strings.Repeat("x", 200000) + "\n/unsubscribe fr") // no final newline
	var out bytes.Buffer
	if err := (&Console{Core: core, In: in, Out: &out}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Subscribed to France (fr)",
		"France (fr) — every day at 07:00 UTC",
		"Digests now arrive every day at 07:05 UTC",
		"I don't know the command /hello. Send /help",
		"I don't know the country",
		"Unsubscribed from France (fr).",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<b>") || strings.Contains(got, "&amp;") {
		t.Errorf("console output has markup:\n%s", got)
	}
	if strings.Contains(got, "> ") {
		t.Error("a pipe got prompts")
	}
}

func TestQuitStops(t *testing.T) {
	core := newCore(t)
	var out bytes.Buffer
	in := io.MultiReader(strings.NewReader("/help\n/quit\n/list\n"))
	if err := (&Console{Core: core, In: in, Out: &out, Interactive: true}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "/subscribe COUNTRY…") || strings.Contains(out.String(), "no subscriptions") {
		t.Fatalf("output:\n%s", out.String())
	}
}
