package main

import (
	"flag"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/questionlog"
)

// defaultLogRetentionDays is how long the question log keeps an entry
// unless --log-retention says otherwise.
const defaultLogRetentionDays = 90

// logRetentionFlag registers --log-retention on fs.
func logRetentionFlag(fs *flag.FlagSet) *int {
	return fs.Int("log-retention", defaultLogRetentionDays,
		"keep the question log for this many `days` (0: log nothing); users are kept only as a salted hash")
}

// checkLogRetention refuses a --log-retention that is no number of days,
// so that serve can say so before it starts anything.
func checkLogRetention(days int) error {
	if days < 0 {
		return usagef("--log-retention: %d is not a number of days; give 0 to log nothing, or the days to keep the log (default %d)", days, defaultLogRetentionDays)
	}
	return nil
}

// questionLogOptions starts the question log on db, keeping entries for
// days, and returns the engine option that feeds it; none when days is 0.
// Close stops it, writing what is left, before the database closes.
func (m *Main) questionLogOptions(db *knowledge.DB, days int) ([]bot.Option, error) {
	if err := checkLogRetention(days); err != nil {
		return nil, err
	}
	if days == 0 {
		return nil, nil
	}
	m.questionLog = questionlog.New(db,
		questionlog.WithRetention(time.Duration(days)*24*time.Hour),
		questionlog.WithLogger(m.Logger.With("component", "question log")))
	return []bot.Option{bot.WithQuestionLog(m.questionLog)}, nil
}
