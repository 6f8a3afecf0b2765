package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pakbot/pakbot/internal/lazyre"
)

// Period is the span of time a fact refers to, such as a fiscal year or a
// month. The zero Period means the source gives no period.
type Period struct {
	// Raw is the canonical form stored in seeds and the database:
	// YYYY, YYYY-MM, YYYY-MM-DD, FYyyyy-yy (July to June), or A..B.
	Raw string
	// Start and End are the first and last day covered.
	Start, End time.Time
}

// ParsePeriod parses the canonical period syntax. The empty string parses
// to the zero Period.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Period{}, nil
	}
	if a, b, ok := strings.Cut(s, ".."); ok {
		pa, err := parseSimplePeriod(a)
		if err != nil {
			return Period{}, err
		}
		pb, err := parseSimplePeriod(b)
		if err != nil {
			return Period{}, err
		}
		if pb.End.Before(pa.Start) {
			return Period{}, fmt.Errorf("period %q ends before it starts", s)
		}
		return Period{Raw: s, Start: pa.Start, End: pb.End}, nil
	}
	return parseSimplePeriod(s)
}

// MustParsePeriod is ParsePeriod for literals in tests and seeds already
// validated; it panics on a malformed period.
func MustParsePeriod(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func parseSimplePeriod(s string) (Period, error) {
	// Built only on failure: formatting it on every call cost search a
	// microsecond and an allocation per fact read.
	bad := func() error { return fmt.Errorf("period %q: want YYYY, YYYY-MM, YYYY-MM-DD, FYyyyy-yy or A..B", s) }
	if rest, ok := strings.CutPrefix(s, "FY"); ok {
		first, second, ok := strings.Cut(rest, "-")
		y, err1 := strconv.Atoi(first)
		y2, err2 := strconv.Atoi(second)
		if !ok || err1 != nil || err2 != nil || !digits(first, 4) || !digits(second, 2) || (y+1)%100 != y2 {
			return Period{}, bad()
		}
		start := time.Date(y, time.July, 1, 0, 0, 0, 0, time.UTC)
		return Period{Raw: s, Start: start, End: time.Date(y+1, time.June, 30, 0, 0, 0, 0, time.UTC)}, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) != len(layout) {
			continue
		}
		t, err := time.Parse(layout, s)
		if err != nil {
			return Period{}, bad()
		}
		end := t
		switch layout {
		case "2006-01":
			end = t.AddDate(0, 1, -1)
		case "2006":
			end = t.AddDate(1, 0, -1)
		}
		return Period{Raw: s, Start: t, End: end}, nil
	}
	return Period{}, bad()
}

// digits reports whether s is exactly n ASCII digits; strconv.Atoi alone
// would also take signs ("FY+023-24", "FY2099--0").
func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsZero reports whether the period is unknown.
func (p Period) IsZero() bool { return p.Raw == "" }

// Overlaps reports whether two known periods share at least one day.
func (p Period) Overlaps(q Period) bool {
	if p.IsZero() || q.IsZero() {
		return false
	}
	return !p.End.Before(q.Start) && !q.End.Before(p.Start)
}

// YearsFrom is how many years lie between two known periods: 0 when they
// overlap.
func (p Period) YearsFrom(q Period) float64 {
	if p.IsZero() || q.IsZero() || p.Overlaps(q) {
		return 0
	}
	gap := q.Start.Sub(p.End)
	if p.Start.After(q.End) {
		gap = p.Start.Sub(q.End)
	}
	return gap.Hours() / 24 / 365
}

// String renders the period for people: "FY 2023-24", "February 2021",
// "21 May 2021", "July to November 2024".
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	if a, b, ok := strings.Cut(p.Raw, ".."); ok {
		pa, pb := MustParsePeriod(a), MustParsePeriod(b)
		if len(a) == 7 && len(b) == 7 && pa.Start.Year() == pb.Start.Year() {
			return pa.Start.Format("January") + " to " + pb.Start.Format("January 2006")
		}
		return pa.String() + " to " + pb.String()
	}
	if rest, ok := strings.CutPrefix(p.Raw, "FY"); ok {
		return "FY " + rest
	}
	switch len(p.Raw) {
	case len("2006-01-02"):
		return p.Start.Format("2 January 2006")
	case len("2006-01"):
		return p.Start.Format("January 2006")
	}
	return p.Raw
}

// ReadPeriod reads a period as people write it: every form Period.String
// prints ("FY 2024-25", "November 2024", "21 May 2021", "July to November
// 2024", "2021 to FY 2023-24"), the canonical forms ParsePeriod takes
// ("FY2024-25", "2024-11", "2024-07..2024-11"), and small variations of
// them (any case, "Nov 2024", "FY 2024/25", "FY2024-2025"). The period it
// returns has the canonical Raw form, so what a moderator types is stored
// the way the seeds store it. The empty string reads as the zero Period.
func ReadPeriod(s string) (Period, error) {
	s = strings.Join(strings.Fields(strings.NewReplacer("–", "-", "—", "-").Replace(s)), " ")
	if s == "" {
		return Period{}, nil
	}
	if p, err := ParsePeriod(s); err == nil {
		return p, nil
	}
	bad := fmt.Errorf("%q is not a period I understand: write 2024, November 2024 (or 2024-11), 30 November 2024, FY 2024-25, or a range such as July to November 2024 (or 2024-07..2024-11)", s)
	lower := strings.ToLower(s)
	a, b, isRange := strings.Cut(lower, "..")
	if !isRange {
		a, b, isRange = strings.Cut(lower, " to ")
	}
	if !isRange {
		raw, ok := readSimplePeriod(lower, 0)
		if !ok {
			return Period{}, bad
		}
		p, err := ParsePeriod(raw)
		if err != nil {
			return Period{}, bad
		}
		return p, nil
	}
	end, ok := readSimplePeriod(strings.TrimSpace(b), 0)
	if !ok {
		return Period{}, bad
	}
	endPeriod, err := ParsePeriod(end)
	if err != nil {
		return Period{}, bad
	}
	// "July to November 2024": the start takes the end's year.
	start, ok := readSimplePeriod(strings.TrimSpace(a), endPeriod.End.Year())
	if !ok {
		return Period{}, bad
	}
	p, err := ParsePeriod(start + ".." + end)
	if err != nil {
		return Period{}, fmt.Errorf("%q ends before it starts", s)
	}
	return p, nil
}

var (
	fiscalYearInput = lazyre.New(`^(?:fy|fiscal year)\s*((?:19|20)\d\d)\s*[-/]\s*(\d\d|\d{4})$`)
	monthYearInput  = lazyre.New(`^([a-z]+)\.?,?(?:[\s/-]+'?(\d{4}))?$`)
	// numericMonthInput is a month and a year in digits: "12/2024",
	// "12-2024".
	numericMonthInput = lazyre.New(`^(\d{1,2})\s*[/.-]\s*(\d{4})$`)
	// quarterInput is a quarter of a year: "Q1 2025", "2025 Q3".
	quarterInput  = lazyre.New(`^(?:q([1-4])\s*-?\s*(\d{4})|(\d{4})\s*-?\s*q([1-4]))$`)
	dayMonthInput = lazyre.New(`^(\d{1,2})\s+([a-z]+)\.?,?(?:\s+(\d{4}))?$`)
	monthDayInput = lazyre.New(`^([a-z]+)\.?\s+(\d{1,2}),?(?:\s+(\d{4}))?$`)
	monthNames    = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
)

// monthNamed reads a month's name, in full or abbreviated ("nov", "sept").
func monthNamed(name string) (time.Month, bool) {
	if m, ok := monthNames[name]; ok {
		return m, true
	}
	if len(name) > 3 {
		if m, ok := monthNames[name[:3]]; ok && strings.HasPrefix(strings.ToLower(m.String()), name) {
			return m, true
		}
	}
	return 0, false
}

// readSimplePeriod turns one lowercase, single-spaced side of a period
// into its canonical form. A month or day without a year takes
// defaultYear when it is not 0.
func readSimplePeriod(s string, defaultYear int) (string, bool) {
	if p, err := ParsePeriod(strings.ToUpper(s)); err == nil && !strings.Contains(p.Raw, "..") {
		return p.Raw, true
	}
	year := func(digits string) (int, bool) {
		if digits == "" {
			return defaultYear, defaultYear != 0
		}
		y, err := strconv.Atoi(digits)
		return y, err == nil
	}
	if m := fiscalYearInput().FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		next, _ := strconv.Atoi(m[2])
		if len(m[2]) == 4 {
			next %= 100
		}
		return fmt.Sprintf("FY%d-%02d", y, next), true
	}
	if m := numericMonthInput().FindStringSubmatch(s); m != nil {
		month, _ := strconv.Atoi(m[1])
		if month >= 1 && month <= 12 {
			return fmt.Sprintf("%s-%02d", m[2], month), true
		}
		return "", false
	}
	if m := quarterInput().FindStringSubmatch(s); m != nil {
		q, y := m[1]+m[4], m[2]+m[3]
		first := (int(q[0]-'0')-1)*3 + 1
		return fmt.Sprintf("%s-%02d..%s-%02d", y, first, y, first+2), true
	}
	if m := monthYearInput().FindStringSubmatch(s); m != nil {
		month, ok := monthNamed(m[1])
		y, okYear := year(m[2])
		if ok && okYear {
			return fmt.Sprintf("%04d-%02d", y, month), true
		}
	}
	var dayText, monthText, yearText string
	if m := dayMonthInput().FindStringSubmatch(s); m != nil {
		dayText, monthText, yearText = m[1], m[2], m[3]
	} else if m := monthDayInput().FindStringSubmatch(s); m != nil {
		dayText, monthText, yearText = m[2], m[1], m[3]
	} else {
		return "", false
	}
	month, ok := monthNamed(monthText)
	y, okYear := year(yearText)
	d, _ := strconv.Atoi(dayText)
	if !ok || !okYear {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, month, d), true
}
