package discord

import (
	"regexp"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
)

// Discord's limits on application commands.
const (
	// MaxCommands is how many chat commands an application may register in
	// one scope (globally, or in one guild).
	MaxCommands = 100
	// maxOptions is how many options one command may have.
	maxOptions = 25
	// maxCommandDescription is the longest command or option description.
	maxCommandDescription = 100
	// MaxChoices is how many autocomplete choices Discord shows.
	MaxChoices = 25
	// maxChoiceLength is the longest choice name or string value.
	maxChoiceLength = 100
)

// commandName is what Discord accepts as a chat command or option name,
// narrowed to the ASCII our topics use.
var commandName = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)

// ValidCommandName reports whether Discord accepts name for a slash command
// or option.
func ValidCommandName(name string) bool { return commandName.MatchString(name) }

// ApplicationCommands turns the engine's command list into the payload of
// one bulk overwrite. Names Discord would reject are left out, descriptions
// are cut to 100 characters, and the 100-command limit is met by keeping
// every built-in and moderator command and filling the rest with topics in
// the engine's order. Moderator commands are hidden by default from members
// without Manage Messages and are not offered in direct messages.
func ApplicationCommands(cmds []bot.CommandInfo) []*discordgo.ApplicationCommand {
	var fixed, topics []*discordgo.ApplicationCommand
	seen := map[string]bool{}
	for _, c := range cmds {
		if !ValidCommandName(c.Name) || seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		ac := &discordgo.ApplicationCommand{
			Type:        discordgo.ChatApplicationCommand,
			Name:        c.Name,
			Description: commandDescription(c.Description, c.Name),
			Options:     commandOptions(c),
		}
		if c.Moderator {
			perm := int64(discordgo.PermissionManageMessages)
			ac.DefaultMemberPermissions = &perm
			ac.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
		}
		if c.Topic {
			topics = append(topics, ac)
		} else {
			fixed = append(fixed, ac)
		}
	}
	fixed = fixed[:min(len(fixed), MaxCommands)]
	room := MaxCommands - len(fixed)
	return append(fixed, topics[:min(len(topics), room)]...)
}

// commandOptions turns a command's parameters into typed options. Discord
// wants required options before optional ones; the values are put back in
// parameter order when the interaction arrives (see RequestFromInteraction).
func commandOptions(c bot.CommandInfo) []*discordgo.ApplicationCommandOption {
	var opts []*discordgo.ApplicationCommandOption
	for _, p := range c.Params {
		if !ValidCommandName(p.Name) || len(opts) == maxOptions {
			continue
		}
		o := &discordgo.ApplicationCommandOption{
			Type:         discordgo.ApplicationCommandOptionString,
			Name:         p.Name,
			Description:  commandDescription(p.Description, p.Name),
			Required:     p.Required,
			Autocomplete: p.Topic || completesQuestion(c, p),
		}
		if p.Integer {
			o.Type = discordgo.ApplicationCommandOptionInteger
			o.Autocomplete = false
		}
		if len(p.Choices) > 0 {
			// Discord offers choices as a list, and refuses them together
			// with autocompletion.
			o.Autocomplete = false
			for _, c := range p.Choices[:min(len(p.Choices), MaxChoices)] {
				o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(c, maxChoiceLength), Value: c})
			}
		}
		opts = append(opts, o)
	}
	slices.SortStableFunc(opts, func(a, b *discordgo.ApplicationCommandOption) int {
		switch {
		case a.Required && !b.Required:
			return -1
		case !a.Required && b.Required:
			return 1
		}
		return 0
	})
	return opts
}

// completesQuestion reports whether p is a free-text question, which
// autocompletes with known topics and phrases (Engine.Complete): the only
// parameter of a command everyone may run, as in /ask question.
func completesQuestion(c bot.CommandInfo, p bot.Param) bool {
	return !c.Moderator && !c.Topic && len(c.Params) == 1 && !p.Integer && !p.Topic
}

// commandDescription fits a description into Discord's 1 to 100
// characters, falling back to the name when it is empty.
func commandDescription(desc, name string) string {
	desc = strings.Join(strings.Fields(desc), " ")
	if desc == "" {
		desc = name
	}
	return truncate(desc, maxCommandDescription)
}

// truncate cuts s to at most n characters (counted as Discord does, in
// UTF-16 code units), ending with an ellipsis when it cut.
func truncate(s string, n int) string {
	if discordLen(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		w := runeUnits(r)
		if used+w > n-1 {
			break
		}
		b.WriteRune(r)
		used += w
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

// discordLen counts s the way Discord's length limits do: in UTF-16 code
// units, which is never less than the number of characters.
func discordLen(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

func runeUnits(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
