package discord

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/kbtest"
)

var pseb = bot.Citation{SourceID: "pseb-2024", Title: "IT Exports Report", Publisher: "Pakistan Software Export Board", Published: "2024-08", URL: "https://pseb.org.pk/exports"}

func TestRenderEmbed(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
		// want are substrings of the description, wantNot must not occur
		// anywhere in the embed, fields are "name=value" pairs in order.
		want, wantNot []string
		fields        []string
		color         int
	}{
		{
			name: "TopicCitesItsSources",
			reply: bot.Reply{Kind: bot.KindTopic, Answered: true, Title: "IT exports", Blocks: []bot.Block{
				{Text: "IT exports, newest first:", Heading: true},
				{Text: "FY2023-24: IT exports were $3.2 billion.", Cites: []int{1}, Item: true},
			}, Citations: []bot.Citation{pseb}},
			want:   []string{"**IT exports, newest first:**\n• FY2023-24: IT exports were $3.2 billion. [1]"},
			fields: []string{"[1]=[IT Exports Report](https://pseb.org.pk/exports) — Pakistan Software Export Board, August 2024"},
			color:  colorAnswer,
		},
		{
			name: "MentionsNeverPing",
			reply: bot.Reply{Kind: bot.KindAnswer, Blocks: []bot.Block{
				{Text: "@everyone and @Here see <@&123>, <@456> and <#789>.", Cites: []int{1}},
			}, Citations: []bot.Citation{{Title: "@everyone <@&123>", Publisher: "@here"}}},
			want:    []string{"@\u200beveryone and @\u200bHere see \\<@&123>, \\<@456> and \\<#789>. [1]"},
			wantNot: []string{"@everyone", "@here", "@Here", " <@&123>", " <@456>", " <#789>"},
			fields:  []string{"[1]=@\u200beveryone \\<@&123> — @\u200bhere"},
			color:   colorAnswer,
		},
		{
			name: "MarkdownIsLiteral",
			reply: bot.Reply{Kind: bot.KindAnswer, Blocks: []bot.Block{
				{Text: "# **bold** _it_ `code` ||spoiler|| [x](https://evil.example) ~~gone~~"},
			}},
			want: []string{"\\# \\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\|\\|spoiler\\|\\| \\[x\\](https://evil.example) \\~\\~gone\\~\\~"},
		},
		{
			name: "LinksStayClickable",
			reply: bot.Reply{Kind: bot.KindInfo, Title: "Sources", CitationsInline: true, Blocks: []bot.Block{
				{Text: "IT Exports Report, PSEB. https://pseb.org.pk/it_exports-2024", Cites: []int{1}, Item: true},
			}, Citations: []bot.Citation{pseb}},
			want:  []string{"• IT Exports Report, PSEB. https://pseb.org.pk/it_exports-2024 [1]"},
			color: colorInfo,
		},
		{
			name: "FactCardCitesItsSource",
			reply: bot.Reply{Kind: bot.KindInfo, Private: true, Blocks: []bot.Block{
				{Text: "Fact it-exports, version 1 (in use).", Heading: true},
				{Text: "IT exports were $3.2 billion.", Cites: []int{1}},
			}, Citations: []bot.Citation{pseb}},
			want:   []string{"IT exports were $3.2 billion. [1]"},
			fields: []string{"[1]=[IT Exports Report](https://pseb.org.pk/exports) — Pakistan Software Export Board, August 2024"},
			color:  colorInfo,
		},
		{
			name: "ErrorOffersTopics",
			reply: bot.Reply{Kind: bot.KindError, Private: true, Blocks: []bot.Block{{Text: "Ask me a question."}},
				Suggestions: []string{"exports", "broadband"}},
			fields: []string{"Did you mean=/exports · /broadband"},
			color:  colorError,
		},
		{
			name: "NotFoundAlreadyNamesTopics",
			reply: bot.Reply{Kind: bot.KindNotFound, Blocks: []bot.Block{{Text: "I don't know that."}, {Text: "Topics I do know about: /exports, /5g."}},
				Suggestions: []string{"exports", "5g"}},
			want:  []string{"Topics I do know about: /exports, /5g."},
			color: colorNotFound,
		},
		{
			name: "UnsafeURLIsNoLink",
			reply: bot.Reply{Kind: bot.KindAnswer, Blocks: []bot.Block{{Text: "A fact.", Cites: []int{1}}},
				Citations: []bot.Citation{{Title: "Report [final]", URL: "javascript:alert(1)"}}},
			fields: []string{"[1]=Report \\[final\\]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := RenderEmbed(tt.reply)
			assertWithinLimits(t, e)
			for _, w := range tt.want {
				if !strings.Contains(e.Description, w) {
					t.Errorf("description lacks %q:\n%s", w, e.Description)
				}
			}
			all := embedText(e)
			for _, w := range tt.wantNot {
				if strings.Contains(all, w) {
					t.Errorf("embed contains %q:\n%s", w, all)
				}
			}
			var fields []string
			for _, f := range e.Fields {
				fields = append(fields, f.Name+"="+f.Value)
			}
			if strings.Join(fields, "\n") != strings.Join(tt.fields, "\n") {
				t.Errorf("fields:\n%s\nwant:\n%s", strings.Join(fields, "\n"), strings.Join(tt.fields, "\n"))
			}
			if tt.color != 0 && e.Color != tt.color {
				t.Errorf("color = %#x, want %#x", e.Color, tt.color)
			}
		})
	}
}

func TestCitationValue(t *testing.T) {
	for _, tt := range []struct {
		name string
		cite bot.Citation
		want string
	}{
		{"EverythingKnown", pseb, "[IT Exports Report](https://pseb.org.pk/exports) — Pakistan Software Export Board, August 2024"},
		{"PublisherUnknown", bot.Citation{Title: "IT Ministry's Plans", Published: "2023", URL: "https://chatswithfolks.com/a"}, "[IT Ministry's Plans](https://chatswithfolks.com/a) — 2023"},
		{"PublisherBlank", bot.Citation{Title: "T", Publisher: "  ", Published: "2023-08"}, "T — August 2023"},
		{"NothingButTitle", bot.Citation{Title: "Pakistan's IT infrastructure", Publisher: " "}, "Pakistan's IT infrastructure"},
		{"DateUnknown", bot.Citation{Title: "Latest Tech News", Publisher: "enddyskeyboard.com", URL: "https://www.enddyskeyboard.com/a"}, "[Latest Tech News](https://www.enddyskeyboard.com/a) — enddyskeyboard.com"},
		{"NoTitleNamesTheID", bot.Citation{SourceID: "004", Publisher: "P"}, "004 — P"},
		{"OnlyPublisher", bot.Citation{Publisher: "PTA", Published: "2024"}, "PTA, 2024"},
		{"OnlyURL", bot.Citation{URL: "https://x.pk/r", Publisher: "PTA"}, "https://x.pk/r — PTA"},
		{"ParenthesesInURLKeepTheLink", bot.Citation{Title: "Wiki", URL: "https://en.wikipedia.org/wiki/Pakistan_(disambiguation)"}, "[Wiki](https://en.wikipedia.org/wiki/Pakistan_%28disambiguation%29)"},
		{"NothingKnown", bot.Citation{Title: " "}, "unnamed source"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := citationValue(tt.cite); got != tt.want {
				t.Errorf("citationValue(%+v) = %q, want %q", tt.cite, got, tt.want)
			}
		})
	}
}

// TestCitationValueNeverLeavesEmptyFields renders every combination of
// known, empty and blank fields and checks that no separator is left
// without something on both sides.
func TestCitationValueNeverLeavesEmptyFields(t *testing.T) {
	for _, c := range kbtest.CitationCombinations() {
		got := citationValue(c)
		for _, bad := range []string{", ,", "— ,", ", —", "— —", "[]", "  "} {
			if strings.Contains(got, bad) {
				t.Errorf("citationValue(%+v) = %q, which contains %q", c, got, bad)
			}
		}
		if got == "" || strings.HasPrefix(got, ",") || strings.HasPrefix(got, " —") || strings.HasSuffix(got, ",") || strings.HasSuffix(got, "—") {
			t.Errorf("citationValue(%+v) = %q, which is empty or starts or ends with a separator", c, got)
		}
	}
}

func TestRenderEmbedOverLimits(t *testing.T) {
	longFact := func(i int) string {
		return fmt.Sprintf("Fact %d: ", i) + strings.Repeat("Pakistan's broadband subscriptions grew again. ", 12)
	}
	t.Run("KeepsTheBestFacts", func(t *testing.T) {
		r := bot.Reply{Kind: bot.KindAnswer, Answered: true}
		for i := range 30 {
			r.Blocks = append(r.Blocks, bot.Block{Text: longFact(i), Cites: []int{i + 1}, Item: i > 0})
			r.Citations = append(r.Citations, bot.Citation{Title: fmt.Sprintf("Report %d", i), Publisher: "PTA", URL: fmt.Sprintf("https://pta.gov.pk/r%d", i)})
			if i == 0 {
				r.Blocks = append(r.Blocks, bot.Block{Text: "Other periods:", Heading: true})
			}
		}
		e := RenderEmbed(r)
		assertWithinLimits(t, e)
		if !strings.HasPrefix(e.Description, "Fact 0: ") {
			t.Errorf("the best fact is not first:\n%.200s", e.Description)
		}
		shown := strings.Count(e.Description, "Fact ")
		if shown < 2 || shown == 30 {
			t.Fatalf("%d facts shown, want some but not all", shown)
		}
		if want := fmt.Sprintf("%d more facts did not fit. Ask a narrower question", 30-shown); !strings.Contains(e.Description, want) {
			t.Errorf("description lacks the note %q:\n…%s", want, e.Description[max(0, len(e.Description)-300):])
		}
		if len(e.Fields) != shown {
			t.Errorf("%d source fields for %d shown facts", len(e.Fields), shown)
		}
	})
	t.Run("DropsAHeadingLeftAlone", func(t *testing.T) {
		r := bot.Reply{Kind: bot.KindAnswer, Blocks: []bot.Block{
			{Text: strings.Repeat("x", 3000), Cites: []int{1}},
			{Text: "Related:", Heading: true},
			{Text: strings.Repeat("y", 3000), Cites: []int{1}, Item: true},
		}, Citations: []bot.Citation{pseb}}
		e := RenderEmbed(r)
		assertWithinLimits(t, e)
		if strings.Contains(e.Description, "Related") || !strings.Contains(e.Description, "1 more fact did not fit") {
			t.Errorf("description:\n…%s", e.Description[len(e.Description)-200:])
		}
	})
	t.Run("CutsOneGiantFact", func(t *testing.T) {
		e := RenderEmbed(bot.Reply{Kind: bot.KindAnswer, Title: strings.Repeat("T", 300), Blocks: []bot.Block{{Text: strings.Repeat("z", 9000), Cites: []int{1}}},
			Citations: []bot.Citation{{Title: strings.Repeat("t", 2000), URL: "https://example.org/" + strings.Repeat("p", 900)}}})
		assertWithinLimits(t, e)
		if !strings.HasSuffix(e.Description, "… [1]") || len(e.Fields) != 1 {
			t.Errorf("giant fact not cut with its citation kept: …%s, %d fields", e.Description[len(e.Description)-20:], len(e.Fields))
		}
	})
	t.Run("AtMost25Fields", func(t *testing.T) {
		r := bot.Reply{Kind: bot.KindTopic, Suggestions: []string{"exports"}}
		for i := range 40 {
			r.Blocks = append(r.Blocks, bot.Block{Text: "Short fact.", Cites: []int{i + 1}, Item: true})
			r.Citations = append(r.Citations, bot.Citation{Title: fmt.Sprintf("Source %d", i)})
		}
		e := RenderEmbed(r)
		assertWithinLimits(t, e)
		if got := strings.Count(e.Description, "Short fact."); got != 24 {
			t.Errorf("%d facts shown, want 24 (24 sources and the suggestion field)", got)
		}
	})
}

// assertWithinLimits checks every embed limit Discord enforces.
func assertWithinLimits(t *testing.T, e *discordgo.MessageEmbed) {
	t.Helper()
	n := func(s string) int { return len(utf16.Encode([]rune(s))) }
	total := n(e.Title) + n(e.Description)
	if n(e.Title) > 256 || n(e.Description) > 4096 || len(e.Fields) > 25 {
		t.Errorf("title %d, description %d, %d fields: over Discord's limits", n(e.Title), n(e.Description), len(e.Fields))
	}
	for _, f := range e.Fields {
		if n(f.Name) > 256 || n(f.Value) > 1024 || f.Name == "" || f.Value == "" {
			t.Errorf("field %q (%d) = %d characters: over Discord's limits or empty", f.Name, n(f.Name), n(f.Value))
		}
		total += n(f.Name) + n(f.Value)
	}
	if total > 6000 {
		t.Errorf("embed has %d characters, over 6000", total)
	}
}

func embedText(e *discordgo.MessageEmbed) string {
	parts := []string{e.Title, e.Description}
	for _, f := range e.Fields {
		parts = append(parts, f.Name, f.Value)
	}
	return strings.Join(parts, "\n")
}

func TestChoices(t *testing.T) {
	t.Run("TopicsBestFirst", func(t *testing.T) {
		got := TopicChoices("5", testCommands)
		if len(got) != 1 || got[0].Value != "5g" || got[0].Name != "5g — 5G spectrum and rollout" {
			t.Errorf("TopicChoices(5) = %v", choiceNames(got))
		}
		if got := TopicChoices("", testCommands); len(got) != 2 || got[0].Value != "exports" {
			t.Errorf("TopicChoices() = %v, want every topic in order", choiceNames(got))
		}
	})
	t.Run("QuestionsAtMost25", func(t *testing.T) {
		var in []string
		for i := range 40 {
			in = append(in, fmt.Sprintf("suggestion %d %s", i, strings.Repeat("long ", 30)))
		}
		got := QuestionChoices(append([]string{"IT exports", "IT exports"}, in...))
		if len(got) != 25 || got[0].Value != "IT exports" || got[1].Value == "IT exports" {
			t.Errorf("QuestionChoices = %d choices: %v", len(got), choiceNames(got)[:3])
		}
		for _, c := range got {
			if discordLen(c.Name) > 100 || discordLen(c.Value.(string)) > 100 {
				t.Errorf("choice %q over 100 characters", c.Name)
			}
		}
	})
}

func choiceNames(cs []*discordgo.ApplicationCommandOptionChoice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// BenchmarkRenderEmbed compares the embed renderer with the plain-text one
// the console uses, on a typical topic reply and on one over the limits.
func BenchmarkRenderEmbed(b *testing.B) {
	typical := bot.Reply{Kind: bot.KindTopic, Title: "IT exports", Blocks: []bot.Block{{Text: "IT exports, newest first:", Heading: true}}, Citations: []bot.Citation{pseb}}
	for i := range 8 {
		typical.Blocks = append(typical.Blocks, bot.Block{Text: fmt.Sprintf("FY20%d: IT exports were $%d.1 billion.", 16+i, 1+i), Cites: []int{1}, Item: true})
	}
	huge := bot.Reply{Kind: bot.KindAnswer}
	for i := range 40 {
		huge.Blocks = append(huge.Blocks, bot.Block{Text: strings.Repeat("Broadband grew again. ", 40), Cites: []int{i + 1}, Item: true})
		huge.Citations = append(huge.Citations, pseb)
	}
	for _, c := range []struct {
		name  string
		reply bot.Reply
	}{{"Typical", typical}, {"OverLimits", huge}} {
		b.Run(c.name+"/RenderText", func(b *testing.B) {
			for b.Loop() {
				bot.RenderText(c.reply)
			}
		})
		b.Run(c.name+"/RenderEmbed", func(b *testing.B) {
			for b.Loop() {
				RenderEmbed(c.reply)
			}
		})
	}
}
