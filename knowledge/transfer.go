package knowledge

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// ListFacts lists every fact's current version in curated order; removed
// facts only when asked.
func (db *DB) ListFacts(ctx context.Context, includeRemoved bool) ([]bot.Fact, error) {
	where := `v.removed = 0 ORDER BY f.position, f.id`
	if includeRemoved {
		where = `1 ORDER BY f.position, f.id`
	}
	stored, err := queryFacts(ctx, db.read, where)
	if err != nil {
		return nil, fmt.Errorf("cannot list facts: %w", err)
	}
	return plainFacts(stored), nil
}

// SeedConflict is a fact or source that changed in a release after a
// moderator had changed it too; the moderator's version was kept.
type SeedConflict struct {
	// Key is the fact's key, or the source's id when Source is set.
	Key string
	// SeedText is the release's text of the fact.
	SeedText string
	// Source is the release's version of a source; nil for a fact.
	Source     *bot.Source
	DetectedAt time.Time
}

// SeedConflicts lists the seed updates that were not applied: facts by
// key, then sources by id.
func (db *DB) SeedConflicts(ctx context.Context) ([]SeedConflict, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT 0, fact_key, seed_text, '', '', '', '', '', detected_at FROM seed_conflicts
		UNION ALL
		SELECT 1, source_id, '', title, publisher, published, url, approx_date, detected_at FROM source_seed_conflicts
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("cannot list seed conflicts: %w", err)
	}
	defer rows.Close()
	var out []SeedConflict
	for rows.Next() {
		var c SeedConflict
		var isSource bool
		var s bot.Source
		var at string
		if err := rows.Scan(&isSource, &c.Key, &c.SeedText, &s.Title, &s.Publisher, &s.Published, &s.URL, &s.ApproxDate, &at); err != nil {
			return nil, fmt.Errorf("cannot list seed conflicts: %w", err)
		}
		if isSource {
			s.ID = c.Key
			c.Source = &s
		}
		c.DetectedAt, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cannot list seed conflicts: %w", err)
	}
	return out, nil
}

// Dump is the JSON document of `pakbot facts export` and `import`: every
// source, topic and fact (current versions, removed ones included).
type Dump struct {
	Format     int          `json:"format"`
	ExportedAt string       `json:"exported_at"`
	Sources    []DumpSource `json:"sources"`
	Topics     []DumpTopic  `json:"topics"`
	Facts      []DumpFact   `json:"facts"`
}

// DumpSource is a source in a Dump.
type DumpSource struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Publisher  string `json:"publisher"`
	Published  string `json:"published"`
	URL        string `json:"url"`
	ApproxDate string `json:"approx_date"`
}

// DumpTopic is a topic in a Dump.
type DumpTopic struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Aliases     []string `json:"aliases"`
}

// DumpFact is a fact in a Dump.
type DumpFact struct {
	Key    string `json:"key"`
	Topic  string `json:"topic"`
	Text   string `json:"text"`
	Period string `json:"period"`
	Series string `json:"series"`
	// Value and Unit are the fact's figure; both are absent when it
	// states none.
	Value     *float64 `json:"value,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Keywords  []string `json:"keywords"`
	Aliases   []string `json:"aliases"`
	SourceID  string   `json:"source_id"`
	Removed   bool     `json:"removed"`
	Origin    string   `json:"origin"`
	Version   int      `json:"version"`
	CreatedBy string   `json:"created_by"`
	UpdatedBy string   `json:"updated_by"`
	UpdatedAt string   `json:"updated_at"`
}

// figure is the fact's figure; the zero Figure when the record has none.
func (f DumpFact) figure() bot.Figure {
	if f.Value == nil {
		return bot.Figure{}
	}
	return bot.Figure{Value: *f.Value, Unit: f.Unit}
}

// DumpFormat is the version of the Dump layout.
const DumpFormat = 1

// Export returns every source, topic and fact.
func (db *DB) Export(ctx context.Context) (Dump, error) {
	d := Dump{Format: DumpFormat, ExportedAt: db.timestamp()}
	sources, err := db.Sources(ctx)
	if err != nil {
		return d, err
	}
	for _, s := range sources {
		d.Sources = append(d.Sources, DumpSource{ID: s.ID, Title: s.Title, Publisher: s.Publisher, Published: s.Published, URL: s.URL, ApproxDate: s.ApproxDate})
	}
	topics, err := db.Topics(ctx)
	if err != nil {
		return d, err
	}
	for _, t := range topics {
		d.Topics = append(d.Topics, DumpTopic{Name: t.Name, Title: t.Title, Description: t.Description, Aliases: nonNil(t.Aliases)})
	}
	facts, err := db.ListFacts(ctx, true)
	if err != nil {
		return d, err
	}
	for _, f := range facts {
		d.Facts = append(d.Facts, DumpFact{
			Key: f.Key, Topic: f.Topic, Text: f.Text, Period: f.Period.Raw, Series: f.Series,
			Value: figureValue(f.Figure), Unit: f.Figure.Unit,
			Keywords: nonNil(f.Keywords), Aliases: nonNil(f.Aliases), SourceID: f.SourceID, Removed: f.Removed,
			Origin: f.Origin, Version: f.Version, CreatedBy: f.CreatedBy, UpdatedBy: f.UpdatedBy,
			UpdatedAt: f.UpdatedAt.UTC().Format(time.RFC3339),
		})
	}
	return d, nil
}

// ImportReport says what an import changed.
type ImportReport struct {
	Added, Updated, Unchanged int
}

// Import applies a Dump: it validates every record first and then writes
// all of it in one transaction, or nothing. New facts are added; facts that
// differ get a new version marked as an import; nothing is deleted.
func (db *DB) Import(ctx context.Context, d Dump, by bot.Actor) (ImportReport, error) {
	var report ImportReport
	if err := db.validateDump(ctx, d); err != nil {
		return report, err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return report, fmt.Errorf("cannot begin import: %w", err)
	}
	defer tx.Rollback()
	now := db.timestamp()
	for _, s := range d.Sources {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO sources (id, title, publisher, published, url, approx_date, origin, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?) ON CONFLICT (id) DO NOTHING`,
			s.ID, s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate, by.Name, now)
		if err != nil {
			return report, fmt.Errorf("cannot import source %s: %w", s.ID, err)
		}
		if added, _ := res.RowsAffected(); added == 1 {
			v := bot.Source{ID: s.ID, Title: s.Title, Publisher: s.Publisher, Published: s.Published, URL: s.URL, ApproxDate: s.ApproxDate, Version: 1}
			if err := insertSourceVersion(ctx, tx, v, "import", by, now); err != nil {
				return report, err
			}
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

func sameContent(a, b bot.Fact) bool {
	return a.Topic == b.Topic && a.Text == b.Text && a.Period.Raw == b.Period.Raw && a.Series == b.Series && a.Figure == b.Figure &&
		a.SourceID == b.SourceID && a.Removed == b.Removed &&
		strings.Join(a.Keywords, "\x00") == strings.Join(b.Keywords, "\x00") &&
		strings.Join(a.Aliases, "\x00") == strings.Join(b.Aliases, "\x00")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// validateDump checks every record of d and reports all problems, each
// naming its record, before anything is written.
func (db *DB) validateDump(ctx context.Context, d Dump) error {
	if d.Format != DumpFormat {
		return bot.Userf("unsupported export format %d (this pakbot reads format %d)", d.Format, DumpFormat)
	}
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	sources := map[string]bool{}
	existing, err := db.Sources(ctx)
	if err != nil {
		return err
	}
	for _, s := range existing {
		sources[s.ID] = true
	}
	for i, s := range d.Sources {
		where := fmt.Sprintf("sources[%d] (%q)", i, s.ID)
		if s.ID == "" || strings.TrimSpace(s.Title) == "" {
			fail("%s: id and title are required", where)
		}
		if s.URL != "" {
			if err := bot.ValidateSourceURL(s.URL); err != nil {
				fail("%s: %v", where, err)
			}
		}
		for _, d := range []string{s.Published, s.ApproxDate} {
			if _, err := bot.ParsePeriod(d); err != nil {
				fail("%s: %v", where, err)
			}
		}
		sources[s.ID] = true
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
		if !topicNamePattern.MatchString(t.Name) {
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
		if !factKeyPattern.MatchString(f.Key) || len(f.Key) > 60 {
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
		if (f.Value == nil) != (f.Unit == "") {
			fail("%s: value and unit go together: give both or neither", where)
		} else if err := bot.ValidateFigure(f.figure()); err != nil {
			fail("%s: %v", where, err)
		}
	}
	if len(problems) > 0 {
		return bot.Userf("import refused, nothing was changed; %d problem(s):\n%s", len(problems), strings.Join(problems, "\n"))
	}
	return nil
}
