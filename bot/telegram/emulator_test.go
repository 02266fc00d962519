package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot/bottest"
	"github.com/worldbrief/worldbrief/sources"
)

// emulatorEnv names the URL of a running telegram-test-api emulator
// (npm telegram-test-api 4.2.1); .ci/run starts one and sets it.
const emulatorEnv = "WORLDBRIEF_TEST_TELEGRAM_EMULATOR"

// emulatorURL returns the URL of the running emulator named by
// WORLDBRIEF_TEST_TELEGRAM_EMULATOR, and skips the test when it is not
// set: `go test ./...` passes on a machine without the emulator, and
// .ci/run, which starts one, fails when this test did not run.
func emulatorURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv(emulatorEnv)
	if u == "" {
		t.Skipf("%s is not set: no telegram-test-api emulator to talk to (.ci/run starts one: `npm install --prefix .ci/node telegram-test-api@4.2.1`)", emulatorEnv)
	}
	return strings.TrimRight(u, "/")
}

// emuPost posts JSON to the emulator's client API.
func emuPost(t *testing.T, url string, body any) map[string]any {
	t.Helper()
	data, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return out
}

// TestEndToEndWithEmulator talks to the bot through telegram-test-api as a
// user would: commands in, replies out.
func TestEndToEndWithEmulator(t *testing.T) {
	base := emulatorURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := bottest.Store(t)
	core := bottest.Core(t, st)
	fr, _ := core.Catalog.Resolve("fr")
	now := time.Now().UTC()
	if _, err := st.SaveArticles(ctx, []sources.Article{
		{ID: "e1", SiteID: fr.Sites[0].ID, Country: "fr", Language: "fr", Title: "Le budget & la dette <analyse>", OriginalTitle: "Le budget & la dette <analyse>", URL: "https://example.fr/budget", PublishedAt: now, FirstSeenAt: now},
	}); err != nil {
		t.Fatal(err)
	}
	token := fmt.Sprintf("%d:emulator-%d", 100000+time.Now().UnixNano()%100000, time.Now().UnixNano())
	const chatID = 4242
	b := New(core, st, Options{Token: token, APIURL: base, PollTimeout: time.Second, ChatInterval: time.Millisecond})
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()

	send := func(text string) string {
		t.Helper()
		length := len(text)
		if i := strings.IndexByte(text, ' '); i > 0 {
			length = i
		}
		emuPost(t, base+"/sendCommand", map[string]any{
			"botToken": token, "date": time.Now().Unix(), "text": text,
			"from":     map[string]any{"id": 7, "first_name": "Ann", "username": "ann", "is_bot": false},
			"chat":     map[string]any{"id": chatID, "first_name": "Ann", "type": "private"},
			"entities": []map[string]any{{"offset": 0, "length": length, "type": "bot_command"}},
		})
		var texts []string
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			res := emuPost(t, base+"/getUpdates", map[string]any{"token": token, "chatId": chatID})
			items, _ := res["result"].([]any)
			for _, it := range items {
				m, _ := it.(map[string]any)["message"].(map[string]any)
				if m["parse_mode"] != "HTML" {
					t.Errorf("%s: reply without HTML parse mode: %v", text, m)
				}
				s, _ := m["text"].(string)
				texts = append(texts, s)
			}
			if len(texts) > 0 {
				return strings.Join(texts, "\n")
			}
		}
		t.Fatalf("%s: no reply within 15s", text)
		return ""
	}

	steps := []struct{ text, want string }{
		{"/start", "each country's own news"},
		{"/subscribe France Japan", "Subscribed to <b>France (fr), Japan (jp)</b>"},
		{"/list", "<b>Japan</b> (jp) — every day at 07:00 UTC"},
		{"/headlines fr", `<a href="https://example.fr/budget">Le budget &amp; la dette &lt;analyse&gt;</a>`},
		{"/headlines@TestNameBot atlantis", "I don't know the country &quot;atlantis&quot;"},
		{"/time 25:61", "Send the time as HH:MM on a 24-hour clock, e.g. /time 07:30"},
		{"/subscribe", "Usage: /subscribe COUNTRY…"},
		{"/frobnicate", "I don't know the command /frobnicate"},
		{"/unsubscribe all", "Unsubscribed from all 2 countries"},
		{"/list", "This chat has no subscriptions"},
	}
	for _, s := range steps {
		if got := send(s.text); !strings.Contains(got, s.want) {
			t.Errorf("%s\n got: %s\nwant: %s", s.text, got, s.want)
		}
	}
}
