package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// /misses lists what people asked and did not get: declines, "did you
// mean" replies and answers voted 👎, grouped when they ask the same thing.
// Each group is fixed in one step: /attach makes its questions an alias of
// a fact, so they are answered next time; /missfact adds a fact for it;
// /dismiss hides it.

const (
	// maxMissesShown is how many groups /misses and digests list.
	maxMissesShown = 10
	// maxMissButtons is how many of them get buttons: four rows of
	// actions leave room for one more row on Discord.
	maxMissButtons = 4
)

// insightCommands are available when the knowledge store keeps a
// question log (it implements Insights).
func insightCommands() []builtin {
	id := Param{Name: "id", Description: "The missed question's number, as /misses shows it", Required: true, Integer: true}
	cmds := []builtin{
		{CommandInfo{Name: "misses", Description: "Questions I declined, half-answered or got 👎 for", Moderator: true}, (*Engine).misses},
		{CommandInfo{Name: "stats", Description: "Questions asked, answer rate, votes, top facts and misses", Moderator: true}, (*Engine).stats},
		{CommandInfo{Name: "attach", Description: "Make a missed question answer with a fact from now on", Moderator: true, Params: []Param{id,
			{Name: "key", Description: "The fact's key, as /misses or /fact shows it", Required: true}}}, (*Engine).attachMiss},
		{CommandInfo{Name: "dismiss", Description: "Hide a missed question until it is asked again", Moderator: true, Params: []Param{id}}, (*Engine).dismissMiss},
	}
	return cmds
}

// missFactCommand adds a fact for a miss; it needs a Curator too.
func missFactCommand() builtin {
	id := Param{Name: "id", Description: "The missed question's number, as /misses shows it", Required: true, Integer: true}
	return builtin{CommandInfo{Name: "missfact", Description: "Add a fact that answers a missed question", Moderator: true,
		Params: append([]Param{id}, newFactParams()...)}, (*Engine).missFact}
}

// flushLog writes the questions still waiting in the log's queue, so that
// a moderator sees the question asked a moment ago.
func (e *Engine) flushLog(ctx context.Context) {
	if r := e.questionLog.recorder; r != nil {
		if err := r.Flush(ctx); err != nil {
			e.logger.WarnContext(ctx, "cannot write the question log", "err", err)
		}
	}
}

func (e *Engine) misses(ctx context.Context, _ Request, _ string) Reply {
	e.flushLog(ctx)
	list, err := e.insights().Misses(ctx, MissQuery{Limit: maxMissesShown})
	if err != nil {
		e.logger.ErrorContext(ctx, "listing misses failed", "err", err)
		return e.failure()
	}
	if len(list) == 0 {
		return privateText(KindInfo, "No missed questions: everything asked lately was answered, or a moderator has dealt with it.")
	}
	r := privateText(KindInfo)
	r.Title = "Missed questions"
	r.Blocks = append(r.Blocks, Block{Heading: true, Text: "Questions I could not answer well, most asked and most recent first:"})
	e.addMisses(ctx, &r, list)
	r.Blocks = append(r.Blocks, Block{Text: "Fix one in one step: /attach id fact-key makes it answer with that fact; /missfact id | topic | text | source-url adds a fact for it; /dismiss id hides it."})
	return r
}

// addMisses lists misses in r, with buttons for the first few: dismiss,
// and attach to the fact nearest the question when there is one.
func (e *Engine) addMisses(ctx context.Context, r *Reply, list []Miss) {
	for i, m := range list {
		nearest := e.nearestFact(ctx, m)
		r.Blocks = append(r.Blocks, Block{Item: true, Text: describeMiss(m, nearest)})
		if i >= maxMissButtons {
			continue
		}
		var row []Button
		if nearest != "" {
			row = append(row, Button{Label: fmt.Sprintf("Attach #%d to %s", m.ID, nearest), Data: fmt.Sprintf("/attach %d %s", m.ID, nearest)})
		}
		row = append(row, Button{Label: fmt.Sprintf("Dismiss #%d", m.ID), Data: fmt.Sprintf("/dismiss %d", m.ID)})
		r.Buttons = append(r.Buttons, fitButtons(row))
	}
}

// fitButtons leaves out the buttons whose data is too long for some
// platform; their commands are in the text.
func fitButtons(row []Button) []Button {
	var out []Button
	for _, b := range row {
		if len(b.Data) <= MaxButtonData {
			out = append(out, b)
		}
	}
	return out
}

// nearestFact is the fact that came closest to answering a miss, as the
// one to attach it to: none for a question nothing comes near, nor the
// fact a downvoted answer already gave.
func (e *Engine) nearestFact(ctx context.Context, m Miss) string {
	hits, err := e.kb.Search(ctx, m.Question, 1)
	if err != nil {
		e.logger.WarnContext(ctx, "searching for a miss's nearest fact failed", "miss", m.ID, "err", err)
		return ""
	}
	if len(hits) == 0 || hits[0].Confidence < suggestionConfidence || slices.Contains(m.Facts, hits[0].Fact.Key) {
		return ""
	}
	return hits[0].Fact.Key
}

// describeMiss is one line about a group of misses.
func describeMiss(m Miss, nearest string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d “%s”: %s, last on %s; %s.", m.ID, m.Question, askedTimes(m.Count), day(m.LastAsked), describeReasons(m))
	if len(m.Variants) > 0 {
		b.WriteString(" Also asked as “" + strings.Join(m.Variants, "”, “") + "”.")
	}
	if nearest != "" {
		b.WriteString(" Nearest fact: " + nearest + ".")
	}
	return b.String()
}

// askedTimes says how often a question was asked: "asked once", "asked 3
// times".
func askedTimes(n int) string {
	if n == 1 {
		return "asked once"
	}
	return fmt.Sprintf("asked %d times", n)
}

func describeReasons(m Miss) string {
	var parts []string
	for _, r := range m.Reasons {
		switch r {
		case MissDeclined:
			parts = append(parts, "declined")
		case MissDidYouMean:
			parts = append(parts, "answered with “did you mean”")
		case MissDownvoted:
			s := fmt.Sprintf("%d 👎", m.Downvotes)
			if len(m.Facts) > 0 {
				s += " on " + strings.Join(m.Facts, ", ")
			}
			if len(m.DownReasons) > 0 {
				var why []string
				for _, c := range m.DownReasons {
					why = append(why, strings.ToLower(c.Label()))
				}
				s += " (" + strings.Join(why, ", ") + ")"
			}
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "; ")
}

func (e *Engine) dismissMiss(ctx context.Context, req Request, args string) Reply {
	id, ok := parseID(args)
	if !ok {
		return e.usage("dismiss", "/dismiss 3")
	}
	if r, closed := e.checkOpen(ctx, id); closed {
		return r
	}
	m, err := e.insights().DismissMiss(ctx, id, ActorFrom(req))
	if err != nil {
		return e.missFailed(ctx, id, "dismissing a miss", err)
	}
	return privateText(KindInfo, fmt.Sprintf("Dismissed #%d “%s”. It shows again only if someone asks it again.", m.ID, m.Question))
}

// checkOpen refuses to act on a group with nothing open: a second press
// of a button, or a number mistyped.
func (e *Engine) checkOpen(ctx context.Context, id int64) (Reply, bool) {
	m, closed, err := e.insights().Miss(ctx, id)
	if err != nil {
		return e.missFailed(ctx, id, "reading a miss", err), true
	}
	if m.Count > 0 {
		return Reply{}, false
	}
	// Nothing is changed, as when an edit would change nothing: the reply
	// is an error, which is no moderator's write.
	switch closed.Action {
	case "dismiss":
		return privateText(KindError, fmt.Sprintf("#%d was already dismissed by %s on %s, and nobody has asked it since.", id, closed.By, day(closed.At))), true
	case "alias":
		return privateText(KindError, fmt.Sprintf("#%d was already attached to %s by %s on %s, and nobody has missed it since.", id, closed.FactKey, closed.By, day(closed.At))), true
	}
	return privateText(KindError, fmt.Sprintf("#%d has no missed questions left to deal with.", id)), true
}

// missFailed turns a store error about miss id into a reply.
func (e *Engine) missFailed(ctx context.Context, id int64, what string, err error) Reply {
	if errors.Is(err, ErrNotFound) {
		var ue *UserError
		if !errors.As(err, &ue) {
			return privateText(KindError, fmt.Sprintf("There is no missed question #%d. /misses lists them with their numbers.", id))
		}
	}
	return e.changeFailed(ctx, what, err)
}

func (e *Engine) attachMiss(ctx context.Context, req Request, args string) Reply {
	p := splitParams(args, 2, true)
	id, ok := parseID(p[0])
	if !ok || p[1] == "" {
		return e.usage("attach", "/attach 3 it-exports-fy2023-24")
	}
	if r, closed := e.checkOpen(ctx, id); closed {
		return r
	}
	m, f, err := e.insights().AttachMiss(ctx, id, p[1], ActorFrom(req))
	if err != nil {
		return e.missFailed(ctx, id, "attaching a miss", err)
	}
	note, answered := e.attachedNote(ctx, m, f)
	if !answered {
		note += fmt.Sprintf(" A fact that says it can be added with /missfact %d | topic | text | source-url.", m.ID)
	}
	return e.factCard(f, note)
}

// attachedNote says what attaching m to f did, and reports whether the
// question is now answered: a fact that cannot give the kind of answer
// asked for ("how many" wants a count of what was asked) still does not
// answer it.
func (e *Engine) attachedNote(ctx context.Context, m Miss, f Fact) (string, bool) {
	note := fmt.Sprintf("Attached #%d “%s” to %s (version %d).", m.ID, m.Question, f.Key, f.Version)
	hits, err := e.kb.Search(ctx, m.Question, 1)
	switch {
	case err != nil:
		e.logger.WarnContext(ctx, "checking an attached miss failed", "miss", m.ID, "err", err)
		return note, true
	case len(hits) > 0 && hits[0].Fact.Key == f.Key && hits[0].Confidence >= e.minConfidence:
		return note + " The question is answered with it from now on.", true
	case len(hits) > 0 && hits[0].Confidence >= e.minConfidence:
		return note + fmt.Sprintf(" The question is answered from now on, but with %s, which fits it better.", hits[0].Fact.Key), true
	}
	return note + " I still would not answer the question with it: it asks for something the fact does not say.", false
}

func (e *Engine) missFact(ctx context.Context, req Request, args string) Reply {
	first, rest, _ := strings.Cut(args, "|")
	first = strings.TrimSpace(first)
	// "/missfact 3 exports | text | …" as typed, "3 | exports | …" from
	// Discord's options.
	idText, topic, _ := strings.Cut(first, " ")
	if topic = strings.TrimSpace(topic); topic != "" {
		rest = topic + " |" + rest
	}
	id, ok := parseID(idText)
	nf, fieldsOK, err := readNewFact(rest)
	if !ok || !fieldsOK {
		return e.usage("missfact", "/missfact 3 exports | In FY 2024-25, Pakistan's IT exports reached $3.8 billion. | https://example.com/report | FY 2024-25 | figure: 3.8 USD bn")
	}
	if r, closed := e.checkOpen(ctx, id); closed {
		return r
	}
	if err != nil {
		return e.changeFailed(ctx, "adding a fact for a miss", err)
	}
	curator := e.curator()
	if curator == nil {
		return privateText(KindError, "Facts cannot be added here.")
	}
	added, err := curator.AddFact(ctx, nf, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "adding a fact for a miss", err)
	}
	m, f, err := e.insights().AttachMiss(ctx, id, added.Key, ActorFrom(req))
	if err != nil {
		r := e.missFailed(ctx, id, "attaching a miss", err)
		r.Blocks = append([]Block{{Text: fmt.Sprintf("Added fact %s, but could not attach #%d to it.", added.Key, id)}}, r.Blocks...)
		return r
	}
	note, answered := e.attachedNote(ctx, m, f)
	if !answered {
		note += fmt.Sprintf(" Rewording the fact so it says what was asked may help: /editfact %s | text.", f.Key)
	}
	return e.factCard(f, fmt.Sprintf("Added fact %s to %s. ", f.Key, f.Topic)+note)
}

// MissesSince lists the groups with misses logged after mark, up to now,
// and the mark they reach: what a digest reports.
func (e *Engine) MissesSince(ctx context.Context, mark LogMark) ([]Miss, LogMark, error) {
	store := e.insights()
	if store == nil {
		return nil, mark, errors.New("this knowledge store keeps no question log")
	}
	now, err := store.LogMark(ctx)
	if err != nil {
		return nil, mark, err
	}
	now.At = e.now()
	list, err := store.Misses(ctx, MissQuery{After: mark, Until: now})
	return list, now, err
}

// Digest is the moderators' digest of the misses logged after mark: a
// reply listing them with buttons to fix them, the mark it reaches, and
// false when there is nothing new to say.
func (e *Engine) Digest(ctx context.Context, mark LogMark) (Reply, LogMark, bool, error) {
	list, next, err := e.MissesSince(ctx, mark)
	if err != nil || len(list) == 0 {
		return Reply{}, next, false, err
	}
	downs, shown := 0, list[:min(len(list), maxMissesShown)]
	for _, m := range list {
		downs += m.Downvotes
	}
	r := Reply{Kind: KindInfo, Title: "Daily digest"}
	heading := "New since " + moment(mark.At) + ": " + Count(len(list), "missed question", "missed questions")
	if downs > 0 {
		heading += fmt.Sprintf(", %d 👎", downs)
	}
	r.Blocks = append(r.Blocks, Block{Heading: true, Text: heading + "."})
	e.addMisses(ctx, &r, shown)
	if more := len(list) - len(shown); more > 0 {
		r.Blocks = append(r.Blocks, Block{Text: fmt.Sprintf("…and %d more: /misses lists them.", more)})
	}
	r.Blocks = append(r.Blocks, Block{Text: "Fix one in one step: /attach id fact-key, /missfact id | topic | text | source-url, or /dismiss id."})
	return r, next, true, nil
}

// moment formats a time for a digest heading.
func moment(t time.Time) string {
	if t.IsZero() {
		return "the start"
	}
	return t.UTC().Format("2 January 2006 15:04 UTC")
}
