package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
)

// TestReindexForRules opens a database whose terms an older release wrote,
// with other stemming rules: its index is rewritten once, and answers as a
// database this release seeded does.
func TestReindexForRules(t *testing.T) {
	ctx := context.Background()
	set := mustSeeds(t)
	fresh := mustOpenSeeded(t, set)
	questions := append(evalQuestions(t), "Which university will teach e-commerce?")
	want := mustAnswers(t, fresh, questions)

	path := t.TempDir() + "/kb.db"
	mustSeededAt(t, path, set).Close()

	// The Snowball stemmer alone gave "university" the term of "universal".
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	const says = `' ' || text || ' ' LIKE '% university %'`
	var ids []int64
	rows, err := raw.Query(`SELECT rowid FROM facts_fts WHERE ` + says)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if rows.Close(); len(ids) == 0 {
		t.Fatal("no fact says university: the test needs one")
	}
	if _, err := raw.Exec(`UPDATE facts_fts SET text = trim(replace(' ' || text || ' ', ' university ', ' univers ')) WHERE ` + says); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE meta SET value = 'older' WHERE key = 'index_rules'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range ids {
		var terms string
		if err := db.read.QueryRowContext(ctx, `SELECT text FROM facts_fts WHERE rowid = ?`, id).Scan(&terms); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(" "+terms+" ", " university ") {
			t.Errorf("fact %d keeps the older release's terms: %q", id, terms)
		}
	}
	got := mustAnswers(t, db, questions)
	for i, q := range questions {
		if a, b := ranking(got[i]), ranking(want[i]); a != b {
			t.Errorf("%q answered %s, want %s", q, a, b)
		}
	}

	// Once is enough: the next open finds the rules recorded.
	gen, err := storedGeneration(ctx, db.read)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.reindexForRules(ctx); err != nil {
		t.Fatal(err)
	}
	if again, _ := storedGeneration(ctx, db.read); again != gen {
		t.Errorf("generation %d became %d: the index was rewritten again", gen, again)
	}
}

// ranking sums up hits as their keys, confidences and scores.
func ranking(hits []bot.Hit) string {
	var b strings.Builder
	for _, h := range hits {
		fmt.Fprintf(&b, "%s %.4f %.4f; ", h.Fact.Key, h.Confidence, h.Score)
	}
	return b.String()
}
