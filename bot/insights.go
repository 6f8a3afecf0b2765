package bot

import (
	"context"
	"time"
)

// MissReason says why a question counts as missed.
type MissReason string

// Reasons a question is missed.
const (
	MissDeclined   MissReason = "declined"     // a plain decline
	MissDidYouMean MissReason = "did_you_mean" // a decline offering near questions
	MissDownvoted  MissReason = "downvoted"    // an answer that got 👎
)

// Miss is a group of missed questions that ask the same thing, perhaps in
// different words, since a moderator last dealt with it.
type Miss struct {
	// ID stays the group's for good: moderators act on it by number.
	ID int64
	// Question is the wording asked most often (the latest among equals).
	Question string
	// Variants are the group's other wordings, most asked first.
	Variants []string
	// Count is how many times the group's questions were missed.
	Count     int
	LastAsked time.Time
	Reasons   []MissReason
	// Downvotes counts the 👎 on the group's answers; DownReasons are the
	// reasons given with them, most given first.
	Downvotes   int
	DownReasons []Choice
	// Facts are the facts the downvoted answers led with.
	Facts []string
	// Score ranks groups: each miss counts half as much for every week
	// of its age, so frequent and recent groups come first.
	Score float64
}

// Closed says how a moderator last dealt with a group of misses.
type Closed struct {
	// Action is "dismiss" or "alias" (the question became an alias of
	// FactKey); empty when nobody has.
	Action  string
	FactKey string
	By      string
	At      time.Time
}

// LogMark is a position in the question log: the last question and the
// last vote seen. Digests say what came after their last mark.
type LogMark struct {
	Question, Vote int64
	// At is when the mark was taken.
	At time.Time
}

// MissQuery selects misses: those logged after After and up to Until
// (everything when Until is zero), asked at or after Since, of groups no
// moderator dealt with since, at most Limit (all when 0), ranked by Score.
type MissQuery struct {
	After, Until LogMark
	Since        time.Time
	Limit        int
}

// KeyCount is a name with how often it came up.
type KeyCount struct {
	Key   string
	Count int
}

// Stats summarise the question log over a period.
type Stats struct {
	From, To time.Time
	// Questions = Answered + Declined + DidYouMean.
	Questions, Answered, Declined, DidYouMean int
	// Up and Down count the votes cast in the period.
	Up, Down int
	// TopFacts are the facts answers led with, most used first;
	// TopTopics their topics.
	TopFacts, TopTopics []KeyCount
}

// AnswerRate is the share of questions answered, 0 when there were none.
func (s Stats) AnswerRate() float64 {
	if s.Questions == 0 {
		return 0
	}
	return float64(s.Answered) / float64(s.Questions)
}

// Insights is what moderators' views of the question log need from a
// store: votes, misses and the one-step fixes, stats and digest marks.
// The engine offers /misses and /stats when its Knowledge implements it.
type Insights interface {
	// Vote records a press of a feedback button and returns the answer's
	// new tally. It fails with ErrNotFound for an answer not in the log.
	Vote(ctx context.Context, b Ballot) (Tally, VoteEffect, error)
	// Misses lists groups of missed questions, best first.
	Misses(ctx context.Context, q MissQuery) ([]Miss, error)
	// Miss returns one group with its open misses (Count may be 0), and
	// how it was last closed. It fails with ErrNotFound for no group.
	Miss(ctx context.Context, id int64) (Miss, Closed, error)
	// DismissMiss hides a group's misses so far; new ones show again.
	DismissMiss(ctx context.Context, id int64, by Actor) (Miss, error)
	// AttachMiss adds every wording of a group's open misses to the
	// aliases of fact key, as a new version, and closes the group.
	AttachMiss(ctx context.Context, id int64, key string, by Actor) (Miss, Fact, error)
	// Stats summarises the log from from (inclusive) to to (exclusive).
	Stats(ctx context.Context, from, to time.Time) (Stats, error)
	// LogMark is the log's position now.
	LogMark(ctx context.Context) (LogMark, error)
	// DigestMark is the mark of the last digest sent to target, false
	// when none was.
	DigestMark(ctx context.Context, target string) (LogMark, bool, error)
	// SaveDigestMark records the mark of a digest sent to target.
	SaveDigestMark(ctx context.Context, target string, m LogMark) error
}

func (e *Engine) insights() Insights { s, _ := e.kb.(Insights); return s }
