package knowledge

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// sourceColumns selects sources with how many current, live facts cite
// each; scanSource reads them back. The counts come from one pass over the
// facts, not one query per source.
const sourceColumns = `s.id, s.title, s.publisher, s.published, s.url, s.approx_date, s.version, COALESCE(c.n, 0)
	FROM sources s LEFT JOIN (
		SELECT v.source_id, COUNT(*) AS n FROM facts f
		JOIN fact_versions v ON v.fact_id = f.id AND v.version = f.current_version
		WHERE v.removed = 0 GROUP BY v.source_id
	) c ON c.source_id = s.id`

func scanSource(row scanner) (bot.Source, error) {
	var s bot.Source
	err := row.Scan(&s.ID, &s.Title, &s.Publisher, &s.Published, &s.URL, &s.ApproxDate, &s.Version, &s.FactCount)
	return s, err
}

// Sources lists every source, built-in ones first, with how many current
// facts cite each. Sources no fact cites any more are listed too.
func (db *DB) Sources(ctx context.Context) ([]bot.Source, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+sourceColumns+` ORDER BY s.origin != 'seed', s.id`)
	if err != nil {
		return nil, fmt.Errorf("cannot list sources: %w", err)
	}
	defer rows.Close()
	var sources []bot.Source
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("cannot list sources: %w", err)
		}
		sources = append(sources, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cannot list sources: %w", err)
	}
	return sources, nil
}

// Source returns one source with how many current facts cite it.
func (db *DB) Source(ctx context.Context, id string) (bot.Source, error) {
	s, err := scanSource(db.read.QueryRowContext(ctx, `SELECT `+sourceColumns+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("source %q: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("cannot read source %s: %w", id, err)
	}
	return s, nil
}

// SourceVersion is one entry of a source's history.
type SourceVersion struct {
	Source bot.Source
	// Change is seed, seed-update, add, edit or import.
	Change   string
	Author   string
	Platform bot.Platform
	ChatID   string
	At       time.Time
}

// SourceHistory lists every version of a source, oldest first.
func (db *DB) SourceHistory(ctx context.Context, id string) ([]SourceVersion, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT version, title, publisher, published, url, approx_date, change, author, platform, chat, created_at
		FROM source_versions WHERE source_id = ? ORDER BY version`, id)
	if err != nil {
		return nil, fmt.Errorf("cannot read history of source %s: %w", id, err)
	}
	defer rows.Close()
	var versions []SourceVersion
	for rows.Next() {
		v := SourceVersion{Source: bot.Source{ID: id}}
		var platform, at string
		if err := rows.Scan(&v.Source.Version, &v.Source.Title, &v.Source.Publisher, &v.Source.Published, &v.Source.URL, &v.Source.ApproxDate,
			&v.Change, &v.Author, &platform, &v.ChatID, &at); err != nil {
			return nil, fmt.Errorf("cannot read history of source %s: %w", id, err)
		}
		v.Platform = bot.Platform(platform)
		v.At, _ = time.Parse(time.RFC3339Nano, at)
		versions = append(versions, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cannot read history of source %s: %w", id, err)
	}
	if len(versions) == 0 {
		return nil, fmt.Errorf("source %q: %w", id, bot.ErrNotFound)
	}
	return versions, nil
}

// EditSource corrects a source as a new version, written together with its
// audit entry. A release never overwrites a source a moderator corrected:
// its own correction is listed by SeedConflicts instead.
func (db *DB) EditSource(ctx context.Context, id string, edit bot.SourceEdit, by bot.Actor) (bot.Source, error) {
	id = strings.TrimSpace(id)
	if edit.IsZero() {
		return bot.Source{}, bot.Userf("Nothing to change: give a new %s.", strings.Join(bot.SourceFields(), ", "))
	}
	if err := edit.Validate(); err != nil {
		return bot.Source{}, err
	}
	defer db.beginIndexWrite()()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return bot.Source{}, fmt.Errorf("cannot begin editing source %s: %w", id, err)
	}
	defer tx.Rollback()
	cur, _, err := readSource(ctx, tx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Source{}, fmt.Errorf("source %q: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return bot.Source{}, fmt.Errorf("cannot read source %s: %w", id, err)
	}
	next := edit.Apply(cur)
	if sameSource(cur, next) {
		return bot.Source{}, bot.Userf("Source %s already says that; nothing changed.", id)
	}
	if next.URL != "" && next.URL != cur.URL {
		var other string
		err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE url = ? AND id != ? LIMIT 1`, next.URL, id).Scan(&other)
		if err == nil {
			return bot.Source{}, bot.Userf("%s is already the address of source %s; one page is one source.", next.URL, other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return bot.Source{}, fmt.Errorf("cannot look up source by URL: %w", err)
		}
	}
	now := db.timestamp()
	next.Version = cur.Version + 1
	if err := insertSourceVersion(ctx, tx, next, "edit", by, now); err != nil {
		return bot.Source{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sources SET title = ?, publisher = ?, published = ?, url = ?, version = ? WHERE id = ?`,
		next.Title, next.Publisher, next.Published, next.URL, next.Version, id); err != nil {
		return bot.Source{}, fmt.Errorf("cannot update source %s: %w", id, err)
	}
	change, err := sourceChanged(ctx, tx, next)
	if err != nil {
		return bot.Source{}, err
	}
	if err := audit(ctx, tx, now, by, "edit-source", id, sourceChanges(cur, next)); err != nil {
		return bot.Source{}, err
	}
	if err := tx.Commit(); err != nil {
		return bot.Source{}, fmt.Errorf("cannot commit edit of source %s: %w", id, err)
	}
	db.applyIndexChanges([]indexChange{*change})
	return db.Source(ctx, id)
}

// readSource reads a source's current fields and its origin inside tx.
func readSource(ctx context.Context, tx *sql.Tx, id string) (bot.Source, string, error) {
	s := bot.Source{ID: id}
	var origin string
	err := tx.QueryRowContext(ctx, `SELECT title, publisher, published, url, approx_date, version, origin FROM sources WHERE id = ?`, id).
		Scan(&s.Title, &s.Publisher, &s.Published, &s.URL, &s.ApproxDate, &s.Version, &origin)
	return s, origin, err
}

// sameSource reports whether two sources say the same, whatever their
// versions and counts.
func sameSource(a, b bot.Source) bool {
	return a.Title == b.Title && a.Publisher == b.Publisher && a.Published == b.Published && a.URL == b.URL && a.ApproxDate == b.ApproxDate
}

// sourceChanges describes for the audit log what an edit changed.
func sourceChanges(old, cur bot.Source) string {
	var changes []string
	for _, f := range []struct{ name, old, cur string }{
		{"title", old.Title, cur.Title}, {"publisher", old.Publisher, cur.Publisher},
		{"url", old.URL, cur.URL}, {"published", old.Published, cur.Published},
	} {
		switch {
		case f.old == f.cur:
		case f.cur == "":
			changes = append(changes, f.name+": (unknown)")
		default:
			changes = append(changes, f.name+": "+f.cur)
		}
	}
	return strings.Join(changes, "; ")
}

// insertSourceVersion appends s as version s.Version of its source.
func insertSourceVersion(ctx context.Context, tx *sql.Tx, s bot.Source, change string, by bot.Actor, now string) error {
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO source_versions (source_id, version, title, publisher, published, url, approx_date,
			change, author, platform, chat, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.Version, s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate,
		change, by.Name, string(by.Platform), by.ChatID, now); err != nil {
		return fmt.Errorf("cannot save version %d of source %s: %w", s.Version, s.ID, err)
	}
	return nil
}

// seedSource applies one seed source inside the seeding transaction, as
// seedFact does for facts: a new source is added; a source the release
// changed gets a new version unless a moderator has corrected it, in which
// case the release's version is recorded as a conflict. Sources that
// moderators or imports made are never touched. A source the release
// changed comes back as an index change, as answers cite it from the
// index; otherwise the change is nil.
func (db *DB) seedSource(ctx context.Context, tx *sql.Tx, s bot.Source, now string, report *SeedReport) (*indexChange, error) {
	hash, err := hashJSON(struct{ Title, Publisher, Published, URL, ApproxDate string }{s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate})
	if err != nil {
		return nil, fmt.Errorf("cannot hash seed source %s: %w", s.ID, err)
	}
	s.Version, s.FactCount = 1, 0
	cur, origin, err := readSource(ctx, tx, s.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO sources (id, title, publisher, published, url, approx_date, version, seed_hash, origin, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, 'seed', ?, ?)`,
			s.ID, s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate, hash, SeedAuthor, now); err != nil {
			return nil, fmt.Errorf("cannot seed source %s: %w", s.ID, err)
		}
		report.SourcesAdded++
		return nil, insertSourceVersion(ctx, tx, s, "seed", bot.Actor{Name: SeedAuthor}, now)
	case err != nil:
		return nil, fmt.Errorf("cannot look up seed source %s: %w", s.ID, err)
	case origin != "seed":
		return nil, nil
	}
	var oldHash string
	if err := tx.QueryRowContext(ctx, `SELECT seed_hash FROM sources WHERE id = ?`, s.ID).Scan(&oldHash); err != nil {
		return nil, fmt.Errorf("cannot look up seed source %s: %w", s.ID, err)
	}
	if oldHash == hash {
		return nil, nil
	}
	if sameSource(cur, s) {
		// The database already says what the release says: an older
		// release wrote it before hashes were kept, or a moderator made
		// the same correction. Nothing conflicts any more.
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET seed_hash = ? WHERE id = ?`, hash, s.ID); err != nil {
			return nil, fmt.Errorf("cannot record seed state of source %s: %w", s.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM source_seed_conflicts WHERE source_id = ?`, s.ID); err != nil {
			return nil, fmt.Errorf("cannot clear seed conflict of source %s: %w", s.ID, err)
		}
		return nil, nil
	}

	var touched int
	if err := tx.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM source_versions WHERE source_id = ? AND change NOT IN ('seed', 'seed-update')`, s.ID).Scan(&touched); err != nil {
		return nil, fmt.Errorf("cannot check history of source %s: %w", s.ID, err)
	}
	if touched > 0 {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO source_seed_conflicts (source_id, seed_hash, title, publisher, published, url, approx_date, detected_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (source_id) DO UPDATE SET seed_hash = excluded.seed_hash, title = excluded.title,
				publisher = excluded.publisher, published = excluded.published, url = excluded.url,
				approx_date = excluded.approx_date, detected_at = excluded.detected_at`,
			s.ID, hash, s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate, now); err != nil {
			return nil, fmt.Errorf("cannot record seed conflict for source %s: %w", s.ID, err)
		}
		report.SourceConflicts++
		return nil, nil
	}
	s.Version = cur.Version + 1
	if err := insertSourceVersion(ctx, tx, s, "seed-update", bot.Actor{Name: SeedAuthor}, now); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE sources SET title = ?, publisher = ?, published = ?, url = ?, approx_date = ?, version = ?, seed_hash = ?
		WHERE id = ?`, s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate, s.Version, hash, s.ID); err != nil {
		return nil, fmt.Errorf("cannot update seed source %s: %w", s.ID, err)
	}
	report.SourcesUpdated++
	return sourceChanged(ctx, tx, s)
}

// ensureSource returns the id of the source with this URL, adding it first
// as version 1 if it is new.
func (db *DB) ensureSource(ctx context.Context, tx *sql.Tx, rawURL, title string, by bot.Actor, now string) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE url = ? ORDER BY origin != 'seed' LIMIT 1`, rawURL).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("cannot look up source: %w", err)
	}
	u, _ := url.Parse(rawURL)
	publisher := strings.TrimPrefix(u.Hostname(), "www.")
	if title == "" {
		title, publisher = publisher, ""
	}
	sum := sha256.Sum256([]byte(rawURL))
	base := "web_" + hex.EncodeToString(sum[:8])
	// The id made from this URL is taken only when a moderator has since
	// moved that source to another address; number the new one.
	for n := 1; ; n++ {
		id = base
		if n > 1 {
			id = fmt.Sprintf("%s_%d", base, n)
		}
		res, err := tx.ExecContext(ctx, `
			INSERT INTO sources (id, title, publisher, url, origin, created_by, created_at)
			VALUES (?, ?, ?, ?, 'moderator', ?, ?) ON CONFLICT (id) DO NOTHING`, id, title, publisher, rawURL, by.Name, now)
		if err != nil {
			return "", fmt.Errorf("cannot add source: %w", err)
		}
		if added, _ := res.RowsAffected(); added == 1 {
			break
		}
	}
	s := bot.Source{ID: id, Title: title, Publisher: publisher, URL: rawURL, Version: 1}
	if err := insertSourceVersion(ctx, tx, s, "add", by, now); err != nil {
		return "", err
	}
	return id, nil
}

// sourceChanged records in tx that answers citing s must show it anew, and
// returns the change for the index.
func sourceChanged(ctx context.Context, tx *sql.Tx, s bot.Source) (*indexChange, error) {
	gen, err := bumpGeneration(ctx, tx, loggedChange{sourceID: s.ID})
	if err != nil {
		return nil, err
	}
	citation := bot.Source{ID: s.ID, Title: s.Title, Publisher: s.Publisher, Published: s.Published, URL: s.URL, ApproxDate: s.ApproxDate}
	return &indexChange{source: &citation, gen: gen}, nil
}
