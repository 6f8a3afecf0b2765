package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/internal/lazyre"
)

// Reading questions: bare topic names, follow-ups, several questions in one
// message, a period with no figure, and near misses.

const (
	// followUpTTL is how long a chat's last question is remembered for
	// follow-ups such as "and in 2021?".
	followUpTTL = 5 * time.Minute
	// maxRecentChats bounds the remembered questions; the oldest go first.
	maxRecentChats = 10000
	// didYouMeanConfidence is the least confidence for which a declined
	// question offers its best candidates as "Did you mean …?".
	didYouMeanConfidence = 0.3
	// maxDidYouMean is how many questions a near miss suggests.
	maxDidYouMean = 2
	// searchLimit is how many facts a question loads: the best, up to two
	// related ones, and enough for the suggestions of a decline.
	searchLimit = 6
)

// recentQuestions remembers each chat's last answered question.
type recentQuestions struct {
	mu sync.Mutex
	m  map[string]recentQuestion
}

type recentQuestion struct {
	question recalled
	// more is how to see more of the chat's last reply: the command of
	// its next page ("/5g 2"), else the topic of the fact it answered
	// with ("/exports"); what "more" or "next" asks for.
	more recalled
}

// recalled is a text a chat left, and when.
type recalled struct {
	text string
	at   time.Time
}

// fresh returns the text while it is recent enough to lean on.
func (c recalled) fresh(now time.Time) string {
	if now.Sub(c.at) > followUpTTL {
		return ""
	}
	return c.text
}

func chatKey(req Request) string {
	if req.ChatID == "" {
		return ""
	}
	return string(req.Platform) + "\x00" + req.ChatID + "\x00" + req.UserID
}

func (r *recentQuestions) get(key string, now time.Time) string {
	return r.recall(key, func(q recentQuestion) recalled { return q.question }).fresh(now)
}

func (r *recentQuestions) put(key, text string, now time.Time) {
	r.update(key, now, func(q *recentQuestion) { q.question = recalled{text, now} })
}

// setMore remembers how to see more of the chat's last reply.
func (r *recentQuestions) setMore(key, more string, now time.Time) {
	r.update(key, now, func(q *recentQuestion) { q.more = recalled{more, now} })
}

// getMore returns how to see more of the chat's last reply, if it was
// recent.
func (r *recentQuestions) getMore(key string, now time.Time) string {
	return r.recall(key, func(q recentQuestion) recalled { return q.more }).fresh(now)
}

// recall returns what of a chat's entry field picks.
func (r *recentQuestions) recall(key string, field func(recentQuestion) recalled) recalled {
	r.mu.Lock()
	defer r.mu.Unlock()
	return field(r.m[key])
}

// update changes a chat's entry, making room for it first.
func (r *recentQuestions) update(key string, now time.Time, change func(*recentQuestion)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]recentQuestion{}
	}
	if _, ok := r.m[key]; !ok && len(r.m) >= maxRecentChats {
		for k, q := range r.m {
			if q.question.fresh(now) == "" && q.more.fresh(now) == "" {
				delete(r.m, k)
			}
		}
		if len(r.m) >= maxRecentChats {
			clear(r.m)
		}
	}
	q := r.m[key]
	change(&q)
	r.m[key] = q
}

// askFrom answers a plain message: a bare topic name lists the topic, a
// follow-up is read with the chat's previous question, and each question
// the message asks is answered (at most a few), each cited.
// smallTalk answers chat that asks nothing as a person would: a greeting
// or a question about the bot with what it does and questions to try,
// thanks with an invitation to ask more. None of them is an answer.
func (e *Engine) smallTalk(ctx context.Context, req Request, talk Talk) Reply {
	switch talk {
	case TalkThanks:
		return Reply{Kind: KindInfo, Blocks: []Block{{Text: "You're welcome! Ask me anything else about Pakistan's tech sector."}},
			Suggestions: e.defaultSuggestions(ctx)}
	case TalkAck:
		return Reply{Kind: KindInfo, Blocks: []Block{{Text: "👍 Ask me anything else about Pakistan's tech sector, or send /topics."}}}
	case TalkBye:
		return Reply{Kind: KindInfo, Blocks: []Block{{Text: "Allah Hafiz! Come back with any question about Pakistan's tech sector."}}}
	case TalkTopics:
		return e.topics(ctx, req, "")
	case TalkSources:
		return e.sources(ctx, req, "")
	case TalkMore:
		more := e.recent.getMore(chatKey(req), req.At)
		if more == noMore {
			return Reply{Kind: KindInfo, Blocks: []Block{{Text: "That was all I have on it. Ask another question, or send /topics."}}}
		}
		if name, args, ok := ParseCommand(more); ok {
			return e.command(ctx, req, name, args)
		}
		return Reply{Kind: KindInfo, Blocks: []Block{{Text: "More of what? Ask a question, or send a topic command such as /exports; /topics lists them all."}},
			Suggestions: e.defaultSuggestions(ctx)}
	}
	return e.start(ctx, req, "")
}

// rememberMore keeps how to see more of a reply for the chat's next
// "more": its next page, or the topic of the fact it answered with.
func (e *Engine) rememberMore(req Request, reply Reply) {
	key := chatKey(req)
	if key == "" || reply.Kind == KindInfo && reply.More == "" {
		return // small talk leaves what "more" continues as it was
	}
	more := reply.More
	switch {
	case more != "":
	case reply.Kind == KindTopic:
		more = noMore // the last page
	case reply.Answered && reply.Kind == KindAnswer && len(reply.Facts) > 0 && reply.Facts[0].Topic != "":
		more = "/" + reply.Facts[0].Topic
	}
	e.recent.setMore(key, more, req.At)
}

// noMore marks a chat whose last reply was the last page of a listing.
const noMore = "-"

func (e *Engine) askFrom(ctx context.Context, req Request) (reply Reply) {
	start := time.Now()
	defer func() { e.observer.Question(req.Platform, OutcomeOf(reply), time.Since(start)) }()
	question, note, reply, bad := e.checkQuestion(ctx, CleanText(req.Text))
	if bad {
		return reply
	}
	if note != "" {
		defer func() { reply.Blocks = append([]Block{{Text: note}}, reply.Blocks...) }()
	}
	key := chatKey(req)
	if t, ok := e.bareTopic(ctx, question); ok {
		reply = e.topic(ctx, t, 1)
		reply.Question = question
		if key != "" && reply.Answered {
			// "techparks", then "kitne log?": of the parks.
			e.recent.put(key, question, req.At)
		}
		return reply
	}
	if st, ok := e.reader.(SmallTalker); ok {
		if talk := st.SmallTalk(question); talk != TalkNone {
			reply = e.smallTalk(ctx, req, talk)
			reply.Question = question
			return reply
		}
	}
	if e.reader != nil && key != "" {
		if prev := e.recent.get(key, req.At); prev != "" {
			if q, ok := e.reader.FollowUp(question, prev); ok && e.answersBetter(ctx, q, question) {
				question = q
			}
		}
	}
	parts := []string{question}
	if e.reader != nil {
		parts = e.reader.Parts(question)
	}
	if len(parts) == 1 {
		if both, ok := e.conjoined(ctx, parts[0]); ok {
			parts = both
		}
	}
	var answered []string
	// "should i study at NUST or FAST? which is better": what follows a
	// request for advice asks it too.
	advice := len(parts) > 1 && e.asksAdvice(question)
	for i, part := range parts {
		r := e.answerPart(ctx, part)
		if advice {
			r = asAdvice(r)
		}
		if i == 0 || !reply.Answered && r.Answered {
			if reply.Answered || i > 0 && r.Answered {
				// A later part answered where the first did not: it leads,
				// and the first's decline follows.
				r = mergeReplies(r, reply, parts[0])
			}
			reply = r
		} else {
			reply = mergeReplies(reply, r, part)
		}
		if r.Answered {
			answered = append(answered, part)
		}
	}
	if key != "" && len(answered) > 0 {
		e.recent.put(key, answered[0], req.At)
	}
	reply.Question = CleanText(req.Text)
	return reply
}

// answersBetter reports whether a follow-up read with the previous
// question's subject is to be asked rather than the message on its own:
// when it is answered, or the message is not either. "kitni jobs?"
// after a question about the Karachi IT Park asks the park's jobs; "how
// many freelancers?" after IT exports, which no fact tells of the
// exports, asks about freelancers alone.
func (e *Engine) answersBetter(ctx context.Context, followUp, message string) bool {
	if with, ok := e.topAnswer(ctx, followUp); ok && with.Confidence >= e.minConfidence {
		return true
	}
	alone, ok := e.topAnswer(ctx, message)
	return !ok || alone.Confidence < e.minConfidence
}

// asksAdvice reports a question that asks for advice, an opinion or
// how to do something, if the reader can tell.
func (e *Engine) asksAdvice(question string) bool {
	ar, ok := e.reader.(AdviceReader)
	return ok && ar.AsksAdvice(question)
}

// asAdvice turns an answer to a request for advice or steps into facts
// that bear on it: they may help the user decide; they do not decide,
// and the question counts as unanswered.
func asAdvice(reply Reply) Reply {
	if !reply.Answered {
		return reply
	}
	reply.Blocks = append([]Block{{Text: "I don't give advice, opinions or step-by-step help, only facts with their sources. This may help:"}}, reply.Blocks...)
	reply.Answered = false
	return reply
}

// conjoined splits a question about two things joined with "and" into
// a question about each, when each is answered, with a fact of its own,
// more surely than the whole question is: "IT exports and broadband
// subscribers?" was answered with the broadband figure alone, and "What
// were IT exports and broadband subscribers in FY 2023-24?" declined.
func (e *Engine) conjoined(ctx context.Context, question string) ([]string, bool) {
	c, ok := e.reader.(Conjoiner)
	if !ok {
		return nil, false
	}
	both := c.Conjuncts(question)
	if len(both) != 2 {
		return nil, false
	}
	first, ok1 := e.topAnswer(ctx, both[0])
	second, ok2 := e.topAnswer(ctx, both[1])
	if !ok1 || !ok2 || first.Fact.Key == second.Fact.Key || min(first.Confidence, second.Confidence) < e.minConfidence {
		return nil, false
	}
	whole, ok := e.topAnswer(ctx, question)
	return both, !ok || whole.Confidence < min(first.Confidence, second.Confidence)
}

// answerPart answers one question.
func (e *Engine) answerPart(ctx context.Context, question string) Reply {
	if nr, ok := e.reader.(NewsReader); ok && nr.NewsOnly(question) {
		if reply, ok := e.newest(ctx); ok {
			return reply
		}
	}
	if tn, ok := e.reader.(TopicNewsReader); ok {
		if subject, ok := tn.NewsAbout(question); ok {
			if t, ok := e.bareTopic(ctx, subject); ok {
				return e.topic(ctx, t, 1)
			}
		}
	}
	if reply, ok := e.periodListing(ctx, question); ok {
		return reply
	}
	hits, err := e.kb.Search(ctx, question, searchLimit)
	if err != nil {
		e.logger.ErrorContext(ctx, "search failed", "err", err)
		return e.failure()
	}
	if len(hits) == 0 || hits[0].Confidence < e.minConfidence {
		return e.notFound(ctx, hits)
	}
	reply := e.answer(ctx, hits)
	if e.asksAdvice(question) {
		return asAdvice(reply)
	}
	if e.reader != nil {
		asked, named := e.reader.AskedPeriod(question)
		if fp := hits[0].Fact.Period; named && !asked.IsZero() && hits[0].Fact.Series != "" {
			note := ""
			switch {
			case within(asked, fp):
				// "IT exports in October 2024" is not told by the total
				// of July to November: a series' figure for a longer
				// period holds the one asked, but is not it.
				note = fmt.Sprintf("I have no figure for %s alone; this one covers %s.", asked, fp)
			case within(fp, asked) && wholePeriod().MatchString(question):
				// Nor "the full fiscal year 2024-25" by its first five
				// months.
				note = fmt.Sprintf("I have no figure for all of %s; this one covers %s.", asked, fp)
			}
			if note != "" {
				reply.Blocks = append([]Block{{Text: note}}, reply.Blocks...)
				reply.Answered = false
				return reply
			}
		}
		// A fact that names the period asked gives its figure for it,
		// a target's ("should bring in $18-20 million by 2027").
		if !asked.IsZero() && !hits[0].Fact.Period.Overlaps(asked) && !namesPeriod(hits[0].Fact.Text, asked) {
			note := fmt.Sprintf("I have no figure for %s; this is the nearest I have.", asked)
			nearest := hits[0].Fact
			gap := nearest.Period.YearsFrom(asked)
			// A period written out is apart from a later one by the
			// calendar's years: December 2021 is two years after 2019,
			// not 1.9.
			calendarGap := gap
			if nearest.Period.Start.After(asked.End) {
				calendarGap = max(gap, float64(nearest.Period.Start.Year()-asked.End.Year()))
			}
			if gap >= farPeriodYears || named && (calendarGap >= namedGapYears || nearest.Series != "" && gap >= seriesGapYears || asksMonth(asked) ||
				nearest.Period.Start.After(asked.End) && calendarGap >= 1 && asOf().MatchString(nearest.Text)) ||
				asked.Start.After(e.now()) {
				// A period still to come has no figure but a target's,
				// which a fact names ("by 2027"): another period's
				// does not tell it.
				// Far away, the nearest figure is another one: it is
				// shown, but the question is not answered, and the
				// question log counts it among those to add facts for.
				note = fmt.Sprintf("I have no figure for %s; the nearest I have is from %s.", asked, nearest.Period)
				reply.Answered = false
			}
			reply.Blocks = append([]Block{{Text: note}}, reply.Blocks...)
		}
	}
	return reply
}

// wholePeriod asks for a figure of a whole period, or its total: "the
// full fiscal year 2024-25", "total … in FY 2024-25", "poore saal ki",
// "پورے سال", "کل".
var wholePeriod = lazyre.New(`(?i)\b(?:full|whole|entire|complete|total|overall|poore|poora|pure|pura|kul)\b|(?:^|\s)(?:پورے|پورا|مکمل|کل)(?:\s|$|[؟?،۔])`)

// within reports a period that lies inside a longer one: a month of a
// fiscal year's first five months, not the five months themselves.
func within(inner, outer Period) bool {
	return !inner.Start.Before(outer.Start) && !inner.End.After(outer.End) && outer.End.Sub(outer.Start) > inner.End.Sub(inner.Start)*3/2
}

// periodListing answers a question that asks about nothing but a period
// ("What happened in May 2021?") with that period's facts, newest first,
// a topic listing's page of them. ok is false for other questions, or
// when the reader or the store cannot tell or list them.
func (e *Engine) periodListing(ctx context.Context, question string) (Reply, bool) {
	pr, ok := e.reader.(PeriodReader)
	pp, pageable := e.kb.(PeriodPager)
	if !ok || !pageable {
		return Reply{}, false
	}
	p, ok := pr.PeriodOnly(question)
	if !ok {
		return Reply{}, false
	}
	facts, total, err := pp.PeriodPage(ctx, p, 0, MaxTopicFacts)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing a period's facts failed", "period", p.String(), "err", err)
		return e.failure(), true
	}
	var b replyBuilder
	if total == 0 {
		b.reply.Kind = KindNotFound
		b.add(Block{Text: fmt.Sprintf("I have no facts dated %s. Ask about a subject, or send /help for the topics.", p)})
		return b.reply, true
	}
	b.reply.Kind, b.reply.Title, b.reply.Answered = KindTopic, p.String(), true
	b.add(Block{Text: fmt.Sprintf("Facts dated %s, newest first:", p), Heading: true})
	for _, f := range facts {
		b.fact(f, true)
	}
	if more := total - len(facts); more > 0 {
		b.add(Block{Text: fmt.Sprintf("…and %d more: ask about a subject of %s to see its facts.", more, p)})
	}
	return b.reply, true
}

// allTime is a period every dated fact lies within.
var allTime = Period{Start: time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}

// newestWindow is how many of the newest facts "what's new?" looks
// through for the newest of each topic.
const newestWindow = 200

// newest answers "what's new?" and /latest with the newest fact of each
// topic, newest first: one source's news of a day does not fill the
// page. ok is false when the store cannot list facts by period.
func (e *Engine) newest(ctx context.Context) (Reply, bool) {
	pp, ok := e.kb.(PeriodPager)
	if !ok {
		return Reply{}, false
	}
	facts, _, err := pp.PeriodPage(ctx, allTime, 0, newestWindow)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing the newest facts failed", "err", err)
		return e.failure(), true
	}
	var b replyBuilder
	if len(facts) == 0 {
		b.reply.Kind = KindNotFound
		b.add(Block{Text: "I have no dated facts yet. Send /topics for what I know about."})
		return b.reply, true
	}
	b.reply.Kind, b.reply.Title, b.reply.Answered = KindTopic, "Newest facts", true
	b.add(Block{Text: "The newest facts, one per topic:", Heading: true})
	seen := map[string]bool{}
	for _, f := range facts {
		if !seen[f.Topic] && len(seen) < MaxTopicFacts {
			seen[f.Topic] = true
			b.fact(f, true)
		}
	}
	b.add(Block{Text: "A topic command, such as /" + facts[0].Topic + ", shows more of a topic; /topics lists them all."})
	b.reply.More = "/topics" // "more" after the news: every topic
	return b.reply, true
}

// search is /search: the facts that best match some words, best first,
// as many as a topic's page. Words need not ask anything, so a fact is
// listed when it matches them as well as "Did you mean …?" asks, not as
// well as an answer must ("/search Multan" lists the fulfilment centre
// planned there).
func (e *Engine) search(ctx context.Context, req Request, words string) Reply {
	words = CleanText(words)
	switch {
	case !hasLetterOrDigit(words):
		return Reply{Kind: KindError, Private: true, Blocks: []Block{{Text: "Add the words to look for after /search, for example: /search submarine cable"}},
			Suggestions: e.defaultSuggestions(ctx)}
	case utf8.RuneCountInString(words) > MaxQuestionRunes:
		return privateText(KindError, fmt.Sprintf("That is too much to search for; /search takes at most %d characters.", MaxQuestionRunes))
	}
	hits, err := e.kb.Search(ctx, words, MaxTopicFacts)
	if err != nil {
		e.logger.ErrorContext(ctx, "search failed", "err", err)
		return e.failure()
	}
	var b replyBuilder
	b.reply.Question = words
	for _, h := range hits {
		if h.Confidence < didYouMeanConfidence {
			continue
		}
		if len(b.reply.Facts) == 0 {
			b.reply.Kind, b.reply.Title, b.reply.Answered, b.reply.Confidence = KindTopic, "Search: "+words, true, h.Confidence
			b.add(Block{Text: fmt.Sprintf("Facts matching “%s”, best first:", words), Heading: true})
		}
		b.fact(h.Fact, true)
	}
	if !b.reply.Answered {
		reply := Reply{Kind: KindNotFound, Private: true, Suggestions: e.nearTopics(ctx, hits),
			Blocks: []Block{{Text: fmt.Sprintf("No fact matches “%s”. Try other words, or send /topics for what I know about.", words)}}}
		if len(hits) > 0 {
			reply.Confidence = hits[0].Confidence
		}
		return reply
	}
	return b.reply
}

// latest is /latest: the newest facts, or with words after it the newest
// of what they ask about ("/latest 5g").
func (e *Engine) latest(ctx context.Context, req Request, args string) Reply {
	if t, ok := e.bareTopic(ctx, args); ok && args != "" {
		return e.topic(ctx, t, 1) // newest first
	}
	if args != "" {
		req.Text = "latest " + args
		return e.askFrom(ctx, req)
	}
	if reply, ok := e.newest(ctx); ok {
		return reply
	}
	return privateText(KindError, "I cannot list facts by date here; ask a question, or send /topics.")
}

// namesPeriod reports whether text names period p as it is written:
// "by 2027", "in November 2024".
func namesPeriod(text string, p Period) bool { return wholeWordIndex(text, p.String()) >= 0 }

// wholeWordIndex is where text holds words as words of its own, not
// inside longer ones, or -1.
func wholeWordIndex(text, words string) int {
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], words)
		if i < 0 {
			return -1
		}
		start, end := from+i, from+i+len(words)
		if (start == 0 || !isWordByte(text[start-1])) && (end == len(text) || !isWordByte(text[end])) {
			return start
		}
		from = start + 1
	}
	return -1
}

// isWordByte reports a byte of a word or a figure, a hyphen included, so
// that "2023" is not named by "FY 2023-24".
func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-'
}

// farPeriodYears is how far, in years, the nearest period with a figure
// may lie from the one asked for it still to answer the question: "IT
// exports in 2024" is answered with FY 2023-24 and a note, "in FY
// 2015-16" is not.
const farPeriodYears = 3

// seriesGapYears is the same for a figure of a series asked for by a
// period written out: a series has a figure a period, so the one for a
// year it lacks ("IT exports in FY 2025-26") is not another year's.
// Counted from today ("last fiscal year"), the newest one answers.
const seriesGapYears = 1

// namedGapYears is the same for any fact asked for by a period written
// out: "Pakistan's e-sports ranking in 2019" is not told by the one of
// December 2021.
const namedGapYears = 2

// asOf finds a fact that tells how things stood at a date ("As of December
// 2021, Pakistan ranked 29th"): what stood a year or more before is
// another figure, however near.
var asOf = lazyre.New(`(?i)\bas (?:of|at)\b`)

// asksMonth reports a period of a month or a day: named, it is asked
// exactly. "ICT exports in December 2024" is not told by July to
// November's figure, nor by November's.
func asksMonth(p Period) bool { return p.End.Sub(p.Start) < 31*24*time.Hour }

// mergeReplies adds the answer to another question of the same message
// under its own heading, renumbering its citations into first's.
func mergeReplies(first, second Reply, question string) Reply {
	if second.Kind == KindError {
		return first
	}
	if second.Answered {
		// The other question's answer is shown once, not also as
		// related to the first.
		first = withoutRelated(first, second.Facts[0].Key)
	}
	b := replyBuilder{reply: first}
	b.numbers = map[string]int{}
	for i, c := range first.Citations {
		b.numbers[c.SourceID] = i + 1
	}
	b.add(Block{Text: "You also asked: " + question, Heading: true})
	if !second.Answered {
		b.add(Block{Text: "I don't know that one: none of my facts fits it."})
		return b.reply
	}
	// The other question's best fact, its period and citation.
	best := second.Facts[0]
	b.fact(best, false)
	if p := best.Period.String(); p != "" {
		b.add(Block{Text: "Period: " + p + "."})
	}
	return b.reply
}

// withoutRelated drops a fact from a reply's related facts (the list
// items after its answer), and the list's heading if none is left. Its
// citation stays: the fact is shown again below under the same source.
func withoutRelated(r Reply, key string) Reply {
	blocks := make([]Block, 0, len(r.Blocks))
	for _, b := range r.Blocks {
		if !(b.Item && b.FactKey == key) {
			blocks = append(blocks, b)
		}
	}
	if n := len(blocks); n > 0 && blocks[n-1].Heading && blocks[n-1].Text == relatedHeading {
		blocks = blocks[:n-1] // no related fact is left
	}
	facts := make([]Fact, 0, len(r.Facts))
	for i, f := range r.Facts {
		if i == 0 || f.Key != key {
			facts = append(facts, f)
		}
	}
	r.Blocks, r.Facts = blocks, facts
	return r
}

// bareTopic finds the topic a message is nothing but the name or alias of
// ("techparks", "freelancing", "tech parks").
func (e *Engine) bareTopic(ctx context.Context, question string) (Topic, bool) {
	// Topic names and aliases are a few words at most; longer messages
	// are questions, and spare the topic lookup. A question mark makes a
	// question of a topic name ("exports?"): it is answered, newest
	// figure first, rather than listed.
	if strings.ContainsAny(question, "?؟") || hasMoreWords(question, 3) {
		return Topic{}, false
	}
	name := squash(question)
	if name == "" || len(name) > 40 {
		return Topic{}, false
	}
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing topics failed", "err", err)
		return Topic{}, false
	}
	// Each of a few hundred names is compared as it is squashed, rather
	// than squashed into a copy first.
	is := func(n string) bool { return squashesTo(n, name) }
	for _, t := range topics {
		if is(t.Name) || is(t.Title) || slices.ContainsFunc(t.Aliases, is) {
			return t, true
		}
	}
	return Topic{}, false
}

// hasMoreWords reports whether s has more than n words, as strings.Fields
// splits them.
func hasMoreWords(s string, n int) bool {
	for range strings.FieldsSeq(s) {
		if n--; n < 0 {
			return true
		}
	}
	return false
}

// squashesTo reports whether squash(s) is squashed.
func squashesTo(s, squashed string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		c, size := utf8.DecodeRuneInString(squashed)
		if size == 0 || c != unicode.ToLower(r) {
			return false
		}
		squashed = squashed[size:]
	}
	return squashed == ""
}

// squash lowercases s and keeps only its letters and digits, so "Tech
// parks!", "tech_parks" and "techparks" meet.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// didYouMean turns the best candidates of a declined question into
// questions the user can ask instead. Each is asked first, and offered
// only when it is answered with its fact: a suggestion typed back must
// not be declined again.
func (e *Engine) didYouMean(ctx context.Context, hits []Hit) []string {
	var out, subjects []string
	for _, h := range hits {
		if len(out) == maxDidYouMean || h.Confidence < didYouMeanConfidence {
			break
		}
		// One suggestion per subject: "internet users in 2021" and "in
		// FY 2023-24" are one question to try.
		subject := suggestionSubject(h.Fact)
		if q := SuggestQuestion(h.Fact); q != "" && !slices.Contains(subjects, subject) && e.answersWith(ctx, q, h.Fact.Key) {
			out = append(out, q)
			subjects = append(subjects, subject)
		}
	}
	return out
}

// answersWith reports whether question is answered with fact key first.
func (e *Engine) answersWith(ctx context.Context, question, key string) bool {
	h, found := e.topAnswer(ctx, question)
	return found && h.Fact.Key == key && h.Confidence >= e.minConfidence
}

// topAnswer returns question's best hit, from the store's remembered ones
// if it keeps them.
func (e *Engine) topAnswer(ctx context.Context, question string) (Hit, bool) {
	if ta, ok := e.kb.(TopAnswerer); ok {
		h, found, err := ta.TopAnswer(ctx, question)
		return h, err == nil && found
	}
	hits, err := e.kb.Search(ctx, question, 1)
	if err != nil || len(hits) == 0 {
		return Hit{}, false
	}
	return hits[0], true
}

// SuggestQuestion phrases a question a fact answers, from what the fact is
// known by: its first keyword phrase ("IT exports"), its series, or its
// topic, with its period.
func SuggestQuestion(f Fact) string {
	subject := suggestionSubject(f)
	if subject == "" {
		return ""
	}
	q := "What about " + subject
	p := f.Period
	if len(p.Raw) == len("2006-01-02") {
		p, _ = ParsePeriod(p.Raw[:len("2006-01")]) // "in February 2025", not "in 6 February 2025"
	}
	if s := p.String(); s != "" && !strings.Contains(subject, s) {
		q += " in " + s
	}
	return q + "?"
}

// suggestionSubject is what a fact is known by: a keyword phrase among its
// first two keywords ("IT exports" rather than "exports"), its series, its
// first keyword or its topic. Moderators list the main subject first; a
// later phrase is mostly a detail ("aminul haq" of a fact about Apple).
func suggestionSubject(f Fact) string {
	for _, k := range f.Keywords[:min(2, len(f.Keywords))] {
		if strings.Contains(k, " ") {
			return asWritten(k, f.Text)
		}
	}
	if f.Series != "" {
		return asWritten(strings.ReplaceAll(f.Series, "-", " "), f.Text)
	}
	if len(f.Keywords) > 0 {
		return asWritten(f.Keywords[0], f.Text)
	}
	return f.Topic
}

// asWritten is phrase as text writes it, when text holds it as words of
// its own in any case: keywords are kept in lower case, and a suggestion
// should say "Airlink" and "IT exports" as the answer will.
func asWritten(phrase, text string) string {
	// Lowering must keep offsets ("İ" does not) to cut the text there.
	if lower := strings.ToLower(text); len(lower) == len(text) {
		if i := wholeWordIndex(lower, phrase); i >= 0 {
			return text[i : i+len(phrase)]
		}
	}
	// Word by word, as the text capitalises them: "it ministry" is the
	// "IT ministry" of "the Ministry of IT".
	words := strings.Fields(phrase)
	for i, w := range words {
		if upper := strings.ToUpper(w); upper != w && containsWord(text, upper) {
			words[i] = upper
		}
	}
	return strings.Join(words, " ")
}
