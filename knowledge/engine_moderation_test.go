package knowledge_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// recordingNotifier collects notices, or fails to deliver them.
type recordingNotifier struct {
	mu      sync.Mutex
	notices []bot.Notice
	fail    bool
}

func (n *recordingNotifier) Notify(_ context.Context, notice bot.Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.fail {
		return errors.New("chat not reachable")
	}
	n.notices = append(n.notices, notice)
	return nil
}

func TestEngineModeration(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	engine := bot.New(db)
	mod := bot.Request{Platform: bot.Telegram, ChatID: "-100", UserID: "1", UserName: "alice", Moderator: true}
	user := bot.Request{Platform: bot.Telegram, ChatID: "-100", UserID: "2", UserName: "bob"}
	say := func(req bot.Request, text string) bot.Reply {
		req.Text = text
		return engine.Handle(ctx, req)
	}
	addCmd := "/addfact exports | In FY 2024-25, Pakistan's IT exports reached $3.8 billion, a new record. | https://example.com/pseb PSEB report | FY2024-25"

	t.Run("NonModeratorRefused", func(t *testing.T) {
		before, _ := db.ListFacts(ctx, true)
		for _, cmd := range []string{addCmd, "/removefact it-exports-fy2023-24", "/editfact it-exports-fy2023-24 | Some other text that is long enough.", "/alias exports itx", "/review", "/approve 1", "/history it-exports-fy2023-24",
			"/editsource 004_fa9e532e3ffc210a | publisher | Somebody"} {
			r := say(user, cmd)
			if r.Kind != bot.KindRefused || !strings.Contains(bot.RenderText(r), "Only moderators") {
				t.Errorf("%s: got %q, want a refusal", cmd, bot.RenderText(r))
			}
		}
		after, _ := db.ListFacts(ctx, true)
		if len(after) != len(before) {
			t.Fatal("a refused command changed the facts")
		}
		if f, _ := db.Fact(ctx, "it-exports-fy2023-24"); f.Version != 1 || f.Removed {
			t.Fatal("a refused command changed a fact")
		}
		if s, _ := db.Source(ctx, "004_fa9e532e3ffc210a"); s.Version != 1 || s.Publisher != "" {
			t.Fatal("a refused command changed a source")
		}
	})

	t.Run("EditSourceThenAnswersCiteIt", func(t *testing.T) {
		r := say(mod, "/editsource 004_fa9e532e3ffc210a | publisher | Ministry of IT and Telecom")
		text := bot.RenderText(r)
		if r.Kind != bot.KindInfo || !r.Private || !strings.Contains(text, "Saved version 2 of source 004_fa9e532e3ffc210a") ||
			!strings.Contains(text, "Pakistan's IT infrastructure, Türkiye cooperation, technology parks, Ministry of IT and Telecom [1]") {
			t.Fatalf("edit reply: %q", text)
		}
		answer := bot.RenderText(say(user, "How many software technology parks are there?"))
		if !strings.Contains(answer, "technology parks, Ministry of IT and Telecom") {
			t.Errorf("answer does not name the new publisher:\n%s", answer)
		}
		r = say(mod, "/editsource 004_fa9e532e3ffc210a | publisher | unknown")
		if !strings.Contains(bot.RenderText(r), "Saved version 3") {
			t.Fatalf("clearing reply: %q", bot.RenderText(r))
		}
		answer = bot.RenderText(say(user, "How many software technology parks are there?"))
		if strings.Contains(answer, "Ministry of IT and Telecom") || strings.Contains(answer, ", ,") {
			t.Errorf("answer after the publisher became unknown again:\n%s", answer)
		}
	})

	t.Run("EditSourceMistakes", func(t *testing.T) {
		for cmd, want := range map[string]string{
			"/editsource 004_fa9e532e3ffc210a":                       "Usage: /editsource id | field | value",
			"/editsource 004_fa9e532e3ffc210a | url":                 "Usage: /editsource id | field | value",
			"/editsource 004_fa9e532e3ffc210a | colour | red":        `"colour" is not a field of a source; the fields are title, publisher, url, published.`,
			"/editsource 004_fa9e532e3ffc210a | url | ftp://x.org/a": "not a valid source: give an http(s) URL",
			"/editsource 004_fa9e532e3ffc210a | published | 2025-13": `"2025-13" is not a date`,
			"/editsource 004_fa9e532e3ffc210a | title | unknown":     "A source needs a title",
			"/editsource nosuch | title | A title":                   `I have no source "nosuch". /sources lists every source with its id.`,
		} {
			r := say(mod, cmd)
			if got := bot.RenderText(r); r.Kind != bot.KindError || !r.Private || !strings.Contains(got, want) {
				t.Errorf("%s: got %v %q, want an error containing %q", cmd, r.Kind, got, want)
			}
		}
		if s, _ := db.Source(ctx, "004_fa9e532e3ffc210a"); s.Version != 3 {
			t.Errorf("mistakes changed source 004 to version %d", s.Version)
		}
	})

	t.Run("SourcesCountCurrentFacts", func(t *testing.T) {
		sources, err := db.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		live := map[string]int{}
		for _, f := range MustAllFacts(t, db) {
			live[f.SourceID]++
		}
		text := bot.RenderText(say(user, "/sources"))
		for _, s := range sources {
			if s.FactCount != live[s.ID] {
				t.Errorf("source %s counts %d facts, %d cite it", s.ID, s.FactCount, live[s.ID])
			}
		}
		if !strings.Contains(text, "IT Ministry's Plans to Propel 5G Launch and Tech Sector Growth, chatswithfolks.com. https://chatswithfolks.com/it-ministry-plans-5g-launch-in-pakistan/ (21 facts)") {
			t.Errorf("/sources:\n%s\nwant source 003 with its 21 facts", text)
		}
		if strings.Contains(text, "004_fa9e532e3ffc210a") {
			t.Errorf("/sources shows ids to people who are not moderators:\n%s", text)
		}
		if mine := bot.RenderText(say(mod, "/sources")); !strings.Contains(mine, "(48 facts; id 004_fa9e532e3ffc210a)") {
			t.Errorf("moderator's /sources:\n%s\nwant source 004 with its count and id", mine)
		}
	})

	t.Run("AddThenAnswerWithCitation", func(t *testing.T) {
		r := say(mod, addCmd)
		if r.Kind != bot.KindInfo || !r.Private || len(r.Facts) != 1 {
			t.Fatalf("add reply: %q", bot.RenderText(r))
		}
		answer := say(user, "What were Pakistan's IT exports in FY 2024-25?")
		text := bot.RenderText(answer)
		if !answer.Answered || answer.Facts[0].Key != r.Facts[0].Key {
			t.Fatalf("answer: %q", text)
		}
		for _, want := range []string{"$3.8 billion", "Added by alice on", "[1] PSEB report, example.com. https://example.com/pseb"} {
			if !strings.Contains(text, want) {
				t.Errorf("answer %q lacks %q", text, want)
			}
		}
	})

	t.Run("UsageOnMistakes", func(t *testing.T) {
		for _, cmd := range []string{"/addfact exports", "/addfact", "/editfact only-a-key", "/approve x", "/reject 1"} {
			r := say(mod, cmd)
			if r.Kind != bot.KindError || !strings.Contains(bot.RenderText(r), "Usage: /") {
				t.Errorf("%s: got %q, want usage", cmd, bot.RenderText(r))
			}
		}
		r := say(mod, "/addfact nosuchtopic | Some fact text that is long enough. | https://example.com")
		if !strings.Contains(bot.RenderText(r), "new:nosuchtopic") {
			t.Errorf("unknown topic reply: %q", bot.RenderText(r))
		}
	})

	t.Run("SuggestApproveNotifies", func(t *testing.T) {
		notifier := &recordingNotifier{}
		engine.SetNotifier(bot.Telegram, notifier)
		r := say(user, "/suggest In 2025, Pakistan opened a software technology park in Quetta. | https://example.com/quetta")
		if !strings.Contains(bot.RenderText(r), "number 1") {
			t.Fatalf("suggest reply: %q", bot.RenderText(r))
		}
		if r := say(mod, "/review"); !strings.Contains(bot.RenderText(r), "#1 from bob") {
			t.Fatalf("review reply: %q", bot.RenderText(r))
		}
		if r := say(mod, "/approve 1"); !strings.Contains(bot.RenderText(r), "Approved suggestion #1") {
			t.Fatalf("approve reply: %q", bot.RenderText(r))
		}
		if len(notifier.notices) != 1 || notifier.notices[0].UserID != "2" || !strings.Contains(notifier.notices[0].Text, "approved") {
			t.Fatalf("notices = %+v", notifier.notices)
		}
	})

	t.Run("UndeliveredNoticeComesWithNextReply", func(t *testing.T) {
		engine.SetNotifier(bot.Telegram, &recordingNotifier{fail: true})
		say(user, "/suggest Pakistan has the fastest internet in the world by far. | https://example.com/x")
		say(mod, "/reject 2 | No reliable source says so.")
		next := bot.RenderText(say(user, "/topics"))
		if !strings.Contains(next, "#2 was not accepted by alice: No reliable source says so.") {
			t.Fatalf("next reply lacks the notice: %q", next)
		}
		if again := bot.RenderText(say(user, "/topics")); strings.Contains(again, "#2") {
			t.Error("the notice was shown twice")
		}
	})
}

// TestEngineFigures sets and changes a fact's figure from chat, as a
// moderator would.
func TestEngineFigures(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	engine := bot.New(db)
	say := func(text string) string {
		return bot.RenderText(engine.Handle(ctx, bot.Request{Platform: bot.Discord, ChatID: "c1", UserID: "7", UserName: "alice", Moderator: true, Text: text}))
	}

	added := say("/addfact exports | In FY 2024-25, Pakistan's IT exports reached $3.8 billion, a new record. | https://example.com/pseb PSEB report | FY2024-25 | figure: 3.8 USD bn")
	if !strings.Contains(added, "Period: FY 2024-25. Figure: 3.8 USD bn.") {
		t.Fatalf("/addfact with a figure:\n%s", added)
	}
	key := strings.Fields(strings.TrimPrefix(added, "Added fact "))[0]

	edited := say("/editfact " + key + " | figure: 3,810.5 USD m")
	if !strings.Contains(edited, "Saved version 2") || !strings.Contains(edited, "Figure: 3810.5 USD m.") || !strings.Contains(edited, "a new record") {
		t.Fatalf("/editfact of the figure only:\n%s", edited)
	}
	history := say("/history " + key)
	if !strings.Contains(history, "figure 3.8 USD bn became 3810.5 USD m") {
		t.Errorf("/history does not say how the figure changed:\n%s", history)
	}
	if removed := say("/editfact " + key + " | figure: none"); !strings.Contains(removed, "Saved version 3") || strings.Contains(removed, "Figure:") {
		t.Errorf("/editfact … | figure: none:\n%s", removed)
	}
	for _, bad := range []string{"/editfact " + key + " | figure: lots of money", "/editfact " + key + " | figure: 12", "/addfact exports | In FY 2025-26, IT exports reached $4 billion, they said. | https://example.com/x | FY2025-26 | figure: NaN USD bn"} {
		if reply := say(bad); !strings.Contains(reply, "is not a figure") && !strings.Contains(reply, "has no unit") {
			t.Errorf("%s:\n%s\nwant the figure refused", bad, reply)
		}
	}
	if f, _ := db.Fact(ctx, key); f.Version != 3 {
		t.Errorf("refused figures changed the fact to version %d", f.Version)
	}
}

// writeCounter records the moderators' writes an engine reports.
// countingObserver records the moderators' writes and the feedback votes
// the engine reports.
type countingObserver struct {
	mu     sync.Mutex
	writes []string
	votes  []string
}

func (c *countingObserver) Question(bot.Platform, bot.Outcome, time.Duration) {}

func (c *countingObserver) ModeratorWrite(p bot.Platform, command string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes = append(c.writes, string(p)+" "+command)
}

func (c *countingObserver) FeedbackVote(p bot.Platform, v bot.Choice) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.votes = append(c.votes, string(p)+" "+string(v))
}

func TestEngineReportsModeratorWrites(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	counter := &countingObserver{}
	engine := bot.New(db, bot.WithObserver(counter))
	for _, cmd := range []string{
		"/editfact it-exports-fy2023-24 | figure: 3.223 USD bn", // already so: refused, not a write
		"/fact it-exports-fy2023-24",                            // a read
		"/removefact it-exports-fy2023-24",
		"/restorefact it-exports-fy2023-24",
	} {
		engine.Handle(ctx, bot.Request{Platform: bot.Telegram, ChatID: "-1", UserID: "1", UserName: "alice", Moderator: true, Text: cmd})
	}
	engine.Handle(ctx, bot.Request{Platform: bot.Discord, ChatID: "c", UserID: "2", UserName: "bob", Text: "/removefact it-exports-fy2023-24"})
	if want := []string{"telegram removefact", "telegram restorefact"}; !slices.Equal(counter.writes, want) {
		t.Errorf("writes = %v, want %v", counter.writes, want)
	}
}

func TestEngineChartsFromSeeds(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	engine := bot.New(db, bot.WithReader(db.Reader()))
	for _, tt := range []struct {
		ask  string
		want []string // series charted
	}{
		{"/chart exports", []string{"ict-remittances-jul-nov", "it-exports-annual"}}, // newest first
		{"/chart broadband", []string{"broadband-subscribers"}},
		{"/chart What were Pakistan's IT exports in FY 2023-24?", []string{"it-exports-annual"}},
		{"/chart startups", nil},
	} {
		r := engine.Handle(ctx, bot.Request{Platform: bot.Console, Text: tt.ask})
		var got []string
		for _, c := range r.Charts {
			got = append(got, c.Series)
			if len(c.Points) < 2 {
				t.Errorf("%s: chart %s has %d points", tt.ask, c.Series, len(c.Points))
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: charts %v, want %v\n%s", tt.ask, got, tt.want, bot.RenderText(r))
		}
	}
}

// TestFactCardAndCounts checks what moderators read in chat: /fact cites
// its source under the marker it shows, and counts agree with their nouns.
func TestFactCardAndCounts(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	engine := bot.New(db)
	mod := bot.Request{Platform: bot.Telegram, ChatID: "-100", UserID: "1", UserName: "alice", Moderator: true}
	say := func(req bot.Request, text string) string {
		req.Text = text
		return bot.RenderText(engine.Handle(ctx, req))
	}

	t.Run("FactCitesItsSource", func(t *testing.T) {
		card := say(mod, "/fact it-exports-fy2023-24")
		if !strings.Contains(card, "[1]") || !strings.Contains(card, "Sources:\n[1] Pakistan's IT and telecom achievements, FY 2023-24, MEA Tech Watch. https://meatechwatch.com/?p=16838") {
			t.Errorf("/fact shows a marker without its source:\n%s", card)
		}
	})
	t.Run("OneVersion", func(t *testing.T) {
		if h := say(mod, "/history it-exports-fy2023-24"); !strings.Contains(h, "(1 version):") {
			t.Errorf("/history of a new fact:\n%s", h)
		}
	})
	t.Run("OneSuggestionWaits", func(t *testing.T) {
		say(bot.Request{Platform: bot.Telegram, ChatID: "-100", UserID: "2", UserName: "bob"},
			"/suggest In 2025, Pakistan opened a software technology park in Quetta. | https://example.com/quetta")
		if r := say(mod, "/review"); !strings.Contains(r, "1 suggestion waits for review") {
			t.Errorf("/review with one suggestion:\n%s", r)
		}
	})
	t.Run("SourcesListedOnce", func(t *testing.T) {
		if s := say(mod, "/sources"); strings.Contains(s, "Sources:\n") {
			t.Errorf("/sources lists its sources twice:\n%s", s)
		}
	})
}

// TestEngineEditsEveryField edits a fact from chat the way moderators do
// on Telegram and Discord: by field name, each edit one new version.
func TestEngineEditsEveryField(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	engine := bot.New(db)
	mod := bot.Request{Platform: bot.Discord, ChatID: "c1", UserID: "1", UserName: "alice", Moderator: true}
	say := func(text string) bot.Reply {
		mod.Text = text
		return engine.Handle(ctx, mod)
	}

	r := say("/addfact exports | In FY 2024-25, Pakistan's IT exports reached $3.8 billion. | https://example.com/pseb PSEB | FY 2024-25")
	if len(r.Facts) != 1 {
		t.Fatalf("add: %s", bot.RenderText(r))
	}
	key := r.Facts[0].Key
	if text := bot.RenderText(r); !strings.Contains(text, "It joins IT exports: now the newest of 3 periods (series it-exports-annual).") {
		t.Errorf("the add reply does not say the fact joined its series:\n%s", text)
	}

	steps := []struct{ cmd, want string }{
		{"/editfact " + key + " | period: 2025", `period "FY 2024-25" became "2025"`},
		{"/editfact " + key + " | series: none", `series "it-exports-annual" became ""`},
		{"/editfact " + key + " | source: https://example.com/sbp State Bank report", "source "},
		{"/editfact " + key + " | topic: itparks", "topic exports became techparks"},
		{"/editfact " + key + " | topic: exports |  | text: In FY 2023-24, Pakistan's IT exports reached $3.2 billion. | period: FY 2023-24", "text “"},
	}
	for i, s := range steps {
		if r := say(s.cmd); !strings.Contains(bot.RenderText(r), fmt.Sprintf("Saved version %d of %s.", i+2, key)) {
			t.Fatalf("%s: %s", s.cmd, bot.RenderText(r))
		}
		history := bot.RenderText(say("/history " + key))
		if !strings.Contains(history, fmt.Sprintf("v%d, ", i+2)) || !strings.Contains(history, s.want) {
			t.Errorf("after %s the history lacks %q:\n%s", s.cmd, s.want, history)
		}
	}
	f, err := db.Fact(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if f.Period.Raw != "FY2023-24" || f.Series != "" || f.Source.URL != "https://example.com/sbp" || f.Source.Title != "State Bank report" ||
		f.Topic != "exports" || !strings.Contains(f.Text, "$3.2 billion") || f.Version != 6 {
		t.Errorf("after the edits: %+v", f)
	}

	t.Run("EachEditAudited", func(t *testing.T) {
		dump, err := db.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var edits []string
		for _, a := range dump.Audit {
			if a.Action == "edit" && a.Subject == key {
				edits = append(edits, a.Actor+": "+a.Detail)
			}
		}
		want := []string{"alice: period: 2025", "alice: series: none", "alice: source: https://example.com/sbp", "alice: topic: techparks",
			"alice: text: In FY 2023-24, Pakistan's IT exports reached $3.2 billion.; period: FY2023-24; topic: exports"}
		if !slices.Equal(edits, want) {
			t.Errorf("audit entries of the edits:\n%s", strings.Join(edits, "\n"))
		}
	})
	t.Run("OptionIsNeverText", func(t *testing.T) {
		r := say("/editfact " + key + " | --period FY2022-23")
		if r.Kind != bot.KindError || !strings.Contains(bot.RenderText(r), "looks like an option") {
			t.Errorf("got %s", bot.RenderText(r))
		}
		if g, _ := db.Fact(ctx, key); g.Text != f.Text || g.Version != f.Version {
			t.Errorf("the fact changed to %q (version %d)", g.Text, g.Version)
		}
	})
	t.Run("MistypedFieldIsNeverText", func(t *testing.T) {
		// A label that is no field, a field without its colon, or a
		// field after a comma would have replaced the text in every
		// answer at once.
		for cmd, want := range map[string]string{
			"/editfact " + key + " | year: FY 2023-24":                  `"year" is not a field I can change`,
			"/editfact " + key + " | url: https://example.com/x":        `"url" is not a field I can change`,
			"/editfact " + key + " | figure 29 rank":                    "Did you mean figure: 29 rank?",
			"/editfact " + key + " | figure: 3.2 USD bn, period: 2021":  "Separate fields with |",
			"/editfact " + key + " | period: FY 2023-24; topic: skills": "Separate fields with |",
		} {
			r := say(cmd)
			if text := bot.RenderText(r); r.Kind != bot.KindError || !strings.Contains(text, want) || !strings.Contains(text, "Nothing was saved.") {
				t.Errorf("%s: %s", cmd, text)
			}
		}
		if g, _ := db.Fact(ctx, key); g.Text != f.Text || g.Version != f.Version {
			t.Errorf("the fact changed to %q (version %d)", g.Text, g.Version)
		}
		// Written as the text, it is the text.
		if r := say("/editfact " + key + " | text: Update: Pakistan's IT exports reached $3.2 billion in FY 2023-24."); !strings.Contains(bot.RenderText(r), "Saved version") {
			t.Errorf("an explicit text was refused: %s", bot.RenderText(r))
		}
	})
	t.Run("ChatWordsInChat", func(t *testing.T) {
		r := bot.RenderText(say("/addfact exports | In FY 2023-24, Pakistan's IT exports reached $3.2 billion. | https://example.com/other"))
		if !strings.Contains(r, "Edit it with /editfact "+key+" | new text.") || strings.Contains(r, "pakbot") {
			t.Errorf("duplicate reply: %s", r)
		}
		r = bot.RenderText(say("/addfact exprts | In 2026, Pakistan's IT exports reached $6 billion. | https://example.com/x"))
		if !strings.Contains(r, "Did you mean exports?") || !strings.Contains(r, "new:exprts") {
			t.Errorf("unknown topic reply: %s", r)
		}
	})
	t.Run("MistypedCommandIsNoQuestion", func(t *testing.T) {
		for typed, want := range map[string]string{"/addfacts exports | x": "/addfact", "/remove " + key: "/removefact", "/delete " + key: "/removefact",
			"/histroy " + key: "/history", "/edit " + key + " | text": "/editfact"} {
			if r := say(typed); r.Kind != bot.KindError || !strings.Contains(bot.RenderText(r), "Did you mean "+want+"?") {
				t.Errorf("%s: %s", typed, bot.RenderText(r))
			}
		}
		if g, _ := db.Fact(ctx, key); g.Removed {
			t.Error("a mistyped command removed the fact")
		}
	})
	t.Run("KeysAsCopiedOrRemembered", func(t *testing.T) {
		// A key copied with the full stop of a sentence or in backticks.
		for _, typed := range []string{key + ".", "`" + key + "`", "“" + key + "”"} {
			if r := say("/fact " + typed); !strings.Contains(bot.RenderText(r), "Fact "+key+", version") {
				t.Errorf("/fact %s: %s", typed, bot.RenderText(r))
			}
		}
		// Words instead of a key, or a key with a typo: the facts meant.
		r := bot.RenderText(say("/fact samsung production 2021"))
		if !strings.Contains(r, "Did you mean one of these?") || !strings.Contains(r, "samsung-production-start-2021-12: Samsung officially began") {
			t.Errorf("/fact samsung production 2021: %s", r)
		}
		if r := bot.RenderText(say("/removefact karachi-it-prk-jobs | typo")); !strings.Contains(r, "karachi-it-park-jobs:") {
			t.Errorf("/removefact with a typo: %s", r)
		}
	})
	t.Run("RestoreAnEarlierVersion", func(t *testing.T) {
		before, _ := db.Fact(ctx, key)
		if r := say("/editfact " + key + " | text: Pakistan's IT exports were zero in FY 2023-24, a typo said. | topic: skills"); !strings.Contains(bot.RenderText(r), "Saved version") {
			t.Fatalf("edit: %s", bot.RenderText(r))
		}
		r := say(fmt.Sprintf("/restorefact %s v%d", key, before.Version))
		after, _ := db.Fact(ctx, key)
		if !strings.Contains(bot.RenderText(r), fmt.Sprintf("back to version %d", before.Version)) || after.Text != before.Text || after.Topic != before.Topic ||
			after.Period.Raw != before.Period.Raw || after.Version != before.Version+2 {
			t.Errorf("restore v%d: %s\ngot %+v", before.Version, bot.RenderText(r), after)
		}
		if r := say(fmt.Sprintf("/restorefact %s v%d", key, before.Version)); !strings.Contains(bot.RenderText(r), "nothing changed") {
			t.Errorf("restoring the same version again: %s", bot.RenderText(r))
		}
		if r := say("/restorefact " + key + " v99"); r.Kind != bot.KindError || !strings.Contains(bot.RenderText(r), "has no version 99") {
			t.Errorf("a version that never was: %s", bot.RenderText(r))
		}
		if r := say("/removefact " + key + " | figure not confirmed"); !strings.Contains(bot.RenderText(r), "Removed "+key) || !strings.Contains(bot.RenderText(r), after.Text) {
			t.Errorf("removing with a reason: %s", bot.RenderText(r))
		}
		if r := say(fmt.Sprintf("/restorefact %s v%d", key, before.Version)); !strings.Contains(bot.RenderText(r), "nothing changed") {
			t.Errorf("restoring a removed fact's version: %s", bot.RenderText(r))
		}
		if g, _ := db.Fact(ctx, key); g.Removed {
			t.Error("the fact is still removed")
		}
	})
	t.Run("PeriodAsQuestionsWriteIt", func(t *testing.T) {
		for written, raw := range map[string]string{"fy25": "FY2024-25", "FY 22-23": "FY2022-23", "Jul-Nov 2024": "2024-07..2024-11", "Dec-2024": "2024-12", "Q1 2025": "2025-01..2025-03"} {
			if r := say("/editfact " + key + " | period: " + written); !strings.Contains(bot.RenderText(r), "Saved version") {
				t.Errorf("period: %s: %s", written, bot.RenderText(r))
			}
			if g, _ := db.Fact(ctx, key); g.Period.Raw != raw {
				t.Errorf("period: %s saved %q, want %q", written, g.Period.Raw, raw)
			}
		}
	})
}

// TestUndeliveredNoticesSurviveRestart rejects a suggestion while its
// author cannot be reached, restarts, and checks that the notice reaches
// them once: with their next message, or when the platform is back.
func TestUndeliveredNoticesSurviveRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	mod := bot.Request{Platform: bot.Telegram, ChatID: "-100", UserID: "1", UserName: "alice", Moderator: true}
	bob := bot.Request{Platform: bot.Telegram, ChatID: "-100", UserID: "2", UserName: "bob"}
	carol := bot.Request{Platform: bot.Telegram, ChatID: "-100", UserID: "3", UserName: "carol"}
	say := func(e *bot.Engine, req bot.Request, text string) string {
		req.Text = text
		return bot.RenderText(e.Handle(ctx, req))
	}

	db := MustOpenSeededAt(t, path)
	engine := bot.New(db)
	engine.SetNotifier(bot.Telegram, &recordingNotifier{fail: true})
	say(engine, bob, "/suggest Pakistan has the fastest internet in the world by far. | https://example.com/x")
	say(engine, carol, "/suggest Pakistan's e-sports players won 50 world titles in 2024. | https://example.com/y")
	say(engine, mod, "/reject 1 | No reliable source says so.")
	say(engine, mod, "/reject 2 | The source does not say this.")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = MustOpenSeededAt(t, path)
	defer db.Close()
	engine = bot.New(db)
	t.Run("WithTheNextReply", func(t *testing.T) {
		if next := say(engine, bob, "/topics"); !strings.Contains(next, "#1 was not accepted by alice: No reliable source says so.") {
			t.Fatalf("after a restart the next reply lacks the notice: %q", next)
		}
		if again := say(engine, bob, "/topics"); strings.Contains(again, "#1") {
			t.Error("the notice was shown twice")
		}
	})
	t.Run("WhenThePlatformIsBack", func(t *testing.T) {
		notifier := &recordingNotifier{}
		engine.SetNotifier(bot.Telegram, notifier)
		engine.DeliverWaitingNotices(ctx, bot.Telegram)
		if len(notifier.notices) != 1 || notifier.notices[0].UserID != "3" || !strings.Contains(notifier.notices[0].Text, "#2 was not accepted") {
			t.Fatalf("delivered %+v, want carol's notice", notifier.notices)
		}
		if next := say(engine, carol, "/topics"); strings.Contains(next, "#2") {
			t.Errorf("a delivered notice came again: %q", next)
		}
	})
}
