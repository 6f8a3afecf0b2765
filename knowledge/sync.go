package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// The in-memory index follows this process's writes as they commit
// (applyIndexChanges). Another process may write to the same file, such as
// `pakbot facts add` while `pakbot serve` runs; every write bumps a
// generation number stored in the database, in the same transaction, and
// Search compares it with the generation the index reflects. When the
// database stays ahead for two checks in a row (this process's own commits
// are applied within microseconds), the index is read again.

// syncInterval is how often Search looks at the stored generation. A write
// from another process reaches answers within two to three intervals plus
// the time to reload the index.
const syncInterval = 250 * time.Millisecond

// indexSync is the state of those checks.
type indexSync struct {
	mu          sync.Mutex
	checked     time.Time
	behindSince time.Time
}

// bumpGeneration records in tx that the index changed and returns the new
// generation.
func bumpGeneration(ctx context.Context, tx *sql.Tx) (int64, error) {
	var gen int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO meta (key, value) VALUES ('index_generation', 1)
		ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
		RETURNING CAST(value AS INTEGER)`).Scan(&gen)
	if err != nil {
		return 0, fmt.Errorf("cannot count index change: %w", err)
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

// syncIndex reloads the in-memory index if another process has changed the
// database since it was read. It checks at most once per syncInterval and
// never makes two callers wait for one reload.
func (db *DB) syncIndex(ctx context.Context) error {
	if db.isMemory() || !db.sync.mu.TryLock() {
		return nil
	}
	defer db.sync.mu.Unlock()
	now := db.Now()
	if now.Sub(db.sync.checked) < syncInterval {
		return nil
	}
	db.sync.checked = now
	stored, err := storedGeneration(ctx, db.read)
	if err != nil {
		return err
	}
	db.mu.RLock()
	behind := stored > db.vocab.gen
	db.mu.RUnlock()
	switch {
	case !behind:
		db.sync.behindSince = time.Time{}
		return nil
	case db.sync.behindSince.IsZero():
		// Perhaps a commit of this process, about to be applied.
		db.sync.behindSince = now
		return nil
	}
	db.sync.behindSince = time.Time{}
	if err := db.loadVocabulary(ctx); err != nil {
		return err
	}
	// The change may have been a moderator's synonym.
	return db.loadLexicon(ctx)
}
