package bot_test

import (
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/kbtest"
)

func TestFormatCitation(t *testing.T) {
	for _, tt := range []struct {
		name string
		cite bot.Citation
		want string
	}{
		{"EverythingKnown", bot.Citation{SourceID: "s", Title: "T", Publisher: "P", Published: "2021-12-18", URL: "https://x.pk/a"}, "T, P, 18 December 2021. https://x.pk/a"},
		{"PublisherUnknown", bot.Citation{Title: "IT Ministry's Plans", Published: "2023", URL: "https://x.pk/a"}, "IT Ministry's Plans, 2023. https://x.pk/a"},
		{"PublisherBlank", bot.Citation{Title: "T", Publisher: "  ", Published: "2023-08", URL: "https://x.pk/a"}, "T, August 2023. https://x.pk/a"},
		{"DateUnknown", bot.Citation{Title: "Latest Tech News", Publisher: "enddyskeyboard.com", URL: "https://x.pk/a"}, "Latest Tech News, enddyskeyboard.com. https://x.pk/a"},
		{"DateNotADate", bot.Citation{Title: "T", Publisher: "P", Published: "early 2025"}, "T, P"},
		{"OnlyTitle", bot.Citation{SourceID: "004", Title: "Pakistan's IT infrastructure"}, "Pakistan's IT infrastructure"},
		{"NoTitleNamesTheID", bot.Citation{SourceID: "004", Publisher: "P"}, "004, P"},
		{"OnlyURL", bot.Citation{URL: "https://x.pk/a"}, "https://x.pk/a"},
		{"LineBreaksInFields", bot.Citation{Title: "Two\nlines", Publisher: "\tP\r\n"}, "Two lines, P"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := bot.FormatCitation(tt.cite); got != tt.want {
				t.Errorf("FormatCitation(%+v) = %q, want %q", tt.cite, got, tt.want)
			}
		})
	}
}

// TestFormatCitationNeverLeavesEmptyFields renders every combination of
// known, empty and blank fields and checks that no separator is left
// without something on both sides.
func TestFormatCitationNeverLeavesEmptyFields(t *testing.T) {
	for _, c := range kbtest.CitationCombinations() {
		got := bot.FormatCitation(c)
		for _, bad := range []string{", ,", ",.", ". .", "  "} {
			if strings.Contains(got, bad) {
				t.Errorf("FormatCitation(%+v) = %q, which contains %q", c, got, bad)
			}
		}
		if strings.HasPrefix(got, ",") || strings.HasPrefix(got, ".") || strings.HasSuffix(got, ",") || strings.HasSuffix(got, " ") {
			t.Errorf("FormatCitation(%+v) = %q, which starts or ends with a separator", c, got)
		}
	}
}

// A fact's text is plain words: a platform would render a link, markup or
// a mention in every answer that cites it.
func TestFactTextIsPlain(t *testing.T) {
	for text, bad := range map[string]bool{
		"As of December 2021, Pakistan had 278 professional e-sports players.":       false,
		"Pakistan's R&D spending rose, and 5 < 6 as the report says (roughly).":      false,
		"As of December 2021, Pakistan had <b>278</b> players.":                      true,
		"As of December 2021, Pakistan had **278** players.":                         true,
		"As of December 2021, Pakistan had 278 [players](https://evil.example.com).": true,
		"As of December 2021, Pakistan had 278 players: https://example.com/x":       true,
		"@everyone As of December 2021, Pakistan had 278 players.":                   true,
		"As of December 2021, Pakistan had `278` players.":                           true,
		"As of December 2021, Pakistan had ||278|| players.":                         true,
	} {
		if err := bot.ValidateNewFactText(text); (err != nil) != bad {
			t.Errorf("ValidateNewFactText(%q) = %v; want an error: %v", text, err, bad)
		}
		// A backup made before the rule is restored as it was.
		if err := bot.ValidateFactText(text); err != nil {
			t.Errorf("ValidateFactText(%q) = %v", text, err)
		}
	}
}
