package main

import (
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/discord"
)

// discordBot returns the Discord adapter when discord.token is set, nil
// otherwise. It is also the bot.Messenger of Discord deliveries.
func (a *app) discordBot(core *bot.Core) *discord.Bot {
	d := a.cfg.Discord
	if d.Token == "" {
		return nil
	}
	return discord.New(core, a.store, discord.Options{
		Token: d.Token, GuildID: d.GuildID, ShardID: d.ShardID, ShardCount: d.ShardCount, Log: a.log,
	})
}
