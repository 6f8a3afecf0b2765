package knowledge

import (
	"context"
	"os"
	"slices"
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

// mustOpenTwice opens the database at path twice, as two processes
// would: a writer that seeds it with base, then a server.
func mustOpenTwice(t *testing.T, path string, base bot.Seeds) (writer, server *DB) {
	t.Helper()
	ctx := context.Background()
	writer, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { writer.Close() })
	if _, err := writer.Seed(ctx, base); err != nil {
		t.Fatal(err)
	}
	server, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	return writer, server
}

// waitFollowed waits until db's index reflects every write made to its
// file so far, which the follower does on its own once the operating
// system reports a write. The wait stands in for the time between a write
// and the next question; the test then asks once. Waiting for a check to
// complete is not enough: a late report of an earlier write can start a
// check that completes before this write's report arrives.
func waitFollowed(t *testing.T, db *DB) {
	t.Helper()
	want, err := storedGeneration(context.Background(), db.read)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for db.IndexStats().Generation < want {
		if time.Now().After(deadline) {
			t.Fatal("the write was not followed within 10s")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSearchFollowsOtherProcesses checks that facts another process adds
// or removes in the same database file reach this process's answers from
// the first question after the write is followed. Answers come from the
// index alone, so a removal is seen as soon as the index follows it.
func TestSearchFollowsOtherProcesses(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/kb.db"
	base := mustSeeds(t)
	writer, server := mustOpenTwice(t, path, base)
	top := func(question string) string {
		t.Helper()
		hits, err := server.Search(ctx, question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			return ""
		}
		return hits[0].Fact.Key
	}
	add := func(db *DB, key, text string) {
		t.Helper()
		f := bot.Fact{Key: key, Topic: "startups", Period: bot.MustParsePeriod("2025"), Text: text, SourceID: base.Sources[0].ID}
		if _, err := db.Seed(ctx, bot.Seeds{Facts: []bot.Fact{f}}); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("RemovedFromTheFirstQuestion", func(t *testing.T) {
		const question = "How many software technology parks are there?"
		key := top(question)
		if key == "" {
			t.Fatal("no answer before the removal")
		}
		removeFact(t, writer, key)
		waitFollowed(t, server)
		if got := top(question); got == key {
			t.Errorf("removed fact %s is still the answer", key)
		}
	})

	t.Run("AddedFromTheFirstQuestion", func(t *testing.T) {
		add(writer, "zorbatel-incubator-2025", "In 2025, the Zorbatel incubator in Peshawar helped 40 startups raise seed funding.")
		waitFollowed(t, server)
		if got := top("What did the Zorbatel incubator do?"); got != "zorbatel-incubator-2025" {
			t.Errorf("the first question after another process's write got %q", got)
		}
	})

	t.Run("TopicsFollowAnotherProcesssAlias", func(t *testing.T) {
		hasAlias := func() bool {
			topics, err := server.Topics(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return slices.ContainsFunc(topics, func(tp bot.Topic) bool { return slices.Contains(tp.Aliases, "newventures") })
		}
		if hasAlias() {
			t.Fatal("the alias is there before it is added")
		}
		if err := writer.AddAlias(ctx, "startups", "newventures", bot.Actor{Name: "tester"}); err != nil {
			t.Fatal(err)
		}
		waitFollowed(t, server)
		if !hasAlias() {
			t.Error("the topics another process read before the alias was added are still served")
		}
	})

	t.Run("NoticesAnotherProcessKeeps", func(t *testing.T) {
		waiting := func() int {
			notices, err := server.WaitingNotices(ctx, bot.Telegram, "77")
			if err != nil {
				t.Fatal(err)
			}
			return len(notices)
		}
		if n := waiting(); n != 0 {
			t.Fatalf("%d notices wait before any was kept", n)
		}
		if err := writer.SaveNotice(ctx, bot.Notice{Platform: bot.Telegram, ChatID: "77", UserID: "77", Text: "Your suggestion was added."}); err != nil {
			t.Fatal(err)
		}
		waitFollowed(t, server)
		if n := waiting(); n != 1 {
			t.Errorf("%d notices wait after another process kept one, want 1", n)
		}
	})

	t.Run("NoQueryWithoutWrites", func(t *testing.T) {
		deadline := time.Now().Add(10 * time.Second)
		for server.sync.marks.Load() != server.sync.checked.Load() {
			if time.Now().After(deadline) {
				t.Fatal("writes are still being followed after 10s")
			}
			time.Sleep(time.Millisecond)
		}
		// A query would allocate; the check with no write to follow is two
		// atomic loads.
		if allocs := testing.AllocsPerRun(100, func() { _ = server.syncIndex(ctx) }); allocs != 0 {
			t.Errorf("a search with no write to follow costs %v allocations checking for one, want none", allocs)
		}
	})
}

// TestOwnWriteDoesNotHideAnother has this process write right after
// another one did, before it noticed: its own change must not make the
// index look up to date and hide the other's.
func TestOwnWriteDoesNotHideAnother(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/kb.db"
	base := mustSeeds(t)
	writer, server := mustOpenTwice(t, path, base)
	// Not noticing the other process's write is what is under test.
	server.stopSync()

	add := func(db *DB, key, text string) {
		t.Helper()
		f := bot.Fact{Key: key, Topic: "startups", Period: bot.MustParsePeriod("2025"), Text: text, SourceID: base.Sources[0].ID}
		if _, err := db.Seed(ctx, bot.Seeds{Facts: []bot.Fact{f}}); err != nil {
			t.Fatal(err)
		}
	}
	add(writer, "quxal-park-2025", "In 2025, the Quxal technology park in Gilgit opened 12 offices.")
	add(server, "vimber-lab-2025", "In 2025, the Vimber robotics lab in Multan trained 90 engineers.")
	for question, want := range map[string]string{
		"What did the Quxal technology park open?": "quxal-park-2025",
		"What did the Vimber robotics lab do?":     "vimber-lab-2025",
	} {
		hits, err := server.Search(ctx, question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Fact.Key != want {
			t.Errorf("%q: got %+v, want %s", question, hits, want)
		}
	}
}

// TestWriteRightAfterOpen has another process write the moment this one
// has opened, before its file watcher may be in place: the check made once
// the watcher is up finds the write, so it is followed all the same.
func TestWriteRightAfterOpen(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/kb.db"
	base := mustSeeds(t)
	writer, server := mustOpenTwice(t, path, base)
	f := bot.Fact{Key: "zorbatel-incubator-2025", Topic: "startups", Period: bot.MustParsePeriod("2025"),
		Text: "In 2025, the Zorbatel incubator in Peshawar helped 40 startups raise seed funding.", SourceID: base.Sources[0].ID}
	if _, err := writer.Seed(ctx, bot.Seeds{Facts: []bot.Fact{f}}); err != nil {
		t.Fatal(err)
	}
	waitFollowed(t, server)
	hits, err := server.Search(ctx, "What did the Zorbatel incubator do?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Fact.Key != f.Key {
		t.Errorf("the first question after the write got %v, want %s", hits, f.Key)
	}
}

// TestBriefly checks that a database opened for a moment answers from
// what it read at Open and sets up nothing to follow other processes.
func TestBriefly(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/kb.db"
	seeded, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seeded.Seed(ctx, mustSeeds(t)); err != nil {
		t.Fatal(err)
	}
	if err := seeded.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path, Briefly())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.sync.cancel != nil {
		t.Error("a database opened briefly follows other processes' writes")
	}
	if db.read != db.write {
		t.Error("a database opened briefly opens a pool of readers")
	}
	hits, err := db.Search(ctx, "How many software technology parks are there?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Error("a database opened briefly answers nothing")
	}
}

// TestBrieflyReadiesFirstSearch opens a database briefly, searches at
// once and closes, while readyFirstSearch may still be at work on the
// other core (the race detector watches); then waits for it, and checks
// that the first search takes the accumulator it readied.
func TestBrieflyReadiesFirstSearch(t *testing.T) {
	ctx := context.Background()
	path, questions, want := closedWithAnswers(t, 300)
	for i := range 5 {
		db, err := Open(ctx, path, Briefly())
		if err != nil {
			t.Fatal(err)
		}
		sameAnswers(t, questions[i:i+1], mustAnswers(t, db, questions[i:i+1]), want[i:i+1])
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	db, err := Open(ctx, path, Briefly())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.readyFirst() // waits for the work begun at Open
	acc := db.vocab.readied.Load()
	if acc == nil || len(acc.score) <= db.vocab.maxID() || len(acc.leads) <= db.vocab.maxID() {
		t.Fatal("no accumulator for every fact readied for the first search")
	}
	sameAnswers(t, questions, mustAnswers(t, db, questions), want)
	if db.vocab.readied.Load() != nil {
		t.Error("the first search did not take the readied accumulator")
	}
}

// TestBrieflyReadsInTransactions opens briefly a database whose snapshot
// is missing, and one whose snapshot is behind what another handle wrote:
// rebuilding and catching up read in transactions on the one connection
// the handle has, and must answer as a handle of its own would.
func TestBrieflyReadsInTransactions(t *testing.T) {
	path, questions, want := closedWithAnswers(t, 300)
	sound, err := os.ReadFile(path + snapshotSuffix)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		damage func(t *testing.T)
	}{
		{"Missing", func(t *testing.T) { os.Remove(path + snapshotSuffix) }},
		{"Behind", func(t *testing.T) {
			writeBehind(t, path, sound, func(other *DB) {
				removeFact(t, other, "software-technology-parks-43")
				want = mustAnswers(t, other, questions)
			})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.damage(t)
			// A one-shot ask leaves the index it rebuilt or caught up
			// for the next one.
			answersAndLeavesSnapshot(t, path, questions, want, Briefly())
		})
	}
}
