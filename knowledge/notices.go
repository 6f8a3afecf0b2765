package knowledge

import (
	"context"
	"fmt"

	"github.com/pakbot/pakbot/bot"
)

var _ bot.NoticeStore = (*DB)(nil)

// SaveNotice keeps a notice that could not be delivered.
func (db *DB) SaveNotice(ctx context.Context, n bot.Notice) error {
	if _, err := db.write.ExecContext(ctx, `INSERT INTO notices (platform, chat, user_id, text, created_at) VALUES (?, ?, ?, ?, ?)`,
		string(n.Platform), n.ChatID, n.UserID, n.Text, db.timestamp()); err != nil {
		return fmt.Errorf("cannot keep notice for %s user %s: %w", n.Platform, n.UserID, err)
	}
	return nil
}

// WaitingNotices lists the notices waiting for a user on a platform, or
// for every user of the platform when userID is empty, oldest first.
func (db *DB) WaitingNotices(ctx context.Context, platform bot.Platform, userID string) ([]bot.Notice, error) {
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
	return out, rows.Err()
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
