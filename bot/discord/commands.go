package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/bot"
)

// ApplicationCommands returns the slash commands generated from the
// core's command table: typed options, autocomplete for countries, and
// Manage Channels as the default permission of commands that change a
// channel's subscriptions.
func ApplicationCommands() []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	dm := true
	manage := int64(discordgo.PermissionManageChannels)
	for _, spec := range bot.Commands() {
		if spec.Greeting { // Discord has no greeting command
			continue
		}
		c := &discordgo.ApplicationCommand{
			Name:         spec.Name,
			Description:  limit(spec.Description, 100),
			DMPermission: &dm,
		}
		if spec.Admin {
			c.DefaultMemberPermissions = &manage
		}
		for _, p := range spec.Params {
			o := &discordgo.ApplicationCommandOption{
				Name:        p.Name,
				Description: limit(p.Description, 100),
				Required:    p.Required,
				Type:        discordgo.ApplicationCommandOptionString,
			}
			switch p.Kind {
			case bot.ParamInt:
				o.Type = discordgo.ApplicationCommandOptionInteger
			case bot.ParamCountry, bot.ParamCountries:
				o.Autocomplete = true
			}
			c.Options = append(c.Options, o)
		}
		out = append(out, c)
	}
	return out
}

// RegisterCommands replaces the application's slash commands with
// ApplicationCommands, in Options.GuildID when set, globally otherwise.
func (b *Bot) RegisterCommands(ctx context.Context, appID string) error {
	s, err := b.rest()
	if err != nil {
		return err
	}
	cmds := ApplicationCommands()
	err = b.call(ctx, "register commands", func(opts ...discordgo.RequestOption) error {
		_, err := s.ApplicationCommandBulkOverwrite(appID, b.opts.GuildID, cmds, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("registering %d commands: %w", len(cmds), err)
	}
	b.log.Info("slash commands registered", "commands", len(cmds), "guild", b.opts.GuildID)
	return nil
}

// limit cuts s to n characters, with an ellipsis.
func limit(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
