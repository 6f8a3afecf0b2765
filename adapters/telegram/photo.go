package telegram

import (
	"bytes"
	"context"
	"net/http"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/bot"
)

// MaxCaptionLength is the longest photo caption Telegram takes, in
// characters after the HTML is parsed.
const MaxCaptionLength = 1024

// sendCharts sends each chart as a photo replying to m, captioned with its
// cited figures; a caption too long for Telegram follows the photo as a
// message instead, and a photo Telegram refuses is sent as its figures.
// The reply's keyboard, if any, goes under the last message sent. It
// reports false, having sent nothing, when a chart cannot be drawn, so the
// caller sends the reply as text.
func (a *Adapter) sendCharts(ctx context.Context, m *models.Message, charts []bot.Chart, keyboard *models.InlineKeyboardMarkup) bool {
	images := make([][]byte, len(charts))
	for i, c := range charts {
		img, err := a.drawChart(c)
		if err != nil {
			a.logger.Error("cannot draw a chart; sending it as text", "series", c.Series, "err", err)
			return false
		}
		images[i] = img
	}
	for i, c := range charts {
		// The keyboard goes under the last message this chart sends.
		var kb *models.InlineKeyboardMarkup
		if i == len(charts)-1 {
			kb = keyboard
		}
		caption := RenderHTML(bot.ChartReply(c))
		long := ""
		if plainLength(caption) > MaxCaptionLength {
			long, caption = caption, "<b>"+escapeText(c.Title+" ("+c.Unit+")")+"</b>"
		}
		err := a.call(ctx, "sendPhoto", m.Chat.ID, func(ctx context.Context) error {
			params := &tgbot.SendPhotoParams{
				ChatID:          m.Chat.ID,
				Photo:           &models.InputFileUpload{Filename: c.Series + ".png", Data: bytes.NewReader(images[i])},
				Caption:         caption,
				ParseMode:       models.ParseModeHTML,
				ReplyParameters: &models.ReplyParameters{MessageID: m.ID, AllowSendingWithoutReply: true},
			}
			if kb != nil && long == "" {
				params.ReplyMarkup = kb
			}
			if m.IsTopicMessage {
				params.MessageThreadID = m.MessageThreadID
			}
			_, err := a.api.SendPhoto(ctx, params)
			return err
		})
		if err != nil {
			// Logged by call. The figures still go out, as text.
			a.sendHTML(ctx, m, RenderHTML(bot.ChartReply(c)), kb)
			continue
		}
		if long != "" {
			a.sendHTML(ctx, m, long, kb)
		}
	}
	return true
}

// plainLength counts the characters Telegram sees in HTML text, in UTF-16
// code units as Telegram counts them: tags do not count and an entity
// counts as one.
func plainLength(html string) int {
	n, inTag, inEntity := 0, false, false
	for _, r := range html {
		switch {
		case inTag:
			inTag = r != '>'
		case r == '<':
			inTag = true
		case inEntity:
			inEntity = r != ';'
		case r == '&':
			inEntity = true
			n++
		case r >= 0x10000:
			n += 2
		default:
			n++
		}
	}
	return n
}

// throttleCounter counts the Bot API's 429 answers, whatever the call.
type throttleCounter struct {
	next    http.RoundTripper
	metrics Metrics
}

func (t *throttleCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		t.metrics.Throttled(bot.Telegram)
	}
	return resp, err
}

// nopMetrics counts nothing.
type nopMetrics struct{}

func (nopMetrics) RateLimited(bot.Platform) {}
func (nopMetrics) Throttled(bot.Platform)   {}
