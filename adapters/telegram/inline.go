package telegram

import (
	"cmp"
	"fmt"
	"hash/fnv"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/bot"
)

// MaxInlineResults is how many facts an inline query offers, best first.
const MaxInlineResults = 5

// Lengths that keep inline results readable in Telegram's result list.
const (
	maxInlineTitle       = 90
	maxInlineDescription = 120
)

// InlineResults offers the facts of a reply as inline results, best first
// and at most limit of them: one article per fact, titled with the fact and
// described by its period and source. Choosing one sends the fact with its
// period and a linked citation. A reply without facts (the engine declined,
// or help text) offers nothing.
func InlineResults(r bot.Reply, limit int) []models.InlineQueryResult {
	var results []models.InlineQueryResult
	for i, f := range r.Facts {
		if i == limit {
			break
		}
		src := f.Source
		if src.ID == "" {
			src.ID = f.SourceID
		}
		cite := src.Citation().Clean()
		desc := cmp.Or(cite.Title, cite.Publisher)
		if p := f.Period.String(); p != "" && desc != "" {
			desc = p + " · " + desc
		} else if p != "" {
			desc = p
		}
		results = append(results, &models.InlineQueryResultArticle{
			ID:          inlineResultID(i, f.Key),
			Title:       truncateRunes(bot.CleanText(f.Text), maxInlineTitle),
			Description: truncateRunes(bot.CleanText(desc), maxInlineDescription),
			InputMessageContent: &models.InputTextMessageContent{
				MessageText:        SplitMessage(RenderHTML(factReply(f, cite)), MaxMessageLength)[0],
				ParseMode:          models.ParseModeHTML,
				LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
			},
		})
	}
	return results
}

// factReply is the message an inline result sends: the fact, its period
// and its source.
func factReply(f bot.Fact, cite bot.Citation) bot.Reply {
	r := bot.Reply{Kind: bot.KindAnswer, Answered: true, Facts: []bot.Fact{f}, Citations: []bot.Citation{cite}}
	r.Blocks = append(r.Blocks, bot.Block{Text: f.Text, Cites: []int{1}})
	if p := f.Period.String(); p != "" {
		r.Blocks = append(r.Blocks, bot.Block{Text: "Period: " + p + "."})
	}
	return r
}

// inlineResultID is unique within one answer and at most 64 bytes, as
// Telegram requires, whatever the length of the fact key.
func inlineResultID(i int, key string) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	return fmt.Sprintf("%d-%x", i, h.Sum64())
}
