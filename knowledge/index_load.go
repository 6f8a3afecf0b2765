package knowledge

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pakbot/pakbot/bot"
)

// The index is read from its snapshot file when that is sound and of the
// database's generation; otherwise it is rebuilt from SQL, which stays the
// source of truth, and the snapshot written again. Changes are laid over
// the snapshot (see vocabulary) and folded into a new one once they add up
// and when the database is closed.

// snapshotSuffix names the snapshot file after its database.
const snapshotSuffix = ".idx"

// foldAfter is how many changes are laid over a snapshot, at least,
// before they are folded into a new one; at most one fact in foldShare is
// changed before folding, so a large index is not rewritten for every
// few writes.
const (
	foldAfter = 256
	foldShare = 64
)

// SnapshotPath is where the index snapshot of the database file at path
// is kept. It can always be deleted: the next Open rebuilds it.
func SnapshotPath(path string) string { return path + snapshotSuffix }

// snapshotPath is where the snapshot of the database lives; in-memory
// databases have none.
func (db *DB) snapshotPath() string {
	if db.isMemory() {
		return ""
	}
	return SnapshotPath(db.path)
}

// openIndex makes the index searches use at Open: the snapshot file snap
// started reading if it is sound and current, else one rebuilt from SQL.
// snap is nil for an in-memory database.
func (db *DB) openIndex(ctx context.Context, snap *snapshotRead) error {
	if snap != nil {
		s, err := snap.open()
		if err == nil {
			stored, err := storedGeneration(ctx, db.read)
			if err != nil {
				s.close()
				return err
			}
			if s.gen <= stored {
				// Behind by what other processes wrote since it was
				// made: the change log tells what to read again.
				db.setVocabulary(newVocabulary(s))
				if s.gen == stored {
					return nil
				}
				return db.catchUp(ctx)
			}
			s.close() // of a database restored to an older state
		} else if !errors.Is(err, os.ErrNotExist) {
			slog.Info("rebuilding the search index", "snapshot", db.snapshotPath(), "reason", err)
		}
	}
	return db.loadVocabulary(ctx)
}

// setVocabulary makes v the index searches use and lets go of the old
// one's snapshot.
func (db *DB) setVocabulary(v *vocabulary) {
	db.mu.Lock()
	old := db.vocab
	db.vocab = v
	if old != nil && old.base != v.base {
		old.base.close()
	}
	db.mu.Unlock()
}

// loadVocabulary rebuilds the index from SQL and writes its snapshot.
func (db *DB) loadVocabulary(ctx context.Context) error {
	var b *indexBuild
	// One read transaction: the generation read is exactly the one the
	// postings reflect, so changes this process commits meanwhile are
	// told apart (see applyIndexChanges).
	err := db.snapshot(ctx, func(q querier) error {
		var err error
		b, err = buildIndex(ctx, q.(rowQuerier))
		return err
	})
	if err != nil {
		return err
	}
	s, err := db.storeSnapshot(encodeSnapshot(b))
	if err != nil {
		return err
	}
	db.setVocabulary(newVocabulary(s))
	return nil
}

// storeSnapshot writes a snapshot to its file and maps it, or keeps it on
// the heap for an in-memory database or where the file cannot be written.
func (db *DB) storeSnapshot(data []byte) (*snapshot, error) {
	path := db.snapshotPath()
	if path != "" {
		// Whoever may read the database may read its index.
		perm := os.FileMode(0o644)
		if st, err := os.Stat(db.path); err == nil {
			perm = st.Mode().Perm()
		}
		err := writeFileAtomic(path, data, perm)
		var s *snapshot
		if err == nil {
			s, err = readSnapshotFile(path)
		}
		switch {
		case err == nil && bytes.Equal(s.data[:headerSize], data[:headerSize]):
			return s, nil
		case err == nil:
			// Another process put its own snapshot there since: this
			// one's index is kept in memory, and the file is the other's.
			s.close()
		default:
			db.snapshotWarning.Do(func() {
				slog.Warn("cannot keep the search index in a file; it is rebuilt at every start", "path", path, "err", err)
			})
		}
	}
	s, err := openSnapshot(data, bodyChecksum(data))
	if err != nil {
		return nil, fmt.Errorf("cannot read the index just made: %w", err)
	}
	return s, nil
}

// writeFileAtomic replaces path with data so that readers see the old
// file or the new one, never part of it, even after a crash.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	dropCached(f)
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// readSnapshotFile maps the snapshot at path and checks it.
func readSnapshotFile(path string) (*snapshot, error) {
	return startSnapshotRead(path).open()
}

// A snapshotRead checks a snapshot file's checksum in the background, so
// that Open does its other work meanwhile, and maps the same file once
// the checksum is known: a snapshot renamed over it in between is not
// mixed up with the one checked.
type snapshotRead struct {
	path string
	f    *os.File
	sum  uint32
	err  error
	done chan struct{}
	// stamp is what the file system said of the file before it was read;
	// noted is whether a note gave its checksum (see checked.go).
	stamp   fileStamp
	stamped bool
	noted   bool
}

// startSnapshotRead opens the snapshot at path and starts checking it.
func startSnapshotRead(path string) *snapshotRead {
	r := &snapshotRead{path: path, done: make(chan struct{})}
	r.f, r.err = os.Open(path)
	if r.err != nil {
		close(r.done)
		return r
	}
	go func() {
		defer close(r.done)
		if r.stamp, r.stamped = stampOf(r.f); r.stamped {
			if r.sum, r.noted = checkedBefore(path, r.stamp); r.noted {
				return
			}
		}
		r.sum, r.err = fileChecksum(r.f, headerSize)
	}()
	return r
}

// open waits for the checksum and maps the snapshot if it matches. It
// closes the file, and must be called once.
func (r *snapshotRead) open() (*snapshot, error) {
	<-r.done
	if r.err != nil {
		if r.f != nil {
			r.f.Close()
		}
		return nil, r.err
	}
	defer r.f.Close()
	data, unmap, err := mapFile(r.f)
	if err != nil {
		return nil, err
	}
	s, err := openSnapshot(data, r.sum)
	if err != nil {
		unmap()
		return nil, err
	}
	s.unmap = unmap
	if r.stamped && !r.noted {
		noteChecked(r.path, r.stamp, r.sum)
	}
	return s, nil
}

// discard lets go of a snapshot read that will not be opened.
func (r *snapshotRead) discard() {
	<-r.done
	if r.f != nil {
		r.f.Close()
	}
}

// fileChecksum is the checksum of f from offset on, read through a small
// buffer rather than the mapping, so that checking a snapshot leaves only
// the pages questions read resident.
func fileChecksum(f *os.File, offset int64) (uint32, error) {
	checksumsRead.Add(1)
	readRandomly(f)
	h := crc32.New(castagnoli())
	if _, err := io.CopyBuffer(h, io.NewSectionReader(f, offset, 1<<62), make([]byte, 256<<10)); err != nil {
		return 0, err
	}
	return h.Sum32(), nil
}

// foldDue reports whether enough changes lie over the snapshot to fold
// them. The caller holds db.mu.
func (v *vocabulary) foldDue() bool {
	return v.changes >= max(foldAfter, v.docs/foldShare)
}

// foldSoon folds the changes into a new snapshot in the background,
// unless a fold is running.
func (db *DB) foldSoon() {
	if !db.folding.CompareAndSwap(false, true) {
		return
	}
	db.folds.Add(1)
	go func() {
		defer db.folds.Done()
		defer db.folding.Store(false)
		if err := db.fold(); err != nil {
			slog.Warn("cannot fold index changes into a new snapshot", "err", err)
		}
	}()
}

// fold writes a new snapshot of the index with the changes laid over the
// old one, and searches move to it unless more changes came meanwhile.
// The index is gathered under the read lock and encoded outside it, its
// base pinned so that it stays mapped: encoding took 2 s at 100k facts,
// and a write waiting for the lock that long held back every question
// behind it.
func (db *DB) fold() error {
	db.mu.RLock()
	v := db.vocab
	changes := v.changes
	if changes == 0 {
		db.mu.RUnlock()
		return nil
	}
	b := v.build()
	base := v.base
	base.pin()
	db.mu.RUnlock()
	if foldEncoding != nil {
		foldEncoding()
	}
	data := encodeSnapshot(b)
	if err := base.unpin(); err != nil {
		return err
	}
	s, err := db.storeSnapshot(data)
	if err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.vocab != v || v.changes != changes {
		s.close()
		return nil
	}
	nv := newVocabulary(s)
	nv.gen = v.gen // a lexicon change may have moved it without changing the index
	db.vocab = nv
	v.base.close()
	return nil
}

// foldEncoding, when set by a test, runs as a fold starts encoding,
// outside the lock.
var foldEncoding func()

// build gathers the index with its changes for a new snapshot, sharing
// nothing a change may alter; what it takes from the base is read in
// place, so the base must stay mapped until the build is encoded. The
// caller holds db.mu for reading.
func (v *vocabulary) build() *indexBuild {
	b := &indexBuild{gen: v.gen, docs: v.docs, tokens: v.tokens, maxLen: v.maxLen,
		postings: map[string]postingList{}, docLen: make([]uint32, v.maxID()+1), facts: make([]factRecord, v.maxID()+1),
		words: map[string]string{}, names: map[string]int32{}, sources: map[string]bot.Source{}}
	base := v.base
	for i := range base.terms.len() {
		t := base.terms.at(i)
		if _, changed := v.postings[t]; !changed {
			b.postings[t] = base.postings[base.postOff[i]:base.postOff[i+1]]
		}
	}
	for t, l := range v.postings {
		if len(l) > 0 {
			// Copied: a change may rewrite the list in place while the
			// fold encodes it.
			b.postings[t] = slices.Clone(l)
		}
	}
	copy(b.docLen, v.lens)
	for id := range b.facts {
		if c, ok := v.facts[uint32(id)]; ok {
			b.facts[id] = c.factRecord
		} else if base.hasFact(uint32(id)) {
			b.facts[id] = decodeFact(base.record(uint32(id)))
		}
	}
	for i := range base.words.len() {
		b.words[base.words.at(i)] = base.wordTerms.at(i)
	}
	for w, t := range v.words {
		b.words[w] = t
	}
	for i := range base.names.len() {
		b.names[base.names.at(i)] = int32(base.nameCount[i])
	}
	for n, d := range v.names {
		if b.names[n] += d; b.names[n] <= 0 {
			delete(b.names, n)
		}
	}
	for i := range base.sourceIDs.len() {
		s, _ := base.source(base.sourceIDs.at(i))
		b.sources[s.ID] = s
	}
	for id, s := range v.sources {
		b.sources[id] = s
	}
	return b
}

// rowQuerier runs queries that return rows or one row: a transaction or a
// connection.
type rowQuerier interface {
	querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// buildIndex reads the whole index from SQL: the terms of facts_fts, the
// live facts with their sources and the surface words.
func buildIndex(ctx context.Context, q rowQuerier) (*indexBuild, error) {
	gen, err := storedGeneration(ctx, q)
	if err != nil {
		return nil, err
	}
	b := &indexBuild{gen: gen, words: map[string]string{}, names: map[string]int32{}, sources: map[string]bot.Source{}}
	bare, err := b.loadPostings(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("cannot read search index: %w", err)
	}
	stored, err := queryFacts(ctx, q, `v.removed = 0`)
	if err != nil {
		return nil, fmt.Errorf("cannot read indexed facts: %w", err)
	}
	for _, f := range stored {
		if int(f.id) >= len(b.facts) {
			n := int(f.id) + 1
			b.facts = append(b.facts, make([]factRecord, n-len(b.facts))...)
			b.docLen = append(b.docLen, make([]uint32, n-len(b.docLen))...)
		}
		rec := newFactRecord(f, bare[f.id])
		b.facts[f.id] = rec
		if b.docLen[f.id] > 0 {
			for n := range strings.FieldsSeq(rec.meta.names) {
				b.names[n]++
			}
		}
		b.sources[f.Source.ID] = f.Source
	}
	if err := eachRow(ctx, q, `SELECT word, term FROM words`, func(r *sql.Rows) error {
		var word, term string
		if err := r.Scan(&word, &term); err != nil {
			return err
		}
		b.words[word] = term
		return nil
	}); err != nil {
		return nil, fmt.Errorf("cannot read indexed words: %w", err)
	}
	return b, nil
}

// newFactRecord is what the index keeps of a stored fact; bareText tells
// that it has no curated keywords or aliases.
func newFactRecord(f storedFact, bareText bool) factRecord {
	fact := f.Fact
	fact.Source = bot.Source{}
	return factRecord{meta: newFactMeta(f.position, f.Period, f.Series, f.SourceID, f.Text, bareText), fact: fact}
}

// loadPostings fills the postings and fact lengths of an empty build from
// facts_fts, and reports which facts have bare text. Every list gets its
// exact size up front, from FTS5's own count of facts per term, in one
// allocation: grown by appending, the lists made as much garbage as they
// hold.
func (b *indexBuild) loadPostings(ctx context.Context, conn rowQuerier) (bare map[int64]bool, err error) {
	var maxID int64
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM facts`).Scan(&maxID); err != nil {
		return nil, err
	}
	b.docLen = make([]uint32, maxID+1)
	b.facts = make([]factRecord, maxID+1)

	index := map[string]int{}
	var sizes []int
	total := 0
	if err := eachRow(ctx, conn, `SELECT term, doc FROM facts_vocab`, func(r *sql.Rows) error {
		var term string
		var docs int
		if err := r.Scan(&term, &docs); err != nil {
			return err
		}
		index[term] = len(sizes)
		sizes = append(sizes, docs)
		total += docs
		return nil
	}); err != nil {
		return nil, err
	}
	backing := make([]posting, total)
	lists := make([]postingList, len(sizes))
	for i, n := range sizes {
		// Capped at their size: a later append copies rather than
		// overwriting the next term's postings.
		lists[i], backing = backing[:0:n], backing[n:]
	}

	bare = map[int64]bool{}
	var d docTerms
	err = eachRow(ctx, conn, `SELECT rowid, topic, text, keywords, aliases FROM facts_fts`, func(r *sql.Rows) error {
		var id int64
		var cols [numColumns]string
		if err := r.Scan(&id, &cols[0], &cols[1], &cols[2], &cols[3]); err != nil {
			return err
		}
		bare[id] = cols[2] == "" && cols[3] == ""
		d.count(cols)
		if d.tokens == 0 {
			return nil
		}
		for i, t := range d.terms {
			j, ok := index[t]
			if !ok { // not counted by FTS5; cannot happen, but costs nothing to allow
				j = len(lists)
				index[strings.Clone(t)] = j
				lists = append(lists, nil)
			}
			lists[j] = append(lists[j], posting{id: uint32(id), tf: d.tf[i]})
		}
		if int(id) >= len(b.docLen) {
			b.docLen = append(b.docLen, make([]uint32, int(id)+1-len(b.docLen))...)
			b.facts = append(b.facts, make([]factRecord, int(id)+1-len(b.facts))...)
		}
		b.docLen[id] = uint32(d.tokens)
		b.maxLen = max(b.maxLen, d.tokens)
		b.docs++
		b.tokens += d.tokens
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.postings = make(map[string]postingList, len(index))
	for t, j := range index {
		if len(lists[j]) > 0 {
			b.postings[t] = lists[j]
		}
	}
	return bare, nil
}
