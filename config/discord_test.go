package config

import (
	"strings"
	"testing"
)

func TestValidateDiscordShardsAndGuild(t *testing.T) {
	for _, tc := range []struct {
		d    Discord
		want string
	}{
		{Discord{}, ""},
		{Discord{ShardID: 3, ShardCount: 4, GuildID: "123456789012345678"}, ""},
		{Discord{ShardID: 4, ShardCount: 4}, "discord.shard_id"},
		{Discord{ShardCount: -1}, "discord.shard_count: -1 cannot be negative"},
		{Discord{GuildID: "my server"}, "discord.guild_id"},
	} {
		c := Default()
		c.Discord = tc.d
		err := c.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.d, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%+v: err = %v, want one about %s", tc.d, err, tc.want)
		}
	}
}
