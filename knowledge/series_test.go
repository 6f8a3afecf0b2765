package knowledge_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
)

// TestNewerFigureLeads follows a moderator adding the next year's figure
// for a measure the seeds report over time: it must join the measure's
// series and lead every answer that names no period.
func TestNewerFigureLeads(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	engine := bot.New(db)
	added, err := db.AddFact(ctx, bot.NewFact{Topic: "exports", Period: "FY 2024-25",
		Text: "In FY 2024-25, Pakistan's IT exports reached $3.8 billion.", SourceURL: "https://example.com/pseb"}, alice)
	if err != nil {
		t.Fatal(err)
	}
	if added.Series != "it-exports-annual" {
		t.Fatalf("the new figure is in series %q, want it-exports-annual", added.Series)
	}
	for _, q := range []string{"exports?", "latest it exports", "What is the latest on IT exports?", "How much did IT exports earn?"} {
		t.Run("Leads/"+q, func(t *testing.T) {
			r := engine.Ask(ctx, q)
			text := bot.RenderText(r)
			if !r.Answered || r.Facts[0].Key != added.Key {
				t.Fatalf("%q is not answered with the newest figure:\n%s", q, text)
			}
			if !strings.Contains(text, "Other periods:\n• In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion") {
				t.Errorf("%q does not show the older period beside it:\n%s", q, text)
			}
		})
	}
	t.Run("OlderPeriodStillAnswersItsQuestion", func(t *testing.T) {
		if r := engine.Ask(ctx, "IT exports in FY 2023-24"); !r.Answered || r.Facts[0].Key != "it-exports-fy2023-24" {
			t.Errorf("got %q", bot.RenderText(r))
		}
	})
	t.Run("NamedSeriesLeadsWhateverItsWording", func(t *testing.T) {
		series := "it-exports-annual"
		f, err := db.AddFact(ctx, bot.NewFact{Topic: "exports", Period: "FY2025-26", Series: &series, SourceURL: "https://example.com/pseb-2026",
			Text: "Pakistan's IT and ITeS sector grew 18% to a record $4.5 billion in FY 2025-26, PSEB said."}, bob)
		if err != nil {
			t.Fatal(err)
		}
		if r := engine.Ask(ctx, "exports?"); !r.Answered || r.Facts[0].Key != f.Key {
			t.Errorf("got %q", bot.RenderText(r))
		}
		if _, err := db.RemoveFact(ctx, f.Key, bob); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("LeadsAfterTheOlderFigureIsRemoved", func(t *testing.T) {
		if _, err := db.RemoveFact(ctx, "it-exports-fy2023-24", alice); err != nil {
			t.Fatal(err)
		}
		if r := engine.Ask(ctx, "exports?"); !r.Answered || r.Facts[0].Key != added.Key {
			t.Errorf("got %q", bot.RenderText(r))
		}
	})
}

func TestSeriesChoice(t *testing.T) {
	ctx := context.Background()
	// series adds nf to a fresh database and returns the series it joined.
	series := func(nf bot.NewFact) string {
		t.Helper()
		db := MustOpenSeededAt(t, ":memory:")
		defer db.Close()
		if nf.SourceURL == "" {
			nf.SourceURL = "https://example.com/report"
		}
		f, err := db.AddFact(ctx, nf, alice)
		if err != nil {
			t.Fatal(err)
		}
		return f.Series
	}
	name := func(s string) *string { return &s }

	t.Run("AMonthIsNotAYear", func(t *testing.T) {
		if s := series(bot.NewFact{Topic: "exports", Period: "2024-12", Text: "In December 2024, Pakistan's IT exports reached $348 million."}); s != "" {
			t.Errorf("a monthly figure joined %q", s)
		}
	})
	t.Run("AnotherMeasureStaysOut", func(t *testing.T) {
		if s := series(bot.NewFact{Topic: "exports", Period: "FY2024-25", Text: "In FY 2024-25, Pakistan's IT exports to the United States reached $1.1 billion."}); s != "" {
			t.Errorf("exports to one country joined %q", s)
		}
	})
	t.Run("NoPeriodNoSeries", func(t *testing.T) {
		if s := series(bot.NewFact{Topic: "broadband", Text: "Pakistan's broadband subscribers keep growing, according to the regulator PTA."}); s != "" {
			t.Errorf("a fact without a period joined %q", s)
		}
	})
	t.Run("ModeratorSaysNone", func(t *testing.T) {
		if s := series(bot.NewFact{Topic: "exports", Period: "FY2024-25", Series: name("none"),
			Text: "In FY 2024-25, Pakistan's IT exports reached $3.8 billion."}); s != "" {
			t.Errorf("--series none joined %q", s)
		}
	})
	t.Run("ModeratorNamesIt", func(t *testing.T) {
		s := series(bot.NewFact{Topic: "exports", Period: "FY2025-26", Series: name("IT-Exports-Annual"),
			Text: "In FY 2025-26, Pakistan's IT and ITeS sector grew 18% to a record $4.5 billion, PSEB said."})
		if s != "it-exports-annual" {
			t.Errorf("series = %q, want the one named", s)
		}
	})
	t.Run("SameSubjectJoins", func(t *testing.T) {
		if s := series(bot.NewFact{Topic: "broadband", Period: "FY2024-25",
			Text: "By FY 2024-25, Pakistan had more than 148 million broadband subscribers."}); s != "broadband-subscribers" {
			t.Errorf("series = %q, want broadband-subscribers", s)
		}
	})
	t.Run("BadName", func(t *testing.T) {
		db := MustOpenSeededAt(t, ":memory:")
		defer db.Close()
		_, err := db.AddFact(ctx, bot.NewFact{Topic: "exports", Period: "FY2026-27", Series: name("IT Exports!"),
			Text: "In FY 2026-27, Pakistan's IT exports reached $5 billion.", SourceURL: "https://example.com/r"}, alice)
		var ue *bot.UserError
		if !errors.As(err, &ue) || ue.Field != bot.FieldSeries {
			t.Errorf("got %v, want a series error", err)
		}
	})
}
