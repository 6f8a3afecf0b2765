package telegram

import (
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/bot"
)

// Limits Telegram puts on setMyCommands.
const (
	maxMenuCommands       = 100
	maxCommandDescription = 256
)

// MenuCommands builds the command menu Telegram shows from the engine's
// commands, in their order. Names Telegram would reject (anything but
// lowercase a-z, 0-9 and underscore, or longer than 32 characters) and
// repeats are left out, as is everything past the 100th command, so one odd
// topic name cannot make the whole menu fail. Moderator commands are listed
// only when withModerator is set, for the administrators' menu.
func MenuCommands(cmds []bot.CommandInfo, withModerator bool) []models.BotCommand {
	var menu []models.BotCommand
	seen := map[string]bool{}
	for _, c := range cmds {
		if len(menu) == maxMenuCommands {
			break
		}
		if !validCommandName(c.Name, true) || seen[c.Name] || (c.Moderator && !withModerator) {
			continue
		}
		seen[c.Name] = true
		desc := strings.Join(strings.Fields(c.Description), " ")
		if desc == "" {
			desc = "/" + c.Name
		}
		menu = append(menu, models.BotCommand{Command: c.Name, Description: truncateRunes(desc, maxCommandDescription)})
	}
	return menu
}

// truncateRunes shortens s to at most n runes, ending with "…" when cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
