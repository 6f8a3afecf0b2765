package telegram

import (
	"context"
	"fmt"
	"strconv"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/bot"
)

// Notify tells a user something outside the conversation they are in (the
// outcome of their suggestion) with a message in the chat where they made
// it, in as many parts as Telegram's length limit needs: a rejection quotes
// the moderator's reason, which can be as long as a message.
func (a *Adapter) Notify(ctx context.Context, n bot.Notice) error {
	chatID, err := strconv.ParseInt(n.ChatID, 10, 64)
	if err != nil {
		return fmt.Errorf("telegram: notice for chat %q: not a chat id", n.ChatID)
	}
	for _, part := range SplitMessage(escapeText(n.Text), MaxMessageLength) {
		err := a.call(ctx, "sendMessage", chatID, func(ctx context.Context) error {
			_, err := a.api.SendMessage(ctx, &tgbot.SendMessageParams{
				ChatID:             chatID,
				Text:               part,
				ParseMode:          models.ParseModeHTML,
				LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
			})
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
