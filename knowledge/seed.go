package knowledge

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pakbot/pakbot/bot"
)

// SeedAuthor is the author recorded on versions that come from the seeds.
const SeedAuthor = "seed"

// SeedReport says what seeding changed.
type SeedReport struct {
	// Added, Updated and Conflicts count facts.
	Added, Updated, Conflicts int
	// SourcesAdded, SourcesUpdated and SourceConflicts count sources.
	SourcesAdded, SourcesUpdated, SourceConflicts int
	// Skipped is true when the seeds were already applied unchanged.
	Skipped bool
}

// Seed applies the built-in knowledge. It is idempotent and never loses a
// moderator's work: a new seed fact is added; a seed fact that changed in a
// new release gets a new version only if no moderator has touched it,
// otherwise the difference is recorded as a conflict; facts a moderator
// removed stay removed; facts that left the seeds stay as they are. Seed
// sources are treated the same way: a correction in a release (a title,
// publisher or URL found later) reaches existing databases unless a
// moderator has corrected that source.
func (db *DB) Seed(ctx context.Context, seeds bot.Seeds) (SeedReport, error) {
	defer db.topics.forget()
	var report SeedReport
	setHash, err := SeedHash(seeds)
	if err != nil {
		return report, err
	}
	if applied, err := db.SeedsApplied(ctx, setHash); err != nil || applied {
		report.Skipped = applied
		return report, err
	}

	defer db.beginIndexWrite()()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return report, fmt.Errorf("cannot begin seeding: %w", err)
	}
	defer tx.Rollback()
	now := db.timestamp()

	var indexed []indexChange
	for _, s := range seeds.Sources {
		change, err := db.seedSource(ctx, tx, s, now, &report)
		if err != nil {
			return report, err
		}
		if change != nil {
			indexed = append(indexed, *change)
		}
	}
	titles := map[string]string{}
	for i, t := range seeds.Topics {
		titles[t.Name] = t.Title
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO topics (name, title, description, position, origin, created_by, created_at)
			VALUES (?, ?, ?, ?, 'seed', ?, ?)
			ON CONFLICT (name) DO UPDATE SET title = excluded.title, description = excluded.description,
				position = excluded.position
			WHERE origin = 'seed'`,
			t.Name, t.Title, t.Description, i, SeedAuthor, now); err != nil {
			return report, fmt.Errorf("cannot seed topic %s: %w", t.Name, err)
		}
		for _, a := range t.Aliases {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO topic_aliases (alias, topic, origin, created_by, created_at) VALUES (?, ?, 'seed', ?, ?)
				ON CONFLICT (alias) DO NOTHING`, a, t.Name, SeedAuthor, now); err != nil {
				return report, fmt.Errorf("cannot seed alias %s of topic %s: %w", a, t.Name, err)
			}
		}
	}

	for i, f := range seeds.Facts {
		change, err := db.seedFact(ctx, tx, f, i, titles[f.Topic], now, &report)
		if err != nil {
			return report, err
		}
		if change != nil {
			indexed = append(indexed, *change)
		}
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, 'seed', 'seeds', ?)`,
		now, SeedAuthor, fmt.Sprintf("added %d, updated %d, conflicts %d; sources added %d, updated %d, conflicts %d",
			report.Added, report.Updated, report.Conflicts, report.SourcesAdded, report.SourcesUpdated, report.SourceConflicts)); err != nil {
		return report, fmt.Errorf("cannot audit seeding: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO meta (key, value) VALUES ('seed_hash', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, setHash); err != nil {
		return report, fmt.Errorf("cannot record seed state: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return report, fmt.Errorf("cannot commit seeds: %w", err)
	}
	db.applyIndexChanges(indexed)
	return report, nil
}

// seedFact applies one seed fact inside the seeding transaction.
func (db *DB) seedFact(ctx context.Context, tx *sql.Tx, f bot.Fact, position int, topicTitle, now string, report *SeedReport) (*indexChange, error) {
	// A fact without a figure hashes as it did before figures existed, so
	// a release that adds figures updates only the facts that gained one.
	hash, err := hashJSON(struct {
		Topic, Text, Period, Series, Source string
		Keywords, Aliases                   []string
		Value                               *float64 `json:",omitempty"`
		Unit                                string   `json:",omitempty"`
	}{f.Topic, f.Text, f.Period.Raw, f.Series, f.SourceID, f.Keywords, f.Aliases, figureValue(f.Figure), f.Figure.Unit})
	if err != nil {
		return nil, fmt.Errorf("cannot hash seed fact %s: %w", f.Key, err)
	}

	var id int64
	var current int
	var oldHash string
	err = tx.QueryRowContext(ctx, `SELECT id, current_version, seed_hash FROM facts WHERE key = ?`, f.Key).Scan(&id, &current, &oldHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, `
			INSERT INTO facts (key, current_version, seed_hash, position, origin, created_by, created_at)
			VALUES (?, 1, ?, ?, 'seed', ?, ?)`, f.Key, hash, position, SeedAuthor, now)
		if err != nil {
			return nil, fmt.Errorf("cannot seed fact %s: %w", f.Key, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return nil, fmt.Errorf("cannot seed fact %s: %w", f.Key, err)
		}
		if err := insertVersion(ctx, tx, id, 1, f, "seed", SeedAuthor, "", "", now); err != nil {
			return nil, err
		}
		report.Added++
		return indexFact(ctx, tx, id, f, topicTitle, "")
	case err != nil:
		return nil, fmt.Errorf("cannot look up seed fact %s: %w", f.Key, err)
	case oldHash == hash:
		return nil, nil
	}

	var touched int
	if err := tx.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM fact_versions WHERE fact_id = ? AND change NOT IN ('seed', 'seed-update')`, id).Scan(&touched); err != nil {
		return nil, fmt.Errorf("cannot check history of %s: %w", f.Key, err)
	}
	if touched > 0 {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO seed_conflicts (fact_key, seed_hash, seed_text, detected_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (fact_key) DO UPDATE SET seed_hash = excluded.seed_hash, seed_text = excluded.seed_text,
				detected_at = excluded.detected_at`, f.Key, hash, f.Text, now); err != nil {
			return nil, fmt.Errorf("cannot record seed conflict for %s: %w", f.Key, err)
		}
		report.Conflicts++
		return nil, nil
	}
	old, err := currentIndexTerms(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := insertVersion(ctx, tx, id, current+1, f, "seed-update", SeedAuthor, "", "", now); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE facts SET current_version = ?, seed_hash = ?, position = ? WHERE id = ?`,
		current+1, hash, position, id); err != nil {
		return nil, fmt.Errorf("cannot update seed fact %s: %w", f.Key, err)
	}
	report.Updated++
	return indexFact(ctx, tx, id, f, topicTitle, old)
}

// insertVersion appends one version of a fact.
func insertVersion(ctx context.Context, tx *sql.Tx, id int64, version int, f bot.Fact, change, author, platform, chat, now string) error {
	keywords, _ := json.Marshal(nonNil(f.Keywords))
	aliases, _ := json.Marshal(nonNil(f.Aliases))
	removed := 0
	if f.Removed {
		removed = 1
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO fact_versions (fact_id, version, topic, text, period, series, keywords, aliases, source_id,
			removed, change, author, platform, chat, created_at, value, unit)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, version, f.Topic, f.Text, f.Period.Raw, f.Series, string(keywords), string(aliases), f.SourceID,
		removed, change, author, platform, chat, now, figureValue(f.Figure), f.Figure.Unit); err != nil {
		return fmt.Errorf("cannot save version %d of fact %s: %w", version, f.Key, err)
	}
	return nil
}

// figureValue is a figure's value as stored: nil (NULL) when the fact
// states no figure.
func figureValue(f bot.Figure) *float64 {
	if f.IsZero() {
		return nil
	}
	return &f.Value
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// SeedHash identifies a set of seeds: Seed records the hash of the set it
// applied, and skips a set whose hash it recorded last.
func SeedHash(seeds bot.Seeds) (string, error) {
	hash, err := hashJSON(seeds)
	if err != nil {
		return "", fmt.Errorf("cannot hash seeds: %w", err)
	}
	return hash, nil
}

// SeedsApplied reports whether the seeds with this hash (see SeedHash)
// were the last applied to the database, so a caller that knows the hash
// of its seeds beforehand need not read them to learn that Seed would
// skip them.
func (db *DB) SeedsApplied(ctx context.Context, hash string) (bool, error) {
	var applied string
	err := db.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'seed_hash'`).Scan(&applied)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("cannot read seed state: %w", err)
	}
	return applied == hash, nil
}

func hashJSON(v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}
