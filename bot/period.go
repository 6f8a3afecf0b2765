package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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
