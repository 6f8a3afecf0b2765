package knowledge

import (
	"context"
	"database/sql"
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

// Dump is the JSON document of `pakbot facts export` and `import`: a
// complete backup. It holds every source, topic and alias, every version
// of every fact (removed ones included), the audit log, the suggestions
// with their state, the notices waiting for delivery and the seed
// conflicts, each with who made it and when, exactly as stored.
//
// Format 1, written by earlier releases, held only each fact's current
// version; Import still reads it.
type Dump struct {
	Format     int    `json:"format"`
	ExportedAt string `json:"exported_at"`
	// SeedHash is the release's seeds last applied, so a restored database
	// is not seeded again with the same release.
	SeedHash      string             `json:"seed_hash,omitempty"`
	Sources       []DumpSource       `json:"sources"`
	Topics        []DumpTopic        `json:"topics"`
	Aliases       []DumpAlias        `json:"aliases,omitempty"`
	Facts         []DumpFact         `json:"facts"`
	Audit         []DumpAudit        `json:"audit,omitempty"`
	Suggestions   []DumpSuggestion   `json:"suggestions,omitempty"`
	Notices       []DumpNotice       `json:"notices,omitempty"`
	SeedConflicts []DumpSeedConflict `json:"seed_conflicts,omitempty"`
	// Lexicon holds the words moderators taught the bot, each with every
	// version.
	Lexicon []DumpSynonym `json:"lexicon,omitempty"`
}

// DumpSynonym is one word of the moderators' lexicon with its history.
type DumpSynonym struct {
	Word     string               `json:"word"`
	Versions []DumpSynonymVersion `json:"versions"`
}

// DumpSynonymVersion is one version of a moderator's synonym.
type DumpSynonymVersion struct {
	Version   int    `json:"version"`
	Means     string `json:"means"`
	Removed   bool   `json:"removed"`
	Change    string `json:"change"`
	Author    string `json:"author"`
	Platform  string `json:"platform"`
	Chat      string `json:"chat"`
	CreatedAt string `json:"created_at"`
}

// DumpSource is a source in a Dump.
type DumpSource struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Publisher  string `json:"publisher"`
	Published  string `json:"published"`
	URL        string `json:"url"`
	ApproxDate string `json:"approx_date"`
	Origin     string `json:"origin,omitempty"`
	CreatedBy  string `json:"created_by,omitempty"`
	CreatedAt  string `json:"created_at,omitempty"`
}

// DumpTopic is a topic in a Dump. Format 1 lists its aliases here; format
// 2 lists them with their provenance in Dump.Aliases.
type DumpTopic struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Aliases     []string `json:"aliases,omitempty"`
	Position    int      `json:"position"`
	Origin      string   `json:"origin,omitempty"`
	CreatedBy   string   `json:"created_by,omitempty"`
	CreatedAt   string   `json:"created_at,omitempty"`
}

// DumpAlias is another name of a topic.
type DumpAlias struct {
	Alias     string `json:"alias"`
	Topic     string `json:"topic"`
	Origin    string `json:"origin"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
}

// DumpFact is a fact in a Dump. Versions is its whole history, oldest
// first; the fields from Topic to UpdatedAt repeat the current (last)
// version for people reading the file, and are all format 1 had.
type DumpFact struct {
	Key       string        `json:"key"`
	Origin    string        `json:"origin"`
	CreatedBy string        `json:"created_by"`
	CreatedAt string        `json:"created_at,omitempty"`
	Position  int           `json:"position,omitempty"`
	SeedHash  string        `json:"seed_hash,omitempty"`
	Versions  []DumpVersion `json:"versions,omitempty"`

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
	Version   int      `json:"version"`
	UpdatedBy string   `json:"updated_by"`
	UpdatedAt string   `json:"updated_at"`
}

// figure is the fact's current figure; the zero Figure when the record
// has none.
func (f DumpFact) figure() bot.Figure { return dumpFigure(f.Value, f.Unit) }

// DumpVersion is one version of a fact.
type DumpVersion struct {
	Version int    `json:"version"`
	Topic   string `json:"topic"`
	Text    string `json:"text"`
	Period  string `json:"period"`
	Series  string `json:"series"`
	// Value and Unit are the version's figure; both are absent when it
	// states none.
	Value    *float64 `json:"value,omitempty"`
	Unit     string   `json:"unit,omitempty"`
	Keywords []string `json:"keywords"`
	Aliases  []string `json:"aliases"`
	SourceID string   `json:"source_id"`
	Removed  bool     `json:"removed"`
	// Change is seed, seed-update, add, edit, remove, restore or import.
	Change    string `json:"change"`
	Author    string `json:"author"`
	Platform  string `json:"platform"`
	Chat      string `json:"chat"`
	CreatedAt string `json:"created_at"`
}

// figure is the version's figure; the zero Figure when it has none.
func (v DumpVersion) figure() bot.Figure { return dumpFigure(v.Value, v.Unit) }

// dumpFigure is the figure a record's value and unit state.
func dumpFigure(value *float64, unit string) bot.Figure {
	if value == nil {
		return bot.Figure{}
	}
	return bot.Figure{Value: *value, Unit: unit}
}

// validateDumpFigure checks a record's value and unit: both or neither,
// and a valid figure.
func validateDumpFigure(value *float64, unit string) error {
	if (value == nil) != (unit == "") {
		return fmt.Errorf("value and unit go together: give both or neither")
	}
	return bot.ValidateFigure(dumpFigure(value, unit))
}

// DumpAudit is an audit entry.
type DumpAudit struct {
	ID       int64  `json:"id"`
	At       string `json:"at"`
	Actor    string `json:"actor"`
	Platform string `json:"platform"`
	Chat     string `json:"chat"`
	Action   string `json:"action"`
	Subject  string `json:"subject"`
	Detail   string `json:"detail"`
}

// DumpSuggestion is a suggestion with its state.
type DumpSuggestion struct {
	ID          int64  `json:"id"`
	Text        string `json:"text"`
	SourceURL   string `json:"source_url"`
	SourceTitle string `json:"source_title"`
	Topic       string `json:"topic"`
	ByPlatform  string `json:"by_platform"`
	ByChat      string `json:"by_chat"`
	ByUser      string `json:"by_user"`
	ByName      string `json:"by_name"`
	CreatedAt   string `json:"created_at"`
	// Status is pending, approved or rejected.
	Status    string `json:"status"`
	DecidedBy string `json:"decided_by"`
	DecidedAt string `json:"decided_at"`
	Reason    string `json:"reason"`
	FactKey   string `json:"fact_key"`
}

// DumpNotice is a notice waiting for delivery.
type DumpNotice struct {
	Platform  string `json:"platform"`
	Chat      string `json:"chat"`
	UserID    string `json:"user_id"`
	Text      string `json:"text"`
	CreatedAt string `json:"created_at"`
}

// DumpSeedConflict is a seed update that was not applied.
type DumpSeedConflict struct {
	FactKey    string `json:"fact_key"`
	SeedHash   string `json:"seed_hash"`
	SeedText   string `json:"seed_text"`
	DetectedAt string `json:"detected_at"`
}

// DumpFormat is the version of the Dump layout Export writes.
const DumpFormat = 2

// Export returns everything the database holds but the search index,
// which is rebuilt from the facts: see Dump. It reads in one transaction,
// so the dump is consistent while other writers go on.
func (db *DB) Export(ctx context.Context) (Dump, error) {
	d := Dump{Format: DumpFormat, ExportedAt: db.timestamp()}
	steps := []struct {
		what  string
		query string
		scan  func(*sql.Rows) error
	}{
		{"seed state", `SELECT value FROM meta WHERE key = 'seed_hash'`, func(r *sql.Rows) error { return r.Scan(&d.SeedHash) }},
		{"sources", `SELECT id, title, publisher, published, url, approx_date, origin, created_by, created_at FROM sources ORDER BY origin != 'seed', id`,
			func(r *sql.Rows) error {
				var s DumpSource
				err := r.Scan(&s.ID, &s.Title, &s.Publisher, &s.Published, &s.URL, &s.ApproxDate, &s.Origin, &s.CreatedBy, &s.CreatedAt)
				d.Sources = append(d.Sources, s)
				return err
			}},
		{"topics", `SELECT name, title, description, position, origin, created_by, created_at FROM topics ORDER BY position, name`,
			func(r *sql.Rows) error {
				var t DumpTopic
				err := r.Scan(&t.Name, &t.Title, &t.Description, &t.Position, &t.Origin, &t.CreatedBy, &t.CreatedAt)
				d.Topics = append(d.Topics, t)
				return err
			}},
		{"aliases", `SELECT alias, topic, origin, created_by, created_at FROM topic_aliases ORDER BY created_at, alias`,
			func(r *sql.Rows) error {
				var a DumpAlias
				err := r.Scan(&a.Alias, &a.Topic, &a.Origin, &a.CreatedBy, &a.CreatedAt)
				d.Aliases = append(d.Aliases, a)
				return err
			}},
		{"facts", `SELECT f.key, f.origin, f.created_by, f.created_at, f.position, f.seed_hash,
				v.version, v.topic, v.text, v.period, v.series, v.value, v.unit, v.keywords, v.aliases, v.source_id, v.removed,
				v.change, v.author, v.platform, v.chat, v.created_at
			FROM facts f JOIN fact_versions v ON v.fact_id = f.id ORDER BY f.position, f.id, v.version`,
			func(r *sql.Rows) error {
				var f DumpFact
				var v DumpVersion
				var keywords, aliases string
				if err := r.Scan(&f.Key, &f.Origin, &f.CreatedBy, &f.CreatedAt, &f.Position, &f.SeedHash,
					&v.Version, &v.Topic, &v.Text, &v.Period, &v.Series, &v.Value, &v.Unit, &keywords, &aliases, &v.SourceID, &v.Removed,
					&v.Change, &v.Author, &v.Platform, &v.Chat, &v.CreatedAt); err != nil {
					return err
				}
				if err := decodeStringList(keywords, &v.Keywords); err != nil {
					return fmt.Errorf("fact %s keywords: %w", f.Key, err)
				}
				if err := decodeStringList(aliases, &v.Aliases); err != nil {
					return fmt.Errorf("fact %s aliases: %w", f.Key, err)
				}
				v.Keywords, v.Aliases = nonNil(v.Keywords), nonNil(v.Aliases)
				if n := len(d.Facts); n == 0 || d.Facts[n-1].Key != f.Key {
					d.Facts = append(d.Facts, f)
				}
				last := &d.Facts[len(d.Facts)-1]
				last.Versions = append(last.Versions, v)
				last.Topic, last.Text, last.Period, last.Series = v.Topic, v.Text, v.Period, v.Series
				last.Value, last.Unit = v.Value, v.Unit
				last.Keywords, last.Aliases, last.SourceID, last.Removed = v.Keywords, v.Aliases, v.SourceID, v.Removed
				last.Version, last.UpdatedBy, last.UpdatedAt = v.Version, v.Author, v.CreatedAt
				return nil
			}},
		{"lexicon", `SELECT word, version, means, removed, change, author, platform, chat, at FROM lexicon_versions ORDER BY word, version`,
			func(r *sql.Rows) error {
				var word string
				var v DumpSynonymVersion
				if err := r.Scan(&word, &v.Version, &v.Means, &v.Removed, &v.Change, &v.Author, &v.Platform, &v.Chat, &v.CreatedAt); err != nil {
					return err
				}
				if n := len(d.Lexicon); n == 0 || d.Lexicon[n-1].Word != word {
					d.Lexicon = append(d.Lexicon, DumpSynonym{Word: word})
				}
				last := &d.Lexicon[len(d.Lexicon)-1]
				last.Versions = append(last.Versions, v)
				return nil
			}},
		{"audit", `SELECT id, at, actor, platform, chat, action, subject, detail FROM audit ORDER BY id`,
			func(r *sql.Rows) error {
				var a DumpAudit
				err := r.Scan(&a.ID, &a.At, &a.Actor, &a.Platform, &a.Chat, &a.Action, &a.Subject, &a.Detail)
				d.Audit = append(d.Audit, a)
				return err
			}},
		{"suggestions", `SELECT id, text, source_url, source_title, topic, by_platform, by_chat, by_user, by_name, created_at,
				status, decided_by, decided_at, reason, fact_key FROM suggestions ORDER BY id`,
			func(r *sql.Rows) error {
				var s DumpSuggestion
				err := r.Scan(&s.ID, &s.Text, &s.SourceURL, &s.SourceTitle, &s.Topic, &s.ByPlatform, &s.ByChat, &s.ByUser, &s.ByName, &s.CreatedAt,
					&s.Status, &s.DecidedBy, &s.DecidedAt, &s.Reason, &s.FactKey)
				d.Suggestions = append(d.Suggestions, s)
				return err
			}},
		{"notices", `SELECT platform, chat, user_id, text, created_at FROM notices ORDER BY id`,
			func(r *sql.Rows) error {
				var n DumpNotice
				err := r.Scan(&n.Platform, &n.Chat, &n.UserID, &n.Text, &n.CreatedAt)
				d.Notices = append(d.Notices, n)
				return err
			}},
		{"seed conflicts", `SELECT fact_key, seed_hash, seed_text, detected_at FROM seed_conflicts ORDER BY fact_key`,
			func(r *sql.Rows) error {
				var c DumpSeedConflict
				err := r.Scan(&c.FactKey, &c.SeedHash, &c.SeedText, &c.DetectedAt)
				d.SeedConflicts = append(d.SeedConflicts, c)
				return err
			}},
	}
	err := db.snapshot(ctx, func(q querier) error {
		for _, step := range steps {
			if err := eachRow(ctx, q, step.query, step.scan); err != nil {
				return fmt.Errorf("cannot export %s: %w", step.what, err)
			}
		}
		return nil
	})
	return d, err
}

// querier runs queries: a transaction or a connection.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// snapshot runs read inside one read transaction, so that what it reads
// is consistent while other connections and processes write.
func (db *DB) snapshot(ctx context.Context, read func(querier) error) error {
	if db.isMemory() {
		tx, err := db.write.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("cannot begin reading: %w", err)
		}
		defer tx.Rollback()
		return read(tx)
	}
	// Read connections are query-only, where the pool's BEGIN IMMEDIATE
	// is refused: a deferred transaction becomes a read snapshot at its
	// first query.
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("cannot begin reading: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN DEFERRED`); err != nil {
		return fmt.Errorf("cannot begin reading: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	return read(conn)
}

// eachRow runs query and calls scan for each row.
func eachRow(ctx context.Context, q querier, query string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ImportReport says what an import changed.
type ImportReport struct {
	// Restored is set when the database was empty and now holds the dump
	// exactly as it was exported.
	Restored bool
	// Added, Updated and Unchanged count facts.
	Added, Updated, Unchanged int
	// Kept lists the facts whose history here went on differently and
	// holds moderator work newer than the dump's: they were left as they
	// are.
	Kept []string
	// Versions, Audit and Suggestions count the records written.
	Versions, Audit, Suggestions int
}

// Import applies a Dump, validating every record first and then writing
// all of it in one transaction, or nothing.
//
// Into an empty database (no facts, topics, sources, audit entries or
// suggestions; a new one before seeding) it restores the dump exactly:
// the same keys, versions, authors and times, the audit log, suggestions
// with their numbers and state, aliases and waiting notices.
//
// Into a database in use it merges, never overwriting newer moderator
// work: what is missing is added (facts with their whole history, audit
// entries, suggestions, aliases); a fact whose history here is the start
// of the dump's gets the later versions; a fact whose history went on
// differently here is taken from the dump only if the changes made here
// are seed updates or older than the dump's, and is otherwise kept as it
// is and listed in ImportReport.Kept.
func (db *DB) Import(ctx context.Context, d Dump, by bot.Actor) (ImportReport, error) {
	// Topics and aliases come with the facts.
	defer db.topics.forget()
	switch d.Format {
	case 1:
		return db.importV1(ctx, d, by)
	case DumpFormat:
		return db.importV2(ctx, d, by)
	}
	return ImportReport{}, bot.Userf("unsupported export format %d (this pakbot reads formats 1 and %d)", d.Format, DumpFormat)
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
