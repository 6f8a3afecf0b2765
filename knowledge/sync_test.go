package knowledge

import (
	"context"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// removeFact takes a fact out of answers the way a moderator's removal
// does: a new version marked removed, and the index updated.
func removeFact(t *testing.T, db *DB, key string) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	stored, err := queryFacts(ctx, tx, `f.key = ?`, key)
	if err != nil || len(stored) != 1 {
		t.Fatalf("fact %s: %v", key, err)
	}
	f := stored[0]
	old, err := currentIndexTerms(ctx, tx, f.id)
	if err != nil {
		t.Fatal(err)
	}
	f.Removed = true
	if err := insertVersion(ctx, tx, f.id, f.Version+1, f.Fact, "remove", "moderator", "", "", db.timestamp()); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE facts SET current_version = ? WHERE id = ?`, f.Version+1, f.id); err != nil {
		t.Fatal(err)
	}
	change, err := indexFact(ctx, tx, f.id, f.Fact, "", old)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.applyIndexChanges([]indexChange{*change})
}

// TestSearchFollowsOtherProcesses checks that facts another process adds
// or removes in the same database file reach this process's answers: a
// removed fact at once, an added one after the index is read again.
func TestSearchFollowsOtherProcesses(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/kb.db"
	base := mustSeeds(t)
	writer, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if _, err := writer.Seed(ctx, base); err != nil {
		t.Fatal(err)
	}
	server, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	clock := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	server.Now = func() time.Time { return clock }
	top := func(question string) string {
		t.Helper()
		clock = clock.Add(syncInterval)
		hits, err := server.Search(ctx, question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			return ""
		}
		return hits[0].Fact.Key
	}

	t.Run("RemovedAtOnce", func(t *testing.T) {
		const question = "How many software technology parks are there?"
		key := top(question)
		if key == "" {
			t.Fatal("no answer before the removal")
		}
		removeFact(t, writer, key)
		if got := top(question); got == key {
			t.Errorf("removed fact %s is still the answer", key)
		}
	})

	t.Run("AddedAfterReload", func(t *testing.T) {
		added := bot.Fact{Key: "zorbatel-incubator-2025", Topic: "startups", Period: bot.MustParsePeriod("2025"),
			Text:     "In 2025, the Zorbatel incubator in Peshawar helped 40 startups raise seed funding.",
			Keywords: []string{"zorbatel", "incubator"}, SourceID: base.Sources[0].ID}
		if _, err := writer.Seed(ctx, bot.Seeds{Facts: []bot.Fact{added}}); err != nil {
			t.Fatal(err)
		}
		found := false
		for range 3 {
			if top("What did the Zorbatel incubator do?") == added.Key {
				found = true
				break
			}
		}
		if !found {
			t.Error("a fact added by another process never became an answer")
		}
	})
}
