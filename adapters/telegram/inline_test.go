package telegram_test

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/bot"
)

func TestInlineResults(t *testing.T) {
	pta := bot.Source{ID: "pta", Title: "PTA telecom indicators", Publisher: "PTA", URL: "https://pta.gov.pk/indicators"}
	facts := []bot.Fact{
		{Key: "bb-2024", Text: "Pakistan had 135 million broadband subscribers in June 2024.", Period: bot.MustParsePeriod("2024-06"), SourceID: "pta", Source: pta},
		{Key: "bb-2023", Text: "Broadband <subscribers> & users: 128 million in June 2023, says @everyone.", Period: bot.MustParsePeriod("2023-06"), SourceID: "pta", Source: pta},
		{Key: strings.Repeat("k", 200), Text: strings.Repeat("Mobile broadband grew fast. ", 10), SourceID: "nosrc"},
	}

	t.Run("OneArticlePerFactBestFirst", func(t *testing.T) {
		got := telegram.InlineResults(bot.Reply{Kind: bot.KindAnswer, Answered: true, Facts: facts}, 5)
		if len(got) != 3 {
			t.Fatalf("got %d results, want 3", len(got))
		}
		first := got[0].(*models.InlineQueryResultArticle)
		if first.Title != "Pakistan had 135 million broadband subscribers in June 2024." {
			t.Errorf("title = %q", first.Title)
		}
		if first.Description != "June 2024 · PTA telecom indicators" {
			t.Errorf("description = %q", first.Description)
		}
		content := first.InputMessageContent.(*models.InputTextMessageContent)
		wantText := "Pakistan had 135 million broadband subscribers in June 2024. <a href=\"https://pta.gov.pk/indicators\">[1]</a>\n" +
			"Period: June 2024.\n\n<b>Sources</b>\n[1] <a href=\"https://pta.gov.pk/indicators\">PTA telecom indicators</a>, PTA"
		if content.MessageText != wantText {
			t.Errorf("message text:\n got %q\nwant %q", content.MessageText, wantText)
		}
		if content.ParseMode != models.ParseModeHTML || content.LinkPreviewOptions == nil || !*content.LinkPreviewOptions.IsDisabled {
			t.Errorf("want parse mode HTML with link previews off, got %+v", content)
		}
	})
	t.Run("EscapesFactText", func(t *testing.T) {
		got := telegram.InlineResults(bot.Reply{Facts: facts[1:2]}, 5)
		text := got[0].(*models.InlineQueryResultArticle).InputMessageContent.(*models.InputTextMessageContent).MessageText
		if !strings.HasPrefix(text, "Broadband &lt;subscribers&gt; &amp; users: 128 million in June 2023, says @\u2060everyone.") {
			t.Errorf("fact not escaped: %q", text)
		}
	})
	t.Run("LongTitleAndKeyAreShortened", func(t *testing.T) {
		got := telegram.InlineResults(bot.Reply{Facts: facts[2:]}, 5)
		a := got[0].(*models.InlineQueryResultArticle)
		if n := len([]rune(a.Title)); n > 90 || !strings.HasSuffix(a.Title, "…") {
			t.Errorf("title has %d runes: %q", n, a.Title)
		}
		if len(a.ID) > 64 {
			t.Errorf("result id is %d bytes, Telegram allows 64", len(a.ID))
		}
		if a.Description != "" {
			t.Errorf("description = %q, want empty for a fact without period or source title", a.Description)
		}
	})
	t.Run("DescriptionNamesWhatIsKnown", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			source bot.Source
			want   string
		}{
			{"Title", bot.Source{ID: "s", Title: "IT Ministry's Plans", URL: "https://chatswithfolks.com/a"}, "June 2024 · IT Ministry's Plans"},
			{"BlankTitleNamesPublisher", bot.Source{ID: "s", Title: " ", Publisher: "chatswithfolks.com"}, "June 2024 · chatswithfolks.com"},
			{"NothingKnownLeavesThePeriod", bot.Source{ID: "s", Title: "  ", Publisher: "\t"}, "June 2024"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				f := facts[0]
				f.Source, f.SourceID = tt.source, tt.source.ID
				got := telegram.InlineResults(bot.Reply{Facts: []bot.Fact{f}}, 1)
				if d := got[0].(*models.InlineQueryResultArticle).Description; d != tt.want {
					t.Errorf("description = %q, want %q", d, tt.want)
				}
			})
		}
	})
	t.Run("Limit", func(t *testing.T) {
		if got := telegram.InlineResults(bot.Reply{Facts: facts}, 2); len(got) != 2 {
			t.Errorf("got %d results, want 2", len(got))
		}
	})
	t.Run("DeclinedReplyOffersNothing", func(t *testing.T) {
		if got := telegram.InlineResults(bot.Reply{Kind: bot.KindNotFound, Blocks: []bot.Block{{Text: "I don't know that."}}}, 5); len(got) != 0 {
			t.Errorf("got %d results, want none", len(got))
		}
	})
}
