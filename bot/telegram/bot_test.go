package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/bottest"
	"github.com/worldbrief/worldbrief/store"
)

type harness struct {
	api  *fakeAPI
	st   *store.Store
	bot  *Bot
	logs *bottest.Buffer
}

// newHarness starts a Bot against a fresh fake API and in-memory store.
func newHarness(t *testing.T, run bool) *harness {
	t.Helper()
	return newHarnessOn(t, run, newFakeAPI(t), nil)
}

// newFakeTimeHarness is a harness whose fake Bot API is served in
// memory: call it inside a testing/synctest bubble, where the bot's
// backoffs then take no real time.
func newFakeTimeHarness(t *testing.T) *harness {
	t.Helper()
	api, client := newPipeFakeAPI(t)
	return newHarnessOn(t, false, api, client)
}

func newHarnessOn(t *testing.T, run bool, api *fakeAPI, client *http.Client) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st := bottest.Store(t)
	h := &harness{api: api, st: st, logs: &bottest.Buffer{}}
	h.bot = New(bottest.Core(t, st), st, Options{
		Token: fakeToken, APIURL: h.api.srv.URL, PollTimeout: time.Second, ChatInterval: time.Millisecond, GroupInterval: time.Millisecond,
		Log:        slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		HTTPClient: client,
	})
	done := make(chan error, 1)
	if run {
		go func() { done <- h.bot.Run(ctx) }()
	} else {
		close(done)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if strings.Contains(h.logs.String(), fakeToken) {
			t.Errorf("the bot token appears in the logs:\n%s", h.logs.String())
		}
	})
	return h
}

func TestConversationOverLongPolling(t *testing.T) {
	h := newHarness(t, true)
	steps := []struct{ text, want string }{
		{"/start", "each country's own news"},
		{"/subscribe France Japan", "Subscribed to <b>France (fr), Japan (jp)</b>"},
		{"/list", "<b>France</b> (fr) — every day at 07:00 UTC"},
		{"/headlines@WorldBriefBot fr", "No headlines for France yet"},
		{"/subscribe <script>", `I don&#39;t know the country &#34;&lt;script&gt;&#34;`},
		{"/time 25:61", "HH:MM on a 24-hour clock"},
		{"hello", "Send /help"},
		{"/unsubscribe all", "Unsubscribed from all 2 countries"},
	}
	for i, s := range steps {
		h.api.say(42, "private", 7, s.text, nil)
		msgs := h.api.waitSent(i + 1)
		got := msgs[i]
		if got.ChatID != "42" || got.ParseMode != "HTML" {
			t.Fatalf("%s: sent %+v", s.text, got)
		}
		if plain := htmlToPlain(got.Text); !strings.Contains(got.Text, s.want) && !strings.Contains(plain, htmlToPlain(s.want)) {
			t.Errorf("%s\n got: %s\nwant: %s", s.text, got.Text, s.want)
		}
	}
	h.api.mu.Lock()
	cmds := h.api.commands
	h.api.mu.Unlock()
	if !strings.Contains(cmds, `"command":"subscribe"`) || !strings.Contains(cmds, `"command":"filter"`) {
		t.Errorf("setMyCommands got %s", cmds)
	}
}

func TestGroupAdminCheckIsCached(t *testing.T) {
	h := newHarness(t, true)
	h.api.members["-100/5"] = "administrator"
	h.api.say(-100, "supergroup", 6, "/subscribe fr", nil)
	if got := h.api.waitSent(1)[0].Text; !strings.Contains(got, "Only the chat") {
		t.Fatalf("member subscribed: %s", got)
	}
	h.api.say(-100, "supergroup", 6, "/headlines fr", nil)
	if got := h.api.waitSent(2)[1].Text; !strings.Contains(got, "No headlines") {
		t.Fatalf("member could not read headlines: %s", got)
	}
	for i, text := range []string{"/subscribe fr", "/time 08:00", "/timezone Paris"} {
		h.api.say(-100, "supergroup", 5, text, map[string]any{"message_thread_id": 77, "is_topic_message": true})
		msg := h.api.waitSent(3 + i)[2+i]
		if strings.Contains(msg.Text, "Only the chat") || msg.ThreadID != "77" {
			t.Fatalf("admin %s: %+v", text, msg)
		}
	}
	h.api.mu.Lock()
	asked := h.api.memberReq
	h.api.mu.Unlock()
	if asked != 2 { // user 6 once, user 5 once: the cache answered the rest
		t.Errorf("getChatMember called %d times, want 2", asked)
	}
	subs, _ := h.st.Subscriptions(context.Background(), bot.ChatKey{Platform: Platform, ChatID: "-100"})
	if len(subs) != 1 || subs[0].ThreadID != "77" || subs[0].Timezone != "Europe/Paris" || subs[0].DeliveryTime != "08:00" {
		t.Fatalf("subscriptions = %+v", subs)
	}
}

func TestSendSplitsLongMessages(t *testing.T) {
	h := newHarness(t, false)
	var m bot.Message
	for i := range 20 {
		m.Add(bot.B("Story"), bot.T(" "+strings.Repeat("texte & <données> ", 40)), bot.L("source", "https://example.com/"+string(rune('a'+i))))
	}
	if err := h.bot.Send(context.Background(), "42", "", m); err != nil {
		t.Fatal(err)
	}
	if n := h.api.sentCount(); n < 3 {
		t.Fatalf("a 20-story message went out as %d messages", n)
	}
}

// TestSendShowsOnlyThePreviewAsked: a message with a Preview shows that
// link's preview on its first part only; other parts and messages
// without one show none.
func TestSendShowsOnlyThePreviewAsked(t *testing.T) {
	h := newHarness(t, false)
	m := bot.Message{Preview: "https://lemonde.example/story?a=1&b=\"2\""}
	for i := range 20 {
		m.Add(bot.B("Story"), bot.T(" "+strings.Repeat("texte ", 200)), bot.L("source", "https://example.com/"+string(rune('a'+i))))
	}
	if err := h.bot.Send(context.Background(), "42", "", m); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.Send(context.Background(), "42", "", bot.Text("https://example.com/no-preview")); err != nil {
		t.Fatal(err)
	}
	h.api.mu.Lock()
	got := append([]sent(nil), h.api.sent...)
	h.api.mu.Unlock()
	if len(got) < 3 {
		t.Fatalf("%d messages sent", len(got))
	}
	var first struct {
		URL      string `json:"url"`
		Disabled bool   `json:"is_disabled"`
	}
	if err := json.Unmarshal([]byte(got[0].Preview), &first); err != nil || first.URL != m.Preview || first.Disabled {
		t.Errorf("first part's link_preview_options %q (%v), want the preview of %s", got[0].Preview, err, m.Preview)
	}
	for i, s := range got[1:] {
		if s.Preview != `{"is_disabled":true}` {
			t.Errorf("message %d: link_preview_options %q, want previews off", i+1, s.Preview)
		}
	}
}

func TestRateLimitIsWaitedOut(t *testing.T) { synctest.Test(t, testRateLimitIsWaitedOut) }

func testRateLimitIsWaitedOut(t *testing.T) {
	h := newFakeTimeHarness(t)
	rec := &rateRecorder{}
	h.bot.opts.RateObserver = rec
	h.api.failNext("42", failure{429, "Too Many Requests: retry after 1", map[string]any{"retry_after": 1}})
	start := time.Now()
	if err := h.bot.Send(context.Background(), "42", "", bot.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if n, d := rec.get("telegram/refused"); n != 1 || d != time.Second {
		t.Errorf("refusals reported: %d totalling %v; want 1 of 1s", n, d)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("resent after %v, before retry_after", d)
	}
	if h.api.sentCount() != 1 {
		t.Fatal("message not delivered after the 429")
	}
}

func TestBlockedChatIsSuspendedNotDeleted(t *testing.T) {
	h := newHarness(t, false)
	ctx := context.Background()
	chat := bot.ChatKey{Platform: Platform, ChatID: "42"}
	h.st.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "fr"})
	h.api.failNext("42", failure{403, "Forbidden: bot was blocked by the user", nil})
	err := h.bot.Send(ctx, "42", "", bot.Text("digest"))
	if !errors.Is(err, bot.ErrChatGone) {
		t.Fatalf("Send = %v, want ErrChatGone", err)
	}
	subs, _ := h.st.Subscriptions(ctx, chat)
	if len(subs) != 1 || subs[0].Status != bot.StatusSuspended {
		t.Fatalf("subscriptions after 403 = %+v, want one suspended", subs)
	}
}

func TestMigratedChatIsMoved(t *testing.T) {
	h := newHarness(t, false)
	ctx := context.Background()
	h.st.Subscribe(ctx, bot.Subscription{ChatKey: bot.ChatKey{Platform: Platform, ChatID: "-5"}, Country: "jp"})
	h.api.failNext("-5", failure{400, "Bad Request: group chat was upgraded to a supergroup chat", map[string]any{"migrate_to_chat_id": -1005}})
	var long bot.Message
	for range 3 {
		long.Add(bot.T(strings.Repeat("a long story ", 250)))
	}
	if err := h.bot.Send(ctx, "-5", "", long); err != nil {
		t.Fatal(err)
	}
	for i, got := range h.api.waitSent(2) {
		if got.ChatID != "-1005" {
			t.Fatalf("part %d sent to %s, want the new id -1005", i, got.ChatID)
		}
	}
	subs, _ := h.st.Subscriptions(ctx, bot.ChatKey{Platform: Platform, ChatID: "-1005"})
	if len(subs) != 1 {
		t.Fatalf("subscriptions were not moved: %+v", subs)
	}
}

func TestRefusedHTMLIsResentAsPlainText(t *testing.T) {
	h := newHarness(t, false)
	h.api.failNext("42", failure{400, "Bad Request: can't parse entities: unsupported start tag", nil})
	var m bot.Message
	m.Add(bot.B("Title"), bot.T(" a < b & c"))
	if err := h.bot.Send(context.Background(), "42", "", m); err != nil {
		t.Fatal(err)
	}
	got := h.api.waitSent(1)[0]
	if got.ParseMode != "" || got.Text != "Title a < b & c" {
		t.Fatalf("fallback sent %+v", got)
	}
}

func TestSetMyCommandsFailureIsNotFatal(t *testing.T) {
	h := newHarness(t, false)
	h.api.failCmds = true
	if err := h.bot.Connect(context.Background()); err != nil {
		t.Fatalf("Connect failed because setMyCommands did: %v", err)
	}
	if !strings.Contains(h.logs.String(), "setMyCommands failed") {
		t.Error("the failure was not logged")
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	b := New(&bot.Core{}, nil, Options{Token: fakeToken, APIURL: url})
	err := b.Connect(context.Background())
	if err == nil {
		t.Fatal("Connect to a closed server succeeded")
	}
	if strings.Contains(err.Error(), fakeToken) || strings.Contains(err.Error(), "TEST-secret") {
		t.Fatalf("error text carries the token: %v", err)
	}
	wrong := New(&bot.Core{}, nil, Options{Token: "1:wrong", APIURL: newFakeAPI(t).srv.URL})
	if err := wrong.Connect(context.Background()); err == nil || strings.Contains(err.Error(), "1:wrong") {
		t.Fatalf("bad token: %v", err)
	}
}

// TestFakeIsStrict makes sure the fake API refuses what Telegram refuses,
// so the tests above prove something.
func TestFakeIsStrict(t *testing.T) {
	h := newHarness(t, false)
	ctx := context.Background()
	if err := h.bot.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"<div>x</div>", "a & b", "<b>open", strings.Repeat("x", MaxMessageUnits+1), strings.Repeat("🌍", MaxMessageUnits/2+1)} {
		_, err := h.bot.api.call(ctx, "sendMessage", map[string]string{"chat_id": "1", "text": text, "parse_mode": "HTML"})
		if err == nil {
			t.Errorf("fake accepted %.30q", text)
		}
	}
}

func TestRunStopsOnRejectedTokenAndRetriesWhenUnreachable(t *testing.T) {
	synctest.Test(t, testRunStopsOnRejectedTokenAndRetriesWhenUnreachable)
}

func testRunStopsOnRejectedTokenAndRetriesWhenUnreachable(t *testing.T) {
	api, client := newPipeFakeAPI(t)
	wrong := New(&bot.Core{}, nil, Options{Token: "1:wrong", APIURL: api.srv.URL, HTTPClient: client})
	if err := wrong.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "rejected") {
		t.Fatalf("Run with a rejected token = %v", err)
	}
	gone := bottest.NewPipeListener()
	gone.Close() // every dial fails: Telegram unreachable
	logs := &bottest.Buffer{}
	b := New(&bot.Core{}, nil, Options{Token: fakeToken, APIURL: "http://pipe:80", Log: slog.New(slog.NewTextHandler(logs, nil)),
		HTTPClient: &http.Client{Transport: &http.Transport{DialContext: gone.DialContext}}})
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if err := b.Run(ctx); err != nil {
		t.Fatalf("Run while Telegram is unreachable = %v, want nil when ctx ends", err)
	}
	if n := strings.Count(logs.String(), "cannot reach Telegram"); n < 1 {
		t.Fatalf("no retry logged:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), fakeToken) {
		t.Fatal("token in logs")
	}
}

func TestPollingHonoursRetryAfterAndSkipsOddUpdates(t *testing.T) {
	synctest.Test(t, testPollingHonoursRetryAfterAndSkipsOddUpdates)
}

func testPollingHonoursRetryAfterAndSkipsOddUpdates(t *testing.T) {
	h := newFakeTimeHarness(t)
	h.api.failPoll = []failure{{429, "Too Many Requests: retry after 1", map[string]any{"retry_after": 1}}}
	h.api.pushRaw(`{"update_id":0,"message":{"chat":{"id":"not a number"},"text":"/help"}}`)
	h.api.nextID = 1
	h.api.say(42, "private", 7, "/list", nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- h.bot.Run(ctx) }()
	got := h.api.waitSent(1)
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("polled again after %v, before retry_after", d)
	}
	if len(got) != 1 || !strings.Contains(got[0].Text, "no subscriptions") {
		t.Errorf("sent %+v, want only the /list reply", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.logs.String(), "undecodable update skipped") {
		t.Error("the odd update was not reported")
	}
}

// Connected (read by /readyz) tells whether Telegram is reachable: not
// before getMe, not while getUpdates fails, again once it answers.
func TestConnectedFollowsPolling(t *testing.T) {
	synctest.Test(t, testConnectedFollowsPolling)
}

func testConnectedFollowsPolling(t *testing.T) {
	h := newFakeTimeHarness(t)
	if err := h.bot.Connected(); err == nil || !strings.Contains(err.Error(), "not connected to Telegram yet") {
		t.Fatalf("before Run: Connected() = %v; want not connected yet", err)
	}
	h.api.mu.Lock()
	h.api.failPoll = []failure{{502, "Bad Gateway", nil}, {502, "Bad Gateway", nil}}
	h.api.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	bottest.WaitConnected(t, h.bot, "getUpdates failing", func(err error) bool {
		return err != nil && strings.Contains(err.Error(), "receiving updates fails") && strings.Contains(err.Error(), "502")
	})
	bottest.WaitConnected(t, h.bot, "getUpdates answered again", func(err error) bool { return err == nil })
}

// A Bot API behind a proxy that answers an HTML error page: the error
// names the HTTP status rather than a JSON decoding failure.
func TestConnectNamesHTTPStatusOfNonJSONAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body>bad gateway</body></html>"))
	}))
	defer srv.Close()
	b := New(nil, nil, Options{Token: fakeToken, APIURL: srv.URL})
	err := b.Connect(context.Background())
	if err == nil || !strings.Contains(err.Error(), "HTTP 502 Bad Gateway") || strings.Contains(err.Error(), fakeToken) {
		t.Fatalf("Connect = %v; want an error naming HTTP 502 Bad Gateway, without the token", err)
	}
	if err := b.Connected(); err == nil || !strings.Contains(err.Error(), "HTTP 502") {
		t.Fatalf("Connected() = %v; want the last connect failure", err)
	}
}

// A webhook left by an earlier webhook deployment would make Telegram
// refuse every getUpdates (409): polling deletes it first and answers.
func TestPollingRemovesLeftoverWebhook(t *testing.T) {
	h := newHarness(t, false)
	h.api.mu.Lock()
	h.api.webhook = [2]string{"https://old.example.test/tg", "old"}
	h.api.mu.Unlock()
	h.api.say(42, "private", 7, "/help", nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.Run(ctx) }()
	if got := h.api.waitSent(1); !strings.Contains(got[0].Text, "/subscribe") {
		t.Errorf("reply to /help: %s", got[0].Text)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	h.api.mu.Lock()
	defer h.api.mu.Unlock()
	if h.api.unhooked != 1 || h.api.webhook != [2]string{} {
		t.Errorf("deleteWebhook called %d times, webhook now %q; want 1 call and no webhook", h.api.unhooked, h.api.webhook)
	}
}
