package discord

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/kbtest"
)

// fakeKB is a small in-memory bot.Knowledge: enough facts to exercise the
// adapter (citations, mentions inside facts, answers over the embed
// limits), with none of the search quality of the real store.
type fakeKB struct {
	kbtest.Memory
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
	kb.SourceList = []bot.Source{kb.sources["pseb"], kb.sources["pta"], kb.sources["pbs"]}
	kb.BeforeSearch = func(ctx context.Context) error {
		if kb.delay <= 0 {
			return nil
		}
		select {
		case <-time.After(kb.delay):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	kb.TopicList = []bot.Topic{
		{Name: "exports", Title: "IT exports", Description: "IT and IT-enabled services exports"},
		{Name: "broadband", Title: "Broadband", Description: "Broadband and mobile internet subscriptions"},
		{Name: "5g", Title: "5G", Description: "5G spectrum and rollout"},
		{Name: "notices", Title: "Notices", Description: "Regulator notices"},
		{Name: "census", Title: "Digital census", Description: "District-level digital census figures"},
	}
	add := func(f bot.Fact) {
		f.Source = kb.sources[f.SourceID]
		f.Version, f.Origin = 1, "seed"
		kb.Facts = append(kb.Facts, f)
	}
	add(bot.Fact{Key: "exports-fy24", Topic: "exports", Series: "it-exports", SourceID: "pseb", Period: bot.MustParsePeriod("FY2023-24"), Figure: bot.Figure{Value: 3.2, Unit: "USD bn"},
		Text: "Pakistan's IT and IT-enabled services exports were $3.2 billion in FY 2023-24.", Keywords: []string{"exports", "it exports"}})
	add(bot.Fact{Key: "exports-fy23", Topic: "exports", Series: "it-exports", SourceID: "pseb", Period: bot.MustParsePeriod("FY2022-23"), Figure: bot.Figure{Value: 2.6, Unit: "USD bn"},
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
