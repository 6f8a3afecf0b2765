package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

func init() { extraCommands["facts"] = (*Main).runFacts }

const factsUsage = `Usage: pakbot facts [--db PATH] COMMAND

The operator's tools for curating facts. Every change is a new version with an
audit entry, exactly as when a moderator makes it in chat.

Commands:
  list [--removed] [--topic NAME]     list facts (key, topic, version, text)
  show KEY                            one fact with its source, version and editors
  add --topic T --text X --source URL [--title T] [--period P] [--value N --unit U]
  edit KEY TEXT...                    give a fact new text
  edit KEY [--text X] [--value N --unit U]
                                      change a fact's text or figure (--value none removes the figure)
  remove KEY                          take a fact out of answers (restorable)
  restore KEY                         bring a removed fact back
  history KEY                         every version of a fact
  conflicts                           seed updates not applied because a moderator changed the fact or source
  export                              write every source, topic and fact as JSON to standard output
  import FILE                         apply an export: validates every record, then writes all or nothing
`

func (m *Main) runFacts(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("facts", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	dbPath := m.dbFlag(fs)
	fs.Usage = func() { fmt.Fprint(m.Stderr, factsUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return flag.ErrHelp
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	operator := m.operator()
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	oneKey := func() (string, error) {
		if len(rest) != 1 {
			return "", fmt.Errorf("usage: pakbot facts %s KEY", cmd)
		}
		return rest[0], nil
	}
	switch cmd {
	case "list":
		return m.listFacts(ctx, db, rest)
	case "show":
		key, err := oneKey()
		if err != nil {
			return err
		}
		f, err := db.Fact(ctx, key)
		if err != nil {
			return userError(err)
		}
		m.printFact(f)
		return nil
	case "add":
		afs := flag.NewFlagSet("facts add", flag.ContinueOnError)
		afs.SetOutput(m.Stderr)
		var nf bot.NewFact
		afs.StringVar(&nf.Topic, "topic", "", "topic name, or new:name")
		afs.StringVar(&nf.Text, "text", "", "the fact: one sentence, 10-500 characters")
		afs.StringVar(&nf.SourceURL, "source", "", "source URL (http or https)")
		afs.StringVar(&nf.SourceTitle, "title", "", "source title (optional)")
		afs.StringVar(&nf.Period, "period", "", "period: 2024, 2024-11, FY2023-24, 2024-07..2024-11 (optional)")
		value := afs.String("value", "", "the number the text states, for charts (optional; needs --unit)")
		unit := afs.String("unit", "", "what --value counts, such as \"USD bn\" or \"million subscribers\"")
		if err := afs.Parse(rest); err != nil {
			return err
		}
		fig, err := figureFlags(*value, *unit)
		if err != nil {
			return err
		}
		nf.Figure = fig
		f, err := db.AddFact(ctx, nf, operator)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(m.Stdout, "added %s\n", f.Key)
		m.printFact(f)
		return nil
	case "edit":
		edit, err := m.parseFactEdit(rest)
		if err != nil {
			return err
		}
		f, err := db.EditFact(ctx, rest[0], edit, operator)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(m.Stdout, "saved version %d of %s\n", f.Version, f.Key)
		return nil
	case "remove", "restore":
		key, err := oneKey()
		if err != nil {
			return err
		}
		change := db.RemoveFact
		if cmd == "restore" {
			change = db.RestoreFact
		}
		f, err := change(ctx, key, operator)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(m.Stdout, "%sd %s (version %d)\n", cmd, f.Key, f.Version)
		return nil
	case "history":
		key, err := oneKey()
		if err != nil {
			return err
		}
		reply := bot.New(db).Handle(ctx, bot.Request{Platform: bot.Console, Text: "/history " + key, Moderator: true})
		fmt.Fprintln(m.Stdout, bot.RenderText(reply))
		return nil
	case "conflicts":
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
	case "export":
		dump, err := db.Export(ctx)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(dump)
	case "import":
		if len(rest) != 1 {
			return errors.New("usage: pakbot facts import FILE")
		}
		data, err := os.ReadFile(rest[0])
		if err != nil {
			return fmt.Errorf("cannot read import file: %w", err)
		}
		var dump knowledge.Dump
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&dump); err != nil {
			return fmt.Errorf("cannot import %s: not a pakbot export: %w", rest[0], err)
		}
		report, err := db.Import(ctx, dump, operator)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(m.Stdout, "imported: %d added, %d updated, %d unchanged\n", report.Added, report.Updated, report.Unchanged)
		return nil
	}
	fs.Usage()
	return fmt.Errorf("unknown facts command %q", cmd)
}

// editUsage is the form of pakbot facts edit.
const editUsage = "usage: pakbot facts edit KEY TEXT..., or pakbot facts edit KEY [--text X] [--value N --unit U | --value none]"

// parseFactEdit reads the arguments of pakbot facts edit: KEY and either
// the new text as words, or flags.
func (m *Main) parseFactEdit(args []string) (bot.FactEdit, error) {
	var edit bot.FactEdit
	if len(args) < 2 {
		return edit, errors.New(editUsage)
	}
	if !strings.HasPrefix(args[1], "-") {
		text := strings.Join(args[1:], " ")
		edit.Text = &text
		return edit, nil
	}
	efs := flag.NewFlagSet("facts edit", flag.ContinueOnError)
	efs.SetOutput(m.Stderr)
	text := efs.String("text", "", "new text: one sentence that states its period, 10-500 characters")
	value := efs.String("value", "", "the number the text states, for charts (with --unit), or none to remove the figure")
	unit := efs.String("unit", "", "what --value counts, such as \"USD bn\"")
	if err := efs.Parse(args[1:]); err != nil {
		return edit, err
	}
	if efs.NArg() > 0 {
		return edit, fmt.Errorf("unexpected %q; %s", efs.Arg(0), editUsage)
	}
	efs.Visit(func(f *flag.Flag) {
		if f.Name == "text" {
			edit.Text = text
		}
	})
	if *value != "" || *unit != "" {
		fig, err := figureFlags(*value, *unit)
		if err != nil {
			return edit, err
		}
		edit.Figure = &fig
	}
	if edit.IsZero() {
		return edit, errors.New(editUsage)
	}
	return edit, nil
}

// figureFlags reads --value and --unit: both or neither, or --value none.
func figureFlags(value, unit string) (bot.Figure, error) {
	value, unit = strings.TrimSpace(value), strings.TrimSpace(unit)
	if strings.EqualFold(value, "none") && unit == "" {
		return bot.Figure{}, nil
	}
	if (value == "") != (unit == "") {
		return bot.Figure{}, errors.New("--value and --unit go together: give both, like --value 3.223 --unit \"USD bn\" (or --value none to remove a figure)")
	}
	if value == "" {
		return bot.Figure{}, nil
	}
	fig, err := bot.ParseFigure(value + " " + unit)
	if err != nil {
		return fig, userError(err)
	}
	return fig, nil
}

// operator is who the shell's changes are recorded as made by.
func (m *Main) operator() bot.Actor {
	operator := bot.Actor{Platform: bot.Console, ChatID: "shell", UserID: "operator", Name: "operator"}
	if u := m.Getenv("USER"); u != "" {
		operator.Name = "operator " + u
	}
	return operator
}

// userError keeps messages meant for people as they are.
func userError(err error) error {
	if msg, ok := bot.UserMessage(err); ok {
		return errors.New(msg)
	}
	return err
}

func (m *Main) listFacts(ctx context.Context, db *knowledge.DB, args []string) error {
	lfs := flag.NewFlagSet("facts list", flag.ContinueOnError)
	lfs.SetOutput(m.Stderr)
	removed := lfs.Bool("removed", false, "include removed facts")
	topic := lfs.String("topic", "", "only this topic")
	if err := lfs.Parse(args); err != nil {
		return err
	}
	facts, err := db.ListFacts(ctx, *removed)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "KEY\tTOPIC\tVERSION\tSTATUS\tTEXT")
	for _, f := range facts {
		if *topic != "" && f.Topic != *topic {
			continue
		}
		status := f.Origin
		if f.Removed {
			status = "removed"
		}
		text := f.Text
		if len(text) > 70 {
			text = text[:67] + "..."
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", f.Key, f.Topic, f.Version, status, text)
	}
	return w.Flush()
}

func (m *Main) printFact(f bot.Fact) {
	fmt.Fprintf(m.Stdout, "key:       %s\ntopic:     %s\nversion:   %d\ntext:      %s\nperiod:    %s\nsource:    %s\n",
		f.Key, f.Topic, f.Version, f.Text, f.Period.String(), bot.FormatCitation(f.Source.Citation()))
	if !f.Figure.IsZero() {
		fmt.Fprintf(m.Stdout, "figure:    %s\n", f.Figure)
	}
	fmt.Fprintf(m.Stdout, "added by:  %s on %s\nchanged by: %s on %s\nremoved:   %v\n",
		f.CreatedBy, f.CreatedAt.Format("2006-01-02 15:04"), f.UpdatedBy, f.UpdatedAt.Format("2006-01-02 15:04"), f.Removed)
}
