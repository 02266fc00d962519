package discord

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/pace"
)

func TestRegisterCommandsPayload(t *testing.T) {
	for _, guild := range []string{"", "2000000000000000001"} {
		h := newHarness(t)
		h.bot.opts.GuildID = guild
		if err := h.bot.RegisterCommands(context.Background(), "1000000000000000001"); err != nil {
			t.Fatal(err)
		}
		reqs := h.fake.requests()
		want := "/applications/1000000000000000001/commands"
		if guild != "" {
			want = "/applications/1000000000000000001/guilds/" + guild + "/commands"
		}
		if len(reqs) != 1 || reqs[0].Method != "PUT" || reqs[0].Path != want {
			t.Fatalf("guild %q: requests %v, want one PUT %s", guild, reqs, want)
		}
		var cmds []struct {
			Name        string  `json:"name"`
			Description string  `json:"description"`
			Perms       *string `json:"default_member_permissions"`
			DM          *bool   `json:"dm_permission"`
			Options     []struct {
				Name         string `json:"name"`
				Type         int    `json:"type"`
				Required     bool   `json:"required"`
				Autocomplete bool   `json:"autocomplete"`
			} `json:"options"`
		}
		reqs[0].decode(t, &cmds)
		byName := map[string]int{}
		for i, c := range cmds {
			byName[c.Name] = i
			if c.Description == "" || len([]rune(c.Description)) > 100 || len(c.Name) > 32 {
				t.Errorf("/%s: description %q breaks Discord's limits", c.Name, c.Description)
			}
		}
		for _, name := range []string{"subscribe", "unsubscribe", "list", "headlines", "digest", "time", "timezone", "sources", "filter", "settings", "help"} {
			if _, ok := byName[name]; !ok {
				t.Errorf("/%s is not registered", name)
			}
		}
		if _, ok := byName["start"]; ok {
			t.Error("/start (Telegram's greeting) is registered")
		}
		sub := cmds[byName["subscribe"]]
		if sub.Perms == nil || *sub.Perms != "16" {
			t.Errorf("/subscribe default_member_permissions = %v, want \"16\" (Manage Channels)", sub.Perms)
		}
		if sub.DM == nil || !*sub.DM {
			t.Error("/subscribe is not allowed in DMs")
		}
		if len(sub.Options) != 1 || !sub.Options[0].Autocomplete || !sub.Options[0].Required || sub.Options[0].Type != 3 {
			t.Errorf("/subscribe options = %+v, want one required autocompleted string", sub.Options)
		}
		if p := cmds[byName["headlines"]].Perms; p != nil {
			t.Errorf("/headlines needs permissions %s", *p)
		}
		hl := cmds[byName["headlines"]].Options
		if len(hl) != 2 || hl[1].Type != 4 {
			t.Errorf("/headlines options = %+v, want country and an integer count", hl)
		}
	}
}

func TestSendRetriesRateLimit(t *testing.T) {
	h := newHarness(t)
	h.fake.answer("/channels/42/messages", 429, `{"message": "You are being rate limited.", "retry_after": 0.05, "global": false}`, nil)
	var refused []time.Duration
	h.bot.opts.RateObserver = rateFunc(func(platform, cause string, d time.Duration) {
		if platform == Platform && cause == pace.RateCauseRefused {
			refused = append(refused, d)
		}
	})
	start := time.Now()
	if err := h.bot.Send(context.Background(), "42", "", bot.Text("hello")); err != nil {
		t.Fatal(err)
	}
	if len(refused) != 1 || refused[0] != 50*time.Millisecond {
		t.Errorf("refusals reported %v; want one of 50ms", refused)
	}
	if el := time.Since(start); el < 50*time.Millisecond {
		t.Errorf("resent after %v, before retry_after", el)
	}
	n := 0
	for _, r := range h.fake.requests() {
		if r.Path == "/channels/42/messages" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d posts, want 2 (one limited, one resent)", n)
	}
}

func TestSendRateLimitCappedAndBoundToContext(t *testing.T) {
	synctest.Test(t, testSendRateLimitCappedAndBoundToContext)
}

// testSendRateLimitCappedAndBoundToContext runs in fake time: the waits
// it measures are the bot's own, not the machine's.
func testSendRateLimitCappedAndBoundToContext(t *testing.T) {
	h, _ := newFakeTimeHarness(t, nil)
	// Longer than MaxRateWait: returned at once, not waited.
	h.fake.answer("/channels/42/messages", 429, `{"message": "You are being rate limited.", "retry_after": 3600, "global": true}`, nil)
	start := time.Now()
	err := h.bot.Send(context.Background(), "42", "", bot.Text("hello"))
	var rl *bot.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Hour {
		t.Fatalf("err = %v, want *bot.RateLimitError of 1h", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("waited %v", time.Since(start))
	}
	// Within the cap, the wait ends with ctx.
	h.fake.answer("/channels/42/messages", 429, `{"message": "You are being rate limited.", "retry_after": 1.5}`, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	err = h.bot.Send(ctx, "42", "", bot.Text("hello"))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("err = %v after %v, want the context's deadline at once", err, time.Since(start))
	}
	// Limited on every try: gives up after maxAttempts.
	for range maxAttempts {
		h.fake.answer("/channels/43/messages", 429, `{"message": "limited", "retry_after": 0.01}`, nil)
	}
	if err := h.bot.Send(context.Background(), "43", "", bot.Text("x")); !errors.As(err, &rl) {
		t.Errorf("err = %v, want *bot.RateLimitError after %d tries", err, maxAttempts)
	}
}

func TestSendToGoneChannelSuspendsSubscriptions(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{
		{403, `{"message": "Missing Access", "code": 50001}`},
		{404, `{"message": "Unknown Channel", "code": 10003}`},
	} {
		h := newHarness(t)
		ctx := context.Background()
		chat := bot.ChatKey{Platform: Platform, ChatID: "77"}
		if _, _, err := h.st.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "fr"}); err != nil {
			t.Fatal(err)
		}
		h.fake.answer("/channels/77/messages", tc.status, tc.body, nil)
		err := h.bot.Send(ctx, "77", "", bot.Text("digest"))
		if !errors.Is(err, bot.ErrChatGone) {
			t.Fatalf("%d: err = %v, want bot.ErrChatGone", tc.status, err)
		}
		subs, _ := h.st.Subscriptions(ctx, chat)
		if len(subs) != 1 || subs[0].Status != bot.StatusSuspended {
			t.Errorf("%d: subscriptions = %+v, want suspended", tc.status, subs)
		}
	}
}

// A deleted thread (10003 on the thread) suspends the subscriptions made
// in that thread only: the channel keeps its own.
func TestSendToDeletedThreadSuspendsOnlyItsSubscriptions(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	chat := bot.ChatKey{Platform: Platform, ChatID: "77"}
	for _, sub := range []bot.Subscription{{ChatKey: chat, Country: "fr"}, {ChatKey: chat, Country: "jp", ThreadID: "88"}} {
		if _, _, err := h.st.Subscribe(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	h.fake.answer("/channels/88/messages", 404, `{"message": "Unknown Channel", "code": 10003}`, nil)
	if err := h.bot.Send(ctx, "77", "88", bot.Text("digest")); !errors.Is(err, bot.ErrChatGone) {
		t.Fatalf("err = %v, want bot.ErrChatGone", err)
	}
	subs, _ := h.st.Subscriptions(ctx, chat)
	got := map[string]string{}
	for _, sb := range subs {
		got[sb.Country] = sb.Status
	}
	if got["fr"] != bot.StatusActive || got["jp"] != bot.StatusSuspended {
		t.Fatalf("statuses %v; want fr active (the channel's), jp suspended (the thread's)", got)
	}
	if err := h.bot.Send(ctx, "77", "", bot.Text("digest")); err != nil {
		t.Fatalf("the channel itself still takes messages: %v", err)
	}
}

func TestOtherErrorsNamePathNotToken(t *testing.T) {
	h := newHarness(t)
	h.fake.answer("/channels/5/messages", 403, `{"message": "Missing Permissions", "code": 50013}`, nil)
	err := h.bot.Send(context.Background(), "5", "", bot.Text("x"))
	if err == nil || errors.Is(err, bot.ErrChatGone) {
		t.Fatalf("err = %v, want an ordinary error (50013 is not a gone channel)", err)
	}
	if !strings.Contains(err.Error(), "/channels/5/messages") || !strings.Contains(err.Error(), "50013") {
		t.Errorf("err = %v, want the path and Discord's code", err)
	}
	if strings.Contains(err.Error(), fakeToken) {
		t.Errorf("err shows the token: %v", err)
	}
	// Interaction tokens in webhook paths are hidden as well.
	i := fixture(t, "command_settings_guild.json").Interaction
	h.fake.answer("/webhooks/", 500, `{"message": "oops", "code": 0}`, nil)
	err = h.bot.call(context.Background(), "edit reply", func(opts ...discordgo.RequestOption) error {
		_, err := h.sess.InteractionResponseEdit(i, &discordgo.WebhookEdit{}, opts...)
		return err
	})
	if err == nil || strings.Contains(err.Error(), i.Token) || !strings.Contains(err.Error(), "[token]") {
		t.Errorf("err = %v, want the path with the interaction token hidden", err)
	}
}

func TestSendAsDiscordReceivesIt(t *testing.T) {
	h := newHarness(t)
	var m bot.Message
	m.Add(bot.B("France — 2026-11-27"), bot.T(" · what its own press leads with"))
	m.Add(bot.B("1. @everyone look"), bot.T("\nSummary"), bot.T("\n"), bot.L("Le Monde", "https://lemonde.fr/a"))
	if err := h.bot.Send(context.Background(), "9", "", m); err != nil {
		t.Fatal(err)
	}
	reqs := h.fake.requests()
	if len(reqs) != 1 || reqs[0].Path != "/channels/9/messages" {
		t.Fatalf("requests = %v", reqs)
	}
	var got struct {
		Content  string                    `json:"content"`
		Embeds   []*discordgo.MessageEmbed `json:"embeds"`
		Mentions struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	reqs[0].decode(t, &got)
	if len(got.Embeds) != 2 || got.Embeds[1].URL != "https://lemonde.fr/a" || !strings.Contains(got.Embeds[1].Description, "[Le Monde](https://lemonde.fr/a)") {
		t.Errorf("embeds = %s", reqs[0].Body)
	}
	if !strings.Contains(string(reqs[0].Body), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("mentions are not disabled: %s", reqs[0].Body)
	}
}

func TestShardsFromDiscordRecommendation(t *testing.T) {
	h := newHarness(t)
	ids, n, err := h.bot.shards(context.Background())
	if err != nil || n != 3 || len(ids) != 3 || ids[2] != 2 {
		t.Fatalf("shards = %v of %d, %v; want 0,1,2 of 3 from /gateway/bot", ids, n, err)
	}
	h.bot.opts.ShardID, h.bot.opts.ShardCount = 1, 4
	ids, n, _ = h.bot.shards(context.Background())
	if n != 4 || len(ids) != 1 || ids[0] != 1 {
		t.Errorf("configured shards = %v of %d, want shard 1 of 4", ids, n)
	}
}

// Messages to one channel are spaced by ChannelInterval; another channel
// does not wait for it.
func TestSendPacesMessagesPerChannel(t *testing.T) {
	h := newHarness(t)
	h.bot.opts.ChannelInterval = 150 * time.Millisecond
	ctx := context.Background()
	start := time.Now()
	for range 3 {
		if err := h.bot.Send(ctx, "9", "", bot.Text("hello")); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("3 messages to one channel took %v, want ≥ 300ms", d)
	}
	start = time.Now()
	if err := h.bot.Send(ctx, "10", "", bot.Text("hello")); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("another channel waited %v", d)
	}
}

// rateFunc is a pace.RateObserver from a function.
type rateFunc func(platform, cause string, d time.Duration)

func (f rateFunc) RateWait(platform, cause string, d time.Duration) { f(platform, cause, d) }
