package telegram

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/bot"
)

// RenderHTML renders a reply as a Telegram message in parse mode HTML.
//
// Every piece of text, whether a fact, a source title or a name the user
// chose, is escaped, and @mentions in it are defused, so nothing stored in
// the knowledge base can inject markup or ping people. Citation markers
// become numbered links to their source; sources without a usable http(s)
// URL are shown by title only. Tags never span lines, which lets
// SplitMessage cut long replies at line breaks.
func RenderHTML(r bot.Reply) string {
	var b strings.Builder
	if r.Title != "" && (len(r.Blocks) == 0 || !r.Blocks[0].Heading) {
		b.WriteString("<b>" + escapeText(r.Title) + "</b>\n")
	}
	for i, blk := range r.Blocks {
		if blk.Heading && i > 0 {
			b.WriteString("\n")
		}
		if blk.Item {
			b.WriteString("• ")
		}
		if blk.Heading {
			b.WriteString("<b>" + escapeText(blk.Text) + "</b>")
		} else {
			b.WriteString(escapeText(blk.Text))
		}
		for _, n := range blk.Cites {
			b.WriteString(" " + citationMark(r.Citations, n))
		}
		b.WriteString("\n")
	}
	// /sources already lists its sources in the blocks.
	if len(r.Citations) > 0 && !r.CitationsInline {
		b.WriteString("\n<b>Sources</b>\n")
		for i, c := range r.Citations {
			fmt.Fprintf(&b, "[%d] %s\n", i+1, CitationHTML(c))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// CitationHTML renders a source in one line: its title, linked to the
// source when it has a web address, then publisher and date when known.
// Unknown (empty or blank) fields are left out with their separators.
func CitationHTML(c bot.Citation) string {
	c = c.Clean()
	title := c.Title
	if title == "" {
		title = c.SourceID
	}
	var parts []string
	link, linkable := safeURL(c.URL)
	switch {
	case linkable && title == "":
		parts = append(parts, `<a href="`+escapeAttr(link)+`">`+escapeText(link)+`</a>`)
	case linkable:
		parts = append(parts, `<a href="`+escapeAttr(link)+`">`+escapeText(title)+`</a>`)
	case title != "":
		parts = append(parts, escapeText(title))
	}
	if c.Publisher != "" {
		parts = append(parts, escapeText(c.Publisher))
	}
	if p, err := bot.ParsePeriod(c.Published); err == nil && !p.IsZero() {
		parts = append(parts, escapeText(p.String()))
	}
	line := strings.Join(parts, ", ")
	if c.URL != "" && !linkable {
		// Not a web link Telegram would accept in href (a DOI, a typo):
		// show it as text rather than make the whole message fail.
		if line != "" {
			line += ". "
		}
		line += escapeText(c.URL)
	}
	return line
}

// citationMark renders the marker for citation n (1-based): a link when the
// source has a web address, plain "[n]" otherwise.
func citationMark(cites []bot.Citation, n int) string {
	mark := fmt.Sprintf("[%d]", n)
	if n < 1 || n > len(cites) {
		return mark
	}
	if link, ok := safeURL(cites[n-1].URL); ok {
		return `<a href="` + escapeAttr(link) + `">` + mark + `</a>`
	}
	return mark
}

// safeURL reports whether raw is an absolute http(s) URL, the only kind a
// citation links to; Telegram rejects a whole message over a bad href.
func safeURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return "", false
	}
	return raw, true
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

// escapeText makes plain text safe for parse mode HTML and defuses
// mentions.
func escapeText(s string) string { return textEscaper.Replace(defuseMentions(s)) }

func escapeAttr(s string) string { return attrEscaper.Replace(s) }

// wordJoiner is an invisible character that stops Telegram from reading
// "@name" as a mention while the text still looks the same.
const wordJoiner = "\u2060"

// defuseMentions puts a word joiner after every "@" that starts a word
// followed by a username character, so a fact or a name quoted back to a
// group never notifies anyone. "info@example.org" is left alone: Telegram
// does not read it as a mention.
func defuseMentions(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '@' && (i == 0 || !isUsernameByte(s[i-1])) && i+1 < len(s) && isUsernameByte(s[i+1]) {
			b.WriteString(wordJoiner)
		}
	}
	return b.String()
}

// isUsernameByte reports whether c can appear in a Telegram username.
func isUsernameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// maxCallbackData is the longest callback_data Telegram accepts, in bytes.
const maxCallbackData = 64

// MoreKeyboard is the inline keyboard under a reply that has more to show
// (a topic list's next page): one "More" button whose press sends the
// reply's More command back. It is nil when there is nothing more, or
// when the command is too long to fit in a button.
func MoreKeyboard(r bot.Reply) *models.InlineKeyboardMarkup {
	if r.More == "" || len(r.More) > maxCallbackData {
		return nil
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "More", CallbackData: r.More}}}}
}
