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

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

var (
	alice = bot.Actor{Platform: bot.Telegram, ChatID: "-100", UserID: "1", Name: "alice"}
	bob   = bot.Actor{Platform: bot.Discord, ChatID: "42", UserID: "2", Name: "bob"}
)

// MustOpenSeeded opens a database at path with the real seeds applied.
func MustOpenSeededAt(tb testing.TB, path string) *knowledge.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := knowledge.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Seed(ctx, set); err != nil {
		tb.Fatal(err)
	}
	return db
}

// textEdit is an edit of a fact's text only.
func textEdit(text string) bot.FactEdit { return bot.FactEdit{Text: &text} }

func newFact() bot.NewFact {
	return bot.NewFact{
		Topic:       "exports",
		Text:        "In FY 2024-25, Pakistan's IT exports reached $3.8 billion, a new record.",
		SourceURL:   "https://example.com/pseb-report",
		SourceTitle: "PSEB annual report",
		Period:      "FY2024-25",
	}
}

func topAnswer(tb testing.TB, db *knowledge.DB, question string) (bot.Hit, bool) {
	tb.Helper()
	hits, err := db.Search(context.Background(), question, 5)
	if err != nil {
		tb.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Confidence < bot.DefaultMinConfidence {
		return bot.Hit{}, false
	}
	return hits[0], true
}

func TestModeration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	db := MustOpenSeededAt(t, path)

	added, err := db.AddFact(ctx, newFact(), alice)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("AddedFactAnswersAtOnce", func(t *testing.T) {
		hit, ok := topAnswer(t, db, "What were IT exports in FY 2024-25?")
		if !ok || hit.Fact.Key != added.Key {
			t.Fatalf("got %+v, want the new fact %s", hit.Fact, added.Key)
		}
		if hit.Fact.Source.URL != "https://example.com/pseb-report" || hit.Fact.Source.Title != "PSEB annual report" {
			t.Errorf("citation = %+v, want the moderator's source", hit.Fact.Source)
		}
		if hit.Fact.CreatedBy != "alice" || hit.Fact.Origin != "moderator" {
			t.Errorf("provenance = %q/%q, want alice/moderator", hit.Fact.CreatedBy, hit.Fact.Origin)
		}
	})

	t.Run("EditKeepsBothVersions", func(t *testing.T) {
		edited, err := db.EditFact(ctx, added.Key, textEdit("In FY 2024-25, Pakistan's IT exports reached $3.8 billion, up 18% on the year."), bob)
		if err != nil {
			t.Fatal(err)
		}
		if edited.Version != 2 || edited.UpdatedBy != "bob" || edited.CreatedBy != "alice" {
			t.Fatalf("got version %d by %s (created by %s)", edited.Version, edited.UpdatedBy, edited.CreatedBy)
		}
		history, err := db.History(ctx, added.Key)
		if err != nil {
			t.Fatal(err)
		}
		if len(history) != 2 || history[0].Change != "add" || history[1].Change != "edit" || history[1].Platform != bot.Discord {
			t.Fatalf("history = %+v", history)
		}
		if !strings.Contains(history[0].Fact.Text, "a new record") || !strings.Contains(history[1].Fact.Text, "up 18%") {
			t.Errorf("history texts = %q, %q", history[0].Fact.Text, history[1].Fact.Text)
		}
	})

	t.Run("RemoveThenRestore", func(t *testing.T) {
		if _, err := db.RemoveFact(ctx, added.Key, alice); err != nil {
			t.Fatal(err)
		}
		if hit, ok := topAnswer(t, db, "What were IT exports in FY 2024-25?"); ok && hit.Fact.Key == added.Key {
			t.Fatal("a removed fact still answers")
		}
		if _, err := db.RemoveFact(ctx, added.Key, alice); err == nil {
			t.Error("removing twice should be refused")
		}
		if _, err := db.RestoreFact(ctx, added.Key, alice); err != nil {
			t.Fatal(err)
		}
		if hit, ok := topAnswer(t, db, "What were IT exports in FY 2024-25?"); !ok || hit.Fact.Key != added.Key {
			t.Fatal("a restored fact does not answer")
		}
	})

	t.Run("SurvivesReopenAndReseed", func(t *testing.T) {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = MustOpenSeededAt(t, path)
		defer db.Close()
		f, err := db.Fact(ctx, added.Key)
		if err != nil {
			t.Fatal(err)
		}
		if f.Version != 4 || f.Removed || !strings.Contains(f.Text, "up 18%") {
			t.Fatalf("after reopen got version %d removed=%v text %q", f.Version, f.Removed, f.Text)
		}
		if hit, ok := topAnswer(t, db, "What were IT exports in FY 2024-25?"); !ok || hit.Fact.Key != added.Key {
			t.Fatal("after reopen the fact does not answer")
		}
	})
}

func TestSeedReloadKeepsModeratorWork(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	edited := set.Facts[0].Key
	removed := set.Facts[1].Key
	untouched := set.Facts[2].Key
	if _, err := db.EditFact(ctx, edited, textEdit("A moderator's own wording of this fact, which must survive releases."), alice); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemoveFact(ctx, removed, alice); err != nil {
		t.Fatal(err)
	}

	// A new release changes all three facts.
	for i := range 3 {
		set.Facts[i].Text += " (Updated in a new release.)"
	}
	report, err := db.Seed(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	if report.Updated != 1 || report.Conflicts != 2 {
		t.Errorf("report = %+v, want 1 updated and 2 conflicts", report)
	}
	if f, _ := db.Fact(ctx, edited); !strings.HasPrefix(f.Text, "A moderator's own wording") {
		t.Errorf("edited fact was overwritten: %q", f.Text)
	}
	if f, _ := db.Fact(ctx, removed); !f.Removed {
		t.Error("removed fact came back")
	}
	if f, _ := db.Fact(ctx, untouched); !strings.HasSuffix(f.Text, "(Updated in a new release.)") || f.Version != 2 {
		t.Errorf("untouched seed fact not updated: v%d %q", f.Version, f.Text)
	}
	conflicts, err := db.SeedConflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(conflicts) != 2 {
		t.Errorf("conflicts = %+v, want the edited and the removed fact", conflicts)
	}
}

func TestAddFactValidation(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	tests := []struct {
		name    string
		change  func(*bot.NewFact)
		wantErr string
	}{
		{"ShortText", func(f *bot.NewFact) { f.Text = "too short" }, "a fact needs 10 to 500"},
		{"LongText", func(f *bot.NewFact) { f.Text = strings.Repeat("word ", 120) }, "a fact needs 10 to 500"},
		{"ControlCharacter", func(f *bot.NewFact) { f.Text = "Pakistan's exports\x07 grew a lot in 2024." }, "control character"},
		{"UnknownTopic", func(f *bot.NewFact) { f.Topic = "quantum" }, "new:quantum"},
		{"BadNewTopic", func(f *bot.NewFact) { f.Topic = "new:Quantum Stuff!" }, "new topic name"},
		{"NotAURL", func(f *bot.NewFact) { f.SourceURL = "example.com/report" }, "not a valid source"},
		{"JavascriptURL", func(f *bot.NewFact) { f.SourceURL = "javascript:alert(1)" }, "not a valid source"},
		{"BadPeriod", func(f *bot.NewFact) { f.Period = "next year" }, "not a period"},
		{"NearDuplicate", func(f *bot.NewFact) {
			f.Text = "In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion, a rise of 24%."
			f.Period = "FY2023-24"
		}, "it-exports-fy2023-24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nf := newFact()
			tt.change(&nf)
			_, err := db.AddFact(ctx, nf, alice)
			var ue *bot.UserError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, want a user error mentioning %q", err, tt.wantErr)
			}
		})
	}
	t.Run("OtherFiguresAreNoDuplicate", func(t *testing.T) {
		// The same words with another figure are another fact.
		nf := newFact()
		nf.Text, nf.Period = "In FY 2023-24, Pakistan's IT exports reached a record $3.5 billion, a rise of 24%.", "FY2023-24"
		if _, err := db.AddFact(ctx, nf, alice); err != nil {
			t.Errorf("refused as a duplicate of a fact with other figures: %v", err)
		}
	})
	t.Run("NewTopic", func(t *testing.T) {
		nf := newFact()
		nf.Topic = "new:quantum"
		nf.Text = "In 2025, a Pakistani university announced a quantum computing research lab."
		f, err := db.AddFact(ctx, nf, alice)
		if err != nil {
			t.Fatal(err)
		}
		if f.Topic != "quantum" {
			t.Errorf("topic = %q", f.Topic)
		}
	})
}

func TestSuggestions(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	s, err := db.Suggest(ctx, bot.Suggestion{Text: "In 2025, Pakistan opened a new software technology park in Quetta.", SourceURL: "https://example.com/quetta", By: bob})
	if err != nil {
		t.Fatal(err)
	}
	// Sent twice (a double tap), it waits once.
	if _, err := db.Suggest(ctx, bot.Suggestion{Text: " in 2025, pakistan opened a new software technology park in Quetta.", SourceURL: "https://example.com/quetta", By: bob}); err == nil ||
		!strings.Contains(err.Error(), fmt.Sprintf("already waiting for review, as number %d", s.ID)) {
		t.Errorf("the same suggestion again: %v", err)
	}
	pending, err := db.PendingSuggestions(ctx)
	if err != nil || len(pending) != 1 || pending[0].ID != s.ID || pending[0].By.Name != "bob" {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
	approved, f, err := db.Approve(ctx, s.ID, alice)
	if err != nil {
		t.Fatal(err)
	}
	if approved.Status != "approved" || f.Topic != "techparks" || approved.FactKey != f.Key {
		t.Errorf("approved = %+v, fact topic %s", approved, f.Topic)
	}
	if _, _, err := db.Approve(ctx, s.ID, alice); err == nil {
		t.Error("approving twice should fail")
	}
	r, _ := db.Suggest(ctx, bot.Suggestion{Text: "Pakistan has the fastest internet in the world, trust me.", SourceURL: "https://example.com/x", By: bob})
	rejected, err := db.Reject(ctx, r.ID, "No reliable source says so.", alice)
	if err != nil || rejected.Status != "rejected" || rejected.Reason != "No reliable source says so." {
		t.Fatalf("reject = %+v, %v", rejected, err)
	}
	if pending, _ := db.PendingSuggestions(ctx); len(pending) != 0 {
		t.Errorf("still pending: %+v", pending)
	}
}

func TestAlias(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, ":memory:")
	defer db.Close()
	if err := db.AddAlias(ctx, "exports", "/ITExports2", alice); err != nil {
		t.Fatal(err)
	}
	topics, _ := db.Topics(ctx)
	if tp, ok := bot.MatchTopic(topics, "itexports2"); !ok || tp.Name != "exports" {
		t.Errorf("alias does not lead to exports: %+v", tp)
	}
	if err := db.AddAlias(ctx, "broadband", "itexports2", alice); err == nil {
		t.Error("an alias taken by another topic should be refused")
	}
	if err := db.AddAlias(ctx, "exports", "it exports!", alice); err == nil {
		t.Error("an alias that cannot be a command should be refused")
	}
	if err := db.AddAlias(ctx, "exports", "2024", alice); err == nil {
		t.Error("an alias that reads as a year should be refused")
	}
	// A moderator's alias can be taken away, as an audited change; a
	// built-in name cannot, nor a name that is none.
	if topic, err := db.RemoveAlias(ctx, "/itexports2", alice); err != nil || topic != "exports" {
		t.Fatalf("RemoveAlias = %q, %v", topic, err)
	}
	topics, _ = db.Topics(ctx)
	for _, tp := range topics {
		if slices.Contains(tp.Aliases, "itexports2") {
			t.Errorf("a removed alias is still one of %s's", tp.Name)
		}
	}
	for _, alias := range []string{"itexports2", "nosuchname", topics[0].Aliases[0]} {
		if _, err := db.RemoveAlias(ctx, alias, alice); !errors.As(err, new(*bot.UserError)) {
			t.Errorf("RemoveAlias(%q) = %v, want a user error", alias, err)
		}
	}
	dump, _ := db.Export(ctx)
	if !slices.ContainsFunc(dump.Audit, func(a knowledge.DumpAudit) bool { return a.Action == "unalias" && a.Detail == "itexports2" }) {
		t.Error("the removal is not in the audit log")
	}
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	src := MustOpenSeededAt(t, ":memory:")
	defer src.Close()
	if _, err := src.AddFact(ctx, newFact(), alice); err != nil {
		t.Fatal(err)
	}
	dump, err := src.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OneBadRecordChangesNothing", func(t *testing.T) {
		dst := MustOpenSeededAt(t, ":memory:")
		defer dst.Close()
		before, _ := dst.ListFacts(ctx, true)
		bad := dump
		bad.Facts = append([]knowledge.DumpFact(nil), dump.Facts...)
		bad.Facts[7].Versions = append([]knowledge.DumpVersion(nil), dump.Facts[7].Versions...)
		bad.Facts[7].Versions[0].Period = "someday"
		_, err := dst.Import(ctx, bad, bob)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("facts[7] (%q)", bad.Facts[7].Key)) {
			t.Fatalf("got %v, want an error naming facts[7]", err)
		}
		after, _ := dst.ListFacts(ctx, true)
		if len(after) != len(before) {
			t.Fatalf("facts changed from %d to %d", len(before), len(after))
		}
	})

	t.Run("MovesFactsBetweenServers", func(t *testing.T) {
		dst := MustOpenSeededAt(t, ":memory:")
		defer dst.Close()
		report, err := dst.Import(ctx, dump, bob)
		if err != nil {
			t.Fatal(err)
		}
		if report.Added != 1 || report.Updated != 0 {
			t.Errorf("report = %+v, want the moderator's fact added", report)
		}
		if hit, ok := topAnswer(t, dst, "What were IT exports in FY 2024-25?"); !ok || !strings.Contains(hit.Fact.Text, "$3.8 billion") {
			t.Errorf("imported fact does not answer: %+v", hit.Fact)
		}
		again, err := dst.Import(ctx, dump, bob)
		if err != nil || again.Added+again.Updated != 0 {
			t.Errorf("second import = %+v, %v; want nothing to change", again, err)
		}
	})
}

// TestConcurrentModeration has 20 moderators add facts while 200 questions
// run; every write must land and every question must be answered.
func TestConcurrentModeration(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeededAt(t, filepath.Join(t.TempDir(), "pakbot.db"))
	defer db.Close()
	engine := bot.New(db)

	var wg sync.WaitGroup
	errs := make(chan error, 220)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nf := bot.NewFact{
				Topic:     "startups",
				Text:      fmt.Sprintf("In 2025, incubator number %d in Pakistan graduated %d startups in robotics%d.", i, 10+i, i),
				SourceURL: fmt.Sprintf("https://example.com/incubator/%d", i),
			}
			if _, err := db.AddFact(ctx, nf, bot.Actor{Platform: bot.Discord, UserID: fmt.Sprint(i), Name: fmt.Sprintf("mod%d", i)}); err != nil {
				errs <- fmt.Errorf("moderator %d: %w", i, err)
			}
		}()
	}
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := engine.Handle(ctx, bot.Request{Platform: bot.Telegram, UserID: fmt.Sprint(i), Text: "How many software technology parks are there?"})
			if !r.Answered || !strings.Contains(r.Facts[0].Text, "43") {
				errs <- fmt.Errorf("question %d: answered=%v %q", i, r.Answered, bot.RenderText(r))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range 20 {
		hit, ok := topAnswer(t, db, fmt.Sprintf("robotics%d incubator", i))
		if !ok || hit.Fact.CreatedBy != fmt.Sprintf("mod%d", i) {
			t.Errorf("write of moderator %d lost: %+v", i, hit.Fact)
		}
	}
}

// A fact added without a period takes the one its sentence opens with, as
// the facts are written; a year later in the sentence may be a plan's.
func TestAddFactReadsItsOpeningPeriod(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeeded(t)
	for text, want := range map[string]string{
		"In 2024, Pakistan had 195 million mobile phone users, the PTA said.":     "2024",
		"As of March 2025, Pakistan had 2,100 startups registered with the PSEB.": "2025-03",
		"In early 2025, Pakistan opened its 44th software technology park.":       "2025",
		"The Lahore technology park will open by 2027, officials said.":           "",
	} {
		nf := bot.NewFact{Topic: "techparks", Text: text, SourceURL: "https://example.com/opening"}
		f, err := db.AddFact(ctx, nf, alice)
		if err != nil {
			t.Fatal(err)
		}
		if f.Period.Raw != want {
			t.Errorf("%q: period %q, want %q", text, f.Period.Raw, want)
		}
		// The key says its figures as written.
		if strings.Contains(text, "2,100") && !strings.Contains(f.Key, "-2100-") || strings.Contains(text, "44th") && !strings.Contains(f.Key, "-44th-") {
			t.Errorf("%q: key %q, want 2,100 in it as 2100", text, f.Key)
		}
	}
	// A period the sentence's does not overlap is refused, adding or
	// editing, and nothing is saved.
	nf := bot.NewFact{Topic: "techparks", Text: "In 2023, Multan's technology park hosted 9 firms, officials said.", SourceURL: "https://example.com/opening", Period: "2021"}
	if _, err := db.AddFact(ctx, nf, alice); err == nil || !strings.Contains(err.Error(), "The text says 2023, and the period 2021 is another time") {
		t.Errorf("added with a period the text contradicts: %v", err)
	}
	before, _ := db.Fact(ctx, "it-exports-fy2023-24")
	for _, edit := range []bot.FactEdit{{Period: ptr("2021")}, {Text: ptr("In 2019, Pakistan's IT exports were $1 billion.")}} {
		if _, err := db.EditFact(ctx, "it-exports-fy2023-24", edit, alice); err == nil {
			t.Errorf("edit %+v saved a period the text contradicts", edit)
		}
	}
	if after, _ := db.Fact(ctx, "it-exports-fy2023-24"); after.Version != before.Version {
		t.Errorf("a refused edit saved version %d", after.Version)
	}
	both := bot.FactEdit{Text: ptr("In 2019, Pakistan's IT exports were $1 billion."), Period: ptr("2019")}
	if _, err := db.EditFact(ctx, "it-exports-fy2023-24", both, alice); err != nil {
		t.Errorf("text and period changed together: %v", err)
	}
	// A period given wins over the sentence's.
	nf = bot.NewFact{Topic: "techparks", Text: "In 2023, Quetta's technology park hosted 12 firms, officials said.", SourceURL: "https://example.com/opening", Period: "FY2023-24"}
	if f, err := db.AddFact(ctx, nf, alice); err != nil || f.Period.Raw != "FY2023-24" {
		t.Errorf("given period: %q, %v", f.Period.Raw, err)
	}
}

// TopAnswer remembers a question's best hit only while the facts and the
// words it was read with stay as they were.
func TestTopAnswerFollowsChanges(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeeded(t)
	const question = "How many software technology parks are there?"
	first, ok, err := db.TopAnswer(ctx, question)
	if err != nil || !ok {
		t.Fatalf("TopAnswer = %v, %v", ok, err)
	}
	if again, _, _ := db.TopAnswer(ctx, question); again.Fact.Key != first.Fact.Key || again.Confidence != first.Confidence {
		t.Errorf("asked again: %s, want %s", again.Fact.Key, first.Fact.Key)
	}
	if _, err := db.RemoveFact(ctx, first.Fact.Key, alice); err != nil {
		t.Fatal(err)
	}
	if after, _, _ := db.TopAnswer(ctx, question); after.Fact.Key == first.Fact.Key {
		t.Errorf("after removing %s it is still the answer", first.Fact.Key)
	}
	const taught = "How many rozgaarmauqe will the Karachi IT Park create?"
	before, _, _ := db.TopAnswer(ctx, taught)
	if _, err := db.AddSynonym(ctx, "rozgaarmauqe", "jobs", alice); err != nil {
		t.Fatal(err)
	}
	if after, ok, _ := db.TopAnswer(ctx, taught); !ok || after.Fact.Key != "karachi-it-park-jobs" || after.Confidence <= before.Confidence {
		t.Errorf("after the synonym: %s (%.2f), before %s (%.2f)", after.Fact.Key, after.Confidence, before.Fact.Key, before.Confidence)
	}
}
