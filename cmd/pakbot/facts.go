package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

func init() { extraCommands["facts"] = (*Main).runFacts }

const factsUsage = `Usage: pakbot facts [--db PATH] COMMAND

The operator's tools for curating facts. Every change is a new version with an
audit entry, exactly as when a moderator makes it in chat.

Commands:
  list [--json] [--removed] [--topic T]   list the facts in use (--removed: the removed ones)
  search [--json] WORDS...                the facts that best answer WORDS, best first
  show KEY                                one fact with its source, version and editors
  add --topic T --text X --source URL [--title T] [--period P] [--series S] [--value N --unit U]
                                          add a fact; it joins a series it reads like unless --series says otherwise
  edit KEY [--text X] [--period P] [--source URL [--title T]] [--topic T] [--series S] [--value N --unit U]
                                          change a fact: one new version for all the changes
                                          (--value none removes the figure)
  edit KEY TEXT...                        give a fact new text
  remove KEY                              take a fact out of answers (restorable)
  restore KEY                             bring a removed fact back
  history KEY                             every version of a fact
  conflicts                               seed updates not applied because a moderator changed the fact or source
  export                                  write everything as JSON to standard output: every version of every
                                          fact, sources, topics, aliases, audit entries and suggestions
  import FILE|-                           apply an export (- reads standard input): into an empty database it
                                          restores everything as it was; into one in use it adds what is new and
                                          never overwrites newer work; it checks everything first and writes all
                                          or nothing

Periods are written as answers print them (FY 2024-25, November 2024, July to
November 2024) or in short form (FY2024-25, 2024-11, 2024-07..2024-11).
A figure is the number the text states, for charts: --value 3.223 --unit "USD bn".
`

// Usage lines of the facts commands, shown with the mistakes made in them.
var factsCommandUsage = map[string]string{
	"list":      "pakbot facts list [--json] [--removed] [--topic T]",
	"search":    "pakbot facts search [--json] [--limit N] WORDS...",
	"show":      "pakbot facts show KEY",
	"add":       "pakbot facts add --topic T --text X --source URL [--title T] [--period P] [--series S] [--value N --unit U]",
	"edit":      "pakbot facts edit KEY [--text X] [--period P] [--source URL [--title T]] [--topic T] [--series S] [--value N --unit U], or pakbot facts edit KEY TEXT...",
	"remove":    "pakbot facts remove KEY",
	"restore":   "pakbot facts restore KEY",
	"history":   "pakbot facts history KEY",
	"conflicts": "pakbot facts conflicts",
	"export":    "pakbot facts export > backup.json",
	"import":    "pakbot facts import FILE, or pakbot facts import - < FILE",
}

// factsCommand is one facts subcommand with its parsed flags.
type factsCommand struct {
	name     string
	args     []string
	operator bot.Actor
}

func (m *Main) runFacts(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("facts", flag.ContinueOnError)
	dbPath := m.dbFlag(fs)
	fs.Usage = func() { fmt.Fprint(fs.Output(), factsUsage); fs.PrintDefaults() }
	args, err := m.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		fs.Usage()
		return flag.ErrHelp
	}
	c := factsCommand{name: args[0], args: args[1:], operator: m.operator()}
	if c.name == "help" {
		io.WriteString(m.Stdout, factsUsage)
		return nil
	}
	run, ok := map[string]func(context.Context, *string, factsCommand) error{
		"list": m.listFacts, "search": m.searchFacts, "show": m.showFact, "add": m.addFact, "edit": m.editFact,
		"remove": m.removeFact, "restore": m.removeFact, "history": m.factHistory, "conflicts": m.seedConflicts,
		"export": m.exportFacts, "import": m.importFacts,
	}[c.name]
	if !ok {
		fs.Usage()
		return usagef("unknown facts command %q", c.name)
	}
	return run(ctx, dbPath, c)
}

// flags returns a flag set for c that also takes --db, so it may follow
// the command.
func (m *Main) flags(c factsCommand, dbPath *string) *flag.FlagSet {
	fs := flag.NewFlagSet("facts "+c.name, flag.ContinueOnError)
	fs.StringVar(dbPath, "db", *dbPath, "SQLite database `path`")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n", factsCommandUsage[c.name])
		fs.PrintDefaults()
	}
	return fs
}

// misuse is a usage error for c: what was wrong, and the command's form.
func misuse(c factsCommand, format string, args ...any) error {
	return usagef("%s\nusage: %s", fmt.Sprintf(format, args...), factsCommandUsage[c.name])
}

// oneKey parses c's flags and its single KEY argument.
func (m *Main) oneKey(c factsCommand, dbPath *string) (string, error) {
	args, err := m.parseInterleaved(m.flags(c, dbPath), c.args)
	if err != nil {
		return "", err
	}
	if len(args) != 1 {
		return "", misuse(c, "give one fact key")
	}
	return args[0], nil
}

// flagNames are the flags of the fields a store error can be about.
var flagNames = map[string]string{
	bot.FieldText: "--text", bot.FieldPeriod: "--period", bot.FieldSource: "--source",
	bot.FieldTitle: "--title", bot.FieldTopic: "--topic", bot.FieldSeries: "--series",
	bot.FieldFigure: "--unit",
}

// cliError puts an error about fact key in the shell's words: the flag it
// is about and the pakbot command that helps. Other errors pass unchanged.
func cliError(c factsCommand, key string, err error) error {
	var ue *bot.UserError
	switch {
	case errors.As(err, &ue):
		msg := ue.Msg
		if name, ok := flagNames[ue.Field]; ok {
			msg = name + ": " + msg
		}
		switch ue.Next.Action {
		case bot.NextEdit:
			msg += fmt.Sprintf(" Change it with: pakbot facts edit %s --text \"…\"", ue.Next.Key)
		case bot.NextRestore:
			msg += fmt.Sprintf(" Bring it back with: pakbot facts restore %s", ue.Next.Key)
		}
		if ue.Field != "" {
			return misuse(c, "%s", msg)
		}
		return errors.New(msg)
	case errors.Is(err, bot.ErrNotFound):
		return fmt.Errorf("no fact has the key %q; pakbot facts list and pakbot facts search WORDS show the keys", key)
	}
	return err
}

func (m *Main) showFact(ctx context.Context, dbPath *string, c factsCommand) error {
	key, err := m.oneKey(c, dbPath)
	if err != nil {
		return err
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	f, err := db.Fact(ctx, key)
	if err != nil {
		return cliError(c, key, err)
	}
	m.printFact(f)
	return nil
}

func (m *Main) addFact(ctx context.Context, dbPath *string, c factsCommand) error {
	fs := m.flags(c, dbPath)
	var nf bot.NewFact
	fs.StringVar(&nf.Topic, "topic", "", "topic name or alias, or new:name to start a topic")
	fs.StringVar(&nf.Text, "text", "", "the fact: one sentence that states its period, 10-500 characters")
	fs.StringVar(&nf.SourceURL, "source", "", "source URL (http or https)")
	fs.StringVar(&nf.SourceTitle, "title", "", "source title (optional)")
	fs.StringVar(&nf.Period, "period", "", "period (optional): FY 2024-25, November 2024, 2024, July to November 2024, …")
	series := fs.String("series", "", "the series (one measure over time) it belongs to, or none; by default it joins a series it reads like")
	value := fs.String("value", "", "the number the text states, for charts (optional; with --unit)")
	unit := fs.String("unit", "", "what --value counts, such as \"USD bn\" or \"million subscribers\"")
	args, err := m.parseInterleaved(fs, c.args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return misuse(c, "unexpected %q: give the text with --text", args[0])
	}
	if nf.Figure, err = figureFlags(c, *value, *unit); err != nil {
		return err
	}
	var missing []string
	for _, req := range []struct{ flag, value string }{{"--topic", nf.Topic}, {"--text", nf.Text}, {"--source", nf.SourceURL}} {
		if strings.TrimSpace(req.value) == "" {
			missing = append(missing, req.flag)
		}
	}
	if len(missing) > 0 {
		return misuse(c, "%s %s required", strings.Join(missing, " and "), map[bool]string{true: "is", false: "are"}[len(missing) == 1])
	}
	if flagGiven(fs, "series") {
		name, err := bot.ReadSeries(*series)
		if err != nil {
			return cliError(c, "", err)
		}
		nf.Series = &name
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	f, err := db.AddFact(ctx, nf, c.operator)
	if err != nil {
		return cliError(c, "", err)
	}
	fmt.Fprintf(m.Stdout, "added %s\n", f.Key)
	if note, err := m.seriesNote(ctx, db, f); err != nil {
		return err
	} else if note != "" {
		fmt.Fprintln(m.Stdout, note)
	}
	m.printFact(f)
	return nil
}

// figureFlags reads --value and --unit, which go together; --value none
// (or neither flag) is no figure.
func figureFlags(c factsCommand, value, unit string) (bot.Figure, error) {
	value, unit = strings.TrimSpace(value), strings.TrimSpace(unit)
	if strings.EqualFold(value, "none") && unit == "" {
		return bot.Figure{}, nil
	}
	if (value == "") != (unit == "") {
		return bot.Figure{}, misuse(c, "--value and --unit go together: give both, like --value 3.223 --unit \"USD bn\" (or --value none to remove a figure)")
	}
	if value == "" {
		return bot.Figure{}, nil
	}
	v, ok := bot.ParseValue(value)
	if !ok {
		return bot.Figure{}, misuse(c, "--value %q is not a number: write it like --value 3.223 or --value 1,530 (--value none removes the figure)", value)
	}
	fig := bot.Figure{Value: v, Unit: bot.CleanText(unit)}
	if err := bot.ValidateFigure(fig); err != nil {
		return bot.Figure{}, cliError(c, "", err)
	}
	return fig, nil
}

// flagGiven reports whether the flag name was set on the command line,
// even to the empty string.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// seriesNote says where f stands in its series or, for a fact with a
// period in none, which series its topic has and how to join one, as chat
// replies do.
func (m *Main) seriesNote(ctx context.Context, db *knowledge.DB, f bot.Fact) (string, error) {
	topics, err := db.Topics(ctx)
	if err != nil {
		return "", err
	}
	title := f.Topic
	for _, t := range topics {
		if t.Name == f.Topic {
			title = t.Title
		}
	}
	if f.Series == "" {
		if f.Period.IsZero() || f.Removed {
			return "", nil
		}
		facts, err := db.TopicFacts(ctx, f.Topic)
		if err != nil {
			return "", err
		}
		names := bot.SeriesNames(facts)
		if len(names) == 0 {
			return "", nil
		}
		return bot.DescribeNoSeries(title, names) + fmt.Sprintf(" To put it in one: pakbot facts edit %s --series %s", f.Key, names[0]), nil
	}
	members, err := db.SeriesFacts(ctx, f.Series)
	if err != nil {
		return "", err
	}
	return bot.DescribeSeries(f, members, title), nil
}

func (m *Main) editFact(ctx context.Context, dbPath *string, c factsCommand) error {
	fs := m.flags(c, dbPath)
	text := fs.String("text", "", "new text: one sentence that states its period")
	period := fs.String("period", "", "new period: FY 2024-25, November 2024, 2024, … (empty: none stated)")
	source := fs.String("source", "", "new source URL (http or https)")
	title := fs.String("title", "", "title of the source given with --source, if it is new")
	topic := fs.String("topic", "", "move the fact to this topic")
	series := fs.String("series", "", "the series it belongs to, or none")
	value := fs.String("value", "", "the number the text states, for charts (with --unit), or none to remove the figure")
	unit := fs.String("unit", "", "what --value counts, such as \"USD bn\"")
	args, err := m.parseInterleaved(fs, c.args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return misuse(c, "give the key of the fact to change")
	}
	key := args[0]
	var edit bot.FactEdit
	for _, f := range []struct {
		name  string
		value *string
		field **string
	}{{"text", text, &edit.Text}, {"period", period, &edit.Period}, {"source", source, &edit.SourceURL},
		{"title", title, &edit.SourceTitle}, {"topic", topic, &edit.Topic}, {"series", series, &edit.Series}} {
		if flagGiven(fs, f.name) {
			*f.field = f.value
		}
	}
	if words := args[1:]; len(words) > 0 {
		if edit.Text != nil {
			return misuse(c, "give the new text either with --text or after the key, not both")
		}
		joined := strings.Join(words, " ")
		if bot.MistypedField(joined) != nil {
			// "period 2021-12" after the key would become the text.
			return misuse(c, "%q reads as a field, not a new text: change fields with their flags (--period P, --topic T, --value N --unit U, …); nothing was saved. A text that starts so goes with --text", joined)
		}
		edit.Text = &joined
	}
	if flagGiven(fs, "value") || flagGiven(fs, "unit") {
		fig, err := figureFlags(c, *value, *unit)
		if err != nil {
			return err
		}
		edit.Figure = &fig
	}
	if edit.IsZero() {
		return misuse(c, "say what to change: --text, --period, --source, --topic, --series or --value and --unit")
	}
	if edit.Series != nil {
		name, err := bot.ReadSeries(*edit.Series)
		if err != nil {
			return cliError(c, key, err)
		}
		edit.Series = &name
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	f, err := db.EditFact(ctx, key, edit, c.operator)
	if err != nil {
		return cliError(c, key, err)
	}
	fmt.Fprintf(m.Stdout, "saved version %d of %s\n", f.Version, f.Key)
	if edit.Series != nil || edit.Period != nil || edit.Figure != nil {
		if note, err := m.seriesNote(ctx, db, f); err != nil {
			return err
		} else if note != "" {
			fmt.Fprintln(m.Stdout, note)
		}
	}
	return nil
}

func (m *Main) removeFact(ctx context.Context, dbPath *string, c factsCommand) error {
	key, err := m.oneKey(c, dbPath)
	if err != nil {
		return err
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	change, done := db.RemoveFact, "removed"
	if c.name == "restore" {
		change, done = db.RestoreFact, "restored"
	}
	f, err := change(ctx, key, c.operator)
	if err != nil {
		return cliError(c, key, err)
	}
	fmt.Fprintf(m.Stdout, "%s %s (version %d)\n", done, f.Key, f.Version)
	return nil
}

func (m *Main) factHistory(ctx context.Context, dbPath *string, c factsCommand) error {
	key, err := m.oneKey(c, dbPath)
	if err != nil {
		return err
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	if _, err := db.Fact(ctx, key); err != nil {
		return cliError(c, key, err)
	}
	reply := bot.New(db).Handle(ctx, bot.Request{Platform: bot.Console, Text: "/history " + key, Moderator: true})
	fmt.Fprintln(m.Stdout, bot.RenderText(reply))
	return nil
}

func (m *Main) seedConflicts(ctx context.Context, dbPath *string, c factsCommand) error {
	args, err := m.parseInterleaved(m.flags(c, dbPath), c.args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return misuse(c, "unexpected %q", args[0])
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	conflicts, err := db.SeedConflicts(ctx)
	if err != nil {
		return err
	}
	if len(conflicts) == 0 {
		fmt.Fprintln(m.Stdout, "no seed conflicts")
	}
	for _, c := range conflicts {
		if c.Source != nil {
			fmt.Fprintf(m.Stdout, "source %s (since %s): the release says %q; the moderator's version was kept\n", c.Key, c.DetectedAt.Format("2006-01-02"), bot.FormatCitation(c.Source.Citation()))
			continue
		}
		fmt.Fprintf(m.Stdout, "%s (since %s): the release's text is %q; the moderator's version was kept\n", c.Key, c.DetectedAt.Format("2006-01-02"), c.SeedText)
	}
	return nil
}

func (m *Main) exportFacts(ctx context.Context, dbPath *string, c factsCommand) error {
	args, err := m.parseInterleaved(m.flags(c, dbPath), c.args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return misuse(c, "unexpected %q: export writes to standard output", args[0])
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	dump, err := db.Export(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(dump)
}

func (m *Main) importFacts(ctx context.Context, dbPath *string, c factsCommand) error {
	args, err := m.parseInterleaved(m.flags(c, dbPath), c.args)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return misuse(c, "give one file to import, or - for standard input")
	}
	name, in := args[0], m.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("cannot read import file: %w", err)
		}
		defer f.Close()
		in = f
	} else {
		name = "standard input"
	}
	var dump knowledge.Dump
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&dump); err != nil {
		return fmt.Errorf("cannot import %s: not a pakbot export: %w", name, err)
	}
	// Not seeded first: into a new database the export is restored as it
	// was, and the seeds then only add what this release has and it lacks.
	db, err := m.openUnseeded(ctx, *dbPath)
	if err != nil {
		return err
	}
	report, err := db.Import(ctx, dump, c.operator)
	if err != nil {
		return cliError(c, "", err)
	}
	if report.Restored {
		fmt.Fprintf(m.Stdout, "restored %s with %s, %s and %s\n", bot.Count(report.Added, "fact", "facts"),
			bot.Count(report.Versions, "version", "versions"), bot.Count(report.Audit, "audit entry", "audit entries"),
			bot.Count(report.Suggestions, "suggestion", "suggestions"))
	} else {
		fmt.Fprintf(m.Stdout, "imported: %d added, %d updated, %d unchanged; %s and %s added\n", report.Added, report.Updated, report.Unchanged,
			bot.Count(report.Audit, "audit entry", "audit entries"), bot.Count(report.Suggestions, "suggestion", "suggestions"))
		if len(report.Kept) > 0 {
			fmt.Fprintf(m.Stdout, "kept as they are here, with changes newer than the export's: %s\n", strings.Join(report.Kept, ", "))
		}
	}
	return m.seed(ctx, db)
}

// listedFact is a fact as `facts list --json` and `facts search --json`
// print it.
type listedFact struct {
	Key    string `json:"key"`
	Topic  string `json:"topic"`
	Text   string `json:"text"`
	Period string `json:"period"`
	Series string `json:"series"`
	// Value and Unit are the fact's figure, absent when it states none.
	Value     *float64 `json:"value,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Keywords  []string `json:"keywords"`
	Aliases   []string `json:"aliases"`
	SourceID  string   `json:"source_id"`
	SourceURL string   `json:"source_url"`
	Version   int      `json:"version"`
	Origin    string   `json:"origin"`
	Removed   bool     `json:"removed"`
	CreatedBy string   `json:"created_by"`
	CreatedAt string   `json:"created_at"`
	UpdatedBy string   `json:"updated_by"`
	UpdatedAt string   `json:"updated_at"`
	// Score and Confidence are set by search.
	Score      *float64 `json:"score,omitempty"`
	Confidence *float64 `json:"confidence,omitempty"`
}

func newListedFact(f bot.Fact) listedFact {
	var value *float64
	if !f.Figure.IsZero() {
		value = &f.Figure.Value
	}
	return listedFact{Key: f.Key, Topic: f.Topic, Text: f.Text, Period: f.Period.Raw, Series: f.Series,
		Value: value, Unit: f.Figure.Unit, Keywords: nonNil(f.Keywords), Aliases: nonNil(f.Aliases), SourceID: f.SourceID, SourceURL: f.Source.URL,
		Version: f.Version, Origin: f.Origin, Removed: f.Removed,
		CreatedBy: f.CreatedBy, CreatedAt: f.CreatedAt.UTC().Format(time.RFC3339),
		UpdatedBy: f.UpdatedBy, UpdatedAt: f.UpdatedAt.UTC().Format(time.RFC3339)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (m *Main) listFacts(ctx context.Context, dbPath *string, c factsCommand) error {
	fs := m.flags(c, dbPath)
	asJSON := fs.Bool("json", false, "print one JSON array")
	removed := fs.Bool("removed", false, "list the removed facts instead of those in use")
	topic := fs.String("topic", "", "only this topic")
	args, err := m.parseInterleaved(fs, c.args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return misuse(c, "unexpected %q (to find facts by words: pakbot facts search WORDS)", args[0])
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	if *topic != "" {
		topics, err := db.Topics(ctx)
		if err != nil {
			return err
		}
		name, err := topicNamed(topics, *topic)
		if err != nil {
			return misuse(c, "--topic: %v", err)
		}
		*topic = name
	}
	facts, err := db.ListFacts(ctx, true)
	if err != nil {
		return err
	}
	var shown []bot.Fact
	for _, f := range facts {
		if f.Removed == *removed && (*topic == "" || f.Topic == *topic) {
			shown = append(shown, f)
		}
	}
	if *asJSON {
		list := []listedFact{}
		for _, f := range shown {
			list = append(list, newListedFact(f))
		}
		return m.printJSON(list)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "KEY\tTOPIC\tPERIOD\tVERSION\tORIGIN\tTEXT")
	for _, f := range shown {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\n", f.Key, f.Topic, dash(f.Period.Raw), f.Version, f.Origin, f.Text)
	}
	return w.Flush()
}

// topicNamed finds a topic by its name or an alias; for anything else it
// says which topic was probably meant.
func topicNamed(topics []bot.Topic, name string) (string, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	var names []string
	for _, t := range topics {
		names = append(names, t.Name)
		if t.Name == want || slices.Contains(t.Aliases, want) {
			return t.Name, nil
		}
	}
	if t, ok := bot.MatchTopic(topics, want); ok {
		return "", fmt.Errorf("no topic %q; did you mean %s?", name, t.Name)
	}
	return "", fmt.Errorf("no topic %q; the topics are %s", name, strings.Join(names, ", "))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (m *Main) searchFacts(ctx context.Context, dbPath *string, c factsCommand) error {
	fs := m.flags(c, dbPath)
	asJSON := fs.Bool("json", false, "print one JSON array")
	limit := fs.Int("limit", 10, "at most this many facts")
	args, err := m.parseInterleaved(fs, c.args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return misuse(c, "give the words to search for")
	}
	if *limit < 1 {
		return misuse(c, "--limit must be at least 1")
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	hits, err := db.Search(ctx, strings.Join(args, " "), *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		list := []listedFact{}
		for _, h := range hits {
			l := newListedFact(h.Fact)
			l.Score, l.Confidence = &h.Score, &h.Confidence
			list = append(list, l)
		}
		return m.printJSON(list)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "KEY\tTOPIC\tPERIOD\tCONFIDENCE\tTEXT")
	for _, h := range hits {
		fmt.Fprintf(w, "%s\t%s\t%s\t%.2f\t%s\n", h.Fact.Key, h.Fact.Topic, dash(h.Fact.Period.Raw), h.Confidence, h.Fact.Text)
	}
	return w.Flush()
}

func (m *Main) printJSON(v any) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (m *Main) printFact(f bot.Fact) {
	fmt.Fprintf(m.Stdout, "key:       %s\ntopic:     %s\nversion:   %d\ntext:      %s\nperiod:    %s\nseries:    %s\nsource:    %s\n",
		f.Key, f.Topic, f.Version, f.Text, f.Period.String(), dash(f.Series), bot.FormatCitation(f.Source.Citation()))
	if !f.Figure.IsZero() {
		fmt.Fprintf(m.Stdout, "figure:    %s\n", f.Figure)
	}
	fmt.Fprintf(m.Stdout, "added by:  %s on %s\nchanged by: %s on %s\nremoved:   %v\n",
		f.CreatedBy, f.CreatedAt.Format("2006-01-02 15:04"), f.UpdatedBy, f.UpdatedAt.Format("2006-01-02 15:04"), f.Removed)
}

// operator is who the shell's changes are recorded as made by.
func (m *Main) operator() bot.Actor {
	operator := bot.Actor{Platform: bot.Console, ChatID: "shell", UserID: "operator", Name: "operator"}
	if u := m.Getenv("USER"); u != "" {
		operator.Name = "operator " + u
	}
	return operator
}
