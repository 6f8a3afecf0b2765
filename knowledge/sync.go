package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The in-memory index follows this process's writes as they commit
// (applyIndexChanges). Another process may write to the same file, such as
// `pakbot facts add` while `pakbot serve` runs. Every write that changes
// the index bumps a generation number stored in the database, in the same
// transaction, and the index knows the generation it reflects.
//
// Nothing on the path of a question asks the database whether it changed.
// A goroutine waits for the operating system to report a write to the
// database's files (inotify on Linux; elsewhere it looks every
// pollInterval), marks the index as possibly stale and checks at once:
// when the stored generation is ahead, it catches up on what changed from
// the change log (catchup.go). A search pays two atomic loads; only a
// search that arrives while a check is due or a catch-up is running waits
// for it, so the first question after another process's write is answered
// from the new index.

// pollInterval is how often the database is looked at where the operating
// system cannot report writes.
const pollInterval = 250 * time.Millisecond

// indexSync is the state of that following.
type indexSync struct {
	// marks counts reports that the database may have changed; checked is
	// the count the last completed check covered. The index may be stale
	// while they differ.
	marks, checked atomic.Uint64
	// writing counts this process's index writes between their start and
	// the moment their changes are applied: the stored generation is then
	// ahead for a moment without anything to read again.
	writing atomic.Int32
	// mu lets one check or catch-up run at a time; searches that find the
	// index possibly stale wait on it.
	mu sync.Mutex

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// fileWatcher reports writes to the files of one database.
type fileWatcher interface {
	// Wait blocks until a write to the database's files is reported, or
	// the watcher is closed.
	Wait() error
	Close() error
}

// startSync starts following writes from other processes. Open calls it
// for databases in files. The watcher is set up in the background, as
// adding it can take a while in a directory of many files, and a one-shot
// question need not wait for it; one check once it is in place covers any
// write since Open read the generation.
func (db *DB) startSync() {
	ctx, cancel := context.WithCancel(context.Background())
	db.sync.cancel = cancel
	db.sync.wg.Add(1)
	go func() {
		w, err := newFileWatcher(db.path)
		if err != nil {
			db.pollWrites(ctx)
			return
		}
		context.AfterFunc(ctx, func() { w.Close() })
		db.sync.marks.Add(1)
		_ = db.syncIndex(ctx)
		db.followWrites(ctx, w)
	}()
}

// stopSync stops following writes and waits for a check in progress.
func (db *DB) stopSync() {
	if db.sync.cancel == nil {
		return
	}
	db.sync.cancel()
	db.sync.wg.Wait()
}

// followWrites checks the index after every reported write. A write is
// reported as its pages reach the log, which can be a moment before its
// commit is visible to readers, and nothing is reported after: so a check
// is left due for the next search, and made again in a moment if none
// comes (see settle).
func (db *DB) followWrites(ctx context.Context, w fileWatcher) {
	defer db.sync.wg.Done()
	settle := make(chan struct{}, 1)
	db.sync.wg.Add(1)
	go db.settle(ctx, settle)
	for {
		if err := w.Wait(); err != nil {
			return
		}
		db.sync.marks.Add(1)
		// A failure leaves the check due; the next search retries it.
		_ = db.syncIndex(ctx)
		db.sync.marks.Add(1)
		select {
		case settle <- struct{}{}:
		default: // one is pending already
		}
	}
}

// settle checks the index commitSettle after each reported write, for a
// commit that was not yet visible when it was reported.
func (db *DB) settle(ctx context.Context, writes <-chan struct{}) {
	defer db.sync.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-writes:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(commitSettle):
		}
		_ = db.syncIndex(ctx)
	}
}

// commitSettle is how long after a reported write the index is checked
// again.
const commitSettle = 20 * time.Millisecond

// pollWrites checks the index every pollInterval, where no file watcher
// is available.
func (db *DB) pollWrites(ctx context.Context) {
	defer db.sync.wg.Done()
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			db.sync.marks.Add(1)
			_ = db.syncIndex(ctx)
		}
	}
}

// beginIndexWrite notes that this process is writing to the index; the
// returned function, called once the write's changes are applied (or it
// failed), ends that.
func (db *DB) beginIndexWrite() (done func()) {
	db.sync.writing.Add(1)
	return func() { db.sync.writing.Add(-1) }
}

// syncIndex brings the in-memory index up to date when a write may have
// landed since it was last checked: it compares the stored generation
// with the index's and catches up when the database is ahead.
// When no check is due it returns at once.
func (db *DB) syncIndex(ctx context.Context) error {
	if db.sync.marks.Load() == db.sync.checked.Load() {
		return nil
	}
	db.sync.mu.Lock()
	defer db.sync.mu.Unlock()
	marks := db.sync.marks.Load()
	if marks == db.sync.checked.Load() || db.sync.writing.Load() > 0 {
		// Checked meanwhile, or this process is between a commit and
		// applying it: the check is left due until it is done.
		return nil
	}
	stored, err := storedGeneration(ctx, db.read)
	if err != nil {
		return err
	}
	db.mu.RLock()
	behind := stored > db.vocab.gen
	db.mu.RUnlock()
	if behind {
		if err := db.catchUp(ctx); err != nil {
			return err
		}
		// The change may have been a moderator's synonym.
		if err := db.loadLexicon(ctx); err != nil {
			return err
		}
	}
	db.sync.checked.Store(marks)
	return nil
}

// generation is the index generation this process has followed writes
// up to, after following any it had not: what caches of the database's
// other contents (topics, notices) are kept as of.
func (db *DB) generation(ctx context.Context) (int64, error) {
	if err := db.syncIndex(ctx); err != nil {
		return 0, err
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.vocab.gen, nil
}

// commitSeen commits tx, a write that changes no fact or source but that
// other processes must notice (a synonym, an alias, a notice): it moves
// the index generation, which tells them to look again, and this
// process's index with it if nothing else came in between. A failed
// commit is reported as failing what.
func (db *DB) commitSeen(ctx context.Context, tx *sql.Tx, what string) error {
	gen, err := bumpGeneration(ctx, tx, loggedChange{})
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.vocab.gen == gen-1 {
		db.vocab.gen = gen
	}
	return nil
}

// loggedChange is what one index generation changed, as index_changes
// records it: a fact with the terms it was indexed with before, a source,
// or neither.
type loggedChange struct {
	factID   int64
	sourceID string
	removed  string
}

// keptChanges is how many generations index_changes keeps.
const keptChanges = 10_000

// bumpGeneration records in tx that the index changed, and what changed,
// and returns the new generation.
func bumpGeneration(ctx context.Context, tx *sql.Tx, c loggedChange) (int64, error) {
	var gen int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO meta (key, value) VALUES ('index_generation', 1)
		ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
		RETURNING CAST(value AS INTEGER)`).Scan(&gen)
	if err != nil {
		return 0, fmt.Errorf("cannot count index change: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO index_changes (generation, fact_id, source_id, removed) VALUES (?, NULLIF(?, 0), NULLIF(?, ''), ?)`,
		gen, c.factID, c.sourceID, c.removed); err != nil {
		return 0, fmt.Errorf("cannot log index change: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM index_changes WHERE generation <= ?`, gen-keptChanges); err != nil {
		return 0, fmt.Errorf("cannot trim index change log: %w", err)
	}
	return gen, nil
}

// generationSQL reads the stored generation.
const generationSQL = `SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'index_generation'`

// storedGeneration reads the generation the database is at.
func storedGeneration(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int64, error) {
	var gen int64
	err := q.QueryRowContext(ctx, generationSQL).Scan(&gen)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("cannot read index generation: %w", err)
	}
	return gen, nil
}
