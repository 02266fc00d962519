package main

import (
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/discord"
	"github.com/worldbrief/worldbrief/bot/pace"
)

// discordBot returns the Discord adapter when discord.token is set, nil
// otherwise. It is also the bot.Messenger of Discord deliveries; its
// rate-limit waits are told to obs (nil: to no one).
func (a *app) discordBot(core *bot.Core, obs pace.RateObserver) *discord.Bot {
	d := a.cfg.Discord
	if d.Token == "" {
		return nil
	}
	return discord.New(core, a.store, discord.Options{
		Token: d.Token, GuildID: d.GuildID, ShardID: d.ShardID, ShardCount: d.ShardCount, Log: a.log,
		GlobalInterval:  time.Duration(float64(time.Second) / a.cfg.Delivery.DiscordRate),
		ChannelInterval: a.cfg.Delivery.DiscordChannelInterval,
		Slots:           a.sharedSlots(),
		RateObserver:    obs,
	})
}

// discordLease names the lease a process holds while it runs Discord
// gateway sessions: one per configured shard, or one for all shards when
// Discord's recommendation decides them (shard_count 0).
func discordLease(shardID, shardCount int) string {
	if shardCount == 0 {
		return "discord-gateway"
	}
	return fmt.Sprintf("discord-shard-%d-of-%d", shardID, shardCount)
}
