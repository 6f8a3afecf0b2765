package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/internal/lazyre"
)

// Notice is a message the engine wants delivered to a user outside the
// conversation they are in, such as the outcome of their suggestion.
type Notice struct {
	// ID is set by a NoticeStore for a notice it keeps.
	ID       int64
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

// NoticeStore keeps the notices that could not be delivered until they
// are, across restarts and for every process on the same store. When the
// engine's Knowledge implements it, the engine keeps notices there;
// otherwise in memory.
type NoticeStore interface {
	SaveNotice(ctx context.Context, n Notice) error
	// WaitingNotices lists the notices waiting for a user of a platform,
	// or for all its users when userID is empty, oldest first.
	WaitingNotices(ctx context.Context, p Platform, userID string) ([]Notice, error)
	// TakeNotice removes a notice being delivered and reports whether it
	// was still there (nobody else delivered it meanwhile).
	TakeNotice(ctx context.Context, id int64) (bool, error)
}

// notices holds the notifiers and, when the knowledge store keeps none,
// the notices that could not be delivered; those are shown with the
// user's next reply instead.
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

func (e *Engine) notifier(p Platform) Notifier {
	e.notices.mu.Lock()
	defer e.notices.mu.Unlock()
	return e.notices.notifiers[p]
}

func (e *Engine) notify(ctx context.Context, n Notice) {
	if notifier := e.notifier(n.Platform); notifier != nil {
		err := notifier.Notify(ctx, n)
		if err == nil {
			return
		}
		e.logger.WarnContext(ctx, "notice not delivered; it waits for the user's next message", "platform", n.Platform, "chat", n.ChatID, "err", err)
	}
	if store, ok := e.kb.(NoticeStore); ok {
		err := store.SaveNotice(ctx, n)
		if err == nil {
			return
		}
		e.logger.ErrorContext(ctx, "cannot keep a notice; it waits in memory only", "platform", n.Platform, "chat", n.ChatID, "err", err)
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
func (e *Engine) takeNotices(ctx context.Context, req Request) []string {
	e.notices.mu.Lock()
	k := string(req.Platform) + "\x00" + req.UserID
	texts := e.notices.waiting[k]
	delete(e.notices.waiting, k)
	e.notices.mu.Unlock()
	store, ok := e.kb.(NoticeStore)
	if !ok || req.UserID == "" {
		return texts
	}
	waiting, err := store.WaitingNotices(ctx, req.Platform, req.UserID)
	if err != nil {
		e.logger.ErrorContext(ctx, "cannot read waiting notices", "platform", req.Platform, "err", err)
		return texts
	}
	for _, n := range waiting {
		if taken, err := store.TakeNotice(ctx, n.ID); err != nil {
			e.logger.ErrorContext(ctx, "cannot mark a notice delivered", "platform", req.Platform, "err", err)
		} else if taken {
			texts = append(texts, n.Text)
		}
	}
	return texts
}

// DeliverWaitingNotices tries again to deliver the notices kept for users
// of platform p, through its notifier; the ones that still cannot be
// delivered keep waiting. Platforms call it once they are connected.
func (e *Engine) DeliverWaitingNotices(ctx context.Context, p Platform) {
	store, ok := e.kb.(NoticeStore)
	notifier := e.notifier(p)
	if !ok || notifier == nil {
		return
	}
	waiting, err := store.WaitingNotices(ctx, p, "")
	if err != nil {
		e.logger.ErrorContext(ctx, "cannot read waiting notices", "platform", p, "err", err)
		return
	}
	for _, n := range waiting {
		// Taken first, so that another process delivering at the same
		// time cannot deliver it too; put back if it fails again.
		taken, err := store.TakeNotice(ctx, n.ID)
		if err != nil {
			e.logger.ErrorContext(ctx, "cannot take a waiting notice", "platform", p, "err", err)
			return
		}
		if !taken {
			continue
		}
		if err := notifier.Notify(ctx, n); err != nil {
			e.logger.WarnContext(ctx, "notice still not delivered; it keeps waiting", "platform", p, "chat", n.ChatID, "err", err)
			if err := store.SaveNotice(ctx, n); err != nil {
				e.logger.ErrorContext(ctx, "cannot keep a notice", "platform", p, "chat", n.ChatID, "err", err)
			}
		}
	}
}

// newFactParams are the fields of a new fact, as /addfact and /missfact
// take them (see readNewFact).
func newFactParams() []Param {
	return []Param{
		{Name: "topic", Description: "A topic name, or new:name to start a topic", Required: true, Topic: true},
		{Name: "text", Description: "One self-contained sentence, 10-500 characters, stating its period", Required: true},
		{Name: "source", Description: "Source URL (http or https), optionally followed by its title", Required: true},
		{Name: "period", Description: "Optional: 2024, November 2024, FY 2024-25 or July to November 2024", Named: true},
		{Name: "series", Description: "Optional: the measure it reports over time, e.g. it-exports-annual (none: no series)", Named: true},
		{Name: "figure", Description: "Optional: the number the text states and its unit, e.g. 3.223 USD bn (none: no figure)", Named: true},
	}
}

// moderationCommands are available when the knowledge store is a Curator.
func moderationCommands() []builtin {
	key := Param{Name: "key", Description: "The fact's key, as /fact and /history show it", Required: true}
	text := Param{Name: "text", Description: "One self-contained sentence, 10-500 characters, stating its period", Required: true}
	source := Param{Name: "source", Description: "Source URL (http or https), optionally followed by its title", Required: true}
	id := Param{Name: "id", Description: "The suggestion's number, as /review shows it", Required: true, Integer: true}
	return []builtin{
		{CommandInfo{Name: "addfact", Description: "Add a fact with its source", Moderator: true, Params: newFactParams()}, (*Engine).addFact},
		{CommandInfo{Name: "editfact", Description: "Change a fact's text, period, source, topic, series or figure (a new version)", Moderator: true, Params: []Param{key,
			{Name: "text", Description: "New text: one self-contained sentence, 10-500 characters", Named: true},
			{Name: "period", Description: "New period: 2024, November 2024, FY 2024-25 or July to November 2024", Named: true},
			{Name: "source", Description: "New source URL (http or https), optionally followed by its title", Named: true},
			{Name: "topic", Description: "Move it to this topic", Named: true, Topic: true},
			{Name: "series", Description: "The series it belongs to, e.g. it-exports-annual (none: no series)", Named: true},
			{Name: "figure", Description: "The number the text states and its unit, e.g. 3.223 USD bn (none: no figure)", Named: true}}}, (*Engine).editFact},
		{CommandInfo{Name: "removefact", Description: "Stop using a fact in answers (restorable)", Moderator: true, Params: []Param{key}}, (*Engine).removeFact},
		{CommandInfo{Name: "restorefact", Description: "Bring back a removed fact, or an earlier version: key v2", Moderator: true, Params: []Param{key}}, (*Engine).restoreFact},
		{CommandInfo{Name: "fact", Description: "Show a fact with its source, version and editors", Moderator: true, Params: []Param{key}}, (*Engine).showFact},
		{CommandInfo{Name: "history", Description: "Show every version of a fact", Moderator: true, Params: []Param{key}}, (*Engine).history},
		{CommandInfo{Name: "editsource", Description: "Correct a source's title, publisher, URL or date (a new version)", Moderator: true, Params: []Param{
			{Name: "id", Description: "The source's id, as /sources shows it to moderators", Required: true},
			{Name: "field", Description: "title, publisher, url or published (its date)", Required: true, Choices: SourceFields()},
			{Name: "value", Description: "The new value; unknown clears a publisher, url or date", Required: true}}}, (*Engine).editSource},
		{CommandInfo{Name: "alias", Description: "Give a topic another name or command", Moderator: true, Params: []Param{
			{Name: "topic", Description: "The topic", Required: true, Topic: true},
			{Name: "alias", Description: "The new name: a-z, 0-9 and _", Required: true}}}, (*Engine).alias},
		{CommandInfo{Name: "removealias", Description: "Take away a name /alias gave a topic", Moderator: true, Params: []Param{
			{Name: "alias", Description: "The name to take away", Required: true}}}, (*Engine).removeAlias},
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
	case "addfact", "editfact", "removefact", "restorefact", "editsource", "alias", "removealias", "approve", "reject", "synonym", "removesynonym",
		"attach", "dismiss", "missfact":
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

// splitFields reads " | "-separated arguments in which some parameters may
// be given by name ("period: FY2024-25"). It returns the named values of
// the parameters in names and, in order, the other non-empty parts.
func splitFields(args string, names ...string) (named map[string]string, rest []string) {
	named = map[string]string{}
	for _, part := range strings.Split(args, "|") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if name, value, ok := strings.Cut(part, ":"); ok {
			name = strings.ToLower(strings.TrimSpace(name))
			if slices.Contains(names, name) {
				named[name] = strings.TrimSpace(value)
				continue
			}
		}
		rest = append(rest, part)
	}
	return named, rest
}

// cleanKey trims what a copied key brings along: the full stop of the
// sentence it ended ("…already have: it-exports-fy2023-24."), quotes and
// Discord's code backticks.
func cleanKey(key string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(key), "`'\"“”‘’.,;:()[]<>")) // keys are lower case
}

// keyFailed is changeFailed for a command given a fact's key: a key no fact
// has gets the facts it most likely meant, found by its words ("/fact
// samsung production 2021", a key with a typo), each with its key.
func (e *Engine) keyFailed(ctx context.Context, what, key string, err error) Reply {
	if !errors.Is(err, ErrNotFound) {
		return e.changeFailed(ctx, what, err)
	}
	msg := fmt.Sprintf("I have no fact with the key %q.", key)
	hits, serr := e.kb.Search(ctx, strings.NewReplacer("-", " ", "_", " ").Replace(key), 3)
	if serr != nil || len(hits) == 0 {
		return privateText(KindError, msg+" Keys look like it-exports-fy2023-24; every fact card (/fact) and /history shows one.")
	}
	r := privateText(KindError, msg+" Did you mean one of these?")
	for _, h := range hits {
		text := h.Fact.Text
		if utf8.RuneCountInString(text) > 80 {
			text = string([]rune(text)[:80]) + "…"
		}
		r.Blocks = append(r.Blocks, Block{Item: true, Text: h.Fact.Key + ": " + text})
	}
	return r
}

// editFields are the fields /editfact changes by name.
var editFields = []string{FieldText, FieldPeriod, FieldSource, FieldTopic, FieldSeries, FieldFigure}

// MistypedField returns an error for a new text that is more likely a
// field the moderator meant to change: a label that is no field ("year:
// FY 2023-24", "url: https://…"), or a field without its colon ("period
// 2021-12"). Saved as the text, it would replace the fact's sentence in
// every answer at once. A text that really starts so is given as
// "text: …".
func MistypedField(text string) error {
	text = strings.TrimSpace(text)
	if label, _, ok := strings.Cut(text, ":"); ok && isLabel(label) {
		return Userf("%q is not a field I can change; the fields are %s, as in | period: FY 2023-24. Nothing was saved. To make this the fact's text, write text: before it.",
			strings.TrimSpace(label), strings.Join(editFields, ", "))
	}
	if words := strings.Fields(text); len(words) >= 2 && len(words) <= 4 && slices.Contains(editFields, strings.ToLower(words[0])) {
		return Userf("Did you mean %s: %s? Nothing was saved. To make %q the fact's text, write text: before it.",
			strings.ToLower(words[0]), strings.Join(words[1:], " "), text)
	}
	return nil
}

// isLabel reports whether s, before a colon, reads as a field's label:
// one or two words of letters ("year", "source url").
func isLabel(s string) bool {
	words := strings.Fields(s)
	return len(words) >= 1 && len(words) <= 2 && len(s) <= 20 && !slices.ContainsFunc(words, func(w string) bool {
		return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0
	})
}

// fieldInValue finds a field written inside another's value with a
// comma or a semicolon where a | belongs: "figure: 278 players, period:
// 2021-11".
var fieldInValue = lazyre.New(`(?i)[,;]\s*(?:text|period|source|topic|series|figure|title)\s*:`)

// checkValues returns an error for a named value that holds another field.
func checkValues(named map[string]string) error {
	for _, name := range editFields {
		if loc := fieldInValue().FindStringIndex(named[name]); loc != nil {
			v := named[name]
			return Userf("Separate fields with |, not %q: %s: %s | %s. Nothing was saved.", v[loc[0]:loc[0]+1],
				name, strings.TrimSpace(v[:loc[0]]), strings.TrimSpace(v[loc[0]+1:]))
		}
	}
	return nil
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
		name := p.Name
		if p.Named {
			name += ": …"
		}
		if p.Required {
			u += " " + name
		} else {
			u += " [" + name + "]"
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

// readNewFact reads a new fact's fields (see newFactParams): topic | text
// | source [| period [| series]], with period, series and figure also by
// name ("figure: 3.8 USD bn"). It reports false when the number of fields
// is wrong, and an error for a series or figure that cannot be read.
func readNewFact(args string) (NewFact, bool, error) {
	named, rest := splitFields(args, FieldPeriod, FieldSeries, FieldFigure)
	if len(rest) < 3 || len(rest) > 5 {
		return NewFact{}, false, nil
	}
	if err := checkValues(named); err != nil {
		return NewFact{}, true, err
	}
	url, title := splitSource(rest[2])
	nf := NewFact{Topic: rest[0], Text: rest[1], SourceURL: url, SourceTitle: title}
	if len(rest) > 3 {
		nf.Period = rest[3]
	}
	if p, ok := named[FieldPeriod]; ok {
		nf.Period = p
	}
	series, given := named[FieldSeries]
	if len(rest) > 4 {
		series, given = rest[4], true
	}
	if given {
		name, err := ReadSeries(series)
		if err != nil {
			return NewFact{}, true, err
		}
		nf.Series = &name
	}
	fig, err := ParseFigure(named[FieldFigure])
	if err != nil {
		return NewFact{}, true, err
	}
	nf.Figure = fig
	return nf, true, nil
}

func (e *Engine) addFact(ctx context.Context, req Request, args string) Reply {
	nf, ok, err := readNewFact(args)
	if !ok {
		return e.usage("addfact", "/addfact exports | In FY 2024-25, Pakistan's IT exports reached $3.8 billion. | https://example.com/report Annual report | FY 2024-25 | figure: 3.8 USD bn")
	}
	if err != nil {
		return e.changeFailed(ctx, "adding a fact", err)
	}
	f, err := e.curator().AddFact(ctx, nf, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "adding a fact", err)
	}
	heading := fmt.Sprintf("Added fact %s to %s. It answers questions from now on.", f.Key, f.Topic)
	if note := e.seriesNote(ctx, f); note != "" {
		heading += " " + note
	}
	return e.factCard(f, heading)
}

func (e *Engine) editFact(ctx context.Context, req Request, args string) Reply {
	key, args, _ := strings.Cut(args, "|")
	key = cleanKey(key)
	named, rest := splitFields(args, FieldText, FieldPeriod, FieldSource, FieldTopic, FieldSeries, FieldFigure)
	if len(rest) == 1 && named[FieldText] == "" {
		if err := MistypedField(rest[0]); err != nil {
			return e.changeFailed(ctx, "editing a fact", err)
		}
		named[FieldText] = rest[0] // the text form: /editfact key | text
		rest = nil
	}
	if key == "" || len(rest) > 0 || len(named) == 0 {
		return e.usage("editfact", "/editfact it-exports-fy2023-24 | In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion.\nOr change other fields by name: /editfact it-exports-fy2023-24 | period: FY 2023-24 | series: it-exports-annual | figure: 3.223 USD bn")
	}
	if err := checkValues(named); err != nil {
		return e.changeFailed(ctx, "editing a fact", err)
	}
	var edit FactEdit
	for name, value := range named {
		value := value
		switch name {
		case FieldText:
			edit.Text = &value
		case FieldPeriod:
			edit.Period = &value
		case FieldSource:
			url, title := splitSource(value)
			edit.SourceURL = &url
			if title != "" {
				edit.SourceTitle = &title
			}
		case FieldTopic:
			edit.Topic = &value
		case FieldSeries:
			series, err := ReadSeries(value)
			if err != nil {
				return e.changeFailed(ctx, "editing a fact", err)
			}
			edit.Series = &series
		case FieldFigure:
			fig, err := ParseFigure(value)
			if err != nil {
				return e.changeFailed(ctx, "editing a fact", err)
			}
			edit.Figure = &fig
		}
	}
	f, err := e.curator().EditFact(ctx, key, edit, ActorFrom(req))
	if err != nil {
		return e.keyFailed(ctx, "editing a fact", key, err)
	}
	heading := fmt.Sprintf("Saved version %d of %s. /history %s shows every version.", f.Version, f.Key, f.Key)
	if edit.Series != nil || edit.Period != nil || edit.Figure != nil {
		// Where the fact stands in its series, and whether its figure's
		// unit or its period clash with another's there.
		if note := e.seriesNote(ctx, f); note != "" {
			heading += " " + note
		}
	}
	return e.factCard(f, heading)
}

// seriesNote says where f stands in its series or, for a fact with a
// period in none, which series its topic has and how to join one.
func (e *Engine) seriesNote(ctx context.Context, f Fact) string {
	title := f.Topic
	if topics, err := e.kb.Topics(ctx); err == nil {
		for _, t := range topics {
			if t.Name == f.Topic {
				title = t.Title
			}
		}
	}
	if f.Series == "" {
		if f.Period.IsZero() || f.Removed {
			return ""
		}
		facts, err := e.kb.TopicFacts(ctx, f.Topic)
		if err != nil {
			e.logger.ErrorContext(ctx, "listing topic facts failed", "topic", f.Topic, "err", err)
			return ""
		}
		names := SeriesNames(facts)
		if len(names) == 0 {
			return ""
		}
		return DescribeNoSeries(title, names) + fmt.Sprintf(" To put it in one: /editfact %s | series: %s.", f.Key, names[0])
	}
	members, err := e.kb.SeriesFacts(ctx, f.Series)
	if err != nil {
		e.logger.ErrorContext(ctx, "series lookup failed", "series", f.Series, "err", err)
		return ""
	}
	if slices.ContainsFunc(members, func(m Fact) bool { return m.Topic != f.Topic }) {
		// A series of another topic's measure is named for itself, not
		// for this fact's topic.
		title = seriesTitle(f.Series, members)
	}
	return DescribeSeries(f, members, title)
}

// SeriesNames lists the distinct series of facts, in their order.
func SeriesNames(facts []Fact) []string {
	var names []string
	for _, f := range facts {
		if f.Series != "" && !slices.Contains(names, f.Series) {
			names = append(names, f.Series)
		}
	}
	return names
}

// DescribeNoSeries says that a fact is in no series while its topic,
// titled title, has the series names.
func DescribeNoSeries(title string, names []string) string {
	list := names[len(names)-1]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " and " + list
	}
	return fmt.Sprintf("It is in no series; %s has the series %s.", title, list)
}

// DescribeSeries says where f stands among the members of its series
// (newest first, f among them), which reports the measure titled title:
// "It joins IT exports: now the newest of 3 periods (series
// it-exports-annual)."
func DescribeSeries(f Fact, members []Fact, title string) string {
	if f.Series == "" || f.Removed {
		return ""
	}
	periods := map[string]bool{}
	for _, m := range members {
		periods[m.Period.Raw] = true
	}
	if len(members) <= 1 {
		return fmt.Sprintf("It starts the series %s; no other period yet.", f.Series)
	}
	n := Count(len(periods), "period", "periods")
	var joins string
	switch newest := members[0].Period.String(); {
	case members[0].Key == f.Key:
		joins = fmt.Sprintf("It joins %s: now the newest of %s (series %s).", title, n, f.Series)
	case newest == "":
		joins = fmt.Sprintf("It joins %s, one of %s (series %s).", title, n, f.Series)
	default:
		joins = fmt.Sprintf("It joins %s, one of %s; the newest is %s (series %s).", title, n, newest, f.Series)
	}
	if unit := otherUnit(f, members); unit != "" {
		// A chart draws the figures of one unit: one in another drops
		// out of the series' chart, or makes a chart of its own. Which
		// of them is wrong only the moderator can tell.
		joins += fmt.Sprintf(" Its figure is in %s, and others of the series are in %s: a chart draws one unit, so give them all the same.", f.Figure.Unit, unit)
	}
	for _, m := range members {
		if m.Key != f.Key && m.Period.Raw == f.Period.Raw && !f.Period.IsZero() {
			// Two points of one period: the chart cannot tell which.
			joins += fmt.Sprintf(" %s has the same period, %s: a series has one fact a period.", m.Key, f.Period)
			break
		}
	}
	return joins
}

// otherUnit is the unit most of the other figures of f's series are in,
// when f's figure is in another one; "" otherwise.
func otherUnit(f Fact, members []Fact) string {
	if f.Figure.IsZero() {
		return ""
	}
	count := map[string]int{}
	best := ""
	for _, m := range members {
		if m.Key == f.Key || m.Figure.IsZero() {
			continue
		}
		count[m.Figure.Unit]++
		if best == "" || count[m.Figure.Unit] > count[best] {
			best = m.Figure.Unit
		}
	}
	if best == "" || best == f.Figure.Unit {
		return ""
	}
	return best
}

func (e *Engine) removeFact(ctx context.Context, req Request, args string) Reply {
	// "/removefact key | figure not confirmed": a reason after the key
	// is for the people in the chat.
	key, _, _ := strings.Cut(args, "|")
	if key = cleanKey(key); key == "" {
		return e.usage("removefact", "/removefact spotify-launch-2021-02")
	}
	f, err := e.curator().RemoveFact(ctx, key, ActorFrom(req))
	if err != nil {
		return e.keyFailed(ctx, "removing a fact", key, err)
	}
	// The card shows what was removed, so that a wrong key is noticed.
	return e.factCard(f, fmt.Sprintf("Removed %s from answers (version %d). /restorefact %s brings it back.", f.Key, f.Version, f.Key))
}

// restoreFact brings back a removed fact, or with a version after the key
// ("/restorefact key v2") makes that version's text, period, source,
// topic, series and figure the fact's again, as a new version: a bad edit
// is undone in one step.
func (e *Engine) restoreFact(ctx context.Context, req Request, args string) Reply {
	key, version, hasVersion := readKeyVersion(args)
	if key == "" || hasVersion && version < 1 {
		return e.usage("restorefact", "/restorefact spotify-launch-2021-02\nOr bring back an earlier version: /restorefact spotify-launch-2021-02 v2 (/history shows them)")
	}
	if !hasVersion {
		f, err := e.curator().RestoreFact(ctx, key, ActorFrom(req))
		if err != nil {
			return e.keyFailed(ctx, "restoring a fact", key, err)
		}
		return e.factCard(f, fmt.Sprintf("Restored %s (version %d); it answers questions again.", f.Key, f.Version))
	}
	versions, err := e.curator().History(ctx, key)
	if err != nil {
		return e.keyFailed(ctx, "restoring a fact", key, err)
	}
	i := slices.IndexFunc(versions, func(v Version) bool { return v.Fact.Version == version })
	if i < 0 {
		return privateText(KindError, fmt.Sprintf("%s has no version %d; /history %s shows its versions.", key, version, key))
	}
	old := versions[i].Fact
	cur, err := e.curator().Fact(ctx, key)
	if err != nil {
		return e.changeFailed(ctx, "restoring a fact", err)
	}
	if cur.Removed {
		if cur, err = e.curator().RestoreFact(ctx, key, ActorFrom(req)); err != nil {
			return e.changeFailed(ctx, "restoring a fact", err)
		}
	}
	edit := editBackTo(cur, old)
	if edit.IsZero() {
		return e.factCard(cur, fmt.Sprintf("%s is as it was in version %d; nothing changed.", key, version))
	}
	f, err := e.curator().EditFact(ctx, key, edit, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "restoring a fact", err)
	}
	return e.factCard(f, fmt.Sprintf("Saved version %d of %s: back to version %d. /history %s shows every version.", f.Version, f.Key, version, f.Key))
}

// readKeyVersion reads "key", "key v2" or "key 2".
func readKeyVersion(args string) (key string, version int, hasVersion bool) {
	fields := strings.Fields(strings.ReplaceAll(args, "|", " "))
	if len(fields) == 0 {
		return "", 0, false
	}
	fields[0] = cleanKey(fields[0])
	if len(fields) == 1 {
		return fields[0], 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(fields[1]), "v"))
	if err != nil || len(fields) > 2 {
		return "", 0, true
	}
	return fields[0], n, true
}

// editBackTo is the edit that makes cur what old was, field by field.
func editBackTo(cur, old Fact) FactEdit {
	var edit FactEdit
	if old.Text != cur.Text {
		edit.Text = &old.Text
	}
	if old.Period.Raw != cur.Period.Raw {
		edit.Period = &old.Period.Raw
	}
	if old.Source.URL != cur.Source.URL && old.Source.URL != "" {
		edit.SourceURL = &old.Source.URL
		if old.Source.Title != "" {
			edit.SourceTitle = &old.Source.Title
		}
	}
	if old.Topic != cur.Topic {
		edit.Topic = &old.Topic
	}
	if old.Series != cur.Series {
		edit.Series = &old.Series
	}
	if old.Figure != cur.Figure {
		edit.Figure = &old.Figure
	}
	return edit
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
	key := cleanKey(args)
	if key == "" {
		return e.usage("fact", "/fact it-exports-fy2023-24")
	}
	f, err := e.curator().Fact(ctx, key)
	if err != nil {
		return e.keyFailed(ctx, "reading a fact", key, err)
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
	args = cleanKey(args)
	if args == "" {
		return e.usage("history", "/history it-exports-fy2023-24")
	}
	versions, err := e.curator().History(ctx, args)
	if err != nil {
		return e.keyFailed(ctx, "reading history", args, err)
	}
	r := Reply{Kind: KindInfo, Private: true, Title: "History of " + args}
	r.Blocks = append(r.Blocks, Block{Text: fmt.Sprintf("History of %s (%s):", args, Count(len(versions), "version", "versions")), Heading: true})
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
	if prev.Series != cur.Series {
		changes = append(changes, fmt.Sprintf("series %q became %q", prev.Series, cur.Series))
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

func (e *Engine) removeAlias(ctx context.Context, req Request, args string) Reply {
	alias := strings.TrimSpace(args)
	if alias == "" {
		return e.usage("removealias", "/removealias itexports")
	}
	topic, err := e.curator().RemoveAlias(ctx, alias, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "removing an alias", err)
	}
	name := strings.ToLower(strings.TrimPrefix(alias, "/"))
	return privateText(KindInfo, fmt.Sprintf("/%s no longer leads to the topic %s. /alias %s %s gives it back.", name, topic, topic, name))
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
	waits := Count(len(pending), "suggestion waits", "suggestions wait")
	r := Reply{Kind: KindInfo, Private: true, Blocks: []Block{{Text: waits + " for review (/approve id or /reject id reason):", Heading: true}}}
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
