package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// The question log: every question the engine answers or declines, so that
// moderators can see what people ask and what they do not get. The engine
// hands each question to a Recorder as it replies; the Recorder writes
// them to a QuestionLog later, in batches, so that logging never slows an
// answer.

// ChatKind says what sort of conversation a question came from.
type ChatKind string

// Chat kinds.
const (
	ChatPrivate ChatKind = "private" // a private chat or direct message
	ChatGroup   ChatKind = "group"   // a group or server channel, where the bot was addressed
	ChatInline  ChatKind = "inline"  // Telegram's inline mode
	ChatConsole ChatKind = "console" // pakbot chat
)

// LogOutcome is how the engine dealt with a logged question.
type LogOutcome string

// Outcomes of a logged question.
const (
	// LogAnswered: the reply states facts.
	LogAnswered LogOutcome = "answered"
	// LogDeclined: no fact fits, and the reply says so.
	LogDeclined LogOutcome = "declined"
	// LogDidYouMean: a decline that offered questions near the one asked.
	LogDidYouMean LogOutcome = "did_you_mean"
)

// LoggedQuestion is one entry of the question log.
type LoggedQuestion struct {
	// AnswerID identifies the reply; its feedback buttons carry it.
	AnswerID string
	At       time.Time
	Platform Platform
	Chat     ChatKind
	// UserID is the asker's id on the platform. A QuestionLog keeps only a
	// salted hash of it, so that counts per user work and identities do not.
	UserID   string
	Question string
	Outcome  LogOutcome
	// Facts are the keys of the facts the reply gave, best first.
	Facts      []string
	Confidence float64
	// Latency is how long the engine took over the reply.
	Latency time.Duration
}

// QuestionLog is what the question log needs from a store.
type QuestionLog interface {
	// LogQuestions writes a batch of entries.
	LogQuestions(ctx context.Context, entries []LoggedQuestion) error
	// ForgetQuestions deletes the entries asked before t, with their votes,
	// and reports how many it deleted.
	ForgetQuestions(ctx context.Context, before time.Time) (int64, error)
}

// Recorder takes entries for the question log. Record never blocks: an
// entry that finds no room is dropped (and counted) rather than delaying a
// reply.
type Recorder interface {
	Record(q LoggedQuestion)
	// Flush writes what has been recorded so far, for a vote on an answer
	// that may not have been written yet.
	Flush(ctx context.Context) error
}

// WithQuestionLog turns the question log on: every question is handed to
// r, and answers get an AnswerID and feedback buttons. Without it nothing
// is logged.
func WithQuestionLog(r Recorder) Option { return func(e *Engine) { e.questionLog.recorder = r } }

// WithInlineSettle sets how long an inline query must stand before it is
// logged (default 3 seconds). Inline queries arrive as the user types, so
// only the last of a quick succession is the question they settled on.
func WithInlineSettle(d time.Duration) Option { return func(e *Engine) { e.questionLog.settle = d } }

// defaultInlineSettle is how long an inline query must stand before it is
// logged, unless WithInlineSettle says otherwise.
const defaultInlineSettle = 3 * time.Second

// maxPendingInline bounds the inline queries waiting to settle; past it
// they are logged at once.
const maxPendingInline = 10000

// questionLog is the engine's side of the log.
type questionLog struct {
	recorder Recorder
	settle   time.Duration

	mu      sync.Mutex
	pending map[string]*pendingInline
}

type pendingInline struct {
	entry LoggedQuestion
	timer *time.Timer
}

// newAnswerID returns a random id for a reply: 16 hex digits, too many to
// guess, short enough for any button's data.
func newAnswerID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// isAnswerID reports whether s has the form newAnswerID gives.
func isAnswerID(s string) bool {
	if len(s) != 16 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && s == toLowerASCII(s)
}

func toLowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// logOutcome classifies a reply to a question for the log, as OutcomeOf
// does for metrics; false for replies that are no answer or decline (a
// command, an empty or over-long message).
func logOutcome(r Reply) (LogOutcome, bool) {
	if r.Question == "" || r.Kind == KindRefused {
		return "", false
	}
	switch OutcomeOf(r) {
	case Answered:
		return LogAnswered, true
	case NearMiss:
		return LogDidYouMean, true
	case Declined:
		return LogDeclined, true
	}
	return "", false
}

// entryFor returns the log entry for a reply to req, and false when the
// reply is not to be logged.
func (e *Engine) entryFor(req Request, reply Reply, took time.Duration) (LoggedQuestion, bool) {
	outcome, ok := logOutcome(reply)
	if !ok || e.questionLog.recorder == nil {
		return LoggedQuestion{}, false
	}
	chat := req.Chat
	if chat == "" {
		switch {
		case req.Platform == Console:
			chat = ChatConsole
		case req.ChatID != "" && req.ChatID == req.UserID:
			chat = ChatPrivate
		default:
			chat = ChatGroup
		}
	}
	q := LoggedQuestion{
		AnswerID: newAnswerID(), At: req.At, Platform: req.Platform, Chat: chat, UserID: req.UserID,
		Question: reply.Question, Outcome: outcome, Confidence: reply.Confidence, Latency: took,
	}
	// A topic listed for its bare name gives facts too, but none is the
	// answer to anything.
	if reply.Kind == KindAnswer {
		for _, f := range reply.Facts {
			q.Facts = append(q.Facts, f.Key)
		}
	}
	return q, true
}

// logReply hands a reply to a question to the log and, for an answer, adds
// the feedback buttons that refer to it.
func (e *Engine) logReply(req Request, reply *Reply, took time.Duration) {
	q, ok := e.entryFor(req, *reply, took)
	if !ok {
		return
	}
	reply.AnswerID = q.AnswerID
	if reply.Answered && reply.Kind == KindAnswer {
		reply.Buttons = append([][]Button{FeedbackButtons(q.AnswerID, Tally{})}, reply.Buttons...)
	}
	e.questionLog.recorder.Record(q)
}

// AskInline answers a question typed in inline mode, as Ask does, and logs
// it once the user has stopped typing: a query that the same user's next
// query replaces within the settle time is not logged.
func (e *Engine) AskInline(ctx context.Context, req Request) Reply {
	started := time.Now()
	if req.At.IsZero() {
		req.At = e.now()
	}
	req.Chat = ChatInline
	reply := e.askFrom(ctx, Request{Platform: req.Platform, Text: req.Text, At: req.At})
	q, ok := e.entryFor(req, reply, time.Since(started))
	if !ok {
		return reply
	}
	reply.AnswerID = q.AnswerID
	e.settleInline(q)
	return reply
}

// settleInline logs q once no newer query from the same user has come for
// the settle time.
func (e *Engine) settleInline(q LoggedQuestion) {
	l := &e.questionLog
	settle := l.settle
	if settle <= 0 {
		settle = defaultInlineSettle
	}
	key := string(q.Platform) + "\x00" + q.UserID
	l.mu.Lock()
	defer l.mu.Unlock()
	if p, ok := l.pending[key]; ok && p.timer.Stop() {
		p.entry = q
		p.timer.Reset(settle)
		return
	}
	if l.pending == nil {
		l.pending = map[string]*pendingInline{}
	}
	if len(l.pending) >= maxPendingInline {
		l.recorder.Record(q)
		return
	}
	p := &pendingInline{entry: q}
	p.timer = time.AfterFunc(settle, func() {
		l.mu.Lock()
		if l.pending[key] == p {
			delete(l.pending, key)
		}
		entry := p.entry
		l.mu.Unlock()
		l.recorder.Record(entry)
	})
	l.pending[key] = p
}
