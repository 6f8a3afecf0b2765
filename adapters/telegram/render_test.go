package telegram_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/kbtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func TestRenderHTML(t *testing.T) {
	survey := bot.Citation{SourceID: "pes", Title: "Pakistan Economic Survey 2023-24", Publisher: "Finance Division", Published: "2024-06", URL: "https://www.finance.gov.pk/survey_2024.html"}
	for _, tt := range []struct {
		name  string
		reply bot.Reply
		want  string
	}{
		{
			name: "AnswerLinksCitation",
			reply: bot.Reply{Kind: bot.KindAnswer, Answered: true, Citations: []bot.Citation{survey}, Blocks: []bot.Block{
				{Text: "IT exports were $3.2 billion in FY 2023-24.", Cites: []int{1}},
				{Text: "Period: FY 2023-24."},
			}},
			want: "IT exports were $3.2 billion in FY 2023-24. <a href=\"https://www.finance.gov.pk/survey_2024.html\">[1]</a>\n" +
				"Period: FY 2023-24.\n\n" +
				"<b>Sources</b>\n" +
				"[1] <a href=\"https://www.finance.gov.pk/survey_2024.html\">Pakistan Economic Survey 2023-24</a>, Finance Division, June 2024",
		},
		{
			name: "CitationWithoutURLShowsTitle",
			reply: bot.Reply{Kind: bot.KindAnswer, Citations: []bot.Citation{{SourceID: "pta", Title: "PTA annual report", Publisher: "PTA"}}, Blocks: []bot.Block{
				{Text: "Broadband reached 130 million.", Cites: []int{1}},
			}},
			want: "Broadband reached 130 million. [1]\n\n<b>Sources</b>\n[1] PTA annual report, PTA",
		},
		{
			name: "EscapesMarkupAndDefusesMentions",
			reply: bot.Reply{Kind: bot.KindAnswer, Citations: []bot.Citation{{Title: "R&D <draft>", URL: `https://example.org/a?x=1&y="2"`}}, Blocks: []bot.Block{
				{Text: "Growth <b>was</b> 5% & rising, say @everyone and info@pseb.org.pk", Cites: []int{1}},
			}},
			want: "Growth &lt;b&gt;was&lt;/b&gt; 5% &amp; rising, say @\u2060everyone and info@pseb.org.pk <a href=\"https://example.org/a?x=1&amp;y=&quot;2&quot;\">[1]</a>\n\n" +
				"<b>Sources</b>\n[1] <a href=\"https://example.org/a?x=1&amp;y=&quot;2&quot;\">R&amp;D &lt;draft&gt;</a>",
		},
		{
			name: "UnsafeURLIsNotLinked",
			reply: bot.Reply{Kind: bot.KindAnswer, Citations: []bot.Citation{{Title: "Evil", URL: "javascript:alert(1)"}}, Blocks: []bot.Block{
				{Text: "Fact.", Cites: []int{1}},
			}},
			want: "Fact. [1]\n\n<b>Sources</b>\n[1] Evil. javascript:alert(1)",
		},
		{
			name: "TopicWithHeadingAndItems",
			reply: bot.Reply{Kind: bot.KindTopic, Title: "IT exports", Citations: []bot.Citation{survey}, Blocks: []bot.Block{
				{Text: "IT exports, newest first:", Heading: true},
				{Text: "FY 2023-24: $3.2 billion.", Cites: []int{1}, Item: true},
				{Text: "Other periods:", Heading: true},
				{Text: "FY 2022-23: $2.6 billion.", Cites: []int{1, 7}, Item: true},
			}},
			want: "<b>IT exports, newest first:</b>\n" +
				"• FY 2023-24: $3.2 billion. <a href=\"https://www.finance.gov.pk/survey_2024.html\">[1]</a>\n\n" +
				"<b>Other periods:</b>\n" +
				"• FY 2022-23: $2.6 billion. <a href=\"https://www.finance.gov.pk/survey_2024.html\">[1]</a> [7]\n\n" +
				"<b>Sources</b>\n" +
				"[1] <a href=\"https://www.finance.gov.pk/survey_2024.html\">Pakistan Economic Survey 2023-24</a>, Finance Division, June 2024",
		},
		{
			name: "InlineCitationsHaveTitleAndNoSourcesSection",
			reply: bot.Reply{Kind: bot.KindInfo, Title: "Hello <you>", CitationsInline: true, Citations: []bot.Citation{survey}, Blocks: []bot.Block{
				{Text: "Send /exports.", Cites: []int{1}},
			}},
			want: "<b>Hello &lt;you&gt;</b>\nSend /exports. <a href=\"https://www.finance.gov.pk/survey_2024.html\">[1]</a>",
		},
		{
			name: "FactCardListsItsSource",
			reply: bot.Reply{Kind: bot.KindInfo, Citations: []bot.Citation{survey}, Blocks: []bot.Block{
				{Text: "Fact it-exports, version 1 (in use).", Heading: true},
				{Text: "IT exports were $3.2 billion.", Cites: []int{1}},
			}},
			want: "<b>Fact it-exports, version 1 (in use).</b>\n" +
				"IT exports were $3.2 billion. <a href=\"https://www.finance.gov.pk/survey_2024.html\">[1]</a>\n\n" +
				"<b>Sources</b>\n" +
				"[1] <a href=\"https://www.finance.gov.pk/survey_2024.html\">Pakistan Economic Survey 2023-24</a>, Finance Division, June 2024",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := telegram.RenderHTML(tt.reply); got != tt.want {
				t.Errorf("RenderHTML:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestRenderHTMLGolden pins the full layout of a topic reply; run with
// -update after an intended change and review the diff.
func TestRenderHTMLGolden(t *testing.T) {
	reply := bot.Reply{Kind: bot.KindTopic, Title: "Startups", Answered: true,
		Citations: []bot.Citation{
			{SourceID: "a", Title: "Startup Pakistan report", Publisher: "Invest2Innovate", Published: "2023", URL: "https://example.org/startups"},
			{SourceID: "b", Title: "Board minutes", Publisher: "MoITT"},
		},
		Blocks: []bot.Block{
			{Text: "Startups, newest first:", Heading: true},
			{Text: "2022: startups raised $348 million.", Cites: []int{1}, Item: true},
			{Text: "2021: startups raised $366 million, a record.", Cites: []int{1}, Item: true},
			{Text: "2020: the National Incubation Centres hosted 900+ startups.", Cites: []int{2}, Item: true},
			{Text: "…and 3 more. Ask a question to narrow it down, e.g. /ask startups in 2021.", Item: false},
		},
	}
	got := telegram.RenderHTML(reply)
	path := filepath.Join("testdata", "topic.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("RenderHTML differs from %s:\n got %q\nwant %q", path, got, want)
	}
}

func TestCitationHTML(t *testing.T) {
	for _, tt := range []struct {
		name string
		cite bot.Citation
		want string
	}{
		{"TitlePublisherDate", bot.Citation{Title: "T", Publisher: "P", Published: "2021-03-05", URL: "http://x.pk/"}, `<a href="http://x.pk/">T</a>, P, 5 March 2021`},
		{"NoTitleFallsBackToSourceID", bot.Citation{SourceID: "pta-2021"}, "pta-2021"},
		{"NoTitleNoIDLinksURL", bot.Citation{URL: "https://x.pk/r"}, `<a href="https://x.pk/r">https://x.pk/r</a>`},
		{"RelativeURLShownAsText", bot.Citation{Title: "T", URL: "/reports/1"}, "T. /reports/1"},
		{"PublisherUnknown", bot.Citation{Title: "IT Ministry's Plans", Published: "2023", URL: "https://chatswithfolks.com/a"}, `<a href="https://chatswithfolks.com/a">IT Ministry's Plans</a>, 2023`},
		{"PublisherBlank", bot.Citation{Title: "T", Publisher: " \t", Published: "2023-08"}, "T, August 2023"},
		{"DateUnknown", bot.Citation{Title: "Latest Tech News", Publisher: "enddyskeyboard.com", URL: "https://www.enddyskeyboard.com/a"}, `<a href="https://www.enddyskeyboard.com/a">Latest Tech News</a>, enddyskeyboard.com`},
		{"OnlyPublisher", bot.Citation{Publisher: "PTA", Published: "2024"}, "PTA, 2024"},
		{"LineBreakInTitle", bot.Citation{Title: "Two\nlines", Publisher: "P"}, "Two lines, P"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := telegram.CitationHTML(tt.cite); got != tt.want {
				t.Errorf("CitationHTML(%+v) = %q, want %q", tt.cite, got, tt.want)
			}
		})
	}
}

// TestCitationHTMLNeverLeavesEmptyFields renders every combination of
// known, empty and blank fields and checks that no separator is left
// without something on both sides, and that the citation stays on one line.
func TestCitationHTMLNeverLeavesEmptyFields(t *testing.T) {
	for _, c := range kbtest.CitationCombinations() {
		got := telegram.CitationHTML(c)
		for _, bad := range []string{", ,", ",.", ". .", "  ", "\n", "><"} {
			if strings.Contains(got, bad) {
				t.Errorf("CitationHTML(%+v) = %q, which contains %q", c, got, bad)
			}
		}
		if strings.HasPrefix(got, ",") || strings.HasPrefix(got, ".") || strings.HasSuffix(got, ",") || strings.HasSuffix(got, " ") {
			t.Errorf("CitationHTML(%+v) = %q, which starts or ends with a separator", c, got)
		}
	}
}

// BenchmarkRender compares rendering a long reply for Telegram with the
// plain-text renderer the console uses, the baseline.
func BenchmarkRender(b *testing.B) {
	reply := bot.Reply{Kind: bot.KindTopic, Citations: []bot.Citation{{Title: "Survey & notes", URL: "https://example.org/s?a=1&b=2"}}}
	for i := range 200 {
		reply.Blocks = append(reply.Blocks, bot.Block{Text: fmt.Sprintf("Fact %d: R&D < 5%% of GDP, says @everyone.", i), Cites: []int{1}, Item: true})
	}
	b.Run("TextBaseline", func(b *testing.B) {
		for b.Loop() {
			bot.RenderText(reply)
		}
	})
	b.Run("HTML", func(b *testing.B) {
		for b.Loop() {
			telegram.RenderHTML(reply)
		}
	})
	b.Run("HTMLAndSplit", func(b *testing.B) {
		for b.Loop() {
			telegram.SplitMessage(telegram.RenderHTML(reply), telegram.MaxMessageLength)
		}
	})
}
