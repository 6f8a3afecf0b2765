package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pakbot/pakbot/bot"
)

// catchUp brings the index up to the stored generation from the change
// log (see bumpGeneration): the facts and sources changed since the
// index's generation are read again and laid over it, which costs what
// changed rather than a rebuild. Where the log no longer reaches back that
// far, the index is rebuilt.
func (db *DB) catchUp(ctx context.Context) error {
	db.mu.RLock()
	v := db.vocab
	from, changes := v.gen, v.changes
	db.mu.RUnlock()
	var pending []indexChange
	var to int64
	complete := false
	err := db.snapshot(ctx, func(q querier) error {
		rq := q.(rowQuerier)
		var err error
		if to, err = storedGeneration(ctx, rq); err != nil {
			return err
		}
		var logged int64
		before := map[int64]string{} // by fact: its terms before its first change
		var facts []int64
		var sources []string
		err = eachRow(ctx, q, `SELECT fact_id, source_id, removed FROM index_changes WHERE generation > ? AND generation <= ? ORDER BY generation`,
			func(r *sql.Rows) error {
				var id sql.NullInt64
				var source sql.NullString
				var removed string
				if err := r.Scan(&id, &source, &removed); err != nil {
					return err
				}
				logged++
				if _, seen := before[id.Int64]; id.Valid && !seen {
					before[id.Int64] = removed
					facts = append(facts, id.Int64)
				}
				if source.Valid {
					sources = append(sources, source.String)
				}
				return nil
			}, from, to)
		if err != nil {
			return fmt.Errorf("cannot read index change log: %w", err)
		}
		if logged != to-from {
			return nil // trimmed past our generation
		}
		complete = true
		for _, id := range facts {
			c, err := readIndexChange(ctx, rq, id, before[id])
			if err != nil {
				return err
			}
			pending = append(pending, c)
		}
		for _, id := range sources {
			s, err := readCitation(ctx, rq, id)
			if err != nil {
				return err
			}
			pending = append(pending, indexChange{source: &s})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !complete {
		return db.loadVocabulary(ctx)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.vocab != v || v.changes != changes || v.gen != from {
		// This process changed the index meanwhile; what was read may be
		// older than that. The check stays due, to be done again.
		db.sync.marks.Add(1)
		return nil
	}
	for _, c := range pending {
		v.apply(c)
	}
	v.gen = to
	v.refreshNorms()
	if v.foldDue() && db.snapshotPath() != "" {
		db.foldSoon()
	}
	return nil
}

// readIndexChange reads fact id as the index must now hold it: its
// current terms and record, or nothing if it is no longer live. removed
// is the terms it was indexed with before.
func readIndexChange(ctx context.Context, q rowQuerier, id int64, removed string) (indexChange, error) {
	c := indexChange{id: id, removed: removed}
	stored, err := queryFacts(ctx, q, `f.id = ? AND v.removed = 0`, id)
	if err != nil {
		return c, fmt.Errorf("cannot read changed fact %d: %w", id, err)
	}
	if len(stored) == 0 {
		return c, nil
	}
	f := stored[0]
	err = q.QueryRowContext(ctx, `SELECT topic, text, keywords, aliases FROM facts_fts WHERE rowid = ?`, id).
		Scan(&c.added[0], &c.added[1], &c.added[2], &c.added[3])
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("cannot read index row of fact %s: %w", f.Key, err)
	}
	var title string
	err = q.QueryRowContext(ctx, `SELECT title FROM topics WHERE name = ?`, f.Topic).Scan(&title)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("cannot read topic of fact %s: %w", f.Key, err)
	}
	_, surface := factTerms(f.Fact, title)
	for w := range surface {
		c.words = append(c.words, w)
	}
	c.record = newFactRecord(f, c.added[2] == "" && c.added[3] == "")
	c.source = &f.Source
	return c, nil
}

// readCitation reads a source as answers cite it.
func readCitation(ctx context.Context, q rowQuerier, id string) (bot.Source, error) {
	s := bot.Source{ID: id}
	err := q.QueryRowContext(ctx, `SELECT title, publisher, published, url, approx_date FROM sources WHERE id = ?`, id).
		Scan(&s.Title, &s.Publisher, &s.Published, &s.URL, &s.ApproxDate)
	if err != nil {
		return s, fmt.Errorf("cannot read changed source %s: %w", id, err)
	}
	return s, nil
}
