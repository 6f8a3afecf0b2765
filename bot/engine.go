package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on what the engine accepts and says.
const (
	// MaxQuestionRunes is the longest question the engine will search for.
	MaxQuestionRunes = 500
	// MaxMessageRunes is the longest message the engine looks for a
	// question in, Telegram's longest: a longer one is refused unread.
	MaxMessageRunes = 4096
	// MaxTopicFacts is how many facts a topic command lists.
	MaxTopicFacts = 8
	// MaxSuggestions is how many topics a declined question suggests.
	MaxSuggestions = 3
)

// suggestionConfidence is the least confidence of a hit whose topic a
// decline suggests.
const suggestionConfidence = 0.2

// DefaultMinConfidence is the share of a question's meaningful words a fact
// must cover before the engine answers with it rather than declining.
const DefaultMinConfidence = 0.5

// Engine answers requests from any platform. It is safe for concurrent use.
type Engine struct {
	kb            Knowledge
	logger        *slog.Logger
	minConfidence float64
	now           func() time.Time
	builtins      []builtin
	notices       notices
	completions   completions
	reader        Reader
	recent        recentQuestions
	questionLog   questionLog
	observer      Observer
}

// Option configures an Engine.
type Option func(*Engine)

// WithLogger sets where the engine logs failures; the default discards.
func WithLogger(l *slog.Logger) Option { return func(e *Engine) { e.logger = l } }

// WithMinConfidence sets the decline threshold (see DefaultMinConfidence).
func WithMinConfidence(c float64) Option { return func(e *Engine) { e.minConfidence = c } }

// WithReader sets how the engine reads messages before searching: several
// questions in one message, and follow-ups (see Reader).
func WithReader(r Reader) Option { return func(e *Engine) { e.reader = r } }

// WithClock sets the engine's clock, for tests.
func WithClock(now func() time.Time) Option { return func(e *Engine) { e.now = now } }

// New returns an engine answering from kb.
func New(kb Knowledge, opts ...Option) *Engine {
	e := &Engine{
		kb:            kb,
		logger:        slog.New(slog.DiscardHandler),
		minConfidence: DefaultMinConfidence,
		now:           time.Now,
		builtins:      builtinCommands(),
		observer:      nopObserver{},
	}
	for _, o := range opts {
		o(e)
	}
	if _, ok := kb.(Curator); ok {
		e.builtins = append(e.builtins, moderationCommands()...)
	}
	if _, ok := kb.(LexiconCurator); ok {
		e.builtins = append(e.builtins, lexiconCommands()...)
	}
	if _, ok := kb.(Insights); ok {
		e.builtins = append(e.builtins, insightCommands()...)
		if _, ok := kb.(Curator); ok {
			e.builtins = append(e.builtins, missFactCommand())
		}
	}
	return e
}

// Handle answers one request: a /command or a plain question. It never
// returns an empty reply; failures become a friendly KindError reply and are
// logged.
func (e *Engine) Handle(ctx context.Context, req Request) Reply {
	started := time.Now()
	if req.At.IsZero() {
		req.At = e.now()
	}
	var reply Reply
	if name, args, ok := ParseCommand(CleanText(req.Text)); ok {
		reply = e.command(ctx, req, name, args)
	} else {
		reply = e.askFrom(ctx, req)
	}
	e.rememberMore(req, reply)
	e.logReply(req, &reply, time.Since(started))
	// Notices that could not be delivered on their own follow the reply.
	for _, t := range e.takeNotices(ctx, req) {
		reply.Blocks = append(reply.Blocks, Block{Text: t})
	}
	return reply
}

// day formats a time as a date for people.
func day(t time.Time) string { return t.UTC().Format("2 January 2006") }

// CleanText makes user text safe to work with: invalid UTF-8 and control
// characters become spaces, runs of spaces collapse, and the ends are
// trimmed.
func CleanText(s string) string {
	if isClean(s) {
		return s
	}
	return cleanText(s)
}

// isClean reports whether CleanText would return s as it is: printable
// ASCII with single spaces between words, as nearly every message is.
// Every message is cleaned two or three times on its way, and the full
// cleaning copies it each time.
func isClean(s string) bool {
	for i := range len(s) {
		switch c := s[i]; {
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		case c < 0x21 || c > 0x7e:
			return false
		}
	}
	return true
}

// cleanText is CleanText for any text.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// ParseCommand splits "/name@bot args" into a lowercase name and its
// arguments. The "@bot" suffix is dropped; adapters decide beforehand
// whether a command was addressed to them.
func ParseCommand(text string) (name, args string, ok bool) {
	rest, ok := strings.CutPrefix(text, "/")
	if !ok {
		return "", "", false
	}
	name, args, _ = strings.Cut(rest, " ")
	name, _, _ = strings.Cut(name, "@")
	name = strings.ToLower(name)
	if name == "" {
		return "", "", false
	}
	return name, strings.TrimSpace(args), true
}

// Ask answers a plain question with the best matching fact, its period and
// citation; other periods of the same measure are shown beside it. It
// reads the question on its own, with no chat to follow up on, and counts
// it as asked at the console.
func (e *Engine) Ask(ctx context.Context, question string) Reply {
	return e.AskOn(ctx, Console, question)
}

// AskOn is Ask for a question asked on platform p, where it is counted:
// Telegram's inline mode, the web page's search box. Even text starting
// with "/" is a question here, never a command.
func (e *Engine) AskOn(ctx context.Context, p Platform, question string) Reply {
	return e.askFrom(ctx, Request{Platform: p, Text: question})
}

// checkQuestion returns the question to search for in a message, or the
// reply for a message that cannot be searched: too long, or with no
// letters or digits at all. A message longer than a question may be a
// story around one; its question is searched, and note tells the user
// which.
func (e *Engine) checkQuestion(ctx context.Context, message string) (question, note string, reply Reply, bad bool) {
	question = message
	if n := utf8.RuneCountInString(message); n > MaxQuestionRunes && hasLetterOrDigit(message) {
		tooLong := func(why string) Reply {
			return Reply{Kind: KindError, Private: true, Blocks: []Block{{Text: fmt.Sprintf(
				"That message is too long for me (%d characters)%s. Please ask your question on its own, in at most %d characters.", n, why, MaxQuestionRunes)}}}
		}
		lr, ok := e.reader.(LongReader)
		if !ok || n > MaxMessageRunes {
			return "", "", tooLong(""), true
		}
		if question, ok = lr.QuestionIn(message); !ok || utf8.RuneCountInString(question) > MaxQuestionRunes {
			return "", "", tooLong(", and I could not find one short question in it"), true
		}
		if strings.Count(question, "?")+strings.Count(question, "؟") > 1 {
			note = "Your message was long, so I answered the questions at its end."
		} else {
			note = fmt.Sprintf("Your message was long, so I answered its question: “%s”", question)
		}
	}
	if !hasLetterOrDigit(question) {
		reply := Reply{Kind: KindError, Private: true, Blocks: []Block{{Text: "Ask me a question about Pakistan's tech sector, for example: What were Pakistan's IT exports in FY 2023-24? Send /help to see what I can do."}}}
		reply.Suggestions = e.defaultSuggestions(ctx)
		return "", "", reply, true
	}
	return question, note, Reply{}, false
}

// hasLetterOrDigit reports whether s has a letter or a digit: a message of
// marks and emoji alone asks nothing, however long.
func hasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func (e *Engine) answer(ctx context.Context, hits []Hit) Reply {
	var b replyBuilder
	best := hits[0].Fact
	best.Score = hits[0].Score
	b.reply.Kind = KindAnswer
	b.reply.Answered = true
	b.reply.Confidence = hits[0].Confidence
	b.fact(best, false)
	if p := best.Period.String(); p != "" {
		b.add(Block{Text: "Period: " + p + "."})
	} else {
		b.add(Block{Text: "Period: not stated by the source" + sourceDateNote(best.Source) + "."})
	}
	if best.Origin == "moderator" {
		b.add(Block{Text: fmt.Sprintf("Added by %s on %s.", best.CreatedBy, day(best.CreatedAt))})
	}

	shown := map[string]bool{best.Key: true}
	if best.Series != "" {
		series, err := e.kb.SeriesFacts(ctx, best.Series)
		if err != nil {
			e.logger.ErrorContext(ctx, "series lookup failed", "series", best.Series, "err", err)
		}
		var others []Fact
		for _, f := range series {
			if !shown[f.Key] {
				others = append(others, f)
				shown[f.Key] = true
			}
		}
		if len(others) > 0 {
			b.add(Block{Text: "Other periods:", Heading: true})
			for _, f := range others {
				b.fact(f, true)
			}
		}
	}

	// Facts that match as well as the best one are shown too, unless other
	// periods already are: the answer stays short.
	var related []Fact
	for _, h := range hits[1:] {
		if len(related) == 2 || len(shown) > 1 {
			break
		}
		if !shown[h.Fact.Key] && h.Confidence >= e.minConfidence && h.Confidence >= 0.95*hits[0].Confidence && h.Fact.Topic == best.Topic {
			f := h.Fact
			f.Score = h.Score
			related = append(related, f)
			shown[h.Fact.Key] = true
		}
	}
	if len(related) > 0 {
		b.add(Block{Text: relatedHeading, Heading: true})
		for _, f := range related {
			b.fact(f, true)
		}
	}
	return b.reply
}

func sourceDateNote(s Source) string {
	if p, err := ParsePeriod(s.Published); err == nil && !p.IsZero() {
		return "; published " + p.String()
	}
	if p, err := ParsePeriod(s.ApproxDate); err == nil && !p.IsZero() {
		return "; the source dates from about " + p.String()
	}
	return ""
}

// notFound declines, suggesting topics near the question or, failing that,
// the first few topics.
func (e *Engine) notFound(ctx context.Context, hits []Hit) Reply {
	reply := Reply{Kind: KindNotFound, Private: true, Suggestions: e.nearTopics(ctx, hits)}
	reply.Blocks = []Block{{Text: "I don't know that. I only answer from curated facts about Pakistan's tech sector, and none of them fits your question."}}
	if dym := e.didYouMean(ctx, hits); len(dym) > 0 {
		reply.Blocks = []Block{{Text: "I'm not sure I understood. Did you mean: " + strings.Join(dym, " or ")}}
		reply.NearMiss = true
	}
	if len(hits) > 0 {
		reply.Confidence = hits[0].Confidence
	}
	if len(reply.Suggestions) > 0 {
		reply.Blocks = append(reply.Blocks, Block{Text: "Topics I do know about: /" + strings.Join(reply.Suggestions, ", /") + "."})
	}
	return reply
}

// nearTopics returns the topics of the hits that share enough with the
// question to say where to look or, failing that, the first few topics.
func (e *Engine) nearTopics(ctx context.Context, hits []Hit) []string {
	var topics []string
	seen := map[string]bool{}
	for _, h := range hits {
		if len(topics) == MaxSuggestions {
			break
		}
		// A hit that shares only a word or two with the question ("the
		// capital of France" and venture capital) says nothing about
		// where to look.
		if t := h.Fact.Topic; !seen[t] && h.Confidence >= suggestionConfidence {
			seen[t] = true
			topics = append(topics, t)
		}
	}
	if len(topics) == 0 {
		topics = e.defaultSuggestions(ctx)
	}
	return topics
}

func (e *Engine) defaultSuggestions(ctx context.Context) []string {
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing topics failed", "err", err)
		return nil
	}
	var names []string
	for _, t := range topics[:min(MaxSuggestions, len(topics))] {
		names = append(names, t.Name)
	}
	return names
}

func (e *Engine) failure() Reply {
	return Reply{Kind: KindError, Private: true, Blocks: []Block{{Text: "Sorry, something went wrong on my side. Please try again in a moment."}}}
}

// replyBuilder numbers citations as facts are added.
type replyBuilder struct {
	reply   Reply
	numbers map[string]int
}

func (b *replyBuilder) add(blocks ...Block) { b.reply.Blocks = append(b.reply.Blocks, blocks...) }

// cite returns the citation number of a fact's source, adding it if new.
func (b *replyBuilder) cite(f Fact) int {
	if b.numbers == nil {
		b.numbers = map[string]int{}
	}
	if n, ok := b.numbers[f.SourceID]; ok {
		return n
	}
	src := f.Source
	if src.ID == "" {
		src.ID = f.SourceID
	}
	b.reply.Citations = append(b.reply.Citations, src.Citation())
	n := len(b.reply.Citations)
	b.numbers[f.SourceID] = n
	return n
}

// fact adds f as a paragraph or, with item set, as a list item that leads
// with its period.
func (b *replyBuilder) fact(f Fact, item bool) {
	b.reply.Facts = append(b.reply.Facts, f)
	text := f.Text
	if item && !f.Period.IsZero() && !statesPeriod(text, f.Period) {
		text = f.Period.String() + ": " + text
	}
	b.add(Block{Text: text, Cites: []int{b.cite(f)}, Item: item, FactKey: f.Key})
}

// relatedHeading heads the facts shown beside an answer.
const relatedHeading = "Related:"

// statesPeriod reports whether a fact's text already says when it applies:
// it names the period as answers print it, or one of the years the period
// spans ("In May and June 2023" for May to June 2023).
func statesPeriod(text string, p Period) bool {
	if strings.Contains(text, p.String()) {
		return true
	}
	for y := p.Start.Year(); y <= p.End.Year(); y++ {
		if strings.Contains(text, strconv.Itoa(y)) {
			return true
		}
	}
	return false
}
