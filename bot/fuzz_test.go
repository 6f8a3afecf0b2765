package bot_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
)

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/exports", "/exports@PakBot", "/exports@PakBot in 2021", "/", "/ ", "/EXPORTS", "/ask  What is DEEP? ",
		"exports", "", "/@", "/@bot", "//", "/\xff", "/İ", "/a@b@c d", "/x\ty z", " /help"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		name, args, ok := bot.ParseCommand(text)
		if !ok {
			if name != "" || args != "" {
				t.Fatalf("ParseCommand(%q) = %q, %q, false; want empty results when it is no command", text, name, args)
			}
			return
		}
		if !strings.HasPrefix(text, "/") {
			t.Fatalf("ParseCommand(%q) took text without a leading slash as a command", text)
		}
		if name == "" || strings.ContainsAny(name, " @") || !utf8.ValidString(name) || strings.ToLower(name) != name {
			t.Fatalf("ParseCommand(%q) gave name %q; want non-empty, lowercase, without spaces or @", text, name)
		}
		if strings.TrimSpace(args) != args {
			t.Fatalf("ParseCommand(%q) gave untrimmed args %q", text, args)
		}
		// Written back out, the command reads the same. (The engine cleans
		// text first, so other whitespace never reaches a name there.)
		name2, args2, ok2 := bot.ParseCommand("/" + name + " " + args)
		if !ok2 || name2 != name || args2 != args {
			t.Fatalf("round trip of %q: got %q, %q, %v; want %q, %q", text, name2, args2, ok2, name, args)
		}
	})
}

// canonicalPeriod is the documented syntax of one side of Period.Raw.
var canonicalPeriod = regexp.MustCompile(`^(\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|FY\d{4}-\d{2})$`)

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2021", "2021-02", "2021-05-21", "FY2023-24", "FY1999-00", "2024-07..2024-11", "2021..FY2023-24",
		"", "  ", "FY2023-25", "FY23-24", "2021-13", "2021-02-30", "..", "2024-11..2024-07", "2021..2022..2023", " 2021 ", "0000", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := bot.ParsePeriod(s)
		if err != nil {
			return
		}
		if p.IsZero() {
			if strings.TrimSpace(s) != "" || p.String() != "" {
				t.Fatalf("ParsePeriod(%q) gave the zero period %+v (String %q)", s, p, p.String())
			}
			return
		}
		if p.String() == "" {
			t.Fatalf("ParsePeriod(%q) = %q renders as nothing", s, p.Raw)
		}
		if p.End.Before(p.Start) {
			t.Fatalf("ParsePeriod(%q) ends (%v) before it starts (%v)", s, p.End, p.Start)
		}
		for _, part := range strings.Split(p.Raw, "..") {
			if !canonicalPeriod.MatchString(part) {
				t.Fatalf("ParsePeriod(%q) accepted %q, which is not YYYY, YYYY-MM, YYYY-MM-DD or FYyyyy-yy", s, part)
			}
		}
		q, err := bot.ParsePeriod(p.Raw)
		if err != nil || q.Raw != p.Raw || !q.Start.Equal(p.Start) || !q.End.Equal(p.End) {
			t.Fatalf("ParsePeriod(%q) = %+v does not parse back from its Raw: %+v, %v", s, p, q, err)
		}
	})
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"What is DEEP?", "  IT   exports \n", "IT\xffexports", "a\x00b", "\x1b[31m", "a\u200bb", "\u200f",
		"a\u00a0b", "🇵🇰 tech", "پاکستان", "Türkiye", "", "\u2028\u2029", "\xc3", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := bot.CleanText(s)
		if !utf8.ValidString(out) {
			t.Fatalf("CleanText(%q) = %q is not valid UTF-8", s, out)
		}
		prevSpace := true // no leading space
		for _, r := range out {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("CleanText(%q) = %q keeps control or format character %U", s, out, r)
			}
			if unicode.IsSpace(r) {
				if r != ' ' || prevSpace {
					t.Fatalf("CleanText(%q) = %q has a leading, doubled or odd space %U", s, out, r)
				}
			}
			prevSpace = unicode.IsSpace(r)
		}
		if prevSpace && out != "" {
			t.Fatalf("CleanText(%q) = %q ends with a space", s, out)
		}
		if again := bot.CleanText(out); again != out {
			t.Fatalf("CleanText is not idempotent: %q -> %q -> %q", s, out, again)
		}
		// Nothing visible is lost: the input's visible characters survive
		// in order.
		visible := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
					return -1
				}
				return r
			}, s)
		}
		if want := visible(strings.ToValidUTF8(s, " ")); visible(out) != want {
			t.Fatalf("CleanText(%q) = %q lost visible characters: want %q", s, out, want)
		}
	})
}

// sourceDate is the documented syntax of a source's publication date.
var sourceDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

func FuzzValidateSourceDate(f *testing.F) {
	for _, s := range []string{"2023", "2023-08", "2023-08-15", "", " ", " 2023 ", "FY2023-24", "2023-07..2023-08", "2023-13", "2023-02-30",
		"23", "2023-8", "2023/08", "unknown", "２０２３"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := bot.ValidateSourceDate(s)
		trimmed := strings.TrimSpace(s)
		if err != nil {
			if _, ok := bot.UserMessage(err); !ok {
				t.Fatalf("ValidateSourceDate(%q) = %v, not a message for people", s, err)
			}
			return
		}
		if trimmed == "" {
			return
		}
		if !sourceDate.MatchString(trimmed) {
			t.Fatalf("ValidateSourceDate(%q) accepted what is not YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		if p, err := bot.ParsePeriod(trimmed); err != nil || p.IsZero() {
			t.Fatalf("ValidateSourceDate(%q) accepted a date ParsePeriod refuses: %v", s, err)
		}
	})
}

func FuzzParseFigure(f *testing.F) {
	for _, s := range []string{"3.223 USD bn", "139 million subscribers", "1,530 USD m", "-2.5 %", "none", "NONE", "", "  ", "12",
		"NaN USD", "Inf USD", "1e9 USD", "0x10 USD", "3.  USD", ".5 USD", "1,53 USD", "3.2 \x00unit", "3.2 " + strings.Repeat("u", 40), "3.2 $$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fig, err := bot.ParseFigure(s)
		if err != nil {
			if _, ok := bot.UserMessage(err); !ok {
				t.Fatalf("ParseFigure(%q): %v is not a message for the user", s, err)
			}
			return
		}
		if err := bot.ValidateFigure(fig); err != nil {
			t.Fatalf("ParseFigure(%q) = %+v, which ValidateFigure refuses: %v", s, fig, err)
		}
		if fig.IsZero() {
			if fig.Value != 0 {
				t.Fatalf("ParseFigure(%q) = %+v: a value without a unit", s, fig)
			}
			return
		}
		// Written back out, the figure reads the same.
		again, err := bot.ParseFigure(fig.String())
		if err != nil || again != fig {
			t.Fatalf("round trip of %q: %+v became %q, read back as %+v, %v", s, fig, fig.String(), again, err)
		}
	})
}

func FuzzReadPeriod(f *testing.F) {
	for _, s := range []string{"FY 2024-25", "FY2024-2025", "November 2024", "Nov. 2024", "21 May 2021", "May 21, 2021",
		"July to November 2024", "2021 to FY 2023-24", "2024-07..2024-11", "", "to", " to 2024", "may to", "0 may 2024", "fy 2024/99",
		"Dec-2024", "12/2024", "13/2024", "Q1 2025", "2025 q4", "q5 2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := bot.ReadPeriod(s)
		if err != nil || p.IsZero() {
			return
		}
		q, err := bot.ParsePeriod(p.Raw)
		if err != nil || q.Raw != p.Raw {
			t.Fatalf("ReadPeriod(%q) = %q, which ParsePeriod does not take back: %v", s, p.Raw, err)
		}
		// What answers print reads back as the same period.
		if r, err := bot.ReadPeriod(p.String()); err != nil || r.Raw != p.Raw {
			t.Fatalf("ReadPeriod(%q) = %q prints %q, which reads as %q, %v", s, p.Raw, p.String(), r.Raw, err)
		}
	})
}

// FuzzParseFeedbackData: whatever a client sends as button data, what is
// accepted is exactly what a feedback button carries, and fits every
// platform's limit.
func FuzzParseFeedbackData(f *testing.F) {
	for _, s := range []string{"fb:0123456789abcdef:up", "fb:0123456789abcdef:unasked", "fb:0123456789ABCDEF:up", "fb:", "fb:x:up",
		"/5g 2", "", "fb:0123456789abcdef:up:up", "fb:0123456789abcdef:", "fb::down", "fb:0123456789abcdef:\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		id, c, ok := bot.ParseFeedbackData(data)
		if !ok {
			if id != "" || c != "" {
				t.Fatalf("ParseFeedbackData(%q) = %q, %q, false; want empty results", data, id, c)
			}
			return
		}
		if again := bot.FeedbackData(id, c); again != data || len(again) > bot.MaxButtonData || !bot.IsFeedbackData(again) {
			t.Fatalf("ParseFeedbackData(%q) = %q, %q, which a button writes as %q", data, id, c, again)
		}
	})
}
