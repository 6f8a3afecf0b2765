package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/lazyre"
	"github.com/pakbot/pakbot/understand"
)

var (
	topicNamePattern = lazyre.New(`^[a-z0-9_]{1,32}$`)
	factKeyPattern   = lazyre.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// keyWord is a word or a figure of a fact's text, for its key.
	keyWord = lazyre.New(`[a-z0-9]+(?:[.,][0-9]+)*`)
)

// duplicateSimilarity is the share of shared terms above which a new text
// is taken for a restatement of an existing fact.
const duplicateSimilarity = 0.7

// AddFact adds a moderator's fact as version 1, with its source, in one
// transaction with its audit entry. It answers questions at once. Unless
// nf names a series, the fact joins the series of a fact that reads the
// same apart from its figures and period (see seriesFor).
func (db *DB) AddFact(ctx context.Context, nf bot.NewFact, by bot.Actor) (bot.Fact, error) {
	if err := db.checkNewFact(ctx, &nf, ""); err != nil {
		return bot.Fact{}, err
	}
	var series string
	var err error
	if nf.Series != nil {
		name, err := bot.ReadSeries(*nf.Series)
		if err != nil {
			return bot.Fact{}, err
		}
		series = name
	} else {
		name, err := db.seriesFor(ctx, nf)
		if err != nil {
			return bot.Fact{}, err
		}
		series = name
	}
	nf.Series = &series
	defer db.beginIndexWrite()()
	var words factWords
	if series != "" {
		if words.keywords, words.aliases, err = db.seriesVocabulary(ctx, series); err != nil {
			return bot.Fact{}, err
		}
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return bot.Fact{}, fmt.Errorf("cannot begin adding fact: %w", err)
	}
	defer tx.Rollback()
	key, change, err := db.addFactTx(ctx, tx, nf, words, by, "add", "")
	if err != nil {
		return bot.Fact{}, err
	}
	if err := tx.Commit(); err != nil {
		return bot.Fact{}, fmt.Errorf("cannot commit new fact: %w", err)
	}
	db.applyIndexChanges([]indexChange{*change})
	return db.Fact(ctx, key)
}

// checkNewFact validates and normalises a new fact before any write.
// except names a fact the text may resemble (the one being edited).
func (db *DB) checkNewFact(ctx context.Context, nf *bot.NewFact, except string) error {
	nf.Topic = strings.ToLower(strings.TrimSpace(nf.Topic))
	nf.Text = strings.TrimSpace(nf.Text)
	nf.SourceURL = strings.TrimSpace(nf.SourceURL)
	nf.SourceTitle = strings.TrimSpace(nf.SourceTitle)
	if err := bot.ValidateNewFactText(nf.Text); err != nil {
		return err
	}
	if err := bot.ValidateSourceURL(nf.SourceURL); err != nil {
		return err
	}
	if err := checkSourceTitle(nf.SourceTitle); err != nil {
		return err
	}
	if err := bot.ValidateFigure(nf.Figure); err != nil {
		return err
	}
	period, err := readPeriod(nf.Period)
	if err != nil {
		return err
	}
	if period.IsZero() && strings.TrimSpace(nf.Period) == "" {
		period = openingPeriod(nf.Text)
	}
	if err := periodFitsText(nf.Text, period); err != nil {
		return err
	}
	nf.Period = period.Raw
	if name, ok := strings.CutPrefix(nf.Topic, "new:"); ok {
		if !topicNamePattern().MatchString(name) {
			return bot.FieldErrorf(bot.FieldTopic, "A new topic name must be 1-32 characters of a-z, 0-9 and _, like new:quantum_computing.")
		}
		if _, err := db.resolveTopic(ctx, name); err == nil {
			return bot.FieldErrorf(bot.FieldTopic, "Topic %q already exists; use it without new:.", name)
		}
	} else {
		name, err := db.resolveTopic(ctx, nf.Topic)
		if err != nil {
			return err
		}
		nf.Topic = name
	}
	return db.checkNotDuplicate(ctx, nf.Text, except)
}

// checkSourceTitle accepts plain text of at most 200 characters.
func checkSourceTitle(title string) error {
	if utf8.RuneCountInString(title) > 200 || strings.IndexFunc(title, unicode.IsControl) >= 0 {
		return bot.FieldErrorf(bot.FieldTitle, "The source title must be plain text of at most 200 characters.")
	}
	return nil
}

// opening matches the period a fact's sentence opens with, as the facts
// are written: "In 2024, …", "As of December 2021, …", "By FY 2023-24, …".
var opening = lazyre.New(`^(?i:in late|in early|in mid|in|as of|by|during|at the end of)\s+([^,]{2,40}),`)

// openingPeriod is the period a new fact's text opens with, for a fact
// added without one: answers prefer dated facts, and a series needs its
// periods. Only a period the sentence opens with is taken; one later in
// it may be a plan's ("… by 2027").
func openingPeriod(text string) bot.Period {
	m := opening().FindStringSubmatch(text)
	if m == nil {
		return bot.Period{}
	}
	p, err := readPeriod(m[1])
	if err != nil {
		return bot.Period{}
	}
	return p
}

// periodFitsText refuses a period that the period a fact's text opens
// with does not overlap ("In FY 2023-24, …" given period 2021): every
// answer would show the text's and file it under the other, and a
// question of either would find the wrong one.
func periodFitsText(text string, period bot.Period) error {
	said := openingPeriod(text)
	if said.IsZero() || period.IsZero() || said.Overlaps(period) {
		return nil
	}
	return bot.FieldErrorf(bot.FieldPeriod, "The text says %s, and the period %s is another time. Give a period that fits the text, or change the text and the period together.",
		said, period)
}

// readPeriod reads a moderator's period, as bot.ReadPeriod does, or as a
// question names it ("fy25", "FY 24-25", "2024/25", "Jul-Nov 2024"): the
// fact card the reply shows gives the period read.
func readPeriod(s string) (bot.Period, error) {
	p, err := bot.ReadPeriod(s)
	if err != nil {
		if q, qerr := understand.ParsePeriodPhrase(s); qerr == nil && !q.IsZero() {
			return q, nil
		}
		return p, bot.FieldErrorf(bot.FieldPeriod, "%s.", err.Error())
	}
	return p, nil
}

// checkNotDuplicate refuses a text that restates a live fact other than
// except, naming that fact so it can be edited instead.
func (db *DB) checkNotDuplicate(ctx context.Context, text, except string) error {
	key, err := db.findDuplicate(ctx, text, except)
	if err != nil {
		return err
	}
	if key != "" {
		return &bot.UserError{Msg: fmt.Sprintf("That looks like a fact I already have: %s.", key), Field: bot.FieldText,
			Next: bot.NextStep{Action: bot.NextEdit, Key: key}}
	}
	return nil
}

// resolveTopic finds a topic by name or alias. An unknown name is refused
// with the topic it most likely means, if any, and the known ones.
func (db *DB) resolveTopic(ctx context.Context, name string) (string, error) {
	var topic string
	err := db.read.QueryRowContext(ctx, `
		SELECT name FROM topics WHERE name = ?1
		UNION ALL SELECT topic FROM topic_aliases WHERE alias = ?1 LIMIT 1`, name).Scan(&topic)
	if errors.Is(err, sql.ErrNoRows) {
		topics, _ := db.Topics(ctx)
		names := make([]string, len(topics))
		for i, t := range topics {
			names[i] = t.Name
		}
		guess := ""
		if t, ok := bot.MatchTopic(topics, name); ok {
			guess = fmt.Sprintf(" Did you mean %s?", t.Name)
		}
		return "", bot.FieldErrorf(bot.FieldTopic, "I don't know the topic %q.%s Known topics: %s. A new topic is written new:%s.",
			name, guess, strings.Join(names, ", "), sanitizeName(name))
	}
	if err != nil {
		return "", fmt.Errorf("cannot look up topic %q: %w", name, err)
	}
	return topic, nil
}

// findDuplicate returns the key of a live fact that says nearly the same as
// text, judged by the share of index terms the two texts have in common.
func (db *DB) findDuplicate(ctx context.Context, text, except string) (string, error) {
	hits, err := db.Search(ctx, text, 5)
	if err != nil {
		return "", err
	}
	mine := termSet(indexTerms(nil, text))
	figures := understand.Figures(text)
	for _, h := range hits {
		if h.Fact.Key == except {
			continue
		}
		// The same words with other figures are another fact: a
		// funding of $35 million is no funding of $3.5 million.
		if theirs := understand.Figures(h.Fact.Text); len(figures) > 0 && len(theirs) > 0 && !sameFigures(figures, theirs) {
			continue
		}
		if jaccard(mine, termSet(indexTerms(nil, h.Fact.Text))) >= duplicateSimilarity {
			return h.Fact.Key, nil
		}
	}
	return "", nil
}

// sameFigures reports whether two texts state the same figures.
func sameFigures(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func termSet(terms string) map[string]bool {
	set := map[string]bool{}
	for _, t := range strings.Fields(terms) {
		set[t] = true
	}
	return set
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	shared := 0
	for t := range a {
		if b[t] {
			shared++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// factWords are the keywords and aliases a fact is found by besides its
// text.
type factWords struct{ keywords, aliases []string }

// addFactTx writes a checked new fact: its topic if new, its source if
// new, the fact at version 1 and the audit entry.
func (db *DB) addFactTx(ctx context.Context, tx *sql.Tx, nf bot.NewFact, words factWords, by bot.Actor, change, detail string) (string, *indexChange, error) {
	now := db.timestamp()
	topic, title := nf.Topic, ""
	if name, ok := strings.CutPrefix(nf.Topic, "new:"); ok {
		topic, title = name, strings.ReplaceAll(name, "_", " ")
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO topics (name, title, description, position, origin, created_by, created_at)
			VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM topics), 'moderator', ?, ?)`,
			topic, title, "Facts about "+title+" added by moderators", by.Name, now); err != nil {
			return "", nil, fmt.Errorf("cannot create topic %s: %w", topic, err)
		}
		if err := audit(ctx, tx, now, by, "add-topic", topic, ""); err != nil {
			return "", nil, err
		}
	} else if err := tx.QueryRowContext(ctx, `SELECT title FROM topics WHERE name = ?`, topic).Scan(&title); err != nil {
		return "", nil, fmt.Errorf("cannot read topic %s: %w", topic, err)
	}
	sourceID, err := db.ensureSource(ctx, tx, nf.SourceURL, nf.SourceTitle, by, now)
	if err != nil {
		return "", nil, err
	}
	period, _ := bot.ParsePeriod(nf.Period)
	f := bot.Fact{Topic: topic, Text: nf.Text, Period: period, SourceID: sourceID, Figure: nf.Figure, Keywords: words.keywords, Aliases: words.aliases}
	if nf.Series != nil {
		f.Series = *nf.Series
	}
	f.Key, err = uniqueKey(ctx, tx, topic, nf.Text)
	if err != nil {
		return "", nil, err
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO facts (key, current_version, position, origin, created_by, created_at)
		VALUES (?, 1, (SELECT COALESCE(MAX(position), 0) + 1 FROM facts), 'moderator', ?, ?)`, f.Key, by.Name, now)
	if err != nil {
		return "", nil, fmt.Errorf("cannot add fact: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return "", nil, fmt.Errorf("cannot add fact: %w", err)
	}
	if err := insertVersion(ctx, tx, id, 1, f, change, by.Name, string(by.Platform), by.ChatID, now); err != nil {
		return "", nil, err
	}
	ic, err := indexFact(ctx, tx, id, f, title, "")
	if err != nil {
		return "", nil, err
	}
	if err := audit(ctx, tx, now, by, change, f.Key, strings.TrimSpace(detail+" "+f.Text)); err != nil {
		return "", nil, err
	}
	return f.Key, ic, nil
}

// uniqueKey makes a readable key from the topic and the text's first
// meaningful words, numbered if taken.
func uniqueKey(ctx context.Context, tx *sql.Tx, topic, text string) (string, error) {
	var parts []string
	for _, w := range keyWord().FindAllString(understand.Fold(text), -1) {
		if len(parts) == 5 {
			break
		}
		// A figure is one part, as written: "2,100" is 2100, not "100";
		// "3.223" is "3-223".
		w = strings.ReplaceAll(strings.ReplaceAll(w, ",", ""), ".", "-")
		if (len(w) > 1 || w[0] >= '0' && w[0] <= '9') && !understand.IsStopWord(w) && factKeyPattern().MatchString(w) {
			parts = append(parts, w)
		}
	}
	base := strings.ReplaceAll(topic, "_", "-")
	if len(parts) > 0 {
		base += "-" + strings.Join(parts, "-")
	}
	if len(base) > 50 {
		// Cut between words, not inside one ("…-registered-rozga").
		base = base[:50]
		if i := strings.LastIndexByte(base, '-'); i > len(topic) {
			base = base[:i]
		}
	}
	base = strings.Trim(base, "-")
	key := base
	for n := 2; ; n++ {
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM facts WHERE key = ?`, key).Scan(&taken); err != nil {
			return "", fmt.Errorf("cannot choose a key: %w", err)
		}
		if taken == 0 {
			return key, nil
		}
		key = fmt.Sprintf("%s-%d", base, n)
	}
}

func sanitizeName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '_'
	}, s)
	return s[:min(len(s), 32)]
}

func audit(ctx context.Context, tx *sql.Tx, now string, by bot.Actor, action, subject, detail string) error {
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO audit (at, actor, platform, chat, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		now, by.Name, string(by.Platform), by.ChatID, action, subject, detail); err != nil {
		return fmt.Errorf("cannot write audit entry: %w", err)
	}
	return nil
}

// EditFact changes a fact's text, period, source, topic, series or
// figure, all given at once becoming one new version with its audit entry.
// A change to nothing is refused.
func (db *DB) EditFact(ctx context.Context, key string, edit bot.FactEdit, by bot.Actor) (bot.Fact, error) {
	if edit.IsZero() {
		return bot.Fact{}, bot.Userf("Nothing to change: give a new text, period, source, topic, series or figure.")
	}
	var text, period, sourceURL, title, topic, series string
	if edit.Text != nil {
		text = strings.TrimSpace(*edit.Text)
		if err := bot.ValidateNewFactText(text); err != nil {
			return bot.Fact{}, err
		}
		if err := db.checkNotDuplicate(ctx, text, key); err != nil {
			return bot.Fact{}, err
		}
	}
	if edit.Period != nil {
		p, err := readPeriod(*edit.Period)
		if err != nil {
			return bot.Fact{}, err
		}
		period = p.Raw
	}
	if edit.SourceTitle != nil {
		title = strings.TrimSpace(*edit.SourceTitle)
		if edit.SourceURL == nil {
			return bot.Fact{}, bot.FieldErrorf(bot.FieldTitle, "A source title goes with the source's URL: give both.")
		}
		if err := checkSourceTitle(title); err != nil {
			return bot.Fact{}, err
		}
	}
	if edit.SourceURL != nil {
		sourceURL = strings.TrimSpace(*edit.SourceURL)
		if err := bot.ValidateSourceURL(sourceURL); err != nil {
			return bot.Fact{}, err
		}
	}
	if edit.Topic != nil {
		name := strings.ToLower(strings.TrimSpace(*edit.Topic))
		if strings.HasPrefix(name, "new:") {
			return bot.Fact{}, bot.FieldErrorf(bot.FieldTopic, "A fact moves only to a topic that exists; add a fact with new:name to start one.")
		}
		resolved, err := db.resolveTopic(ctx, name)
		if err != nil {
			return bot.Fact{}, err
		}
		topic = resolved
	}
	var words factWords
	if edit.Series != nil {
		name, err := bot.ReadSeries(*edit.Series)
		if err != nil {
			return bot.Fact{}, err
		}
		series = name
		if series != "" {
			if words.keywords, words.aliases, err = db.seriesVocabulary(ctx, series); err != nil {
				return bot.Fact{}, err
			}
		}
	}
	if edit.Figure != nil {
		if err := bot.ValidateFigure(*edit.Figure); err != nil {
			return bot.Fact{}, err
		}
	}
	return db.change(ctx, key, by, "edit", func(tx *sql.Tx, f *bot.Fact) (string, error) {
		var changed []string
		if edit.Text != nil && text != f.Text {
			f.Text = text
			changed = append(changed, "text: "+text)
		}
		if edit.Period != nil && period != f.Period.Raw {
			f.Period, _ = bot.ParsePeriod(period)
			changed = append(changed, "period: "+period)
		}
		if edit.SourceURL != nil {
			id, err := db.ensureSource(ctx, tx, sourceURL, title, by, db.timestamp())
			if err != nil {
				return "", err
			}
			if id != f.SourceID {
				f.SourceID = id
				changed = append(changed, "source: "+sourceURL)
			}
		}
		if edit.Topic != nil && topic != f.Topic {
			f.Topic = topic
			changed = append(changed, "topic: "+topic)
		}
		if edit.Series != nil && series != f.Series {
			f.Series = series
			changed = append(changed, "series: "+or(series, "none"))
			if len(f.Keywords) == 0 && len(f.Aliases) == 0 {
				f.Keywords, f.Aliases = words.keywords, words.aliases
			}
		}
		if edit.Text != nil || edit.Period != nil {
			if err := periodFitsText(f.Text, f.Period); err != nil {
				return "", err
			}
		}
		if edit.Figure != nil && *edit.Figure != f.Figure {
			f.Figure = *edit.Figure
			changed = append(changed, "figure: "+or(f.Figure.String(), "none"))
		}
		if len(changed) == 0 {
			return "", bot.Userf("Fact %s already says that; nothing changed.", key)
		}
		return strings.Join(changed, "; "), nil
	})
}

// RemoveFact takes a fact out of answers; the removal is a new version and
// RestoreFact undoes it.
func (db *DB) RemoveFact(ctx context.Context, key string, by bot.Actor) (bot.Fact, error) {
	return db.change(ctx, key, by, "remove", func(_ *sql.Tx, f *bot.Fact) (string, error) {
		if f.Removed {
			return "", &bot.UserError{Msg: fmt.Sprintf("Fact %s is already removed.", key), Next: bot.NextStep{Action: bot.NextRestore, Key: key}}
		}
		f.Removed = true
		return "", nil
	})
}

// RestoreFact brings a removed fact back into answers.
func (db *DB) RestoreFact(ctx context.Context, key string, by bot.Actor) (bot.Fact, error) {
	return db.change(ctx, key, by, "restore", func(_ *sql.Tx, f *bot.Fact) (string, error) {
		if !f.Removed {
			return "", bot.Userf("Fact %s is not removed; nothing to restore.", key)
		}
		f.Removed = false
		return "", nil
	})
}

// change writes one new version of fact key, with its audit entry and index
// update, in one transaction. mutate changes the fact and returns the
// audit entry's detail.
func (db *DB) change(ctx context.Context, key string, by bot.Actor, action string, mutate func(*sql.Tx, *bot.Fact) (string, error)) (bot.Fact, error) {
	defer db.beginIndexWrite()()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return bot.Fact{}, fmt.Errorf("cannot begin %s of %s: %w", action, key, err)
	}
	defer tx.Rollback()
	ic, err := db.changeTx(ctx, tx, key, by, action, mutate)
	if err != nil {
		return bot.Fact{}, err
	}
	if err := tx.Commit(); err != nil {
		return bot.Fact{}, fmt.Errorf("cannot commit %s of %s: %w", action, key, err)
	}
	db.applyIndexChanges([]indexChange{*ic})
	return db.Fact(ctx, key)
}

func (db *DB) changeTx(ctx context.Context, tx *sql.Tx, key string, by bot.Actor, action string, mutate func(*sql.Tx, *bot.Fact) (string, error)) (*indexChange, error) {
	found, err := queryFacts(ctx, tx, `f.key = ?`, key)
	if err != nil {
		return nil, fmt.Errorf("cannot read fact %s: %w", key, err)
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("fact %q: %w", key, bot.ErrNotFound)
	}
	cur := found[0]
	f := cur.Fact
	detail, err := mutate(tx, &f)
	if err != nil {
		return nil, err
	}
	old, err := currentIndexTerms(ctx, tx, cur.id)
	if err != nil {
		return nil, err
	}
	now := db.timestamp()
	if err := insertVersion(ctx, tx, cur.id, cur.Version+1, f, action, by.Name, string(by.Platform), by.ChatID, now); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE facts SET current_version = ? WHERE id = ?`, cur.Version+1, cur.id); err != nil {
		return nil, fmt.Errorf("cannot update fact %s: %w", key, err)
	}
	var title string
	if err := tx.QueryRowContext(ctx, `SELECT title FROM topics WHERE name = ?`, f.Topic).Scan(&title); err != nil {
		return nil, fmt.Errorf("cannot read topic of %s: %w", key, err)
	}
	ic, err := indexFact(ctx, tx, cur.id, f, title, old)
	if err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, now, by, action, key, detail); err != nil {
		return nil, err
	}
	return ic, nil
}

// Fact returns the current version of a fact, removed or not.
func (db *DB) Fact(ctx context.Context, key string) (bot.Fact, error) {
	found, err := queryFacts(ctx, db.read, `f.key = ?`, key)
	if err != nil {
		return bot.Fact{}, fmt.Errorf("cannot read fact %s: %w", key, err)
	}
	if len(found) == 0 {
		return bot.Fact{}, fmt.Errorf("fact %q: %w", key, bot.ErrNotFound)
	}
	return found[0].Fact, nil
}

// History lists every version of a fact, oldest first.
func (db *DB) History(ctx context.Context, key string) ([]bot.Version, error) {
	found, err := queryColumns(ctx, db.read, versionColumns, `f.key = ? ORDER BY v.version`, key)
	if err != nil {
		return nil, fmt.Errorf("cannot read history of %s: %w", key, err)
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("fact %q: %w", key, bot.ErrNotFound)
	}
	versions := make([]bot.Version, len(found))
	for i, f := range found {
		versions[i] = bot.Version{Fact: f.Fact, Change: f.change, Author: f.UpdatedBy, Platform: bot.Platform(f.platform), ChatID: f.chat, At: f.UpdatedAt}
	}
	return versions, nil
}

// AddAlias gives a topic another name, usable as a command (/itexports).
func (db *DB) AddAlias(ctx context.Context, topic, alias string, by bot.Actor) error {
	alias = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(alias), "/"))
	if !topicNamePattern().MatchString(alias) {
		return bot.Userf("An alias must be 1-32 characters of a-z, 0-9 and _, so it can be a command.")
	}
	if strings.Trim(alias, "0123456789_") == "" {
		// "/2024" reads as a year: "/exports 2024" asks within a topic.
		return bot.Userf("An alias needs a letter: %q reads as a figure or a year.", alias)
	}
	name, err := db.resolveTopic(ctx, strings.ToLower(strings.TrimSpace(topic)))
	if err != nil {
		return err
	}
	if other, err := db.resolveTopic(ctx, alias); err == nil {
		return bot.Userf("%q already leads to the topic %s.", alias, other)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot begin adding alias: %w", err)
	}
	defer tx.Rollback()
	now := db.timestamp()
	if _, err := tx.ExecContext(ctx, `INSERT INTO topic_aliases (alias, topic, origin, created_by, created_at) VALUES (?, ?, 'moderator', ?, ?)`,
		alias, name, by.Name, now); err != nil {
		return fmt.Errorf("cannot add alias %s: %w", alias, err)
	}
	if err := audit(ctx, tx, now, by, "alias", name, alias); err != nil {
		return err
	}
	// Other processes see the generation move and read the topics again.
	if err := db.commitSeen(ctx, tx, "cannot add alias "+alias); err != nil {
		return err
	}
	db.topics.forget()
	return nil
}

// RemoveAlias takes a moderator's alias of a topic away, as an audited
// change; /alias gives it back. The topics' own names and the seeds'
// aliases stay: answers and links rely on them.
func (db *DB) RemoveAlias(ctx context.Context, alias string, by bot.Actor) (string, error) {
	alias = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(alias), "/"))
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("cannot begin removing alias: %w", err)
	}
	defer tx.Rollback()
	var topic, origin string
	err = tx.QueryRowContext(ctx, `SELECT topic, origin FROM topic_aliases WHERE alias = ?`, alias).Scan(&topic, &origin)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", bot.Userf("%q is no alias of a topic; the topics' list shows their names.", alias)
	case err != nil:
		return "", fmt.Errorf("cannot look up alias %s: %w", alias, err)
	case origin != "moderator":
		return "", bot.Userf("%q is a built-in name of the topic %s, and stays.", alias, topic)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM topic_aliases WHERE alias = ?`, alias); err != nil {
		return "", fmt.Errorf("cannot remove alias %s: %w", alias, err)
	}
	if err := audit(ctx, tx, db.timestamp(), by, "unalias", topic, alias); err != nil {
		return "", err
	}
	if err := db.commitSeen(ctx, tx, "cannot remove alias "+alias); err != nil {
		return "", err
	}
	db.topics.forget()
	return topic, nil
}

// Suggest queues a fact proposed by anyone for review.
func (db *DB) Suggest(ctx context.Context, s bot.Suggestion) (bot.Suggestion, error) {
	s.Text = strings.TrimSpace(s.Text)
	s.SourceURL = strings.TrimSpace(s.SourceURL)
	if err := bot.ValidateNewFactText(s.Text); err != nil {
		return s, err
	}
	if err := bot.ValidateSourceURL(s.SourceURL); err != nil {
		return s, err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return s, fmt.Errorf("cannot begin suggestion: %w", err)
	}
	defer tx.Rollback()
	// The same suggestion sent twice (a double tap, a retry) waits once.
	var waiting int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM suggestions WHERE status = 'pending' AND lower(text) = lower(?) LIMIT 1`, s.Text).Scan(&waiting)
	if err == nil {
		return s, bot.Userf("That suggestion is already waiting for review, as number %d.", waiting)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("cannot check suggestions: %w", err)
	}
	now := db.timestamp()
	res, err := tx.ExecContext(ctx, `
		INSERT INTO suggestions (text, source_url, source_title, topic, by_platform, by_chat, by_user, by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Text, s.SourceURL, s.SourceTitle, s.Topic, string(s.By.Platform), s.By.ChatID, s.By.UserID, s.By.Name, now)
	if err != nil {
		return s, fmt.Errorf("cannot save suggestion: %w", err)
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return s, fmt.Errorf("cannot save suggestion: %w", err)
	}
	if err := audit(ctx, tx, now, s.By, "suggest", fmt.Sprintf("suggestion %d", s.ID), s.Text); err != nil {
		return s, err
	}
	s.Status = "pending"
	s.At, _ = time.Parse(time.RFC3339Nano, now)
	return s, tx.Commit()
}

const suggestionColumns = `id, text, source_url, source_title, topic, by_platform, by_chat, by_user, by_name,
	created_at, status, decided_by, reason, fact_key FROM suggestions`

func scanSuggestion(row scanner) (bot.Suggestion, error) {
	var s bot.Suggestion
	var platform, at string
	err := row.Scan(&s.ID, &s.Text, &s.SourceURL, &s.SourceTitle, &s.Topic, &platform, &s.By.ChatID, &s.By.UserID, &s.By.Name,
		&at, &s.Status, &s.DecidedBy, &s.Reason, &s.FactKey)
	s.By.Platform = bot.Platform(platform)
	s.At, _ = time.Parse(time.RFC3339Nano, at)
	return s, err
}

// PendingSuggestions lists the suggestions waiting for review, oldest first.
func (db *DB) PendingSuggestions(ctx context.Context) ([]bot.Suggestion, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+suggestionColumns+` WHERE status = 'pending' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("cannot list suggestions: %w", err)
	}
	defer rows.Close()
	var out []bot.Suggestion
	for rows.Next() {
		s, err := scanSuggestion(rows)
		if err != nil {
			return nil, fmt.Errorf("cannot list suggestions: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (db *DB) pendingSuggestion(ctx context.Context, id int64) (bot.Suggestion, error) {
	s, err := scanSuggestion(db.read.QueryRowContext(ctx, `SELECT `+suggestionColumns+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, bot.Userf("There is no suggestion %d. /review lists the pending ones.", id)
	}
	if err != nil {
		return s, fmt.Errorf("cannot read suggestion %d: %w", id, err)
	}
	if s.Status != "pending" {
		return s, bot.Userf("Suggestion %d was already %s.", id, s.Status)
	}
	return s, nil
}

// Approve turns a pending suggestion into a fact. The suggestion's topic is
// used when it names one, otherwise the topic of the facts it is closest to.
func (db *DB) Approve(ctx context.Context, id int64, by bot.Actor) (bot.Suggestion, bot.Fact, error) {
	s, err := db.pendingSuggestion(ctx, id)
	if err != nil {
		return s, bot.Fact{}, err
	}
	topic := s.Topic
	if topic == "" {
		hits, err := db.Search(ctx, s.Text, 1)
		if err != nil {
			return s, bot.Fact{}, err
		}
		if len(hits) == 0 {
			return s, bot.Fact{}, bot.Userf("I cannot tell which topic suggestion %d belongs to; add it with /addfact instead.", id)
		}
		topic = hits[0].Fact.Topic
	}
	nf := bot.NewFact{Topic: topic, Text: s.Text, SourceURL: s.SourceURL, SourceTitle: s.SourceTitle}
	if err := db.checkNewFact(ctx, &nf, ""); err != nil {
		return s, bot.Fact{}, err
	}
	defer db.beginIndexWrite()()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return s, bot.Fact{}, fmt.Errorf("cannot begin approval: %w", err)
	}
	defer tx.Rollback()
	key, ic, err := db.addFactTx(ctx, tx, nf, factWords{}, by, "add", fmt.Sprintf("(suggestion %d by %s)", id, s.By.Name))
	if err != nil {
		return s, bot.Fact{}, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = 'approved', decided_by = ?, decided_at = ?, fact_key = ?
		WHERE id = ? AND status = 'pending'`, by.Name, db.timestamp(), key, id)
	if err != nil {
		return s, bot.Fact{}, fmt.Errorf("cannot approve suggestion %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return s, bot.Fact{}, bot.Userf("Suggestion %d was decided by someone else meanwhile.", id)
	}
	if err := tx.Commit(); err != nil {
		return s, bot.Fact{}, fmt.Errorf("cannot commit approval: %w", err)
	}
	db.applyIndexChanges([]indexChange{*ic})
	s.Status, s.DecidedBy, s.FactKey = "approved", by.Name, key
	f, err := db.Fact(ctx, key)
	return s, f, err
}

// Reject declines a pending suggestion with a reason.
func (db *DB) Reject(ctx context.Context, id int64, reason string, by bot.Actor) (bot.Suggestion, error) {
	s, err := db.pendingSuggestion(ctx, id)
	if err != nil {
		return s, err
	}
	reason = strings.TrimSpace(reason)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return s, fmt.Errorf("cannot begin rejection: %w", err)
	}
	defer tx.Rollback()
	now := db.timestamp()
	res, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = 'rejected', decided_by = ?, decided_at = ?, reason = ?
		WHERE id = ? AND status = 'pending'`, by.Name, now, reason, id)
	if err != nil {
		return s, fmt.Errorf("cannot reject suggestion %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return s, bot.Userf("Suggestion %d was decided by someone else meanwhile.", id)
	}
	if err := audit(ctx, tx, now, by, "reject", fmt.Sprintf("suggestion %d", id), reason); err != nil {
		return s, err
	}
	s.Status, s.DecidedBy, s.Reason = "rejected", by.Name, reason
	return s, tx.Commit()
}
