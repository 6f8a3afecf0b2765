package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/pakbot/pakbot/bot"
)

func init() { extraCommands["lexicon"] = (*Main).runLexicon }

const lexiconUsage = `Usage: pakbot lexicon [--db PATH] COMMAND

The words the bot reads questions with, beyond the built-in lexicon
(seeds/lexicon.yaml). Each change is versioned and audited, takes effect at
once here and in every running pakbot on the same database, exactly as when
a moderator uses /synonym in chat.

Commands:
  list                    the words operators and moderators added
  add WORD = MEANING      read WORD as MEANING (English), e.g. add naukri = jobs
  remove WORD             stop reading WORD that way (its history is kept)
`

func (m *Main) runLexicon(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("lexicon", flag.ContinueOnError)
	dbPath := m.dbFlag(fs)
	fs.Usage = func() { fmt.Fprint(fs.Output(), lexiconUsage); fs.PrintDefaults() }
	args, err := m.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		fs.SetOutput(m.Stderr)
		fs.Usage()
		return flag.ErrHelp
	}
	cmd, rest := args[0], args[1:]
	if cmd == "help" {
		fs.SetOutput(m.Stdout)
		fs.Usage()
		return errHelpShown
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	shellError := func(err error) error {
		if msg, ok := bot.UserMessage(err); ok {
			return errors.New(strings.ReplaceAll(msg, "/synonyms lists them.", "pakbot lexicon list lists them."))
		}
		return err
	}
	switch cmd {
	case "list":
		syns, err := db.Synonyms(ctx)
		if err != nil {
			return err
		}
		if len(syns) == 0 {
			fmt.Fprintln(m.Stdout, "No words added yet. Add one with: pakbot lexicon add WORD = MEANING")
			return nil
		}
		w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "WORD\tMEANS\tVERSION\tBY\tAT")
		for _, s := range syns {
			fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", s.Word, s.Means, s.Version, s.By, s.At.UTC().Format("2006-01-02"))
		}
		return w.Flush()
	case "add":
		word, means, ok := strings.Cut(strings.Join(rest, " "), "=")
		if !ok || strings.TrimSpace(word) == "" || strings.TrimSpace(means) == "" {
			return usagef("usage: pakbot lexicon add WORD = MEANING (for example: pakbot lexicon add naukri = jobs)")
		}
		s, err := db.AddSynonym(ctx, word, means, m.operator())
		if err != nil {
			return shellError(err)
		}
		fmt.Fprintf(m.Stdout, "Added: %q now reads as %q (version %d).\n", s.Word, s.Means, s.Version)
		return nil
	case "remove":
		if len(rest) == 0 {
			return usagef("usage: pakbot lexicon remove WORD")
		}
		s, err := db.RemoveSynonym(ctx, strings.Join(rest, " "), m.operator())
		if err != nil {
			return shellError(err)
		}
		fmt.Fprintf(m.Stdout, "Removed: %q no longer reads as %q.\n", s.Word, s.Means)
		return nil
	}
	return usagef("unknown lexicon command %q; pakbot lexicon -h lists them", cmd)
}
