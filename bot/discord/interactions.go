package discord

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/digest"
)

// maxChoices is Discord's limit of autocomplete choices.
const maxChoices = 25

// ephemeralCommands are deferred privately, since their answer always
// concerns only the caller; other private answers (errors) replace a
// public deferral with an ephemeral follow-up.
var ephemeralCommands = map[string]bool{"settings": true}

// HandleInteraction answers one interaction from the gateway: slash
// commands and their autocompletion. Other kinds (buttons, modals) are
// ignored. It returns when the answer is complete.
func (b *Bot) HandleInteraction(ctx context.Context, s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	switch ic.Type {
	case discordgo.InteractionApplicationCommand:
		b.command(ctx, s, ic.Interaction)
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(ctx, s, ic.Interaction)
	}
}

// canManage reports whether the member invoking i may change the
// channel's subscriptions: Manage Channels or Administrator.
func canManage(i *discordgo.Interaction) bool {
	if i.Member == nil {
		return false
	}
	return i.Member.Permissions&(discordgo.PermissionManageChannels|discordgo.PermissionAdministrator) != 0
}

// userName names the caller for the record of who subscribed.
func userName(i *discordgo.Interaction) string {
	u := i.User
	if i.Member != nil && i.Member.User != nil {
		u = i.Member.User
	}
	if u == nil {
		return ""
	}
	return "discord:" + u.ID + ":" + u.Username
}

func (b *Bot) command(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	spec, ok := bot.Lookup(data.Name)
	if !ok || spec.Greeting {
		b.replyNow(ctx, s, i, bot.Text("I don't know this command; try /help."), true)
		return
	}
	inGuild := i.GuildID != ""
	if spec.Admin && inGuild && !canManage(i) {
		b.replyNow(ctx, s, i, bot.Text("Changing this channel's subscriptions needs the Manage Channels permission. "+
			"Anyone can use /headlines, /digest, /list and /help; in a DM with me you can subscribe for yourself."), true)
		return
	}
	args, problem := b.arguments(spec, data.Options)
	if problem != "" {
		b.replyNow(ctx, s, i, bot.Text(problem), true)
		return
	}
	req := bot.Request{
		Chat:    bot.ChatKey{Platform: Platform, ChatID: i.ChannelID},
		User:    userName(i),
		Text:    strings.TrimSpace("/" + spec.Name + " " + strings.Join(args, " ")),
		Group:   inGuild,
		IsAdmin: func(context.Context) (bool, error) { return canManage(i), nil },
	}
	ephemeral := ephemeralCommands[spec.Name]
	// Acknowledge at once: Discord drops interactions not answered
	// within 3 seconds, and headlines or digests may take longer.
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	err := b.call(ctx, "defer reply", func(opts ...discordgo.RequestOption) error {
		return s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: flags},
		}, opts...)
	})
	if err != nil {
		b.log.Warn("cannot acknowledge interaction", "command", spec.Name, "err", err)
		return
	}
	if inGuild {
		if ch := b.channel(ctx, s, i.ChannelID); ch != nil && ch.IsThread() && ch.ParentID != "" {
			req.Chat.ChatID, req.ThreadID = ch.ParentID, ch.ID
		}
	}
	rctx, cancel := context.WithTimeout(ctx, b.opts.ReplyTimeout)
	defer cancel()
	reply, _ := b.core.Handle(rctx, req)
	b.replyDeferred(ctx, s, i, reply, flags)
}

// arguments turns the options into the core's arguments, in the order of
// the command's parameters. A single country is resolved here, so that a
// misspelt one gets a private answer and multi-word names reach the core
// as their code.
func (b *Bot) arguments(spec bot.CommandSpec, opts []*discordgo.ApplicationCommandInteractionDataOption) ([]string, string) {
	byName := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range opts {
		byName[o.Name] = o
	}
	var args []string
	for _, p := range spec.Params {
		o, ok := byName[p.Name]
		if !ok {
			continue
		}
		var v string
		if o.Type == discordgo.ApplicationCommandOptionInteger {
			v = strconv.FormatInt(o.IntValue(), 10)
		} else {
			v = strings.TrimSpace(o.StringValue())
		}
		if p.Kind == bot.ParamCountry && v != "" {
			co, err := b.catalog().Resolve(v)
			if err != nil {
				msg := err.Error()
				return nil, strings.ToUpper(msg[:1]) + msg[1:]
			}
			v = co.Code
		}
		if v != "" {
			args = append(args, v)
		}
	}
	return args, ""
}

// channel finds a channel in the state, or asks Discord; nil when neither
// knows it.
func (b *Bot) channel(ctx context.Context, s *discordgo.Session, id string) *discordgo.Channel {
	if s.State != nil {
		if ch, err := s.State.Channel(id); err == nil {
			return ch
		}
	}
	var ch *discordgo.Channel
	err := b.call(ctx, "get channel", func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = s.Channel(id, opts...)
		return err
	})
	if err != nil {
		b.log.Warn("cannot look up channel", "channel", id, "err", err)
		return nil
	}
	return ch
}

// replyNow answers an interaction at once with m.
func (b *Bot) replyNow(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, m bot.Message, ephemeral bool) {
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	msgs := Render(m)
	if len(msgs) == 0 {
		msgs = Render(bot.Text("Done."))
	}
	err := b.call(ctx, "reply", func(opts ...discordgo.RequestOption) error {
		return s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Embeds: msgs[0].Embeds, Flags: flags,
				AllowedMentions: noMentions()},
		}, opts...)
	})
	if err != nil {
		b.log.Warn("cannot reply to interaction", "err", err)
		return
	}
	b.followUps(ctx, s, i, msgs[1:], flags)
}

// replyDeferred replaces the "thinking…" of a deferred reply with the
// first message of m and sends the rest as follow-ups.
func (b *Bot) replyDeferred(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, m bot.Message, flags discordgo.MessageFlags) {
	msgs := Render(m)
	if len(msgs) == 0 {
		msgs = Render(bot.Text("Done."))
	}
	if m.Private && flags&discordgo.MessageFlagsEphemeral == 0 {
		// The deferral was public, the answer is not: drop the public
		// "thinking…" message and answer the caller alone.
		err := b.call(ctx, "delete reply", func(opts ...discordgo.RequestOption) error {
			return s.InteractionResponseDelete(i, opts...)
		})
		if err != nil {
			b.log.Warn("cannot delete interaction reply", "err", err)
		}
		b.followUps(ctx, s, i, msgs, discordgo.MessageFlagsEphemeral)
		return
	}
	embeds := msgs[0].Embeds
	err := b.call(ctx, "edit reply", func(opts ...discordgo.RequestOption) error {
		_, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Embeds: &embeds,
			AllowedMentions: noMentions()}, opts...)
		return err
	})
	if err != nil {
		b.log.Warn("cannot edit interaction reply", "err", err)
		return
	}
	b.followUps(ctx, s, i, msgs[1:], flags)
}

func (b *Bot) followUps(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, msgs []*discordgo.MessageSend, flags discordgo.MessageFlags) {
	for n, msg := range msgs {
		err := b.call(ctx, "follow-up", func(opts ...discordgo.RequestOption) error {
			_, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Embeds: msg.Embeds, Flags: flags,
				AllowedMentions: noMentions()}, opts...)
			return err
		})
		if err != nil {
			b.log.Warn("cannot send follow-up", "part", n+2, "parts", len(msgs)+1, "err", err)
			return
		}
	}
}

// autocomplete offers up to 25 countries matching what was typed, by code,
// name or alias, ignoring accents. For a list of countries the last word
// is completed and the words before it are kept.
func (b *Bot) autocomplete(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	spec, _ := bot.Lookup(data.Name)
	var focused *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range data.Options {
		if o.Focused {
			focused = o
		}
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if focused != nil && focused.Type == discordgo.ApplicationCommandOptionString {
		kind := bot.ParamText
		for _, p := range spec.Params {
			if p.Name == focused.Name {
				kind = p.Kind
			}
		}
		choices = b.countryChoices(focused.StringValue(), kind == bot.ParamCountries)
		if worldCommands[data.Name] && (kind == bot.ParamCountry || kind == bot.ParamCountries) {
			choices = withWorld(choices, focused.StringValue(), kind == bot.ParamCountries)
		}
	}
	err := b.call(ctx, "autocomplete", func(opts ...discordgo.RequestOption) error {
		return s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices},
		}, opts...)
	})
	if err != nil {
		b.log.Warn("cannot answer autocomplete", "err", err)
	}
}

// lastWord splits what was typed into the words kept (with a trailing
// space) and the word being typed, when the option takes many countries.
func lastWord(typed string, many bool) (prefix, query string) {
	query = strings.TrimSpace(typed)
	if many {
		if k := strings.LastIndexAny(query, " ,"); k >= 0 {
			prefix, query = strings.TrimSpace(query[:k+1])+" ", query[k+1:]
			if prefix == " " {
				prefix = ""
			}
		}
	}
	return prefix, query
}

// worldCommands take the world edition where they take a country.
var worldCommands = map[string]bool{"digest": true, "subscribe": true, "unsubscribe": true, "filter": true}

// withWorld offers the world edition first when the word being typed is
// the start of "world" (two letters at least).
func withWorld(choices []*discordgo.ApplicationCommandOptionChoice, typed string, many bool) []*discordgo.ApplicationCommandOptionChoice {
	prefix, query := lastWord(typed, many)
	if len(query) < 2 || !strings.HasPrefix(digest.WorldCode, strings.ToLower(query)) || len(prefix)+len(digest.WorldCode) > 100 {
		return choices
	}
	w := &discordgo.ApplicationCommandOptionChoice{Name: "The world edition (world)", Value: prefix + digest.WorldCode}
	out := append([]*discordgo.ApplicationCommandOptionChoice{w}, choices...)
	return out[:min(len(out), maxChoices)]
}

// countryChoices lists the countries matching typed; with many, only its
// last word is matched and the words before it kept in each value.
func (b *Bot) countryChoices(typed string, many bool) []*discordgo.ApplicationCommandOptionChoice {
	prefix, query := lastWord(typed, many)
	out := []*discordgo.ApplicationCommandOptionChoice{}
	if many && prefix == "" && strings.EqualFold(query, "all") {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: "all", Value: "all"})
	}
	for _, co := range b.catalog().Search(query) {
		if len(out) == maxChoices {
			break
		}
		value := prefix + co.Code
		if len(value) > 100 {
			break
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{
			Name: limit(fmt.Sprintf("%s (%s)", co.Name, co.Code), 100), Value: value})
	}
	return out
}
