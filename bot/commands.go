package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/pakbot/pakbot/internal/editdist"
)

// CommandInfo describes a command for platform menus (Telegram's
// setMyCommands, Discord's application commands).
type CommandInfo struct {
	Name        string
	Description string
	// Topic is set for the commands generated from topics.
	Topic bool
	// Moderator is set for commands only moderators may run.
	Moderator bool
	// Params are the command's arguments, in order. In text form they follow
	// the command separated by " | " ("/addfact exports | text | url"); a
	// command with one parameter takes the whole rest of the line. Adapters
	// with typed options (Discord) build the text form from them.
	Params []Param
}

// Param is one argument of a command.
type Param struct {
	Name        string
	Description string
	Required    bool
	// Integer marks a whole-number argument (an id).
	Integer bool
	// Topic marks an argument that names a topic, for autocompletion.
	Topic bool
	// Choices, when set, are the only values the argument takes, for
	// platforms that offer them as a list (Discord).
	Choices []string
	// Named marks an optional argument that is written with its name in
	// the text form ("period: FY 2024-25"), so it can be given without the
	// ones before it.
	Named bool
}

// CommandText is the text form of a command with the given parameter
// values, the inverse of how the engine reads them.
func CommandText(name string, values ...string) string {
	for len(values) > 0 && strings.TrimSpace(values[len(values)-1]) == "" {
		values = values[:len(values)-1]
	}
	if len(values) == 0 {
		return "/" + name
	}
	return "/" + name + " " + strings.Join(values, " | ")
}

// builtin is a command the engine always has.
type builtin struct {
	CommandInfo
	run func(e *Engine, ctx context.Context, req Request, args string) Reply
}

// builtinCommands returns the commands every engine has, in menu order.
func builtinCommands() []builtin {
	return []builtin{
		{CommandInfo{Name: "start", Description: "What this bot is and how to use it"}, (*Engine).start},
		{CommandInfo{Name: "help", Description: "List the commands"}, (*Engine).help},
		{CommandInfo{Name: "ask", Description: "Ask a question about Pakistan's tech sector", Params: []Param{{Name: "question", Description: "Your question, e.g. How many software technology parks are there?", Required: true}}}, func(e *Engine, ctx context.Context, req Request, args string) Reply {
			if args == "" {
				return Reply{Kind: KindError, Private: true, Blocks: []Block{{Text: "Add your question after /ask, for example: /ask How many software technology parks are there?"}}, Suggestions: e.defaultSuggestions(ctx)}
			}
			req.Text = args
			return e.askFrom(ctx, req)
		}},
		{CommandInfo{Name: "search", Description: "Find the facts that mention some words", Params: []Param{{Name: "words", Description: "What to look for, e.g. Multan or submarine cable", Required: true}}}, (*Engine).search},
		{CommandInfo{Name: "latest", Description: "The newest facts, one per topic"}, (*Engine).latest},
		{CommandInfo{Name: "topics", Description: "List the topics I know about"}, (*Engine).topics},
		{CommandInfo{Name: "sources", Description: "List the sources my facts cite"}, (*Engine).sources},
		{CommandInfo{Name: "chart", Description: "Chart a topic's figures over time", Params: []Param{{Name: "topic", Description: "A topic, such as exports, or a question about a figure", Required: true, Topic: true}}}, (*Engine).chart},
	}
}

// Commands lists the built-in commands followed by one command per topic.
func (e *Engine) Commands(ctx context.Context) ([]CommandInfo, error) {
	var cmds []CommandInfo
	for _, b := range e.builtins {
		cmds = append(cmds, b.CommandInfo)
	}
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot list topic commands: %w", err)
	}
	for _, t := range topics {
		cmds = append(cmds, CommandInfo{Name: t.Name, Description: t.Description, Topic: true, Params: topicParams})
	}
	return cmds, nil
}

// commandAliases are the names other bots give their commands, for the
// ones users try first.
var commandAliases = map[string]string{"about": "start", "info": "start", "commands": "help", "list": "topics",
	"find": "search", "lookup": "search",
	"new": "latest", "news": "latest", "whatsnew": "latest", "recent": "latest"}

func (e *Engine) command(ctx context.Context, req Request, name, args string) Reply {
	if to, ok := commandAliases[name]; ok && !e.isTopic(ctx, name) {
		name = to
	}
	for _, b := range e.builtins {
		if b.Name != name {
			continue
		}
		if b.Moderator && !req.Moderator {
			return Reply{Kind: KindRefused, Private: true, Blocks: []Block{{Text: "Only moderators can use /" + name + ". Anyone can propose a fact with /suggest text | source-url, and a moderator will review it."}}}
		}
		reply := b.run(e, ctx, req, args)
		if b.Moderator && writes(name) && reply.Kind != KindError {
			e.observer.ModeratorWrite(req.Platform, name)
		}
		return reply
	}
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing topics failed", "err", err)
		return e.failure()
	}
	if t, ok := MatchTopic(topics, name); ok {
		args = strings.TrimSpace(args)
		if args == "" {
			return e.topic(ctx, t, 1)
		}
		if n, err := strconv.Atoi(args); err == nil && n >= 1 && n <= maxTopicPages {
			return e.topic(ctx, t, n)
		}
		return e.topicQuestion(ctx, req, t, args)
	}
	// A command mistyped ("/addfacts", "/remove", "/edit"): doing
	// something else with its words would surprise the moderator.
	if near, ok := e.nearBuiltin(name); ok {
		return privateText(KindError, fmt.Sprintf("/%s is not one of my commands. Did you mean /%s? /help lists them.", name, near))
	}
	// Not a command we know: treat "/word more words" as a question, as
	// written (capitals mark names the knowledge base may not know).
	word, rest, _ := strings.Cut(CleanText(req.Text), " ")
	word, _, _ = strings.Cut(strings.TrimPrefix(word, "/"), "@")
	req.Text = strings.TrimSpace(word + " " + rest)
	reply := e.askFrom(ctx, req)
	if reply.Kind == KindNotFound && plainWord(name) {
		// "/whatsnew": the user meant a command, and should learn there
		// is none by that name rather than only that nothing answers it.
		note := Block{Text: fmt.Sprintf("/%s is not one of my commands; /help lists them.", name)}
		reply.Blocks = append([]Block{note}, reply.Blocks...)
	}
	return reply
}

// commandWords are other words for built-in commands.
var commandWords = map[string]string{"delete": "removefact", "del": "removefact", "undelete": "restorefact", "undo": "restorefact",
	"add": "addfact", "edit": "editfact", "remove": "removefact", "restore": "restorefact", "suggestion": "suggest"}

// nearBuiltin finds the built-in command a mistyped name most likely
// means: another word for it ("/delete"), the start of its name ("/remove",
// "/add"), or its name with a slip of a letter or two ("/addfacts",
// "/histroy").
func (e *Engine) nearBuiltin(name string) (string, bool) {
	if to, ok := commandWords[name]; ok && slices.ContainsFunc(e.builtins, func(b builtin) bool { return b.Name == to }) {
		return to, true
	}
	if utf8.RuneCountInString(name) < 4 || !plainWord(name) {
		return "", false
	}
	best, bestDist := "", 3
	for _, b := range e.builtins {
		if strings.HasPrefix(b.Name, name) {
			return b.Name, true
		}
		if d := editdist.Distance(name, b.Name, 2); d < bestDist && d <= utf8.RuneCountInString(name)/3 {
			best, bestDist = b.Name, d
		}
	}
	return best, best != ""
}

// isTopic reports whether name is a topic's name or alias as written.
func (e *Engine) isTopic(ctx context.Context, name string) bool {
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(topics, func(t Topic) bool {
		return strings.EqualFold(t.Name, name) || slices.ContainsFunc(t.Aliases, func(a string) bool { return strings.EqualFold(a, name) })
	})
}

// plainWord reports whether a command name is a short word of letters and
// digits, which a reply may quote back.
func plainWord(name string) bool {
	return len(name) <= 32 && strings.IndexFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }) < 0
}

// MatchTopic finds the topic a command name means: an exact name or alias,
// then a near miss ("/exprots", "/export"). It returns false rather than a
// poor match, so unknown words can be searched as questions instead.
func MatchTopic(topics []Topic, name string) (Topic, bool) {
	name = strings.ToLower(strings.TrimPrefix(name, "/"))
	if name == "" {
		return Topic{}, false
	}
	var names []string
	var owners []Topic
	for _, t := range topics {
		for _, n := range append([]string{t.Name}, t.Aliases...) {
			n = strings.ToLower(n)
			if n == name {
				return t, true
			}
			names = append(names, n)
			owners = append(owners, t)
		}
	}
	n := utf8.RuneCountInString(name)
	if n >= 4 {
		limit := 1
		if n >= 7 {
			limit = 2
		}
		best, bestDist := -1, limit+1
		for i, cand := range names {
			if d := editdist.Distance(name, cand, limit); d < bestDist {
				best, bestDist = i, d
			}
		}
		if best >= 0 {
			return owners[best], true
		}
	}
	// A subsequence match counts only when it covers most of the name, so
	// "/export" finds "exports" but "/cat" does not find "cooperation".
	for _, m := range fuzzy.Find(name, names) {
		if n >= 3 && float64(n) >= 0.75*float64(utf8.RuneCountInString(m.Str)) {
			return owners[m.Index], true
		}
	}
	return Topic{}, false
}

// topicParams are what may follow a topic command: a question within the
// topic, or a page of its listing.
var topicParams = []Param{{Name: "question", Description: "Optional: ask within the topic (2021, karachi), or a page number"}}

// topicQuestion answers "/exports 2021" or "/techparks karachi": what
// follows a topic command asks about the topic, so it is read as a
// question together with the topic's title. When nothing answers it, the
// topic's first page follows a note saying so: the user asked for the
// topic and gets it.
func (e *Engine) topicQuestion(ctx context.Context, req Request, t Topic, args string) Reply {
	req.Text = args + " " + t.Title
	reply := e.askFrom(ctx, req)
	if reply.Answered || reply.Kind == KindError || reply.Kind == KindRefused {
		return reply
	}
	listing := e.topic(ctx, t, 1)
	if !listing.Answered {
		return reply
	}
	note := Block{Text: fmt.Sprintf("None of the facts about %s answers “%s”; here is the topic.", t.Title, args), Heading: true}
	listing.Blocks = append([]Block{note}, listing.Blocks...)
	listing.Question = CleanText(req.Text)
	return listing
}

// maxTopicPages bounds the page numbers "/topic N" reads; a bigger
// number ("/exports 2021") is no page.
const maxTopicPages = 99

// topic lists a page of a topic's facts, MaxTopicFacts to a page, newest
// first. A page that is not the last says how to see the next, and offers
// it as Reply.More for platforms with buttons.
func (e *Engine) topic(ctx context.Context, t Topic, page int) Reply {
	first := (page - 1) * MaxTopicFacts
	facts, total, err := e.topicPage(ctx, t.Name, first, MaxTopicFacts)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing topic facts failed", "topic", t.Name, "err", err)
		return e.failure()
	}
	var b replyBuilder
	b.reply.Kind = KindTopic
	b.reply.Title = t.Title
	if total == 0 {
		b.reply.Kind = KindNotFound
		b.add(Block{Text: fmt.Sprintf("I have no facts about %s yet.", t.Title)})
		return b.reply
	}
	pages := (total + MaxTopicFacts - 1) / MaxTopicFacts
	if page > pages {
		return privateText(KindError, fmt.Sprintf("%s has %s of facts; /%s %d shows the last.", t.Title, Count(pages, "page", "pages"), t.Name, pages))
	}
	b.reply.Answered = true
	heading := t.Title + ", newest first:"
	if page > 1 {
		heading = fmt.Sprintf("%s, newest first (page %d of %d):", t.Title, page, pages)
	}
	b.add(Block{Text: heading, Heading: true})
	for _, f := range facts {
		b.fact(f, true)
	}
	if more := total - first - MaxTopicFacts; more > 0 {
		next := fmt.Sprintf("/%s %d", t.Name, page+1)
		b.reply.More = next
		b.add(Block{Text: fmt.Sprintf("…and %d more: %s shows the next %s.", more, next, Count(min(more, MaxTopicFacts), "fact", "facts"))})
	}
	return b.reply
}

// TopicPager is a Knowledge that reads one page of a topic's facts, in
// TopicFacts order, without reading the others whole: a topic of
// thousands of facts is listed eight at a time.
type TopicPager interface {
	// TopicPage returns up to limit facts of the topic from offset on,
	// and how many facts the topic has.
	TopicPage(ctx context.Context, topic string, offset, limit int) ([]Fact, int, error)
}

// topicPage reads a page of a topic's facts, from the store's TopicPager
// if it has one.
func (e *Engine) topicPage(ctx context.Context, topic string, offset, limit int) ([]Fact, int, error) {
	if tp, ok := e.kb.(TopicPager); ok {
		return tp.TopicPage(ctx, topic, offset, limit)
	}
	facts, err := e.kb.TopicFacts(ctx, topic)
	if err != nil {
		return nil, 0, err
	}
	return facts[min(offset, len(facts)):min(offset+limit, len(facts))], len(facts), nil
}

func (e *Engine) start(ctx context.Context, req Request, _ string) Reply {
	greeting := "Hello!"
	if req.UserName != "" {
		greeting = "Hello, " + req.UserName + "!"
	}
	reply := Reply{Kind: KindInfo, Title: "pakbot", Blocks: []Block{
		{Text: greeting + " I answer questions about Pakistan's tech sector: IT exports, broadband, 5G, startups, technology parks, freelancing, e-governance and more."},
		{Text: "Every answer comes from curated facts and cites its source, with the period the figure belongs to."},
		{Text: "Just ask, for example: How many software technology parks are there? Or send a topic command such as /exports. /help lists everything."},
	}}
	reply.Suggestions = e.defaultSuggestions(ctx)
	return reply
}

func (e *Engine) help(ctx context.Context, req Request, _ string) Reply {
	reply := Reply{Kind: KindInfo, Title: "Help", Blocks: []Block{{Text: "Commands:", Heading: true}}}
	for _, b := range e.builtins {
		if b.Moderator && !req.Moderator {
			continue
		}
		reply.Blocks = append(reply.Blocks, Block{Text: usageOf(b.CommandInfo) + ": " + b.Description, Item: true})
	}
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing topics failed", "err", err)
		return e.failure()
	}
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = "/" + t.Name
	}
	if len(topics) > 0 {
		reply.Blocks = append(reply.Blocks,
			Block{Text: "Topic commands: " + strings.Join(names, " ")},
			Block{Text: "Add words to ask within a topic: /" + topics[0].Name + " 2021."})
	}
	reply.Blocks = append(reply.Blocks, Block{Text: "Or just type a question in your own words."})
	return reply
}

func (e *Engine) topics(ctx context.Context, _ Request, _ string) Reply {
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing topics failed", "err", err)
		return e.failure()
	}
	reply := Reply{Kind: KindInfo, Title: "Topics", Blocks: []Block{{Text: "Topics I know about:", Heading: true}}}
	for _, t := range topics {
		reply.Blocks = append(reply.Blocks, Block{Text: "/" + t.Name + ": " + t.Description, Item: true})
	}
	return reply
}

// sources lists every source with how many current facts cite it, and
// for moderators its id, which /editsource takes.
func (e *Engine) sources(ctx context.Context, req Request, _ string) Reply {
	sources, err := e.kb.Sources(ctx)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing sources failed", "err", err)
		return e.failure()
	}
	reply := Reply{Kind: KindInfo, Title: "Sources", CitationsInline: true, Blocks: []Block{{Text: "My facts cite these sources:", Heading: true}}}
	for i, s := range sources {
		note := factCount(s.FactCount)
		if req.Moderator {
			note += "; id " + s.ID
		}
		reply.Citations = append(reply.Citations, s.Citation())
		reply.Blocks = append(reply.Blocks, Block{Text: FormatCitation(s.Citation()) + " (" + note + ")", Cites: []int{i + 1}, Item: true})
	}
	return reply
}
