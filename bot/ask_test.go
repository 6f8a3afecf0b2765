package bot_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// scriptedReader is a bot.Reader with canned readings, so the engine's use
// of a reader is tested on its own (the understand package tests the
// reading itself).
type scriptedReader struct {
	parts     map[string][]string
	followUps map[[2]string]string // {message, previous} -> question
	periods   map[string]bot.Period
	fromNow   map[string]bool // periods counted from today, not named
	advice    map[string]bool // questions that ask for advice
}

// Conjuncts splits "X and Y" into X and Y.
func (r scriptedReader) Conjuncts(q string) []string {
	if x, y, ok := strings.Cut(q, " and "); ok {
		return []string{x, y}
	}
	return nil
}

// NewsAbout takes "X news" for the news of X.
func (r scriptedReader) NewsAbout(q string) (string, bool) { return strings.CutSuffix(q, " news") }

// QuestionIn takes a long message's question to be what follows its last
// colon.
func (r scriptedReader) QuestionIn(m string) (string, bool) {
	i := strings.LastIndex(m, ": ")
	return m[i+2:], i >= 0
}

// NewsOnly takes "what's new?" for a question of what is new.
func (r scriptedReader) NewsOnly(q string) bool { return q == "what's new?" }

func (r scriptedReader) AsksAdvice(q string) bool { return r.advice[q] }

// PeriodOnly takes a question of a lone period ("2023") for one that asks
// nothing else.
func (r scriptedReader) PeriodOnly(q string) (bot.Period, bool) {
	p, err := bot.ParsePeriod(q)
	return p, err == nil
}

// periodKB lists the facts of every topic within a period, as a store
// that is a PeriodPager does.
type periodKB struct{ *fakeKB }

func (kb periodKB) PeriodPage(_ context.Context, p bot.Period, offset, limit int) ([]bot.Fact, int, error) {
	var in []bot.Fact
	for _, facts := range kb.facts {
		for _, f := range facts {
			if !f.Period.Start.Before(p.Start) && !f.Period.End.After(p.End) {
				in = append(in, f)
			}
		}
	}
	// Newest first, as the store promises; the topics' map has no order.
	slices.SortFunc(in, func(a, b bot.Fact) int {
		return cmp.Or(b.Period.End.Compare(a.Period.End), strings.Compare(a.Key, b.Key))
	})
	return in[min(offset, len(in)):min(offset+limit, len(in))], len(in), nil
}

func (r scriptedReader) Parts(m string) []string {
	if p, ok := r.parts[m]; ok {
		return p
	}
	return []string{m}
}

func (r scriptedReader) FollowUp(m, prev string) (string, bool) {
	q, ok := r.followUps[[2]string{m, prev}]
	return q, ok
}

func (r scriptedReader) AskedPeriod(q string) (bot.Period, bool) {
	p, ok := r.periods[q]
	return p, ok && !r.fromNow[q]
}

func hit(f bot.Fact, c float64) bot.Hit { return bot.Hit{Fact: f, Score: c, Confidence: c} }

func TestAskReadsMessages(t *testing.T) {
	ctx := context.Background()
	const (
		first    = "What were IT exports in FY 2023-24?"
		followUp = "and in 2022?"
		combined = "What were IT exports in 2022?"
	)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	newEngine := func() (*bot.Engine, *fakeKB) {
		kb := newKB()
		kb.hits[first] = []bot.Hit{hit(exportsFY24, 0.9)}
		kb.hits[combined] = []bot.Hit{hit(exports2023, 0.9)}
		kb.hits["when will it open"] = []bot.Hit{hit(exportsNov24, 0.8)}
		kb.hits["how many jobs"] = []bot.Hit{hit(digiskills, 0.8)}
		kb.hits["what were exports"] = []bot.Hit{hit(exportsFY24, 0.9), hit(exports2023, 0.9)}
		kb.hits["and in 2023"] = []bot.Hit{hit(exports2023, 0.9)}
		kb.hits["What were IT exports in FY 2015-16?"] = []bot.Hit{hit(exportsFY24, 0.9)}
		kb.hits["What were IT exports in FY 2025-26?"] = []bot.Hit{hit(exportsFY24, 0.9)}
		kb.hits["What were IT exports last fiscal year?"] = []bot.Hit{hit(exportsFY24, 0.9)}
		kb.hits["How many trained in FY 2025-26?"] = []bot.Hit{hit(digiskills, 0.9)}
		kb.hits["How many trained in FY 2026-27?"] = []bot.Hit{hit(digiskills, 0.9)}
		kb.hits["How many trained in 2021?"] = []bot.Hit{hit(digiskills, 0.9)}
		kb.hits["How many trained in 2022?"] = []bot.Hit{hit(digiskills, 0.9)}
		kb.hits["How many trained next year?"] = []bot.Hit{hit(digiskills, 0.9)}
		kb.hits["How many trained in December 2024?"] = []bot.Hit{hit(digiskills, 0.9)}
		kb.hits["How many trained in March 2024?"] = []bot.Hit{hit(digiskills, 0.9)}
		kb.hits["What were IT exports in December 2024?"] = []bot.Hit{hit(exportsNov24, 0.9)}
		esportsRank := fact("esports-rank", "esports", "2021-12", "", srcApprox, "As of December 2021, Pakistan ranked 29th for e-sports earnings.")
		kb.hits["What was the e-sports rank in 2020?"] = []bot.Hit{hit(esportsRank, 0.9)}
		kb.hits["What was the e-sports rank in 2022?"] = []bot.Hit{hit(esportsRank, 0.9)}
		kb.hits["Should I learn digital skills?"] = []bot.Hit{hit(digiskills, 0.9)}
		kb.hits["How much will the centres bring in by 2027?"] = []bot.Hit{hit(fact("centres-2027", "freelancing", "2025-02", "", srcApprox,
			"As planned in early 2025, the centres should bring in $18-20 million by 2027."), 0.9)}
		fy26 := bot.MustParsePeriod("FY2025-26")
		reader := scriptedReader{
			parts: map[string][]string{"when will it open and how many jobs?": {"when will it open", "how many jobs"},
				"what were exports, and in 2023?": {"what were exports", "and in 2023"}},
			followUps: map[[2]string]string{{followUp, first}: combined},
			periods: map[string]bot.Period{combined: bot.MustParsePeriod("2022"), "What were IT exports in FY 2015-16?": bot.MustParsePeriod("FY2015-16"),
				"What were IT exports in FY 2025-26?": fy26, "What were IT exports last fiscal year?": fy26, "How many trained in FY 2025-26?": fy26,
				"How many trained in FY 2026-27?": bot.MustParsePeriod("FY2026-27"),
				"How many trained in 2021?":       bot.MustParsePeriod("2021"), "How many trained in 2022?": bot.MustParsePeriod("2022"),
				"How much will the centres bring in by 2027?": bot.MustParsePeriod("2027"), "How many trained next year?": bot.MustParsePeriod("2027"),
				"How many trained in December 2024?": bot.MustParsePeriod("2024-12"), "How many trained in March 2024?": bot.MustParsePeriod("2024-03"),
				"What were IT exports in December 2024?": bot.MustParsePeriod("2024-12"),
				"What was the e-sports rank in 2020?":    bot.MustParsePeriod("2020"), "What was the e-sports rank in 2022?": bot.MustParsePeriod("2022")},
			fromNow: map[string]bool{"What were IT exports last fiscal year?": true, "How many trained next year?": true},
			advice:  map[string]bool{"Should I learn digital skills?": true},
		}
		return bot.New(kb, bot.WithReader(reader), bot.WithClock(func() time.Time { return now })), kb
	}
	ask := func(e *bot.Engine, chat, text string, at time.Time) bot.Reply {
		return e.Handle(ctx, bot.Request{Platform: bot.Telegram, ChatID: chat, UserID: "u", Text: text, At: at})
	}

	t.Run("FollowUpInTheSameChat", func(t *testing.T) {
		e, _ := newEngine()
		ask(e, "c1", first, now)
		r := ask(e, "c1", followUp, now.Add(time.Minute))
		if !r.Answered || r.Facts[0].Key != exports2023.Key {
			t.Fatalf("follow-up answered %v with %v, want %s", r.Answered, r.Facts, exports2023.Key)
		}
		if got := r.Blocks[0].Text; got != "I have no figure for 2022; this is the nearest I have." {
			t.Errorf("first block %q, want the note that 2022 has no figure", got)
		}
	})
	t.Run("ALongMessagesQuestion", func(t *testing.T) {
		e, kb := newEngine()
		story := strings.Repeat("My uncle has worked in a software house for years. ", 12)
		r := ask(e, "c1", story+"so: "+first, now)
		if !r.Answered || r.Facts[0].Key != exportsFY24.Key {
			t.Fatalf("a story around a question answered %v with %v, want %s", r.Answered, r.Facts, exportsFY24.Key)
		}
		if got, want := r.Blocks[0].Text, "Your message was long, so I answered its question: “"+first+"”"; got != want {
			t.Errorf("first block %q, want %q", got, want)
		}
		for _, tt := range []struct{ name, text string }{
			{"NoQuestion", story},
			{"LongQuestion", story + "so: " + story},
			{"LongerThanAMessage", strings.Repeat(story, 10) + "so: " + first},
		} {
			n := len(kb.Searched())
			r := ask(e, "c1", tt.text, now)
			if r.Kind != bot.KindError || r.Answered || !strings.HasPrefix(bot.RenderText(r), "That message is too long for me") {
				t.Errorf("%s: got kind %v answered %v %.80q; want the too-long error", tt.name, r.Kind, r.Answered, bot.RenderText(r))
			}
			if len(kb.Searched()) != n {
				t.Errorf("%s: the message was searched", tt.name)
			}
		}
	})
	t.Run("AFarPeriodIsNotAnswered", func(t *testing.T) {
		e, _ := newEngine()
		r := ask(e, "c1", "What were IT exports in FY 2015-16?", now)
		if r.Answered || len(r.Facts) == 0 || r.Facts[0].Key != exportsFY24.Key {
			t.Fatalf("answered %v with %v; want the nearest figure shown, the question not answered", r.Answered, r.Facts)
		}
		if got := r.Blocks[0].Text; got != "I have no figure for FY 2015-16; the nearest I have is from FY 2023-24." {
			t.Errorf("first block %q, want the note naming the nearest period", got)
		}
	})
	t.Run("ATargetForThePeriodIsItsFigure", func(t *testing.T) {
		// A plan of early 2025 that names 2027 gives 2027's figure: no
		// note that there is none.
		e, _ := newEngine()
		r := ask(e, "c1", "How much will the centres bring in by 2027?", now)
		if !r.Answered || strings.HasPrefix(r.Blocks[0].Text, "I have no figure") {
			t.Errorf("answered %v, first block %q; want the target answered without a note", r.Answered, r.Blocks[0].Text)
		}
	})
	t.Run("ASeriesYearItLacksIsNotAnswered", func(t *testing.T) {
		// A series has a figure a year: asked for FY 2025-26 by name,
		// FY 2023-24's figure is another year's. Asked as "last fiscal
		// year", the newest figure is what the user wants; and a lone
		// figure, no series, stands for its subject a year or so, not
		// two years on, nor two calendar years before (2021 for FY
		// 2023-24, which starts in July 2023).
		for _, c := range []struct {
			question string
			answered bool
		}{
			{"What were IT exports in FY 2025-26?", false},
			{"What were IT exports last fiscal year?", true},
			{"How many trained in FY 2025-26?", true},
			{"How many trained in FY 2026-27?", false},
			{"How many trained in 2022?", true},
			{"How many trained in 2021?", false},
			// A year still to come has no figure but a target's.
			{"How many trained next year?", false},
			// A month asked by name is asked exactly: another month's
			// figure, or another period's it is not part of, is not its
			// own, however near. One within the fact's period is shown.
			{"What were IT exports in December 2024?", false},
			{"How many trained in December 2024?", false},
			{"How many trained in March 2024?", true},
			// How things stood "as of" a date does not tell a year
			// before it; the nearest year after may still be told.
			{"What was the e-sports rank in 2020?", false},
			{"What was the e-sports rank in 2022?", true},
		} {
			e, _ := newEngine()
			r := ask(e, "c1", c.question, now)
			if r.Answered != c.answered || len(r.Facts) == 0 {
				t.Errorf("%q: answered %v with %v, want answered %v and the nearest figure shown", c.question, r.Answered, r.Facts, c.answered)
			}
		}
	})
	t.Run("AdviceIsNotAnswered", func(t *testing.T) {
		// The facts that bear on it are shown, but they are no advice.
		e, _ := newEngine()
		r := ask(e, "c1", "Should I learn digital skills?", now)
		if r.Answered || len(r.Facts) == 0 || r.Facts[0].Key != digiskills.Key {
			t.Fatalf("answered %v with %v; want the facts shown, the question not answered", r.Answered, r.Facts)
		}
		if got := r.Blocks[0].Text; !strings.Contains(got, "don't give advice") {
			t.Errorf("first block %q, want the note that facts are no advice", got)
		}
	})
	t.Run("WhatFollowsAdviceIsAdviceToo", func(t *testing.T) {
		e, kb := newEngine()
		const msg = "should i learn skills? which is better"
		kb.hits["which is better"] = []bot.Hit{hit(exportsFY24, 0.9)}
		reader := scriptedReader{parts: map[string][]string{msg: {"Should I learn digital skills?", "which is better"}},
			advice: map[string]bool{msg: true, "Should I learn digital skills?": true}}
		e = bot.New(kb, bot.WithReader(reader), bot.WithClock(func() time.Time { return now }))
		if r := ask(e, "c1", msg, now); r.Answered {
			t.Fatalf("answered with %v; want no part of a request for advice answered", r.Facts)
		}
	})
	t.Run("APeriodAloneListsItsFacts", func(t *testing.T) {
		// "What happened in 2023?": the facts dated within it; one
		// the store has none for says so.
		_, kb := newEngine()
		e := bot.New(periodKB{kb}, bot.WithReader(scriptedReader{}), bot.WithClock(func() time.Time { return now }))
		r := ask(e, "c1", "2023", now)
		if !r.Answered || r.Kind != bot.KindTopic || len(r.Facts) == 0 {
			t.Fatalf("2023: %+v, want its facts listed", r)
		}
		for _, f := range r.Facts {
			if f.Period.Start.Year() != 2023 || f.Period.End.Year() != 2023 {
				t.Errorf("2023 lists %s, of %s", f.Key, f.Period)
			}
		}
		if r := ask(e, "c1", "1999", now); r.Answered || !strings.Contains(bot.RenderText(r), "no facts dated 1999") {
			t.Errorf("1999: %q, want no facts said", bot.RenderText(r))
		}
	})
	t.Run("WhatIsNewListsTheNewestFacts", func(t *testing.T) {
		// "what's new?", /latest and /news: the newest facts of every
		// topic, newest first.
		_, kb := newEngine()
		e := bot.New(periodKB{kb}, bot.WithReader(scriptedReader{}), bot.WithClock(func() time.Time { return now }))
		for _, msg := range []string{"what's new?", "/latest", "/news"} {
			r := ask(e, "c1", msg, now)
			if !r.Answered || r.Kind != bot.KindTopic || len(r.Facts) < 2 || !strings.Contains(bot.RenderText(r), "The newest facts, one per topic") {
				t.Fatalf("%s: %q, want the newest facts listed", msg, bot.RenderText(r))
			}
			topics := map[string]bool{}
			for i, f := range r.Facts {
				if i > 0 && f.Period.End.After(r.Facts[i-1].Period.End) {
					t.Errorf("%s lists %s after %s: not newest first", msg, f.Key, r.Facts[i-1].Key)
				}
				if topics[f.Topic] {
					t.Errorf("%s lists two facts of %s", msg, f.Topic)
				}
				topics[f.Topic] = true
			}
		}
		// Words after /latest ask for the newest of what they name: a
		// topic's facts, newest first, or the question.
		for _, msg := range []string{"/latest exports", "exports news"} {
			if r := ask(e, "c2", msg, now); r.Kind != bot.KindTopic || len(r.Facts) == 0 || r.Facts[0].Topic != "exports" {
				t.Errorf("%s: %q, want the exports topic listed", msg, bot.RenderText(r))
			}
		}
		ask(e, "c2", "/latest export figures", now)
		if s := kb.Searched(); !slices.Contains(s, "latest export figures") {
			t.Errorf("searched %q; want /latest export figures read as \"latest export figures\"", s)
		}
		// A store that cannot list by period answers the question as
		// any other.
		plain, plainKB := newEngine()
		ask(plain, "c1", "what's new?", now)
		if s := plainKB.Searched(); !slices.Contains(s, "what's new?") {
			t.Errorf("searched %q; want the question searched", s)
		}
	})
	t.Run("NoFollowUpAcrossChats", func(t *testing.T) {
		e, kb := newEngine()
		ask(e, "c1", first, now)
		ask(e, "c2", followUp, now)
		if s := kb.Searched(); !slices.Contains(s, followUp) || slices.Contains(s, combined) {
			t.Errorf("searched %q; another chat's question must not be continued", s)
		}
	})
	t.Run("FollowUpExpires", func(t *testing.T) {
		e, kb := newEngine()
		ask(e, "c1", first, now)
		ask(e, "c1", followUp, now.Add(6*time.Minute))
		if slices.Contains(kb.Searched(), combined) {
			t.Error("a follow-up six minutes later still continued the old question")
		}
	})
	t.Run("EveryPartAnsweredAndCited", func(t *testing.T) {
		e, _ := newEngine()
		r := ask(e, "c1", "when will it open and how many jobs?", now)
		text := bot.RenderText(r)
		if !r.Answered || !strings.Contains(text, exportsNov24.Text) || !strings.Contains(text, "You also asked: how many jobs") || !strings.Contains(text, digiskills.Text) {
			t.Fatalf("reply:\n%s\nwant both parts answered", text)
		}
		for _, b := range r.Blocks {
			for _, n := range b.Cites {
				if n < 1 || n > len(r.Citations) {
					t.Errorf("block %q cites [%d] of %d citations", b.Text, n, len(r.Citations))
				}
			}
		}
	})
	t.Run("APartsAnswerIsShownOnce", func(t *testing.T) {
		// The second part's answer was related to the first's: it is
		// shown as the answer, not twice.
		e, _ := newEngine()
		r := ask(e, "c1", "what were exports, and in 2023?", now)
		text := bot.RenderText(r)
		if n := strings.Count(text, exports2023.Text); n != 1 || strings.Contains(text, "Related:") {
			t.Fatalf("reply:\n%s\nwant the second part's answer once, and no empty related list", text)
		}
	})
	t.Run("TwoThingsAskedApart", func(t *testing.T) {
		e, kb := newEngine()
		// Each side is answered more surely than the whole: both are.
		kb.hits["exports and training"] = []bot.Hit{hit(digiskills, 0.6)}
		kb.hits["exports"] = []bot.Hit{hit(exportsFY24, 0.9)}
		kb.hits["training"] = []bot.Hit{hit(digiskills, 0.9)}
		r := ask(e, "c1", "exports and training", now)
		if !r.Answered || len(r.Facts) < 2 || r.Facts[0].Key != exportsFY24.Key || r.Facts[len(r.Facts)-1].Key != digiskills.Key {
			t.Errorf("got %v answered %v; want the exports figure, then the training one", r.Facts, r.Answered)
		}
		// A whole answered as surely as a side is answered whole; one
		// declined whole, each side of which is answered, apart.
		kb.hits["exports and training"] = []bot.Hit{hit(digiskills, 0.9)}
		if r := ask(e, "c2", "exports and training", now); len(r.Facts) != 1 || r.Facts[0].Key != digiskills.Key {
			t.Errorf("got %v; want the whole question's one answer", r.Facts)
		}
		kb.hits["exports and training"] = []bot.Hit{hit(digiskills, 0.3)}
		if r := ask(e, "c3", "exports and training", now); !r.Answered || r.Facts[0].Key != exportsFY24.Key {
			t.Errorf("got %v answered %v; want each side answered", r.Facts, r.Answered)
		}
		// A side declined leaves the question whole.
		kb.hits["training"] = []bot.Hit{hit(digiskills, 0.3)}
		if r := ask(e, "c4", "exports and training", now); r.Answered {
			t.Errorf("got %v answered; want the whole question declined", r.Facts)
		}
	})
	t.Run("BareTopicName", func(t *testing.T) {
		e, kb := newEngine()
		for _, msg := range []string{"exports", "IT exports!", "itexports"} {
			r := ask(e, "c1", msg, now)
			if r.Kind != bot.KindTopic {
				t.Errorf("%q: kind %v, want the topic's listing", msg, r.Kind)
			}
		}
		if len(kb.Searched()) != 0 {
			t.Errorf("bare topic names were searched: %q", kb.Searched())
		}
	})
}
