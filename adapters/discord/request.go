package discord

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
)

// RequestFromInteraction translates a slash command into an engine request.
// Option values are put in the order of the command's parameters as listed
// in cmds, named where the parameter is (bot.Param.Named), and joined with
// bot.CommandText, so the engine reads a typed Discord command exactly like
// its text form. A command missing from cmds
// (a registration from an older release) keeps the order Discord sent. It
// returns false for anything that is not a chat command (autocomplete,
// buttons, pings).
func RequestFromInteraction(ic *discordgo.InteractionCreate, cmds []bot.CommandInfo, moderatorRoles []string) (bot.Request, bool) {
	if ic == nil || ic.Interaction == nil || ic.Type != discordgo.InteractionApplicationCommand {
		return bot.Request{}, false
	}
	data, ok := ic.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Name == "" || (data.CommandType != 0 && data.CommandType != discordgo.ChatApplicationCommand) {
		return bot.Request{}, false
	}
	values := map[string]string{}
	var order []string
	for _, o := range data.Options {
		if o == nil {
			continue
		}
		values[o.Name] = optionText(o.Value)
		order = append(order, o.Name)
	}
	named := map[string]bool{}
	if c, ok := findCommand(cmds, data.Name); ok {
		order = order[:0]
		for _, p := range c.Params {
			order = append(order, p.Name)
			named[p.Name] = p.Named
		}
	}
	args := make([]string, len(order))
	for i, name := range order {
		args[i] = values[name]
		if len(order) > 1 {
			// "|" separates parameters in the text form (the engine splits
			// on it, spaced or not); inside one value it would shift every
			// later parameter.
			args[i] = strings.ReplaceAll(args[i], "|", "/")
		}
		if named[name] && strings.TrimSpace(args[i]) != "" {
			args[i] = name + ": " + args[i]
		}
	}
	user := interactionUser(ic.Interaction)
	req := bot.Request{
		Platform:  bot.Discord,
		ChatID:    ic.ChannelID,
		UserID:    user.ID,
		UserName:  displayName(ic.Member, user),
		Text:      bot.CommandText(data.Name, args...),
		Moderator: IsModerator(ic.Member, moderatorRoles),
	}
	if at, err := discordgo.SnowflakeTimestamp(ic.ID); err == nil {
		req.At = at
	}
	return req, true
}

// RequestFromComponent translates the press of one of the bot's buttons
// into the request it stands for: its custom_id is the command ("/5g 2",
// see MoreButton). It returns false for other interactions and for
// components that carry no command. A client can send any custom_id, so
// it is taken as if the user had typed it.
func RequestFromComponent(ic *discordgo.InteractionCreate, moderatorRoles []string) (bot.Request, bool) {
	if ic == nil || ic.Interaction == nil || ic.Type != discordgo.InteractionMessageComponent {
		return bot.Request{}, false
	}
	data, ok := ic.Data.(discordgo.MessageComponentInteractionData)
	if !ok || data.ComponentType != discordgo.ButtonComponent || !strings.HasPrefix(data.CustomID, "/") {
		return bot.Request{}, false
	}
	user := interactionUser(ic.Interaction)
	req := bot.Request{
		Platform:  bot.Discord,
		ChatID:    ic.ChannelID,
		UserID:    user.ID,
		UserName:  displayName(ic.Member, user),
		Text:      bot.CleanText(data.CustomID),
		Moderator: IsModerator(ic.Member, moderatorRoles),
	}
	if at, err := discordgo.SnowflakeTimestamp(ic.ID); err == nil {
		req.At = at
	}
	return req, true
}

// RequestFromMention translates a channel message that mentions the bot
// into a question. It returns false for messages the bot must ignore: its
// own, other bots' (so two bots cannot talk each other into a loop), and
// messages that do not mention it.
func RequestFromMention(m *discordgo.MessageCreate, botUserID string, moderatorRoles []string) (bot.Request, bool) {
	if m == nil || m.Message == nil || m.Author == nil || botUserID == "" || m.Author.Bot || m.Author.ID == botUserID {
		return bot.Request{}, false
	}
	if !slices.ContainsFunc(m.Mentions, func(u *discordgo.User) bool { return u != nil && u.ID == botUserID }) {
		return bot.Request{}, false
	}
	text := m.Content
	for _, tag := range []string{"<@" + botUserID + ">", "<@!" + botUserID + ">"} {
		text = strings.ReplaceAll(text, tag, " ")
	}
	req := bot.Request{
		Platform:  bot.Discord,
		ChatID:    m.ChannelID,
		UserID:    m.Author.ID,
		UserName:  displayName(m.Member, m.Author),
		Text:      bot.CleanText(text),
		Moderator: IsModerator(m.Member, moderatorRoles),
	}
	if !m.Timestamp.IsZero() {
		req.At = m.Timestamp
	}
	return req, true
}

// IsModerator reports whether a guild member may curate facts: members
// with Manage Messages (or Administrator) in the channel, as Discord
// computes in an interaction's member.permissions, and members holding one
// of moderatorRoles. Users outside a guild (direct messages) never are.
func IsModerator(member *discordgo.Member, moderatorRoles []string) bool {
	if member == nil {
		return false
	}
	if member.Permissions&(discordgo.PermissionManageMessages|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	for _, r := range member.Roles {
		if slices.Contains(moderatorRoles, r) {
			return true
		}
	}
	return false
}

// ParseRoleIDs reads a comma-separated list of role ids, as given in
// --discord-moderator-roles, ignoring blanks.
func ParseRoleIDs(s string) ([]string, error) {
	var ids []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, err := strconv.ParseUint(f, 10, 64); err != nil {
			return nil, fmt.Errorf("Discord role id %q is not a number", f)
		}
		ids = append(ids, f)
	}
	return ids, nil
}

// Focus is the option a user is typing into when Discord asks for
// autocompletion.
type Focus struct {
	Command string
	Option  string
	// Partial is what the user has typed so far.
	Partial string
}

// FocusFromInteraction returns the focused option of an autocomplete
// interaction, or false for any other interaction.
func FocusFromInteraction(ic *discordgo.InteractionCreate) (Focus, bool) {
	if ic == nil || ic.Interaction == nil || ic.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return Focus{}, false
	}
	data, ok := ic.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return Focus{}, false
	}
	for _, o := range data.Options {
		if o != nil && o.Focused {
			return Focus{Command: data.Name, Option: o.Name, Partial: optionText(o.Value)}, true
		}
	}
	return Focus{}, false
}

// optionText is an option value in the engine's text form. Discord sends
// integers as JSON numbers, which decode as float64.
func optionText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func findCommand(cmds []bot.CommandInfo, name string) (bot.CommandInfo, bool) {
	for _, c := range cmds {
		if c.Name == name {
			return c, true
		}
	}
	return bot.CommandInfo{}, false
}

// interactionUser is who ran an interaction: the member's user in a guild,
// the user in a direct message.
func interactionUser(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	if i.User != nil {
		return i.User
	}
	return &discordgo.User{}
}

// displayName prefers the guild nickname, then the global display name,
// then the username.
func displayName(m *discordgo.Member, u *discordgo.User) string {
	switch {
	case m != nil && m.Nick != "":
		return m.Nick
	case u == nil:
		return ""
	case u.GlobalName != "":
		return u.GlobalName
	}
	return u.Username
}
