package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// factColumns selects the current version of facts joined with its source;
// scanFact reads them back.
const factColumns = `f.id, f.key, f.origin, f.created_by, f.created_at, f.position,
	v.version, v.topic, v.text, v.period, v.series, v.keywords, v.aliases, v.removed, v.author, v.created_at,
	v.change, v.platform, v.chat, v.value, v.unit,
	s.id, s.title, s.publisher, s.published, s.url, s.approx_date
	FROM facts f
	JOIN fact_versions v ON v.fact_id = f.id AND v.version = f.current_version
	JOIN sources s ON s.id = v.source_id`

// versionColumns is factColumns over every version, not only the current.
var versionColumns = strings.Replace(factColumns, " AND v.version = f.current_version", "", 1)

// storedFact is a fact with the columns only the store needs.
type storedFact struct {
	bot.Fact
	id       int64
	position int
	// change, platform and chat describe how this version came about.
	change, platform, chat string
}

type scanner interface{ Scan(dest ...any) error }

func scanFact(row scanner) (storedFact, error) {
	var f storedFact
	var created, updated, period, keywords, aliases string
	var removed int
	var value sql.NullFloat64
	err := row.Scan(&f.id, &f.Key, &f.Origin, &f.CreatedBy, &created, &f.position,
		&f.Version, &f.Topic, &f.Text, &period, &f.Series, &keywords, &aliases, &removed, &f.UpdatedBy, &updated,
		&f.change, &f.platform, &f.chat, &value, &f.Figure.Unit,
		&f.Source.ID, &f.Source.Title, &f.Source.Publisher, &f.Source.Published, &f.Source.URL, &f.Source.ApproxDate)
	if err != nil {
		return f, err
	}
	f.SourceID = f.Source.ID
	f.Removed = removed != 0
	if f.Figure.Unit != "" {
		f.Figure.Value = value.Float64
	}
	f.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	f.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
	if f.Period, err = bot.ParsePeriod(period); err != nil {
		return f, fmt.Errorf("fact %s: %w", f.Key, err)
	}
	if err := decodeStringList(keywords, &f.Keywords); err != nil {
		return f, fmt.Errorf("fact %s keywords: %w", f.Key, err)
	}
	if err := decodeStringList(aliases, &f.Aliases); err != nil {
		return f, fmt.Errorf("fact %s aliases: %w", f.Key, err)
	}
	return f, nil
}

func queryFacts(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, where string, args ...any) ([]storedFact, error) {
	return queryColumns(ctx, q, factColumns, where, args...)
}

func queryColumns(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, columns, where string, args ...any) ([]storedFact, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var facts []storedFact
	for rows.Next() {
		f, err := scanFact(rows)
		if err != nil {
			return nil, err
		}
		facts = append(facts, f)
	}
	return facts, rows.Err()
}

func plainFacts(stored []storedFact) []bot.Fact {
	facts := make([]bot.Fact, len(stored))
	for i, f := range stored {
		facts[i] = f.Fact
	}
	return facts
}

// TopicFacts lists the live facts of a topic, newest period first. They
// come from the index, as answers do: a topic's page asks nothing of SQL.
func (db *DB) TopicFacts(ctx context.Context, topic string) ([]bot.Fact, error) {
	if err := db.syncIndex(ctx); err != nil {
		return nil, fmt.Errorf("cannot list facts of topic %q: %w", topic, err)
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.vocab.listing(db.vocab.base.topics, db.vocab.base.topicFacts, topic, factTopic), nil
}

// TopicPage reads a page of TopicFacts: limit facts from offset on, and
// how many the topic has. Only the facts of the page are read whole; when
// neither the topic's facts nor any source changed since the snapshot,
// no other fact is looked at.
func (db *DB) TopicPage(ctx context.Context, topic string, offset, limit int) ([]bot.Fact, int, error) {
	if err := db.syncIndex(ctx); err != nil {
		return nil, 0, fmt.Errorf("cannot list facts of topic %q: %w", topic, err)
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	v := db.vocab
	i, ok := v.base.topics.find(topic)
	if ok && len(v.sources) == 0 && !v.topicChanged(topic) {
		// The snapshot keeps the topic in listing order, by its sources:
		// the page is a slice of it ("/exports" at 100k facts).
		ids := v.base.topicFacts.at(i)
		from := max(0, min(offset, len(ids)))
		to := from + max(0, min(limit, len(ids)-from))
		facts := make([]bot.Fact, 0, to-from)
		for _, id := range ids[from:to] {
			if f, ok := v.fact(id); ok {
				facts = append(facts, f)
			}
		}
		return facts, len(ids), nil
	}
	p := v.pager(offset, limit)
	if ok {
		for _, id := range v.base.topicFacts.at(i) {
			if _, changed := v.facts[id]; !changed {
				p.addBase(id)
			}
		}
	}
	for id, c := range v.facts {
		if c.fact.Key != "" && c.fact.Topic == topic {
			p.addChanged(id, c.meta)
		}
	}
	facts, total := p.page(offset, limit)
	return facts, total, nil
}

// PeriodPage lists up to limit live facts from offset on whose period
// lies within p, newest first, and how many there are: what "What
// happened in May 2021?" asks. The snapshot keeps its facts with a period
// newest first (snapshot.dated), so those within p lie among the ones
// whose period ends within it, found by a binary search: a year of
// thousands of facts is counted without looking at the others
// (BenchmarkPeriodListing).
func (db *DB) PeriodPage(ctx context.Context, p bot.Period, offset, limit int) ([]bot.Fact, int, error) {
	if err := db.syncIndex(ctx); err != nil {
		return nil, 0, fmt.Errorf("cannot list facts of %s: %w", p, err)
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	v := db.vocab
	start, end := days(p.Start), days(p.End)
	pg := v.pager(offset, limit)
	periods, dated := v.base.periods, v.base.dated
	lastDay := func(i int) int32 { return periods[2*dated[i]+1] }
	from := sort.Search(len(dated), func(i int) bool { return lastDay(i) <= end })
	for i := from; i < len(dated) && lastDay(i) >= start; i++ {
		id := dated[i]
		if periods[2*id] < start {
			continue // begins before p: "FY 2020-21" is not within 2021
		}
		if _, changed := v.facts[id]; !changed {
			pg.addBase(id)
		}
	}
	for id, c := range v.facts {
		if c.fact.Key != "" && c.meta.hasPeriod && c.meta.start >= start && c.meta.end <= end {
			pg.addChanged(id, c.meta)
		}
	}
	facts, total := pg.page(offset, limit)
	return facts, total, nil
}

// TopicPhrases lists the phrases a topic's facts are known by, their
// keywords then their aliases, in TopicFacts order, each once whatever its
// case: what autocompletion offers. The snapshot keeps them for every
// topic, so the first completion does not read every fact.
func (db *DB) TopicPhrases(ctx context.Context, topic string) ([]string, error) {
	if err := db.syncIndex(ctx); err != nil {
		return nil, fmt.Errorf("cannot list phrases of topic %q: %w", topic, err)
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	v := db.vocab
	if !v.topicChanged(topic) {
		return v.base.topicPhrases(topic), nil
	}
	return topicPhrases(v.listing(v.base.topics, v.base.topicFacts, topic, factTopic)), nil
}

// SeriesFacts lists the live facts that report one measure over time,
// newest period first, from the index.
func (db *DB) SeriesFacts(ctx context.Context, series string) ([]bot.Fact, error) {
	if series == "" {
		return nil, nil
	}
	if err := db.syncIndex(ctx); err != nil {
		return nil, fmt.Errorf("cannot list facts of series %q: %w", series, err)
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.vocab.listing(db.vocab.base.series, db.vocab.base.seriesList, series, factSeries), nil
}

// Topics lists the topics in their seed order, moderator-made ones last,
// with their aliases.
func (db *DB) Topics(ctx context.Context) ([]bot.Topic, error) {
	gen, err := db.generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot list topics: %w", err)
	}
	db.topics.mu.Lock()
	defer db.topics.mu.Unlock()
	if db.topics.list == nil || db.topics.gen != gen {
		topics, err := db.readTopics(ctx)
		if err != nil {
			return nil, err
		}
		db.topics.list, db.topics.gen = topics, gen
	}
	return slices.Clone(db.topics.list), nil
}

// topicCache keeps the topics as of an index generation: every question
// of a few words asks for them (is it a topic's name?), and they change
// only with writes that move the generation (a fact in a new topic, an
// alias) or that this process makes (seeding, importing), which forget
// them.
type topicCache struct {
	mu   sync.Mutex
	gen  int64
	list []bot.Topic // nil: to be read
}

// forget makes the next Topics read the topics again.
func (c *topicCache) forget() {
	c.mu.Lock()
	c.list = nil
	c.mu.Unlock()
}

// readTopics reads the topics from the database.
func (db *DB) readTopics(ctx context.Context) ([]bot.Topic, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT t.name, t.title, t.description, COALESCE(group_concat(a.alias, char(31)), '')
		FROM topics t LEFT JOIN topic_aliases a ON a.topic = t.name
		GROUP BY t.name ORDER BY t.position, t.name`)
	if err != nil {
		return nil, fmt.Errorf("cannot list topics: %w", err)
	}
	defer rows.Close()
	var topics []bot.Topic
	for rows.Next() {
		var t bot.Topic
		var aliases string
		if err := rows.Scan(&t.Name, &t.Title, &t.Description, &aliases); err != nil {
			return nil, fmt.Errorf("cannot list topics: %w", err)
		}
		if aliases != "" {
			t.Aliases = strings.Split(aliases, "\x1f")
		}
		topics = append(topics, t)
	}
	return topics, rows.Err()
}

// sourceDate is the date a source speaks of, for ordering facts without a
// period: when it was published, else its approximate date, else zero.
func sourceDate(s bot.Source) time.Time {
	for _, d := range []string{s.Published, s.ApproxDate} {
		if p, err := bot.ParsePeriod(d); err == nil && !p.IsZero() {
			return p.End
		}
	}
	return time.Time{}
}

// factTopic and factSeries tell under which topic and series a fact is
// listed.
func factTopic(f *bot.Fact) string  { return f.Topic }
func factSeries(f *bot.Fact) string { return f.Series }
