package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/understand"
)

// importV2 applies a format 2 Dump: a restore into an empty database, a
// merge into one in use (see Import).
func (db *DB) importV2(ctx context.Context, d Dump, by bot.Actor) (ImportReport, error) {
	var report ImportReport
	if err := db.validateDumpV2(ctx, d); err != nil {
		return report, err
	}
	defer db.beginIndexWrite()()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return report, fmt.Errorf("cannot begin import: %w", err)
	}
	defer tx.Rollback()
	empty, err := isEmpty(ctx, tx)
	if err != nil {
		return report, err
	}
	if empty {
		report, err = db.restoreTx(ctx, tx, d)
	} else {
		report, err = db.mergeTx(ctx, tx, d, by)
	}
	if err != nil {
		return report, err
	}
	if err := tx.Commit(); err != nil {
		return report, fmt.Errorf("cannot commit import: %w", err)
	}
	// Many facts changed at once: the index is read again rather than
	// followed change by change.
	if err := db.loadVocabulary(ctx); err != nil {
		return report, fmt.Errorf("imported, but cannot read the search index again: %w", err)
	}
	if err := db.loadLexicon(ctx); err != nil {
		return report, fmt.Errorf("imported, but cannot read the lexicon again: %w", err)
	}
	return report, nil
}

// isEmpty reports whether the database holds nothing anyone made: no
// facts, topics, sources, audit entries or suggestions.
func isEmpty(ctx context.Context, tx *sql.Tx) (bool, error) {
	var used int
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM facts) OR EXISTS (SELECT 1 FROM topics) OR EXISTS (SELECT 1 FROM sources)
		OR EXISTS (SELECT 1 FROM audit) OR EXISTS (SELECT 1 FROM suggestions)`).Scan(&used)
	if err != nil {
		return false, fmt.Errorf("cannot tell whether the database is empty: %w", err)
	}
	return used == 0, nil
}

// restoreTx writes every record of d as it was exported, ids and times
// included.
func (db *DB) restoreTx(ctx context.Context, tx *sql.Tx, d Dump) (ImportReport, error) {
	report := ImportReport{Restored: true}
	now := db.timestamp()
	if d.SeedHash != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('seed_hash', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, d.SeedHash); err != nil {
			return report, fmt.Errorf("cannot restore seed state: %w", err)
		}
	}
	for _, s := range d.Sources {
		if err := insertSource(ctx, tx, s, "import", "", now); err != nil {
			return report, err
		}
	}
	for _, t := range d.Topics {
		if _, err := tx.ExecContext(ctx, `INSERT INTO topics (name, title, description, position, origin, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, t.Name, t.Title, t.Description, t.Position, or(t.Origin, "import"), t.CreatedBy, or(t.CreatedAt, now)); err != nil {
			return report, fmt.Errorf("cannot restore topic %s: %w", t.Name, err)
		}
	}
	for _, a := range d.Aliases {
		if err := insertAlias(ctx, tx, a); err != nil {
			return report, err
		}
	}
	titles, err := topicTitles(ctx, tx)
	if err != nil {
		return report, err
	}
	for _, f := range d.Facts {
		if err := db.insertDumpFact(ctx, tx, f, f.Position, titles); err != nil {
			return report, err
		}
		report.Added++
		report.Versions += len(f.Versions)
	}
	for _, a := range d.Audit {
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit (id, at, actor, platform, chat, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.At, a.Actor, a.Platform, a.Chat, a.Action, a.Subject, a.Detail); err != nil {
			return report, fmt.Errorf("cannot restore audit entry %d: %w", a.ID, err)
		}
		report.Audit++
	}
	for _, s := range d.Suggestions {
		if err := insertSuggestion(ctx, tx, s, true); err != nil {
			return report, err
		}
		report.Suggestions++
	}
	for _, n := range d.Notices {
		if err := insertNotice(ctx, tx, n); err != nil {
			return report, err
		}
	}
	for _, c := range d.SeedConflicts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO seed_conflicts (fact_key, seed_hash, seed_text, detected_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (fact_key) DO NOTHING`, c.FactKey, c.SeedHash, c.SeedText, c.DetectedAt); err != nil {
			return report, fmt.Errorf("cannot restore seed conflict of %s: %w", c.FactKey, err)
		}
	}
	for _, w := range d.Lexicon {
		if err := insertSynonym(ctx, tx, w); err != nil {
			return report, err
		}
	}
	return report, nil
}

// mergeTx adds what d has and the database lacks, never overwriting newer
// moderator work (see Import).
func (db *DB) mergeTx(ctx context.Context, tx *sql.Tx, d Dump, by bot.Actor) (ImportReport, error) {
	var report ImportReport
	now := db.timestamp()
	for _, s := range d.Sources {
		if err := insertSource(ctx, tx, s, "import", by.Name, now); err != nil {
			return report, err
		}
	}
	for _, t := range d.Topics {
		if _, err := tx.ExecContext(ctx, `INSERT INTO topics (name, title, description, position, origin, created_by, created_at)
			VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM topics), ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
			t.Name, t.Title, t.Description, or(t.Origin, "import"), or(t.CreatedBy, by.Name), or(t.CreatedAt, now)); err != nil {
			return report, fmt.Errorf("cannot import topic %s: %w", t.Name, err)
		}
	}
	for _, a := range d.Aliases {
		var topic string
		err := tx.QueryRowContext(ctx, `SELECT topic FROM topic_aliases WHERE alias = ?`, a.Alias).Scan(&topic)
		if errors.Is(err, sql.ErrNoRows) {
			err = insertAlias(ctx, tx, a)
		}
		if err != nil {
			return report, fmt.Errorf("cannot import alias %s: %w", a.Alias, err)
		}
	}
	titles, err := topicTitles(ctx, tx)
	if err != nil {
		return report, err
	}
	for _, f := range d.Facts {
		if err := db.mergeFact(ctx, tx, f, titles, &report); err != nil {
			return report, err
		}
	}
	for _, a := range d.Audit {
		res, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, platform, chat, action, subject, detail)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1 FROM audit
				WHERE at = ?1 AND actor = ?2 AND platform = ?3 AND chat = ?4 AND action = ?5 AND subject = ?6 AND detail = ?7)`,
			a.At, a.Actor, a.Platform, a.Chat, a.Action, a.Subject, a.Detail)
		if err != nil {
			return report, fmt.Errorf("cannot import audit entry %d: %w", a.ID, err)
		}
		n, _ := res.RowsAffected()
		report.Audit += int(n)
	}
	for _, s := range d.Suggestions {
		n, err := mergeSuggestion(ctx, tx, s)
		if err != nil {
			return report, err
		}
		report.Suggestions += n
	}
	for _, n := range d.Notices {
		var known int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notices WHERE platform = ? AND user_id = ? AND text = ? AND created_at = ?`,
			n.Platform, n.UserID, n.Text, n.CreatedAt).Scan(&known); err != nil {
			return report, fmt.Errorf("cannot import notice: %w", err)
		}
		if known == 0 {
			if err := insertNotice(ctx, tx, n); err != nil {
				return report, err
			}
		}
	}
	for _, c := range d.SeedConflicts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO seed_conflicts (fact_key, seed_hash, seed_text, detected_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (fact_key) DO NOTHING`, c.FactKey, c.SeedHash, c.SeedText, c.DetectedAt); err != nil {
			return report, fmt.Errorf("cannot import seed conflict of %s: %w", c.FactKey, err)
		}
	}
	// A word with a history here already keeps it: only words new to this
	// database come in, so newer moderator work is never overwritten.
	for _, w := range d.Lexicon {
		var known int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM lexicon WHERE word = ?`, w.Word).Scan(&known); err != nil {
			return report, fmt.Errorf("cannot import synonym %q: %w", w.Word, err)
		}
		if known == 0 {
			if err := insertSynonym(ctx, tx, w); err != nil {
				return report, err
			}
		}
	}
	detail := fmt.Sprintf("added %d, updated %d, unchanged %d, kept %d", report.Added, report.Updated, report.Unchanged, len(report.Kept))
	if err := audit(ctx, tx, now, by, "import", "facts", detail); err != nil {
		return report, err
	}
	return report, nil
}

// mergeFact merges one fact's history into the database.
func (db *DB) mergeFact(ctx context.Context, tx *sql.Tx, f DumpFact, titles map[string]string, report *ImportReport) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM facts WHERE key = ?`, f.Key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		var position int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM facts`).Scan(&position); err != nil {
			return fmt.Errorf("cannot import fact %s: %w", f.Key, err)
		}
		if err := db.insertDumpFact(ctx, tx, f, position, titles); err != nil {
			return err
		}
		report.Added++
		report.Versions += len(f.Versions)
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot read fact %s: %w", f.Key, err)
	}
	local, err := factVersions(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("cannot read history of %s: %w", f.Key, err)
	}
	common := 0
	for common < len(local) && common < len(f.Versions) && sameVersion(local[common], f.Versions[common]) {
		common++
	}
	theirs := f.Versions[common:]
	switch {
	case len(theirs) == 0:
		report.Unchanged++
		return nil
	case common < len(local) && !olderWork(local[common:], theirs):
		report.Kept = append(report.Kept, f.Key)
		return nil
	}
	old, err := currentIndexTerms(ctx, tx, id)
	if err != nil {
		return err
	}
	var current bot.Fact
	for i, v := range theirs {
		current = versionFact(f.Key, v)
		number := len(local) + i + 1
		if err := insertVersion(ctx, tx, id, number, current, v.Change, v.Author, v.Platform, v.Chat, v.CreatedAt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE facts SET current_version = ? WHERE id = ?`, len(local)+len(theirs), id); err != nil {
		return fmt.Errorf("cannot import fact %s: %w", f.Key, err)
	}
	if _, err := indexFact(ctx, tx, id, current, titles[current.Topic], old); err != nil {
		return err
	}
	report.Updated++
	report.Versions += len(theirs)
	return nil
}

// olderWork reports whether the versions made here since the histories
// parted (ours) may give way to the dump's (theirs): they are only seed
// updates, or the dump's last change is newer than ours.
func olderWork(ours, theirs []DumpVersion) bool {
	moderated := slices.ContainsFunc(ours, func(v DumpVersion) bool { return v.Change != "seed" && v.Change != "seed-update" })
	if !moderated {
		return true
	}
	last := func(vs []DumpVersion) time.Time {
		t, _ := time.Parse(time.RFC3339Nano, vs[len(vs)-1].CreatedAt)
		return t
	}
	return last(theirs).After(last(ours))
}

// sameVersion reports whether two versions say the same and came about
// the same way; who made them and when may differ (the seeds, applied to
// two databases at different times).
func sameVersion(a, b DumpVersion) bool {
	return a.Topic == b.Topic && a.Text == b.Text && a.Period == b.Period && a.Series == b.Series && a.figure() == b.figure() &&
		slices.Equal(nonNil(a.Keywords), nonNil(b.Keywords)) && slices.Equal(nonNil(a.Aliases), nonNil(b.Aliases)) &&
		a.SourceID == b.SourceID && a.Removed == b.Removed && a.Change == b.Change
}

// factVersions reads a fact's history in the dump's terms.
func factVersions(ctx context.Context, tx *sql.Tx, id int64) ([]DumpVersion, error) {
	var out []DumpVersion
	err := eachRow(ctx, tx, `SELECT version, topic, text, period, series, value, unit, keywords, aliases, source_id, removed, change, author, platform, chat, created_at
		FROM fact_versions WHERE fact_id = ? ORDER BY version`, func(r *sql.Rows) error {
		var v DumpVersion
		var keywords, aliases string
		if err := r.Scan(&v.Version, &v.Topic, &v.Text, &v.Period, &v.Series, &v.Value, &v.Unit, &keywords, &aliases, &v.SourceID, &v.Removed,
			&v.Change, &v.Author, &v.Platform, &v.Chat, &v.CreatedAt); err != nil {
			return err
		}
		if err := decodeStringList(keywords, &v.Keywords); err != nil {
			return err
		}
		if err := decodeStringList(aliases, &v.Aliases); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, id)
	return out, err
}

// versionFact is a version of fact key as the store's writers take it.
func versionFact(key string, v DumpVersion) bot.Fact {
	period, _ := bot.ParsePeriod(v.Period)
	return bot.Fact{Key: key, Topic: v.Topic, Text: v.Text, Period: period, Series: v.Series, Figure: v.figure(),
		Keywords: v.Keywords, Aliases: v.Aliases, SourceID: v.SourceID, Removed: v.Removed}
}

// insertDumpFact adds a fact with its whole history at position, and
// indexes its current version.
func (db *DB) insertDumpFact(ctx context.Context, tx *sql.Tx, f DumpFact, position int, titles map[string]string) error {
	last := f.Versions[len(f.Versions)-1]
	res, err := tx.ExecContext(ctx, `INSERT INTO facts (key, current_version, seed_hash, position, origin, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, f.Key, len(f.Versions), f.SeedHash, position, or(f.Origin, "moderator"),
		or(f.CreatedBy, f.Versions[0].Author), or(f.CreatedAt, f.Versions[0].CreatedAt))
	if err != nil {
		return fmt.Errorf("cannot import fact %s: %w", f.Key, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("cannot import fact %s: %w", f.Key, err)
	}
	for _, v := range f.Versions {
		if err := insertVersion(ctx, tx, id, v.Version, versionFact(f.Key, v), v.Change, v.Author, v.Platform, v.Chat, v.CreatedAt); err != nil {
			return err
		}
	}
	current := versionFact(f.Key, last)
	_, err = indexFact(ctx, tx, id, current, titles[current.Topic], "")
	return err
}

func insertSource(ctx context.Context, tx *sql.Tx, s DumpSource, origin, by, now string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO sources (id, title, publisher, published, url, approx_date, origin, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		s.ID, s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate, or(s.Origin, origin), or(s.CreatedBy, by), or(s.CreatedAt, now))
	if err != nil {
		return fmt.Errorf("cannot import source %s: %w", s.ID, err)
	}
	// A source new to this database starts its history, as every source
	// does (see migration 0004_source_versions).
	if added, _ := res.RowsAffected(); added == 1 {
		change := "import"
		if or(s.Origin, origin) == "seed" {
			change = "seed"
		}
		v := bot.Source{ID: s.ID, Title: s.Title, Publisher: s.Publisher, Published: s.Published, URL: s.URL, ApproxDate: s.ApproxDate, Version: 1}
		// The version records who brought the source in, and when.
		return insertSourceVersion(ctx, tx, v, change, bot.Actor{Name: by}, now)
	}
	return nil
}

// insertSynonym writes a moderator's synonym with its whole history.
func insertSynonym(ctx context.Context, tx *sql.Tx, w DumpSynonym) error {
	for _, v := range w.Versions {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO lexicon_versions (word, version, means, removed, change, author, platform, chat, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			w.Word, v.Version, v.Means, v.Removed, v.Change, v.Author, v.Platform, v.Chat, v.CreatedAt); err != nil {
			return fmt.Errorf("cannot import synonym %q: %w", w.Word, err)
		}
	}
	last := w.Versions[len(w.Versions)-1]
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO lexicon (word, means, version, removed, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		w.Word, last.Means, last.Version, last.Removed, last.Author, last.CreatedAt); err != nil {
		return fmt.Errorf("cannot import synonym %q: %w", w.Word, err)
	}
	return nil
}

func insertAlias(ctx context.Context, tx *sql.Tx, a DumpAlias) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO topic_aliases (alias, topic, origin, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		a.Alias, a.Topic, or(a.Origin, "import"), a.CreatedBy, a.CreatedAt); err != nil {
		return fmt.Errorf("cannot import alias %s: %w", a.Alias, err)
	}
	return nil
}

// insertSuggestion adds a suggestion, under its own number when withID
// is set.
func insertSuggestion(ctx context.Context, tx *sql.Tx, s DumpSuggestion, withID bool) error {
	var id any
	if withID {
		id = s.ID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO suggestions (id, text, source_url, source_title, topic, by_platform, by_chat, by_user, by_name,
			created_at, status, decided_by, decided_at, reason, fact_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, s.Text, s.SourceURL, s.SourceTitle, s.Topic, s.ByPlatform, s.ByChat, s.ByUser, s.ByName,
		s.CreatedAt, s.Status, s.DecidedBy, s.DecidedAt, s.Reason, s.FactKey); err != nil {
		return fmt.Errorf("cannot import suggestion %d: %w", s.ID, err)
	}
	return nil
}

// mergeSuggestion adds a suggestion the database does not have (under its
// number if that is free), or records the decision on one it has as
// pending. It returns how many suggestions it wrote.
func mergeSuggestion(ctx context.Context, tx *sql.Tx, s DumpSuggestion) (int, error) {
	var id int64
	var status string
	err := tx.QueryRowContext(ctx, `SELECT id, status FROM suggestions WHERE by_platform = ? AND by_user = ? AND created_at = ? AND text = ?`,
		s.ByPlatform, s.ByUser, s.CreatedAt, s.Text).Scan(&id, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM suggestions WHERE id = ?`, s.ID).Scan(&taken); err != nil {
			return 0, fmt.Errorf("cannot import suggestion %d: %w", s.ID, err)
		}
		return 1, insertSuggestion(ctx, tx, s, taken == 0)
	case err != nil:
		return 0, fmt.Errorf("cannot import suggestion %d: %w", s.ID, err)
	case status == "pending" && s.Status != "pending":
		if _, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = ?, decided_by = ?, decided_at = ?, reason = ?, fact_key = ? WHERE id = ?`,
			s.Status, s.DecidedBy, s.DecidedAt, s.Reason, s.FactKey, id); err != nil {
			return 0, fmt.Errorf("cannot import the decision on suggestion %d: %w", s.ID, err)
		}
		return 1, nil
	}
	return 0, nil
}

func insertNotice(ctx context.Context, tx *sql.Tx, n DumpNotice) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO notices (platform, chat, user_id, text, created_at) VALUES (?, ?, ?, ?, ?)`,
		n.Platform, n.Chat, n.UserID, n.Text, n.CreatedAt); err != nil {
		return fmt.Errorf("cannot import notice: %w", err)
	}
	return nil
}

func topicTitles(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	titles := map[string]string{}
	err := eachRow(ctx, tx, `SELECT name, title FROM topics`, func(r *sql.Rows) error {
		var name, title string
		err := r.Scan(&name, &title)
		titles[name] = title
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read topics: %w", err)
	}
	return titles, nil
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// validateDumpV2 checks every record of a format 2 dump and reports all
// problems, each naming its record, before anything is written.
func (db *DB) validateDumpV2(ctx context.Context, d Dump) error {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	when := func(where, field, value string) {
		if _, err := time.Parse(time.RFC3339Nano, value); err != nil {
			fail("%s: %s %q is not an RFC 3339 time", where, field, value)
		}
	}

	sources, err := db.checkDumpSources(ctx, d.Sources, fail)
	if err != nil {
		return err
	}
	topics := map[string]bool{}
	knownTopics, err := db.Topics(ctx)
	if err != nil {
		return err
	}
	for _, t := range knownTopics {
		topics[t.Name] = true
	}
	for i, t := range d.Topics {
		where := fmt.Sprintf("topics[%d] (%q)", i, t.Name)
		if !topicNamePattern().MatchString(t.Name) {
			fail("%s: name must be 1-32 characters of a-z, 0-9 and _", where)
		}
		if len(t.Aliases) > 0 {
			fail("%s: format 2 lists aliases in \"aliases\", not in the topic", where)
		}
		topics[t.Name] = true
	}
	aliases := map[string]bool{}
	for i, a := range d.Aliases {
		where := fmt.Sprintf("aliases[%d] (%q)", i, a.Alias)
		if strings.TrimSpace(a.Alias) == "" || !topics[a.Topic] {
			fail("%s: an alias needs a name and a known topic", where)
		}
		if aliases[a.Alias] {
			fail("%s: alias appears twice", where)
		}
		aliases[a.Alias] = true
	}
	keys := map[string]bool{}
	for i, f := range d.Facts {
		where := fmt.Sprintf("facts[%d] (%q)", i, f.Key)
		if !factKeyPattern().MatchString(f.Key) || len(f.Key) > 60 {
			fail("%s: key must be lowercase kebab-case, at most 60 characters", where)
		}
		if keys[f.Key] {
			fail("%s: key appears twice", where)
		}
		keys[f.Key] = true
		if len(f.Versions) == 0 {
			fail("%s: no versions", where)
			continue
		}
		if f.CreatedAt != "" {
			when(where, "created_at", f.CreatedAt)
		}
		// The figure repeated beside the versions, for people reading the
		// file, is checked like theirs.
		if err := validateDumpFigure(f.Value, f.Unit); err != nil {
			fail("%s: %v", where, err)
		}
		for j, v := range f.Versions {
			at := fmt.Sprintf("%s.versions[%d]", where, j)
			if v.Version != j+1 {
				fail("%s: version %d, want %d: versions are numbered from 1 without gaps", at, v.Version, j+1)
			}
			if !topics[v.Topic] {
				fail("%s: unknown topic %q", at, v.Topic)
			}
			if !sources[v.SourceID] {
				fail("%s: unknown source %q", at, v.SourceID)
			}
			if j == len(f.Versions)-1 {
				if err := bot.ValidateFactText(v.Text); err != nil {
					fail("%s: %v", at, err)
				}
			} else if strings.TrimSpace(v.Text) == "" || !utf8.ValidString(v.Text) {
				fail("%s: the text must be valid, non-empty UTF-8", at)
			}
			if _, err := bot.ParsePeriod(v.Period); err != nil {
				fail("%s: %v", at, err)
			}
			if err := validateDumpFigure(v.Value, v.Unit); err != nil {
				fail("%s: %v", at, err)
			}
			if v.Change == "" || v.Author == "" {
				fail("%s: change and author are required", at)
			}
			when(at, "created_at", v.CreatedAt)
		}
	}
	ids := map[int64]bool{}
	for i, a := range d.Audit {
		where := fmt.Sprintf("audit[%d] (%d)", i, a.ID)
		if a.ID <= 0 || ids[a.ID] || a.Action == "" {
			fail("%s: an audit entry needs a unique positive id and an action", where)
		}
		ids[a.ID] = true
		when(where, "at", a.At)
	}
	clear(ids)
	for i, s := range d.Suggestions {
		where := fmt.Sprintf("suggestions[%d] (%d)", i, s.ID)
		if s.ID <= 0 || ids[s.ID] {
			fail("%s: a suggestion needs a unique positive id", where)
		}
		ids[s.ID] = true
		if !slices.Contains([]string{"pending", "approved", "rejected"}, s.Status) {
			fail("%s: status %q is not pending, approved or rejected", where, s.Status)
		}
		if strings.TrimSpace(s.Text) == "" || s.ByPlatform == "" || s.ByUser == "" {
			fail("%s: text and suggester are required", where)
		}
		when(where, "created_at", s.CreatedAt)
	}
	for i, n := range d.Notices {
		if n.Platform == "" || n.UserID == "" || n.Text == "" {
			fail("notices[%d]: platform, user and text are required", i)
		}
	}
	for i, w := range d.Lexicon {
		where := fmt.Sprintf("lexicon[%d] (%q)", i, w.Word)
		if len(w.Versions) == 0 {
			fail("%s: no versions", where)
		}
		for j, v := range w.Versions {
			e := understand.Entry{Words: []string{w.Word}, Means: v.Means}
			if err := e.Validate(); err != nil {
				fail("%s: %v", where, err)
			}
			if v.Version != j+1 {
				fail("%s: versions must count from 1 without gaps", where)
			}
			when(where, "created_at", v.CreatedAt)
		}
	}
	if len(problems) > 0 {
		return bot.Userf("import refused, nothing was changed; %s:\n%s", bot.Count(len(problems), "problem", "problems"), strings.Join(problems, "\n"))
	}
	return nil
}

// checkDumpSources checks a dump's sources, reporting problems through
// fail, and returns the ids of the sources known once it is applied: the
// database's and the dump's.
func (db *DB) checkDumpSources(ctx context.Context, dumped []DumpSource, fail func(string, ...any)) (map[string]bool, error) {
	sources := map[string]bool{}
	known, err := db.Sources(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range known {
		sources[s.ID] = true
	}
	for i, s := range dumped {
		where := fmt.Sprintf("sources[%d] (%q)", i, s.ID)
		if s.ID == "" || strings.TrimSpace(s.Title) == "" {
			fail("%s: id and title are required", where)
		}
		if s.URL != "" {
			if err := bot.ValidateSourceURL(s.URL); err != nil {
				fail("%s: %v", where, err)
			}
		}
		for _, date := range []string{s.Published, s.ApproxDate} {
			if _, err := bot.ParsePeriod(date); err != nil {
				fail("%s: %v", where, err)
			}
		}
		if s.CreatedAt != "" {
			if _, err := time.Parse(time.RFC3339Nano, s.CreatedAt); err != nil {
				fail("%s: created_at %q is not an RFC 3339 time", where, s.CreatedAt)
			}
		}
		sources[s.ID] = true
	}
	return sources, nil
}
