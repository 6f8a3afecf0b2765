package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Notice is a message the engine wants delivered to a user outside the
// conversation they are in, such as the outcome of their suggestion.
type Notice struct {
	Platform Platform
	ChatID   string
	UserID   string
	Text     string
}

// Notifier delivers notices on one platform. Adapters register one with
// Engine.SetNotifier.
type Notifier interface {
	Notify(ctx context.Context, n Notice) error
}

// notices holds the notifiers and the notices that could not be delivered;
// those are shown with the user's next reply instead.
type notices struct {
	mu        sync.Mutex
	notifiers map[Platform]Notifier
	waiting   map[string][]string
}

// SetNotifier registers how to reach users on a platform.
func (e *Engine) SetNotifier(p Platform, n Notifier) {
	e.notices.mu.Lock()
	defer e.notices.mu.Unlock()
	if e.notices.notifiers == nil {
		e.notices.notifiers = map[Platform]Notifier{}
	}
	e.notices.notifiers[p] = n
}

func (e *Engine) notify(ctx context.Context, n Notice) {
	e.notices.mu.Lock()
	notifier := e.notices.notifiers[n.Platform]
	e.notices.mu.Unlock()
	if notifier != nil {
		if err := notifier.Notify(ctx, n); err == nil {
			return
		} else {
			e.logger.WarnContext(ctx, "notice not delivered; it waits for the user's next message", "platform", n.Platform, "chat", n.ChatID, "err", err)
		}
	}
	e.notices.mu.Lock()
	defer e.notices.mu.Unlock()
	if e.notices.waiting == nil {
		e.notices.waiting = map[string][]string{}
	}
	k := string(n.Platform) + "\x00" + n.UserID
	e.notices.waiting[k] = append(e.notices.waiting[k], n.Text)
}

// takeNotices returns and forgets the notices waiting for a user.
func (e *Engine) takeNotices(req Request) []string {
	e.notices.mu.Lock()
	defer e.notices.mu.Unlock()
	k := string(req.Platform) + "\x00" + req.UserID
	texts := e.notices.waiting[k]
	delete(e.notices.waiting, k)
	return texts
}

// moderationCommands are available when the knowledge store is a Curator.
func moderationCommands() []builtin {
	key := Param{Name: "key", Description: "The fact's key, as /fact and /history show it", Required: true}
	text := Param{Name: "text", Description: "One self-contained sentence, 10-500 characters, stating its period", Required: true}
	source := Param{Name: "source", Description: "Source URL (http or https), optionally followed by its title", Required: true}
	id := Param{Name: "id", Description: "The suggestion's number, as /review shows it", Required: true, Integer: true}
	figure := Param{Name: "figure", Description: "Optional: the number the text states and its unit, e.g. 3.223 USD bn; none removes it"}
	return []builtin{
		{CommandInfo{Name: "addfact", Description: "Add a fact with its source", Moderator: true, Params: []Param{
			{Name: "topic", Description: "A topic name, or new:name to start a topic", Required: true, Topic: true}, text, source,
			{Name: "period", Description: "Optional: 2024, 2024-11, FY2023-24 or 2024-07..2024-11"}, figure}}, (*Engine).addFact},
		{CommandInfo{Name: "editfact", Description: "Change a fact's text or figure (a new version)", Moderator: true, Params: []Param{key,
			{Name: "text", Description: "New text, one sentence stating its period; empty keeps the text"}, figure}}, (*Engine).editFact},
		{CommandInfo{Name: "removefact", Description: "Stop using a fact in answers (restorable)", Moderator: true, Params: []Param{key}}, (*Engine).removeFact},
		{CommandInfo{Name: "restorefact", Description: "Bring back a removed fact", Moderator: true, Params: []Param{key}}, (*Engine).restoreFact},
		{CommandInfo{Name: "fact", Description: "Show a fact with its source, version and editors", Moderator: true, Params: []Param{key}}, (*Engine).showFact},
		{CommandInfo{Name: "history", Description: "Show every version of a fact", Moderator: true, Params: []Param{key}}, (*Engine).history},
		{CommandInfo{Name: "editsource", Description: "Correct a source's title, publisher, URL or date (a new version)", Moderator: true, Params: []Param{
			{Name: "id", Description: "The source's id, as /sources shows it to moderators", Required: true},
			{Name: "field", Description: "title, publisher, url or published (its date)", Required: true, Choices: SourceFields()},
			{Name: "value", Description: "The new value; unknown clears a publisher, url or date", Required: true}}}, (*Engine).editSource},
		{CommandInfo{Name: "alias", Description: "Give a topic another name or command", Moderator: true, Params: []Param{
			{Name: "topic", Description: "The topic", Required: true, Topic: true},
			{Name: "alias", Description: "The new name: a-z, 0-9 and _", Required: true}}}, (*Engine).alias},
		{CommandInfo{Name: "suggest", Description: "Propose a fact for moderators to review", Params: []Param{text, source}}, (*Engine).suggest},
		{CommandInfo{Name: "review", Description: "List suggestions waiting for review", Moderator: true}, (*Engine).review},
		{CommandInfo{Name: "approve", Description: "Turn a suggestion into a fact", Moderator: true, Params: []Param{id}}, (*Engine).approve},
		{CommandInfo{Name: "reject", Description: "Decline a suggestion with a reason", Moderator: true, Params: []Param{id,
			{Name: "reason", Description: "Why, in a few words (the suggester sees it)", Required: true}}}, (*Engine).reject},
	}
}

// writes reports whether the moderator command name changes the
// knowledge base, as metrics count moderators' writes.
func writes(name string) bool {
	switch name {
	case "addfact", "editfact", "removefact", "restorefact", "editsource", "alias", "approve", "reject":
		return true
	}
	return false
}

// splitParams reads a command's arguments in the " | " form. Where no "|"
// is present, spaced allows "/alias exports itexports" and "/reject 3 why".
func splitParams(args string, n int, spaced bool) []string {
	var parts []string
	if spaced && !strings.Contains(args, "|") {
		parts = strings.SplitN(args, " ", n)
	} else {
		parts = strings.SplitN(args, "|", n)
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	for len(parts) < n {
		parts = append(parts, "")
	}
	return parts
}

// splitSource splits "URL optional title".
func splitSource(s string) (url, title string) {
	url, title, _ = strings.Cut(strings.TrimSpace(s), " ")
	return url, strings.TrimSpace(title)
}

func (e *Engine) curator() Curator { c, _ := e.kb.(Curator); return c }

func usageOf(c CommandInfo) string {
	u := "/" + c.Name
	for i, p := range c.Params {
		if i > 0 {
			u += " |"
		}
		if p.Required {
			u += " " + p.Name
		} else {
			u += " [" + p.Name + "]"
		}
	}
	return u
}

func (e *Engine) usage(name, example string) Reply {
	for _, b := range e.builtins {
		if b.Name == name {
			return privateText(KindError, "Usage: "+usageOf(b.CommandInfo)+"\nFor example: "+example)
		}
	}
	return privateText(KindError, "Usage: /"+name)
}

func privateText(kind ReplyKind, lines ...string) Reply {
	r := Reply{Kind: kind, Private: true}
	for _, l := range lines {
		r.Blocks = append(r.Blocks, Block{Text: l})
	}
	return r
}

// changeFailed turns a store error into a reply: user errors are shown as
// they are, anything else is logged and reported as our fault.
func (e *Engine) changeFailed(ctx context.Context, what string, err error) Reply {
	if msg, ok := UserMessage(err); ok {
		return privateText(KindError, msg)
	}
	e.logger.ErrorContext(ctx, what+" failed", "err", err)
	return privateText(KindError, "Sorry, I could not save that because of a problem on my side; nothing was changed. Please try again.")
}

func (e *Engine) addFact(ctx context.Context, req Request, args string) Reply {
	p := splitParams(args, 5, false)
	if p[0] == "" || p[1] == "" || p[2] == "" {
		return e.usage("addfact", "/addfact exports | In FY 2024-25, Pakistan's IT exports reached $3.8 billion. | https://example.com/report Annual report | FY2024-25 | 3.8 USD bn")
	}
	fig, err := ParseFigure(p[4])
	if err != nil {
		return e.changeFailed(ctx, "adding a fact", err)
	}
	url, title := splitSource(p[2])
	f, err := e.curator().AddFact(ctx, NewFact{Topic: p[0], Text: p[1], SourceURL: url, SourceTitle: title, Period: p[3], Figure: fig}, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "adding a fact", err)
	}
	return e.factCard(f, fmt.Sprintf("Added fact %s to %s. It answers questions from now on.", f.Key, f.Topic))
}

func (e *Engine) editFact(ctx context.Context, req Request, args string) Reply {
	p := splitParams(args, 3, false)
	if p[0] == "" || p[1] == "" && p[2] == "" {
		return e.usage("editfact", "/editfact it-exports-fy2023-24 | In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion. | 3.223 USD bn")
	}
	var edit FactEdit
	if p[1] != "" {
		edit.Text = &p[1]
	}
	if p[2] != "" {
		fig, err := ParseFigure(p[2])
		if err != nil {
			return e.changeFailed(ctx, "editing a fact", err)
		}
		edit.Figure = &fig
	}
	f, err := e.curator().EditFact(ctx, p[0], edit, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "editing a fact", err)
	}
	return e.factCard(f, fmt.Sprintf("Saved version %d of %s. /history %s shows every version.", f.Version, f.Key, f.Key))
}

func (e *Engine) removeFact(ctx context.Context, req Request, args string) Reply {
	if args == "" {
		return e.usage("removefact", "/removefact spotify-launch-2021-02")
	}
	f, err := e.curator().RemoveFact(ctx, args, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "removing a fact", err)
	}
	return privateText(KindInfo, fmt.Sprintf("Removed %s from answers (version %d). /restorefact %s brings it back.", f.Key, f.Version, f.Key))
}

func (e *Engine) restoreFact(ctx context.Context, req Request, args string) Reply {
	if args == "" {
		return e.usage("restorefact", "/restorefact spotify-launch-2021-02")
	}
	f, err := e.curator().RestoreFact(ctx, args, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "restoring a fact", err)
	}
	return e.factCard(f, fmt.Sprintf("Restored %s (version %d); it answers questions again.", f.Key, f.Version))
}

func (e *Engine) editSource(ctx context.Context, req Request, args string) Reply {
	p := splitParams(args, 3, false)
	if p[0] == "" || p[1] == "" || p[2] == "" {
		return e.usage("editsource", "/editsource 003_f69ff775773641d5 | url | https://chatswithfolks.com/it-ministry-plans-5g-launch-in-pakistan/")
	}
	var edit SourceEdit
	if err := edit.Set(strings.ToLower(p[1]), p[2]); err != nil {
		return e.changeFailed(ctx, "editing a source", err)
	}
	s, err := e.curator().EditSource(ctx, p[0], edit, ActorFrom(req))
	if errors.Is(err, ErrNotFound) {
		return privateText(KindError, fmt.Sprintf("I have no source %q. /sources lists every source with its id.", p[0]))
	}
	if err != nil {
		return e.changeFailed(ctx, "editing a source", err)
	}
	r := privateText(KindInfo, fmt.Sprintf("Saved version %d of source %s. Every fact citing it shows the change at once.", s.Version, s.ID))
	r.Blocks[0].Heading = true
	r.Citations = []Citation{s.Citation()}
	r.Blocks = append(r.Blocks,
		Block{Text: FormatCitation(s.Citation()), Cites: []int{1}},
		Block{Text: "Cited by " + factCount(s.FactCount) + "."})
	return r
}

// factCount says how many facts there are, in words for a sentence.
func factCount(n int) string {
	switch n {
	case 0:
		return "no facts"
	case 1:
		return "1 fact"
	}
	return fmt.Sprintf("%d facts", n)
}

func (e *Engine) showFact(ctx context.Context, _ Request, args string) Reply {
	if args == "" {
		return e.usage("fact", "/fact it-exports-fy2023-24")
	}
	f, err := e.curator().Fact(ctx, args)
	if err != nil {
		return e.changeFailed(ctx, "reading a fact", err)
	}
	status := "in use"
	if f.Removed {
		status = "removed; /restorefact " + f.Key + " brings it back"
	}
	return e.factCard(f, fmt.Sprintf("Fact %s, version %d (%s).", f.Key, f.Version, status))
}

// factCard shows a fact with its topic, period, provenance and citation.
func (e *Engine) factCard(f Fact, heading string) Reply {
	var b replyBuilder
	b.reply.Kind = KindInfo
	b.reply.Private = true
	b.add(Block{Text: heading, Heading: true})
	b.fact(f, false)
	meta := "Topic: " + f.Topic
	if p := f.Period.String(); p != "" {
		meta += ". Period: " + p
	}
	if !f.Figure.IsZero() {
		meta += ". Figure: " + f.Figure.String()
	}
	b.add(Block{Text: meta + "."})
	prov := fmt.Sprintf("Added by %s on %s", f.CreatedBy, day(f.CreatedAt))
	if f.Version > 1 {
		prov += fmt.Sprintf("; last changed by %s on %s", f.UpdatedBy, day(f.UpdatedAt))
	}
	b.add(Block{Text: prov + "."})
	return b.reply
}

func (e *Engine) history(ctx context.Context, _ Request, args string) Reply {
	if args == "" {
		return e.usage("history", "/history it-exports-fy2023-24")
	}
	versions, err := e.curator().History(ctx, args)
	if err != nil {
		return e.changeFailed(ctx, "reading history", err)
	}
	r := Reply{Kind: KindInfo, Private: true, Title: "History of " + args}
	r.Blocks = append(r.Blocks, Block{Text: fmt.Sprintf("History of %s (%d versions):", args, len(versions)), Heading: true})
	for i, v := range versions {
		var prev *Fact
		if i > 0 {
			prev = &versions[i-1].Fact
		}
		who := v.Author
		if v.Platform != "" {
			who += " on " + string(v.Platform)
		}
		r.Blocks = append(r.Blocks, Block{Item: true, Text: fmt.Sprintf("v%d, %s, %s by %s: %s", v.Fact.Version, day(v.At), v.Change, who, describeChange(prev, v.Fact))})
	}
	return r
}

// describeChange says what differs between two versions of a fact.
func describeChange(prev *Fact, cur Fact) string {
	if prev == nil {
		return "“" + cur.Text + "”"
	}
	var changes []string
	if prev.Text != cur.Text {
		changes = append(changes, "text “"+prev.Text+"” became “"+cur.Text+"”")
	}
	if prev.Topic != cur.Topic {
		changes = append(changes, "topic "+prev.Topic+" became "+cur.Topic)
	}
	if prev.Period.Raw != cur.Period.Raw {
		changes = append(changes, fmt.Sprintf("period %q became %q", prev.Period.String(), cur.Period.String()))
	}
	switch {
	case prev.Figure == cur.Figure:
	case prev.Figure.IsZero():
		changes = append(changes, "figure "+cur.Figure.String()+" recorded")
	case cur.Figure.IsZero():
		changes = append(changes, "figure "+prev.Figure.String()+" removed")
	default:
		changes = append(changes, "figure "+prev.Figure.String()+" became "+cur.Figure.String())
	}
	if prev.SourceID != cur.SourceID {
		changes = append(changes, "source "+prev.SourceID+" became "+cur.SourceID)
	}
	if !prev.Removed && cur.Removed {
		changes = append(changes, "removed from answers")
	}
	if prev.Removed && !cur.Removed {
		changes = append(changes, "restored to answers")
	}
	if len(changes) == 0 {
		return "keywords or aliases changed"
	}
	return strings.Join(changes, "; ")
}

func (e *Engine) alias(ctx context.Context, req Request, args string) Reply {
	p := splitParams(args, 2, true)
	if p[0] == "" || p[1] == "" {
		return e.usage("alias", "/alias exports itexports")
	}
	for _, b := range e.builtins {
		if b.Name == strings.ToLower(strings.TrimPrefix(p[1], "/")) {
			return privateText(KindError, fmt.Sprintf("/%s is already a command.", b.Name))
		}
	}
	if err := e.curator().AddAlias(ctx, p[0], p[1], ActorFrom(req)); err != nil {
		return e.changeFailed(ctx, "adding an alias", err)
	}
	return privateText(KindInfo, fmt.Sprintf("/%s now leads to the topic %s.", strings.ToLower(strings.TrimPrefix(p[1], "/")), strings.ToLower(p[0])))
}

func (e *Engine) suggest(ctx context.Context, req Request, args string) Reply {
	p := splitParams(args, 2, false)
	if p[0] == "" || p[1] == "" {
		return e.usage("suggest", "/suggest In 2025, Pakistan launched its first 5G services. | https://example.com/news")
	}
	url, title := splitSource(p[1])
	s, err := e.curator().Suggest(ctx, Suggestion{Text: p[0], SourceURL: url, SourceTitle: title, By: ActorFrom(req)})
	if err != nil {
		return e.changeFailed(ctx, "saving a suggestion", err)
	}
	return privateText(KindInfo, fmt.Sprintf("Thank you! Your suggestion is number %d; a moderator will review it and I will tell you the outcome.", s.ID))
}

func (e *Engine) review(ctx context.Context, _ Request, _ string) Reply {
	pending, err := e.curator().PendingSuggestions(ctx)
	if err != nil {
		return e.changeFailed(ctx, "listing suggestions", err)
	}
	if len(pending) == 0 {
		return privateText(KindInfo, "No suggestions are waiting for review.")
	}
	r := Reply{Kind: KindInfo, Private: true, Blocks: []Block{{Text: fmt.Sprintf("%d suggestions wait for review (/approve id or /reject id reason):", len(pending)), Heading: true}}}
	for _, s := range pending {
		r.Blocks = append(r.Blocks, Block{Item: true, Text: fmt.Sprintf("#%d from %s on %s: %s Source: %s", s.ID, s.By.Name, day(s.At), s.Text, s.SourceURL)})
	}
	return r
}

func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	return id, err == nil && id > 0
}

func (e *Engine) approve(ctx context.Context, req Request, args string) Reply {
	id, ok := parseID(args)
	if !ok {
		return e.usage("approve", "/approve 3")
	}
	s, f, err := e.curator().Approve(ctx, id, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "approving a suggestion", err)
	}
	e.notify(ctx, Notice{Platform: s.By.Platform, ChatID: s.By.ChatID, UserID: s.By.UserID,
		Text: fmt.Sprintf("Good news, %s: your suggestion #%d was approved by %s and is now fact %s.", s.By.Name, s.ID, s.DecidedBy, f.Key)})
	return e.factCard(f, fmt.Sprintf("Approved suggestion #%d from %s as fact %s.", s.ID, s.By.Name, f.Key))
}

func (e *Engine) reject(ctx context.Context, req Request, args string) Reply {
	p := splitParams(args, 2, true)
	id, ok := parseID(p[0])
	if !ok || p[1] == "" {
		return e.usage("reject", "/reject 3 | The source does not say this.")
	}
	s, err := e.curator().Reject(ctx, id, p[1], ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "rejecting a suggestion", err)
	}
	e.notify(ctx, Notice{Platform: s.By.Platform, ChatID: s.By.ChatID, UserID: s.By.UserID,
		Text: fmt.Sprintf("%s, your suggestion #%d was not accepted by %s: %s", s.By.Name, s.ID, s.DecidedBy, s.Reason)})
	return privateText(KindInfo, fmt.Sprintf("Rejected suggestion #%d from %s; I will tell them why.", s.ID, s.By.Name))
}
