package knowledge_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

// mustDo fails the test on err.
func mustDo(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// curatedDB is a seeded database after a season of moderation: a fact
// at version 4, a removal, an alias, suggestions pending, approved and
// rejected, and a notice still waiting.
func curatedDB(t *testing.T) (*knowledge.DB, string) {
	t.Helper()
	ctx := context.Background()
	db := MustOpenSeededAt(t, filepath.Join(t.TempDir(), "src.db"))
	t.Cleanup(func() { db.Close() })
	clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }

	f, err := db.AddFact(ctx, newFact(), alice)
	mustDo(t, err)
	mustDo2 := func(_ bot.Fact, err error) { t.Helper(); mustDo(t, err) }
	mustDo2(db.EditFact(ctx, f.Key, textEdit("In FY 2024-25, Pakistan's IT exports reached $3.8 billion, up 18% on the year."), bob))
	period := "July 2024 to June 2025"
	mustDo2(db.EditFact(ctx, f.Key, bot.FactEdit{Period: &period}, bob))
	mustDo2(db.RemoveFact(ctx, "spotify-launch-2021-02", alice))
	mustDo(t, db.AddAlias(ctx, "exports", "itx", alice))
	for _, text := range []string{"In 2025, Pakistan opened a software technology park in Quetta.", "Pakistan has the fastest internet in the world by far.",
		"In 2025, Pakistan's freelancers earned $500 million."} {
		_, err := db.Suggest(ctx, bot.Suggestion{Text: text, SourceURL: "https://example.com/s", By: bot.Actor{Platform: bot.Discord, ChatID: "c", UserID: "7", Name: "dana"}})
		mustDo(t, err)
	}
	_, _, err = db.Approve(ctx, 1, alice)
	mustDo(t, err)
	_, err = db.Reject(ctx, 2, "No source says so.", alice)
	mustDo(t, err)
	mustDo(t, db.SaveNotice(ctx, bot.Notice{Platform: bot.Discord, ChatID: "c", UserID: "7", Text: "dana, your suggestion #2 was not accepted."}))
	return db, f.Key
}

// withoutExportTime is d as it compares: the time of the export aside.
func withoutExportTime(d knowledge.Dump) knowledge.Dump {
	d.ExportedAt = ""
	return d
}

func TestExportImportRestoresExactly(t *testing.T) {
	ctx := context.Background()
	src, key := curatedDB(t)
	dump, err := src.Export(ctx)
	mustDo(t, err)
	if f := dump.Facts[slices.IndexFunc(dump.Facts, func(f knowledge.DumpFact) bool { return f.Key == key })]; len(f.Versions) != 3 {
		t.Fatalf("the export holds %d versions of %s, want 3", len(f.Versions), key)
	}
	if len(dump.Audit) == 0 || len(dump.Suggestions) != 3 || len(dump.Notices) != 1 || !slices.ContainsFunc(dump.Aliases, func(a knowledge.DumpAlias) bool { return a.Alias == "itx" }) {
		t.Fatalf("the export lacks records: %d audit entries, %d suggestions, %d notices, aliases %v",
			len(dump.Audit), len(dump.Suggestions), len(dump.Notices), dump.Aliases)
	}

	dst, err := knowledge.Open(ctx, filepath.Join(t.TempDir(), "dst.db"))
	mustDo(t, err)
	defer dst.Close()
	report, err := dst.Import(ctx, dump, bob)
	mustDo(t, err)
	if !report.Restored || report.Added != len(dump.Facts) || len(report.Kept) != 0 {
		t.Errorf("report = %+v, want a restore of %d facts", report, len(dump.Facts))
	}
	again, err := dst.Export(ctx)
	mustDo(t, err)
	if !reflect.DeepEqual(withoutExportTime(again), withoutExportTime(dump)) {
		t.Errorf("the restored database exports differently")
		for i := range min(len(again.Facts), len(dump.Facts)) {
			if !reflect.DeepEqual(again.Facts[i], dump.Facts[i]) {
				t.Errorf("first difference at fact %d:\n got %+v\nwant %+v", i, again.Facts[i], dump.Facts[i])
				break
			}
		}
	}

	t.Run("SameHistory", func(t *testing.T) {
		a, b := bot.New(src), bot.New(dst)
		req := bot.Request{Platform: bot.Console, Text: "/history " + key, Moderator: true}
		if x, y := bot.RenderText(a.Handle(ctx, req)), bot.RenderText(b.Handle(ctx, req)); x != y {
			t.Errorf("history differs:\n%s\n---\n%s", x, y)
		}
	})
	t.Run("SameAnswers", func(t *testing.T) {
		a, b := bot.New(src), bot.New(dst)
		for _, q := range []string{"What were IT exports in FY 2024-25?", "exports?", "How many software technology parks are there?", "spotify"} {
			if x, y := bot.RenderText(a.Ask(ctx, q)), bot.RenderText(b.Ask(ctx, q)); x != y {
				t.Errorf("%q is answered differently:\n%s\n---\n%s", q, x, y)
			}
		}
	})
	t.Run("SuggestionsKeepTheirNumbersAndState", func(t *testing.T) {
		pending, err := dst.PendingSuggestions(ctx)
		if err != nil || len(pending) != 1 || pending[0].ID != 3 {
			t.Fatalf("pending = %+v, %v; want suggestion 3", pending, err)
		}
		if _, _, err := dst.Approve(ctx, 2, alice); err == nil || !strings.Contains(err.Error(), "already rejected") {
			t.Errorf("approving rejected suggestion 2: %v", err)
		}
	})
	t.Run("NoticeStillWaits", func(t *testing.T) {
		waiting, err := dst.WaitingNotices(ctx, bot.Discord, "7")
		if err != nil || len(waiting) != 1 || !strings.Contains(waiting[0].Text, "#2") {
			t.Errorf("waiting = %+v, %v", waiting, err)
		}
	})
}

func TestImportMerges(t *testing.T) {
	ctx := context.Background()
	src, key := curatedDB(t)
	dump, err := src.Export(ctx)
	mustDo(t, err)

	t.Run("IntoASeededDatabase", func(t *testing.T) {
		dst := MustOpenSeededAt(t, ":memory:")
		defer dst.Close()
		report, err := dst.Import(ctx, dump, bob)
		mustDo(t, err)
		// The moderator's fact and the approved suggestion's are new; the
		// removal of a seed fact is a newer version of it.
		if report.Restored || report.Added != 2 || report.Updated != 1 || len(report.Kept) != 0 {
			t.Errorf("report = %+v", report)
		}
		history, err := dst.History(ctx, key)
		mustDo(t, err)
		if len(history) != 3 || history[2].Author != "bob" || history[2].Fact.Period.Raw != "2024-07..2025-06" {
			t.Errorf("history of %s = %+v", key, history)
		}
		if f, err := dst.Fact(ctx, "spotify-launch-2021-02"); err != nil || !f.Removed || f.Version != 2 {
			t.Errorf("the removal did not come over: %+v, %v", f, err)
		}
		again, err := dst.Import(ctx, dump, bob)
		mustDo(t, err)
		if again.Added+again.Updated+again.Audit+again.Suggestions != 0 {
			t.Errorf("importing twice changed things: %+v", again)
		}
	})

	t.Run("NewerLocalWorkIsKept", func(t *testing.T) {
		dst := MustOpenSeededAt(t, ":memory:")
		defer dst.Close()
		dst.Now = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
		mustDo(t, firstErr(dst.Import(ctx, dump, bob)))
		local, err := dst.EditFact(ctx, key, textEdit("In FY 2024-25, Pakistan's IT and ITeS exports were $3.8 billion, said PSEB in 2026."), alice)
		mustDo(t, err)

		older := withoutExportTime(dump)
		i := slices.IndexFunc(older.Facts, func(f knowledge.DumpFact) bool { return f.Key == key })
		f := older.Facts[i]
		f.Versions = append(slices.Clone(f.Versions), f.Versions[len(f.Versions)-1])
		last := &f.Versions[len(f.Versions)-1]
		last.Version, last.Change, last.CreatedAt, last.Text = len(f.Versions), "edit", "2025-06-01T00:00:00Z", "In FY 2024-25, Pakistan's IT exports came to $3.8 billion."
		older.Facts = slices.Clone(older.Facts)
		older.Facts[i] = f
		report, err := dst.Import(ctx, older, bob)
		mustDo(t, err)
		if !slices.Equal(report.Kept, []string{key}) {
			t.Errorf("kept %v, want %s", report.Kept, key)
		}
		if now, _ := dst.Fact(ctx, key); now.Text != local.Text || now.Version != local.Version {
			t.Errorf("the newer local edit was overwritten: %+v", now)
		}

		last.CreatedAt = "2027-01-01T00:00:00Z"
		report, err = dst.Import(ctx, older, bob)
		mustDo(t, err)
		if report.Updated != 1 || len(report.Kept) != 0 {
			t.Errorf("report = %+v, want the newer imported edit taken", report)
		}
		if now, _ := dst.Fact(ctx, key); now.Text != last.Text || now.Version != local.Version+1 {
			t.Errorf("after a newer import: %+v", now)
		}
	})

	t.Run("AllOrNothing", func(t *testing.T) {
		dst := MustOpenSeededAt(t, ":memory:")
		defer dst.Close()
		before, err := dst.Export(ctx)
		mustDo(t, err)
		bad := dump
		bad.Suggestions = slices.Clone(dump.Suggestions)
		bad.Suggestions[2].Status = "maybe"
		if _, err := dst.Import(ctx, bad, bob); err == nil || !strings.Contains(err.Error(), "suggestions[2]") {
			t.Fatalf("got %v, want the bad suggestion named", err)
		}
		after, err := dst.Export(ctx)
		mustDo(t, err)
		if !reflect.DeepEqual(withoutExportTime(after), withoutExportTime(before)) {
			t.Error("a refused import changed the database")
		}
	})
}

// firstErr returns the error of a two-valued call.
func firstErr[T any](_ T, err error) error { return err }
