package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
)

// reindexForRules rewrites the search index's terms when this release
// reads text into terms otherwise than the one that wrote them (a new
// stemmer exception: "universities" no longer shares "universal"'s term).
// facts_fts and the words table hold terms, not text, so a snapshot
// rebuilt from them would keep the old rules' terms while questions get
// the new ones. The meta key index_rules records the rules the terms were
// written by; when it differs, every live fact is indexed again in one
// transaction, and the change log is emptied so that other processes
// rebuild their index rather than catch up. A new database just records
// the rules.
func (db *DB) reindexForRules(ctx context.Context) error {
	rules := strconv.FormatUint(rulesFingerprint(), 16)
	// Nearly always the rules are the ones recorded: a read says so
	// without taking the write lock, which a running server may hold.
	var recorded string
	if err := db.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'index_rules'`).Scan(&recorded); err == nil && recorded == rules {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot check index rules: %w", err)
	}
	defer tx.Rollback()
	var stored string
	err = tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'index_rules'`).Scan(&stored)
	switch {
	case err == nil && stored == rules:
		return nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("cannot check index rules: %w", err)
	}
	var indexed int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM facts_fts`).Scan(&indexed); err != nil {
		return fmt.Errorf("cannot check index rules: %w", err)
	}
	if indexed > 0 {
		if err := reindexAll(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('index_rules', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, rules); err != nil {
		return fmt.Errorf("cannot record index rules: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cannot reindex facts: %w", err)
	}
	return nil
}

// reindexAll indexes every live fact again with this release's rules,
// reading them a page at a time.
func reindexAll(ctx context.Context, tx *sql.Tx) error {
	titles, err := topicTitles(ctx, tx)
	if err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM facts_fts`, `DELETE FROM words`, `DELETE FROM index_changes`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("cannot reindex facts: %w", err)
		}
	}
	insertFTS, err := tx.PrepareContext(ctx, `INSERT INTO facts_fts (rowid, topic, text, keywords, aliases) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("cannot reindex facts: %w", err)
	}
	defer insertFTS.Close()
	insertWord, err := tx.PrepareContext(ctx, `INSERT INTO words (word, term) VALUES (?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return fmt.Errorf("cannot reindex facts: %w", err)
	}
	defer insertWord.Close()
	seen := map[string]bool{} // words recorded: most recur in many facts
	for after := int64(0); ; {
		facts, err := queryFacts(ctx, tx, `NOT v.removed AND f.id > ? ORDER BY f.id LIMIT ?`, after, reindexPage)
		if err != nil {
			return fmt.Errorf("cannot read facts to reindex: %w", err)
		}
		if len(facts) == 0 {
			break
		}
		for _, f := range facts {
			cols, surface := factTerms(f.Fact, titles[f.Topic])
			if _, err := insertFTS.ExecContext(ctx, f.id, cols[0], cols[1], cols[2], cols[3]); err != nil {
				return fmt.Errorf("cannot reindex fact %s: %w", f.Key, err)
			}
			for w, term := range surface {
				if seen[w] {
					continue
				}
				seen[w] = true
				if _, err := insertWord.ExecContext(ctx, w, term); err != nil {
					return fmt.Errorf("cannot reindex fact %s: %w", f.Key, err)
				}
			}
		}
		after = facts[len(facts)-1].id
	}
	// A generation the emptied log does not reach: every index, in this
	// process and others, is rebuilt from the new terms.
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('index_generation', 1)
		ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`); err != nil {
		return fmt.Errorf("cannot reindex facts: %w", err)
	}
	return nil
}

// reindexPage is how many facts reindexAll reads at a time.
const reindexPage = 1000
