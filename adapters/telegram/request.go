package telegram

import (
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/bot"
)

// RequestFromUpdate turns a Telegram update into a request for the engine,
// or reports false when the update is not addressed to the bot.
//
// In a private chat every text message is addressed to the bot. In a group
// a message is addressed to it when it is a command, bare ("/exports") or
// for this bot ("/exports@PakBot"), when it mentions @PakBot, or when it
// replies to one of the bot's messages. A command for another bot
// ("/exports@OtherBot") is never ours. The "@PakBot" suffix or mention is
// removed from the text; everything else the user wrote, including " | "
// argument separators, is passed through as is.
//
// Updates other than new text messages from people (edits, channel posts,
// messages from bots, photos) are ignored.
func RequestFromUpdate(u *models.Update, botUsername string) (bot.Request, bool) {
	if u == nil || u.Message == nil {
		return bot.Request{}, false
	}
	m := u.Message
	if m.From == nil || m.From.IsBot || strings.TrimSpace(m.Text) == "" {
		return bot.Request{}, false
	}
	var addressed bool
	switch m.Chat.Type {
	case models.ChatTypePrivate:
		addressed = true
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
	default:
		return bot.Request{}, false
	}

	text := m.Text
	if cmd, rest, ok := cutCommand(text); ok {
		name, target, hasTarget := strings.Cut(cmd, "@")
		if hasTarget {
			if botUsername == "" || !asciiEqualFold(target, botUsername) {
				return bot.Request{}, false
			}
			text = name + rest
		}
		addressed = true
	} else if stripped, ok := stripMention(text, botUsername); ok {
		text, addressed = stripped, true
	} else if isReplyTo(m.ReplyToMessage, botUsername) {
		addressed = true
	}
	if !addressed {
		return bot.Request{}, false
	}

	req := bot.Request{
		Platform: bot.Telegram,
		ChatID:   strconv.FormatInt(m.Chat.ID, 10),
		UserID:   strconv.FormatInt(m.From.ID, 10),
		UserName: displayName(m.From),
		Text:     text,
	}
	if m.Date > 0 {
		req.At = time.Unix(int64(m.Date), 0).UTC()
	}
	return req, true
}

// RequestFromCallback turns the press of one of the bot's buttons (a
// "More" button under a topic list) into the request the button stands
// for, and returns the message it was under, which the answer replies to.
// It reports false for presses that carry no command or come from no chat
// the bot can write to. The data is the command the bot put there, but a
// client can send any: it is taken as if the user had typed it.
func RequestFromCallback(q *models.CallbackQuery) (bot.Request, *models.Message, bool) {
	if q == nil || q.From.ID == 0 || q.From.IsBot || !strings.HasPrefix(q.Data, "/") {
		return bot.Request{}, nil, false
	}
	var m *models.Message
	switch {
	case q.Message.Message != nil:
		m = q.Message.Message
	case q.Message.InaccessibleMessage != nil:
		im := q.Message.InaccessibleMessage
		m = &models.Message{ID: im.MessageID, Chat: im.Chat}
	}
	if m == nil || m.Chat.ID == 0 {
		return bot.Request{}, nil, false
	}
	return bot.Request{
		Platform: bot.Telegram,
		ChatID:   strconv.FormatInt(m.Chat.ID, 10),
		UserID:   strconv.FormatInt(q.From.ID, 10),
		UserName: displayName(&q.From),
		Text:     bot.CleanText(q.Data),
	}, m, true
}

// InlineRequest turns an inline query ("@PakBot broadband") into a request
// for the engine, or reports false when the query is still empty.
func InlineRequest(q *models.InlineQuery) (bot.Request, bool) {
	if q == nil || q.From == nil || q.From.IsBot {
		return bot.Request{}, false
	}
	text := bot.CleanText(q.Query)
	if text == "" {
		return bot.Request{}, false
	}
	return bot.Request{
		Platform: bot.Telegram,
		ChatID:   "inline",
		UserID:   strconv.FormatInt(q.From.ID, 10),
		UserName: displayName(q.From),
		Text:     text,
	}, true
}

// cutCommand splits text that starts with a Telegram command
// ("/name" or "/name@bot", name of letters, digits and underscores) into the
// command and the rest of the text, starting with the separating space.
func cutCommand(text string) (cmd, rest string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	end := strings.IndexAny(text, " \t\n\r")
	if end < 0 {
		end = len(text)
	}
	cmd, rest = text[:end], text[end:]
	name, target, hasTarget := strings.Cut(cmd[1:], "@")
	if !validCommandName(name, false) || (hasTarget && !validUsername(target)) {
		return "", "", false
	}
	return cmd, rest, true
}

// validCommandName reports whether name fits Telegram's command syntax;
// menu entries must also be lowercase.
func validCommandName(name string, menu bool) bool {
	if name == "" || len(name) > 32 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isUsernameByte(c) || (menu && c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func validUsername(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isUsernameByte(s[i]) {
			return false
		}
	}
	return true
}

// stripMention removes every "@username" mention of the bot from text,
// matching the username case-insensitively and only as a whole word.
func stripMention(text, username string) (string, bool) {
	if username == "" {
		return text, false
	}
	mention := "@" + username
	var b strings.Builder
	found := false
	for i := 0; i < len(text); {
		if end := i + len(mention); end <= len(text) && asciiEqualFold(text[i:end], mention) &&
			(i == 0 || !isUsernameByte(text[i-1])) && (end == len(text) || !isUsernameByte(text[end])) {
			found = true
			b.WriteByte(' ')
			i += len(mention)
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	if !found {
		return text, false
	}
	return strings.Join(strings.Fields(b.String()), " "), true
}

// asciiEqualFold compares byte strings ignoring ASCII case only, as
// Telegram does for usernames.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 'A' && x <= 'Z' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func isReplyTo(m *models.Message, username string) bool {
	return m != nil && m.From != nil && m.From.IsBot && username != "" && asciiEqualFold(m.From.Username, username)
}

func displayName(u *models.User) string {
	if name := strings.TrimSpace(u.FirstName + " " + u.LastName); name != "" {
		return name
	}
	return u.Username
}
