package understand

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/lazyre"
)

// Periods are written many ways: "FY 2023-24", "fy24", "FY2024", "2023/24",
// "2023-2024", "fiscal year 2024", "November 2024", "nov 2024", "in 2021",
// and relative to today: "last fiscal year", "this year", "latest". Pakistan's
// fiscal year runs from July to June and is named by both years or by the
// year it ends in, so FY24 and FY2024 are FY 2023-24.

var (
	fyShort   = lazyre.New(`\bfy\s*'?(\d\d)(?:\s*[-/–]\s*(\d\d))?\b`)
	fyLong    = lazyre.New(`\b(?:fy|fiscal year|financial year)\s*((?:19|20)\d\d)\b(?:\s*[-/–]\s*(\d\d(?:\d\d)?)\b)?`)
	yearPair  = lazyre.New(`\b((?:19|20)\d\d)\s*[-/–]\s*(\d\d(?:\d\d)?)\b`)
	monthYear = lazyre.New(`\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+((?:19|20)\d\d)\b`)
	// monthShortYear is "dec 24", "nov'24", "Nov-24": a month and the
	// last two digits of its year, as chat and trade figures write them.
	monthShortYear = lazyre.New(`\b(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\.?(\s*['’-]\s*|\s+)([0-4]\d)\b`)
	// beforeDay are the words that come before a date written as a
	// month and its day ("on dec 24", "the december 31 deadline").
	beforeDay = map[string]bool{"on": true, "the": true, "by": true, "before": true, "after": true, "until": true, "till": true, "from": true, "since": true}
	// dayYear follows a month's day: "dec 24, 2024".
	dayYear   = regexp.MustCompile(`^\s*,?\s*(?:19|20)\d\d\b`)
	yearMonth = lazyre.New(`\b((?:19|20)\d\d)[-/](0[1-9]|1[0-2])\b`)
	plainYear = lazyre.New(`\b(?:19|20)\d\d\b`)
	// firstMonths is "the first five months of fy 2024-25", "first half
	// of 2023", "1st 5 months of fy25".
	firstMonths = lazyre.New(`\b(?:first|1st)\s+(half|quarter|two|three|four|five|six|seven|eight|nine|ten|eleven|[1-9]|1[01])(?:\s+months?)?\s+(?:of\s+)?(?:the\s+)?` + yearOrFY)
	// season is "autumn 2021", "summer of 2023": three months of a year,
	// as the northern hemisphere has them (winter runs into the next).
	season = lazyre.New(`\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?((?:19|20)\d\d)\b`)
	// monthRange is "jul-nov 2024", "july to november 2024", "may and june
	// 2023", "jul-nov of fy 2023-24": two months and the year or fiscal
	// year they fall in.
	monthRange = lazyre.New(`\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*(?:-|–|to|through|till|until|and)\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?:of\s+|in\s+)?(?:the\s+)?` + yearOrFY)
	// yearEnding is "the year that ended in june 2024", "fiscal year
	// ending 30 june 2024", "12 months to march 2024": the twelve months
	// up to a month.
	yearEnding = lazyre.New(`\b(?:(?:fiscal|financial)\s+)?(?:year|12\s+months|twelve\s+months)\s+(?:that\s+|which\s+)?(?:end(?:ed|ing|s)?|to|till|until|through)\s+(?:in\s+|on\s+)?(?:(?:[12]?\d|3[01])(?:st|nd|rd|th)?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+(?:[12]?\d|3[01])(?:st|nd|rd|th)?)?,?\s+((?:19|20)\d\d)\b`)
	monthNames = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
)

// yearOrFY captures a year or a fiscal year in any of its spellings, for
// the patterns that read months within one.
const yearOrFY = `((?:fy|fiscal year|financial year)\s*'?\d\d(?:\d\d)?(?:\s*[-/–]\s*\d\d(?:\d\d)?)?|(?:19|20)\d\d(?:\s*[-/–]\s*\d\d(?:\d\d)?)?)`

// fiscalYear returns the fiscal year ending in June of end.
func fiscalYear(end int) (bot.Period, error) {
	return bot.ParsePeriod(fmt.Sprintf("FY%d-%02d", end-1, end%100))
}

// ExtractPeriod finds the period folded text names with numbers and
// returns it with the text that is left. It understands fiscal years in all
// their spellings, a month with its year, and a year alone.
func ExtractPeriod(text string) (bot.Period, string) {
	if strings.IndexAny(text, "0123456789") < 0 {
		return bot.Period{}, text // every form has a year
	}
	cut := func(m []int) string { return text[:m[0]] + " " + text[m[1]:] }
	// Each pattern needs words of its own (a month's name, "fy", a year
	// of this century or the last): those that cannot match are not run,
	// as most questions name no period.
	month := slices.ContainsFunc(monthAbbrevs, func(m string) bool { return strings.Contains(text, m) })
	fy := strings.Contains(text, "fy")
	year := strings.Contains(text, "19") || strings.Contains(text, "20")
	if m := findIf(strings.Contains(text, "year") || strings.Contains(text, "months"), yearEnding, text); m != nil {
		y, _ := strconv.Atoi(text[m[4]:m[5]])
		if p, ok := yearTo(monthNames[text[m[2]:m[3]]], y); ok {
			return p, cut(m)
		}
	}
	if m := findIf(strings.Contains(text, "first") || strings.Contains(text, "1st"), firstMonths, text); m != nil {
		if within, ok := wholePeriod(text[m[4]:m[5]]); ok {
			if p, ok := firstMonthsOf(text[m[2]:m[3]], within); ok {
				return p, cut(m)
			}
		}
	}
	if m := findIf(year && slices.ContainsFunc(seasonNames, func(s string) bool { return strings.Contains(text, s) }), season, text); m != nil {
		y, _ := strconv.Atoi(text[m[4]:m[5]])
		first := seasonStarts[text[m[2]:m[3]]]
		from := time.Date(y, first, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(0, 2, 0)
		if p, err := bot.ParsePeriod(from.Format("2006-01") + ".." + to.Format("2006-01")); err == nil {
			return p, cut(m)
		}
	}
	if m := findIf(month, monthRange, text); m != nil {
		if within, ok := wholePeriod(text[m[6]:m[7]]); ok {
			if p, ok := monthsOf(monthNames[text[m[2]:m[3]]], monthNames[text[m[4]:m[5]]], within); ok {
				return p, cut(m)
			}
		}
	}
	if m := findIf(fy, fyShort, text); m != nil {
		a, _ := strconv.Atoi(text[m[2]:m[3]])
		end := 2000 + a
		if m[4] >= 0 {
			b, _ := strconv.Atoi(text[m[4]:m[5]])
			end = 0
			if (a+1)%100 == b {
				end = 2000 + b
			}
		}
		if p, err := fiscalYear(end); err == nil && end > 2000 {
			return p, cut(m)
		}
	}
	if m := findIf(fy || strings.Contains(text, "fiscal year") || strings.Contains(text, "financial year"), fyLong, text); m != nil {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		end := y
		if m[4] >= 0 {
			// "FY 2023-24" names both years; "FY2024" the one it ends in.
			b, ok := secondYear(y, text[m[4]:m[5]])
			if !ok {
				return bot.Period{}, text
			}
			end = b
		}
		if p, err := fiscalYear(end); err == nil {
			return p, cut(m)
		}
	}
	if m := findIf(year, yearPair, text); m != nil {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		if end, ok := secondYear(y, text[m[4]:m[5]]); ok {
			if p, err := fiscalYear(end); err == nil {
				return p, cut(m)
			}
		}
	}
	if m := findIf(month && year, monthYear, text); m != nil {
		p, err := bot.ParsePeriod(fmt.Sprintf("%s-%02d", text[m[4]:m[5]], monthNames[text[m[2]:m[3]]]))
		if err == nil {
			return p, cut(m)
		}
	}
	if m := findIf(month, monthShortYear, text); m != nil {
		// Not a day ("dec 24, 2024", "on dec 24", "by the december 31
		// deadline"), nor "may" the verb before a figure: that month
		// is written "may'24".
		name, spaced := text[m[2]:m[2]+3], strings.TrimSpace(text[m[4]:m[5]]) == ""
		before := strings.Fields(text[:m[0]])
		day := dayYear.MatchString(text[m[1]:]) || spaced && (name == "may" || len(before) > 0 && beforeDay[before[len(before)-1]])
		if !day {
			if p, err := bot.ParsePeriod(fmt.Sprintf("20%s-%02d", text[m[6]:m[7]], monthNames[name])); err == nil {
				return p, cut(m)
			}
		}
	}
	if m := findIf(year, yearMonth, text); m != nil {
		if p, err := bot.ParsePeriod(text[m[2]:m[3]] + "-" + text[m[4]:m[5]]); err == nil {
			return p, cut(m)
		}
	}
	if m := findIf(year, plainYear, text); m != nil {
		if p, err := bot.ParsePeriod(text[m[0]:m[1]]); err == nil {
			return p, cut(m)
		}
	}
	return bot.Period{}, text
}

// findIf is the first match of re in text with its groups, if may says
// there can be one; re is compiled when first needed, as most text holds
// no period of its kind.
func findIf(may bool, re func() *regexp.Regexp, text string) []int {
	if !may {
		return nil
	}
	return re().FindStringSubmatchIndex(text)
}

// monthAbbrevs and seasonNames are what month and season patterns start
// with.
var (
	monthAbbrevs = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	seasonNames  = []string{"spring", "summer", "autumn", "fall", "winter"}
)

// yearTo is the twelve months up to and including month of year: a
// fiscal year when it ends in June, a calendar year when in December.
func yearTo(month time.Month, year int) (bot.Period, bool) {
	var p bot.Period
	var err error
	switch month {
	case time.June:
		p, err = fiscalYear(year)
	case time.December:
		p, err = bot.ParsePeriod(strconv.Itoa(year))
	default:
		to := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
		p, err = bot.ParsePeriod(to.AddDate(0, -11, 0).Format("2006-01") + ".." + to.Format("2006-01"))
	}
	return p, err == nil
}

// seasonStarts are the first months of the seasons.
var seasonStarts = map[string]time.Month{"spring": time.March, "summer": time.June, "autumn": time.September, "fall": time.September, "winter": time.December}

// monthCounts are the spans "the first … of" a year names.
var monthCounts = map[string]int{"half": 6, "quarter": 3, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11}

// wholePeriod reads text that is a year or a fiscal year and nothing else.
func wholePeriod(text string) (bot.Period, bool) {
	p, rest := ExtractPeriod(text)
	return p, !p.IsZero() && strings.TrimSpace(rest) == ""
}

// firstMonthsOf is the first n months of a year or fiscal year: the first
// five months of FY 2024-25 are July to November 2024.
func firstMonthsOf(n string, within bot.Period) (bot.Period, bool) {
	count, ok := monthCounts[n]
	if !ok {
		count, _ = strconv.Atoi(n)
	}
	if count < 1 {
		return bot.Period{}, false
	}
	first := within.Start.Month()
	return monthsOf(first, first+time.Month(count-1), within)
}

// monthsOf is the period from month a to month b within a year or a
// fiscal year: in FY 2023-24, July to November are in 2023 and January to
// June in 2024.
func monthsOf(a, b time.Month, within bot.Period) (bot.Period, bool) {
	at := func(m time.Month) time.Time {
		t := time.Date(within.Start.Year(), m, 1, 0, 0, 0, 0, time.UTC)
		if t.Before(within.Start) {
			t = t.AddDate(1, 0, 0)
		}
		return t
	}
	from, to := at(a), at(b)
	if to.Before(from) || to.After(within.End) {
		return bot.Period{}, false
	}
	p, err := bot.ParsePeriod(from.Format("2006-01") + ".." + to.Format("2006-01"))
	return p, err == nil
}

// secondYear reads the second year of a pair ("24" or "2024" after 2023)
// and reports whether it follows the first.
func secondYear(first int, s string) (int, bool) {
	b, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	if len(s) == 2 {
		b += first / 100 * 100
		if b < first {
			b += 100
		}
	}
	return b, b == first+1
}

// currentFiscalYearEnd is the year the fiscal year holding t ends in.
func currentFiscalYearEnd(t time.Time) int {
	if t.Month() >= time.July {
		return t.Year() + 1
	}
	return t.Year()
}

// relative periods, matched on the English words of a question (Roman Urdu
// and Urdu ones have been translated by the lexicon by then). They are
// compiled when first needed: relativePeriod runs them only on a question
// that says "year" or may ask for the latest figure.
var (
	// sameLastYear is a figure's own period a year before: "the same
	// period last year", "the same five months of the previous fiscal
	// year", "a year earlier", and in Urdu word order "pichle saal isi
	// arse" (last year, the same period).
	sameLastYear = lazyre.New(`\b(?:same|corresponding)\s+(?:period|time|quarter|months?|\w+\s+months)\s+(?:of\s+|in\s+)?(?:the\s+)?(?:last|previous|past|prior|preceding)\s+(?:fiscal\s+|financial\s+)?year\b|\b(?:last|previous|past|prior)\s+(?:fiscal\s+|financial\s+)?year\s+(?:same|corresponding)\s+(?:period|time|months?)\b|\b(?:(?:a|one)\s+)?year\s+(?:earlier|before)\b`)
	// comparedWith ends the words before a period that the figure asked
	// for is compared with.
	comparedWith = lazyre.New(`\b(?:compared|comparison|relative|as\s+against|from|over|on|against|than|vs|versus|since)\s+(?:with\s+|to\s+)?(?:the\s+|in\s+the\s+)?$`)
	lastFiscal   = lazyre.New(`\b(?:last|previous|past|prior)\s+(?:fiscal|financial)\s+year\b`)
	thisFiscal   = lazyre.New(`\b(?:this|current|present|ongoing)\s+(?:fiscal|financial)\s+year\b`)
	lastYear     = lazyre.New(`\b(?:last|previous|past)\s+year\b`)
	thisYear     = lazyre.New(`\b(?:this|current)\s+year\b`)
	nextFiscal   = lazyre.New(`\b(?:next|coming|upcoming)\s+(?:fiscal|financial)\s+year\b`)
	nextYear     = lazyre.New(`\b(?:next|coming)\s+year\b`)
	latestWords  = lazyre.New(`\b(?:latest|newest|most recent|recent|recently|current|currently|now|nowadays|today|these days|so far|to date|up to date|as of now|right now|present|status|situation)\b`)
)

// latestCues are the words that can start a wish for the latest figure.
var latestCues = []string{" latest ", " newest ", " recent", " current", " now ", " nowadays ", " today ", " these days ", " so far ", " to date ", " up to date ", " as of now ", " present ", " status", " situation"}

// mayAskLatest is a cheap test that spares the latest-words regexp for
// most questions.
func mayAskLatest(text string) bool {
	for _, c := range latestCues {
		if strings.Contains(text, c) {
			return true
		}
	}
	return false
}

// relativePeriod finds a period named relative to now, or a wish for the
// latest figure, in English text.
func relativePeriod(text string, now time.Time) (p bot.Period, rel relative, rest string) {
	if !strings.Contains(text, " year ") && !mayAskLatest(text) {
		return bot.Period{}, relative{}, text
	}
	cut := func(m []int) string { return text[:m[0]] + " " + text[m[1]:] }
	if m := sameLastYear().FindStringIndex(text); m != nil {
		// "rose 32% compared with the same period last year": the
		// newest figure is measured against it, and is what is asked.
		against := comparedWith().MatchString(text[:m[0]])
		return bot.Period{}, relative{yearEarlier: !against}, cut(m)
	}
	if m := lastFiscal().FindStringIndex(text); m != nil {
		p, _ = fiscalYear(currentFiscalYearEnd(now) - 1)
		return p, relative{}, cut(m)
	}
	if m := thisFiscal().FindStringIndex(text); m != nil {
		p, _ = fiscalYear(currentFiscalYearEnd(now))
		return p, relative{}, cut(m)
	}
	if m := lastYear().FindStringIndex(text); m != nil {
		p, _ = bot.ParsePeriod(strconv.Itoa(now.Year() - 1))
		return p, relative{}, cut(m)
	}
	if m := thisYear().FindStringIndex(text); m != nil {
		p, _ = bot.ParsePeriod(strconv.Itoa(now.Year()))
		return p, relative{}, cut(m)
	}
	// "IT exports next year", "agle saal": a year to come, which only a
	// target or a plan can give a figure for.
	if m := nextFiscal().FindStringIndex(text); m != nil {
		p, _ = fiscalYear(currentFiscalYearEnd(now) + 1)
		return p, relative{}, cut(m)
	}
	if m := nextYear().FindStringIndex(text); m != nil {
		p, _ = bot.ParsePeriod(strconv.Itoa(now.Year() + 1))
		return p, relative{}, cut(m)
	}
	if latestWords().MatchString(text) {
		return bot.Period{}, relative{latest: true}, latestWords().ReplaceAllString(text, " ")
	}
	return bot.Period{}, relative{}, text
}

// relative is what a question asks of a period without naming one.
type relative struct {
	// latest asks for the newest figure: "latest", "so far".
	latest bool
	// yearEarlier asks for the figure a year before the newest: "the
	// same period last year", "a year earlier".
	yearEarlier bool
	// named is set when the period is written out ("FY 2025-26", "May
	// 2021"), not counted from today ("last fiscal year").
	named bool
}

// ParsePeriodPhrase reads a period as people write it, including every
// form answers print ("FY 2024-25", "November 2024") and the canonical
// ones ("FY2024-25", "2024-11", "2024-07..2024-11"). It is what moderators'
// period arguments go through.
func ParsePeriodPhrase(s string) (bot.Period, error) {
	s = strings.TrimSpace(s)
	if p, err := bot.ParsePeriod(s); err == nil {
		return p, nil
	}
	if a, b, ok := strings.Cut(s, ".."); ok {
		pa, errA := ParsePeriodPhrase(a)
		pb, errB := ParsePeriodPhrase(b)
		if errA == nil && errB == nil && !pa.IsZero() && !pb.IsZero() {
			return bot.ParsePeriod(pa.Raw + ".." + pb.Raw)
		}
	}
	p, rest := ExtractPeriod(Fold(s))
	if p.IsZero() || strings.TrimSpace(strings.Trim(rest, " ,.")) != "" {
		return bot.Period{}, fmt.Errorf("period %q: write it as 2024, November 2024, 2024-11, FY 2024-25 or a range such as 2024-07..2024-11", s)
	}
	return p, nil
}
