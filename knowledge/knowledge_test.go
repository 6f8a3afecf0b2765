package knowledge_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

// MustOpen opens a knowledge base at path and closes it when the test ends.
func MustOpen(tb testing.TB, path string) *knowledge.DB {
	tb.Helper()
	db, err := knowledge.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustSeed applies set to db.
func MustSeed(tb testing.TB, db *knowledge.DB, set bot.Seeds) knowledge.SeedReport {
	tb.Helper()
	report, err := db.Seed(context.Background(), set)
	if err != nil {
		tb.Fatalf("Seed: %v", err)
	}
	return report
}

// MustLoadSeeds returns the built-in seeds shipped with pakbot.
func MustLoadSeeds(tb testing.TB) bot.Seeds {
	tb.Helper()
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		tb.Fatalf("loading built-in seeds: %v", err)
	}
	return set
}

// MustOpenSeeded returns a fresh in-memory knowledge base holding the
// built-in seeds.
func MustOpenSeeded(tb testing.TB) *knowledge.DB {
	tb.Helper()
	db := MustOpen(tb, ":memory:")
	MustSeed(tb, db, MustLoadSeeds(tb))
	return db
}

// MustSearch searches db and fails the test on an error.
func MustSearch(tb testing.TB, db *knowledge.DB, question string, limit int) []bot.Hit {
	tb.Helper()
	hits, err := db.Search(context.Background(), question, limit)
	if err != nil {
		tb.Fatalf("Search(%.60q): %v", question, err)
	}
	return hits
}

// MustAllFacts lists every live fact, topic by topic.
func MustAllFacts(tb testing.TB, db *knowledge.DB) []bot.Fact {
	tb.Helper()
	ctx := context.Background()
	topics, err := db.Topics(ctx)
	if err != nil {
		tb.Fatalf("Topics: %v", err)
	}
	var facts []bot.Fact
	for _, t := range topics {
		fs, err := db.TopicFacts(ctx, t.Name)
		if err != nil {
			tb.Fatalf("TopicFacts(%q): %v", t.Name, err)
		}
		facts = append(facts, fs...)
	}
	return facts
}

// MustFact returns the live fact with key.
func MustFact(tb testing.TB, db *knowledge.DB, key string) bot.Fact {
	tb.Helper()
	for _, f := range MustAllFacts(tb, db) {
		if f.Key == key {
			return f
		}
	}
	tb.Fatalf("fact %q not found", key)
	return bot.Fact{}
}

// MustCountRows counts the rows of table in the database file at path,
// through a connection of its own, as an operator inspecting it would.
func MustCountRows(tb testing.TB, path, table string) int {
	tb.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatalf("counting %s: %v", table, err)
	}
	return n
}

// tinySeeds is a small, hand-made seed set whose periods and dates are
// chosen to make ordering visible.
func tinySeeds() bot.Seeds {
	return bot.Seeds{
		Sources: []bot.Source{
			{ID: "dated", Title: "A dated article", Publisher: "Example News", Published: "2022-03", URL: "https://example.com/dated"},
			{ID: "undated", Title: "An undated article"},
		},
		Topics: []bot.Topic{
			{Name: "exports", Title: "IT exports", Description: "Export figures", Aliases: []string{"export"}},
			{Name: "parks", Title: "Technology parks", Description: "Parks"},
		},
		Facts: []bot.Fact{
			{Key: "exports-2021", Topic: "exports", Period: bot.MustParsePeriod("2021"), Series: "exports-annual", SourceID: "dated",
				Text: "In 2021, IT exports were $2.1 billion.", Keywords: []string{"exports"}},
			{Key: "exports-undated", Topic: "exports", SourceID: "undated",
				Text: "IT exports are growing quickly, the article says.", Keywords: []string{"exports", "growth"}},
			{Key: "exports-fy2023-24", Topic: "exports", Period: bot.MustParsePeriod("FY2023-24"), Series: "exports-annual", SourceID: "dated",
				Text: "In FY 2023-24, IT exports reached $3.2 billion.", Keywords: []string{"exports"}},
			{Key: "exports-source-dated", Topic: "exports", SourceID: "dated",
				Text: "IT exports depend on freelancers, the dated article says.", Keywords: []string{"exports", "freelancers"}},
			{Key: "exports-2024-11", Topic: "exports", Period: bot.MustParsePeriod("2024-11"), SourceID: "dated",
				Text: "In November 2024, IT exports were $324 million.", Keywords: []string{"exports", "monthly"}},
			{Key: "exports-fy2022-23", Topic: "exports", Period: bot.MustParsePeriod("FY2022-23"), Series: "exports-annual", SourceID: "dated",
				Text: "In FY 2022-23, IT exports were $2.6 billion.", Keywords: []string{"exports"}},
			{Key: "parks-43", Topic: "parks", Period: bot.MustParsePeriod("2025-02"), SourceID: "undated",
				Text: "There were 43 software technology parks in February 2025.", Keywords: []string{"technology parks", "stp"}},
		},
	}
}

func keys(facts []bot.Fact) []string {
	out := make([]string, len(facts))
	for i, f := range facts {
		out[i] = f.Key
	}
	return out
}

func TestOpen(t *testing.T) {
	ctx := context.Background()

	t.Run("FreshMemory", func(t *testing.T) {
		db := MustOpen(t, ":memory:")
		topics, err := db.Topics(ctx)
		if err != nil || len(topics) != 0 {
			t.Fatalf("fresh database: Topics() = %v, %v; want none, no error", topics, err)
		}
		if hits := MustSearch(t, db, "IT exports", 5); len(hits) != 0 {
			t.Fatalf("fresh database found %d hits", len(hits))
		}
	})

	t.Run("FreshFileMigrated", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pakbot.db")
		MustOpen(t, path).Close()
		if n, want := MustCountRows(t, path, "migrations"), migrationFiles(t); n != want {
			t.Fatalf("got %d applied migrations, want %d", n, want)
		}
		for _, table := range []string{"facts", "fact_versions", "sources", "topics", "audit", "facts_fts"} {
			if n := MustCountRows(t, path, table); n != 0 {
				t.Errorf("fresh table %s has %d rows", table, n)
			}
		}
	})

	t.Run("ReopenKeepsData", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pakbot.db")
		db := MustOpen(t, path)
		MustSeed(t, db, tinySeeds())
		db.Close()

		db = MustOpen(t, path)
		if n, want := MustCountRows(t, path, "migrations"), migrationFiles(t); n != want {
			t.Fatalf("got %d migration records after reopening, want %d (no migration may run twice)", n, want)
		}
		if got := len(MustAllFacts(t, db)); got != len(tinySeeds().Facts) {
			t.Fatalf("got %d facts after reopening, want %d", got, len(tinySeeds().Facts))
		}
		// The vocabulary is rebuilt from the database: typo correction works
		// straight after reopening, not only after seeding in this process.
		hits := MustSearch(t, db, "exprots", 5)
		if len(hits) == 0 || hits[0].Fact.Topic != "exports" {
			t.Fatalf("after reopening, %q found %v; want an exports fact", "exprots", hits)
		}
	})

	t.Run("ErrMissingDirectory", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "no-such-dir", "pakbot.db")
		db, err := knowledge.Open(ctx, path)
		if err == nil {
			db.Close()
			t.Fatal("Open of a path in a missing directory succeeded")
		}
		if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "cannot open knowledge base") {
			t.Fatalf("error %q should say it cannot open the knowledge base and name %s", msg, path)
		}
	})

	t.Run("ErrEmptyPath", func(t *testing.T) {
		if _, err := knowledge.Open(ctx, ""); err == nil || !strings.Contains(err.Error(), "empty path") {
			t.Fatalf("Open(\"\") = %v; want an error about the empty path", err)
		}
	})
}

// TestErrNoFTS5 checks the message shown when pakbot was built without FTS5:
// it must tell the operator exactly how to rebuild. (Building without the
// tag is a separate build, so the test runs against the message itself.)
func TestErrNoFTS5(t *testing.T) {
	msg := knowledge.ErrNoFTS5.Error()
	for _, want := range []string{"FTS5", "sqlite_fts5", "go build -tags sqlite_fts5 ./cmd/pakbot"} {
		if !strings.Contains(msg, want) {
			t.Errorf("ErrNoFTS5 = %q; want it to mention %q", msg, want)
		}
	}
}

func TestSeed(t *testing.T) {
	ctx := context.Background()

	t.Run("Idempotent", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pakbot.db")
		set := MustLoadSeeds(t)
		db := MustOpen(t, path)
		first := MustSeed(t, db, set)
		if first.Added != len(set.Facts) || first.Updated != 0 || first.Skipped {
			t.Fatalf("first seeding: %+v; want %d added", first, len(set.Facts))
		}
		db.Close()
		facts, versions, audit := MustCountRows(t, path, "facts"), MustCountRows(t, path, "fact_versions"), MustCountRows(t, path, "audit")

		db = MustOpen(t, path)
		again := MustSeed(t, db, MustLoadSeeds(t))
		if !again.Skipped || again.Added != 0 || again.Updated != 0 {
			t.Fatalf("reseeding unchanged seeds: %+v; want Skipped", again)
		}
		if got := len(MustAllFacts(t, db)); got != len(set.Facts) {
			t.Errorf("got %d live facts after reseeding, want %d", got, len(set.Facts))
		}
		db.Close()
		if n := MustCountRows(t, path, "facts"); n != facts {
			t.Errorf("facts: %d rows after reseeding, want %d", n, facts)
		}
		if n := MustCountRows(t, path, "fact_versions"); n != versions {
			t.Errorf("fact_versions: %d rows after reseeding, want %d (no new versions)", n, versions)
		}
		if n := MustCountRows(t, path, "audit"); n != audit {
			t.Errorf("audit: %d rows after reseeding, want %d", n, audit)
		}
	})

	t.Run("ChangedFactGetsVersion2", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pakbot.db")
		db := MustOpen(t, path)
		MustSeed(t, db, tinySeeds())

		changed := tinySeeds()
		changed.Facts[4].Text = "In November 2024, IT exports were $324 million, a zenith for the month."
		report := MustSeed(t, db, changed)
		if report.Updated != 1 || report.Added != 0 || report.Conflicts != 0 || report.Skipped {
			t.Fatalf("got %+v; want exactly one update", report)
		}
		f := MustFact(t, db, "exports-2024-11")
		if f.Version != 2 || f.Text != changed.Facts[4].Text || f.Origin != "seed" {
			t.Fatalf("got version %d %q (origin %s); want version 2 with the new text", f.Version, f.Text, f.Origin)
		}
		if other := MustFact(t, db, "exports-2021"); other.Version != 1 {
			t.Errorf("unchanged fact exports-2021 moved to version %d", other.Version)
		}
		// The index follows the new text: its new word is found, and the
		// fact is still found once, not twice.
		hits := MustSearch(t, db, "zenith", 5)
		if len(hits) != 1 || hits[0].Fact.Key != "exports-2024-11" {
			t.Fatalf("search for the new word found %v; want exports-2024-11 alone", keys(hitFacts(hits)))
		}
		db.Close()
		if n := MustCountRows(t, path, "fact_versions"); n != len(tinySeeds().Facts)+1 {
			t.Errorf("got %d fact versions, want %d", n, len(tinySeeds().Facts)+1)
		}
		if n := MustCountRows(t, path, "facts_fts"); n != len(tinySeeds().Facts) {
			t.Errorf("search index holds %d rows, want one per fact (%d)", n, len(tinySeeds().Facts))
		}
	})

	t.Run("ModeratorEditKeptAsConflict", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pakbot.db")
		db := MustOpen(t, path)
		MustSeed(t, db, tinySeeds())
		db.Close()

		// Stand in for a moderator's edit (the chat commands for it live
		// elsewhere) by appending a version the way the store does.
		conn, err := sql.Open("sqlite3", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		const modText = "In November 2024, IT exports were $324 million (moderator's wording)."
		for _, stmt := range []string{
			`INSERT INTO fact_versions (fact_id, version, topic, text, period, series, keywords, aliases, source_id, removed, change, author, created_at)
			 SELECT fact_id, 2, topic, '` + strings.ReplaceAll(modText, "'", "''") + `', period, series, keywords, aliases, source_id, 0, 'edit', 'mod', created_at
			 FROM fact_versions WHERE version = 1 AND fact_id = (SELECT id FROM facts WHERE key = 'exports-2024-11')`,
			`UPDATE facts SET current_version = 2 WHERE key = 'exports-2024-11'`,
			// Every write that changes answers moves the index generation.
			`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_generation'`,
		} {
			if _, err := conn.Exec(stmt); err != nil {
				t.Fatalf("simulating a moderator edit: %v", err)
			}
		}
		conn.Close()

		db = MustOpen(t, path)
		changed := tinySeeds()
		changed.Facts[4].Text = "In November 2024, IT exports were $324 million, says the new release."
		report := MustSeed(t, db, changed)
		if report.Conflicts != 1 || report.Updated != 0 {
			t.Fatalf("got %+v; want one conflict and no update", report)
		}
		if f := MustFact(t, db, "exports-2024-11"); f.Version != 2 || f.Text != modText {
			t.Fatalf("got version %d %q; the moderator's version 2 must stay", f.Version, f.Text)
		}
		db.Close()
		if n := MustCountRows(t, path, "seed_conflicts"); n != 1 {
			t.Errorf("got %d recorded seed conflicts, want 1", n)
		}
	})

	t.Run("NewFactAdded", func(t *testing.T) {
		db := MustOpen(t, ":memory:")
		MustSeed(t, db, tinySeeds())
		more := tinySeeds()
		more.Facts = append(more.Facts, bot.Fact{Key: "parks-bagh", Topic: "parks", SourceID: "undated",
			Period: bot.MustParsePeriod("2025-02"), Text: "The first Women Technology Park is in Bagh.", Keywords: []string{"women"}})
		report := MustSeed(t, db, more)
		if report.Added != 1 || report.Updated != 0 {
			t.Fatalf("got %+v; want one added", report)
		}
		if hits := MustSearch(t, db, "Where is the Women Technology Park?", 3); len(hits) == 0 || hits[0].Fact.Key != "parks-bagh" {
			t.Fatalf("new seed fact not found first: %v", keys(hitFacts(hits)))
		}
	})

	t.Run("ErrUnknownTopic", func(t *testing.T) {
		db := MustOpen(t, ":memory:")
		bad := tinySeeds()
		bad.Facts[0].Topic = "nosuch"
		if _, err := db.Seed(ctx, bad); err == nil {
			t.Fatal("seeding a fact of an unknown topic succeeded")
		}
		// The failed seeding left nothing half-done behind.
		if facts := MustAllFacts(t, db); len(facts) != 0 {
			t.Fatalf("failed seeding left %d facts", len(facts))
		}
	})
}

func hitFacts(hits []bot.Hit) []bot.Fact {
	facts := make([]bot.Fact, len(hits))
	for i, h := range hits {
		facts[i] = h.Fact
	}
	return facts
}

func TestSearchOddInput(t *testing.T) {
	db := MustOpenSeeded(t)
	inputs := map[string]string{
		"QuotesAndSymbols": `what's c++ "IT-exports"?:`,
		"SQLInjection":     `' OR 1=1 --`,
		"FTSNear":          `NEAR(a b)`,
		"FTSPrefix":        `exports*`,
		"LoneQuote":        `"`,
		"Caret":            `^`,
		"FTSOperators":     `AND OR NOT`,
		"Brackets":         `{}[]()`,
		"Empty":            ``,
		"Huge":             strings.Repeat("exports broadband ", 100<<10/18),
		"InvalidUTF8":      "IT \xff\xfe exports \xc3\x28",
		"ControlChars":     "IT\x00exports\x1b[31m\r\n\t\x7f",
		"EmojiOnly":        "🇵🇰🚀💻",
		"ColumnFilter":     `text:exports`,
		"Star":             `*`,
		"Minus":            `-exports`,
	}
	for name, q := range inputs {
		t.Run(name, func(t *testing.T) {
			hits := MustSearch(t, db, q, 5)
			if len(hits) > 5 {
				t.Fatalf("got %d hits, limit was 5", len(hits))
			}
			for _, h := range hits {
				if h.Confidence < 0 || h.Confidence > 1 {
					t.Errorf("hit %s has confidence %v outside 0..1", h.Fact.Key, h.Confidence)
				}
			}
		})
	}

	t.Run("NoWordsNoHits", func(t *testing.T) {
		for _, q := range []string{``, `"`, `^`, `{}[]()`, `*`, "🇵🇰🚀💻", `' --`} {
			if hits := MustSearch(t, db, q, 5); len(hits) != 0 {
				t.Errorf("Search(%q) found %d hits; nothing in it is a word", q, len(hits))
			}
		}
	})

	t.Run("SyntaxIsNotSyntax", func(t *testing.T) {
		// FTS5 operators typed by a user are plain words: "exports*" and
		// "-exports" find what "exports" finds.
		want := MustSearch(t, db, "exports", 5)
		for _, q := range []string{"exports*", "-exports", `"exports"`, `(exports)`} {
			got := MustSearch(t, db, q, 5)
			if !slices.Equal(keys(hitFacts(got)), keys(hitFacts(want))) {
				t.Errorf("Search(%q) = %v; want the same as for exports: %v", q, keys(hitFacts(got)), keys(hitFacts(want)))
			}
		}
	})
}

func TestSearchTypos(t *testing.T) {
	db := MustOpenSeeded(t)
	tests := []struct {
		question string
		topic    string
		contains string
	}{
		{"exprots", "exports", "exports"},
		{"digiskils", "skills", "DigiSkills"},
		{"cybersecurty", "cybersecurity", "Cybersecurity"},
		{"tehcnology", "techparks", "technology"},
		{"waht were pakistans it exprots in 2023-24", "exports", "$3.223 billion"},
		// A typo of an English word no fact uses is read as that word,
		// with its alternatives: operates, run.
		{"Which company operaets Starlink?", "starlink", "SpaceX"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			hits := MustSearch(t, db, tt.question, 5)
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			top := hits[0]
			if top.Fact.Topic != tt.topic || !strings.Contains(strings.ToLower(top.Fact.Text), strings.ToLower(tt.contains)) {
				t.Errorf("top hit %s (%s): %q; want a %s fact mentioning %q", top.Fact.Key, top.Fact.Topic, top.Fact.Text, tt.topic, tt.contains)
			}
			if top.Confidence < bot.DefaultMinConfidence {
				t.Errorf("top confidence %.2f is below %.2f: the engine would decline", top.Confidence, bot.DefaultMinConfidence)
			}
		})
	}
}

// A period no fact covers counts against every candidate alike, so a
// weaker match does not overtake the best one by escaping it.
func TestSearchMissedPeriodCountsForAll(t *testing.T) {
	db := MustOpenSeeded(t)
	hits := MustSearch(t, db, "How much are the e-Rozgaar centres expected to generate by 2027?", 3)
	if len(hits) == 0 || hits[0].Fact.Key != "e-rozgaar-earnings-2027" {
		t.Errorf("got %v; want e-rozgaar-earnings-2027 first", keys(hitFacts(hits)))
	}
}

// A place no fact names sinks an answer however much else a fact holds:
// the parks of Bangladesh are not Pakistan's, nor its cybersecurity
// challenges or its export earnings.
func TestSearchUnknownPlaceDeclines(t *testing.T) {
	db := MustOpenSeeded(t)
	wantDeclined(t, db, "How many software technology parks does Bangladesh have?", "how many software technology parks in bangladesh",
		"What cybersecurity challenges does Bangladesh face?",
		"How much money did Bangladesh earn from selling software and tech services overseas in FY 2023-24?",
		// A place is a name however it is typed.
		"how many square feet will the quetta it park occupy", "quetta it park jobs",
		// A name is no typo of an everyday word: Coursera is not a
		// course, nor DigiSkills.
		"How many people has Coursera trained?")
	wantAnsweredHolding(t, db, "how many jobs will the karachi it park create", "13,400")
	if hits := MustSearch(t, db, "How many software technology parks does Pakistan have?", 1); len(hits) == 0 || hits[0].Confidence < bot.DefaultMinConfidence {
		t.Error("the parks of Pakistan are declined")
	}
}

// A name the facts give is said in no other words: a question narrowed to
// one ("in Lahore alone") is not answered by a fact that lacks it, however
// much else the fact holds. A question naming several, each in a fact of
// its own, is answered by one of them.
func TestSearchNameNarrows(t *testing.T) {
	db := MustOpenSeeded(t)
	wantDeclined(t, db, "How many software technology parks are there in Lahore alone?",
		// However much else the fact holds: Alibaba's list is not
		// Amazon's, and the centres nationwide are not Sindh's, a
		// place the facts only tag.
		"When was Pakistan added to Alibaba's approved sellers list?",
		"How many e-Rozgaar centres are there in Sindh?",
		// A country whose name is also an everyday word is named all
		// the same: Turkey's exports are not Pakistan's.
		"Turkey ki IT exports kitni hain?")
	wantAnsweredHolding(t, db, "When was Pakistan added to Amazon's approved sellers list?", "21 May 2021")
	wantAnsweredHolding(t, db, "what did pakistan and turkey agree on 5g", "5G")
	wantAnsweredHolding(t, db, "How many e-Rozgaar centres are planned?", "250")
	wantAnsweredHolding(t, db, "Which board reported the Vivo and Airlink production units?", "Engineering Development Board")
}

// Who, or which firm, is not answered by a fact whose only new names are
// places; which city is.
func TestSearchWhoIsNoPlace(t *testing.T) {
	db := MustOpenSeeded(t)
	wantDeclined(t, db, "Which lender is financing the Islamabad IT Park?", "Who is building the Islamabad IT park?")
	// Which city is asked by a fact that names a place, not only a
	// programme.
	wantDeclined(t, db, "which city has the most freelancers in pakistan")
	wantAnsweredHolding(t, db, "Which city will have the Women Technology Park?", "Bagh")
	// Nor is a which question answered by a fact whose only new name is a
	// month: it asks for a firm, not when.
	wantFirst(t, db, "Apart from Samsung, which Finnish handset brand has opened a factory in Pakistan?", "samsung-nokia-facilities-2023")
	wantAnsweredHolding(t, db, "Which city will have the other flagship IT park besides Islamabad?", "Karachi")
	// A thing's name may echo the words that describe it.
	wantAnsweredHolding(t, db, "Which app did Punjab Police launch for women's safety?", "Women Safety")
}

// A month a fact capitalises says when, not who: "who is handling the
// auction" is answered by the fact that names the committee's minister,
// not by the one dated to a month that names no one.
func TestSearchWhoIsNoMonth(t *testing.T) {
	db := MustOpenSeeded(t)
	wantFirst(t, db, "who is handling the 5g spectrum auction", "5g-spectrum-auction-committee")
}

// Who owns, founded or won something is not told by a fact that only
// names it: the fact must say the relation.
func TestSearchWhoStandsInARelation(t *testing.T) {
	db := MustOpenSeeded(t)
	wantDeclined(t, db, "Who won Pakistan's 2024 general election?", "who owns advance telecom lol", "Who founded Vivo?",
		// Nor is where a firm's head office is told by where it works.
		"Where is Vivo headquartered?", "Where is Spotify headquartered?",
		// A WordNet synonym of another sense is no relation said:
		// Spotify "launched" in Pakistan, nobody "founded" it there.
		"Who founded Pakistan?")
	wantAnsweredHolding(t, db, "Who runs Starlink?", "SpaceX")
}

// When something is planned for is told by the fact that names the
// year, not by one only dated when the plan was described.
func TestSearchWhenNamesThePlannedYear(t *testing.T) {
	db := MustOpenSeeded(t)
	wantFirst(t, db, "In which year should the big new tech park in Karachi start running?", "karachi-it-park-2027")
}

// What a fact's figure counts stands for the focus only in the focus's
// own words or close ones: "83 Universal Service Fund projects" count no
// budget, though WordNet gives "fund" for "budget".
func TestSearchCountedIsNoLooseSynonym(t *testing.T) {
	db := MustOpenSeeded(t)
	wantDeclined(t, db, "How big is the IT ministry's budget?", "IT ministry ka budget kitna hai 2024 mein")
}

// A period chooses among the facts about what is asked: "IT exports in
// 2025" is not told by a plan of early 2025 for the Karachi IT Park that
// mentions IT exports, but by the nearest figure of the exports topic.
func TestPeriodChoosesWithinTheSubject(t *testing.T) {
	db := MustOpenSeeded(t)
	for question, topic := range map[string]string{"IT exports in 2025": "exports", "broadband 2025": "broadband"} {
		hits := MustSearch(t, db, question, 5)
		if len(hits) == 0 || hits[0].Fact.Topic != topic {
			t.Errorf("%q: got %v; want a fact of topic %s first", question, keys(hitFacts(hits)), topic)
		}
	}
}

// A period's page lists the facts dated within it, newest first, and
// how many there are.
func TestPeriodPage(t *testing.T) {
	db := MustOpenSeeded(t)
	may := bot.MustParsePeriod("2021-05")
	facts, total, err := db.PeriodPage(context.Background(), may, 0, 3)
	if err != nil || total < 3 || len(facts) != 3 {
		t.Fatalf("PeriodPage(May 2021) = %d of %d facts, %v; want 3 of more", len(facts), total, err)
	}
	for i, f := range facts {
		if f.Period.Start.Before(may.Start) || f.Period.End.After(may.End) {
			t.Errorf("May 2021 lists %s, of %s", f.Key, f.Period)
		}
		if i > 0 && f.Period.End.After(facts[i-1].Period.End) {
			t.Errorf("%s (%s) after %s: not newest first", f.Key, f.Period, facts[i-1].Key)
		}
	}
	if _, total, _ := db.PeriodPage(context.Background(), bot.MustParsePeriod("2019"), 0, 3); total != 0 {
		t.Errorf("2019 has %d facts; the seeds have none", total)
	}
	// A fact a moderator adds is listed at once, and one removed is not.
	fy25 := bot.MustParsePeriod("FY2024-25")
	_, before, _ := db.PeriodPage(context.Background(), fy25, 0, 100)
	added, err := db.AddFact(context.Background(), newFact(), alice)
	if err != nil {
		t.Fatal(err)
	}
	if facts, n, _ := db.PeriodPage(context.Background(), fy25, 0, 100); n != before+1 || !slices.ContainsFunc(facts, func(f bot.Fact) bool { return f.Key == added.Key }) {
		t.Errorf("after adding %s, FY 2024-25 lists %d facts (%d before), without it", added.Key, n, before)
	}
	if _, err := db.RemoveFact(context.Background(), added.Key, alice); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := db.PeriodPage(context.Background(), fy25, 0, 100); n != before {
		t.Errorf("after removing %s, FY 2024-25 lists %d facts, want %d", added.Key, n, before)
	}
}

// Each kind of question wants a fact that can answer it: one that does
// not is declined, however much of the question it holds; one that does
// still answers.
func TestSearchKindsOfAnswer(t *testing.T) {
	db := MustOpenSeeded(t)
	for _, c := range []struct {
		name     string
		declined []string
		answered map[string]string // question: what the answer holds
	}{
		// A when question about what is still to come is answered by a
		// fact that says when it is due, not by one that says it is to
		// come.
		{"WhenWillNeedsADueTime", []string{"When will the 5G spectrum auction be held?"}, map[string]string{
			"When will the Karachi IT Park be operational?":        "2027",
			"When is the Islamabad IT Park due to be completed?":   "2025",
			"When did Samsung start producing phones in Pakistan?": "December 2021"}},
		// What ranks above the rest is told by a fact that ranks.
		{"SuperlativeNeedsARanking", []string{"Which mobile network has the most subscribers in Pakistan?",
			"What is the fastest internet speed in Pakistan?"}, map[string]string{"Where did Pakistan rank for e-sports earnings?": "29th"}},
		// What has been done so far, or what there is, is not told by a
		// plan.
		{"DoneIsNoPlan", []string{"How many e-Rozgaar centres have already been built?", "How many freelancers are there in Pakistan?"}, map[string]string{
			"How many software technology parks are there?": "43",
			"How many e-Rozgaar centres are planned?":       "250",
			"How much optical fibre has been laid so far?":  "135,506"}},
		// A share asked of a part is not told by a fact about the whole.
		{"ShareOfAPart", []string{"What percentage of the ICT remittances came from freelancers?"},
			map[string]string{"What share of people working in the parks are women?": "20%"}},
		// A fact that holds the place a question names but not its firm
		// tells of another firm there.
		{"FirmAndPlaceCountApart", []string{"Did Oppo open a plant in Faisalabad?"},
			map[string]string{"Did Vivo open a plant in Faisalabad?": "Vivo"}},
		// A rank is told by a fact that ranks or gives a figure; what a
		// thing is called, by one that names it.
		{"RankAndName", []string{"What exact rank does Pakistan hold in the UN E-Government Development Index?",
			"What is the e-commerce university called?"}, map[string]string{"What was Pakistan's rank in e-sports earnings in 2021?": "29th"}},
		// Names asked for by the number are given by a fact that names
		// that many, not by one that counts them.
		{"ManyNamesNeedNames", []string{"Name the ten countries that used Pakistani voting machines."},
			map[string]string{"Which two global brands had set up factories in Pakistan by 2023?": "Nokia"}},
		// How long is told by a duration or a length, not by a count.
		{"HowLongNeedsALength", []string{"How long is the DigiSkills course?"},
			map[string]string{"How long is the optical fibre network laid so far?": "135,506"}},
		// Why is answered by a fact that gives a cause or a purpose; so
		// is "what caused".
		{"WhyNeedsAReason", []string{"Why did Samsung start making phones in Pakistan?", "Why did Spotify come to Pakistan?",
			"What caused the damage to the PTCL submarine cable near Qatar?"},
			map[string]string{"Why was the internet slow in early 2025?": "VPN", "Why is the government registering VPNs?": "help",
				"What is a big reason for slow internet in Pakistan?": "VPN", "What caused the internet disruptions in early 2025?": "VPN"}},
		// A price, cost or budget is an amount of money: a fact whose
		// figures count projects or listeners does not give it.
		// A fact that says the opposite of the question's word tells
		// of the other thing.
		{"OppositeIsAnotherThing", []string{"Which rural areas did the Cadaster of Punjab map?"},
			map[string]string{"Which urban centres did the Cadaster of Punjab map?": "urban"}},
		// A name is all its words: a fact that holds some of them names
		// something else.
		{"NameIsAllItsWords", []string{"What is Pakistan's rank in the Global Innovation Index?",
			"What did the Punjab Information Technology Board launch?", "Has Punjab adopted a Cloud First Policy?"},
			map[string]string{"What tier did Pakistan get in the Global Cybersecurity Index?": "Tier 1",
				"What did IT Minister Aminul Haq say about the government's role?": "enabler"}},
		// Where something is located wants a named place; where someone
		// studied, a fact that says so.
		{"WhereIsAPlace", []string{"Where is COMSATS University located?", "Where did Shaza Fatima Khawaja study?",
			"Where in Pakistan is Oppo setting up its research and development centre?", "Where is Nokia's phone factory in Pakistan?",
			"Airlink ki Lahore wali phone factory kis area mein hai?"},
			map[string]string{"Where is Vivo's production unit based?": "Faisalabad", "Where is Samsung's TV facility?": "Karachi",
				"where is the amazon fulfilment centre":                  "Multan",
				"Where in Pakistan did Vivo set up its production unit?": "Faisalabad"}},
		// Which firm is not told by a fact that speaks of "a foreign
		// company", or of "telecom operators", without naming it; who
		// was hired, by one that says so.
		{"UnnamedFirmIsNoAnswer", []string{"Which foreign firm was hired to build Pakistan's international payment gateway?",
			"What was the name of the PTCL submarine cable that was damaged near Qatar?",
			"Which telecom operator installed the 4G Base Transceiver Station at the K2 base camp area?",
			"Which telecom operator installed the 4G tower at K2 base camp?", "Which consultancy firm did PTA hire for the 5G feasibility study?"},
			map[string]string{"Which company did Samsung team up with to assemble phones?": "Lucky",
				"Which body did the IT Ministry authorise to hire consultants for the 5G feasibility study?": "PTA"}},
		// Which things of a kind is not told by a fact only tagged with
		// the kind, unless it names them: the Women Safety app and the
		// IoT and AR uses are named.
		{"KindNeedsInstances", []string{"Which hospitals have rolled out the One Patient One ID system so far?",
			"Which hospitals use the One Patient One ID system?", "What products will Oppo's research and development centre work on?",
			"What courses are offered on DigiSkills.pk?"},
			map[string]string{"Which applications will 5G enable?": "IoT"}},
		// When something happened is told by a fact that it did, not
		// by its plan or by another event of it; a word of a name
		// ("Fund") is no event.
		{"WhenItHappened", []string{"When did the Amazon centre in Multan open?", "In which year did Ali Sadpara die on K2?",
			"amazon ka multan wala center kab khula tha?", "When did the federal cabinet approve the National Fiberisation Policy?",
			"When was the Universal Service Fund established?", "When was the PTCL submarine cable repaired?"},
			map[string]string{"When did Spotify launch in Pakistan?": "February 2021", "When was the Women Safety app launched?": "2021"}},
		// The month asked is not told by a fact dated to a year.
		{"WhichMonth", []string{"In which month did the Prime Minister approve the enabler strategy?"},
			map[string]string{"In which month of 2021 was Pakistan added to Amazon's approved sellers list?": "May",
				"Which month did Samsung start producing phones in Pakistan?": "December 2021"}},
		// So is the day, not told by a fact dated to a month.
		{"WhichDay", []string{"On what exact date did Spotify launch in Pakistan?", "Samsung ne Pakistan mein kis tareekh ko production shuru ki?"},
			map[string]string{"On what date was Pakistan added to Amazon's approved sellers list?": "21 May",
				"What is the exact date of the deadline for the 83 USF projects?": "31 December"}},
		// A start is such an event, told by a launch or a beginning, not
		// by a fact that it was expected soon.
		{"WhenItStarted", []string{"When did Starlink start operating in Pakistan?", "When did Türkiye start commercial 5G service?"},
			map[string]string{"When did Spotify start in Pakistan?": "February 2021", "When did Samsung start producing phones in Pakistan?": "December 2021"}},
		// When someone became a minister is when they took office,
		// which a fact that they held it does not tell; becoming
		// anything else says little.
		{"BecameMinister", []string{"When did Shaza Fatima Khawaja become Minister of State for IT?"},
			map[string]string{"When did e-sports become an official sport in Pakistan?": "January 2021"}},
		// Who did it is told by a fact that says who did that.
		{"WhoDidIt", []string{"Who inaugurated the Amazon centre in Multan?"},
			map[string]string{"Who launched the Women Safety app?": "Punjab Police", "Who approved the enabler not funder strategy?": "Prime Minister"}},
		// The latest of facts that answer as well is the newest, of
		// whichever series.
		{"LatestIsNewest", nil, map[string]string{"latest IT exports": "November 2024"}},
		// Where a thing is, of one the question places in a city, is
		// told by a place within it, not by another city a fact names
		// beside it; a town in a region is told by the town.
		{"PlaceWithin", []string{"Where exactly is the Islamabad IT park located?", "karachi it park kis area mein ban raha hai exactly",
			"Where in Karachi is the IT Park being built?"},
			map[string]string{"Which town in Kashmir is getting the first Women Technology Park?": "Bagh",
				"Where will the Amazon fulfilment centre be?": "Multan"}},
		// A way to reach someone is told by a fact that gives it in its
		// text, not by one that names them or is tagged "helpline";
		// "address" as a verb asks nothing of the kind.
		{"ContactDetails", []string{"PSEB office address", "What is the address of the Karachi IT Park?", "PSEB ka email kya hai",
			"What is the emergency helpline number of the Women Safety app?"},
			map[string]string{"How does the government address cybersecurity?": "public-private"}},
		// The unit a figure is asked in is not what it is of.
		{"UnitsAreNoSubject", nil, map[string]string{"How many million dollars did IT exports reach in November 2024?": "$324 million",
			"How many billion dollars trade surplus did the IT sector post?": "1.35"}},
		// Pakistan's thing is not told by a fact about another country's.
		{"AnotherCountrys", []string{"How many citizens use Pakistan's e-government?"},
			map[string]string{"How many citizens does Türkiye's e-government serve?": "67 million"}},
		// Which other country is not Pakistan.
		{"OtherIsNotHome", []string{"Which other South Asian countries are in Tier 1 of the Global Cybersecurity Index?"},
			map[string]string{"Which other firms besides Samsung set up factories in Pakistan by 2023?": "Nokia"}},
		// A place is not all a question asks about: the thing asked of it
		// must be in the fact too.
		// Nor is a word the fact holds only loosely ("engineering" for
		// "technology"), and a subject of no dictionary ("5G") is a
		// thing asked about.
		{"PlaceIsNotEnough", []string{"weather in lahore tomorrow?", "hotels in karachi", "women technology park in lahore", "is 5G available in karachi"},
			map[string]string{"phones made in lahore": "Airlink", "what happened in multan": "Multan"}},
		// A question whether something is so is not confirmed by a
		// fact that lacks a word of its claim no fact has.
		{"YesNoClaimsEachWord", []string{"Do e-Rozgaar centres charge fees?", "Is DigiSkills free?",
			"Is DigiSkills.pk training free, and which courses does it offer?"},
			map[string]string{"Did Samsung start making phones in Pakistan?": "December 2021", "Is e-sports official in Pakistan?": "official sport",
				"Will Pakistanis abroad be able to pay with PayPal?": "PayPal"}},
		// When a law was passed is not told by a fact about amending it.
		{"PassingALaw", []string{"When was the Prevention of Electronic Crimes Act passed?"},
			map[string]string{"What did the IT ministry defer to the information ministry in 2023?": "Prevention of Electronic Crimes"}},
		// Whether it went on to happen is not told by the plan.
		{"DoneIsNoPlan", []string{"Did Apple go on to make any manufacturing investment in Pakistan?",
			// Whether it opened or was completed is not told by its
			// plan, nor by its being set up.
			"did the bagh women technology park open", "was the islamabad IT park completed in 2025"},
			map[string]string{"Did Pakistan aim to attract investment from Apple?": "Apple", "Did Spotify launch in Pakistan?": "February 2021"}},
		// The kind asked for, spoken of without a name, names none.
		{"KindUnnamed", []string{"which consultants did PTA hire for the 5g study"},
			map[string]string{"Which body did the IT Ministry authorise to hire consultants for the 5G feasibility study?": "PTA"}},
		// The name of a title's holder is a person's, as who holds it
		// is.
		{"NameOfAHolder", []string{"What's the name of the NITB CEO who talked about the international payment gateway?"},
			map[string]string{"What is the name of the IT minister in 2023?": "Aminul Haq"}},
		// When it happened is not told by a fact dated only by when it
		// was reported.
		{"ReportedIsNoDate", []string{"On what date was the PTCL submarine cable near Qatar damaged?"},
			map[string]string{"When was Pakistan added to Amazon's approved sellers list?": "21 May 2021"}},
		// Going live is a launch, told by a fact that it happened.
		{"WentLive", []string{"when did the international payment gateway go live"},
			map[string]string{"when did spotify go live in pakistan": "February 2021"}},
		// Each focus word a fact lacks counts against it.
		{"EachFocusLacked", []string{"What is the annual production capacity of Vivo's smartphone plant in Faisalabad?"},
			map[string]string{"What is the production unit Vivo set up in Faisalabad?": "Vivo"}},
		// A part of a total the question gives is not told by a fact
		// whose only figure is the total.
		{"PartOfATotal", []string{"How many of the 83 Universal Service Fund projects were finished?",
			"How many of Pakistan's 278 professional e-sports players are women?"},
			map[string]string{"How many Universal Service Fund projects was the ministry running?": "83"}},
		{"MoneyIsAnAmount", []string{"What does Spotify Premium cost in Pakistan?", "What is the budget of the Universal Service Fund?",
			"How much will the Karachi IT Park cost?", "What is the salary of a software engineer in Pakistan?"},
			map[string]string{"How much did startups raise in FY 2023-24?": "260"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantDeclined(t, db, c.declined...)
			for q, holds := range c.answered {
				wantAnsweredHolding(t, db, q, holds)
			}
		})
	}
}

// Who holds a title is asked for by a person's name: a fact that mentions
// the title and names nobody does not answer it; one that names the
// holder does.
func TestSearchTitleHolderWantsAName(t *testing.T) {
	db := MustOpenSeeded(t)
	wantDeclined(t, db, "Who is the CEO of the NITB?", "careem ka ceo kaun hai?", "What is the name of the CEO of NITB?")
	wantAnsweredHolding(t, db, "Who is the minister of state for IT?", "Shaza Fatima Khawaja")
}

// A period the user names is a strong wish: the fact of that period leads
// though another period's fact holds more of the question's words.
func TestSearchNamedPeriodLeads(t *testing.T) {
	db := MustOpenSeeded(t)
	wantAnswered(t, db, map[string]string{
		"How much did Pakistan earn from selling tech services abroad in FY 2023-24?": "it-exports-fy2023-24",
	})
}

// wantAnswered checks that each question is answered with the fact of the
// key it maps to.
func wantAnswered(t *testing.T, db *knowledge.DB, answers map[string]string) {
	t.Helper()
	for question, key := range answers {
		hits := MustSearch(t, db, question, 3)
		if len(hits) == 0 || hits[0].Fact.Key != key || hits[0].Confidence < bot.DefaultMinConfidence {
			t.Errorf("%s found %v; want %s answered", question, keys(hitFacts(hits)), key)
		}
	}
}

// TestSearchKindsOfAnswerWithLexicon is TestSearchKindsOfAnswer for
// questions that need the built-in lexicon to be read: Roman Urdu, Urdu
// and chat shorthand.
func TestSearchKindsOfAnswerWithLexicon(t *testing.T) {
	db, _ := mustOpenLogged(t)
	for _, c := range []struct {
		name     string
		declined []string
		answered map[string]string // question: what the answer holds
	}{
		// Roman Urdu's "bane" and "bani" (became), which the lexicon
		// reads with "banana" (to make), ask when someone took office
		// as "become" does; since when someone holds a post is when
		// they took it.
		{"BecameInRomanUrdu", []string{"Syed Aminul Haq IT minister kab bane the?", "shaza fatima minister kab bani",
			"Irfan Neziroglu kab se Pakistan mein Turkey ke ambassador hain?", "since when is shaza fatima the IT minister"},
			map[string]string{"shaza fatima kaun hain?": "Shaza Fatima"}},
		// Urdu writes a name of two words as it hears it: together they
		// sound like the name a fact gives, however short each alone.
		// Names no fact gives stay unknown.
		{"UrduNamesOfTwoWords", []string{"جان سمتھ کون ہیں", "عمران خان کون ہیں"},
			map[string]string{"امین الحق کون ہیں": "Aminul Haq", "فواد چوہدری کون ہیں": "Fawad Chaudhry",
				"شزہ فاطمہ خواجہ کون ہیں": "Shaza Fatima Khawaja", "ثبین غوری کون ہیں": "Sabheen Ghoury"}},
		// A firm from abroad is not told by a fact that names only a
		// board and a ministry.
		{"ForeignFirm", []string{"Which foreign company did NITB work with to set up the international payment gateway?"},
			map[string]string{"Which company teamed up with Samsung to set up a TV facility?": "R&R"}},
		// A measure ending words with no question word asks for its
		// figure, which a fact about the same thing without it does not
		// give; a rate is told by a percentage.
		{"MeasureWithoutQuestionWord", []string{"karachi it park total cost??", "national ai policy budget?"},
			map[string]string{"karachi it park size": "1.12 million", "it exports growth rate": "24%"}},
		// Which country is told by a country's name or adjective, which
		// city by a place that is no country.
		{"KindOfPlace", []string{"Which country or bank is financing the Islamabad IT Park?", "In which city are Oppo's assembly plants in Pakistan?"},
			map[string]string{"Which country is Oppo from?": "Chinese", "In which city did Vivo set up a phone unit?": "Faisalabad"}},
		// "Is there an X in Y?" claims an X: all its words.
		{"IsThereAThing", []string{"is there an e-rozgaar centre in multan", "Is there a deadline for registering VPNs in Pakistan?"},
			map[string]string{"Is there an Amazon centre in Multan?": "AFFC", "Is there a women technology park in Bagh?": "Bagh"}},
		// The share of a whole is not told by a percentage of change.
		{"ShareOfAWhole", []string{"What percentage of Pakistanis have mobile broadband?", "whats the usa share of pk it exports"},
			map[string]string{"what % of stp workers are women": "20%", "By what percentage did IT exports rise in FY 2023-24?": "24%"}},
		// A yes-or-no question's verb done is its claim.
		{"ClaimedDeed", []string{"Has PTA issued Starlink a license to operate?", "paypal officially launched in pk yet or nah"},
			map[string]string{"Was Pakistan added to Amazon's approved sellers list?": "21 May", "Has the Women Safety app been launched?": "Women Safety"}},
		// "Or not" asks whether: what is claimed must be said.
		{"OrNot", []string{"apple coming to pk or not, confirmed?", "cloud first policy - punjab adopted or not?"},
			map[string]string{"did samsung start making phones in pakistan or not": "December 2021", "spotify pakistan mein launch hua ya nahi": "Spotify"}},
		// "X count" asks how many X, as "how many X" does.
		{"CountAtTheEnd", []string{"spotify pk users count", "bagh women tech park jobs count"},
			map[string]string{"stp count": "43", "digiskills trainees count": "600,000"}},
		// "X name?" asks the name of X, as "what is the name of X" does.
		{"NameAtTheEnd", []string{"nitb ceo name?"},
			map[string]string{"women safety app name": "Women Safety", "k2 base camp name": "Ali Sadpara"}},
		// Things a fact speaks of only as a kind ("to explore B2B
		// deals") are not named by it.
		{"KindsUnnamed", []string{"ترکی کے سفیر سے ملاقات میں کون سا معاہدہ طے پایا؟"},
			map[string]string{"Which sectors use AI in Pakistan?": "healthcare", "Which regions have adopted Cloud First policies?": "Gilgit"}},
		// "Compared with the year before" is the baseline of a change,
		// no subject a fact must hold.
		{"ComparedWithTheYearBefore", nil,
			map[string]string{"گزشتہ مالی سال 2023-24 کی آئی ٹی برآمدات پچھلے سال کے مقابلے میں کتنے فیصد زیادہ تھیں؟": "24%"}},
		// When something broke down ("kab kharab hui") is not told by
		// when its breakdown was reported.
		{"WhenItBrokeDown", []string{"PTCL ki cable qatar ke paas kab kharab hui thi"}, nil},
		// Urdu puts the total first: "83 projects mein se kitne".
		{"PartOfATotalInUrdu", []string{"83 projects mein se kitne december tak mukammal hue",
			"یونیورسل سروس فنڈ کے 83 منصوبوں میں سے کتنے 31 دسمبر تک مکمل ہوئے؟"},
			map[string]string{"USF ke 83 projects kab tak mukammal hone the?": "31 December"}},
		// How many there are now is not told by a plan to have some.
		{"WhatThereIsNow", []string{"How many freelancers does Pakistan have?", "pakistan mein total kitne freelancers hain",
			"پاکستان میں کل کتنے فری لانسرز ہیں؟"},
			map[string]string{"pakistan mein kitne STPs hain": "43", "How many e-Rozgaar centres are meant to be set up?": "250"}},
		// Spending (kharcha, خرچ) is money: how much of it is not told
		// by how many projects there are.
		{"SpendingIsMoney", []string{"USF ke 83 projects pe total kitna kharcha hua", "یونیورسل سروس فنڈ کے 83 منصوبوں پر کل کتنا خرچ ہوا؟"},
			map[string]string{"USF ke kitne projects hain": "83"}},
		// Startups, investors and ministries are firms and bodies, asked
		// for by name: "which startups" is not told by a fact that
		// startups raised money without naming one.
		{"StartupsAreFirms", []string{"Which startups received the Rs260 million in investment?"},
			map[string]string{"How much investment did startups attract in FY 2023-24?": "Rs260 million"}},
		// An abbreviation the lexicon spells out names one thing with
		// all its words: the parks "operating" are no internet service
		// providers, and the NITB's chief is not PSEB's.
		{"AbbreviationIsOneName", []string{"how many ISPs in pakistan", "who heads PSEB"},
			map[string]string{"how many STPs are there": "43", "how many USF projects": "83"}},
		// When a thing happened, asked in Urdu with a noun of the event
		// (افتتاح, inauguration), is not told by the plan for it, nor
		// whether they were completed by the deadline; by when it was
		// to happen is.
		{"WhenItHappenedInUrdu", []string{"ملتان میں ایمازون فلفلمنٹ سینٹر کا افتتاح کب ہوا؟", "When was the e-commerce web portal launched?",
			"کیا یونیورسل سروس فنڈ کے 83 منصوبے 31 دسمبر تک مکمل ہو گئے تھے؟"},
			map[string]string{"یونیورسل سروس فنڈ کے منصوبے کب تک مکمل ہونے تھے؟": "31 December",
				"By what date were the USF projects to be completed?": "31 December"}},
		// Making things is manufacturing them, however a fact says it;
		// a TV is a television.
		{"MakingIsManufacturing", nil, map[string]string{"which companies make phones in pakistan": "production unit",
			"who makes TVs in karachi": "television", "samsung ne pakistan mein phone banana kab shuru kiya": "December 2021"}},
		// Who came before or after someone is another person than the
		// one named.
		{"BeforeSomeoneIsAnother", []string{"who was IT minister before aminul haq", "aminul haq se pehle IT minister kon tha"},
			map[string]string{"who was the IT minister in 2023": "Aminul Haq"}},
		// Brands written in Urdu letters, too short to be told by their
		// sound, are known by the lexicon's spellings.
		{"BrandsInUrdu", nil, map[string]string{"ویوو نے فیکٹری کہاں لگائی؟": "Faisalabad",
			"علی بابا کے ساتھ حکومت کیا بنا رہی ہے؟": "Alibaba", "آئی ایل او نے پاکستان کو کون سا نمبر دیا؟": "third"}},
		// A word typed in capitals names a subject, however everyday
		// the word.
		{"CapitalsNameASubject", []string{"DEEP project kab khatam hoga?"},
			map[string]string{"what is the DEEP thing govt is doing": "Digital Economy Enhancement Project"}},
		// A country's "number" is its rank.
		{"CountrysNumberIsItsRank", nil, map[string]string{"freelancing mein pakistan ka number kya hai": "third",
			"ای اسپورٹس میں پاکستان کا نمبر کیا ہے": "29th", "how many e-sports players does pakistan have": "278"}},
		// A target for the period asked ("by 2027") leads the facts of
		// other periods: it gives that period's figure.
		{"TargetForThePeriodLeads", nil, map[string]string{"how much will e-rozgaar centres bring in by 2027": "18-20"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantDeclined(t, db, c.declined...)
			for q, holds := range c.answered {
				wantAnsweredHolding(t, db, q, holds)
			}
		})
	}
}

// wantFirst checks that key is the first fact search finds for
// question, answered or not (the tests have no lexicon, which reads
// some questions more surely).
func wantFirst(t *testing.T, db *knowledge.DB, question, key string) {
	t.Helper()
	if hits := MustSearch(t, db, question, 1); len(hits) == 0 || hits[0].Fact.Key != key {
		t.Errorf("%s found %v, want %s first", question, keys(hitFacts(hits)), key)
	}
}

// wantAnsweredHolding checks that question is answered by a fact whose
// text holds want, whichever of the facts that do it is.
func wantAnsweredHolding(t *testing.T, db *knowledge.DB, question, want string) {
	t.Helper()
	hits := MustSearch(t, db, question, 1)
	if len(hits) == 0 || hits[0].Confidence < bot.DefaultMinConfidence || !strings.Contains(hits[0].Fact.Text, want) {
		t.Errorf("%s found %v; want a fact holding %q answered", question, hitFacts(hits), want)
	}
}

// wantDeclined checks that no fact answers the questions: the best is
// below the answer threshold.
func wantDeclined(t *testing.T, db *knowledge.DB, questions ...string) {
	t.Helper()
	for _, q := range questions {
		if hits := MustSearch(t, db, q, 1); len(hits) > 0 && hits[0].Confidence >= bot.DefaultMinConfidence {
			t.Errorf("%s: answered with %s (%.2f), at or above %.2f", q, hits[0].Fact.Key, hits[0].Confidence, bot.DefaultMinConfidence)
		}
	}
}

// "The same period last year" leads with the series' figure a year before
// its newest; without it the newest leads.
func TestSearchSamePeriodLastYear(t *testing.T) {
	db := MustOpenSeeded(t)
	wantAnswered(t, db, map[string]string{
		"What were ICT remittances in the same period last year?":             "ict-remittances-jul-nov-fy2023-24",
		"ICT remittances in the same five months of the previous fiscal year": "ict-remittances-jul-nov-fy2023-24",
		"What were ICT remittances?":                                          "ict-remittances-jul-nov-fy2024-25",
	})
}

// What a figure counts stands for what a quantity question asks about
// under another name: gamers counted as players, money as rupees.
func TestSearchCountedUnderAnotherName(t *testing.T) {
	db := MustOpenSeeded(t)
	wantAnswered(t, db, map[string]string{
		"How many gamers does Pakistan have competing professionally?": "esports-players-2021-12",
		"e-Rozgaar centres will earn how much money by 2027?":          "e-rozgaar-earnings-2027",
		"When did Spotify come to Pakistan?":                           "spotify-launch-2021-02",
	})
}

// English words and names written in Urdu letters find the facts that
// write them in English, by their sound.
func TestSearchEnglishInUrduLetters(t *testing.T) {
	db := MustOpenSeeded(t)
	for _, tt := range []struct {
		question, key string // key "": declined
	}{
		{"ڈیولپمنٹ فیسیلٹی", "rr-industries-samsung-tv-karachi"}, // development facility
		{"اسپاٹیفائی", "spotify-launch-2021-02"},                 // Spotify
		{"فاطمہ", "shaza-fatima-khawaja-minister"},               // Fatima
		{"سام سنگ کب", "samsung-production-start-2021-12"},       // Samsung, in two words
		{"ڈیڈ لائن کب", "usf-projects-deadline-2023-12-31"},      // a deadline, in two words of three sounds
		{"tekanolojy parks", "software-technology-parks-43"},     // Roman Urdu by ear: technology
		{"Who founded Careem?", ""},                              // Careem is no "crime"
		{"زبردست کہانی سنائیں", ""},                              // "tell a great story"
	} {
		hits := MustSearch(t, db, tt.question, 3)
		answered := len(hits) > 0 && hits[0].Confidence >= bot.DefaultMinConfidence
		switch {
		case tt.key == "" && answered:
			t.Errorf("%s found %s", tt.question, hits[0].Fact.Key)
		case tt.key != "" && (!answered || !strings.HasPrefix(hits[0].Fact.Key, strings.SplitN(tt.key, "-", 2)[0])):
			t.Errorf("%s found %v; want %s answered", tt.question, hits, tt.key)
		}
	}
}

func TestSearchDeclines(t *testing.T) {
	db := MustOpenSeeded(t)
	t.Run("StopWordsOnly", func(t *testing.T) {
		wantDeclined(t, db, "what is the", "What is the?", "how many of them are there", "tell me about Pakistan")
	})
	t.Run("EverydayWordsAskingNothing", func(t *testing.T) {
		wantDeclined(t, db, "near", "NEAR(a b) AND x*", "money")
		wantAnswered(t, db, map[string]string{"What does the DEEP project stand for?": "deep-project"})
	})
	t.Run("OffTopic", func(t *testing.T) {
		wantDeclined(t, db,
			"What is the capital of France?",
			"Who won the 2023 Cricket World Cup?",
			"What is the boiling point of water?",
			"How do I bake bread?",
			"' OR 1=1 --",                            // figures alone name no subject
			"When will 6G launch in Pakistan?",       // 6G is no 5G
			"What is the literacy rate of Pakistan?", // a rate is a figure
			"What is the capital of Pakistan?",       // a city, not the venture capital keyword
			"asdfghjkl qwerty",
		)
	})
}

func TestSearchRanking(t *testing.T) {
	db := MustOpen(t, ":memory:")
	MustSeed(t, db, tinySeeds())

	t.Run("PeriodInQuestionWins", func(t *testing.T) {
		hits := MustSearch(t, db, "What were IT exports in FY 2022-23?", 5)
		if len(hits) == 0 || hits[0].Fact.Key != "exports-fy2022-23" {
			t.Fatalf("got %v; want exports-fy2022-23 first", keys(hitFacts(hits)))
		}
	})
	t.Run("NoPeriodNewestOfSeriesFirst", func(t *testing.T) {
		hits := MustSearch(t, db, "What were IT exports?", 10)
		i := slices.IndexFunc(hits, func(h bot.Hit) bool { return h.Fact.Series == "exports-annual" })
		if i < 0 || hits[i].Fact.Key != "exports-fy2023-24" {
			t.Fatalf("got %v; want the newest of the series, exports-fy2023-24, ahead of the older years", keys(hitFacts(hits)))
		}
	})
	t.Run("NoFigureForTheYearNearestYearlyFigure", func(t *testing.T) {
		// November 2024 is nearer FY 2025-26, but a month's exports do
		// not stand for a year's.
		hits := MustSearch(t, db, "What were IT exports in FY 2025-26?", 5)
		if len(hits) == 0 || hits[0].Fact.Key != "exports-fy2023-24" {
			t.Fatalf("got %v; want exports-fy2023-24 first", keys(hitFacts(hits)))
		}
	})
	t.Run("LimitRespected", func(t *testing.T) {
		if hits := MustSearch(t, db, "IT exports", 2); len(hits) != 2 {
			t.Fatalf("got %d hits, want 2", len(hits))
		}
		if hits := MustSearch(t, db, "IT exports", 0); len(hits) != 0 {
			t.Fatalf("got %d hits for limit 0", len(hits))
		}
	})
}

func TestTopicFacts(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t, ":memory:")
	MustSeed(t, db, tinySeeds())

	t.Run("PagesAreSlicesOfTheListing", func(t *testing.T) {
		all, err := db.TopicFacts(ctx, "exports")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ offset, limit int }{{0, 2}, {2, 2}, {4, 10}, {len(all), 2}, {len(all) + 5, 2}, {0, 0}, {-1, 3}} {
			page, total, err := db.TopicPage(ctx, "exports", c.offset, c.limit)
			if err != nil {
				t.Fatal(err)
			}
			from := max(0, min(c.offset, len(all)))
			want := all[from:min(from+c.limit, len(all))]
			if total != len(all) || !slices.Equal(keys(page), keys(want)) {
				t.Errorf("TopicPage(%d, %d) = %v of %d, want %v of %d", c.offset, c.limit, keys(page), total, keys(want), len(all))
			}
		}
		if page, total, err := db.TopicPage(ctx, "no-such-topic", 0, 8); err != nil || total != 0 || len(page) != 0 {
			t.Errorf("an unknown topic gave %v of %d (%v)", keys(page), total, err)
		}
	})

	t.Run("NewestFirst", func(t *testing.T) {
		facts, err := db.TopicFacts(ctx, "exports")
		if err != nil {
			t.Fatal(err)
		}
		// By the end of each fact's period; a fact without one falls back
		// to its source's date (March 2022) and goes last when that is
		// unknown too.
		want := []string{"exports-2024-11", "exports-fy2023-24", "exports-fy2022-23", "exports-source-dated", "exports-2021", "exports-undated"}
		if got := keys(facts); !slices.Equal(got, want) {
			t.Fatalf("got  %v\nwant %v", got, want)
		}
		for _, f := range facts {
			if f.Source.ID != f.SourceID || f.Source.Title == "" {
				t.Errorf("fact %s carries source %+v; want %s filled in", f.Key, f.Source, f.SourceID)
			}
		}
	})

	t.Run("RealSeedsNewestFirst", func(t *testing.T) {
		db := MustOpenSeeded(t)
		facts, err := db.TopicFacts(ctx, "exports")
		if err != nil {
			t.Fatal(err)
		}
		if len(facts) == 0 {
			t.Fatal("no exports facts")
		}
		if end := facts[0].Period.End; end.Year() != 2024 || end.Month() != 11 {
			t.Fatalf("first exports fact is %s (%s); want one ending November 2024, the newest", facts[0].Key, facts[0].Period.Raw)
		}
		for i := 1; i < len(facts); i++ {
			a, b := facts[i-1].Period, facts[i].Period
			if !a.IsZero() && !b.IsZero() && a.End.Before(b.End) {
				t.Errorf("%s (%s) is listed before the newer %s (%s)", facts[i-1].Key, a.Raw, facts[i].Key, b.Raw)
			}
		}
	})

	t.Run("UnknownTopicEmpty", func(t *testing.T) {
		facts, err := db.TopicFacts(ctx, "nosuch")
		if err != nil || len(facts) != 0 {
			t.Fatalf("got %v, %v; want no facts and no error", keys(facts), err)
		}
	})
}

func TestSeriesFacts(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t, ":memory:")
	MustSeed(t, db, tinySeeds())

	t.Run("NewestFirst", func(t *testing.T) {
		facts, err := db.SeriesFacts(ctx, "exports-annual")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"exports-fy2023-24", "exports-fy2022-23", "exports-2021"}
		if got := keys(facts); !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
	t.Run("EmptySeriesIsNone", func(t *testing.T) {
		// Facts without a series share the empty name; they are not a series.
		facts, err := db.SeriesFacts(ctx, "")
		if err != nil || len(facts) != 0 {
			t.Fatalf("got %v, %v; want nothing", keys(facts), err)
		}
	})
	t.Run("UnknownSeriesEmpty", func(t *testing.T) {
		facts, err := db.SeriesFacts(ctx, "nosuch")
		if err != nil || len(facts) != 0 {
			t.Fatalf("got %v, %v; want nothing", keys(facts), err)
		}
	})
}

func TestTopicsAndSources(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t, ":memory:")
	MustSeed(t, db, tinySeeds())

	topics, err := db.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(topics) != 2 || topics[0].Name != "exports" || topics[1].Name != "parks" {
		t.Fatalf("got topics %+v; want exports then parks, in seed order", topics)
	}
	if !slices.Equal(topics[0].Aliases, []string{"export"}) {
		t.Errorf("exports aliases = %v, want [export]", topics[0].Aliases)
	}
	sources, err := db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := tinySeeds().Sources[0]
	want.Version, want.FactCount = 1, 5
	if len(sources) != 2 || sources[0] != want {
		t.Fatalf("got sources %+v, want first %+v", sources, want)
	}
	if sources[1].FactCount != 2 {
		t.Errorf("source %s is cited by %d facts, want 2", sources[1].ID, sources[1].FactCount)
	}
}

// TestConcurrentSearchWhileSeeding runs readers against a file database
// while a writer keeps changing a fact, as a new release seeding under a
// running bot would. Run it with -race.
func TestConcurrentSearchWhileSeeding(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t, filepath.Join(t.TempDir(), "pakbot.db"))
	base := MustLoadSeeds(t)
	MustSeed(t, db, base)

	changed := MustLoadSeeds(t)
	i := slices.IndexFunc(changed.Facts, func(f bot.Fact) bool { return f.Key == "digiskills-trained-600000" })
	if i < 0 {
		t.Fatal("seed fact digiskills-trained-600000 is gone; pick another")
	}
	changed.Facts[i].Text += " The programme keeps growing."

	const readers, rounds = 8, 12
	done := make(chan struct{})
	errs := make(chan error, readers+1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for r := range rounds {
			set := base
			if r%2 == 0 {
				set = changed
			}
			if _, err := db.Seed(ctx, set); err != nil {
				errs <- err
				return
			}
		}
	}()
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				hits, err := db.Search(ctx, "How many people has DigiSkills trained?", 5)
				if err != nil {
					errs <- err
					return
				}
				if len(hits) == 0 || hits[0].Fact.Key != "digiskills-trained-600000" {
					errs <- errors.New("mid-seeding search lost the DigiSkills fact: got " + strings.Join(keys(hitFacts(hits)), ", "))
					return
				}
				if facts, err := db.TopicFacts(ctx, "skills"); err != nil || len(facts) == 0 {
					errs <- errors.Join(errors.New("mid-seeding TopicFacts(skills) returned nothing"), err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if f := MustFact(t, db, "digiskills-trained-600000"); f.Version != rounds+1 {
		t.Errorf("after %d alternating seedings the fact is at version %d, want %d", rounds, f.Version, rounds+1)
	}
}

// migrationFiles counts the migrations shipped in knowledge/migrations.
func migrationFiles(tb testing.TB) int {
	tb.Helper()
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		tb.Fatalf("cannot list migrations: %v", err)
	}
	return len(files)
}
