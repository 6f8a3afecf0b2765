package bot_test

import (
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
)

func TestParsePeriod(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		raw        string
		start, end time.Time
		human      string
	}{
		{"2021", day(2021, 1, 1), day(2021, 12, 31), "2021"},
		{"2021-02", day(2021, 2, 1), day(2021, 2, 28), "February 2021"},
		{"2021-05-21", day(2021, 5, 21), day(2021, 5, 21), "21 May 2021"},
		{"FY2023-24", day(2023, 7, 1), day(2024, 6, 30), "FY 2023-24"},
		{"FY1999-00", day(1999, 7, 1), day(2000, 6, 30), "FY 1999-00"},
		{"2024-07..2024-11", day(2024, 7, 1), day(2024, 11, 30), "July to November 2024"},
		{"2021..FY2023-24", day(2021, 1, 1), day(2024, 6, 30), "2021 to FY 2023-24"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			p, err := bot.ParsePeriod(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Start.Equal(tt.start) || !p.End.Equal(tt.end) {
				t.Errorf("got %v..%v, want %v..%v", p.Start, p.End, tt.start, tt.end)
			}
			if got := p.String(); got != tt.human {
				t.Errorf("String() = %q, want %q", got, tt.human)
			}
		})
	}

	t.Run("Empty", func(t *testing.T) {
		p, err := bot.ParsePeriod("  ")
		if err != nil || !p.IsZero() || p.String() != "" {
			t.Fatalf("got %+v, %v; want zero period", p, err)
		}
	})

	for _, bad := range []string{"FY2023-25", "FY23-24", "2021-13", "21", "2021/02", "2024-11..2024-07", "..", "yesterday", "2021-02-30"} {
		t.Run("Invalid/"+bad, func(t *testing.T) {
			if _, err := bot.ParsePeriod(bad); err == nil {
				t.Fatalf("ParsePeriod(%q) succeeded, want error", bad)
			}
		})
	}
}

func TestPeriodOverlaps(t *testing.T) {
	fy := bot.MustParsePeriod("FY2023-24")
	if !fy.Overlaps(bot.MustParsePeriod("2024")) {
		t.Error("FY2023-24 should overlap 2024")
	}
	if fy.Overlaps(bot.MustParsePeriod("2021")) {
		t.Error("FY2023-24 should not overlap 2021")
	}
	if fy.Overlaps(bot.Period{}) {
		t.Error("a zero period overlaps nothing")
	}
}

func TestPeriodYearsFrom(t *testing.T) {
	fy24 := bot.MustParsePeriod("FY2023-24")
	for _, c := range []struct {
		other    string
		min, max float64
	}{
		{"2024", 0, 0},          // overlaps
		{"2021", 1.4, 1.6},      // 2021 ends half a year before FY 2023-24 starts
		{"FY2015-16", 6.9, 7.1}, // before
		{"2027-03", 2.6, 2.8},   // after
		{"FY2024-25", 0, 0.01},  // the day after
	} {
		p := bot.MustParsePeriod(c.other)
		if got := fy24.YearsFrom(p); got < c.min || got > c.max || got != p.YearsFrom(fy24) {
			t.Errorf("FY 2023-24 and %s: %.2f years apart (%.2f the other way), want %.1f to %.1f", c.other, got, p.YearsFrom(fy24), c.min, c.max)
		}
	}
	if got := fy24.YearsFrom(bot.Period{}); got != 0 {
		t.Errorf("an unknown period is %.2f years away, want 0", got)
	}
}

func TestReadPeriod(t *testing.T) {
	for _, tt := range []struct{ in, raw string }{
		{"FY 2024-25", "FY2024-25"},
		{"FY2024-25", "FY2024-25"},
		{"fy 2024/25", "FY2024-25"},
		{"FY2024-2025", "FY2024-25"},
		{"FY 2024–25", "FY2024-25"},
		{"2024", "2024"},
		{"November 2024", "2024-11"},
		{"Nov 2024", "2024-11"},
		{"sept. 2024", "2024-09"},
		{"2024-11", "2024-11"},
		{"21 May 2021", "2021-05-21"},
		{"May 21, 2021", "2021-05-21"},
		{"2021-05-21", "2021-05-21"},
		{"July to November 2024", "2024-07..2024-11"},
		{"July 2024 to November 2024", "2024-07..2024-11"},
		{"November 2023 to February 2024", "2023-11..2024-02"},
		{"2024-07..2024-11", "2024-07..2024-11"},
		{"FY 2023-24 to FY 2024-25", "FY2023-24..FY2024-25"},
		{"2021 to FY 2023-24", "2021..FY2023-24"},
		{"Dec-2024", "2024-12"},
		{"dec/2024", "2024-12"},
		{"12/2024", "2024-12"},
		{"3-2021", "2021-03"},
		{"Q1 2025", "2025-01..2025-03"},
		{"2025 Q3", "2025-07..2025-09"},
		{"  ", ""},
	} {
		t.Run(tt.in, func(t *testing.T) {
			p, err := bot.ReadPeriod(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if p.Raw != tt.raw {
				t.Errorf("ReadPeriod(%q).Raw = %q, want %q", tt.in, p.Raw, tt.raw)
			}
		})
	}
	for _, bad := range []string{"FY 2024-26", "Smarch 2024", "31 February 2024", "November to July 2024", "yesterday", "July", "24", "13/2024", "0/2024", "Q5 2025"} {
		t.Run("Invalid/"+bad, func(t *testing.T) {
			if p, err := bot.ReadPeriod(bad); err == nil {
				t.Fatalf("ReadPeriod(%q) = %q, want an error", bad, p.Raw)
			}
		})
	}
}

// TestReadPeriodReadsWhatAnswersPrint checks that every period an answer
// prints can be typed back as a moderator's period and means the same.
func TestReadPeriodReadsWhatAnswersPrint(t *testing.T) {
	for _, raw := range []string{"2021", "2021-02", "2021-05-21", "FY2023-24", "FY1999-00", "2024-07..2024-11",
		"2021..FY2023-24", "2023-11..2024-02", "2021-05-21..2021-06-03", "FY2023-24..FY2024-25", "2024-07-01..2024-11"} {
		p := bot.MustParsePeriod(raw)
		got, err := bot.ReadPeriod(p.String())
		if err != nil || got.Raw != raw {
			t.Errorf("ReadPeriod(%q) = %q, %v; want %q", p.String(), got.Raw, err, raw)
		}
	}
}
