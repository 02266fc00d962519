package discord

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/bot"
)

// fixture loads a gateway INTERACTION_CREATE payload from testdata.
func fixture(t *testing.T, name string) *discordgo.InteractionCreate {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var ic discordgo.InteractionCreate
	if err := json.Unmarshal(raw, &ic); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &ic
}

// callback is an interaction response as Discord receives it.
type callback struct {
	Type int `json:"type"`
	Data struct {
		Flags   int                       `json:"flags"`
		Embeds  []*discordgo.MessageEmbed `json:"embeds"`
		Choices []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"choices"`
	} `json:"data"`
}

// embedText joins the titles and descriptions of embeds.
func embedText(es []*discordgo.MessageEmbed) string {
	var sb strings.Builder
	for _, e := range es {
		sb.WriteString(e.Title + "\n" + e.Description + "\n")
	}
	return sb.String()
}

func (h *harness) handle(t *testing.T, name string) *discordgo.Interaction {
	t.Helper()
	ic := fixture(t, name)
	h.bot.HandleInteraction(context.Background(), h.sess, ic)
	return ic.Interaction
}

func TestSubscribeFromGuildDefersThenEditsAndStores(t *testing.T) {
	h := newHarness(t)
	h.fake.channels["3000000000000000001"] = `{"id": "3000000000000000001", "type": 0, "guild_id": "2000000000000000001"}`
	i := h.handle(t, "command_subscribe_guild.json")

	reqs := h.fake.requests()
	cbPath := "/interactions/" + i.ID + "/" + i.Token + "/callback"
	editPath := "/webhooks/" + i.AppID + "/" + i.Token + "/messages/@original"
	var sawCallback, sawEdit bool
	for _, r := range reqs {
		switch {
		case r.Method == "POST" && r.Path == cbPath:
			if sawEdit {
				t.Error("the reply was edited before the interaction was acknowledged")
			}
			var cb callback
			r.decode(t, &cb)
			if cb.Type != 5 || cb.Data.Flags&64 != 0 {
				t.Errorf("acknowledgement = type %d flags %d, want a public deferred reply (type 5)", cb.Type, cb.Data.Flags)
			}
			sawCallback = true
		case r.Method == "PATCH" && r.Path == editPath:
			var edit struct {
				Embeds []*discordgo.MessageEmbed `json:"embeds"`
			}
			r.decode(t, &edit)
			text := embedText(edit.Embeds)
			if !strings.Contains(text, "France") || !strings.Contains(text, "Japan") {
				t.Errorf("edited reply does not confirm France and Japan:\n%s", text)
			}
			sawEdit = true
		}
	}
	if !sawCallback || !sawEdit {
		t.Fatalf("callback %v, edit %v; requests: %+v", sawCallback, sawEdit, reqs)
	}
	subs, err := h.st.Subscriptions(context.Background(), bot.ChatKey{Platform: Platform, ChatID: "3000000000000000001"})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 2 || subs[0].ThreadID != "" {
		t.Fatalf("subscriptions = %+v, want fr and jp for the channel itself", subs)
	}
	if !strings.Contains(subs[0].CreatedBy, "marianne") {
		t.Errorf("CreatedBy = %q, want the member", subs[0].CreatedBy)
	}
}

func TestSubscribeWithoutManageChannelsIsRefusedPrivately(t *testing.T) {
	h := newHarness(t)
	i := h.handle(t, "command_subscribe_no_permission.json")
	reqs := h.fake.requests()
	if len(reqs) != 1 || reqs[0].Path != "/interactions/"+i.ID+"/"+i.Token+"/callback" {
		t.Fatalf("requests = %+v, want one immediate callback", reqs)
	}
	var cb callback
	reqs[0].decode(t, &cb)
	if cb.Type != 4 || cb.Data.Flags&64 == 0 {
		t.Errorf("reply type %d flags %d, want an ephemeral message (type 4, flag 64)", cb.Type, cb.Data.Flags)
	}
	if !strings.Contains(embedText(cb.Data.Embeds), "Manage Channels") {
		t.Errorf("reply does not name the permission: %s", embedText(cb.Data.Embeds))
	}
	subs, _ := h.st.Subscriptions(context.Background(), bot.ChatKey{Platform: Platform, ChatID: "3000000000000000001"})
	if len(subs) != 0 {
		t.Errorf("a member without the permission subscribed the channel: %+v", subs)
	}
}

func TestSubscribeFromDMIsPersonal(t *testing.T) {
	h := newHarness(t)
	h.handle(t, "command_subscribe_dm.json")
	for _, r := range h.fake.requests() {
		if strings.HasPrefix(r.Path, "/channels/") {
			t.Errorf("a DM looked up its channel: %s %s", r.Method, r.Path)
		}
	}
	subs, err := h.st.Subscriptions(context.Background(), bot.ChatKey{Platform: Platform, ChatID: "3000000000000000009"})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].Country != "jp" {
		t.Fatalf("DM subscriptions = %+v, want jp", subs)
	}
}

func TestSubscribeInThreadDeliversToThread(t *testing.T) {
	h := newHarness(t)
	h.fake.channels["3000000000000000077"] = `{"id": "3000000000000000077", "type": 11, "guild_id": "2000000000000000001", "parent_id": "3000000000000000001"}`
	h.handle(t, "command_subscribe_thread.json")
	subs, err := h.st.Subscriptions(context.Background(), bot.ChatKey{Platform: Platform, ChatID: "3000000000000000001"})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].ThreadID != "3000000000000000077" {
		t.Fatalf("subscriptions = %+v, want br in thread 3000000000000000077 of channel 3000000000000000001", subs)
	}
	// Delivering it posts to the thread.
	if err := h.bot.Send(context.Background(), subs[0].ChatID, subs[0].ThreadID, bot.Text("digest")); err != nil {
		t.Fatal(err)
	}
	reqs := h.fake.requests()
	if last := reqs[len(reqs)-1]; last.Method != "POST" || last.Path != "/channels/3000000000000000077/messages" {
		t.Errorf("delivery went to %s %s, want the thread", last.Method, last.Path)
	}
}

func TestSettingsIsEphemeral(t *testing.T) {
	h := newHarness(t)
	h.fake.channels["3000000000000000001"] = `{"id": "3000000000000000001", "type": 0}`
	i := h.handle(t, "command_settings_guild.json")
	var sawEdit bool
	for _, r := range h.fake.requests() {
		if r.Path == "/interactions/"+i.ID+"/"+i.Token+"/callback" {
			var cb callback
			r.decode(t, &cb)
			if cb.Type != 5 || cb.Data.Flags&64 == 0 {
				t.Errorf("/settings acknowledged with type %d flags %d, want an ephemeral deferred reply", cb.Type, cb.Data.Flags)
			}
		}
		if r.Method == "PATCH" && strings.HasSuffix(r.Path, "/messages/@original") {
			sawEdit = true
		}
	}
	if !sawEdit {
		t.Error("the deferred reply was never edited")
	}
}

func TestUnknownCountryAnsweredPrivately(t *testing.T) {
	h := newHarness(t)
	h.handle(t, "command_headlines_unknown_country.json")
	reqs := h.fake.requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %+v, want one immediate reply", reqs)
	}
	var cb callback
	reqs[0].decode(t, &cb)
	if cb.Type != 4 || cb.Data.Flags&64 == 0 || !strings.Contains(embedText(cb.Data.Embeds), "France") {
		t.Errorf("reply = type %d flags %d %q, want an ephemeral suggestion of France", cb.Type, cb.Data.Flags, embedText(cb.Data.Embeds))
	}
}

func TestAutocompleteCountryIgnoresAccents(t *testing.T) {
	h := newHarness(t)
	h.handle(t, "autocomplete_country.json")
	reqs := h.fake.requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %+v", reqs)
	}
	var cb callback
	reqs[0].decode(t, &cb)
	if cb.Type != 8 || len(cb.Data.Choices) == 0 || cb.Data.Choices[0].Value != "tr" {
		t.Fatalf("autocomplete = type %d %+v, want Turkey (tr) first", cb.Type, cb.Data.Choices)
	}
}

func TestAutocompleteCountriesKeepsEarlierWords(t *testing.T) {
	h := newHarness(t)
	h.handle(t, "autocomplete_countries_list.json")
	var cb callback
	h.fake.requests()[0].decode(t, &cb)
	if len(cb.Data.Choices) == 0 || cb.Data.Choices[0].Value != "fr jp" {
		t.Fatalf("choices = %+v, want \"fr jp\" first", cb.Data.Choices)
	}
}

// TestAutocompleteOffersTheWorld: typing "wor" offers the world edition
// first, keeping the earlier words of a list; a word that is not the
// start of "world" does not.
func TestAutocompleteOffersTheWorld(t *testing.T) {
	for typed, want := range map[string]string{"wor": "world", "France, Wo": "France, world", "World": "world"} {
		got := withWorld(nil, typed, true)
		if len(got) != 1 || got[0].Value != want {
			t.Errorf("%q: choices %+v, want %q", typed, got, want)
		}
	}
	for _, typed := range []string{"w", "fr", "worlds"} {
		if got := withWorld(nil, typed, true); len(got) != 0 {
			t.Errorf("%q: offered %+v", typed, got)
		}
	}
	many := make([]*discordgo.ApplicationCommandOptionChoice, maxChoices)
	if got := withWorld(many, "wo", false); len(got) != maxChoices || got[0].Value != "world" {
		t.Errorf("with %d country choices: %d choices, first %+v", maxChoices, len(got), got[0])
	}
}

func TestAutocompleteAtMost25Choices(t *testing.T) {
	h := newHarness(t)
	for _, typed := range []string{"", "a", "republic"} {
		got := h.bot.countryChoices(typed, false)
		if len(got) > maxChoices {
			t.Errorf("%q: %d choices", typed, len(got))
		}
		if len(got) == 0 {
			t.Errorf("%q: no choices", typed)
		}
		for _, c := range got {
			if len([]rune(c.Name)) > 100 || len(c.Value.(string)) > 100 {
				t.Errorf("%q: choice %+v over 100 characters", typed, c)
			}
		}
	}
}

func TestComponentInteractionIgnored(t *testing.T) {
	h := newHarness(t)
	h.handle(t, "component_button.json") // must not panic in ApplicationCommandData
	if reqs := h.fake.requests(); len(reqs) != 0 {
		t.Errorf("requests = %+v, want none", reqs)
	}
}

func TestAcknowledgementRetriedAfterRateLimit(t *testing.T) {
	h := newHarness(t)
	h.fake.answer("/interactions/", 429, `{"message": "You are being rate limited.", "retry_after": 0.02}`, nil)
	i := h.handle(t, "command_settings_guild.json")
	n := 0
	for _, r := range h.fake.requests() {
		if r.Path == "/interactions/"+i.ID+"/"+i.Token+"/callback" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d callbacks, want the limited one and its retry", n)
	}
	if !strings.Contains(h.logs.String(), "rate limited") || strings.Contains(h.logs.String(), i.Token) {
		t.Errorf("logs should note the limit without the interaction token:\n%s", h.logs.String())
	}
}

// A mistake found by the core after a public deferral is answered to the
// caller alone: the public "thinking…" message is deleted and the answer
// comes as an ephemeral follow-up; nothing is subscribed.
func TestErrorAfterPublicDeferralGoesToCallerOnly(t *testing.T) {
	h := newHarness(t)
	h.fake.channels["3000000000000000001"] = `{"id": "3000000000000000001", "type": 0, "guild_id": "2000000000000000001"}`
	i := h.handle(t, "command_subscribe_guild_bad_country.json")
	original := "/webhooks/" + i.AppID + "/" + i.Token + "/messages/@original"
	var deleted, followedUp bool
	for _, r := range h.fake.requests() {
		switch {
		case r.Method == "PATCH" && r.Path == original:
			t.Errorf("the error was edited into the public reply: %s", r)
		case r.Method == "DELETE" && r.Path == original:
			deleted = true
		case r.Method == "POST" && r.Path == "/webhooks/"+i.AppID+"/"+i.Token:
			var msg struct {
				Flags  int                       `json:"flags"`
				Embeds []*discordgo.MessageEmbed `json:"embeds"`
			}
			r.decode(t, &msg)
			if msg.Flags&64 == 0 || !strings.Contains(embedText(msg.Embeds), "Nothing was changed") {
				t.Errorf("follow-up flags %d text %q, want an ephemeral error", msg.Flags, embedText(msg.Embeds))
			}
			followedUp = deleted
		}
	}
	if !deleted || !followedUp {
		t.Fatalf("deleted %v, ephemeral follow-up after it %v; requests: %v", deleted, followedUp, h.fake.requests())
	}
	if subs, _ := h.st.Subscriptions(context.Background(), bot.ChatKey{Platform: Platform, ChatID: "3000000000000000001"}); len(subs) != 0 {
		t.Errorf("subscribed despite the unknown country: %+v", subs)
	}
}
