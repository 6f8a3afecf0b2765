package bot

import (
	"fmt"
	"strings"
)

// Clean returns c with every field passed through CleanText. A field that
// holds only spaces then counts as unknown, like an empty one, and no field
// can break a citation over two lines. Renderers clean a citation before
// they look at which fields are known.
func (c Citation) Clean() Citation {
	return Citation{
		SourceID:  CleanText(c.SourceID),
		Title:     CleanText(c.Title),
		Publisher: CleanText(c.Publisher),
		Published: CleanText(c.Published),
		URL:       CleanText(c.URL),
	}
}

// Count writes n with the noun that agrees with it: "1 version",
// "3 versions". plural is the noun's plural form.
func Count(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return fmt.Sprintf("%d %s", n, plural)
}

// FormatCitation renders a source in one line: title, publisher, date and
// URL, leaving out what is unknown, so an unknown publisher or date leaves
// no empty ", ," behind. A source without a title is named by its id.
func FormatCitation(c Citation) string {
	c = c.Clean()
	title := c.Title
	if title == "" {
		title = c.SourceID
	}
	var parts []string
	if title != "" {
		parts = append(parts, title)
	}
	if c.Publisher != "" {
		parts = append(parts, c.Publisher)
	}
	if p, err := ParsePeriod(c.Published); err == nil && !p.IsZero() {
		parts = append(parts, p.String())
	}
	line := strings.Join(parts, ", ")
	switch {
	case c.URL == "":
	case line == "":
		line = c.URL
	default:
		line += ". " + c.URL
	}
	return line
}

// RenderText renders a reply as plain text, for the console and for the
// JSON output of `pakbot ask`.
func RenderText(r Reply) string {
	var b strings.Builder
	if r.Title != "" && (len(r.Blocks) == 0 || !r.Blocks[0].Heading) {
		b.WriteString(r.Title + "\n")
	}
	for i, blk := range r.Blocks {
		if blk.Heading && i > 0 {
			b.WriteString("\n")
		}
		if blk.Item {
			b.WriteString("• ")
		}
		b.WriteString(blk.Text)
		for _, n := range blk.Cites {
			fmt.Fprintf(&b, " [%d]", n)
		}
		b.WriteString("\n")
	}
	if len(r.Citations) > 0 && !r.CitationsInline {
		b.WriteString("\nSources:\n")
		for i, c := range r.Citations {
			fmt.Fprintf(&b, "[%d] %s\n", i+1, FormatCitation(c))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
