package knowledge

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/understand"
)

// The question log (see migrations/0006_question_log.sql) implements
// bot.QuestionLog; insights.go reads it for moderators.

// logTimeFormat writes the log's times at a fixed width, so that they sort
// and compare as text in SQL.
const logTimeFormat = "2006-01-02T15:04:05.000000Z"

func logTime(t time.Time) string { return t.UTC().Format(logTimeFormat) }

func parseLogTime(s string) time.Time {
	t, _ := time.Parse(logTimeFormat, s)
	return t
}

// LogQuestions writes a batch of question log entries in one transaction.
// Users are stored as a salted hash; an entry whose answer id is already
// logged is skipped.
func (db *DB) LogQuestions(ctx context.Context, entries []bot.LoggedQuestion) error {
	if len(entries) == 0 {
		return nil
	}
	salt, err := db.logSalt(ctx)
	if err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot begin writing the question log: %w", err)
	}
	defer tx.Rollback()
	insert, err := tx.PrepareContext(ctx, `
		INSERT INTO question_log (answer_id, asked_at, platform, chat_kind, user_hash, question, normalized, group_key,
			outcome, facts, lead_fact, confidence, latency_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (answer_id) DO NOTHING`)
	if err != nil {
		return fmt.Errorf("cannot write the question log: %w", err)
	}
	defer insert.Close()
	now := logTime(db.Now())
	for _, q := range entries {
		facts, _ := json.Marshal(append([]string{}, q.Facts...))
		lead := ""
		if len(q.Facts) > 0 {
			lead = q.Facts[0]
		}
		text := bot.CleanText(q.Question)
		group := db.questionGroup(text)
		if _, err := insert.ExecContext(ctx, q.AnswerID, logTime(q.At), string(q.Platform), string(q.Chat), userHash(salt, q.Platform, q.UserID),
			text, normalizeQuestion(text), group, string(q.Outcome), string(facts), lead, q.Confidence, float64(q.Latency)/float64(time.Millisecond)); err != nil {
			return fmt.Errorf("cannot write the question log: %w", err)
		}
		if q.Outcome != bot.LogAnswered {
			if err := ensureMissGroup(ctx, tx, group, now); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cannot commit the question log: %w", err)
	}
	return nil
}

// ensureMissGroup gives a group of questions its number if it has none.
func ensureMissGroup(ctx context.Context, tx *sql.Tx, group, now string) error {
	// Not INSERT … ON CONFLICT: a refused insert would use up a number.
	if _, err := tx.ExecContext(ctx, `INSERT INTO miss_groups (group_key, created_at) SELECT ?1, ?2
		WHERE NOT EXISTS (SELECT 1 FROM miss_groups WHERE group_key = ?1)`, group, now); err != nil {
		return fmt.Errorf("cannot number a group of missed questions: %w", err)
	}
	return nil
}

// ForgetQuestions deletes the log entries asked before t, their votes, and
// the groups of misses nothing is left of.
func (db *DB) ForgetQuestions(ctx context.Context, before time.Time) (int64, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("cannot begin forgetting old questions: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM question_log WHERE asked_at < ?`, logTime(before))
	if err != nil {
		return 0, fmt.Errorf("cannot forget old questions: %w", err)
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM miss_groups WHERE group_key NOT IN (SELECT group_key FROM question_log)`); err != nil {
			return 0, fmt.Errorf("cannot forget old questions: %w", err)
		}
	}
	return n, tx.Commit()
}

// normalizeQuestion is a question lowercased, with its spacing collapsed
// and the punctuation at its end dropped: the same question asked by
// several users is one wording.
func normalizeQuestion(q string) string {
	q = strings.ToLower(strings.Join(strings.Fields(q), " "))
	return strings.TrimRight(q, " ?؟!.")
}

// questionGroup is the key that questions asking the same thing share: the
// sorted stems of the words that carry their subject, as the question
// reader finds them (so "how much are IT exports" and "IT exports
// kitni hain" meet), and the period asked about. Everyday words count
// only when the question has nothing else.
func (db *DB) questionGroup(question string) string {
	q := db.reader.Analyze(question)
	var named, common []string
	for _, w := range q.Words {
		stem := understand.Stem(w.Text)
		if stem == "" {
			continue
		}
		if w.Common {
			common = append(common, stem)
		} else {
			named = append(named, stem)
		}
	}
	terms := named
	if len(terms) == 0 {
		terms = common
	}
	if len(terms) == 0 {
		return "text:" + normalizeQuestion(question)
	}
	slices.Sort(terms)
	terms = slices.Compact(terms)
	return strings.Join(terms, " ") + "|" + q.Period.Raw
}

// logSalt returns the salt user hashes are made with, creating it the
// first time. It lives in the database, so hashes stay comparable across
// restarts and processes, and it never leaves it.
func (db *DB) logSalt(ctx context.Context) ([]byte, error) {
	db.saltMu.Lock()
	defer db.saltMu.Unlock()
	if db.salt != nil {
		return db.salt, nil
	}
	var fresh [32]byte
	rand.Read(fresh[:])
	if _, err := db.write.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('question_log_salt', ?) ON CONFLICT (key) DO NOTHING`,
		hex.EncodeToString(fresh[:])); err != nil {
		return nil, fmt.Errorf("cannot make the question log's salt: %w", err)
	}
	var stored string
	if err := db.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'question_log_salt'`).Scan(&stored); err != nil {
		return nil, fmt.Errorf("cannot read the question log's salt: %w", err)
	}
	salt, err := hex.DecodeString(stored)
	if err != nil || len(salt) < 16 {
		return nil, errors.New("the question log's salt in the database is damaged")
	}
	db.salt = salt
	return salt, nil
}

// userHash is how the log knows a user: a keyed hash of the platform and
// the user's id, which the salt makes impossible to compute without the
// database.
func userHash(salt []byte, p bot.Platform, userID string) string {
	mac := hmac.New(sha256.New, salt)
	mac.Write([]byte(string(p) + "\x00" + userID))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}
