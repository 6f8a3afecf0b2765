package knowledge

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/understand"
)

// indexChange records how a committed write changed the index, so the
// in-memory vocabulary and posting lists can follow without rereading it.
type indexChange struct {
	id      int64              // the fact, and its row in facts_fts
	removed string             // all terms the fact was indexed with before, if it was
	added   [numColumns]string // the terms it is indexed with now, by column; empty if removed
	record  factRecord         // what re-ranking needs and answers show of it now
	source  *bot.Source        // its source as citations show it now, or a source changed alone (id 0)
	words   []string           // surface words the change may have added
	gen     int64              // the index generation this change brought the database to
}

// indexFact replaces fact id's row in the search index with f's terms.
// Removed facts are taken out of the index and not put back.
func indexFact(ctx context.Context, tx *sql.Tx, id int64, f bot.Fact, topicTitle, oldTerms string) (*indexChange, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM facts_fts WHERE rowid = ?`, id); err != nil {
		return nil, fmt.Errorf("cannot unindex fact %s: %w", f.Key, err)
	}
	gen, err := bumpGeneration(ctx, tx, loggedChange{factID: id, removed: oldTerms})
	if err != nil {
		return nil, err
	}
	change := &indexChange{id: id, removed: oldTerms, gen: gen}
	if f.Removed {
		return change, nil
	}
	var surface map[string]string
	change.added, surface = factTerms(f, topicTitle)
	topic, text, keywords, aliases := change.added[0], change.added[1], change.added[2], change.added[3]
	for w, term := range surface {
		if _, err := tx.ExecContext(ctx, `INSERT INTO words (word, term) VALUES (?, ?) ON CONFLICT DO NOTHING`, w, term); err != nil {
			return nil, fmt.Errorf("cannot record words of fact %s: %w", f.Key, err)
		}
		change.words = append(change.words, w)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO facts_fts (rowid, topic, text, keywords, aliases) VALUES (?, ?, ?, ?, ?)`,
		id, topic, text, keywords, aliases); err != nil {
		return nil, fmt.Errorf("cannot index fact %s: %w", f.Key, err)
	}
	// As SQL gives it back: what the caller has written, read again.
	stored, err := queryFacts(ctx, tx, `f.id = ?`, id)
	if err != nil || len(stored) != 1 {
		return nil, fmt.Errorf("cannot index fact %s: %w", f.Key, cmp.Or(err, sql.ErrNoRows))
	}
	change.record = newFactRecord(stored[0], keywords == "" && aliases == "")
	change.source = &stored[0].Source
	return change, nil
}

// factTerms returns the terms a fact is indexed with, by column, and the
// surface words of each.
func factTerms(f bot.Fact, topicTitle string) (cols [numColumns]string, surface map[string]string) {
	surface = map[string]string{}
	cols[0] = indexTerms(surface, f.Topic, topicTitle)
	cols[1] = indexTerms(surface, f.Text)
	cols[2] = indexTerms(surface, f.Keywords...)
	cols[3] = indexTerms(surface, f.Aliases...)
	return cols, surface
}

// currentIndexTerms returns all terms the index holds for fact id.
func currentIndexTerms(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var terms string
	err := tx.QueryRowContext(ctx, `SELECT topic || ' ' || text || ' ' || keywords || ' ' || aliases FROM facts_fts WHERE rowid = ?`, id).Scan(&terms)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("cannot read index row %d: %w", id, err)
	}
	return terms, nil
}

// applyIndexChanges updates the vocabulary and posting lists after a
// commit. A change the index already reflects (it was read again since the
// commit) is skipped. One that does not follow the index's generation
// directly means some other write came in between, from another process or
// another goroutine's commit not yet applied: it is applied, but the
// index keeps its generation and is marked for a check, which reads it
// again.
func (db *DB) applyIndexChanges(changes []indexChange) {
	db.mu.Lock()
	defer db.mu.Unlock()
	stale := false
	for _, c := range changes {
		switch {
		case c.gen <= db.vocab.gen:
			continue
		case c.gen == db.vocab.gen+1 && !stale:
			db.vocab.gen = c.gen
		default:
			stale = true
		}
		db.vocab.apply(c)
	}
	db.vocab.refreshNorms()
	if stale {
		db.sync.marks.Add(1)
	}
	if db.vocab.foldDue() && db.snapshotPath() != "" {
		db.foldSoon()
	}
}

// apply lays one change over the index.
func (v *vocabulary) apply(c indexChange) {
	v.changes++
	if c.source != nil {
		v.sources[c.source.ID] = *c.source
	}
	if c.id == 0 {
		return
	}
	// The terms a changed fact holds are known best from its last change:
	// the change may have been read before a later one was applied.
	removed := c.removed
	if cf, ok := v.facts[uint32(c.id)]; ok {
		removed = cf.terms
	}
	if removed != "" || c.record.fact.Key == "" {
		v.removeDoc(c.id, removed)
	}
	if c.record.fact.Key != "" {
		v.addDoc(c.id, c.added, c.record)
	}
	for _, w := range c.words {
		v.addWord(w, understand.Stem(w))
	}
}
