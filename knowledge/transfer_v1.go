package knowledge

import (
	"context"
	"fmt"
	"strings"

	"github.com/pakbot/pakbot/bot"
)

// Format 1 exports, written before exports kept history, are still read:
// they carry each fact's current version only.

// importV1 applies a format 1 Dump, which holds only the current version
// of each fact: new facts are added, facts that differ get a new version
// marked as an import, nothing is deleted.
func (db *DB) importV1(ctx context.Context, d Dump, by bot.Actor) (ImportReport, error) {
	var report ImportReport
	if err := db.validateDumpV1(ctx, d); err != nil {
		return report, err
	}
	defer db.beginIndexWrite()()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return report, fmt.Errorf("cannot begin import: %w", err)
	}
	defer tx.Rollback()
	now := db.timestamp()
	for _, s := range d.Sources {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO sources (id, title, publisher, published, url, approx_date, origin, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?) ON CONFLICT (id) DO NOTHING`,
			s.ID, s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate, by.Name, now); err != nil {
			return report, fmt.Errorf("cannot import source %s: %w", s.ID, err)
		}
	}
	titles := map[string]string{}
	for _, t := range d.Topics {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO topics (name, title, description, position, origin, created_by, created_at)
			VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM topics), 'import', ?, ?) ON CONFLICT (name) DO NOTHING`,
			t.Name, t.Title, t.Description, by.Name, now); err != nil {
			return report, fmt.Errorf("cannot import topic %s: %w", t.Name, err)
		}
		for _, a := range t.Aliases {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO topic_aliases (alias, topic, origin, created_by, created_at) VALUES (?, ?, 'import', ?, ?)
				ON CONFLICT (alias) DO NOTHING`, a, t.Name, by.Name, now); err != nil {
				return report, fmt.Errorf("cannot import alias %s: %w", a, err)
			}
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, title FROM topics`)
	if err != nil {
		return report, fmt.Errorf("cannot read topics: %w", err)
	}
	for rows.Next() {
		var name, title string
		if err := rows.Scan(&name, &title); err != nil {
			rows.Close()
			return report, fmt.Errorf("cannot read topics: %w", err)
		}
		titles[name] = title
	}
	rows.Close()

	var changes []indexChange
	for _, df := range d.Facts {
		period, _ := bot.ParsePeriod(df.Period)
		f := bot.Fact{Key: df.Key, Topic: df.Topic, Text: strings.TrimSpace(df.Text), Period: period, Series: df.Series,
			Figure: df.figure(), Keywords: df.Keywords, Aliases: df.Aliases, SourceID: df.SourceID, Removed: df.Removed}
		existing, err := queryFacts(ctx, tx, `f.key = ?`, df.Key)
		if err != nil {
			return report, fmt.Errorf("cannot read fact %s: %w", df.Key, err)
		}
		if len(existing) == 0 {
			origin := df.Origin
			if origin == "" {
				origin = "moderator"
			}
			res, err := tx.ExecContext(ctx, `
				INSERT INTO facts (key, current_version, position, origin, created_by, created_at)
				VALUES (?, 1, (SELECT COALESCE(MAX(position), 0) + 1 FROM facts), ?, ?, ?)`,
				f.Key, origin, firstNonEmpty(df.CreatedBy, by.Name), now)
			if err != nil {
				return report, fmt.Errorf("cannot import fact %s: %w", f.Key, err)
			}
			id, _ := res.LastInsertId()
			if err := insertVersion(ctx, tx, id, 1, f, "import", by.Name, string(by.Platform), by.ChatID, now); err != nil {
				return report, err
			}
			ic, err := indexFact(ctx, tx, id, f, titles[f.Topic], "")
			if err != nil {
				return report, err
			}
			changes = append(changes, *ic)
			report.Added++
			continue
		}
		cur := existing[0]
		if sameContent(cur.Fact, f) {
			report.Unchanged++
			continue
		}
		old, err := currentIndexTerms(ctx, tx, cur.id)
		if err != nil {
			return report, err
		}
		if err := insertVersion(ctx, tx, cur.id, cur.Version+1, f, "import", by.Name, string(by.Platform), by.ChatID, now); err != nil {
			return report, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE facts SET current_version = ? WHERE id = ?`, cur.Version+1, cur.id); err != nil {
			return report, fmt.Errorf("cannot import fact %s: %w", f.Key, err)
		}
		ic, err := indexFact(ctx, tx, cur.id, f, titles[f.Topic], old)
		if err != nil {
			return report, err
		}
		changes = append(changes, *ic)
		report.Updated++
	}
	if err := audit(ctx, tx, now, by, "import", "facts", fmt.Sprintf("added %d, updated %d, unchanged %d", report.Added, report.Updated, report.Unchanged)); err != nil {
		return report, err
	}
	if err := tx.Commit(); err != nil {
		return report, fmt.Errorf("cannot commit import: %w", err)
	}
	db.applyIndexChanges(changes)
	return report, nil
}

// validateDumpV1 checks every record of a format 1 dump and reports all
// problems, each naming its record, before anything is written.
func (db *DB) validateDumpV1(ctx context.Context, d Dump) error {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	sources, err := db.checkDumpSources(ctx, d.Sources, fail)
	if err != nil {
		return err
	}
	topics := map[string]bool{}
	known, err := db.Topics(ctx)
	if err != nil {
		return err
	}
	for _, t := range known {
		topics[t.Name] = true
	}
	for i, t := range d.Topics {
		where := fmt.Sprintf("topics[%d] (%q)", i, t.Name)
		if !topicNamePattern().MatchString(t.Name) {
			fail("%s: name must be 1-32 characters of a-z, 0-9 and _", where)
		}
		for _, a := range t.Aliases {
			if strings.TrimSpace(a) == "" {
				fail("%s: empty alias", where)
			}
		}
		topics[t.Name] = true
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
		if !topics[f.Topic] {
			fail("%s: unknown topic %q", where, f.Topic)
		}
		if !sources[f.SourceID] {
			fail("%s: unknown source %q", where, f.SourceID)
		}
		if err := bot.ValidateFactText(f.Text); err != nil {
			fail("%s: %v", where, err)
		}
		if _, err := bot.ParsePeriod(f.Period); err != nil {
			fail("%s: %v", where, err)
		}
		if err := validateDumpFigure(f.Value, f.Unit); err != nil {
			fail("%s: %v", where, err)
		}
	}
	if len(problems) > 0 {
		return bot.Userf("import refused, nothing was changed; %s:\n%s", bot.Count(len(problems), "problem", "problems"), strings.Join(problems, "\n"))
	}
	return nil
}
