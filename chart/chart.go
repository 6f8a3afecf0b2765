// Package chart draws bot.Charts: as PNG images for chat, drawn with the
// standard image packages and the Go fonts (pure Go, so the binary stays
// one file, and small), and as inline SVG for the web page, written by hand so that it needs no
// script, no font files and no style attributes the page's content
// security policy would refuse.
//
// Both show the same thing: one bar per period, oldest first, labelled
// with the period and the figure; the value axis is labelled with the
// chart's one unit, and the sources are named under the chart.
package chart

import (
	"math"
	"strconv"
	"strings"

	"github.com/pakbot/pakbot/bot"
)

// PeriodLabel is a period short enough to label a bar: "FY 2023-24",
// "Nov 2024", "Jul–Nov 2024", "2023".
func PeriodLabel(p bot.Period) string {
	a, b, isRange := strings.Cut(p.Raw, "..")
	switch {
	case !isRange:
		return shortPeriod(p)
	case len(a) == 7 && len(b) == 7 && p.Start.Year() == p.End.Year():
		return p.Start.Format("Jan") + "–" + p.End.Format("Jan 2006")
	}
	pa, errA := bot.ParsePeriod(a)
	pb, errB := bot.ParsePeriod(b)
	if errA != nil || errB != nil {
		return p.String()
	}
	return shortPeriod(pa) + "–" + shortPeriod(pb)
}

func shortPeriod(p bot.Period) string {
	switch len(p.Raw) {
	case len("2006-01"):
		return p.Start.Format("Jan 2006")
	case len("2006-01-02"):
		return p.Start.Format("2 Jan 2006")
	}
	return p.String()
}

// ticks returns about n round values spanning lo to hi (lo ≤ 0 ≤ hi for
// bars), from the first at or below lo to the last at or above hi.
func ticks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / float64(n))
	var out []float64
	for v := math.Floor(lo/step) * step; ; v += step {
		out = append(out, roundTo(v, step))
		if v >= hi-step*1e-9 {
			return out
		}
	}
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	exp := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*exp >= raw {
			return m * exp
		}
	}
	return 10 * exp
}

// roundTo removes the float noise of adding steps: 0.30000000000000004
// becomes 0.3.
func roundTo(v, step float64) float64 {
	digits := math.Max(0, -math.Floor(math.Log10(step))+2)
	p := math.Pow(10, digits)
	return math.Round(v*p) / p
}

// span is the value range a chart's axis covers: from zero (or the lowest
// negative figure) to the highest figure.
func span(c bot.Chart) (lo, hi float64) {
	for _, f := range c.Points {
		lo, hi = math.Min(lo, f.Figure.Value), math.Max(hi, f.Figure.Value)
	}
	return lo, hi
}

// sourceLines names the chart's sources, one line each, numbered as the
// caption numbers them.
func sourceLines(c bot.Chart) []string {
	var lines []string
	for i, cite := range c.Citations() {
		lines = append(lines, "["+strconv.Itoa(i+1)+"] "+bot.FormatCitation(cite))
	}
	return lines
}
