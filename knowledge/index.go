package knowledge

import (
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
	meta    factMeta           // what re-ranking needs to know about it now
	words   []string           // surface words the change may have added
	gen     int64              // the index generation this change brought the database to
}

// indexFact replaces fact id's row in the search index with f's terms.
// Removed facts are taken out of the index and not put back.
func indexFact(ctx context.Context, tx *sql.Tx, id int64, f bot.Fact, topicTitle, oldTerms string) (*indexChange, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM facts_fts WHERE rowid = ?`, id); err != nil {
		return nil, fmt.Errorf("cannot unindex fact %s: %w", f.Key, err)
	}
	gen, err := bumpGeneration(ctx, tx)
	if err != nil {
		return nil, err
	}
	change := &indexChange{id: id, removed: oldTerms, gen: gen}
	if f.Removed {
		return change, nil
	}
	surface := map[string]string{}
	topic := indexTerms(surface, f.Topic, topicTitle)
	text := indexTerms(surface, f.Text)
	keywords := indexTerms(surface, f.Keywords...)
	aliases := indexTerms(surface, f.Aliases...)
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
	change.added = [numColumns]string{topic, text, keywords, aliases}
	// As Search would read them back: the period from its stored form, the
	// position from the facts row the caller has written.
	period, _ := bot.ParsePeriod(f.Period.Raw)
	var position int
	if err := tx.QueryRowContext(ctx, `SELECT position FROM facts WHERE id = ?`, id).Scan(&position); err != nil {
		return nil, fmt.Errorf("cannot index fact %s: %w", f.Key, err)
	}
	change.meta = newFactMeta(position, period, f.Series, f.SourceID, f.Text, keywords == "" && aliases == "")
	return change, nil
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
		if c.removed != "" {
			db.vocab.removeDoc(c.id, c.removed)
		}
		db.vocab.addDoc(c.id, c.added, c.meta)
		for _, w := range c.words {
			db.vocab.addWord(w, understand.Stem(w))
		}
	}
	db.vocab.refreshNorms()
	if stale {
		db.sync.marks.Add(1)
	}
}
