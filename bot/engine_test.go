package bot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pakbot/pakbot/bot"
)

// fakeKB is an in-memory bot.Knowledge with canned search results, so the
// engine can be tested without SQLite. It returns what it holds in the
// order it holds it, the way the real store promises (newest first).
type fakeKB struct {
	topics  []bot.Topic
	facts   map[string][]bot.Fact // by topic
	series  map[string][]bot.Fact // by series
	sources []bot.Source
	hits    map[string][]bot.Hit // by question, exactly as searched
	err     error

	mu       sync.Mutex
	searched []string
}

func (kb *fakeKB) Search(_ context.Context, question string, limit int) ([]bot.Hit, error) {
	kb.mu.Lock()
	kb.searched = append(kb.searched, question)
	kb.mu.Unlock()
	if kb.err != nil {
		return nil, kb.err
	}
	hits, ok := kb.hits[question]
	if !ok {
		hits = kb.suggested(question)
	}
	return hits[:min(limit, len(hits))], nil
}

// suggested answers a question the engine suggests for one of the store's
// facts ("What about IT exports in FY 2023-24?") with that fact, as the
// real store does.
func (kb *fakeKB) suggested(question string) []bot.Hit {
	for _, hits := range kb.hits {
		for _, h := range hits {
			if bot.SuggestQuestion(h.Fact) == question {
				return []bot.Hit{{Fact: h.Fact, Score: 1, Confidence: 1}}
			}
		}
	}
	return nil
}

func (kb *fakeKB) Topics(context.Context) ([]bot.Topic, error) { return kb.topics, kb.err }

func (kb *fakeKB) TopicFacts(_ context.Context, topic string) ([]bot.Fact, error) {
	return kb.facts[topic], kb.err
}

func (kb *fakeKB) SeriesFacts(_ context.Context, series string) ([]bot.Fact, error) {
	return kb.series[series], kb.err
}

func (kb *fakeKB) Sources(context.Context) ([]bot.Source, error) { return kb.sources, kb.err }

// Searched returns the questions the engine searched for.
func (kb *fakeKB) Searched() []string {
	kb.mu.Lock()
	defer kb.mu.Unlock()
	return slices.Clone(kb.searched)
}

var (
	srcFull = bot.Source{ID: "src-full", Title: "IT and telecom achievements", Publisher: "MEA Tech Watch",
		Published: "2021-12-18", URL: "https://example.com/achievements"}
	srcApprox = bot.Source{ID: "src-approx", Title: "Elevating Pakistan's IT landscape", ApproxDate: "2025"}
	srcBare   = bot.Source{ID: "src-bare", Title: "Latest tech news"}
)

func fact(key, topic, period, series string, src bot.Source, text string) bot.Fact {
	return bot.Fact{Key: key, Topic: topic, Period: bot.MustParsePeriod(period), Series: series,
		SourceID: src.ID, Source: src, Text: text, Version: 1, Origin: "seed"}
}

var (
	exportsFY24 = fact("it-exports-fy2023-24", "exports", "FY2023-24", "it-exports-annual", srcFull,
		"In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion.")
	exports2023 = fact("it-exports-2023", "exports", "2023", "it-exports-annual", srcApprox,
		"By 2023, IT exports had climbed to $2.6 billion.")
	exports2021 = fact("it-exports-2021", "exports", "2021", "it-exports-annual", srcFull,
		"IT exports were $2.1 billion.")
	exportsNov24 = fact("it-exports-2024-11", "exports", "2024-11", "", srcApprox,
		"In November 2024, IT exports reached $324 million.")
	digiskills = fact("digiskills-trained", "skills", "FY2023-24", "", srcFull,
		"DigiSkills has trained over 600,000 people.")
	zones = fact("technology-zones", "techparks", "", "", srcBare,
		"Pakistan has set up specialised technology zones.")
)

// newKB returns a fake holding a few topics, sources and facts.
func newKB() *fakeKB {
	topics := []bot.Topic{
		{Name: "exports", Title: "IT exports", Description: "IT export earnings, with periods", Aliases: []string{"itexports", "remittances"}},
		{Name: "broadband", Title: "Broadband", Description: "Subscriber numbers"},
		{Name: "5g", Title: "5G", Description: "5G readiness and spectrum", Aliases: []string{"fiveg"}},
		{Name: "skills", Title: "Skills", Description: "DigiSkills and training"},
		{Name: "cooperation", Title: "Cooperation", Description: "Cooperation with Türkiye", Aliases: []string{"turkiye"}},
		{Name: "esports", Title: "E-sports", Description: "E-sports players and earnings", Aliases: []string{"gaming"}},
		{Name: "techparks", Title: "Technology parks", Description: "Software Technology Parks"},
	}
	exportsFacts := []bot.Fact{exportsNov24, exportsFY24, exports2023}
	for i := range 7 {
		y := 2020 - i
		exportsFacts = append(exportsFacts, fact(fmt.Sprintf("it-exports-%d", y), "exports", fmt.Sprint(y), "", srcFull,
			fmt.Sprintf("IT exports figure number %d.", i)))
	}
	return &fakeKB{
		topics: topics,
		facts: map[string][]bot.Fact{
			"exports":   exportsFacts,
			"skills":    {digiskills},
			"techparks": {zones},
		},
		series: map[string][]bot.Fact{
			"it-exports-annual": {exportsFY24, exports2023, exports2021},
		},
		sources: []bot.Source{srcFull, srcApprox, srcBare},
		hits:    map[string][]bot.Hit{},
	}
}

func handle(e *bot.Engine, text string) bot.Reply {
	return e.Handle(context.Background(), bot.Request{Platform: bot.Console, ChatID: "c", UserID: "u", Text: text})
}

// texts returns the text of each block.
func texts(r bot.Reply) []string {
	out := make([]string, len(r.Blocks))
	for i, b := range r.Blocks {
		out[i] = b.Text
	}
	return out
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		text, name, args string
		ok               bool
	}{
		{"/exports", "exports", "", true},
		{"/exports@PakBot", "exports", "", true},
		{"/exports@PakBot in 2021", "exports", "in 2021", true},
		{"/EXPORTS", "exports", "", true},
		{"/Ask   What is DEEP?  ", "ask", "What is DEEP?", true},
		{"/5g", "5g", "", true},
		{"/", "", "", false},
		{"/ ", "", "", false},
		{"/ exports", "", "", false},
		{"/@PakBot", "", "", false},
		{"exports", "", "", false},
		{"what is /exports", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			name, args, ok := bot.ParseCommand(tt.text)
			if name != tt.name || args != tt.args || ok != tt.ok {
				t.Fatalf("ParseCommand(%q) = %q, %q, %v; want %q, %q, %v", tt.text, name, args, ok, tt.name, tt.args, tt.ok)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "What is DEEP?", "What is DEEP?"},
		{"Spaces", "  IT   exports \n", "IT exports"},
		{"TabsAndNewlines", "IT\texports\r\nin 2021", "IT exports in 2021"},
		{"InvalidUTF8", "IT\xffexports\xc3\x28", "IT exports ("},
		{"NUL", "IT\x00exports", "IT exports"},
		{"ANSIEscape", "\x1b[31mred", "[31mred"},
		{"ZeroWidthSpace", "IT\u200bexports", "IT exports"},
		{"RightToLeftMark", "\u200fexports", "exports"},
		{"NoBreakSpace", "IT\u00a0exports", "IT exports"},
		{"Emoji", "🇵🇰 tech 🚀", "🇵🇰 tech 🚀"},
		{"Urdu", "پاکستان ٹیک", "پاکستان ٹیک"},
		{"Diacritics", "Türkiye", "Türkiye"},
		{"Empty", "", ""},
		{"OnlyControl", "\x00\x01\x7f\u0085", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bot.CleanText(tt.in); got != tt.want {
				t.Fatalf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMatchTopic(t *testing.T) {
	topics := newKB().topics
	tests := []struct {
		name, want string // want "" means no match
	}{
		{"exports", "exports"},
		{"/exports", "exports"},
		{"EXPORTS", "exports"},
		{"export", "exports"},      // one letter short
		{"/export", "exports"},     // as typed after the slash
		{"exprots", "exports"},     // swapped letters
		{"remittances", "exports"}, // alias
		{"remitances", "exports"},  // alias with a typo
		{"Turkiye", "cooperation"},
		{"fiveg", "5g"},
		{"5g", "5g"},
		{"esport", "esports"},
		{"gamin", "esports"},
		{"cat", ""},  // a subsequence of "cooperation", but far too short
		{"coop", ""}, // likewise: searched as a question instead
		{"5", ""},
		{"xyzzy", ""},
		{"/", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := bot.MatchTopic(topics, tt.name)
			if tt.want == "" {
				if ok {
					t.Fatalf("MatchTopic(%q) = %s; want no match", tt.name, got.Name)
				}
				return
			}
			if !ok || got.Name != tt.want {
				t.Fatalf("MatchTopic(%q) = %q, %v; want %q", tt.name, got.Name, ok, tt.want)
			}
		})
	}
}

func TestBuiltinCommands(t *testing.T) {
	t.Run("Help", func(t *testing.T) {
		r := handle(bot.New(newKB()), "/help")
		text := bot.RenderText(r)
		if r.Kind != bot.KindInfo || r.Answered {
			t.Errorf("got kind %v answered %v; want an info reply", r.Kind, r.Answered)
		}
		for _, want := range []string{"/start: ", "/help: ", "/ask question: ", "/topics: ", "/sources: ",
			"Topic commands: /exports /broadband /5g /skills /cooperation /esports /techparks\n",
			"Add words to ask within a topic: /exports 2021.\n"} {
			if !strings.Contains(text, want) {
				t.Errorf("help lacks %q:\n%s", want, text)
			}
		}
	})

	t.Run("HelpWithBotSuffix", func(t *testing.T) {
		if r := handle(bot.New(newKB()), "/help@PakBot"); r.Title != "Help" {
			t.Fatalf("/help@PakBot gave %q", bot.RenderText(r))
		}
	})

	t.Run("Topics", func(t *testing.T) {
		kb := newKB()
		r := handle(bot.New(kb), "/topics")
		var items []string
		for _, b := range r.Blocks {
			if b.Item {
				items = append(items, b.Text)
			}
		}
		var want []string
		for _, tp := range kb.topics {
			want = append(want, "/"+tp.Name+": "+tp.Description)
		}
		if !slices.Equal(items, want) {
			t.Fatalf("got items\n%q\nwant\n%q", items, want)
		}
	})

	t.Run("Sources", func(t *testing.T) {
		kb := newKB()
		for i, n := range []int{12, 1, 0} {
			kb.sources[i].FactCount = n
		}
		r := handle(bot.New(kb), "/sources")
		if len(r.Citations) != 3 {
			t.Fatalf("got %d citations, want one per source", len(r.Citations))
		}
		want := "My facts cite these sources:\n" +
			"• IT and telecom achievements, MEA Tech Watch, 18 December 2021. https://example.com/achievements (12 facts) [1]\n" +
			"• Elevating Pakistan's IT landscape (1 fact) [2]\n" +
			"• Latest tech news (no facts) [3]"
		if got := bot.RenderText(r); got != want {
			t.Fatalf("got\n%s\nwant\n%s", got, want)
		}

		t.Run("ModeratorsSeeIDs", func(t *testing.T) {
			r := bot.New(kb).Handle(context.Background(), bot.Request{Platform: bot.Console, Text: "/sources", Moderator: true})
			if got := bot.RenderText(r); !strings.Contains(got, "• Latest tech news (no facts; id src-bare) [3]") {
				t.Errorf("moderator's /sources:\n%s\nwant each source's id, which /editsource takes", got)
			}
		})
	})

	t.Run("StartGreetsByName", func(t *testing.T) {
		r := bot.New(newKB()).Handle(context.Background(), bot.Request{Text: "/start", UserName: "Ayesha"})
		if !strings.HasPrefix(bot.RenderText(r), "pakbot\nHello, Ayesha!") {
			t.Fatalf("got %q", bot.RenderText(r))
		}
		if !slices.Equal(r.Suggestions, []string{"exports", "broadband", "5g"}) {
			t.Errorf("suggestions %v; want the first three topics", r.Suggestions)
		}
	})

	t.Run("AskWithoutQuestion", func(t *testing.T) {
		kb := newKB()
		r := handle(bot.New(kb), "/ask")
		if r.Kind != bot.KindError || !strings.Contains(bot.RenderText(r), "Add your question after /ask") {
			t.Fatalf("got %v %q", r.Kind, bot.RenderText(r))
		}
		if len(kb.Searched()) != 0 {
			t.Errorf("searched %q for an empty /ask", kb.Searched())
		}
	})

	t.Run("AskSearchesArguments", func(t *testing.T) {
		kb := newKB()
		handle(bot.New(kb), "/ask@PakBot   What is DEEP? ")
		if got := kb.Searched(); !slices.Equal(got, []string{"What is DEEP?"}) {
			t.Fatalf("searched %q", got)
		}
	})

	t.Run("CommandsListsTopics", func(t *testing.T) {
		cmds, err := bot.New(newKB()).Commands(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range cmds {
			names = append(names, c.Name)
		}
		want := []string{"start", "help", "ask", "search", "latest", "topics", "sources", "chart", "exports", "broadband", "5g", "skills", "cooperation", "esports", "techparks"}
		if !slices.Equal(names, want) {
			t.Fatalf("got %v, want %v", names, want)
		}
	})
}

func TestUnknownCommandIsAQuestion(t *testing.T) {
	kb := newKB()
	kb.hits["DigiSkills trained"] = []bot.Hit{{Fact: digiskills, Score: 1, Confidence: 0.9}}
	r := handle(bot.New(kb), "/DigiSkills@PakBot trained")
	if got := kb.Searched(); !slices.Equal(got, []string{"DigiSkills trained"}) {
		t.Fatalf("searched %q; want the command word as written, without the bot's name, and its arguments", got)
	}
	if !r.Answered || r.Facts[0].Key != digiskills.Key {
		t.Fatalf("got %q; want the DigiSkills fact", bot.RenderText(r))
	}
}

// An unknown command that nothing answers says it is no command, and the
// names other bots give their commands are understood.
func TestUnknownCommandSaysSo(t *testing.T) {
	kb := newKB()
	r := handle(bot.New(kb), "/whatsup")
	if got := bot.RenderText(r); r.Answered || !strings.HasPrefix(got, "/whatsup is not one of my commands; /help lists them.") {
		t.Errorf("/whatsup: %q; want it said to be no command", got)
	}
	for _, odd := range []string{"/<b>x</b>", "/" + strings.Repeat("x", 40)} {
		if got := bot.RenderText(handle(bot.New(kb), odd)); strings.Contains(got, "not one of my commands") {
			t.Errorf("%.20s…: %q; a name that is no plain word is not quoted back", odd, got)
		}
	}
	// A command mistyped is not read as a question: its words were meant
	// for the command.
	for typed, want := range map[string]string{"/topcis": "/topics", "/sourcs x": "/sources", "/helpp": "/help"} {
		kb := newKB()
		r := handle(bot.New(kb), typed)
		if got := bot.RenderText(r); r.Kind != bot.KindError || !strings.Contains(got, "Did you mean "+want+"?") || len(kb.Searched()) != 0 {
			t.Errorf("%s: %q (searched %q); want %s suggested and nothing searched", typed, got, kb.Searched(), want)
		}
	}
	for alias, want := range map[string]string{"/about": "/start", "/info": "/start", "/commands": "/help", "/list": "/topics"} {
		if got, wantText := bot.RenderText(handle(bot.New(newKB()), alias)), bot.RenderText(handle(bot.New(newKB()), want)); got != wantText {
			t.Errorf("%s = %q, want what %s says", alias, got, want)
		}
	}
}

// /search lists the facts matching some words, down to the confidence a
// near miss is offered at rather than the one an answer needs; it searches
// nothing for a message with no words and says when nothing matches.
func TestSearchCommand(t *testing.T) {
	kb := newKB()
	kb.hits["Multan"] = []bot.Hit{{Fact: zones, Score: 2, Confidence: 0.4}, {Fact: digiskills, Score: 1, Confidence: 0.1},
		{Fact: exportsFY24, Score: 0.5, Confidence: 0.35}}
	kb.hits["Qatar"] = []bot.Hit{{Fact: digiskills, Score: 1, Confidence: 0.2}}
	e := bot.New(kb)
	for _, typed := range []string{"/search Multan", "/find  Multan ", "/lookup Multan"} {
		r := handle(e, typed)
		if !r.Answered || r.Kind != bot.KindTopic || !slices.Equal(factKeys(r.Facts), []string{zones.Key, exportsFY24.Key}) {
			t.Errorf("%q: %v %q; want the two facts that match as near misses do, best first", typed, factKeys(r.Facts), bot.RenderText(r))
		}
		if got := bot.RenderText(r); !strings.HasPrefix(got, "Facts matching “Multan”, best first:") || !strings.Contains(got, "[1]") {
			t.Errorf("%q: %q; want a heading and citations", typed, got)
		}
	}
	r := handle(e, "/search Qatar")
	if got := bot.RenderText(r); r.Answered || r.Kind != bot.KindNotFound || !strings.HasPrefix(got, "No fact matches “Qatar”.") {
		t.Errorf("/search Qatar: %q; want no match said", got)
	}
	before := len(kb.Searched())
	for _, bad := range []string{"/search", "/search ?!", "/search " + strings.Repeat("word ", 200)} {
		if r := handle(e, bad); r.Answered || r.Kind != bot.KindError || !r.Private {
			t.Errorf("%.30q: %q; want a private error", bad, bot.RenderText(r))
		}
	}
	if got := kb.Searched()[before:]; len(got) != 0 {
		t.Errorf("searched %q for empty or oversized words", got)
	}
}

func TestAskRejects(t *testing.T) {
	t.Run("TooLong", func(t *testing.T) {
		kb := newKB()
		r := handle(bot.New(kb), strings.Repeat("a", bot.MaxQuestionRunes+1))
		if r.Kind != bot.KindError || r.Answered || !r.Private {
			t.Errorf("got kind %v answered %v private %v; want a private error", r.Kind, r.Answered, r.Private)
		}
		want := fmt.Sprintf("That message is too long for me (%d characters). Please ask your question on its own, in at most %d characters.", bot.MaxQuestionRunes+1, bot.MaxQuestionRunes)
		if got := bot.RenderText(r); got != want {
			t.Errorf("got %q\nwant %q", got, want)
		}
		if len(kb.Searched()) != 0 {
			t.Error("a too-long question was searched")
		}
	})

	t.Run("LimitCountsCharactersNotBytes", func(t *testing.T) {
		kb := newKB()
		q := strings.Repeat("é", bot.MaxQuestionRunes) // twice as many bytes
		if r := handle(bot.New(kb), q); r.Kind == bot.KindError {
			t.Fatalf("a %d-character question was refused: %q", bot.MaxQuestionRunes, bot.RenderText(r))
		}
		if len(kb.Searched()) != 1 {
			t.Fatal("a question at the limit was not searched")
		}
	})

	t.Run("SpacesDoNotCount", func(t *testing.T) {
		kb := newKB()
		q := "IT exports" + strings.Repeat(" ", 2*bot.MaxQuestionRunes) + "?"
		if r := handle(bot.New(kb), q); r.Kind == bot.KindError {
			t.Fatalf("padding made a short question too long: %q", bot.RenderText(r))
		}
	})

	for name, q := range map[string]string{"PunctuationOnly": "?!...", "EmojiOnly": "🚀🇵🇰", "Empty": "", "Spaces": "   \t\n"} {
		t.Run(name, func(t *testing.T) {
			kb := newKB()
			r := handle(bot.New(kb), q)
			if r.Kind != bot.KindError || r.Answered {
				t.Errorf("got kind %v answered %v", r.Kind, r.Answered)
			}
			if got := bot.RenderText(r); !strings.HasPrefix(got, "Ask me a question about Pakistan's tech sector, for example:") {
				t.Errorf("got %q", got)
			}
			if !slices.Equal(r.Suggestions, []string{"exports", "broadband", "5g"}) {
				t.Errorf("suggestions %v; want the first three topics", r.Suggestions)
			}
			if len(kb.Searched()) != 0 {
				t.Errorf("searched %q", kb.Searched())
			}
		})
	}
}

func TestAskDeclines(t *testing.T) {
	const q = "What is the capital of France?"
	low := func(f bot.Fact, c float64) bot.Hit { return bot.Hit{Fact: f, Score: c, Confidence: c} }

	t.Run("SuggestsAtMostThreeNearbyTopics", func(t *testing.T) {
		kb := newKB()
		kb.hits[q] = []bot.Hit{low(zones, 0.29), low(exportsFY24, 0.25), low(exports2023, 0.22), low(digiskills, 0.2), low(exportsNov24, 0.1),
			low(fact("k", "cooperation", "", "", srcBare, "Text about Türkiye."), 0.1)}
		r := handle(bot.New(kb), q)
		if r.Kind != bot.KindNotFound || r.Answered || len(r.Facts) != 0 || len(r.Citations) != 0 {
			t.Fatalf("got kind %v answered %v with %d facts; want a decline without facts", r.Kind, r.Answered, len(r.Facts))
		}
		if want := []string{"techparks", "exports", "skills"}; !slices.Equal(r.Suggestions, want) {
			t.Errorf("suggestions %v, want %v", r.Suggestions, want)
		}
		want := "I don't know that. I only answer from curated facts about Pakistan's tech sector, and none of them fits your question.\n" +
			"Topics I do know about: /techparks, /exports, /skills."
		if got := bot.RenderText(r); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("NearMissOffersOnlyQuestionsThatAnswer", func(t *testing.T) {
		// A suggestion typed back must not be declined again.
		kb := newKB()
		kb.hits[q] = []bot.Hit{low(exportsFY24, 0.45), low(digiskills, 0.4)}
		kb.hits[bot.SuggestQuestion(digiskills)] = []bot.Hit{low(digiskills, 0.3)}
		got := bot.RenderText(handle(bot.New(kb), q))
		if !strings.Contains(got, bot.SuggestQuestion(exportsFY24)) || strings.Contains(got, bot.SuggestQuestion(digiskills)) {
			t.Errorf("got %q; want only the suggestion that is answered", got)
		}
	})
	t.Run("NearMissOffersQuestions", func(t *testing.T) {
		kb := newKB()
		kb.hits[q] = []bot.Hit{low(exportsFY24, 0.45), low(exportsFY24, 0.44), low(digiskills, 0.4)}
		r := handle(bot.New(kb), q)
		if r.Kind != bot.KindNotFound || r.Answered || len(r.Facts) != 0 {
			t.Fatalf("got kind %v answered %v with %d facts; want a decline without facts", r.Kind, r.Answered, len(r.Facts))
		}
		want := "I'm not sure I understood. Did you mean: " + bot.SuggestQuestion(exportsFY24) + " or " + bot.SuggestQuestion(digiskills) + "\n" +
			"Topics I do know about: /exports, /skills."
		if got := bot.RenderText(r); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("ZeroConfidenceHitsNotSuggested", func(t *testing.T) {
		kb := newKB()
		kb.hits[q] = []bot.Hit{low(digiskills, 0.2), low(zones, 0)}
		r := handle(bot.New(kb), q)
		if !slices.Equal(r.Suggestions, []string{"skills"}) {
			t.Errorf("suggestions %v, want [skills]", r.Suggestions)
		}
	})

	t.Run("NoHitsSuggestsFirstTopics", func(t *testing.T) {
		r := handle(bot.New(newKB()), q)
		if r.Kind != bot.KindNotFound || !slices.Equal(r.Suggestions, []string{"exports", "broadband", "5g"}) {
			t.Errorf("got kind %v suggestions %v", r.Kind, r.Suggestions)
		}
	})

	t.Run("Threshold", func(t *testing.T) {
		kb := newKB()
		kb.hits["at"] = []bot.Hit{{Fact: digiskills, Score: 1, Confidence: bot.DefaultMinConfidence}}
		kb.hits["below"] = []bot.Hit{{Fact: digiskills, Score: 1, Confidence: bot.DefaultMinConfidence - 0.01}}
		e := bot.New(kb)
		if r := handle(e, "at"); !r.Answered {
			t.Error("a hit at the threshold was declined")
		}
		if r := handle(e, "below"); r.Answered {
			t.Error("a hit below the threshold was answered")
		}
		if r := handle(bot.New(kb, bot.WithMinConfidence(0.9)), "at"); r.Answered {
			t.Error("WithMinConfidence(0.9) did not raise the bar")
		}
	})

	t.Run("SearchFailure", func(t *testing.T) {
		kb := newKB()
		kb.err = errors.New("disk on fire")
		var logs bytes.Buffer
		r := handle(bot.New(kb, bot.WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))), q)
		if r.Kind != bot.KindError || bot.RenderText(r) != "Sorry, something went wrong on my side. Please try again in a moment." {
			t.Errorf("got %v %q", r.Kind, bot.RenderText(r))
		}
		if strings.Contains(bot.RenderText(r), "disk on fire") {
			t.Error("the internal error reached the user")
		}
		if !strings.Contains(logs.String(), "disk on fire") {
			t.Errorf("the error was not logged: %q", logs.String())
		}
	})
}

func TestAskAnswers(t *testing.T) {
	const q = "What were Pakistan's IT exports in FY 2023-24?"

	t.Run("PeriodLineAndNumberedCitations", func(t *testing.T) {
		kb := newKB()
		kb.hits[q] = []bot.Hit{{Fact: exportsFY24, Score: 1.25, Confidence: 0.9}}
		kb.series = nil
		r := handle(bot.New(kb), q)
		if r.Kind != bot.KindAnswer || !r.Answered {
			t.Fatalf("got kind %v answered %v", r.Kind, r.Answered)
		}
		if len(r.Facts) != 1 || r.Facts[0].Key != exportsFY24.Key || r.Facts[0].Score != 1.25 {
			t.Errorf("facts %+v; want the hit with its score", r.Facts)
		}
		want := "In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion. [1]\n" +
			"Period: FY 2023-24.\n" +
			"\n" +
			"Sources:\n" +
			"[1] IT and telecom achievements, MEA Tech Watch, 18 December 2021. https://example.com/achievements"
		if got := bot.RenderText(r); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})

	for _, tt := range []struct {
		name string
		src  bot.Source
		want string
	}{
		{"NoPeriodPublishedSource", srcFull, "Period: not stated by the source; published 18 December 2021."},
		{"NoPeriodApproxSource", srcApprox, "Period: not stated by the source; the source dates from about 2025."},
		{"NoPeriodUndatedSource", srcBare, "Period: not stated by the source."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			kb := newKB()
			f := fact("undated", "techparks", "", "", tt.src, "Pakistan has set up specialised technology zones.")
			kb.hits["zones"] = []bot.Hit{{Fact: f, Score: 1, Confidence: 0.9}}
			r := handle(bot.New(kb), "zones")
			if got := texts(r); len(got) < 2 || got[1] != tt.want {
				t.Fatalf("got blocks %q; want the second to be %q", got, tt.want)
			}
		})
	}

	t.Run("SeriesSideBySideNewestFirst", func(t *testing.T) {
		kb := newKB()
		kb.hits[q] = []bot.Hit{{Fact: exportsFY24, Score: 1.25, Confidence: 0.9}}
		r := handle(bot.New(kb), q)
		want := "In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion. [1]\n" +
			"Period: FY 2023-24.\n" +
			"\n" +
			"Other periods:\n" +
			"• By 2023, IT exports had climbed to $2.6 billion. [2]\n" +
			"• 2021: IT exports were $2.1 billion. [1]\n" +
			"\n" +
			"Sources:\n" +
			"[1] IT and telecom achievements, MEA Tech Watch, 18 December 2021. https://example.com/achievements\n" +
			"[2] Elevating Pakistan's IT landscape"
		if got := bot.RenderText(r); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
		if got := factKeys(r.Facts); !slices.Equal(got, []string{exportsFY24.Key, exports2023.Key, exports2021.Key}) {
			t.Errorf("facts %v; want the answer, then the rest of its series", got)
		}
	})

	t.Run("OlderPeriodAskedShowsNewerBeside", func(t *testing.T) {
		kb := newKB()
		kb.hits["exports in 2021"] = []bot.Hit{{Fact: exports2021, Score: 1.3, Confidence: 0.8}}
		r := handle(bot.New(kb), "exports in 2021")
		if got := factKeys(r.Facts); !slices.Equal(got, []string{exports2021.Key, exportsFY24.Key, exports2023.Key}) {
			t.Errorf("facts %v; want 2021 first, then the other periods newest first", got)
		}
	})

	t.Run("RelatedSameTopicOnly", func(t *testing.T) {
		kb := newKB()
		kb.series = nil
		kb.hits[q] = []bot.Hit{
			{Fact: exportsFY24, Score: 1.25, Confidence: 0.9},
			{Fact: digiskills, Score: 1.2, Confidence: 0.9},    // another topic
			{Fact: exportsNov24, Score: 1.1, Confidence: 0.88}, // as good as the best
			{Fact: exports2023, Score: 0.9, Confidence: 0.6},   // too far below the best
		}
		r := handle(bot.New(kb), q)
		if got := factKeys(r.Facts); !slices.Equal(got, []string{exportsFY24.Key, exportsNov24.Key}) {
			t.Errorf("facts %v; want the answer and the one close same-topic fact", got)
		}
		if !strings.Contains(bot.RenderText(r), "\nRelated:\n• In November 2024, IT exports reached $324 million. [2]\n") {
			t.Errorf("no related section:\n%s", bot.RenderText(r))
		}
	})

	t.Run("EveryCiteHasACitation", func(t *testing.T) {
		kb := newKB()
		kb.hits[q] = []bot.Hit{{Fact: exportsFY24, Score: 1.25, Confidence: 0.9}, {Fact: exportsNov24, Score: 1.2, Confidence: 0.9}}
		r := handle(bot.New(kb), q)
		for _, b := range r.Blocks {
			for _, n := range b.Cites {
				if n < 1 || n > len(r.Citations) {
					t.Errorf("block %q cites [%d] of %d citations", b.Text, n, len(r.Citations))
				}
			}
		}
		for i, c := range r.Citations {
			for _, d := range r.Citations[:i] {
				if c.SourceID == d.SourceID {
					t.Errorf("source %s cited twice under different numbers", c.SourceID)
				}
			}
		}
	})
}

func factKeys(facts []bot.Fact) []string {
	out := make([]string, len(facts))
	for i, f := range facts {
		out[i] = f.Key
	}
	return out
}

func TestTopicCommand(t *testing.T) {
	t.Run("NewestFirstCapped", func(t *testing.T) {
		kb := newKB()
		r := handle(bot.New(kb), "/exports")
		all := kb.facts["exports"]
		if r.Kind != bot.KindTopic || !r.Answered || r.Title != "IT exports" {
			t.Fatalf("got kind %v answered %v title %q", r.Kind, r.Answered, r.Title)
		}
		if got, want := factKeys(r.Facts), factKeys(all[:bot.MaxTopicFacts]); !slices.Equal(got, want) {
			t.Fatalf("listed %v\nwant the first %d, newest first: %v", got, bot.MaxTopicFacts, want)
		}
		got := texts(r)
		if got[0] != "IT exports, newest first:" || !r.Blocks[0].Heading {
			t.Errorf("first block %q; want the heading", got[0])
		}
		// Items lead with their period unless the text already states it.
		if got[1] != exportsNov24.Text || got[3] != exports2023.Text || got[4] != "2020: IT exports figure number 0." {
			t.Errorf("items %q", got[1:5])
		}
		if last := got[len(got)-1]; last != "…and 2 more: /exports 2 shows the next 2 facts." {
			t.Errorf("last block %q; want how many more there are and how to see them", last)
		}
		if r.More != "/exports 2" {
			t.Errorf("More = %q, want /exports 2", r.More)
		}
	})

	t.Run("NextPage", func(t *testing.T) {
		kb := newKB()
		all := kb.facts["exports"]
		for _, cmd := range []string{"/exports 2", "/itexports 2", "/exports@PakBot 2"} {
			r := handle(bot.New(kb), cmd)
			if got, want := factKeys(r.Facts), factKeys(all[bot.MaxTopicFacts:]); !slices.Equal(got, want) {
				t.Fatalf("%s listed %v, want the rest %v", cmd, got, want)
			}
			if texts(r)[0] != "IT exports, newest first (page 2 of 2):" || r.More != "" {
				t.Errorf("%s: heading %q, More %q", cmd, texts(r)[0], r.More)
			}
		}
	})

	t.Run("PageTooFar", func(t *testing.T) {
		r := handle(bot.New(newKB()), "/exports 3")
		if r.Kind != bot.KindError || bot.RenderText(r) != "IT exports has 2 pages of facts; /exports 2 shows the last." {
			t.Errorf("got %v %q", r.Kind, bot.RenderText(r))
		}
	})

	t.Run("WordsAfterTheTopicAskAboutIt", func(t *testing.T) {
		kb := newKB()
		kb.hits["2023 IT exports"] = []bot.Hit{{Fact: exports2023, Score: 0.9, Confidence: 0.9}}
		r := handle(bot.New(kb), "/exports 2023")
		if !r.Answered || r.Kind == bot.KindTopic || r.Facts[0].Key != exports2023.Key {
			t.Errorf("/exports 2023 gave %v %q; want the 2023 fact", r.Kind, bot.RenderText(r))
		}
		if got := kb.Searched(); !slices.Equal(got, []string{"2023 IT exports"}) {
			t.Errorf("searched %q; want the words with the topic's title", got)
		}
	})

	t.Run("UnansweredWordsListTheTopic", func(t *testing.T) {
		// A year is no page number, and nothing answers it here.
		r := handle(bot.New(newKB()), "/exports 2021")
		if r.Kind != bot.KindTopic || !r.Answered || r.Facts[0].Key != exportsNov24.Key {
			t.Fatalf("got %v %q", r.Kind, bot.RenderText(r))
		}
		if got := texts(r)[0]; got != "None of the facts about IT exports answers “2021”; here is the topic." {
			t.Errorf("first block %q; want a note that the words found nothing", got)
		}
	})

	t.Run("BulletsDoNotRepeatTheirDate", func(t *testing.T) {
		kb := newKB()
		kb.facts["skills"] = append(kb.facts["skills"], fact("digiskills-2023", "skills", "2023-05..2023-06", "", srcFull,
			"In May and June 2023, DigiSkills trained 50,000 people."))
		r := handle(bot.New(kb), "/skills")
		if got := texts(r)[2]; got != "In May and June 2023, DigiSkills trained 50,000 people." {
			t.Errorf("bullet %q repeats its date", got)
		}
	})

	t.Run("ShortTopicNoMoreLine", func(t *testing.T) {
		r := handle(bot.New(newKB()), "/skills")
		if want := "Skills, newest first:\n• FY 2023-24: DigiSkills has trained over 600,000 people. [1]\n\nSources:\n[1] IT and telecom achievements, MEA Tech Watch, 18 December 2021. https://example.com/achievements"; bot.RenderText(r) != want {
			t.Errorf("got\n%s\nwant\n%s", bot.RenderText(r), want)
		}
	})

	for _, cmd := range []string{"/exprots", "/export", "/EXPORTS", "/exports@PakBot", "/remittances", "  /exports  "} {
		t.Run("Typo"+cmd, func(t *testing.T) {
			kb := newKB()
			r := handle(bot.New(kb), cmd)
			if r.Kind != bot.KindTopic || r.Title != "IT exports" {
				t.Fatalf("%s gave %v %q; want the exports topic", cmd, r.Kind, r.Title)
			}
			if len(kb.Searched()) != 0 {
				t.Errorf("%s was searched as a question too", cmd)
			}
		})
	}

	t.Run("TopicWithoutFacts", func(t *testing.T) {
		r := handle(bot.New(newKB()), "/5g")
		if r.Kind != bot.KindNotFound || r.Answered || bot.RenderText(r) != "5G\nI have no facts about 5G yet." {
			t.Errorf("got %v %q", r.Kind, bot.RenderText(r))
		}
	})

	t.Run("NoMatchSearched", func(t *testing.T) {
		kb := newKB()
		handle(bot.New(kb), "/cat pictures")
		if got := kb.Searched(); !slices.Equal(got, []string{"cat pictures"}) {
			t.Errorf("searched %q; want the command searched as a question", got)
		}
	})
}

// TestEngineConcurrent runs many requests at once through one engine;
// platforms do exactly that. Run it with -race.
func TestEngineConcurrent(t *testing.T) {
	kb := newKB()
	kb.hits["exports"] = []bot.Hit{{Fact: exportsFY24, Score: 1, Confidence: 0.9}}
	e := bot.New(kb)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, q := range []string{"exports", "/exports", "/help", "/sources", "nothing", "?"} {
				if r := handle(e, q); len(r.Blocks) == 0 {
					t.Errorf("goroutine %d: empty reply to %q", i, q)
				}
			}
		}()
	}
	wg.Wait()
}
