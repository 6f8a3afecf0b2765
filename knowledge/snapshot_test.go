package knowledge

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/synth"
)

// snapshotQuestions are the questions the snapshot tests compare answers
// on: the eval questions and synthetic ones over the grown seeds.
func snapshotQuestions(tb testing.TB, set bot.Seeds) []string {
	return append(evalQuestions(tb), synth.Questions(set, 100)...)
}

// mustAnswers asks every question and returns the hits.
func mustAnswers(tb testing.TB, db *DB, questions []string) [][]bot.Hit {
	tb.Helper()
	answers := make([][]bot.Hit, len(questions))
	for i, q := range questions {
		hits, err := db.Search(context.Background(), q, 6)
		if err != nil {
			tb.Fatalf("%q: %v", q, err)
		}
		answers[i] = hits
	}
	return answers
}

// sameAnswers reports the first question answered differently.
func sameAnswers(tb testing.TB, questions []string, got, want [][]bot.Hit) {
	tb.Helper()
	keys := func(hits []bot.Hit) []string {
		var ks []string
		for _, h := range hits {
			ks = append(ks, h.Fact.Key)
		}
		return ks
	}
	for i := range questions {
		if !reflect.DeepEqual(got[i], want[i]) {
			tb.Fatalf("%q answered %v, want %v (or the facts differ)", questions[i], keys(got[i]), keys(want[i]))
		}
	}
}

// mustSnapshotGeneration reads the snapshot file of db's path and returns
// its generation, failing if it is not sound.
func mustSnapshotGeneration(tb testing.TB, path string) int64 {
	tb.Helper()
	s, err := readSnapshotFile(path + snapshotSuffix)
	if err != nil {
		tb.Fatalf("snapshot after open: %v", err)
	}
	defer s.close()
	return s.gen
}

// closedWithAnswers seeds a database of n facts in a directory of its
// own and closes it, leaving its snapshot, and returns its path, questions
// about its facts and their answers.
func closedWithAnswers(t *testing.T, n int) (path string, questions []string, want [][]bot.Hit) {
	t.Helper()
	set := synth.Grow(mustSeeds(t), n)
	path = t.TempDir() + "/kb.db"
	db := mustSeededAt(t, path, set)
	questions = snapshotQuestions(t, set)
	want = mustAnswers(t, db, questions)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, questions, want
}

// TestSnapshotFaults damages the snapshot file in every way a crash, a
// disk or another process can, and checks that Open answers exactly as an
// index rebuilt from SQL does and leaves a sound, current snapshot.
func TestSnapshotFaults(t *testing.T) {
	ctx := context.Background()
	path, questions, want := closedWithAnswers(t, 500)
	sound, err := os.ReadFile(path + snapshotSuffix)
	if err != nil {
		t.Fatalf("no snapshot after Close: %v", err)
	}

	for _, c := range []struct {
		name   string
		damage func(t *testing.T)
	}{
		{"Sound", func(t *testing.T) {}},
		{"Missing", func(t *testing.T) { os.Remove(path + snapshotSuffix) }},
		{"Empty", func(t *testing.T) { os.WriteFile(path+snapshotSuffix, nil, 0o644) }},
		{"TruncatedHeader", func(t *testing.T) { os.WriteFile(path+snapshotSuffix, sound[:headerSize/2], 0o644) }},
		{"TruncatedBody", func(t *testing.T) { os.WriteFile(path+snapshotSuffix, sound[:len(sound)*2/3], 0o644) }},
		{"FlippedByte", func(t *testing.T) {
			bad := append([]byte(nil), sound...)
			bad[len(bad)/2] ^= 0x40
			os.WriteFile(path+snapshotSuffix, bad, 0o644)
		}},
		{"OtherRules", func(t *testing.T) {
			// Written by a release that reads text into terms otherwise:
			// its names, counts or terms cannot be trusted.
			bad := append([]byte(nil), sound...)
			binary.NativeEndian.PutUint64(bad[headerSize-8:], rulesFingerprint()^1)
			os.WriteFile(path+snapshotSuffix, bad, 0o644)
		}},
		{"BadMagic", func(t *testing.T) {
			bad := append([]byte(nil), sound...)
			bad[0] = 'X'
			os.WriteFile(path+snapshotSuffix, bad, 0o644)
		}},
		{"Garbage", func(t *testing.T) {
			garbage := make([]byte, len(sound))
			for i := range garbage {
				garbage[i] = byte(i * 131)
			}
			os.WriteFile(path+snapshotSuffix, garbage, 0o644)
		}},
		{"Stale", func(t *testing.T) {
			// Another handle writes while the snapshot stays as it was;
			// the answers must then be the new ones, caught up from the
			// change log.
			writeBehind(t, path, sound, func(other *DB) {
				removeFact(t, other, "software-technology-parks-43")
				want = mustAnswers(t, other, questions)
			})
		}},
		{"StaleBeyondTheLog", func(t *testing.T) {
			writeBehind(t, path, sound, func(other *DB) {
				edit := bot.FactEdit{}
				edit.Text = ptr("In early 2025, Pakistan's Software Technology Parks brought in $120 million a year in foreign exchange earnings.")
				if _, err := other.EditFact(ctx, "stp-foreign-exchange-100m", edit, bot.Actor{Name: "tester"}); err != nil {
					t.Fatal(err)
				}
				if _, err := other.write.ExecContext(ctx, `DELETE FROM index_changes`); err != nil {
					t.Fatal(err)
				}
				want = mustAnswers(t, other, questions)
			})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.damage(t)
			answersAndLeavesSnapshot(t, path, questions, want)
		})
	}
}

// answersAndLeavesSnapshot opens the database at path with opts, checks
// that it answers questions with want, and that Close leaves a sound
// snapshot of the database's generation for the next Open.
func answersAndLeavesSnapshot(t *testing.T, path string, questions []string, want [][]bot.Hit, opts ...Option) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, questions, mustAnswers(t, db, questions), want)
	stored, err := storedGeneration(ctx, db.read)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if gen := mustSnapshotGeneration(t, path); gen != stored {
		t.Errorf("snapshot after Close is of generation %d, the database of %d", gen, stored)
	}
}

// writeBehind lets write change the database at path through another
// handle, then puts back the snapshot made before.
func writeBehind(t *testing.T, path string, snapshot []byte, write func(*DB)) {
	t.Helper()
	other, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	write(other)
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+snapshotSuffix, snapshot, 0o644); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestSearchAsksNoSQL answers every question with the database's read
// connections closed: everything a reply needs comes from the index, and
// is what SQL holds.
func TestSearchAsksNoSQL(t *testing.T) {
	ctx := context.Background()
	set := synth.Grow(mustSeeds(t), 300)
	db := mustOpenSeeded(t, set)
	db.stopSync()
	db.sync.checked.Store(db.sync.marks.Load())
	questions := snapshotQuestions(t, set)
	answered := 0
	for _, hits := range mustAnswers(t, db, questions) {
		for _, h := range hits {
			stored, err := queryFacts(ctx, db.read, `f.key = ?`, h.Fact.Key)
			if err != nil || len(stored) != 1 {
				t.Fatalf("fact %s: %v", h.Fact.Key, err)
			}
			if !reflect.DeepEqual(h.Fact, stored[0].Fact) {
				t.Fatalf("search returned\n%+v\nSQL holds\n%+v", h.Fact, stored[0].Fact)
			}
			answered++
		}
	}
	if answered < len(questions) {
		t.Fatalf("only %d hits for %d questions; the test says little", answered, len(questions))
	}
	want := mustAnswers(t, db, questions)
	if err := db.read.Close(); err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, questions, mustAnswers(t, db, questions), want)
}

// TestEngineAsksNoSQL answers what users send most through the engine
// with the database's read connections closed: questions, bare topic
// names, topic commands and declines read the index and its caches only.
func TestEngineAsksNoSQL(t *testing.T) {
	ctx := context.Background()
	db := mustOpenSeeded(t, mustSeeds(t))
	db.stopSync()
	db.sync.checked.Store(db.sync.marks.Load())
	engine := bot.New(db)
	messages := []string{"What were Pakistan's IT exports in FY 2023-24?", "techparks", "/exports", "/exports 2", "/techparks karachi",
		"IT exports kitni hain?", "What is the capital of France?"}
	ask := func() []bot.Reply {
		var replies []bot.Reply
		for _, m := range messages {
			replies = append(replies, engine.Handle(ctx, bot.Request{Platform: bot.Telegram, ChatID: "5", UserID: "5", Text: m}))
		}
		return replies
	}
	want := ask() // the first reads the topics and notices once
	for i, r := range want {
		if r.Kind == bot.KindError && messages[i] != "/exports 2" { // the seeds have one page
			t.Fatalf("%q failed with SQL: %s", messages[i], bot.RenderText(r))
		}
	}
	if err := db.read.Close(); err != nil {
		t.Fatal(err)
	}
	for i, r := range ask() {
		if r.Kind != want[i].Kind || bot.RenderText(r) != bot.RenderText(want[i]) {
			t.Errorf("%q without SQL:\n%s\nwith:\n%s", messages[i], bot.RenderText(r), bot.RenderText(want[i]))
		}
	}
}

// TestSnapshotCannotBeWritten checks that where the snapshot file cannot
// be written the index is kept in memory and answers stay right.
func TestSnapshotCannotBeWritten(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/kb.db"
	// A directory where the file should be: it can be neither read nor
	// replaced, even by root.
	if err := os.Mkdir(path+snapshotSuffix, 0o755); err != nil {
		t.Fatal(err)
	}
	db := mustSeededAt(t, path, mustSeeds(t))
	defer db.Close()
	if err := db.loadVocabulary(ctx); err != nil {
		t.Fatalf("rebuilding with no snapshot file: %v", err)
	}
	hits, err := db.Search(ctx, "How many software technology parks are there?", 1)
	if err != nil || len(hits) == 0 {
		t.Fatalf("no answer without a snapshot file: %v", err)
	}
}

// TestEmptySnapshot opens, closes and opens again a database without
// facts: the snapshot of nothing is sound and answers nothing.
func TestEmptySnapshot(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/kb.db"
	for range 2 {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if hits, err := db.Search(ctx, "How many software technology parks are there?", 3); err != nil || len(hits) != 0 {
			t.Errorf("an empty database answered %v, %v", hits, err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		mustSnapshotGeneration(t, path)
	}
}

// TestSearchesDuringFolds searches from several goroutines while facts
// are written and folded into new snapshots; run with -race.
func TestSearchesDuringFolds(t *testing.T) {
	ctx := context.Background()
	base := mustSeeds(t)
	db := mustOpenSeeded(t, base)
	questions := snapshotQuestions(t, base)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.Search(ctx, questions[i%len(questions)], 6); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := range 4 {
		if _, err := db.Seed(ctx, synth.Grow(base, len(base.Facts)+(i+1)*100)); err != nil {
			t.Fatal(err)
		}
		if err := db.fold(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	folded := mustAnswers(t, db, questions)
	if err := db.loadVocabulary(ctx); err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, questions, folded, mustAnswers(t, db, questions))
}

// TestCatchUpFromTheLog has another handle add, edit and remove facts and
// correct a source, and checks that the index caught up from the change
// log holds what one rebuilt from SQL does.
func TestCatchUpFromTheLog(t *testing.T) {
	ctx := context.Background()
	base := mustSeeds(t)
	path := t.TempDir() + "/kb.db"
	writer, server := mustOpenTwice(t, path, base)
	server.stopSync()

	if _, err := writer.Seed(ctx, synth.Grow(base, len(base.Facts)+200)); err != nil {
		t.Fatal(err)
	}
	edit := bot.FactEdit{Text: ptr("In early 2025, Pakistan's Software Technology Parks brought in $120 million a year in foreign exchange earnings.")}
	if _, err := writer.EditFact(ctx, "stp-foreign-exchange-100m", edit, bot.Actor{Name: "tester"}); err != nil {
		t.Fatal(err)
	}
	removeFact(t, writer, "software-technology-parks-43")
	if _, err := writer.EditSource(ctx, base.Sources[0].ID, bot.SourceEdit{Publisher: ptr("Dawn")}, bot.Actor{Name: "tester"}); err != nil {
		t.Fatal(err)
	}
	before := server.vocab.base
	if err := server.catchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if server.vocab.base != before {
		t.Error("the index was rebuilt, not caught up from the log")
	}
	if server.IndexStats().Generation != writer.IndexStats().Generation {
		t.Fatalf("caught up to generation %d, the writer is at %d", server.IndexStats().Generation, writer.IndexStats().Generation)
	}
	fresh, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.loadVocabulary(ctx); err != nil {
		t.Fatal(err)
	}
	sameIndex(t, server, fresh)
}

// TestSnapshotSounds checks that the sound table a snapshot holds finds
// the terms one made over its words finds.
func TestSnapshotSounds(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/kb.db"
	if err := mustSeededAt(t, path, synth.Grow(mustSeeds(t), 300)).Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v := db.vocab
	if len(v.words) != 0 {
		t.Fatal("words were added since the snapshot; the test would not read its table")
	}
	want := soundTable(v.eachWord, v.df)
	if len(want) < 100 {
		t.Fatalf("only %d sounds; the test says little", len(want))
	}
	for sound, term := range want {
		if got, ok := v.soundOf(sound); !ok || got != term {
			t.Errorf("sound %q: snapshot gives %q, %v; want %q", sound, got, ok, term)
		}
	}
	if v.base.sounds.len() != len(want) {
		t.Errorf("snapshot holds %d sounds, want %d", v.base.sounds.len(), len(want))
	}
}

// TestTopicPhrases checks that every topic's phrases, from the snapshot
// and with changes laid over it, are its facts' keywords and aliases as
// TopicFacts lists them.
func TestTopicPhrases(t *testing.T) {
	ctx := context.Background()
	base := mustSeeds(t)
	db := mustOpenSeeded(t, synth.Grow(base, 600))
	check := func(t *testing.T) {
		topics, err := db.Topics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, topic := range topics {
			facts, err := db.TopicFacts(ctx, topic.Name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.TopicPhrases(ctx, topic.Name)
			if err != nil {
				t.Fatal(err)
			}
			if want := topicPhrases(facts); !slices.Equal(got, want) {
				t.Errorf("topic %s: phrases %q, want %q", topic.Name, got, want)
			}
		}
	}
	if err := db.fold(); err != nil {
		t.Fatal(err)
	}
	t.Run("Snapshot", check)
	edit := bot.FactEdit{Topic: ptr("startups")}
	if _, err := db.EditFact(ctx, "stp-foreign-exchange-100m", edit, bot.Actor{Name: "tester"}); err != nil {
		t.Fatal(err)
	}
	t.Run("Changes", check)
}

// FuzzOpenSnapshot opens snapshots whose table of sections and body are
// anything at all, with a checksum that matches: Open refuses what does
// not hold together and never reads out of bounds.
func FuzzOpenSnapshot(f *testing.F) {
	db := mustOpenSeeded(f, mustSeeds(f))
	db.mu.RLock()
	sound := encodeSnapshot(db.vocab.build())
	db.mu.RUnlock()
	f.Add(0, []byte{})
	f.Add(8, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	f.Add(numSections*16, []byte("garbage"))
	f.Fuzz(func(t *testing.T, at int, patch []byte) {
		data := append([]byte(nil), sound...)
		body := data[headerSize:]
		if at < 0 {
			at = -at
		}
		at %= len(body)
		copy(body[at:], patch)
		if cut := at + len(patch); len(patch) > 0 && cut < len(body) && patch[0]%7 == 0 {
			data = data[:headerSize+cut] // sometimes shorter, too
			binary.NativeEndian.PutUint64(data[24:], uint64(cut))
		}
		binary.NativeEndian.PutUint32(data[32:], bodyChecksum(data))
		openSnapshot(data, bodyChecksum(data))
	})
}

// TestStrtabFindIsBinarySearch checks that find, narrowing its search by
// the table's sampled keys, finds every string, and where each string
// absent would go, as a binary search of the strings does: in tables of
// every length up to a few hundred, with strings shorter than a key, and
// many sharing their first eight bytes.
func TestStrtabFindIsBinarySearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	word := func() string {
		b := []byte("communic"[:rng.IntN(9)]) // a shared prefix, or part of one
		for range rng.IntN(5) {
			b = append(b, "acmnoz\x00\xff"[rng.IntN(8)])
		}
		return string(b)
	}
	for n := range 300 {
		set := map[string]bool{}
		for range n {
			set[word()] = true
		}
		ss := slices.Sorted(maps.Keys(set))
		off, data := encodeStrtab(ss)
		table := strtab{off: view[uint64](off), data: data, keys: strtabKeys(ss)}
		for range 200 {
			s := word()
			if len(ss) > 0 && rng.IntN(2) == 0 {
				s = ss[rng.IntN(len(ss))]
			}
			wantI, wantFound := slices.BinarySearch(ss, s)
			if i, found := table.find(s); i != wantI || found != wantFound {
				t.Fatalf("find(%q) in %q = %d, %v; want %d, %v", s, ss, i, found, wantI, wantFound)
			}
		}
	}
}

// TestSnapshotCheckedOnce checks that a snapshot found sound is not read
// again for its checksum while the file stays as it was, and that any
// change to the file, even of one byte in place, has it read again, found
// damaged and rebuilt.
func TestSnapshotCheckedOnce(t *testing.T) {
	if _, ok := stampOf(os.Stdin); !ok {
		t.Skip("no file stamps here: every snapshot is read in full")
	}
	ctx := context.Background()
	path, questions, want := closedWithAnswers(t, 200)
	defer func(was time.Duration) { settledAfter = was }(settledAfter)
	settledAfter = 20 * time.Millisecond
	// open opens the database, checks its answers and says whether the
	// snapshot's checksum was read from the file.
	open := func(t *testing.T) (read bool) {
		t.Helper()
		before := checksumsRead.Load()
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		sameAnswers(t, questions, mustAnswers(t, db, questions), want)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		return checksumsRead.Load() > before
	}
	settle := func() { time.Sleep(2 * settledAfter) }
	snapshot := path + snapshotSuffix

	settle()
	if !open(t) {
		t.Fatal("a snapshot with no note was not read")
	}
	if _, err := os.Stat(checkedNote(snapshot)); err != nil {
		t.Fatalf("no note after a settled snapshot was read: %v", err)
	}
	if open(t) {
		t.Error("a snapshot noted sound was read again")
	}
	for _, c := range []struct {
		name   string
		damage func(t *testing.T)
	}{
		{"FlippedByteInPlace", func(t *testing.T) {
			f, err := os.OpenFile(snapshot, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b := make([]byte, 1)
			at := int64(headerSize + 100)
			if _, err := f.ReadAt(b, at); err != nil {
				t.Fatal(err)
			}
			b[0] ^= 0x40
			if _, err := f.WriteAt(b, at); err != nil {
				t.Fatal(err)
			}
		}},
		{"Truncated", func(t *testing.T) {
			st, err := os.Stat(snapshot)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(snapshot, st.Size()-8); err != nil {
				t.Fatal(err)
			}
		}},
		{"GarbledNote", func(t *testing.T) {
			// The snapshot is sound, but its note says nothing sure.
			os.WriteFile(checkedNote(snapshot), []byte("pakbot-checked 1 x\n"), 0o644)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if open(t) {
				t.Fatal("a snapshot noted sound was read again")
			}
			c.damage(t)
			if !open(t) {
				t.Fatal("a changed snapshot was not read")
			}
			// Rebuilt, noted once settled, and then not read again.
			settle()
			open(t)
		})
	}
}

// FuzzCheckedNote reads notes of any bytes: a note gives a checksum for
// one stamp only, and no note panics.
func FuzzCheckedNote(f *testing.F) {
	st := fileStamp{dev: 64769, ino: 1234567, size: 88421856, mtime: 1796246100475811280, ctime: 1796246100475811281}
	f.Add([]byte(fmt.Sprintf(checkedNoteFormat, st.dev, st.ino, st.size, st.mtime, st.ctime, uint32(1683023367))))
	f.Add([]byte("pakbot-checked 1 1 2 3 4 5 6\n"))
	f.Add([]byte("pakbot-checked 1 -1 2 3 4 5 99999999999\n"))
	f.Add([]byte(""))
	f.Add([]byte("pakbot-checked 2\n\x00\xff"))
	f.Fuzz(func(t *testing.T, note []byte) {
		_, ok := parseCheckedNote(note, st)
		for _, other := range []fileStamp{{st.dev, st.ino, st.size, st.mtime, st.ctime + 1}, {st.dev, st.ino + 1, st.size, st.mtime, st.ctime}, {st.dev, st.ino, st.size - 1, st.mtime, st.ctime}} {
			if _, also := parseCheckedNote(note, other); ok && also {
				t.Fatalf("note %q fits stamps %v and %v", note, st, other)
			}
		}
	})
}

// TestFoldEncodesOutsideTheLock checks that writes and questions go on
// while a fold encodes the index, that a fold which missed a write
// leaves the changes laid over the old snapshot, and that the next one
// lands, answering as a fresh handle does.
func TestFoldEncodesOutsideTheLock(t *testing.T) {
	ctx := context.Background()
	path, questions, _ := closedWithAnswers(t, 300)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	removeFact(t, db, "software-technology-parks-43") // a change to fold

	encoding, release := make(chan struct{}), make(chan struct{})
	foldEncoding = func() { close(encoding); <-release }
	defer func() { foldEncoding = nil }()
	folded := make(chan error, 1)
	go func() { folded <- db.fold() }()
	<-encoding
	watchdog := time.AfterFunc(10*time.Second, func() { close(release) })
	start := time.Now()
	removeFact(t, db, "stp-foreign-exchange-100m")
	mustAnswers(t, db, questions)
	if !watchdog.Stop() {
		t.Fatalf("a write and questions waited %v for the fold to encode", time.Since(start))
	}
	close(release)
	if err := <-folded; err != nil {
		t.Fatal(err)
	}
	foldEncoding = nil
	db.mu.RLock()
	missed := db.vocab.changes
	db.mu.RUnlock()
	if missed == 0 {
		t.Fatal("a fold that missed a write replaced the index")
	}
	if err := db.fold(); err != nil {
		t.Fatal(err)
	}
	db.mu.RLock()
	left := db.vocab.changes
	db.mu.RUnlock()
	if left != 0 {
		t.Fatalf("%d changes left after a fold with no write meanwhile", left)
	}
	fresh, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	sameAnswers(t, questions, mustAnswers(t, db, questions), mustAnswers(t, fresh, questions))
}

// TestPinnedSnapshotStaysMapped checks that a snapshot closed while
// pinned can still be read, and is unmapped at the last unpin.
func TestPinnedSnapshotStaysMapped(t *testing.T) {
	path, _, _ := closedWithAnswers(t, 50)
	s, err := readSnapshotFile(path + snapshotSuffix)
	if err != nil {
		t.Fatal(err)
	}
	s.pin()
	s.pin()
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if s.unmap == nil {
		t.Fatal("a pinned snapshot was unmapped when closed")
	}
	if got, want := bodyChecksum(s.data), binary.NativeEndian.Uint32(s.data[32:]); got != want {
		t.Fatalf("a pinned, closed snapshot reads %08x, its header says %08x", got, want)
	}
	if err := s.unpin(); err != nil || s.unmap == nil {
		t.Fatalf("unmapped with a pin left (err %v)", err)
	}
	if err := s.unpin(); err != nil {
		t.Fatal(err)
	}
	if s.unmap != nil {
		t.Fatal("a closed snapshot stayed mapped after its last unpin")
	}
}
