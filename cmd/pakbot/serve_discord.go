package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/pakbot/pakbot/adapters/discord"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/chart"
)

func init() {
	platforms = append(platforms, platform{
		Name:     "discord",
		TokenEnv: "DISCORD_BOT_TOKEN",
		AddFlags: discordFlags,
	})
}

// discordFlags registers --discord-guild, --discord-moderator-roles and
// --discord-shard and builds the Discord adapter once they are parsed.
// DISCORD_API_URL points REST (and so gateway discovery) at a proxy in
// front of Discord.
func discordFlags(m *Main, fs *flag.FlagSet) buildService {
	guild := fs.String("discord-guild", "", "register Discord commands in the guild with this `id` only, where they appear at once (default: globally)")
	roles := fs.String("discord-moderator-roles", m.Getenv("DISCORD_MODERATOR_ROLES"),
		"comma-separated Discord role `ids` whose members are moderators besides those with Manage Messages ($DISCORD_MODERATOR_ROLES)")
	shard := fs.String("discord-shard", m.Getenv("DISCORD_SHARD"),
		"run as Discord shard `ID/COUNT`, such as 0/2 and 1/2 for a bot split over two processes; shard 0 registers the commands ($DISCORD_SHARD)")
	return func(_ context.Context, token string, env serveEnv) (service, error) {
		if g := strings.TrimSpace(*guild); g != "" {
			if _, err := strconv.ParseUint(g, 10, 64); err != nil {
				return service{}, fmt.Errorf("--discord-guild %q is not a guild id", g)
			}
		}
		ids, err := discord.ParseRoleIDs(*roles)
		if err != nil {
			return service{}, err
		}
		shardID, shardCount, err := discord.ParseShard(*shard)
		if err != nil {
			return service{}, fmt.Errorf("--discord-shard: %w", err)
		}
		opts := []discord.Option{
			discord.WithLogger(m.Logger),
			discord.WithGuild(strings.TrimSpace(*guild)),
			discord.WithModeratorRoles(ids),
			discord.WithMetrics(env.metrics),
			discord.WithCharts(chart.PNG),
			discord.WithShard(shardID, shardCount),
			discord.WithOnReady(env.connected),
		}
		if u := strings.TrimSpace(m.Getenv("DISCORD_API_URL")); u != "" {
			opts = append(opts, discord.WithAPIURL(u))
		}
		// discordgo has one logger for the whole process; pakbot runs one
		// Discord session, so routing it here, before the session starts,
		// is safe.
		discord.RouteLibraryLogs(m.Logger, token)
		a, err := discord.New(token, env.engine, opts...)
		if err != nil {
			return service{}, err
		}
		env.engine.SetNotifier(bot.Discord, a)
		if channel := strings.TrimSpace(m.Getenv("DISCORD_MODERATOR_CHANNEL")); channel != "" {
			if _, err := strconv.ParseUint(channel, 10, 64); err != nil {
				return service{}, fmt.Errorf("DISCORD_MODERATOR_CHANNEL %q is not a channel id", channel)
			}
			// Every shard can post to the channel, but the digest is the
			// bot's, not a shard's: shard 0 sends it, as it registers the
			// commands, so the moderators get it once.
			if shardID == 0 {
				m.digests = append(m.digests, bot.DigestTarget{Platform: bot.Discord, ChatID: channel, Poster: a})
			} else {
				m.Logger.Info("discord: the moderators' digest is sent by shard 0", "shard", shardID)
			}
		}
		return service{run: a.Run, ready: func(context.Context) error { return a.Ready() }}, nil
	}
}
