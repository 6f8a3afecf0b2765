package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/understand"
)

// SetLexicon gives the store the built-in lexicon (seeds/lexicon.yaml);
// the moderators' synonyms are read from the database on top of it, and
// win where both spell a word.
func (db *DB) SetLexicon(ctx context.Context, seed []understand.Entry) error {
	db.lexMu.Lock()
	db.setSeed(func() ([]understand.Entry, error) { return seed, nil })
	db.lexMu.Unlock()
	return db.loadLexicon(ctx)
}

// setSeed sets the built-in lexicon, read by load and built when first
// needed.
func (db *DB) setSeed(load func() ([]understand.Entry, error)) {
	db.seedLexicon = sync.OnceValues(func() (*understand.Lexicon, error) {
		seed, err := load()
		if err != nil {
			return nil, err
		}
		return understand.NewLexicon(seed), nil
	})
}

// loadLexicon rebuilds the reader's lexicon from the seeds and the
// database.
func (db *DB) loadLexicon(ctx context.Context) error {
	syns, err := db.Synonyms(ctx)
	if err != nil {
		return err
	}
	mods := make([]understand.Entry, len(syns))
	for i, s := range syns {
		mods[i] = understand.Entry{Words: []string{s.Word}, Means: s.Means}
	}
	db.lexMu.Lock()
	defer db.lexMu.Unlock()
	if db.seedLexicon != nil {
		seed, err := db.seedLexicon()
		if err != nil {
			return err
		}
		db.reader.SetLexicon(seed.With(mods))
	} else {
		db.reader.SetLexicon(understand.NewLexicon(mods))
	}
	db.answers.clear() // the same words may read otherwise now
	return nil
}

// Synonyms lists the moderators' current synonyms, by word.
func (db *DB) Synonyms(ctx context.Context) ([]bot.Synonym, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT word, means, version, updated_by, updated_at FROM lexicon WHERE removed = 0 ORDER BY word`)
	if err != nil {
		return nil, fmt.Errorf("cannot list synonyms: %w", err)
	}
	defer rows.Close()
	var out []bot.Synonym
	for rows.Next() {
		var s bot.Synonym
		var at string
		if err := rows.Scan(&s.Word, &s.Means, &s.Version, &s.By, &at); err != nil {
			return nil, fmt.Errorf("cannot list synonyms: %w", err)
		}
		s.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cannot list synonyms: %w", err)
	}
	return out, nil
}

// AddSynonym teaches the bot that word means means, as a new version of
// the word's entry; questions asked from then on read it so.
func (db *DB) AddSynonym(ctx context.Context, word, means string, by bot.Actor) (bot.Synonym, error) {
	word = strings.ToLower(strings.Join(strings.Fields(word), " "))
	means = strings.ToLower(strings.Join(strings.Fields(means), " "))
	e := understand.Entry{Words: []string{word}, Means: means}
	if err := e.Validate(); err != nil {
		return bot.Synonym{}, bot.Userf("That synonym cannot be saved: %v.", err)
	}
	if word == means {
		return bot.Synonym{}, bot.Userf("%q already means itself; nothing to add.", word)
	}
	if err := db.checkSynonym(ctx, word, means); err != nil {
		return bot.Synonym{}, err
	}
	return db.writeSynonym(ctx, word, by, func(cur *bot.Synonym, removed bool) (string, error) {
		if cur.Version > 0 && !removed && cur.Means == means {
			return "", bot.Userf("%q already means %q; nothing changed.", word, means)
		}
		cur.Means = means
		if cur.Version == 0 {
			return "add", nil
		}
		return "edit", nil
	}, false)
}

// checkSynonym refuses a synonym that would change answers rather than
// teach a word: one for chat ("salam", "thanks"), for a word every
// question uses ("the"), for a word the facts already use ("pakistan",
// "growth"; the pair is often written the wrong way round), or with a
// meaning no fact holds ("naukri" for "it exports"), which would make
// questions with the word answer nothing. A moderator's synonym is
// effective at once for every user.
func (db *DB) checkSynonym(ctx context.Context, word, means string) error {
	if err := db.syncIndex(ctx); err != nil {
		return fmt.Errorf("cannot check the synonym: %w", err)
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	held := func(text string) (terms, inFacts int) {
		for t := range strings.FieldsSeq(indexTerms(nil, text)) {
			terms++
			if db.vocab.df(t) > 0 {
				inFacts++
			}
		}
		return terms, inFacts
	}
	wordTerms, wordHeld := held(word)
	meansTerms, meansHeld := held(means)
	switch {
	case slices.ContainsFunc(strings.Fields(word), understand.IsChatWord):
		return bot.Userf("%q is chat (a greeting, thanks, \"ok\", \"bye\"), which I answer as chat; reading it as %q would answer it with facts. Nothing was saved.", word, means)
	case wordTerms == 0:
		return bot.Userf("%q is a word nearly every question uses; reading it as %q would change every answer. Nothing was saved.", word, means)
	case wordHeld == wordTerms && meansHeld < meansTerms:
		return bot.Userf("%q is already a word of my facts, and %q is not. Did you mean /synonym %s = %s? Nothing was saved.", word, means, means, word)
	case wordHeld == wordTerms:
		return bot.Userf("%q is already a word of my facts; reading it as %q would change the answers about it. A synonym teaches a word they do not use, such as /synonym naukri = jobs. Nothing was saved.", word, means)
	case meansTerms == 0 || meansHeld == 0:
		return bot.Userf("No fact of mine says %q, so questions with %q would find nothing. Give a meaning in the words of the facts, such as /synonym naukri = jobs. Nothing was saved.", means, word)
	}
	return nil
}

// RemoveSynonym takes a moderator's synonym out of use; its versions stay.
func (db *DB) RemoveSynonym(ctx context.Context, word string, by bot.Actor) (bot.Synonym, error) {
	word = strings.ToLower(strings.Join(strings.Fields(word), " "))
	return db.writeSynonym(ctx, word, by, func(cur *bot.Synonym, removed bool) (string, error) {
		if cur.Version == 0 || removed {
			return "", bot.Userf("No moderator synonym %q to remove. /synonyms lists them.", word)
		}
		return "remove", nil
	}, true)
}

// writeSynonym applies change to a word's entry as a new version with its
// audit entry, then brings the reader up to date.
func (db *DB) writeSynonym(ctx context.Context, word string, by bot.Actor, change func(cur *bot.Synonym, removed bool) (string, error), remove bool) (bot.Synonym, error) {
	done := db.beginIndexWrite()
	defer done()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return bot.Synonym{}, fmt.Errorf("cannot save synonym: %w", err)
	}
	defer tx.Rollback()
	cur := bot.Synonym{Word: word}
	var removed bool
	err = tx.QueryRowContext(ctx, `SELECT means, version, removed FROM lexicon WHERE word = ?`, word).Scan(&cur.Means, &cur.Version, &removed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return bot.Synonym{}, fmt.Errorf("cannot read synonym: %w", err)
	}
	action, err := change(&cur, removed)
	if err != nil {
		return bot.Synonym{}, err
	}
	now := db.timestamp()
	cur.Version++
	cur.By = by.Name
	cur.At, _ = time.Parse(time.RFC3339Nano, now)
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO lexicon (word, means, version, removed, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (word) DO UPDATE SET means = excluded.means, version = excluded.version, removed = excluded.removed,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		word, cur.Means, cur.Version, remove, by.Name, now); err != nil {
		return bot.Synonym{}, fmt.Errorf("cannot save synonym: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO lexicon_versions (word, version, means, removed, change, author, platform, chat, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		word, cur.Version, cur.Means, remove, action, by.Name, string(by.Platform), by.ChatID, now); err != nil {
		return bot.Synonym{}, fmt.Errorf("cannot save synonym: %w", err)
	}
	if err := audit(ctx, tx, now, by, "synonym-"+action, word, cur.Means); err != nil {
		return bot.Synonym{}, err
	}
	// Other processes see the generation move and read the lexicon again.
	if err := db.commitSeen(ctx, tx, "cannot save synonym"); err != nil {
		return bot.Synonym{}, err
	}
	return cur, db.loadLexicon(ctx)
}
