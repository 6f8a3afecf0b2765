package discord

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
)

// Discord's limits on one embed, in characters.
const (
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxFieldName        = 256
	maxFieldValue       = 1024
	maxFields           = 25
	// maxEmbedTotal bounds the title, description, field names and values
	// together.
	maxEmbedTotal = 6000
)

// Embed colours by reply kind.
const (
	colorAnswer   = 0x01411C // the green of Pakistan's flag
	colorInfo     = 0x5865F2
	colorNotFound = 0xF0B232
	colorError    = 0xDA373C
)

// NoMentions allows no mention of any kind. Every message the bot sends
// carries it: discordgo serialises a nil Parse as null, which Discord reads
// as "the defaults", and those ping @everyone and roles.
func NoMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// line is one rendered block of a reply.
type line struct {
	text    string
	cites   []int
	heading bool
}

// RenderEmbed renders a reply as one embed: the reply's blocks in the
// description, each fact followed by its citation number, and each cited
// source as a field linking to it. A reply too large for Discord's limits
// keeps its first (best) blocks and says how many facts it left out and how
// to ask for them. All text is escaped, so a fact can neither format the
// message nor mention anyone.
func RenderEmbed(r bot.Reply) *discordgo.MessageEmbed {
	lines := renderLines(r.Blocks)
	sources := citationValues(r)
	title := truncate(escapeMarkdown(r.Title), maxEmbedTitle)
	// No embed shows more lines than the description holds on its own, so
	// the search for the most that fit starts there.
	start, size := len(lines), 0
	for i, l := range lines {
		if size += discordLen(l.text) + 1; size > maxEmbedDescription {
			start = max(i, 1)
			break
		}
	}
	for n := start; ; n-- {
		shown := dropTrailingHeadings(lines[:n])
		desc := description(shown, omittedFacts(lines[len(shown):]))
		fields := citationFields(sources, shown)
		if suggestions := suggestionField(r, desc); suggestions != nil {
			fields = append(fields, suggestions)
		}
		e := &discordgo.MessageEmbed{
			Type:        discordgo.EmbedTypeRich,
			Title:       title,
			Description: desc,
			Color:       kindColor(r.Kind),
			Fields:      fields,
		}
		if n <= 1 || fits(e) {
			return shrink(e)
		}
	}
}

// renderLines escapes each block and truncates any single block that could
// not fit the description on its own.
func renderLines(blocks []bot.Block) []line {
	var lines []line
	for _, b := range blocks {
		text := escapeMarkdown(b.Text)
		switch {
		case b.Heading:
			text = "**" + text + "**"
		case b.Item:
			text = "• " + text
		}
		var marks strings.Builder
		for _, n := range b.Cites {
			fmt.Fprintf(&marks, " [%d]", n)
		}
		// Leave room for the trim note in the worst case.
		text = truncate(text, maxEmbedDescription-marks.Len()-200)
		lines = append(lines, line{text: text + marks.String(), cites: b.Cites, heading: b.Heading})
	}
	return lines
}

// dropTrailingHeadings removes headings left with nothing under them when
// the lines after them were trimmed.
func dropTrailingHeadings(lines []line) []line {
	for len(lines) > 1 && lines[len(lines)-1].heading {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// omittedFacts counts the trimmed lines that carried a fact.
func omittedFacts(lines []line) int {
	n := 0
	for _, l := range lines {
		if len(l.cites) > 0 {
			n++
		}
	}
	return n
}

func description(lines []line, omitted int) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n")
			if l.heading {
				b.WriteString("\n")
			}
		}
		b.WriteString(l.text)
	}
	switch {
	case omitted == 1:
		b.WriteString("\n\n*1 more fact did not fit. Ask a narrower question, for example naming a year, to see it.*")
	case omitted > 1:
		fmt.Fprintf(&b, "\n\n*%d more facts did not fit. Ask a narrower question, for example naming a year, to see them.*", omitted)
	}
	return b.String()
}

// citationValues renders each citation once, indexed by its number (from
// 1). /sources shows its sources inline, so it gets none.
func citationValues(r bot.Reply) []string {
	if r.CitationsInline {
		return nil
	}
	values := make([]string, len(r.Citations)+1)
	for i, c := range r.Citations {
		values[i+1] = citationValue(c)
	}
	return values
}

// citationFields lists the sources cited by the shown lines, one field
// each, keeping the numbers used in the text.
func citationFields(values []string, shown []line) []*discordgo.MessageEmbedField {
	var nums []int
	for _, l := range shown {
		for _, n := range l.cites {
			if n >= 1 && n < len(values) && !slices.Contains(nums, n) {
				nums = append(nums, n)
			}
		}
	}
	slices.Sort(nums)
	fields := make([]*discordgo.MessageEmbedField, 0, len(nums))
	for _, n := range nums {
		fields = append(fields, &discordgo.MessageEmbedField{Name: fmt.Sprintf("[%d]", n), Value: values[n]})
	}
	return fields
}

// citationValue renders a source as a link titled with its title,
// followed by its publisher and date. Fields that are unknown (empty or
// blank) are left out, separators with them.
func citationValue(c bot.Citation) string {
	c = c.Clean()
	link := safeURL(c.URL)
	title := c.Title
	if title == "" {
		title = c.SourceID
	}
	var meta []string
	if c.Publisher != "" {
		meta = append(meta, escapeMarkdown(c.Publisher))
	}
	if p, err := bot.ParsePeriod(c.Published); err == nil && !p.IsZero() {
		meta = append(meta, p.String())
	}
	tail := ""
	switch {
	case len(meta) == 0:
	case title == "" && link == "":
		// Nothing to put before a dash: the publisher leads.
		return truncate(strings.Join(meta, ", "), maxFieldValue)
	default:
		tail = " — " + strings.Join(meta, ", ")
	}
	switch {
	case title == "" && link != "":
		// A bare address, which Discord links by itself.
		return truncate(link+tail, maxFieldValue)
	case title == "":
		// Discord refuses an empty field value.
		return "unnamed source"
	}
	// The title gives way first: the link and the publisher matter more.
	room := maxFieldValue - discordLen(tail) - discordLen(link) - 4
	text := truncate(escapeLinkText(title), max(room, 20))
	if link != "" && discordLen(text)+discordLen(link)+4+discordLen(tail) <= maxFieldValue {
		return "[" + text + "](" + link + ")" + tail
	}
	return truncate(escapeMarkdown(title)+tail, maxFieldValue)
}

// suggestionField offers the topics the engine suggests, unless the
// description already names them all.
func suggestionField(r bot.Reply, desc string) *discordgo.MessageEmbedField {
	if len(r.Suggestions) == 0 {
		return nil
	}
	var names []string
	named := true
	for _, s := range r.Suggestions {
		names = append(names, "/"+escapeMarkdown(s))
		if !strings.Contains(desc, "/"+escapeMarkdown(s)) {
			named = false
		}
	}
	if named {
		return nil
	}
	return &discordgo.MessageEmbedField{Name: "Did you mean", Value: truncate(strings.Join(names, " · "), maxFieldValue)}
}

// fits reports whether e is within every embed limit.
func fits(e *discordgo.MessageEmbed) bool {
	if len(e.Fields) > maxFields || discordLen(e.Description) > maxEmbedDescription || discordLen(e.Title) > maxEmbedTitle {
		return false
	}
	total := discordLen(e.Title) + discordLen(e.Description)
	for _, f := range e.Fields {
		if discordLen(f.Name) > maxFieldName || discordLen(f.Value) > maxFieldValue {
			return false
		}
		total += discordLen(f.Name) + discordLen(f.Value)
	}
	return total <= maxEmbedTotal
}

// shrink is the last resort for a single block too large on its own: it
// drops fields and cuts the description until the embed fits.
func shrink(e *discordgo.MessageEmbed) *discordgo.MessageEmbed {
	if len(e.Fields) > maxFields {
		e.Fields = e.Fields[:maxFields]
	}
	for !fits(e) && len(e.Fields) > 0 {
		e.Fields = e.Fields[:len(e.Fields)-1]
	}
	if !fits(e) {
		e.Description = truncate(e.Description, maxEmbedTotal-discordLen(e.Title))
		e.Description = truncate(e.Description, maxEmbedDescription)
	}
	return e
}

func kindColor(k bot.ReplyKind) int {
	switch k {
	case bot.KindAnswer, bot.KindTopic:
		return colorAnswer
	case bot.KindNotFound:
		return colorNotFound
	case bot.KindError, bot.KindRefused:
		return colorError
	}
	return colorInfo
}

// markdownInline are the characters Discord's markdown gives a meaning to
// anywhere in a line; markdownLineStart only matter first on a line
// (headings, quotes, lists). Discord drops a backslash before punctuation
// when it renders, so escaping costs nothing visible.
const (
	markdownInline    = "\\*_~`|[]<"
	markdownLineStart = "#>-+"
)

// escapeMarkdown makes plain text render literally: markdown characters are
// backslash-escaped (so "<@&123>" is no role mention and "<#1>" no channel
// link), and a zero-width space after the @ of @everyone and @here stops
// them from reading as mass mentions. Links (http://, https://) are left as
// they are so Discord still makes them clickable.
func escapeMarkdown(s string) string {
	var b strings.Builder
	lineStart := true
	for i, word := range strings.Split(s, " ") {
		if i > 0 {
			b.WriteByte(' ')
		}
		if isLink(word) {
			b.WriteString(word)
			lineStart = false
			continue
		}
		for j, r := range word {
			switch {
			case strings.ContainsRune(markdownInline, r):
				b.WriteByte('\\')
			case lineStart && strings.ContainsRune(markdownLineStart, r):
				b.WriteByte('\\')
			case lineStart && r == '.' && j > 0 && isDigits(word[:j]):
				// "2024. " would start a numbered list.
				b.WriteByte('\\')
			}
			b.WriteRune(r)
			if r == '\n' {
				lineStart = true
			} else if !(r >= '0' && r <= '9') {
				lineStart = false
			}
		}
	}
	out := b.String()
	for _, m := range []string{"@everyone", "@here"} {
		out = zwspAfterAt(out, m)
	}
	return out
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// escapeLinkText escapes a masked link's text, where brackets end the link.
func escapeLinkText(s string) string {
	return escapeMarkdown(strings.NewReplacer("[", "(", "]", ")").Replace(s))
}

// isLink reports whether word is a whole http(s) URL that Discord will
// autolink; words with angle brackets are escaped instead.
func isLink(word string) bool {
	if !strings.HasPrefix(word, "https://") && !strings.HasPrefix(word, "http://") {
		return false
	}
	return !strings.ContainsAny(word, "<>@")
}

// safeURL returns u when it is an absolute http(s) URL, made safe to sit
// inside a markdown link, or "". Characters that would end the link or
// break out of it are percent-encoded, which names the same page, so a
// source whose address has parentheses keeps its link.
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || strings.ContainsAny(u, " \t\n") {
		return ""
	}
	return linkEscaper.Replace(u)
}

var linkEscaper = strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", `"`, "%22")

// zwspAfterAt puts a zero-width space after the @ of every
// case-insensitive occurrence of word (ASCII, starting with @) in s,
// keeping the original letters.
func zwspAfterAt(s, word string) string {
	lower := strings.ToLower(s)
	if len(lower) != len(s) {
		// Case folding changed byte offsets; fall back to exact matches.
		return strings.ReplaceAll(s, word, "@\u200b"+word[1:])
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, word)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+1] + "\u200b" + s[i+1:i+len(word)])
		s, lower = s[i+len(word):], lower[i+len(word):]
	}
}
