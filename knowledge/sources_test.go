package knowledge_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

const (
	chatsID   = "003_f69ff775773641d5"
	chatsURL  = "https://chatswithfolks.com/it-ministry-plans-5g-launch-in-pakistan/"
	enddyID   = "001_e5854e0f827ea82b"
	usfAsked  = "How many projects run through the Universal Service Fund?"
	oldTitle3 = "Elevating Pakistan's IT Landscape & Economy"
)

// previousSources is seeds/sources.yaml as the previous release shipped it,
// before 001 and 003 were found.
const previousSources = `- id: 000_29ee7d7075eebf0e
  title: These Are Pakistan's Biggest Technology Developments of 2021
  publisher: TechChacho
  published: "2021-12-18"
  url: https://www.techchacho.com/news/12/18/2021/these-are-pakistans-biggest-technology-developments-of-2021/
  approx_date: "2021-12-18"
- id: 001_e5854e0f827ea82b
  title: "Latest Tech News in Pakistan: Embracing Innovation and Growth"
  publisher: ""
  published: ""
  url: ""
  approx_date: ""
- id: 002_09a3affbfa5d9bdf
  title: Pakistan's IT and telecom achievements, FY 2023-24
  publisher: MEA Tech Watch
  published: ""
  url: https://meatechwatch.com/?p=16838
  approx_date: "2025"
- id: 003_f69ff775773641d5
  title: Elevating Pakistan's IT Landscape & Economy
  publisher: ""
  published: ""
  url: ""
  approx_date: "2023"
- id: 004_fa9e532e3ffc210a
  title: Pakistan's IT infrastructure, Türkiye cooperation, technology parks
  publisher: ""
  published: ""
  url: ""
  approx_date: "2025-02"
`

// MustLoadPreviousRelease returns the built-in seeds with the previous
// release's sources, loaded the way a release loads its own.
func MustLoadPreviousRelease(tb testing.TB) bot.Seeds {
	tb.Helper()
	fsys := fstest.MapFS{"sources.yaml": {Data: []byte(previousSources)}}
	err := fs.WalkDir(seeds.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || name == "sources.yaml" {
			return err
		}
		data, err := fs.ReadFile(seeds.FS, name)
		fsys[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	set, err := seeds.Load(fsys)
	if err != nil {
		tb.Fatalf("loading the previous release's seeds: %v", err)
	}
	return set
}

// MustSource reads a source and fails the test if it is missing.
func MustSource(tb testing.TB, db *knowledge.DB, id string) bot.Source {
	tb.Helper()
	s, err := db.Source(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// changes lists the changes of a source's versions, oldest first.
func changes(tb testing.TB, db *knowledge.DB, id string) string {
	tb.Helper()
	versions, err := db.SourceHistory(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, v := range versions {
		out = append(out, v.Change)
	}
	return strings.Join(out, " ")
}

// answerText asks the engine over db a question, as a user would.
func answerText(tb testing.TB, db *knowledge.DB, question string) (string, bot.Reply) {
	tb.Helper()
	r := bot.New(db).Handle(context.Background(), bot.Request{Platform: bot.Console, Text: question})
	return bot.RenderText(r), r
}

func strp(s string) *string { return &s }

// TestSeedCorrectsSources opens databases the previous release made with a
// release that knows more about its sources.
func TestSeedCorrectsSources(t *testing.T) {
	ctx := context.Background()

	t.Run("UntouchedSourcesAreUpdated", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pakbot.db")
		db := MustOpen(t, path)
		MustSeed(t, db, MustLoadPreviousRelease(t))
		if text, _ := answerText(t, db, usfAsked); strings.Contains(text, "chatswithfolks") || !strings.Contains(text, oldTitle3) {
			t.Fatalf("before the upgrade the answer cites:\n%s", text)
		}
		// Moderators work on facts, as on any database.
		if _, err := db.EditFact(ctx, "usf-projects-scope-2023", bot.FactEdit{Text: ptr("In 2023, Universal Service Fund projects covered infrastructure, digital literacy and outreach to remote communities.")}, alice); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RemoveFact(ctx, "tech-industry-growth", bob); err != nil {
			t.Fatal(err)
		}
		added, err := db.AddFact(ctx, newFact(), alice)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()

		db = MustOpen(t, path)
		report := MustSeed(t, db, MustLoadSeeds(t))
		if report.SourcesUpdated != 2 || report.SourceConflicts != 0 || report.SourcesAdded != 0 {
			t.Errorf("report = %+v, want sources 001 and 003 updated and no conflict", report)
		}
		s := MustSource(t, db, chatsID)
		want := bot.Source{ID: chatsID, Title: "IT Ministry's Plans to Propel 5G Launch and Tech Sector Growth", Publisher: "chatswithfolks.com",
			URL: chatsURL, ApproxDate: "2023", Version: 2, FactCount: 21}
		if s != want {
			t.Errorf("source 003 = %+v\nwant %+v", s, want)
		}
		if s := MustSource(t, db, enddyID); s.Publisher != "enddyskeyboard.com" || !strings.HasPrefix(s.URL, "https://www.enddyskeyboard.com/") || s.Version != 2 {
			t.Errorf("source 001 = %+v, want its publisher and URL as version 2", s)
		}
		if s := MustSource(t, db, "004_fa9e532e3ffc210a"); s.URL != "" || s.Publisher != "" || s.Version != 1 {
			t.Errorf("source 004 = %+v, want it unchanged, still without URL", s)
		}
		if got := changes(t, db, chatsID); got != "seed seed-update" {
			t.Errorf("source 003 history = %q, want seed seed-update", got)
		}

		text, r := answerText(t, db, usfAsked)
		if len(r.Citations) != 1 || r.Citations[0].URL != chatsURL || !strings.Contains(text, "83") ||
			!strings.Contains(text, "[1] IT Ministry's Plans to Propel 5G Launch and Tech Sector Growth, chatswithfolks.com. "+chatsURL) {
			t.Errorf("after the upgrade the answer is:\n%s\nwant the 83 projects cited with the chatswithfolks.com URL", text)
		}

		if f := MustFact(t, db, "usf-projects-scope-2023"); f.Version != 2 || !strings.HasPrefix(f.Text, "In 2023, Universal Service Fund projects covered") {
			t.Errorf("the moderator's edit was lost: v%d %q", f.Version, f.Text)
		}
		if f, err := db.Fact(ctx, "tech-industry-growth"); err != nil || !f.Removed {
			t.Errorf("the removed fact: %+v, %v; want it still removed", f, err)
		}
		if f := MustFact(t, db, added.Key); f.Source.URL != newFact().SourceURL {
			t.Errorf("the moderator's fact cites %+v", f.Source)
		}
		if again := MustSeed(t, db, MustLoadSeeds(t)); !again.Skipped {
			t.Errorf("seeding the same release twice = %+v, want skipped", again)
		}
	})

	t.Run("ModeratorCorrectionIsKept", func(t *testing.T) {
		db := MustOpen(t, ":memory:")
		MustSeed(t, db, MustLoadPreviousRelease(t))
		if _, err := db.EditSource(ctx, chatsID, bot.SourceEdit{Publisher: strp("Chats With Folks")}, alice); err != nil {
			t.Fatal(err)
		}
		report := MustSeed(t, db, MustLoadSeeds(t))
		if report.SourcesUpdated != 1 || report.SourceConflicts != 1 {
			t.Errorf("report = %+v, want 001 updated and 003 in conflict", report)
		}
		if s := MustSource(t, db, chatsID); s.Publisher != "Chats With Folks" || s.Title != oldTitle3 || s.URL != "" || s.Version != 2 {
			t.Errorf("source 003 = %+v, want the moderator's version 2 untouched", s)
		}
		if got := changes(t, db, chatsID); got != "seed edit" {
			t.Errorf("source 003 history = %q, want seed edit", got)
		}
		conflicts, err := db.SeedConflicts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(conflicts) != 1 || conflicts[0].Key != chatsID || conflicts[0].Source == nil ||
			conflicts[0].Source.URL != chatsURL || conflicts[0].Source.Publisher != "chatswithfolks.com" {
			t.Fatalf("conflicts = %+v, want source 003 with the release's publisher and URL", conflicts)
		}
	})

	t.Run("SameCorrectionIsNoConflict", func(t *testing.T) {
		db := MustOpen(t, ":memory:")
		MustSeed(t, db, MustLoadPreviousRelease(t))
		fix := bot.SourceEdit{Title: strp("IT Ministry's Plans to Propel 5G Launch and Tech Sector Growth"), Publisher: strp("chatswithfolks.com"), URL: strp(chatsURL)}
		if _, err := db.EditSource(ctx, chatsID, fix, bob); err != nil {
			t.Fatal(err)
		}
		report := MustSeed(t, db, MustLoadSeeds(t))
		if report.SourceConflicts != 0 || report.SourcesUpdated != 1 {
			t.Errorf("report = %+v, want only 001 updated: the moderator already made the release's correction", report)
		}
		if got := changes(t, db, chatsID); got != "seed edit" {
			t.Errorf("source 003 history = %q, want seed edit and nothing more", got)
		}
		if conflicts, _ := db.SeedConflicts(ctx); len(conflicts) != 0 {
			t.Errorf("conflicts = %+v, want none", conflicts)
		}
	})
}

// TestOpenVersionsSourcesOfAnOlderSchema builds a database file with the
// migrations and the rows the previous release wrote, then opens it: every
// source gets its first version, and a release can correct it.
func TestOpenVersionsSourcesOfAnOlderSchema(t *testing.T) {
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
		if filepath.Base(name) >= "0004" {
			break // the previous release stopped at 0003
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
		INSERT INTO sources (id, title, publisher, published, url, approx_date, origin, created_by, created_at) VALUES
			('003_f69ff775773641d5', 'Elevating Pakistan''s IT Landscape & Economy', '', '', '', '2023', 'seed', 'seed', '2025-01-01T00:00:00Z'),
			('web_0123456789abcdef', 'USF note', 'example.org', '', 'https://example.org/usf', '', 'moderator', 'alice', '2025-01-02T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	db := MustOpen(t, path)
	for id, want := range map[string]string{chatsID: "seed", "web_0123456789abcdef": "add"} {
		versions, err := db.SourceHistory(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(versions) != 1 || versions[0].Change != want || versions[0].Source.Version != 1 {
			t.Errorf("history of %s = %+v, want one %s version", id, versions, want)
		}
	}
	if v := mustHistory(t, db, "web_0123456789abcdef")[0]; v.Author != "alice" || v.Source.URL != "https://example.org/usf" {
		t.Errorf("moderator's source became %+v, want alice's source as it was", v)
	}

	report := MustSeed(t, db, MustLoadSeeds(t))
	if report.SourcesUpdated != 1 || report.SourcesAdded != 4 {
		t.Errorf("report = %+v, want 003 updated and the four others added", report)
	}
	if s := MustSource(t, db, chatsID); s.URL != chatsURL || s.Version != 2 {
		t.Errorf("source 003 = %+v, want the release's correction as version 2", s)
	}
	if s := MustSource(t, db, "web_0123456789abcdef"); s.Title != "USF note" || s.Version != 1 {
		t.Errorf("the moderator's source = %+v, want it untouched", s)
	}
}

func mustHistory(tb testing.TB, db *knowledge.DB, id string) []knowledge.SourceVersion {
	tb.Helper()
	versions, err := db.SourceHistory(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return versions
}

func TestEditSource(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	db := MustOpenSeededAt(t, path)
	defer db.Close()
	const parks = "004_fa9e532e3ffc210a"
	before := MustSource(t, db, parks)
	db.Now = func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }

	t.Run("NewVersionWithAuditEntry", func(t *testing.T) {
		s, err := db.EditSource(ctx, parks, bot.SourceEdit{Publisher: strp("  Ministry of IT  "), Published: strp("2025-02")}, alice)
		if err != nil {
			t.Fatal(err)
		}
		if s.Publisher != "Ministry of IT" || s.Published != "2025-02" || s.Title != before.Title || s.Version != 2 || s.FactCount != before.FactCount {
			t.Errorf("edited source = %+v", s)
		}
		h := mustHistory(t, db, parks)
		if len(h) != 2 || h[1].Change != "edit" || h[1].Author != "alice" || h[1].Platform != bot.Telegram || h[1].ChatID != "-100" || h[0].Source.Publisher != "" {
			t.Errorf("history = %+v", h)
		}
		var detail string
		conn, _ := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		defer conn.Close()
		if err := conn.QueryRow(`SELECT detail FROM audit WHERE action = 'edit-source' AND subject = ? AND actor = 'alice'`, parks).Scan(&detail); err != nil {
			t.Fatalf("no audit entry: %v", err)
		}
		if detail != "publisher: Ministry of IT; published: 2025-02" {
			t.Errorf("audit detail = %q", detail)
		}
	})

	t.Run("AnswersCiteTheCorrectionAtOnce", func(t *testing.T) {
		_, r := answerText(t, db, "How many software technology parks are there?")
		if len(r.Citations) == 0 || r.Citations[0].SourceID != parks || r.Citations[0].Publisher != "Ministry of IT" {
			t.Errorf("citations = %+v, want source 004 with its new publisher", r.Citations)
		}
	})

	t.Run("UnknownClearsAField", func(t *testing.T) {
		var edit bot.SourceEdit
		if err := edit.Set("publisher", "Unknown"); err != nil {
			t.Fatal(err)
		}
		s, err := db.EditSource(ctx, parks, edit, bob)
		if err != nil {
			t.Fatal(err)
		}
		if s.Publisher != "" || s.Version != 3 {
			t.Errorf("source = %+v, want its publisher unknown again, as version 3", s)
		}
	})

	t.Run("Refused", func(t *testing.T) {
		for _, tt := range []struct {
			name, id string
			edit     bot.SourceEdit
			want     string
		}{
			{"EmptyTitle", parks, bot.SourceEdit{Title: strp(" ")}, "needs a title"},
			{"URLNotHTTP", parks, bot.SourceEdit{URL: strp("ftp://example.org/a")}, "not a valid source"},
			{"DateNotADate", parks, bot.SourceEdit{Published: strp("FY2024-25")}, "is not a date"},
			{"TitleWithLineBreak", parks, bot.SourceEdit{Title: strp("Two\nlines")}, "plain text"},
			{"PublisherOnlyPunctuation", parks, bot.SourceEdit{Publisher: strp("-")}, "letters or digits"},
			{"PublisherEndsWithComma", parks, bot.SourceEdit{Publisher: strp("Dawn,")}, "no comma at either end"},
			{"NothingChanges", parks, bot.SourceEdit{Title: strp(before.Title)}, "nothing changed"},
			{"NothingGiven", parks, bot.SourceEdit{}, "Nothing to change"},
			{"URLOfAnotherSource", parks, bot.SourceEdit{URL: strp("https://meatechwatch.com/?p=16838")}, "already the address of source 002_09a3affbfa5d9bdf"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.EditSource(ctx, tt.id, tt.edit, alice)
				msg, ok := bot.UserMessage(err)
				if !ok || !strings.Contains(msg, tt.want) {
					t.Errorf("got %v, want a message for people containing %q", err, tt.want)
				}
			})
		}
		if _, err := db.EditSource(ctx, "no-such-source", bot.SourceEdit{Title: strp("A title")}, alice); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("unknown source: got %v, want ErrNotFound", err)
		}
		if s := MustSource(t, db, parks); s.Version != 3 {
			t.Errorf("refused edits left source 004 at version %d, want 3", s.Version)
		}
	})

	t.Run("MovedSourceKeepsItsFacts", func(t *testing.T) {
		f, err := db.AddFact(ctx, newFact(), alice)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.EditSource(ctx, f.SourceID, bot.SourceEdit{URL: strp("https://example.com/pseb-report-2025")}, alice); err != nil {
			t.Fatal(err)
		}
		// A new fact citing the old address gets a source of its own.
		nf := newFact()
		nf.Text = "In FY 2024-25, Pakistan's freelancers earned $500 million, a new record for the sector."
		g, err := db.AddFact(ctx, nf, bob)
		if err != nil {
			t.Fatal(err)
		}
		if g.SourceID == f.SourceID || g.Source.URL != nf.SourceURL {
			t.Errorf("new fact cites %+v, want a new source at %s", g.Source, nf.SourceURL)
		}
		if got := MustFact(t, db, f.Key).Source.URL; got != "https://example.com/pseb-report-2025" {
			t.Errorf("the first fact cites %s, want its source's new address", got)
		}
		if got := changes(t, db, g.SourceID); got != "add" {
			t.Errorf("history of the new source = %q, want add", got)
		}
	})
}

func TestImportVersionsNewSources(t *testing.T) {
	ctx := context.Background()
	src := MustOpenSeeded(t)
	dst := MustOpenSeeded(t)
	f, err := src.AddFact(ctx, newFact(), alice)
	if err != nil {
		t.Fatal(err)
	}
	dump, err := src.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dst.Import(ctx, dump, bob); err != nil {
		t.Fatal(err)
	}
	h := mustHistory(t, dst, f.SourceID)
	if len(h) != 1 || h[0].Change != "import" || h[0].Author != "bob" || h[0].Source.URL != newFact().SourceURL {
		t.Errorf("history of the imported source = %+v, want one import version", h)
	}
}

// FuzzEditSource sends any field and value through /editsource, as a
// moderator, and checks that whatever is stored still makes a clean
// citation. Run it with
//
//	go test -tags sqlite_fts5 -run='^$' -fuzz=FuzzEditSource -fuzztime=20s ./knowledge
func FuzzEditSource(f *testing.F) {
	for _, s := range [][2]string{
		{"title", "A new title"}, {"publisher", "unknown"}, {"url", "https://example.org/a(b)"}, {"published", "2025-02"},
		{"title", ""}, {"title", "  "}, {"publisher", "a | b"}, {"url", "javascript:alert(1)"}, {"published", "FY2024-25"},
		{"TITLE", "x"}, {"colour", "red"}, {"publisher", "\x00\x1b[2J"}, {"title", "Two\nlines"}, {"publisher", strings.Repeat("p", 101)},
		{"url", "https://meatechwatch.com/?p=16838"}, {"published", "2024-02-30"},
	} {
		f.Add(s[0], s[1])
	}
	db := MustOpenSeeded(f)
	engine := bot.New(db)
	const id = "004_fa9e532e3ffc210a"

	f.Fuzz(func(t *testing.T, field, value string) {
		ctx := context.Background()
		r := engine.Handle(ctx, bot.Request{Platform: bot.Console, ChatID: "fuzz", UserID: "mod", UserName: "mod", Moderator: true,
			Text: "/editsource " + id + " | " + field + " | " + value})
		if len(r.Blocks) == 0 || !r.Private {
			t.Fatalf("reply to %q | %q: %+v, want a private reply", field, value, r)
		}
		s, err := db.Source(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for name, v := range map[string]string{"title": s.Title, "publisher": s.Publisher, "url": s.URL, "published": s.Published} {
			if err := bot.ValidateSourceField(name, v); err != nil || strings.TrimSpace(v) != v {
				t.Fatalf("after %q | %q the source's %s is %q: %v", field, value, name, v, err)
			}
		}
		// The citation is exactly what is known, each part once.
		want := []string{s.Title}
		if s.Publisher != "" {
			want = append(want, s.Publisher)
		}
		if s.Published != "" {
			want = append(want, bot.MustParsePeriod(s.Published).String())
		}
		line := strings.Join(want, ", ")
		if s.URL != "" {
			line += ". " + s.URL
		}
		if got := bot.FormatCitation(s.Citation()); got != line || strings.ContainsAny(got, "\n\r") {
			t.Fatalf("after %q | %q the source cites as %q, want %q", field, value, got, line)
		}
	})
}

func ptr(s string) *string { return &s }
