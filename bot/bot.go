// Package bot is pakbot's platform-neutral core: the domain types (facts,
// sources, topics, periods), the interfaces the core needs from the outside
// world, and the Engine that turns a chat request into a cited reply.
//
// It imports no SQL driver and no chat SDK. The knowledge package implements
// Knowledge with SQLite; the adapters translate platform events into Requests
// and Replies back into platform messages.
package bot

import "time"

// Platform names where a request came from. Adapters set it so that replies,
// rate limits and audit entries can say where something happened.
type Platform string

// Platforms the engine knows about.
const (
	Console  Platform = "console"
	Telegram Platform = "telegram"
	Discord  Platform = "discord"
	// Web is the read-only web page's search box.
	Web Platform = "web"
)

// Request is one message addressed to the bot, already stripped of anything
// platform-specific (mentions, bot-name suffixes, markup).
type Request struct {
	Platform Platform
	ChatID   string
	UserID   string
	// UserName is a display name used in audit entries and greetings.
	UserName string
	// Text is what the user wrote: a /command with arguments or a question.
	Text string
	// Moderator reports whether the platform says the user may curate facts.
	Moderator bool
	// At is when the request was made; the engine uses time.Now when zero.
	At time.Time
	// Chat is the kind of conversation the request came from, for the
	// question log. When empty the engine guesses from the ids.
	Chat ChatKind
}

// ReplyKind says what sort of reply the engine produced, so renderers can
// choose a layout (an embed colour, ephemerality) without parsing text.
type ReplyKind int

// Reply kinds.
const (
	// KindAnswer is a cited answer to a question.
	KindAnswer ReplyKind = iota
	// KindTopic lists a topic's facts, newest period first.
	KindTopic
	// KindInfo is help, greetings, listings and moderators' fact cards.
	KindInfo
	// KindNotFound declines a question the knowledge base cannot answer.
	KindNotFound
	// KindError reports a problem with the request (empty, malformed).
	KindError
	// KindRefused tells a user they may not run a command.
	KindRefused
)

// Block is one paragraph or list item of a reply. Text is always plain text:
// renderers escape it for their platform, so nothing a user or moderator
// wrote can inject markup or mentions.
type Block struct {
	Text string
	// Cites holds 1-based indexes into Reply.Citations.
	Cites []int
	// Item marks a list item (rendered as a bullet).
	Item bool
	// Heading marks a short title line.
	Heading bool
	// FactKey names the fact the block states, if it states one, so
	// surfaces that can link to a fact's page do.
	FactKey string
}

// Reply is the engine's answer to a Request.
type Reply struct {
	Kind ReplyKind
	// Answered is false when the engine declined or could not answer.
	Answered bool
	// Title is a short headline (a topic title, "Help"), possibly empty.
	Title  string
	Blocks []Block
	// Facts are the facts the reply is built from, best first.
	Facts []Fact
	// Citations are numbered from 1 in the order they are first cited.
	Citations []Citation
	// CitationsInline marks a reply whose blocks are themselves the
	// citations (/sources): renderers then add no list of sources.
	CitationsInline bool
	// Suggestions are topic names the user might try instead.
	Suggestions []string
	// Charts are figures over time the reply shows; surfaces that can
	// send images draw them, with ChartReply's text as the caption.
	Charts []Chart
	// More is the command that shows what follows this reply ("/5g 2"),
	// empty when nothing does. The reply's text already says how to type
	// it; platforms with buttons also offer it as one.
	More string
	// Private asks platforms that can to show the reply only to the asker
	// (errors and moderator commands on Discord).
	Private bool

	// Question is the question the reply answers or declines, as asked;
	// empty for commands.
	Question string
	// NearMiss marks a decline that offers questions near the one asked
	// ("Did you mean …?"): a fact came close to the question but not
	// close enough. Metrics and the question log both read it.
	NearMiss bool
	// Confidence is how much of the question the best fact found covers
	// (see Hit.Confidence), answered or not.
	Confidence float64
	// AnswerID identifies the reply in the question log, when it is kept;
	// feedback buttons carry it.
	AnswerID string
	// Buttons are rows of buttons under the reply, after the More button:
	// 👍 and 👎 under a logged answer, moderators' one-step fixes under
	// /misses. Platforms without buttons leave them out: the text says the
	// same in commands.
	Buttons [][]Button
}

// Citation names the source a numbered reference points to.
type Citation struct {
	SourceID  string
	Title     string
	Publisher string
	Published string
	URL       string
}
