package knowledge

import (
	"context"
	"errors"
	"fmt"
)

// IndexStats describes the in-memory search index, for metrics and
// readiness checks.
type IndexStats struct {
	// Loaded reports whether the index has been read from the database.
	Loaded bool
	// Facts is how many live facts the index holds; Terms how many
	// distinct terms.
	Facts, Terms int
	// Generation is the stored index generation the index reflects; every
	// write by any process on the database moves it on.
	Generation int64
}

// IndexStats describes the search index as searches see it now.
func (db *DB) IndexStats() IndexStats {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.vocab == nil {
		return IndexStats{}
	}
	return IndexStats{Loaded: true, Facts: db.vocab.docs, Terms: db.vocab.termCount(), Generation: db.vocab.gen}
}

// Ping checks that the database answers a query, for readiness checks.
func (db *DB) Ping(ctx context.Context) error {
	if db.read == nil {
		return errors.New("the knowledge base is closed")
	}
	var one int
	if err := db.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("the knowledge base does not answer: %w", err)
	}
	return nil
}
