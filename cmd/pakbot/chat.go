package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/pakbot/pakbot/bot"
)

// runChat is an interactive console on the same engine the platforms use.
// The local operator counts as a moderator.
func (m *Main) runChat(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	dbPath := m.dbFlag(fs)
	if _, err := m.parseFlags(fs, args); err != nil {
		return err
	}
	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	engine := m.newEngine(db)
	fmt.Fprintln(m.Stdout, "pakbot console: ask a question or type /help. /quit or Ctrl-D leaves.")
	r := bufio.NewReaderSize(m.Stdin, 64<<10)
	for ctx.Err() == nil {
		fmt.Fprint(m.Stdout, "> ")
		line, err := readLine(r, maxLineBytes)
		if strings.TrimSpace(line) == "/quit" || strings.TrimSpace(line) == "/exit" {
			return nil
		}
		if strings.TrimSpace(line) != "" {
			reply := engine.Handle(ctx, bot.Request{Platform: bot.Console, ChatID: "console", UserID: "operator", UserName: "operator", Text: line, Moderator: true})
			fmt.Fprintln(m.Stdout, bot.RenderText(reply))
		}
		if err != nil {
			fmt.Fprintln(m.Stdout)
			return nil
		}
	}
	return nil
}
