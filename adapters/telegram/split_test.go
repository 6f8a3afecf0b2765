package telegram_test

import (
	"fmt"
	"html"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/bot"
)

func TestSplitMessage(t *testing.T) {
	for _, tt := range []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"ShortIsUnchanged", "<b>hi</b>\nthere", 4096, []string{"<b>hi</b>\nthere"}},
		{"PacksWholeLines", "aaaa\nbbbb\ncccc", 10, []string{"aaaa\nbbbb", "cccc"}},
		{"DropsBlankLinesAtCut", "aaaa\n\nbbbb", 6, []string{"aaaa", "bbbb"}},
		{"CountsEntitiesAsOneCharacter", "&lt;&amp;&gt;\n&quot;", 4, []string{"&lt;&amp;&gt;", "&quot;"}},
		{"NeverCutsInsideEntity", "a&amp;b&amp;c", 3, []string{"a&amp;b", "&amp;c"}},
		{"NeverCutsInsideTag", `x <a href="https://example.org/very/long">[1]</a>`, 4, []string{"x", `<a href="https://example.org/very/long">[1]</a>`}},
		{"ClosesAndReopensTagsAtCut", "<b>aaaa bbbb</b> cc", 5, []string{"<b>aaaa</b>", "<b>bbbb</b>", "cc"}},
		{"CutsLongWordBetweenCharacters", "abcdefgh", 3, []string{"abc", "def", "gh"}},
		{"CountsUTF16Units", "😀😀😀", 4, []string{"😀😀", "😀"}},
		{"PrefersLineBreakToSpace", "aa bb\ncc dd ee", 9, []string{"aa bb", "cc dd ee"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := telegram.SplitMessage(tt.in, tt.limit)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitMessage(%q, %d):\n got %q\nwant %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

// TestSplitMessageLongReply splits a rendered reply far over the limit and
// checks what Telegram would: every part fits, is well-formed on its own,
// and together the parts say everything the reply said, in order.
func TestSplitMessageLongReply(t *testing.T) {
	var reply bot.Reply
	reply.Kind = bot.KindTopic
	reply.Citations = []bot.Citation{{Title: "Survey & <notes>", URL: "https://example.org/s?a=1&b=2"}}
	reply.Blocks = append(reply.Blocks, bot.Block{Text: "Everything, newest first:", Heading: true})
	for i := range 300 {
		reply.Blocks = append(reply.Blocks, bot.Block{Text: fmt.Sprintf("Fact %d says R&D < 5%% of GDP 😀, says @everyone.", i), Cites: []int{1}, Item: true})
	}
	// One paragraph longer than a whole message, with a link inside a tag
	// span that must survive the cut.
	reply.Blocks = append(reply.Blocks, bot.Block{Text: strings.Repeat("word ", 1200), Heading: true})
	in := telegram.RenderHTML(reply)
	if n := visibleLen(t, in); n <= 3*telegram.MaxMessageLength {
		t.Fatalf("test reply is only %d characters; want more than three messages' worth", n)
	}

	parts := telegram.SplitMessage(in, telegram.MaxMessageLength)
	var visible []string
	for i, p := range parts {
		n := visibleLen(t, p)
		if n == 0 || n > telegram.MaxMessageLength {
			t.Errorf("part %d shows %d characters, want 1..%d", i, n, telegram.MaxMessageLength)
		}
		visible = append(visible, visibleText(p))
	}
	if want, got := squash(visibleText(in)), squash(strings.Join(visible, " ")); got != want {
		t.Errorf("parts lose or change text:\n got %.200q…\nwant %.200q…", got, want)
	}
	if len(parts) < 4 {
		t.Errorf("got %d parts, want at least 4", len(parts))
	}
}

var tagRE = regexp.MustCompile(`<(/?)([a-z]+)[^>]*>`)

// visibleLen checks that s is balanced HTML and returns its length as
// Telegram counts it.
func visibleLen(t *testing.T, s string) int {
	t.Helper()
	var stack []string
	for _, m := range tagRE.FindAllStringSubmatch(s, -1) {
		if m[1] == "" {
			stack = append(stack, m[2])
			continue
		}
		if len(stack) == 0 || stack[len(stack)-1] != m[2] {
			t.Fatalf("unbalanced </%s> in %q", m[2], s)
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) > 0 {
		t.Fatalf("unclosed %v in %q", stack, s)
	}
	if i := strings.IndexByte(tagRE.ReplaceAllString(s, ""), '<'); i >= 0 {
		t.Fatalf("stray < in %q", s)
	}
	return len(utf16.Encode([]rune(visibleText(s))))
}

func visibleText(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
