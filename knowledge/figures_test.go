package knowledge_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

func figurep(v float64, unit string) *bot.Figure { return &bot.Figure{Value: v, Unit: unit} }

func TestFigures(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeeded(t)

	t.Run("SeedsCarryFigures", func(t *testing.T) {
		if f := MustFact(t, db, "it-exports-fy2023-24"); f.Figure != (bot.Figure{Value: 3.223, Unit: "USD bn"}) {
			t.Errorf("it-exports-fy2023-24 figure = %+v, want 3.223 USD bn", f.Figure)
		}
		if f := MustFact(t, db, "mobile-phone-users-2021"); !f.Figure.IsZero() {
			t.Errorf("a fact without a recorded figure got %+v", f.Figure)
		}
	})

	nf := newFact()
	nf.Figure = bot.Figure{Value: 3.8, Unit: "USD bn"}
	added, err := db.AddFact(ctx, nf, alice)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("AddedWithFigure", func(t *testing.T) {
		if f := MustFact(t, db, added.Key); f.Figure != nf.Figure {
			t.Errorf("figure = %+v, want %+v", f.Figure, nf.Figure)
		}
	})

	t.Run("EditFigureOnlyKeepsText", func(t *testing.T) {
		f, err := db.EditFact(ctx, added.Key, bot.FactEdit{Figure: figurep(3.81, "USD bn")}, bob)
		if err != nil {
			t.Fatal(err)
		}
		if f.Version != 2 || f.Text != nf.Text || f.Figure.Value != 3.81 {
			t.Fatalf("after the edit: version %d, text %q, figure %+v", f.Version, f.Text, f.Figure)
		}
		history, err := db.History(ctx, added.Key)
		if err != nil {
			t.Fatal(err)
		}
		if history[0].Fact.Figure.Value != 3.8 || history[1].Fact.Figure.Value != 3.81 {
			t.Errorf("history figures = %+v, %+v; want every version's own", history[0].Fact.Figure, history[1].Fact.Figure)
		}
	})

	t.Run("EditRemovesFigure", func(t *testing.T) {
		f, err := db.EditFact(ctx, added.Key, bot.FactEdit{Figure: &bot.Figure{}}, bob)
		if err != nil {
			t.Fatal(err)
		}
		if !f.Figure.IsZero() || f.Version != 3 {
			t.Errorf("figure = %+v at version %d, want none at version 3", f.Figure, f.Version)
		}
	})

	t.Run("Refused", func(t *testing.T) {
		for name, edit := range map[string]bot.FactEdit{
			"SameFigure":    {Figure: &bot.Figure{}},
			"NoUnit":        {Figure: &bot.Figure{Value: 2}},
			"UnitOfSymbols": {Figure: figurep(2, "$$")},
			"Nothing":       {},
		} {
			if _, err := db.EditFact(ctx, added.Key, edit, bob); err == nil {
				t.Errorf("%s: the edit was accepted", name)
			} else if _, ok := bot.UserMessage(err); !ok {
				t.Errorf("%s: %v is not a message for the moderator", name, err)
			}
		}
		if f := MustFact(t, db, added.Key); f.Version != 3 {
			t.Errorf("refused edits made version %d", f.Version)
		}
	})

	t.Run("ExportImportRoundTrip", func(t *testing.T) {
		dump, err := db.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		fresh := MustOpen(t, ":memory:")
		if _, err := fresh.Import(ctx, dump, alice); err != nil {
			t.Fatal(err)
		}
		if f := MustFact(t, fresh, "ict-remittances-jul-nov-fy2024-25"); f.Figure != (bot.Figure{Value: 1.53, Unit: "USD bn"}) {
			t.Errorf("imported figure = %+v, want 1.53 USD bn", f.Figure)
		}
		if f := MustFact(t, fresh, added.Key); !f.Figure.IsZero() {
			t.Errorf("a fact whose figure was removed came back with %+v", f.Figure)
		}
		history, err := fresh.History(ctx, added.Key)
		if err != nil {
			t.Fatal(err)
		}
		var figures []string
		for _, v := range history {
			figures = append(figures, v.Fact.Figure.String())
		}
		if got := strings.Join(figures, ", "); got != "3.8 USD bn, 3.81 USD bn, " {
			t.Errorf("restored versions' figures = %q, want every version's own", got)
		}
	})

	t.Run("MergeBringsLaterFigures", func(t *testing.T) {
		// A database restored from an older backup gets the versions made
		// since, figures included.
		older, err := db.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		restored := MustOpen(t, ":memory:")
		if _, err := restored.Import(ctx, older, alice); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EditFact(ctx, added.Key, bot.FactEdit{Figure: figurep(3.9, "USD bn")}, bob); err != nil {
			t.Fatal(err)
		}
		newer, err := db.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		report, err := restored.Import(ctx, newer, alice)
		if err != nil {
			t.Fatal(err)
		}
		if report.Updated != 1 {
			t.Errorf("merge updated %d facts, want 1", report.Updated)
		}
		if f := MustFact(t, restored, added.Key); f.Figure != (bot.Figure{Value: 3.9, Unit: "USD bn"}) {
			t.Errorf("merged figure = %+v, want 3.9 USD bn", f.Figure)
		}
	})

	t.Run("ImportRefusesHalfFigures", func(t *testing.T) {
		dump, err := db.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range dump.Facts {
			if dump.Facts[i].Key == "it-exports-fy2023-24" {
				dump.Facts[i].Unit = ""
			}
		}
		_, err = MustOpen(t, ":memory:").Import(ctx, dump, alice)
		if err == nil || !strings.Contains(err.Error(), "value and unit go together") {
			t.Errorf("import of a value without unit: %v", err)
		}
	})

	t.Run("ImportRefusesHalfFiguresInVersions", func(t *testing.T) {
		dump, err := db.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range dump.Facts {
			if f := &dump.Facts[i]; f.Key == "it-exports-fy2023-24" {
				f.Versions[len(f.Versions)-1].Unit = ""
			}
		}
		_, err = MustOpen(t, ":memory:").Import(ctx, dump, alice)
		if err == nil || !strings.Contains(err.Error(), "versions[0]: value and unit go together") {
			t.Errorf("import of a version with a value without unit: %v", err)
		}
	})
}

// TestSeedAddsFiguresToOlderDatabases opens a database seeded before facts
// had figures with the seeds that have them.
func TestSeedAddsFiguresToOlderDatabases(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	older := MustLoadSeeds(t)
	figures := 0
	for i := range older.Facts {
		if !older.Facts[i].Figure.IsZero() {
			figures++
			older.Facts[i].Figure = bot.Figure{}
		}
	}
	db := MustOpen(t, path)
	MustSeed(t, db, older)
	if _, err := db.EditFact(ctx, "it-exports-fy2023-24", textEdit("In FY 2023-24, Pakistan's IT exports reached $3.223 billion, a record, up 24% on the year before."), alice); err != nil {
		t.Fatal(err)
	}

	report := MustSeed(t, db, MustLoadSeeds(t))
	if report.Updated != figures-1 || report.Conflicts != 1 || report.Added != 0 {
		t.Errorf("report = %+v, want the %d facts that gained a figure updated but the one a moderator edited", report, figures-1)
	}
	if f := MustFact(t, db, "broadband-subscribers-2021"); f.Figure.Value != 100 || f.Version != 2 {
		t.Errorf("broadband-subscribers-2021 = version %d with %+v, want version 2 with 100 million subscribers", f.Version, f.Figure)
	}
	if f := MustFact(t, db, "it-exports-fy2023-24"); !f.Figure.IsZero() || !strings.Contains(f.Text, "a record, up 24%") {
		t.Errorf("the moderator's fact became %q with %+v; it should stay as the moderator left it", f.Text, f.Figure)
	}
	if f := MustFact(t, db, "mobile-phone-users-2021"); f.Version != 1 {
		t.Errorf("a fact without a figure was updated to version %d", f.Version)
	}
}

// TestOpenAddsFigureColumns opens a database made before migration 0006: its
// facts read as stating no figure, and figures can then be recorded.
func TestOpenAddsFigureColumns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	conn, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if filepath.Base(name) >= "0006" {
			break
		}
		script, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(string(script)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := conn.Exec(`INSERT INTO migrations VALUES (?, '2025-01-01T00:00:00Z')`, filepath.ToSlash(name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.Exec(`
		INSERT INTO sources (id, title, created_at) VALUES ('s1', 'A source', '2025-01-01T00:00:00Z');
		INSERT INTO topics (name, title, description, position, created_at) VALUES ('exports', 'IT exports', 'Export figures', 0, '2025-01-01T00:00:00Z');
		INSERT INTO facts (id, key, current_version, origin, created_by, created_at) VALUES (1, 'old-fact', 1, 'moderator', 'alice', '2025-01-01T00:00:00Z');
		INSERT INTO fact_versions (fact_id, version, topic, text, source_id, change, author, created_at)
			VALUES (1, 1, 'exports', 'In 2024, IT exports grew by a lot, says the source.', 's1', 'add', 'alice', '2025-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	db, err := knowledge.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if f := MustFact(t, db, "old-fact"); !f.Figure.IsZero() {
		t.Errorf("a fact from before figures reads as %+v, want none", f.Figure)
	}
	f, err := db.EditFact(ctx, "old-fact", bot.FactEdit{Figure: figurep(4, "USD bn")}, bob)
	if err != nil {
		t.Fatal(err)
	}
	if f.Figure.Value != 4 || f.Version != 2 {
		t.Errorf("after recording a figure: %+v at version %d", f.Figure, f.Version)
	}
}
