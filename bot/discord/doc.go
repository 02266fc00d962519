// Package discord is the Discord adapter of the chat core: slash commands
// generated from bot.Commands, interactions answered through bot.Core,
// messages and digests rendered as embeds within Discord's limits, and
// bot.Messenger for deliveries. It is the only package importing
// discordgo.
package discord
