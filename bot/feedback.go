package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Feedback on answers: 👍 and 👎 buttons under every logged answer, one
// vote per user per answer, changeable; a 👎 may say why.

// Button is a button under a reply. Data is what the platform sends back
// when it is pressed (Telegram's callback data, Discord's custom id): a
// command ("/dismiss 3"), run as if the presser had typed it, or feedback
// data (see FeedbackData), which goes to Engine.Feedback.
type Button struct {
	Label string
	Data  string
}

// MaxButtonData is the longest Data a button may carry on every platform:
// Telegram allows 64 bytes of callback data, Discord 100 characters of
// custom id.
const MaxButtonData = 64

// Choice is what a feedback button says.
type Choice string

// Choices: a vote, or a reason for a 👎.
const (
	ChoiceUp       Choice = "up"
	ChoiceDown     Choice = "down"
	ReasonWrong    Choice = "wrong"
	ReasonOutdated Choice = "outdated"
	ReasonUnasked  Choice = "unasked"
)

// Reasons lists the reasons a 👎 can give, in the order they are offered.
func Reasons() []Choice { return []Choice{ReasonWrong, ReasonOutdated, ReasonUnasked} }

// IsReason reports whether c is a reason for a 👎 rather than a vote.
func (c Choice) IsReason() bool {
	return c == ReasonWrong || c == ReasonOutdated || c == ReasonUnasked
}

// Label is how a reason reads on its button and in lists.
func (c Choice) Label() string {
	switch c {
	case ReasonWrong:
		return "Wrong"
	case ReasonOutdated:
		return "Outdated"
	case ReasonUnasked:
		return "Not what I asked"
	case ChoiceUp:
		return "👍"
	case ChoiceDown:
		return "👎"
	}
	return string(c)
}

// feedbackPrefix starts the data of every feedback button; commands start
// with "/", so the two never meet.
const feedbackPrefix = "fb:"

// FeedbackData is the data of the button that gives choice c on the answer
// answerID: "fb:<answer id>:<choice>".
func FeedbackData(answerID string, c Choice) string {
	return feedbackPrefix + answerID + ":" + string(c)
}

// IsFeedbackData reports whether button data is meant for Engine.Feedback
// (rather than a command), well formed or not.
func IsFeedbackData(data string) bool { return strings.HasPrefix(data, feedbackPrefix) }

// ParseFeedbackData reads the data of a feedback button; false for data
// that no button of the engine carries.
func ParseFeedbackData(data string) (answerID string, c Choice, ok bool) {
	rest, ok := strings.CutPrefix(data, feedbackPrefix)
	if !ok {
		return "", "", false
	}
	answerID, choice, ok := strings.Cut(rest, ":")
	c = Choice(choice)
	if !ok || !isAnswerID(answerID) || (c != ChoiceUp && c != ChoiceDown && !c.IsReason()) {
		return "", "", false
	}
	return answerID, c, true
}

// Tally counts the votes on an answer.
type Tally struct{ Up, Down int }

// FeedbackButtons is the row of 👍 and 👎 buttons under an answer, each
// showing its count once there is one.
func FeedbackButtons(answerID string, t Tally) []Button {
	label := func(c Choice, n int) string {
		if n > 0 {
			return fmt.Sprintf("%s %d", c.Label(), n)
		}
		return c.Label()
	}
	return []Button{
		{Label: label(ChoiceUp, t.Up), Data: FeedbackData(answerID, ChoiceUp)},
		{Label: label(ChoiceDown, t.Down), Data: FeedbackData(answerID, ChoiceDown)},
	}
}

// ReasonButtons is the row of reasons offered after a 👎 on answerID.
func ReasonButtons(answerID string) []Button {
	var row []Button
	for _, r := range Reasons() {
		row = append(row, Button{Label: r.Label(), Data: FeedbackData(answerID, r)})
	}
	return row
}

// Ballot is one press of a feedback button.
type Ballot struct {
	AnswerID string
	Platform Platform
	// UserID is the presser's id on the platform; stores keep only a
	// salted hash of it.
	UserID string
	Choice Choice
}

// VoteEffect says what a press did to its presser's vote.
type VoteEffect string

// Effects of a press.
const (
	VoteAdded   VoteEffect = "added"   // a first vote
	VoteChanged VoteEffect = "changed" // 👍 became 👎 or the other way round
	VoteRemoved VoteEffect = "removed" // the same button again takes the vote back
	VoteReason  VoteEffect = "reason"  // a reason given for a 👎 (made one if there was none)
)

// Press is a press of a feedback button as a platform reports it.
type Press struct {
	Platform Platform
	UserID   string
	// Data is the button's data (see FeedbackData).
	Data string
}

// FeedbackResult is what a platform shows after a press.
type FeedbackResult struct {
	// Text is a short note for the presser: thanks, or why the press was
	// refused.
	Text string
	// Votes is the answer's 👍/👎 row with the new tally; nil when the
	// press was refused.
	Votes []Button
	// Reasons, after a new 👎, are the reasons the presser may pick from.
	Reasons []Button
	// Reason marks a press that gave a reason.
	Reason bool
}

// Feedback records a press of a feedback button. Anyone who sees an answer
// may vote on it; each user has one vote per answer, which a press of the
// other button changes and a second press of the same button takes back.
// Data no button of the engine carries, and answers no longer in the log,
// are refused with a polite note and change nothing.
func (e *Engine) Feedback(ctx context.Context, p Press) FeedbackResult {
	answerID, choice, ok := ParseFeedbackData(p.Data)
	store := e.insights()
	if !ok || store == nil || p.UserID == "" {
		return FeedbackResult{Text: "That button isn't one of mine, or it no longer works. Ask me again for a fresh answer."}
	}
	b := Ballot{AnswerID: answerID, Platform: p.Platform, UserID: p.UserID, Choice: choice}
	tally, effect, err := store.Vote(ctx, b)
	if errors.Is(err, ErrNotFound) && e.questionLog.recorder != nil {
		// The answer may still wait in the log's queue.
		if ferr := e.questionLog.recorder.Flush(ctx); ferr != nil {
			e.logger.WarnContext(ctx, "cannot write the question log before a vote", "err", ferr)
		}
		tally, effect, err = store.Vote(ctx, b)
	}
	if errors.Is(err, ErrNotFound) {
		return FeedbackResult{Text: "That answer is too old to vote on now. Ask me again for a fresh one."}
	}
	if err != nil {
		e.logger.ErrorContext(ctx, "recording a vote failed", "err", err)
		return FeedbackResult{Text: "Sorry, I could not save your vote because of a problem on my side. Please try again in a moment."}
	}
	if effect == VoteAdded || effect == VoteChanged {
		e.observer.FeedbackVote(p.Platform, choice)
	}
	r := FeedbackResult{Votes: FeedbackButtons(answerID, tally)}
	switch {
	case effect == VoteReason:
		r.Reason = true
		r.Text = "Thanks: noted as " + strings.ToLower(choice.Label()) + ". Moderators will look at it."
	case effect == VoteRemoved:
		r.Text = "Your vote is taken back."
	case choice == ChoiceDown:
		r.Text = "Thanks for telling me. What was wrong with it?"
		r.Reasons = ReasonButtons(answerID)
	case effect == VoteChanged:
		r.Text = "Changed your vote to 👍. Thanks!"
	default:
		r.Text = "Thanks! Glad it helped."
	}
	return r
}
