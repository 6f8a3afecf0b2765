package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// fakeKB is a small in-memory bot.Knowledge: enough facts to exercise the
// adapter (citations, mentions inside facts, answers over the embed
// limits), with none of the search quality of the real store.
type fakeKB struct {
	topics  []bot.Topic
	facts   []bot.Fact
	sources map[string]bot.Source
	// delay slows every search, standing in for a slow disk.
	delay time.Duration
}

func newFakeKB() *fakeKB {
	kb := &fakeKB{sources: map[string]bot.Source{
		"pseb": {ID: "pseb", Title: "IT Exports Report", Publisher: "Pakistan Software Export Board", Published: "2024-08", URL: "https://pseb.org.pk/exports"},
		"pta":  {ID: "pta", Title: "Telecom Indicators", Publisher: "Pakistan Telecommunication Authority", Published: "2024", URL: "https://pta.gov.pk/indicators"},
		"pbs":  {ID: "pbs", Title: "Digital Census", Publisher: "Pakistan Bureau of Statistics", Published: "2023", URL: "https://pbs.gov.pk/census"},
	}}
	kb.topics = []bot.Topic{
		{Name: "exports", Title: "IT exports", Description: "IT and IT-enabled services exports"},
		{Name: "broadband", Title: "Broadband", Description: "Broadband and mobile internet subscriptions"},
		{Name: "5g", Title: "5G", Description: "5G spectrum and rollout"},
		{Name: "notices", Title: "Notices", Description: "Regulator notices"},
		{Name: "census", Title: "Digital census", Description: "District-level digital census figures"},
	}
	add := func(f bot.Fact) {
		f.Source = kb.sources[f.SourceID]
		f.Version, f.Origin = 1, "seed"
		kb.facts = append(kb.facts, f)
	}
	add(bot.Fact{Key: "exports-fy24", Topic: "exports", Series: "it-exports", SourceID: "pseb", Period: bot.MustParsePeriod("FY2023-24"),
		Text: "Pakistan's IT and IT-enabled services exports were $3.2 billion in FY 2023-24.", Keywords: []string{"exports", "it exports"}})
	add(bot.Fact{Key: "exports-fy23", Topic: "exports", Series: "it-exports", SourceID: "pseb", Period: bot.MustParsePeriod("FY2022-23"),
		Text: "Pakistan's IT and IT-enabled services exports were $2.6 billion in FY 2022-23.", Keywords: []string{"exports"}})
	add(bot.Fact{Key: "broadband-2024", Topic: "broadband", SourceID: "pta", Period: bot.MustParsePeriod("2024-06"),
		Text: "Pakistan had 140 million broadband subscriptions in June 2024.", Keywords: []string{"broadband"}})
	add(bot.Fact{Key: "5g-auction", Topic: "5g", SourceID: "pta", Period: bot.MustParsePeriod("2024"),
		Text: "The 5G spectrum auction was planned for 2024.", Keywords: []string{"5g"}})
	add(bot.Fact{Key: "notice", Topic: "notices", SourceID: "pta", Period: bot.MustParsePeriod("2024"),
		Text: "@everyone PTA notice for <@&123>: licences renew in 2024.", Keywords: []string{"notice"}})
	for i := range 40 {
		add(bot.Fact{Key: fmt.Sprintf("census-%02d", i), Topic: "census", Series: "census", SourceID: "pbs", Period: bot.MustParsePeriod(fmt.Sprint(1990 + i)),
			Text:     fmt.Sprintf("In %d, district %d counted %s", 1990+i, i, strings.Repeat("many households with a fixed broadband line and a smartphone, ", 14)),
			Keywords: []string{"census", fmt.Sprintf("census district %d", i)}})
	}
	return kb
}

func (kb *fakeKB) Search(ctx context.Context, question string, limit int) ([]bot.Hit, error) {
	if kb.delay > 0 {
		select {
		case <-time.After(kb.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	q := strings.ToLower(question)
	var hits []bot.Hit
	for _, f := range kb.facts {
		n := 0
		for _, k := range f.Keywords {
			if strings.Contains(q, k) {
				n++
			}
		}
		if n > 0 {
			hits = append(hits, bot.Hit{Fact: f, Score: float64(n), Confidence: 1})
		}
	}
	slices.SortStableFunc(hits, func(a, b bot.Hit) int { return int(b.Score - a.Score) })
	return hits[:min(len(hits), limit)], nil
}

func (kb *fakeKB) Topics(context.Context) ([]bot.Topic, error) { return kb.topics, nil }

func (kb *fakeKB) TopicFacts(_ context.Context, topic string) ([]bot.Fact, error) {
	var out []bot.Fact
	for _, f := range kb.facts {
		if f.Topic == topic {
			out = append(out, f)
		}
	}
	return out, nil
}

func (kb *fakeKB) SeriesFacts(_ context.Context, series string) ([]bot.Fact, error) {
	var out []bot.Fact
	for _, f := range kb.facts {
		if f.Series == series {
			out = append(out, f)
		}
	}
	return out, nil
}

func (kb *fakeKB) Sources(context.Context) ([]bot.Source, error) {
	var out []bot.Source
	for _, id := range []string{"pseb", "pta", "pbs"} {
		out = append(out, kb.sources[id])
	}
	return out, nil
}
