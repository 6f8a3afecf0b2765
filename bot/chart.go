package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxCharts is how many charts one /chart reply shows.
const MaxCharts = 3

// Chart is one measure over time, drawn from the figures of a series'
// facts. Every point is a fact with a period and a figure in the chart's
// one unit: figures in different units never share a chart.
type Chart struct {
	// Series is the name of the series the points belong to.
	Series string
	// Title names the measure for people ("IT exports annual").
	Title string
	// Unit is the unit of every point's figure, for the value axis.
	Unit string
	// Points are the facts charted, oldest period first, as a time axis
	// runs.
	Points []Fact
}

// Citations lists the sources of the chart's points, each once, in the
// order the points first cite them; an image or a caption names them.
func (c Chart) Citations() []Citation {
	var out []Citation
	seen := map[string]bool{}
	for _, f := range c.Points {
		if !seen[f.SourceID] {
			seen[f.SourceID] = true
			src := f.Source
			if src.ID == "" {
				src.ID = f.SourceID
			}
			out = append(out, src.Citation())
		}
	}
	return out
}

// ChartsOf finds the charts in facts: for each series, and within it each
// unit, the facts with a figure and a period, when they cover two or more
// periods. Charts come in the order their series first appear in facts.
func ChartsOf(facts []Fact) []Chart {
	type group struct{ series, unit string }
	var order []group
	points := map[group][]Fact{}
	seen := map[string]bool{}
	for _, f := range facts {
		if f.Series == "" || f.Figure.IsZero() || f.Period.IsZero() || f.Removed || seen[f.Key] {
			continue
		}
		seen[f.Key] = true
		g := group{f.Series, f.Figure.Unit}
		if _, ok := points[g]; !ok {
			order = append(order, g)
		}
		points[g] = append(points[g], f)
	}
	var charts []Chart
	for _, g := range order {
		pts := points[g]
		periods := map[string]bool{}
		for _, f := range pts {
			periods[f.Period.Raw] = true
		}
		if len(periods) < 2 {
			continue
		}
		slices.SortStableFunc(pts, func(a, b Fact) int {
			return cmp.Or(a.Period.End.Compare(b.Period.End), a.Period.Start.Compare(b.Period.Start))
		})
		charts = append(charts, Chart{Series: g.series, Title: seriesTitle(g.series, pts), Unit: g.unit, Points: pts})
	}
	return charts
}

// seriesTitle makes a series' name readable: words separated by spaces,
// the first capitalised, and written in capitals where the facts write
// them so ("it-exports-annual" becomes "IT exports annual").
func seriesTitle(series string, facts []Fact) string {
	words := strings.Split(series, "-")
	for i, w := range words {
		upper := strings.ToUpper(w)
		for _, f := range facts {
			if containsWord(f.Text, upper) {
				words[i] = upper
				break
			}
		}
	}
	title := strings.Join(words, " ")
	r, size := utf8.DecodeRuneInString(title)
	return string(unicode.ToUpper(r)) + title[size:]
}

// containsWord reports whether word occurs in text as a whole word.
func containsWord(text, word string) bool {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if w == word {
			return true
		}
	}
	return false
}

// SortByPeriod orders facts newest period first, by the last day each
// period covers (a range or a fiscal year by its last month), with facts
// that state no period last. Ties keep their order.
func SortByPeriod(facts []Fact) {
	slices.SortStableFunc(facts, func(a, b Fact) int {
		switch {
		case a.Period.IsZero() && b.Period.IsZero():
			return 0
		case a.Period.IsZero():
			return 1
		case b.Period.IsZero():
			return -1
		}
		return b.Period.End.Compare(a.Period.End)
	})
}

// ChartReply is the cited text that goes with a chart: its title and
// unit, then each point's period and figure, newest first, with its
// citation. It is the caption of a chart image, and what surfaces that
// cannot show images print instead.
func ChartReply(c Chart) Reply {
	var b replyBuilder
	b.reply.Kind = KindAnswer
	b.reply.Answered = true
	b.reply.Charts = []Chart{c}
	b.chart(c)
	return b.reply
}

// chart adds a chart's text: a heading, then one item per point.
func (b *replyBuilder) chart(c Chart) {
	b.add(Block{Text: c.Title + " (" + c.Unit + "), newest first:", Heading: true})
	pts := slices.Clone(c.Points)
	SortByPeriod(pts)
	for _, f := range pts {
		b.reply.Facts = append(b.reply.Facts, f)
		b.add(Block{Text: f.Period.String() + ": " + f.Figure.String(), Cites: []int{b.cite(f)}, Item: true, FactKey: f.Key})
	}
}

// errNoChart means a topic or question has nothing to chart.
var errNoChart = errors.New("nothing to chart")

// chart answers /chart TOPIC (or /chart QUESTION): the charts of the
// topic's series, or of the series of the fact that answers the question.
func (e *Engine) chart(ctx context.Context, _ Request, args string) Reply {
	if args == "" {
		return e.usage("chart", "/chart exports")
	}
	charts, subject, err := e.chartsFor(ctx, args)
	if err != nil && !errors.Is(err, errNoChart) {
		e.logger.ErrorContext(ctx, "finding charts failed", "err", err)
		return e.failure()
	}
	if len(charts) == 0 {
		reply := Reply{Kind: KindNotFound, Private: true}
		reply.Suggestions = e.chartTopics(ctx)
		text := fmt.Sprintf("I have no figures over time for %s: a chart needs one measure with figures for two or more periods.", subject)
		reply.Blocks = []Block{{Text: text}}
		if len(reply.Suggestions) > 0 {
			reply.Blocks = append(reply.Blocks, Block{Text: "Topics with charts: /chart " + strings.Join(reply.Suggestions, ", /chart ") + "."})
		}
		return reply
	}
	var b replyBuilder
	b.reply.Kind = KindAnswer
	b.reply.Answered = true
	b.reply.Charts = charts[:min(len(charts), MaxCharts)]
	for _, c := range b.reply.Charts {
		b.chart(c)
	}
	return b.reply
}

// chartsFor finds the charts for /chart's argument, and names what it
// looked at for a reply that has none.
func (e *Engine) chartsFor(ctx context.Context, args string) ([]Chart, string, error) {
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("cannot list topics: %w", err)
	}
	if t, ok := MatchTopic(topics, args); ok {
		charts, err := e.topicCharts(ctx, t.Name)
		return charts, t.Title, err
	}
	hits, err := e.kb.Search(ctx, args, 1)
	if err != nil {
		return nil, "", fmt.Errorf("cannot search for a chart: %w", err)
	}
	if len(hits) == 0 || hits[0].Confidence < e.minConfidence || hits[0].Fact.Series == "" {
		return nil, "that", errNoChart
	}
	series, err := e.kb.SeriesFacts(ctx, hits[0].Fact.Series)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read series %s: %w", hits[0].Fact.Series, err)
	}
	return ChartsOf(series), "that", nil
}

// topicCharts charts every series a topic's facts belong to.
func (e *Engine) topicCharts(ctx context.Context, topic string) ([]Chart, error) {
	return TopicCharts(ctx, e.kb, topic)
}

// TopicCharts charts every series with figures that a topic's facts
// belong to, with the series' facts in other topics too, newest series
// first.
func TopicCharts(ctx context.Context, kb Knowledge, topic string) ([]Chart, error) {
	facts, err := kb.TopicFacts(ctx, topic)
	if err != nil {
		return nil, fmt.Errorf("cannot list facts of %s: %w", topic, err)
	}
	var all []Fact
	done := map[string]bool{}
	for _, f := range facts {
		if f.Series == "" || f.Figure.IsZero() || done[f.Series] {
			continue
		}
		done[f.Series] = true
		series, err := kb.SeriesFacts(ctx, f.Series)
		if err != nil {
			return nil, fmt.Errorf("cannot read series %s: %w", f.Series, err)
		}
		all = append(all, series...)
	}
	return ChartsOf(all), nil
}

// chartTopics names the topics that have a chart, for a reply that has
// none.
func (e *Engine) chartTopics(ctx context.Context) []string {
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing topics failed", "err", err)
		return nil
	}
	var names []string
	for _, t := range topics {
		charts, err := e.topicCharts(ctx, t.Name)
		if err != nil {
			e.logger.ErrorContext(ctx, "finding charts failed", "topic", t.Name, "err", err)
			return names
		}
		if len(charts) > 0 {
			names = append(names, t.Name)
		}
	}
	return names
}
