package telegram

import (
	"context"
	"fmt"
	"strconv"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/bot"
)

// Buttons under replies: the "More" button of a long list, 👍/👎 under
// answers with their tallies, and moderators' one-step fixes. A press of a
// command button is answered like the command typed; a press of a
// feedback button goes to the engine, which counts the vote, and the
// keyboard is edited to show the new tally.

// ReplyKeyboard is the inline keyboard under a reply: the More button,
// then the reply's rows of buttons. Buttons whose data would not fit
// Telegram's 64 bytes are left out (the text says the same in commands).
// It is nil when there is no button at all.
func ReplyKeyboard(r bot.Reply) *models.InlineKeyboardMarkup {
	var rows [][]models.InlineKeyboardButton
	if more := MoreKeyboard(r); more != nil {
		rows = append(rows, more.InlineKeyboard...)
	}
	for _, row := range r.Buttons {
		if kb := keyboardRow(row); len(kb) > 0 {
			rows = append(rows, kb)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func keyboardRow(row []bot.Button) []models.InlineKeyboardButton {
	var out []models.InlineKeyboardButton
	for _, b := range row {
		if b.Label != "" && b.Data != "" && len(b.Data) <= maxCallbackData {
			out = append(out, models.InlineKeyboardButton{Text: b.Label, CallbackData: b.Data})
		}
	}
	return out
}

// FeedbackKeyboard is the keyboard of a message after a feedback press:
// its rows of feedback buttons give way to the answer's new tally and,
// after a new 👎, the reasons to pick from; its other rows stay.
func FeedbackKeyboard(current *models.InlineKeyboardMarkup, res bot.FeedbackResult) *models.InlineKeyboardMarkup {
	var rows [][]models.InlineKeyboardButton
	placed := false
	put := func() {
		if placed {
			return
		}
		placed = true
		for _, row := range [][]bot.Button{res.Votes, res.Reasons} {
			if kb := keyboardRow(row); len(kb) > 0 {
				rows = append(rows, kb)
			}
		}
	}
	if current != nil {
		for _, row := range current.InlineKeyboard {
			if len(row) > 0 && bot.IsFeedbackData(row[0].CallbackData) {
				put()
				continue
			}
			rows = append(rows, row)
		}
	}
	put()
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// PressFromCallback turns the press of a button that carries no command
// into a press for the engine's feedback; false for presses from bots or
// from nobody.
func PressFromCallback(q *models.CallbackQuery) (bot.Press, bool) {
	if q == nil || q.ID == "" || q.From.ID == 0 || q.From.IsBot {
		return bot.Press{}, false
	}
	return bot.Press{Platform: bot.Telegram, UserID: strconv.FormatInt(q.From.ID, 10), Data: q.Data}, true
}

// answerFeedback records a feedback press, tells the presser what it did
// (or why it was refused) and shows the new tally on the message.
func (a *Adapter) answerFeedback(ctx context.Context, q *models.CallbackQuery, p bot.Press) {
	m := q.Message.Message
	if m != nil {
		// Votes on one message are counted and shown one at a time, so
		// that its buttons end with the latest tally.
		defer a.votes.Lock(strconv.FormatInt(m.Chat.ID, 10) + ":" + strconv.Itoa(m.ID))()
	}
	res := a.engine.Feedback(ctx, p)
	a.answerButton(ctx, q, res.Text)
	if res.Votes == nil || m == nil || m.Chat.ID == 0 {
		return
	}
	_ = a.call(ctx, "editMessageReplyMarkup", m.Chat.ID, func(ctx context.Context) error {
		_, err := a.api.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{
			ChatID: m.Chat.ID, MessageID: m.ID, ReplyMarkup: FeedbackKeyboard(m.ReplyMarkup, res),
		})
		return err
	})
}

// Post sends a reply, buttons included, to a chat: the moderators' chat
// gets its digest this way. Long replies are split like answers.
func (a *Adapter) Post(ctx context.Context, chatID string, r bot.Reply) error {
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return fmt.Errorf("telegram: chat %q is not a chat id", chatID)
	}
	keyboard := ReplyKeyboard(r)
	parts := SplitMessage(RenderHTML(r), MaxMessageLength)
	for i, part := range parts {
		params := &tgbot.SendMessageParams{
			ChatID:             id,
			Text:               part,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		}
		if keyboard != nil && i == len(parts)-1 {
			params.ReplyMarkup = keyboard
		}
		if err := a.call(ctx, "sendMessage", id, func(ctx context.Context) error {
			_, err := a.api.SendMessage(ctx, params)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}
