package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

func init() { extraCommands["sources"] = (*Main).runSources }

const sourcesUsage = `Usage: pakbot sources [--db PATH] COMMAND

The operator's tools for the sources facts cite. A correction is a new
version with an audit entry, exactly as when a moderator makes it in chat,
and a new release never overwrites it (pakbot facts conflicts lists what
the release would have changed).

Commands:
  list                                every source: id, facts citing it, version, citation
  edit ID [--title T] [--publisher P] [--url URL] [--published DATE]
                                      correct a source; an empty value or "unknown" makes
                                      a publisher, URL or date unknown
  history ID                          every version of a source
`

// sourceEditUsage is the form of pakbot sources edit, shown with its errors.
const sourceEditUsage = "usage: pakbot sources edit ID [--title TITLE] [--publisher PUBLISHER] [--url URL] [--published YYYY[-MM[-DD]]]"

func (m *Main) runSources(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sources", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	dbPath := m.dbFlag(fs)
	fs.Usage = func() { fmt.Fprint(m.Stderr, sourcesUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return flag.ErrHelp
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	switch cmd {
	case "list", "edit", "history":
	default:
		fs.Usage()
		return fmt.Errorf("unknown sources command %q", cmd)
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	switch cmd {
	case "list":
		if len(rest) != 0 {
			return errors.New("usage: pakbot sources list")
		}
		return m.listSources(ctx, db)
	case "edit":
		return m.editSource(ctx, db, rest)
	default:
		if len(rest) != 1 {
			return errors.New("usage: pakbot sources history ID")
		}
		return m.sourceHistory(ctx, db, rest[0])
	}
}

func (m *Main) listSources(ctx context.Context, db *knowledge.DB) error {
	sources, err := db.Sources(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tFACTS\tVERSION\tSOURCE")
	for _, s := range sources {
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", s.ID, s.FactCount, s.Version, bot.FormatCitation(s.Citation()))
	}
	return w.Flush()
}

// editSource reads "ID --flag value ..." (the id may also follow the
// flags) and saves the correction. Every error names the flag at fault and
// shows the command's form.
func (m *Main) editSource(ctx context.Context, db *knowledge.DB, args []string) error {
	efs := flag.NewFlagSet("sources edit", flag.ContinueOnError)
	efs.SetOutput(m.Stderr)
	help := map[string]string{
		"title":     "the source's title",
		"publisher": "who published it; empty or unknown if not known",
		"url":       "its http(s) address; empty or unknown if not known",
		"published": "its publication date, YYYY, YYYY-MM or YYYY-MM-DD; empty or unknown if not known",
	}
	values := map[string]*string{}
	for _, name := range bot.SourceFields() {
		values[name] = efs.String(name, "", help[name])
	}
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	efs.Usage = func() { fmt.Fprintln(m.Stderr, sourceEditUsage); efs.PrintDefaults() }
	if err := efs.Parse(args); err != nil {
		return err
	}
	rest := efs.Args()
	if id == "" && len(rest) > 0 {
		id, rest = rest[0], rest[1:]
	}
	if id == "" {
		return errors.New("which source? give its id (pakbot sources list shows them)\n" + sourceEditUsage)
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected %q: quote a value that has spaces\n%s", strings.Join(rest, " "), sourceEditUsage)
	}
	var edit bot.SourceEdit
	var setErr error
	efs.Visit(func(f *flag.Flag) { setErr = errors.Join(setErr, edit.Set(f.Name, *values[f.Name])) })
	if setErr != nil {
		return fmt.Errorf("%w\n%s", setErr, sourceEditUsage)
	}
	if err := edit.Validate(); err != nil {
		var fe *bot.FieldError
		if errors.As(err, &fe) {
			return fmt.Errorf("--%s: %w\n%s", fe.Field, fe.Err, sourceEditUsage)
		}
		return err
	}
	if edit.IsZero() {
		return errors.New("nothing to change: give --title, --publisher, --url or --published\n" + sourceEditUsage)
	}
	s, err := db.EditSource(ctx, id, edit, m.operator())
	if errors.Is(err, bot.ErrNotFound) {
		return fmt.Errorf("no source %q; pakbot sources list shows every source's id", id)
	}
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(m.Stdout, "saved version %d of source %s, cited by %s:\n%s\n", s.Version, s.ID, bot.Count(s.FactCount, "fact", "facts"), bot.FormatCitation(s.Citation()))
	return nil
}

func (m *Main) sourceHistory(ctx context.Context, db *knowledge.DB, id string) error {
	versions, err := db.SourceHistory(ctx, id)
	if errors.Is(err, bot.ErrNotFound) {
		return fmt.Errorf("no source %q; pakbot sources list shows every source's id", id)
	}
	if err != nil {
		return err
	}
	for _, v := range versions {
		who := v.Author
		if v.Platform != "" {
			who += " on " + string(v.Platform)
		}
		fmt.Fprintf(m.Stdout, "v%d, %s, %s by %s: %s\n", v.Source.Version, v.At.Format("2006-01-02"), v.Change, who, bot.FormatCitation(v.Source.Citation()))
	}
	return nil
}

// userError keeps messages meant for people as they are.
func userError(err error) error {
	if msg, ok := bot.UserMessage(err); ok {
		return errors.New(msg)
	}
	return err
}
