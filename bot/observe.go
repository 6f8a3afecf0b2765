package bot

import "time"

// Outcome is how the engine dealt with a question, as metrics count it.
type Outcome string

// Outcomes of a question.
const (
	// Answered: the reply states facts (an answer, or a topic's list).
	Answered Outcome = "answered"
	// Declined: no fact fits, and the reply says so.
	Declined Outcome = "declined"
	// NearMiss: no fact fits well enough, and the reply asks "Did you
	// mean …?" with the questions the nearest facts answer.
	NearMiss Outcome = "did-you-mean"
	// Failed: the question could not be searched (too long, no words) or
	// something went wrong on our side.
	Failed Outcome = "error"
)

// OutcomeOf classifies a reply to a question.
func OutcomeOf(r Reply) Outcome {
	switch {
	case r.Answered:
		return Answered
	case r.Kind == KindError:
		return Failed
	case r.NearMiss:
		return NearMiss
	}
	return Declined
}

// Observer is told what the engine does, so that a metrics package can
// count it while the engine knows nothing of how. Its methods are called
// on the request's goroutine: they must be quick and safe for concurrent
// use.
type Observer interface {
	// Question reports a question answered, declined (or nearly
	// answered, with "Did you mean …?") or failed on a platform, and how
	// long the engine took over it.
	Question(p Platform, o Outcome, took time.Duration)
	// ModeratorWrite reports a moderator's change that was saved, by the
	// command that made it ("editfact").
	ModeratorWrite(p Platform, command string)
	// FeedbackVote reports a vote given on an answer, ChoiceUp or
	// ChoiceDown: a first vote or a changed one. A vote taken back, or a
	// reason given for a 👎, is no new vote.
	FeedbackVote(p Platform, c Choice)
}

// WithObserver sets who is told about questions, moderators' writes and
// feedback votes; by default nobody is.
func WithObserver(o Observer) Option { return func(e *Engine) { e.observer = o } }

// nopObserver is the observer of an engine given none.
type nopObserver struct{}

func (nopObserver) Question(Platform, Outcome, time.Duration) {}
func (nopObserver) ModeratorWrite(Platform, string)           {}
func (nopObserver) FeedbackVote(Platform, Choice)             {}
