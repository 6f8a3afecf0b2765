package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

// maxLineBytes bounds one question read from standard input; the rest of a
// longer line is skipped and the question is answered as too long.
const maxLineBytes = 1 << 20

// askOutput is one line of `pakbot ask --json`: a stable contract used by
// the answer-quality scorer.
type askOutput struct {
	Question    string        `json:"question"`
	Answered    bool          `json:"answered"`
	Text        string        `json:"text"`
	Facts       []askFact     `json:"facts"`
	Citations   []askCitation `json:"citations"`
	Suggestions []string      `json:"suggestions"`
}

type askFact struct {
	Key      string  `json:"key"`
	Text     string  `json:"text"`
	Topic    string  `json:"topic"`
	Period   string  `json:"period"`
	SourceID string  `json:"source_id"`
	Score    float64 `json:"score"`
}

type askCitation struct {
	SourceID  string `json:"source_id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Published string `json:"published"`
	URL       string `json:"url"`
}

func newAskOutput(question string, r bot.Reply) askOutput {
	out := askOutput{
		Question:    question,
		Answered:    r.Answered,
		Text:        bot.RenderText(r),
		Facts:       []askFact{},
		Citations:   []askCitation{},
		Suggestions: r.Suggestions,
	}
	if out.Suggestions == nil {
		out.Suggestions = []string{}
	}
	for _, f := range r.Facts {
		out.Facts = append(out.Facts, askFact{Key: f.Key, Text: f.Text, Topic: f.Topic, Period: f.Period.String(), SourceID: f.SourceID, Score: f.Score})
	}
	for _, c := range r.Citations {
		out.Citations = append(out.Citations, askCitation(c))
	}
	return out
}

func (m *Main) runAsk(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per answer")
	explain := fs.Bool("explain", false, "also show how the question was read and why each candidate fact scored as it did")
	dbPath := m.dbFlag(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: pakbot ask [--json] [--db PATH] QUESTION...\n       pakbot ask [--json] [--db PATH] -   (one question per line of standard input)")
		fs.PrintDefaults()
	}
	if _, err := m.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return flag.ErrHelp
	}
	var opts []knowledge.Option
	if fs.Arg(0) != "-" {
		// One question: the process ends in a moment, and other
		// processes' writes need not be followed.
		opts = append(opts, knowledge.Briefly())
	}
	db, err := m.openKnowledge(ctx, *dbPath, opts...)
	if err != nil {
		return err
	}
	engine := m.newEngine(db)
	w := bufio.NewWriter(m.Stdout)
	defer w.Flush()

	answer := func(question string) error {
		// No chat: every question is read on its own, never as a
		// follow-up of the line before.
		reply := engine.Handle(ctx, bot.Request{Platform: bot.Console, UserID: "shell", Text: question})
		if *explain {
			text, err := db.Explain(ctx, question)
			if err != nil {
				return err
			}
			fmt.Fprint(w, text)
		}
		if *asJSON {
			data, err := json.Marshal(newAskOutput(bot.CleanText(question), reply))
			if err != nil {
				return fmt.Errorf("cannot encode answer: %w", err)
			}
			w.Write(append(data, '\n'))
		} else {
			fmt.Fprintln(w, bot.RenderText(reply))
		}
		return w.Flush()
	}

	if fs.NArg() == 1 && fs.Arg(0) == "-" {
		r := bufio.NewReaderSize(m.Stdin, 64<<10)
		for {
			line, err := readLine(r, maxLineBytes)
			if errors.Is(err, io.EOF) && line == "" {
				return nil
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("cannot read questions: %w", err)
			}
			if aerr := answer(line); aerr != nil {
				return aerr
			}
			if err != nil {
				return nil
			}
		}
	}
	return answer(strings.Join(fs.Args(), " "))
}

// readLine reads one line without its line ending. A line longer than limit
// is cut to limit bytes plus one, so it still reads as too long, and the rest
// is skipped. It returns io.EOF with the last line when input ends without a
// newline.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var b []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(b) <= limit {
			b = append(b, chunk[:min(len(chunk), limit+1-len(b))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line := strings.TrimRight(string(b), "\r\n")
		return line, err
	}
}
