package bot_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// withFigure returns f stating value in unit.
func withFigure(f bot.Fact, value float64, unit string) bot.Fact {
	f.Figure = bot.Figure{Value: value, Unit: unit}
	return f
}

// chartKB is newKB with figures on the exports series.
func chartKB() *fakeKB {
	kb := newKB()
	series := []bot.Fact{withFigure(exportsFY24, 3.223, "USD bn"), withFigure(exports2023, 2.6, "USD bn"), withFigure(exports2021, 2.1, "USD bn")}
	kb.series["it-exports-annual"] = series
	kb.facts["exports"] = append([]bot.Fact{exportsNov24}, series...)
	return kb
}

func TestChartsOf(t *testing.T) {
	a := withFigure(exportsFY24, 3.223, "USD bn")
	b := withFigure(exports2023, 2.6, "USD bn")
	c := withFigure(exports2021, 2100, "USD m")
	d := withFigure(fact("it-exports-2020", "exports", "2020", "it-exports-annual", srcFull, "IT exports were $1,900 million in 2020."), 1900, "USD m")
	undated := withFigure(fact("it-exports-undated", "exports", "", "it-exports-annual", srcFull, "IT exports were $3 billion at some point."), 3, "USD bn")

	t.Run("OldestFirstOnOneAxisPerUnit", func(t *testing.T) {
		charts := bot.ChartsOf([]bot.Fact{a, c, undated, b, d})
		if len(charts) != 2 {
			t.Fatalf("got %d charts, want one per unit", len(charts))
		}
		for i, want := range []struct {
			unit string
			keys []string
		}{{"USD bn", []string{b.Key, a.Key}}, {"USD m", []string{d.Key, c.Key}}} {
			var keys []string
			for _, p := range charts[i].Points {
				keys = append(keys, p.Key)
				if p.Figure.Unit != want.unit {
					t.Errorf("chart %d (%s) has a point in %s", i, charts[i].Unit, p.Figure.Unit)
				}
			}
			if charts[i].Unit != want.unit || !slices.Equal(keys, want.keys) {
				t.Errorf("chart %d = %s %v, want %s %v", i, charts[i].Unit, keys, want.unit, want.keys)
			}
		}
		if charts[0].Title != "IT exports annual" {
			t.Errorf("title = %q, want the series' name with IT as the facts write it", charts[0].Title)
		}
	})
	t.Run("OnePeriodIsNoChart", func(t *testing.T) {
		if charts := bot.ChartsOf([]bot.Fact{a, c}); len(charts) != 0 {
			t.Errorf("got %d charts from one period per unit", len(charts))
		}
	})
	t.Run("CitesEachSourceOnce", func(t *testing.T) {
		cites := bot.ChartsOf([]bot.Fact{a, b, withFigure(exports2021, 2.1, "USD bn")})[0].Citations()
		var ids []string
		for _, c := range cites {
			ids = append(ids, c.SourceID)
		}
		if !slices.Equal(ids, []string{srcFull.ID, srcApprox.ID}) {
			t.Errorf("citations = %v", ids)
		}
	})
}

func TestSortByPeriod(t *testing.T) {
	range23 := fact("r", "exports", "2023-07..2023-11", "", srcFull, "A range ending November 2023.")
	facts := []bot.Fact{zones, exports2021, range23, exportsFY24, exportsNov24, exports2023}
	bot.SortByPeriod(facts)
	keys := factKeys(facts)
	want := []string{exportsNov24.Key, exportsFY24.Key, exports2023.Key, range23.Key, exports2021.Key, zones.Key}
	if !slices.Equal(keys, want) {
		t.Errorf("got  %v\nwant %v (by each period's last day, no period last)", keys, want)
	}
}

func TestChartCommand(t *testing.T) {
	ctx := context.Background()
	e := bot.New(chartKB())
	ask := func(text string) bot.Reply {
		return e.Handle(ctx, bot.Request{Platform: bot.Telegram, ChatID: "1", UserID: "2", Text: text})
	}

	t.Run("Topic", func(t *testing.T) {
		r := ask("/chart exports")
		if len(r.Charts) != 1 || len(r.Charts[0].Points) != 3 || r.Kind != bot.KindAnswer {
			t.Fatalf("got %d charts: %+v", len(r.Charts), r)
		}
		want := "IT exports annual (USD bn), newest first:\n" +
			"• FY 2023-24: 3.223 USD bn [1]\n• 2023: 2.6 USD bn [2]\n• 2021: 2.1 USD bn [1]\n\n" +
			"Sources:\n[1] " + bot.FormatCitation(srcFull.Citation()) + "\n[2] " + bot.FormatCitation(srcApprox.Citation())
		if got := bot.RenderText(r); got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	})
	t.Run("NearMissTopic", func(t *testing.T) {
		if r := ask("/chart export"); len(r.Charts) != 1 {
			t.Errorf("/chart export: %q", bot.RenderText(r))
		}
	})
	t.Run("NothingToChart", func(t *testing.T) {
		r := ask("/chart skills")
		text := bot.RenderText(r)
		if r.Kind != bot.KindNotFound || len(r.Charts) != 0 || !strings.Contains(text, "no figures over time for Skills") || !strings.Contains(text, "/chart exports") {
			t.Errorf("got %q; want a decline pointing at /chart exports", text)
		}
	})
	t.Run("Usage", func(t *testing.T) {
		if r := ask("/chart"); r.Kind != bot.KindError || !strings.Contains(bot.RenderText(r), "/chart exports") {
			t.Errorf("got %q", bot.RenderText(r))
		}
	})
	t.Run("CaptionOfOneChart", func(t *testing.T) {
		c := ask("/chart exports").Charts[0]
		r := bot.ChartReply(c)
		if len(r.Citations) != 2 || r.Blocks[1].FactKey != exportsFY24.Key || !strings.HasPrefix(bot.RenderText(r), "IT exports annual (USD bn)") {
			t.Errorf("caption = %q", bot.RenderText(r))
		}
	})
}

// countingObserver records what the engine reports.
type countingObserver struct {
	mu        sync.Mutex
	questions []string // platform/outcome
	writes    []string // platform/command
}

func (o *countingObserver) Question(p bot.Platform, out bot.Outcome, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if took < 0 {
		panic("negative latency")
	}
	o.questions = append(o.questions, string(p)+"/"+string(out))
}

func (o *countingObserver) ModeratorWrite(p bot.Platform, command string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.writes = append(o.writes, string(p)+"/"+command)
}

func (o *countingObserver) FeedbackVote(bot.Platform, bot.Choice) {}

func TestObserverCountsQuestions(t *testing.T) {
	ctx := context.Background()
	kb := newKB()
	kb.hits["IT exports FY 2023-24"] = []bot.Hit{{Fact: exportsFY24, Score: 2, Confidence: 1}}
	// Close, but not close enough to answer: the reply asks "Did you mean".
	kb.hits["IT exports of FY 2023-24 rose by how much?"] = []bot.Hit{{Fact: exportsFY24, Score: 1, Confidence: 0.45}}
	obs := &countingObserver{}
	e := bot.New(kb, bot.WithObserver(obs))
	e.Handle(ctx, bot.Request{Platform: bot.Telegram, ChatID: "1", Text: "IT exports FY 2023-24"})
	e.Handle(ctx, bot.Request{Platform: bot.Discord, ChatID: "1", Text: "/ask What is the capital of France?"})
	e.Handle(ctx, bot.Request{Platform: bot.Discord, ChatID: "1", Text: "?!"})
	e.AskOn(ctx, bot.Web, "IT exports FY 2023-24")
	nearMiss := e.AskOn(ctx, bot.Web, "IT exports of FY 2023-24 rose by how much?")
	e.Handle(ctx, bot.Request{Platform: bot.Telegram, ChatID: "1", Text: "/topics"})
	if !strings.Contains(bot.RenderText(nearMiss), "Did you mean") {
		t.Fatalf("the near miss was answered with %q", bot.RenderText(nearMiss))
	}
	want := []string{"telegram/answered", "discord/declined", "discord/error", "web/answered", "web/did-you-mean"}
	if !slices.Equal(obs.questions, want) {
		t.Errorf("questions = %v, want %v (commands other than /ask are not questions)", obs.questions, want)
	}
}

// A figure in another unit than its series' would drop out of the
// series' chart: the moderator is told, with the unit to give.
func TestDescribeSeriesWarnsOfAnotherUnit(t *testing.T) {
	fact := func(key, period string, value float64, unit string) bot.Fact {
		return bot.Fact{Key: key, Series: "it-exports-annual", Period: bot.MustParsePeriod(period), Figure: bot.Figure{Value: value, Unit: unit}}
	}
	members := []bot.Fact{fact("new", "FY2024-25", 3.8, "billion"), fact("fy24", "FY2023-24", 3.223, "USD bn"), fact("y23", "2023", 2.6, "USD bn")}
	got := bot.DescribeSeries(members[0], members, "IT exports")
	want := "It joins IT exports: now the newest of 3 periods (series it-exports-annual). Its figure is in billion, and others of the series are in USD bn: a chart draws one unit, so give them all the same."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	members[0].Figure.Unit = "USD bn"
	if got := bot.DescribeSeries(members[0], members, "IT exports"); strings.Contains(got, "Its figure is in") {
		t.Errorf("a figure in the series' unit is warned of: %q", got)
	}
	// Two facts of one period are warned of too.
	members[0].Period = members[1].Period
	if got := bot.DescribeSeries(members[0], members, "IT exports"); !strings.HasSuffix(got, " fy24 has the same period, FY 2023-24: a series has one fact a period.") {
		t.Errorf("two facts of one period: %q", got)
	}
}
