package telegram

import (
	"context"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/bot"
)

// TestSendWithIDReportsEveryPart: the delivery outbox records the ids of
// all the messages a long digest went out as.
func TestSendWithIDReportsEveryPart(t *testing.T) {
	h := newHarness(t, false)
	var m bot.Message
	for i := range 20 {
		m.Add(bot.B("Story"), bot.T(" "+strings.Repeat("texte & <données> ", 40)), bot.L("source", "https://example.com/"+string(rune('a'+i))))
	}
	ids, err := h.bot.SendWithID(context.Background(), "42", "", m)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(ids, ",")
	if len(parts) != h.api.sentCount() || len(parts) < 3 {
		t.Fatalf("ids %q for %d messages sent", ids, h.api.sentCount())
	}
	seen := map[string]bool{}
	for _, p := range parts {
		if p == "" || seen[p] {
			t.Fatalf("ids %q: empty or repeated id", ids)
		}
		seen[p] = true
	}
}
