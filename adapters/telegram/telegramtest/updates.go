package telegramtest

import (
	"strings"

	"github.com/go-telegram/bot/models"
)

// PrivateChat is the private chat between user and the bot; Telegram gives
// it the user's id.
func PrivateChat(user models.User) models.Chat {
	return models.Chat{ID: user.ID, Type: models.ChatTypePrivate, FirstName: user.FirstName, Username: user.Username}
}

// Supergroup is a group chat; group ids are negative.
func Supergroup(id int64, title string) models.Chat {
	return models.Chat{ID: id, Type: models.ChatTypeSupergroup, Title: title}
}

// TextUpdate is an update with a new text message, marked up with the
// bot_command and mention entities Telegram would add. Update and message
// ids are filled in by PushUpdate.
func TextUpdate(chat models.Chat, from models.User, text string) models.Update {
	m := &models.Message{From: &from, Chat: chat, Text: text}
	if strings.HasPrefix(text, "/") {
		end := strings.IndexAny(text, " \n")
		if end < 0 {
			end = len(text)
		}
		m.Entities = append(m.Entities, models.MessageEntity{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: Length(text[:end])})
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || (i > 0 && isUsernameByte(text[i-1])) {
			continue
		}
		j := i + 1
		for j < len(text) && isUsernameByte(text[j]) {
			j++
		}
		if j > i+1 {
			m.Entities = append(m.Entities, models.MessageEntity{Type: models.MessageEntityTypeMention, Offset: Length(text[:i]), Length: Length(text[i:j])})
		}
	}
	return models.Update{Message: m}
}

// ReplyUpdate is TextUpdate replying to an earlier message.
func ReplyUpdate(to *models.Message, from models.User, text string) models.Update {
	u := TextUpdate(to.Chat, from, text)
	u.Message.ReplyToMessage = to
	return u
}

// InlineUpdate is an inline query, as sent while a user types
// "@PakBot query" in any chat.
func InlineUpdate(id string, from models.User, query string) models.Update {
	return models.Update{InlineQuery: &models.InlineQuery{ID: id, From: &from, Query: query, ChatType: "sender"}}
}

// CallbackUpdate is the press of an inline keyboard button carrying data
// under message m, sent by from.
func CallbackUpdate(id string, from models.User, m *models.Message, data string) models.Update {
	return models.Update{CallbackQuery: &models.CallbackQuery{ID: id, From: from, ChatInstance: "1",
		Message: models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: m}, Data: data}}
}
