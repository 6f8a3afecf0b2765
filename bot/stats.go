package bot

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// /stats and `pakbot stats`: what the question log says about the last
// days, and how the answer rate moves week by week.

// StatsReport is the question log over the last Days days.
type StatsReport struct {
	Days int
	Stats
	// TopMisses are the groups missed most often in the period.
	TopMisses []Miss
	// Weeks are the last weeks, oldest first, each the seven days up to
	// its To: the answer rate's trend.
	Weeks []Stats
}

// maxTop is how many top facts, topics and misses a report keeps.
const maxTop = 5

// NewStatsReport summarises the question log in store over the days up to
// now, with at least four weeks of trend.
func NewStatsReport(ctx context.Context, store Insights, now time.Time, days int) (StatsReport, error) {
	if days < 1 {
		days = 1
	}
	r := StatsReport{Days: days}
	from := now.Add(-time.Duration(days) * 24 * time.Hour)
	var err error
	if r.Stats, err = store.Stats(ctx, from, now); err != nil {
		return r, fmt.Errorf("cannot read stats: %w", err)
	}
	misses, err := store.Misses(ctx, MissQuery{Since: from})
	if err != nil {
		return r, fmt.Errorf("cannot read stats: %w", err)
	}
	slices.SortStableFunc(misses, func(a, b Miss) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return b.LastAsked.Compare(a.LastAsked)
	})
	r.TopMisses = misses[:min(len(misses), maxTop)]
	weeks := min(max(4, (days+6)/7), 26)
	for i := weeks - 1; i >= 0; i-- {
		to := now.Add(-time.Duration(7*i) * 24 * time.Hour)
		w, err := store.Stats(ctx, to.Add(-7*24*time.Hour), to)
		if err != nil {
			return r, fmt.Errorf("cannot read stats: %w", err)
		}
		r.Weeks = append(r.Weeks, w)
	}
	return r, nil
}

// Percent formats a share as a whole percentage.
func Percent(share float64) string { return fmt.Sprintf("%d%%", int(math.Round(100*share))) }

// SummaryLine says in one sentence what Stats holds.
func SummaryLine(s Stats) string {
	return fmt.Sprintf("%s, %d answered (%s), %d declined, %d with “did you mean”; 👍 %d, 👎 %d.",
		Count(s.Questions, "question", "questions"), s.Answered, Percent(s.AnswerRate()), s.Declined, s.DidYouMean, s.Up, s.Down)
}

func (e *Engine) stats(ctx context.Context, _ Request, _ string) Reply {
	e.flushLog(ctx)
	now := e.now()
	week, err := NewStatsReport(ctx, e.insights(), now, 7)
	if err != nil {
		e.logger.ErrorContext(ctx, "stats failed", "err", err)
		return e.failure()
	}
	month, err := NewStatsReport(ctx, e.insights(), now, 30)
	if err != nil {
		e.logger.ErrorContext(ctx, "stats failed", "err", err)
		return e.failure()
	}
	r := privateText(KindInfo)
	r.Title = "Stats"
	r.Blocks = append(r.Blocks,
		Block{Text: "Last 7 days: " + SummaryLine(week.Stats)},
		Block{Text: "Last 30 days: " + SummaryLine(month.Stats)})
	list := func(heading string, items []KeyCount, unit, units string) {
		if len(items) == 0 {
			return
		}
		r.Blocks = append(r.Blocks, Block{Heading: true, Text: heading})
		for _, kc := range items {
			r.Blocks = append(r.Blocks, Block{Item: true, Text: kc.Key + ": " + Count(kc.Count, unit, units)})
		}
	}
	list("Top facts, last 30 days:", month.TopFacts, "answer", "answers")
	list("Top topics, last 30 days:", month.TopTopics, "answer", "answers")
	if len(month.TopMisses) > 0 {
		r.Blocks = append(r.Blocks, Block{Heading: true, Text: "Top misses, last 30 days (/misses to fix them):"})
		for _, m := range month.TopMisses {
			r.Blocks = append(r.Blocks, Block{Item: true, Text: fmt.Sprintf("#%d “%s”: %s", m.ID, m.Question, askedTimes(m.Count))})
		}
	}
	r.Blocks = append(r.Blocks, Block{Heading: true, Text: "Answer rate by week:"})
	for _, w := range month.Weeks {
		text := "week to " + day(w.To) + ": no questions"
		if w.Questions > 0 {
			text = fmt.Sprintf("week to %s: %s of %s", day(w.To), Percent(w.AnswerRate()), Count(w.Questions, "question", "questions"))
		}
		r.Blocks = append(r.Blocks, Block{Item: true, Text: text})
	}
	return r
}
