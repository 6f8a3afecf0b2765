package bot

import (
	"context"
	"errors"
	"time"
)

// Fact is one curated, cited statement. Facts are versioned: Version counts
// every change a seed update or a moderator made to the fact with this Key.
type Fact struct {
	// Key is stable across versions and releases (e.g. "it-exports-fy2023-24").
	Key   string
	Topic string
	// Text is one self-contained sentence that states its period.
	Text   string
	Period Period
	// Series groups facts that report the same measure for different
	// periods, so answers can show them side by side.
	Series string
	// Figure is the number the text states, for charts; zero when the
	// fact states none (or none was recorded).
	Figure   Figure
	Keywords []string
	Aliases  []string
	SourceID string
	// Source is filled in by the knowledge store for convenience.
	Source Source

	Version int
	// Origin is "seed" for built-in facts and "moderator" for facts added in chat.
	Origin    string
	CreatedBy string
	CreatedAt time.Time
	UpdatedBy string
	UpdatedAt time.Time
	Removed   bool

	// Score is the search score when the fact answers a question, else 0.
	Score float64
}

// Source is where facts come from. Unknown fields stay empty: they are never
// guessed.
type Source struct {
	ID        string
	Title     string
	Publisher string
	// Published is a date as precise as known (YYYY, YYYY-MM or YYYY-MM-DD).
	Published string
	URL       string
	// ApproxDate orders undated facts when Published is unknown.
	ApproxDate string

	// Version counts the changes made to the source by releases and
	// moderators, from 1; Knowledge.Sources and Curator.EditSource fill
	// it in.
	Version int
	// FactCount is how many current (not removed) facts cite the source;
	// Knowledge.Sources and Curator.EditSource fill it in.
	FactCount int
}

// Citation returns the reference shown under answers that use s.
func (s Source) Citation() Citation {
	return Citation{SourceID: s.ID, Title: s.Title, Publisher: s.Publisher, Published: s.Published, URL: s.URL}
}

// Topic is an area of knowledge with its own command (/exports).
type Topic struct {
	// Name is the command name: lowercase a-z, 0-9 and underscore.
	Name        string
	Title       string
	Description string
	Aliases     []string
}

// Hit is a fact found for a question, with how well it matches.
type Hit struct {
	Fact Fact
	// Score ranks hits; higher is better. Only the order is meaningful.
	Score float64
	// Confidence is the share (0..1) of the question's meaningful words,
	// weighted by rarity, that the fact covers. The engine declines to
	// answer below a threshold.
	Confidence float64
}

// Knowledge is what the engine needs from a fact store.
type Knowledge interface {
	// Search returns the facts that best match a free-text question, best
	// first, at most limit of them. It never fails on odd user input.
	Search(ctx context.Context, question string, limit int) ([]Hit, error)
	// Topics lists every topic, in a stable display order.
	Topics(ctx context.Context) ([]Topic, error)
	// TopicFacts lists a topic's current facts.
	TopicFacts(ctx context.Context, topic string) ([]Fact, error)
	// SeriesFacts lists the current facts of a series (one measure over time).
	SeriesFacts(ctx context.Context, series string) ([]Fact, error)
	// Sources lists every source, with how many current facts cite it.
	Sources(ctx context.Context) ([]Source, error)
}

// ErrNotFound is returned when a fact, topic or source does not exist.
var ErrNotFound = errors.New("not found")

// Seeds is the built-in knowledge shipped with a release: every source,
// topic and fact, already validated.
type Seeds struct {
	Sources []Source
	Topics  []Topic
	Facts   []Fact
}

// Reader reads a message before it is searched, the way people write:
// several questions at once, and follow-ups that lean on the question
// before. The understand package implements it; an engine without one
// takes every message as one self-contained question.
type Reader interface {
	// Parts returns the questions a message asks, in order: one for
	// most messages, more for "when will X open and how much will it
	// cost?", leaving out sentences that ask nothing.
	Parts(message string) []string
	// FollowUp rewrites a message that continues the previous question
	// ("and in 2021?") as a question of its own; ok is false when the
	// message stands on its own.
	FollowUp(message, previous string) (question string, ok bool)
	// AskedPeriod is the period a question asks about, zero if none;
	// named reports one written out ("FY 2025-26", "May 2021") rather
	// than counted from today ("last fiscal year").
	AskedPeriod(question string) (p Period, named bool)
}

// AdviceReader is a Reader that also tells a request for advice or an
// opinion ("Should I invest in Pakistani startups?") from a question of
// fact. The engine shares the facts that bear on it, but does not count
// them as an answer: they are not advice.
type AdviceReader interface {
	AsksAdvice(question string) bool
}

// Conjoiner is a Reader that also splits a question about two things
// joined with "and" ("IT exports and broadband subscribers?") into one
// about each; the engine asks them apart when each is answered better
// than the whole.
type Conjoiner interface {
	Conjuncts(question string) []string
}

// LongReader is a Reader that also finds the question in a message too
// long to read whole (a story before "so how much were IT exports in
// fy24?"); ok is false when nothing in it asks.
type LongReader interface {
	QuestionIn(message string) (question string, ok bool)
}

// PeriodReader is a Reader that also tells a question asking about
// nothing but a period it names ("What happened in May 2021?", "2021?"),
// which the engine answers with the facts of that period.
type PeriodReader interface {
	PeriodOnly(question string) (Period, bool)
}

// TopAnswerer is a Knowledge that gives a question's best hit, remembering
// it while the facts do not change: the engine asks it of each question it
// suggests, and the same suggestions come up again and again, and of the
// two sides of "X and Y".
type TopAnswerer interface {
	TopAnswer(ctx context.Context, question string) (Hit, bool, error)
}

// NewsReader is a Reader that also tells a message asking what is new, of
// nothing in particular ("what's new?", "kya naya hai?"), which the engine
// answers with the newest facts.
type NewsReader interface {
	NewsOnly(message string) bool
}

// TopicNewsReader is a Reader that also tells a message asking the news
// of one thing ("latest 5g news"), which the engine answers with the
// topic it names, newest first.
type TopicNewsReader interface {
	NewsAbout(message string) (subject string, ok bool)
}

// PeriodPager is a Knowledge that lists the facts whose period lies
// within a given one, newest first, a page at a time, and says how many
// there are.
type PeriodPager interface {
	PeriodPage(ctx context.Context, p Period, offset, limit int) ([]Fact, int, error)
}

// SmallTalker is a Reader that also knows chat that asks nothing: a
// greeting, thanks, or a question about the bot itself. The engine answers
// those as people expect rather than declining them.
type SmallTalker interface {
	// SmallTalk reports what such a message says, or TalkNone.
	SmallTalk(message string) Talk
}

// Talk is what a message says when it asks nothing about the facts.
type Talk int

const (
	TalkNone     Talk = iota // a question, or nothing recognisable
	TalkGreeting             // "hi", "salam bhai", "good morning"
	TalkThanks               // "thanks!", "shukriya", "jazakallah"
	TalkAbout                // "what can you do?", "who are you?", "help"
	TalkAck                  // "ok", "acha", "theek hai", "nice"
	TalkBye                  // "bye", "allah hafiz", "خدا حافظ"
	TalkMore                 // "more", "next", "tell me more", "aur batao"
	TalkTopics               // "what topics do you know?", "what can I ask?"
	TalkSources              // "where do you get your data?", "sources?"
)
