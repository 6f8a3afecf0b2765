package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

func init() {
	extraCommands["misses"] = (*Main).runMisses
	extraCommands["stats"] = (*Main).runStats
}

const missesUsage = `Usage: pakbot misses [--db PATH] [--json]
       pakbot misses [--db PATH] dismiss ID
       pakbot misses [--db PATH] alias ID FACT_KEY

The questions people asked and did not get: declined, answered with "did
you mean", or answered and voted 👎. Questions that ask the same thing in
different words are one group, numbered for good, listed by how often and
how recently they were asked. As moderators do in chat with /misses:

  dismiss ID          hide a group until someone asks it again
  alias ID FACT_KEY   add the group's questions to the fact's aliases (a new
                      version), so they are answered with it next time
`

// missJSON is one group of `pakbot misses --json`, a contract other tools
// read: id, question, count, last_asked and reasons are stable.
type missJSON struct {
	ID        int64    `json:"id"`
	Question  string   `json:"question"`
	Count     int      `json:"count"`
	LastAsked string   `json:"last_asked"`
	Reasons   []string `json:"reasons"`
	Variants  []string `json:"variants"`
	Downvotes int      `json:"downvotes"`
}

func newMissJSON(miss bot.Miss) missJSON {
	j := missJSON{ID: miss.ID, Question: miss.Question, Count: miss.Count, LastAsked: miss.LastAsked.UTC().Format(time.RFC3339),
		Reasons: []string{}, Variants: append([]string{}, miss.Variants...), Downvotes: miss.Downvotes}
	for _, r := range miss.Reasons {
		j.Reasons = append(j.Reasons, string(r))
	}
	return j
}

func (m *Main) runMisses(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("misses", flag.ContinueOnError)
	dbPath := m.dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON array")
	fs.Usage = func() { fmt.Fprint(fs.Output(), missesUsage); fs.PrintDefaults() }
	args, err := m.parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(args) > 0 && args[0] == "help" {
		fmt.Fprint(m.Stdout, missesUsage)
		return nil
	}
	if len(args) > 0 && *asJSON {
		return usagef("--json goes with the list only, not with %s\n%s", args[0], missesUsage)
	}
	var run func(context.Context, *knowledge.DB) error
	switch {
	case len(args) == 0:
		run = func(ctx context.Context, db *knowledge.DB) error { return m.listMisses(ctx, db, *asJSON) }
	case args[0] == "dismiss" && len(args) == 2:
		id, err := missArg(args[1])
		if err != nil {
			return err
		}
		run = func(ctx context.Context, db *knowledge.DB) error { return m.dismissMiss(ctx, db, id) }
	case args[0] == "alias" && len(args) == 3:
		id, err := missArg(args[1])
		if err != nil {
			return err
		}
		run = func(ctx context.Context, db *knowledge.DB) error { return m.aliasMiss(ctx, db, id, args[2]) }
	case args[0] == "dismiss" || args[0] == "alias":
		return usagef("misses %s takes %s\n%s", args[0], map[string]string{"dismiss": "one ID", "alias": "an ID and a FACT_KEY"}[args[0]], missesUsage)
	default:
		return usagef("unknown misses command %q\n%s", args[0], missesUsage)
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	return run(ctx, db)
}

// missArg reads a group's number, as pakbot misses shows it.
func missArg(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%q is not the number of a missed question; pakbot misses lists them\n%s", s, missesUsage)
	}
	return id, nil
}

func (m *Main) listMisses(ctx context.Context, db *knowledge.DB, asJSON bool) error {
	list, err := db.Misses(ctx, bot.MissQuery{})
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]missJSON, 0, len(list))
		for _, miss := range list {
			out = append(out, newMissJSON(miss))
		}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "no missed questions")
		return nil
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tCOUNT\tLAST ASKED\tREASONS\tQUESTION")
	for _, miss := range list {
		var reasons []string
		for _, r := range miss.Reasons {
			reasons = append(reasons, string(r))
		}
		question := miss.Question
		if len(miss.Variants) > 0 {
			question += " (also: " + strings.Join(miss.Variants, "; ") + ")"
		}
		fmt.Fprintf(w, "%d\t%d\t%s\t%s\t%s\n", miss.ID, miss.Count, miss.LastAsked.UTC().Format("2006-01-02 15:04"), strings.Join(reasons, ","), question)
	}
	return w.Flush()
}

// openMiss returns group id, refusing one with nothing open.
func openMiss(ctx context.Context, db *knowledge.DB, id int64) (bot.Miss, error) {
	miss, closed, err := db.Miss(ctx, id)
	if errors.Is(err, bot.ErrNotFound) {
		return miss, fmt.Errorf("no missed question has the number %d; pakbot misses lists them", id)
	}
	if err != nil {
		return miss, err
	}
	if miss.Count == 0 {
		switch closed.Action {
		case "dismiss":
			return miss, fmt.Errorf("missed question %d was dismissed by %s on %s, and nobody has asked it since", id, closed.By, closed.At.UTC().Format("2006-01-02"))
		case "alias":
			return miss, fmt.Errorf("missed question %d was attached to %s by %s on %s, and nobody has missed it since", id, closed.FactKey, closed.By, closed.At.UTC().Format("2006-01-02"))
		}
		return miss, fmt.Errorf("missed question %d has nothing open", id)
	}
	return miss, nil
}

func (m *Main) dismissMiss(ctx context.Context, db *knowledge.DB, id int64) error {
	if _, err := openMiss(ctx, db, id); err != nil {
		return err
	}
	miss, err := db.DismissMiss(ctx, id, m.operator())
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "dismissed %d %q; it shows again if someone asks it again\n", miss.ID, miss.Question)
	return nil
}

func (m *Main) aliasMiss(ctx context.Context, db *knowledge.DB, id int64, key string) error {
	if _, err := openMiss(ctx, db, id); err != nil {
		return err
	}
	miss, f, err := db.AttachMiss(ctx, id, key, m.operator())
	var ue *bot.UserError
	switch {
	case errors.As(err, &ue):
		if ue.Next.Action == bot.NextRestore {
			return fmt.Errorf("%s Bring it back first with: pakbot facts restore %s", ue.Msg, ue.Next.Key)
		}
		return errors.New(ue.Msg)
	case errors.Is(err, bot.ErrNotFound):
		return fmt.Errorf("no fact has the key %q; pakbot facts search WORDS shows the keys", key)
	case err != nil:
		return err
	}
	fmt.Fprintf(m.Stdout, "attached %d %q to %s (version %d)\n", miss.ID, miss.Question, f.Key, f.Version)
	hits, err := db.Search(ctx, miss.Question, 1)
	if err != nil {
		return err
	}
	switch {
	case len(hits) > 0 && hits[0].Fact.Key == f.Key && hits[0].Confidence >= bot.DefaultMinConfidence:
		fmt.Fprintln(m.Stdout, "the question is answered with it from now on")
	case len(hits) > 0 && hits[0].Confidence >= bot.DefaultMinConfidence:
		fmt.Fprintf(m.Stdout, "the question is answered from now on, with %s, which fits it better\n", hits[0].Fact.Key)
	default:
		fmt.Fprintln(m.Stdout, "note: the question is still not answered with it: it asks for something the fact does not say; add a fact for it with pakbot facts add")
	}
	return nil
}

const statsUsage = `Usage: pakbot stats [--db PATH] [--json] [--days N]

What the question log says: questions asked, how many were answered,
declined or answered with "did you mean", 👍 and 👎, the facts and topics
answers led with, the most missed questions, and the answer rate week by
week. Without --days it shows the last 7 and 30 days; --json prints one
object for --days (default 30).
`

// statsJSON is `pakbot stats --json`, a contract other tools read: days,
// questions, answered, declined, up, down and top_facts are stable.
type statsJSON struct {
	Days       int            `json:"days"`
	From       string         `json:"from"`
	To         string         `json:"to"`
	Questions  int            `json:"questions"`
	Answered   int            `json:"answered"`
	Declined   int            `json:"declined"`
	DidYouMean int            `json:"did_you_mean"`
	AnswerRate float64        `json:"answer_rate"`
	Up         int            `json:"up"`
	Down       int            `json:"down"`
	TopFacts   []keyCountJSON `json:"top_facts"`
	TopTopics  []keyCountJSON `json:"top_topics"`
	TopMisses  []missJSON     `json:"top_misses"`
	Weeks      []weekJSON     `json:"weeks"`
}

type keyCountJSON struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

type weekJSON struct {
	From       string  `json:"from"`
	To         string  `json:"to"`
	Questions  int     `json:"questions"`
	Answered   int     `json:"answered"`
	AnswerRate float64 `json:"answer_rate"`
}

func keyCounts(list []bot.KeyCount) []keyCountJSON {
	out := make([]keyCountJSON, 0, len(list))
	for _, kc := range list {
		out = append(out, keyCountJSON(kc))
	}
	return out
}

func (m *Main) runStats(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	dbPath := m.dbFlag(fs)
	asJSON := fs.Bool("json", false, "print one JSON object")
	days := fs.Int("days", 0, "the `number` of days up to now to sum up (default: 7 and 30; 30 with --json)")
	fs.Usage = func() { fmt.Fprint(fs.Output(), statsUsage); fs.PrintDefaults() }
	rest, err := m.parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected %q\n%s", rest[0], statsUsage)
	}
	if flagGiven(fs, "days") && (*days < 1 || *days > 3650) {
		return usagef("--days: %d is not a number of days from 1 to 3650", *days)
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	now := time.Now()
	periods := []int{7, 30}
	if *days > 0 {
		periods = []int{*days}
	} else if *asJSON {
		periods = []int{30}
	}
	var reports []bot.StatsReport
	for _, d := range periods {
		r, err := bot.NewStatsReport(ctx, db, now, d)
		if err != nil {
			return err
		}
		reports = append(reports, r)
	}
	if *asJSON {
		return m.printStatsJSON(reports[0])
	}
	for _, r := range reports {
		fmt.Fprintf(m.Stdout, "last %d days: %s\n", r.Days, bot.SummaryLine(r.Stats))
	}
	last := reports[len(reports)-1]
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(m.Stdout, "\n%s, last %d days:\n", title, last.Days)
		for _, l := range lines {
			fmt.Fprintln(m.Stdout, "  "+l)
		}
	}
	var facts, topics, misses, weeks []string
	for _, kc := range last.TopFacts {
		facts = append(facts, fmt.Sprintf("%-40s %d", kc.Key, kc.Count))
	}
	for _, kc := range last.TopTopics {
		topics = append(topics, fmt.Sprintf("%-40s %d", kc.Key, kc.Count))
	}
	for _, miss := range last.TopMisses {
		misses = append(misses, fmt.Sprintf("%-5d %-4d %s", miss.ID, miss.Count, miss.Question))
	}
	for _, w := range last.Weeks {
		line := fmt.Sprintf("week to %s  no questions", w.To.UTC().Format("2006-01-02"))
		if w.Questions > 0 {
			line = fmt.Sprintf("week to %s  %4s of %d", w.To.UTC().Format("2006-01-02"), bot.Percent(w.AnswerRate()), w.Questions)
		}
		weeks = append(weeks, line)
	}
	section("top facts", facts)
	section("top topics", topics)
	section("top misses (pakbot misses to fix them)", misses)
	fmt.Fprintln(m.Stdout, "\nanswer rate by week:")
	for _, l := range weeks {
		fmt.Fprintln(m.Stdout, "  "+l)
	}
	return nil
}

func (m *Main) printStatsJSON(r bot.StatsReport) error {
	out := statsJSON{
		Days: r.Days, From: r.From.UTC().Format(time.RFC3339), To: r.To.UTC().Format(time.RFC3339),
		Questions: r.Questions, Answered: r.Answered, Declined: r.Declined, DidYouMean: r.DidYouMean, AnswerRate: r.AnswerRate(),
		Up: r.Up, Down: r.Down, TopFacts: keyCounts(r.TopFacts), TopTopics: keyCounts(r.TopTopics), TopMisses: []missJSON{}, Weeks: []weekJSON{},
	}
	for _, miss := range r.TopMisses {
		out.TopMisses = append(out.TopMisses, newMissJSON(miss))
	}
	for _, w := range r.Weeks {
		out.Weeks = append(out.Weeks, weekJSON{From: w.From.UTC().Format(time.RFC3339), To: w.To.UTC().Format(time.RFC3339),
			Questions: w.Questions, Answered: w.Answered, AnswerRate: w.AnswerRate()})
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
