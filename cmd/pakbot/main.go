// Command pakbot answers questions about Pakistan's tech sector from curated,
// cited facts: from the shell (ask), in an interactive console (chat), and on
// Discord and Telegram (serve).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/questionlog"
	"github.com/pakbot/pakbot/seeds"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	err := m.Run(ctx, os.Args[1:])
	stop()
	if errors.Is(err, errHelpShown) {
		return
	}
	var usageErr *usageError
	if errors.Is(err, flag.ErrHelp) || errors.As(err, &usageErr) {
		if usageErr != nil {
			fmt.Fprintln(os.Stderr, "pakbot:", err)
		}
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pakbot:", err)
		os.Exit(1)
	}
}

// Main holds what every subcommand shares: standard streams, environment
// and the knowledge base once opened.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Logger         *slog.Logger

	db *knowledge.DB
	// questionLog writes the question log of serve and chat, when on.
	questionLog *questionlog.Queue
	// digests are the moderators' chats that get digests, as the
	// platforms of serve set them up.
	digests []bot.DigestTarget
}

// NewMain returns a Main wired to the process's streams and environment.
func NewMain() *Main {
	return &Main{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}
}

const usage = `pakbot answers questions about Pakistan's tech sector, citing its sources.

Usage:
  pakbot ask [--json] [--db PATH] QUESTION...   answer one question
  pakbot ask --json [--db PATH] -               answer one question per line of standard input
  pakbot chat [--db PATH]                       talk to the bot in this terminal
  pakbot serve [flags]                          run on Discord and Telegram, and the web side with --http (see pakbot serve -h)
  pakbot healthcheck [URL]                      exit 0 if a running pakbot answers URL (default /healthz on $PAKBOT_HTTP)
  pakbot facts COMMAND                          curate facts as the operator (see pakbot facts -h)
  pakbot sources COMMAND                        list and correct the sources facts cite (see pakbot sources -h)
  pakbot misses [--json] [--db PATH]            the questions declined, half-answered or voted 👎 (see pakbot misses -h)
  pakbot stats [--json] [--days N] [--db PATH]  questions asked, answer rate, votes, top facts and misses
  pakbot backup [--db PATH] FILE                copy the live database to FILE, safely while serve runs
  pakbot version                                print the version and how this binary was built

The database defaults to ./pakbot.db ($PAKBOT_DB overrides, --db overrides both);
it is created and filled with the built-in facts on first use.
`

// Run runs the subcommand named by args[0].
func (m *Main) Run(ctx context.Context, args []string) error {
	defer m.Close()
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return flag.ErrHelp
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "ask":
		return m.runAsk(ctx, rest)
	case "chat":
		return m.runChat(ctx, rest)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	case "version", "--version", "-version":
		return m.runVersion(ctx)
	}
	if run, ok := extraCommands[cmd]; ok {
		return run(m, ctx, rest)
	}
	fmt.Fprintf(m.Stderr, "pakbot: unknown command %q\n\n%s", cmd, usage)
	return flag.ErrHelp
}

// extraCommands are subcommands defined in their own files (serve, facts).
var extraCommands = map[string]func(m *Main, ctx context.Context, args []string) error{}

// Close writes what the question log still holds and closes the
// knowledge base, if a subcommand opened them.
func (m *Main) Close() error {
	var errs []error
	if m.questionLog != nil {
		if err := m.questionLog.Close(); err != nil {
			errs = append(errs, fmt.Errorf("cannot write the last of the question log: %w", err))
		}
		if n := m.questionLog.Dropped(); n > 0 {
			m.Logger.Warn("question log entries were dropped because the queue was full", "dropped", n)
		}
		m.questionLog = nil
	}
	if m.db != nil {
		errs = append(errs, m.db.Close())
		m.db = nil
	}
	return errors.Join(errs...)
}

// errHelpShown reports that help was asked for (-h, --help) and printed on
// standard output: pakbot exits with status 0.
var errHelpShown = errors.New("help shown")

// usageError is a mistake in how pakbot was called, such as a missing
// flag: pakbot prints it and exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usagef returns a usageError.
func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// parseFlags parses the flags at the start of args with fs and returns the
// arguments after them. Asked for help (-h, --help), it prints fs's usage
// on standard output and returns errHelpShown; after a mistake it prints
// the mistake and the usage on standard error and returns flag.ErrHelp.
func (m *Main) parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var out bytes.Buffer
	fs.SetOutput(&out)
	defer fs.SetOutput(m.Stderr)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		m.Stdout.Write(out.Bytes())
		return nil, errHelpShown
	}
	if err != nil {
		m.Stderr.Write(out.Bytes())
		return nil, flag.ErrHelp
	}
	return fs.Args(), nil
}

// parseInterleaved is parseFlags taking flags wherever they appear among
// the positional arguments, so "facts edit KEY --period P" works; after
// "--" everything is positional. It returns the positional arguments.
func (m *Main) parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		rest, err := m.parseFlags(fs, args)
		if err != nil {
			return nil, err
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// dbFlag registers --db on fs with the default from $PAKBOT_DB.
func (m *Main) dbFlag(fs *flag.FlagSet) *string {
	def := m.Getenv("PAKBOT_DB")
	if def == "" {
		def = "pakbot.db"
	}
	return fs.String("db", def, "SQLite database `path` (:memory: for a throwaway one)")
}

// openKnowledge opens the database and applies the built-in seeds.
func (m *Main) openKnowledge(ctx context.Context, path string, opts ...knowledge.Option) (*knowledge.DB, error) {
	db, err := m.openUnseeded(ctx, path, opts...)
	if err != nil {
		return nil, err
	}
	return db, m.seed(ctx, db)
}

// openUnseeded opens the database as it is, created empty if new, and
// reads questions with the built-in lexicon and the moderators' words.
func (m *Main) openUnseeded(ctx context.Context, path string, opts ...knowledge.Option) (*knowledge.DB, error) {
	lexicon := knowledge.WithLexiconFrom(seeds.Lexicon)
	db, err := knowledge.Open(ctx, path, append(opts, lexicon)...)
	if err != nil {
		return nil, err
	}
	m.db = db
	return db, nil
}

// seed applies the built-in seeds to db. A release that corrects facts or
// sources of an existing database says so, once, when it first opens it.
func (m *Main) seed(ctx context.Context, db *knowledge.DB) error {
	// The seeds' hash is compiled in, so a database that has them already
	// is known without reading their YAML: that took a tenth of a
	// one-shot ask.
	if applied, err := db.SeedsApplied(ctx, seeds.Hash); err != nil || applied {
		return err
	}
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		return err
	}
	report, err := db.Seed(ctx, set)
	if err != nil {
		return err
	}
	applied, kept := report.Updated+report.SourcesUpdated, report.Conflicts+report.SourceConflicts
	switch {
	case kept > 0:
		m.Logger.Info("this release corrected the knowledge base, except where moderators had changed the same facts or sources; pakbot facts conflicts lists those",
			"facts_updated", report.Updated, "sources_updated", report.SourcesUpdated, "not_applied", kept)
	case applied > 0:
		m.Logger.Info("this release corrected the knowledge base", "facts_updated", report.Updated, "sources_updated", report.SourcesUpdated)
	}
	return nil
}

// newEngine returns an engine over db that logs through m.Logger, with
// any further options (a question log, an observer).
func (m *Main) newEngine(db *knowledge.DB, opts ...bot.Option) *bot.Engine {
	return bot.New(db, append([]bot.Option{bot.WithLogger(m.Logger), bot.WithReader(db.Reader())}, opts...)...)
}
