package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/pakbot/pakbot/bot"
)

var _ bot.NoticeStore = (*DB)(nil)

// Every message a user sends asks whether notices wait for them, and
// almost always none do. noticeCache remembers that none wait, as of an
// index generation, so that asking costs no SQL: keeping a notice moves
// the generation, which tells every process to look again.
type noticeCache struct {
	mu   sync.Mutex
	gen  int64
	none bool // no notice waits, as of gen
}

// SaveNotice keeps a notice that could not be delivered.
func (db *DB) SaveNotice(ctx context.Context, n bot.Notice) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot keep notice for %s user %s: %w", n.Platform, n.UserID, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO notices (platform, chat, user_id, text, created_at) VALUES (?, ?, ?, ?, ?)`,
		string(n.Platform), n.ChatID, n.UserID, n.Text, db.timestamp()); err != nil {
		return fmt.Errorf("cannot keep notice for %s user %s: %w", n.Platform, n.UserID, err)
	}
	if err := db.commitSeen(ctx, tx, fmt.Sprintf("cannot keep notice for %s user %s", n.Platform, n.UserID)); err != nil {
		return err
	}
	db.notices.mu.Lock()
	db.notices.none = false
	db.notices.mu.Unlock()
	return nil
}

// WaitingNotices lists the notices waiting for a user on a platform, or
// for every user of the platform when userID is empty, oldest first.
func (db *DB) WaitingNotices(ctx context.Context, platform bot.Platform, userID string) ([]bot.Notice, error) {
	gen, err := db.generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot read waiting notices: %w", err)
	}
	db.notices.mu.Lock()
	defer db.notices.mu.Unlock()
	if db.notices.gen != gen {
		// Another process may have kept one: look again.
		db.notices.gen, db.notices.none = gen, false
	}
	if db.notices.none {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, platform, chat, user_id, text FROM notices
		WHERE platform = ?1 AND (?2 = '' OR user_id = ?2) ORDER BY id`, string(platform), userID)
	if err != nil {
		return nil, fmt.Errorf("cannot read waiting notices: %w", err)
	}
	defer rows.Close()
	var out []bot.Notice
	for rows.Next() {
		var n bot.Notice
		var p string
		if err := rows.Scan(&n.ID, &p, &n.ChatID, &n.UserID, &n.Text); err != nil {
			return nil, fmt.Errorf("cannot read waiting notices: %w", err)
		}
		n.Platform = bot.Platform(p)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cannot read waiting notices: %w", err)
	}
	if len(out) == 0 {
		db.notices.none, err = noNotices(ctx, db.read)
	}
	return out, err
}

// noNotices reports whether no notice waits for anyone.
func noNotices(ctx context.Context, q *sql.DB) (bool, error) {
	var waiting bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM notices)`).Scan(&waiting); err != nil {
		return false, fmt.Errorf("cannot read waiting notices: %w", err)
	}
	return !waiting, nil
}

// TakeNotice deletes a waiting notice once it is delivered. It reports
// false when the notice was already taken, by this process or another.
func (db *DB) TakeNotice(ctx context.Context, id int64) (bool, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM notices WHERE id = ?`, id)
	if err != nil {
		return false, fmt.Errorf("cannot mark notice %d delivered: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
