package knowledge

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// What moderators learn from the question log (bot.Insights): votes,
// missed questions and their one-step fixes, stats, and digest marks.

// Vote records a press of a feedback button: a first vote, a change of
// vote, a vote taken back (the same button again) or a reason for a 👎.
// A changed vote is written as a new row, so digests see it as new. It
// fails with bot.ErrNotFound when the answer is not in the log.
func (db *DB) Vote(ctx context.Context, b bot.Ballot) (bot.Tally, bot.VoteEffect, error) {
	salt, err := db.logSalt(ctx)
	if err != nil {
		return bot.Tally{}, "", err
	}
	voter := userHash(salt, b.Platform, b.UserID)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return bot.Tally{}, "", fmt.Errorf("cannot begin a vote: %w", err)
	}
	defer tx.Rollback()
	var group string
	err = tx.QueryRowContext(ctx, `SELECT group_key FROM question_log WHERE answer_id = ?`, b.AnswerID).Scan(&group)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Tally{}, "", fmt.Errorf("answer %s: %w", b.AnswerID, bot.ErrNotFound)
	}
	if err != nil {
		return bot.Tally{}, "", fmt.Errorf("cannot find the answer voted on: %w", err)
	}
	current := 0
	err = tx.QueryRowContext(ctx, `SELECT vote FROM answer_votes WHERE answer_id = ? AND voter = ?`, b.AnswerID, voter).Scan(&current)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return bot.Tally{}, "", fmt.Errorf("cannot read a vote: %w", err)
	}
	vote, reason := 1, ""
	if b.Choice != bot.ChoiceUp {
		vote = -1
	}
	if b.Choice.IsReason() {
		reason = string(b.Choice)
	}
	var effect bot.VoteEffect
	switch {
	case reason != "":
		effect = bot.VoteReason
	case current == vote:
		effect = bot.VoteRemoved
	case current != 0:
		effect = bot.VoteChanged
	default:
		effect = bot.VoteAdded
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM answer_votes WHERE answer_id = ? AND voter = ?`, b.AnswerID, voter); err != nil {
		return bot.Tally{}, "", fmt.Errorf("cannot change a vote: %w", err)
	}
	now := logTime(db.Now())
	if effect != bot.VoteRemoved {
		if _, err := tx.ExecContext(ctx, `INSERT INTO answer_votes (answer_id, voter, vote, reason, voted_at) VALUES (?, ?, ?, ?, ?)`,
			b.AnswerID, voter, vote, reason, now); err != nil {
			return bot.Tally{}, "", fmt.Errorf("cannot save a vote: %w", err)
		}
		if vote < 0 {
			if err := ensureMissGroup(ctx, tx, group, now); err != nil {
				return bot.Tally{}, "", err
			}
		}
	}
	var t bot.Tally
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FILTER (WHERE vote > 0), COUNT(*) FILTER (WHERE vote < 0) FROM answer_votes WHERE answer_id = ?`,
		b.AnswerID).Scan(&t.Up, &t.Down); err != nil {
		return bot.Tally{}, "", fmt.Errorf("cannot count votes: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return bot.Tally{}, "", fmt.Errorf("cannot commit a vote: %w", err)
	}
	return t, effect, nil
}

// missEvent is one row the misses query returns: a missed question, or a
// 👎 on an answer.
type missEvent struct {
	group                int64
	closedLog, closedVot int64
	logID                int64
	question, normalized string
	asked                time.Time
	outcome, lead        string
	voteID               int64
	reason               string
}

// missesSQL selects the candidate events of open groups: declines and
// "did you mean" replies, and answers with their 👎 votes. Arguments: the
// log ids after and up to, the vote ids after and up to, the least asked
// time, and a group id (0 for all).
const missesSQL = `
	SELECT g.id, g.closed_log, g.closed_vote, l.id, l.question, l.normalized, l.asked_at, l.outcome, l.lead_fact,
		COALESCE(v.id, 0), COALESCE(v.reason, '')
	FROM miss_groups g
	JOIN question_log l ON l.group_key = g.group_key
	LEFT JOIN answer_votes v ON v.answer_id = l.answer_id AND v.vote < 0 AND v.id > g.closed_vote AND v.id > ?3 AND v.id <= ?4
	WHERE ((l.outcome != 'answered' AND l.id > g.closed_log AND l.id > ?1 AND l.id <= ?2) OR v.id IS NOT NULL)
		AND l.asked_at >= ?5 AND (?6 = 0 OR g.id = ?6)
	ORDER BY l.id`

// misses reads the open misses selected by q, of group id (all when 0),
// as groups.
func (db *DB) misses(ctx context.Context, q bot.MissQuery, id int64) ([]bot.Miss, error) {
	// A zero Until bounds nothing.
	if q.Until.Question == 0 && q.Until.Vote == 0 && q.Until.At.IsZero() {
		q.Until.Question, q.Until.Vote = math.MaxInt64, math.MaxInt64
	}
	since := ""
	if !q.Since.IsZero() {
		since = logTime(q.Since)
	}
	rows, err := db.read.QueryContext(ctx, missesSQL, q.After.Question, q.Until.Question, q.After.Vote, q.Until.Vote, since, id)
	if err != nil {
		return nil, fmt.Errorf("cannot list missed questions: %w", err)
	}
	defer rows.Close()
	var events []missEvent
	for rows.Next() {
		var e missEvent
		var asked string
		if err := rows.Scan(&e.group, &e.closedLog, &e.closedVot, &e.logID, &e.question, &e.normalized, &asked, &e.outcome, &e.lead, &e.voteID, &e.reason); err != nil {
			return nil, fmt.Errorf("cannot list missed questions: %w", err)
		}
		e.asked = parseLogTime(asked)
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cannot list missed questions: %w", err)
	}
	list := groupMisses(events, q, db.Now())
	if q.Limit > 0 && len(list) > q.Limit {
		list = list[:q.Limit]
	}
	return list, nil
}

// groupMisses turns events into groups, ranked by bot.Miss.Score. q's
// Until is bounded.
func groupMisses(events []missEvent, q bot.MissQuery, now time.Time) []bot.Miss {
	type wording struct {
		count  int
		latest string
		at     time.Time
	}
	type group struct {
		miss     bot.Miss
		logs     map[int64]bool
		wordings map[string]*wording
		reasons  map[bot.MissReason]bool
		why      map[bot.Choice]int
	}
	groups := map[int64]*group{}
	var order []int64
	for _, e := range events {
		g := groups[e.group]
		if g == nil {
			g = &group{miss: bot.Miss{ID: e.group}, logs: map[int64]bool{}, wordings: map[string]*wording{}, reasons: map[bot.MissReason]bool{}, why: map[bot.Choice]int{}}
			groups[e.group] = g
			order = append(order, e.group)
		}
		inRange := e.logID > q.After.Question && e.logID <= q.Until.Question
		if e.outcome != string(bot.LogAnswered) && e.logID > e.closedLog && inRange {
			g.reasons[bot.MissReason(e.outcome)] = true
		} else if e.voteID == 0 {
			continue
		}
		if e.voteID != 0 {
			g.reasons[bot.MissDownvoted] = true
			g.miss.Downvotes++
			if e.reason != "" {
				g.why[bot.Choice(e.reason)]++
			}
			if e.lead != "" && !slices.Contains(g.miss.Facts, e.lead) {
				g.miss.Facts = append(g.miss.Facts, e.lead)
			}
		}
		if g.logs[e.logID] {
			continue
		}
		g.logs[e.logID] = true
		g.miss.Count++
		g.miss.Score += math.Pow(0.5, now.Sub(e.asked).Hours()/(7*24))
		if e.asked.After(g.miss.LastAsked) {
			g.miss.LastAsked = e.asked
		}
		w := g.wordings[e.normalized]
		if w == nil {
			w = &wording{}
			g.wordings[e.normalized] = w
		}
		w.count++
		if !e.asked.Before(w.at) {
			w.latest, w.at = e.question, e.asked
		}
	}
	var out []bot.Miss
	for _, id := range order {
		g := groups[id]
		if g.miss.Count == 0 {
			continue
		}
		ws := make([]*wording, 0, len(g.wordings))
		for _, w := range g.wordings {
			ws = append(ws, w)
		}
		slices.SortFunc(ws, func(a, b *wording) int {
			if a.count != b.count {
				return b.count - a.count
			}
			return b.at.Compare(a.at)
		})
		g.miss.Question = ws[0].latest
		for _, w := range ws[1:] {
			g.miss.Variants = append(g.miss.Variants, w.latest)
		}
		for _, r := range []bot.MissReason{bot.MissDeclined, bot.MissDidYouMean, bot.MissDownvoted} {
			if g.reasons[r] {
				g.miss.Reasons = append(g.miss.Reasons, r)
			}
		}
		for c := range g.why {
			g.miss.DownReasons = append(g.miss.DownReasons, c)
		}
		slices.SortFunc(g.miss.DownReasons, func(a, b bot.Choice) int {
			return cmp.Or(g.why[b]-g.why[a], strings.Compare(string(a), string(b)))
		})
		out = append(out, g.miss)
	}
	slices.SortStableFunc(out, func(a, b bot.Miss) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), b.LastAsked.Compare(a.LastAsked), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Misses lists the open groups of missed questions selected by q, ranked:
// each miss counts half as much for every week of its age.
func (db *DB) Misses(ctx context.Context, q bot.MissQuery) ([]bot.Miss, error) {
	return db.misses(ctx, q, 0)
}

// Miss returns group id with its open misses, and how a moderator last
// closed it. A group with none open has Count 0 and its latest question.
func (db *DB) Miss(ctx context.Context, id int64) (bot.Miss, bot.Closed, error) {
	var key, closedAt string
	var c bot.Closed
	err := db.read.QueryRowContext(ctx, `SELECT group_key, action, fact_key, closed_by, closed_at FROM miss_groups WHERE id = ?`, id).
		Scan(&key, &c.Action, &c.FactKey, &c.By, &closedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Miss{}, c, fmt.Errorf("missed question %d: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return bot.Miss{}, c, fmt.Errorf("cannot read missed question %d: %w", id, err)
	}
	c.At = parseLogTime(closedAt)
	list, err := db.misses(ctx, bot.MissQuery{}, id)
	if err != nil {
		return bot.Miss{}, c, err
	}
	if len(list) == 1 {
		return list[0], c, nil
	}
	m := bot.Miss{ID: id}
	err = db.read.QueryRowContext(ctx, `SELECT question FROM question_log WHERE group_key = ? ORDER BY id DESC LIMIT 1`, key).Scan(&m.Question)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return m, c, fmt.Errorf("cannot read missed question %d: %w", id, err)
	}
	return m, c, nil
}

// closeMiss closes group id in tx: the misses logged so far are dealt
// with; later ones open it again.
func closeMiss(ctx context.Context, tx *sql.Tx, id int64, action, factKey string, by bot.Actor, now string) error {
	res, err := tx.ExecContext(ctx, `
		UPDATE miss_groups SET
			closed_log = (SELECT COALESCE(MAX(id), 0) FROM question_log),
			closed_vote = (SELECT COALESCE(MAX(id), 0) FROM answer_votes),
			action = ?, fact_key = ?, closed_by = ?, closed_at = ?
		WHERE id = ?`, action, factKey, by.Name, now, id)
	if err != nil {
		return fmt.Errorf("cannot close missed question %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("missed question %d: %w", id, bot.ErrNotFound)
	}
	return nil
}

// DismissMiss hides group id's misses so far, with an audit entry; the
// group shows again when its question is missed again. It returns the
// group as it was.
func (db *DB) DismissMiss(ctx context.Context, id int64, by bot.Actor) (bot.Miss, error) {
	m, _, err := db.Miss(ctx, id)
	if err != nil {
		return m, err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return m, fmt.Errorf("cannot begin dismissing: %w", err)
	}
	defer tx.Rollback()
	now := logTime(db.Now())
	if err := closeMiss(ctx, tx, id, "dismiss", "", by, now); err != nil {
		return m, err
	}
	if err := audit(ctx, tx, db.timestamp(), by, "dismiss-miss", fmt.Sprintf("miss %d", id), m.Question); err != nil {
		return m, err
	}
	return m, tx.Commit()
}

// maxAlias bounds a question attached as an alias.
const maxAlias = bot.MaxQuestionRunes

// AttachMiss adds every wording of group id's open misses to the aliases
// of fact key as one new version (with its audit entry), so that they find
// the fact next time, and closes the group, all in one transaction. It
// returns the group as it was and the fact as it is now.
func (db *DB) AttachMiss(ctx context.Context, id int64, key string, by bot.Actor) (bot.Miss, bot.Fact, error) {
	m, _, err := db.Miss(ctx, id)
	if err != nil {
		return m, bot.Fact{}, err
	}
	if m.Count == 0 {
		return m, bot.Fact{}, bot.Userf("Missed question %d has nothing open to attach.", id)
	}
	defer db.beginIndexWrite()()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return m, bot.Fact{}, fmt.Errorf("cannot begin attaching: %w", err)
	}
	defer tx.Rollback()
	ic, err := db.changeTx(ctx, tx, key, by, "edit", func(_ *sql.Tx, f *bot.Fact) (string, error) {
		if f.Removed {
			return "", &bot.UserError{Msg: fmt.Sprintf("Fact %s is removed from answers.", key), Next: bot.NextStep{Action: bot.NextRestore, Key: key}}
		}
		var added []string
		for _, q := range append([]string{m.Question}, m.Variants...) {
			alias := strings.TrimRight(strings.TrimSpace(q), " ?؟!.")
			if alias == "" || len([]rune(alias)) > maxAlias || slices.ContainsFunc(f.Aliases, func(a string) bool { return strings.EqualFold(a, alias) }) {
				continue
			}
			f.Aliases = append(f.Aliases, alias)
			added = append(added, "“"+alias+"”")
		}
		if len(added) == 0 {
			return "", bot.Userf("Fact %s already has these questions as aliases, and still does not answer them: add a fact for them, or teach me a word with /synonym.", key)
		}
		return fmt.Sprintf("aliases: + %s (missed question %d)", strings.Join(added, ", "), id), nil
	})
	if err != nil {
		return m, bot.Fact{}, err
	}
	if err := closeMiss(ctx, tx, id, "alias", key, by, logTime(db.Now())); err != nil {
		return m, bot.Fact{}, err
	}
	if err := tx.Commit(); err != nil {
		return m, bot.Fact{}, fmt.Errorf("cannot commit attaching: %w", err)
	}
	db.applyIndexChanges([]indexChange{*ic})
	f, err := db.Fact(ctx, key)
	return m, f, err
}

// Stats summarises the log from from (inclusive) to to (exclusive): the
// questions by outcome, the votes cast, and the facts and topics answers
// led with.
func (db *DB) Stats(ctx context.Context, from, to time.Time) (bot.Stats, error) {
	s := bot.Stats{From: from, To: to}
	lo, hi := logTime(from), logTime(to)
	rows, err := db.read.QueryContext(ctx, `SELECT outcome, COUNT(*) FROM question_log WHERE asked_at >= ? AND asked_at < ? GROUP BY outcome`, lo, hi)
	if err != nil {
		return s, fmt.Errorf("cannot count questions: %w", err)
	}
	for rows.Next() {
		var outcome string
		var n int
		if err := rows.Scan(&outcome, &n); err != nil {
			rows.Close()
			return s, fmt.Errorf("cannot count questions: %w", err)
		}
		switch bot.LogOutcome(outcome) {
		case bot.LogAnswered:
			s.Answered = n
		case bot.LogDeclined:
			s.Declined = n
		case bot.LogDidYouMean:
			s.DidYouMean = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("cannot count questions: %w", err)
	}
	s.Questions = s.Answered + s.Declined + s.DidYouMean
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FILTER (WHERE vote > 0), COUNT(*) FILTER (WHERE vote < 0)
		FROM answer_votes WHERE voted_at >= ? AND voted_at < ?`, lo, hi).Scan(&s.Up, &s.Down); err != nil {
		return s, fmt.Errorf("cannot count votes: %w", err)
	}
	if s.TopFacts, err = db.topCounts(ctx, `SELECT lead_fact, COUNT(*) FROM question_log
		WHERE outcome = 'answered' AND lead_fact != '' AND asked_at >= ? AND asked_at < ?
		GROUP BY lead_fact ORDER BY 2 DESC, 1 LIMIT 5`, lo, hi); err != nil {
		return s, err
	}
	if s.TopTopics, err = db.topCounts(ctx, `SELECT v.topic, COUNT(*) FROM question_log l
		JOIN facts f ON f.key = l.lead_fact
		JOIN fact_versions v ON v.fact_id = f.id AND v.version = f.current_version
		WHERE l.outcome = 'answered' AND l.asked_at >= ? AND l.asked_at < ?
		GROUP BY v.topic ORDER BY 2 DESC, 1 LIMIT 5`, lo, hi); err != nil {
		return s, err
	}
	return s, nil
}

func (db *DB) topCounts(ctx context.Context, query string, args ...any) ([]bot.KeyCount, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("cannot count top facts: %w", err)
	}
	defer rows.Close()
	var out []bot.KeyCount
	for rows.Next() {
		var kc bot.KeyCount
		if err := rows.Scan(&kc.Key, &kc.Count); err != nil {
			return nil, fmt.Errorf("cannot count top facts: %w", err)
		}
		out = append(out, kc)
	}
	return out, rows.Err()
}

// LogMark is the log's position now: its last question and vote.
func (db *DB) LogMark(ctx context.Context) (bot.LogMark, error) {
	m := bot.LogMark{At: db.Now()}
	err := db.read.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) FROM question_log), (SELECT COALESCE(MAX(id), 0) FROM answer_votes)`).
		Scan(&m.Question, &m.Vote)
	if err != nil {
		return m, fmt.Errorf("cannot read the question log's position: %w", err)
	}
	return m, nil
}

// digestMark is a bot.LogMark as meta keeps it.
type digestMark struct {
	Question int64  `json:"question"`
	Vote     int64  `json:"vote"`
	At       string `json:"at"`
}

// DigestMark returns the mark of the last digest sent to target.
func (db *DB) DigestMark(ctx context.Context, target string) (bot.LogMark, bool, error) {
	var raw string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, "digest:"+target).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.LogMark{}, false, nil
	}
	if err != nil {
		return bot.LogMark{}, false, fmt.Errorf("cannot read the last digest: %w", err)
	}
	var d digestMark
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		return bot.LogMark{}, false, fmt.Errorf("cannot read the last digest: %w", err)
	}
	return bot.LogMark{Question: d.Question, Vote: d.Vote, At: parseLogTime(d.At)}, true, nil
}

// SaveDigestMark records the mark of a digest sent to target.
func (db *DB) SaveDigestMark(ctx context.Context, target string, m bot.LogMark) error {
	raw, _ := json.Marshal(digestMark{Question: m.Question, Vote: m.Vote, At: logTime(m.At)})
	if _, err := db.write.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		"digest:"+target, string(raw)); err != nil {
		return fmt.Errorf("cannot record the digest: %w", err)
	}
	return nil
}

// The store keeps the question log and what moderators read from it.
var (
	_ bot.QuestionLog = (*DB)(nil)
	_ bot.Insights    = (*DB)(nil)
)
