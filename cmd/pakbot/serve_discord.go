package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/pakbot/pakbot/adapters/discord"
	"github.com/pakbot/pakbot/bot"
)

func init() {
	platforms = append(platforms, platform{
		Name:     "discord",
		TokenEnv: "DISCORD_BOT_TOKEN",
		AddFlags: discordFlags,
	})
}

// discordFlags registers --discord-guild and --discord-moderator-roles and
// builds the Discord adapter once they are parsed. DISCORD_API_URL points
// REST (and so gateway discovery) at a proxy in front of Discord.
func discordFlags(m *Main, fs *flag.FlagSet) buildRunner {
	guild := fs.String("discord-guild", "", "register Discord commands in the guild with this `id` only, where they appear at once (default: globally)")
	roles := fs.String("discord-moderator-roles", m.Getenv("DISCORD_MODERATOR_ROLES"),
		"comma-separated Discord role `ids` whose members are moderators besides those with Manage Messages ($DISCORD_MODERATOR_ROLES)")
	return func(_ context.Context, token string, engine *bot.Engine, ready func()) (func(context.Context) error, error) {
		if g := strings.TrimSpace(*guild); g != "" {
			if _, err := strconv.ParseUint(g, 10, 64); err != nil {
				return nil, fmt.Errorf("--discord-guild %q is not a guild id", g)
			}
		}
		ids, err := discord.ParseRoleIDs(*roles)
		if err != nil {
			return nil, err
		}
		opts := []discord.Option{
			discord.WithLogger(m.Logger),
			discord.WithGuild(strings.TrimSpace(*guild)),
			discord.WithModeratorRoles(ids),
			discord.WithOnReady(ready),
		}
		if u := strings.TrimSpace(m.Getenv("DISCORD_API_URL")); u != "" {
			opts = append(opts, discord.WithAPIURL(u))
		}
		// discordgo has one logger for the whole process; pakbot runs one
		// Discord session, so routing it here, before the session starts,
		// is safe.
		discord.RouteLibraryLogs(m.Logger, token)
		a, err := discord.New(token, engine, opts...)
		if err != nil {
			return nil, err
		}
		engine.SetNotifier(bot.Discord, a)
		if channel := strings.TrimSpace(m.Getenv("DISCORD_MODERATOR_CHANNEL")); channel != "" {
			if _, err := strconv.ParseUint(channel, 10, 64); err != nil {
				return nil, fmt.Errorf("DISCORD_MODERATOR_CHANNEL %q is not a channel id", channel)
			}
			m.digests = append(m.digests, bot.DigestTarget{Platform: bot.Discord, ChatID: channel, Poster: a})
		}
		return a.Run, nil
	}
}
