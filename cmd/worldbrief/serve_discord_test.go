package main

import "testing"

// Processes configured for different shards hold different leases, so
// each can run its shard; processes left to Discord's recommendation
// share one lease, so only one of them opens the sessions.
func TestDiscordLeasePerShard(t *testing.T) {
	if discordLease(0, 0) != discordLease(0, 0) || discordLease(0, 2) == discordLease(1, 2) || discordLease(0, 0) == discordLease(0, 1) {
		t.Fatalf("lease names: %q %q %q %q", discordLease(0, 0), discordLease(0, 2), discordLease(1, 2), discordLease(0, 1))
	}
}
