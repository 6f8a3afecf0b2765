package main

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
)

// FuzzAsk sends anything at all through the question path, the real engine
// over the real seeds, and checks what must hold for every reply. Run it
// with
//
//	go test -tags sqlite_fts5 -run='^$' -fuzz=FuzzAsk -fuzztime=20s ./cmd/pakbot
func FuzzAsk(f *testing.F) {
	for _, file := range []string{"dev.jsonl", "extra.jsonl"} {
		for _, q := range MustReadEval(f, filepath.Join("..", "..", "eval", file)) {
			f.Add(q.Question)
		}
	}
	for _, s := range []string{
		"", " ", "?", "/", "/ ", "//", "/ask", "/ask ?", "/help@PakBot", "/exprots", "/cat", "/zzzz 2021",
		`what's c++ "IT-exports"?:`, `' OR 1=1 --`, `NEAR(a b)`, `exports*`, `"`, `^`, `AND OR NOT`, `{}[]()`,
		"IT \xff\xfe exports", "a\x00b\x1b[2J", "🇵🇰🚀", "exports in FY 2023-24 and 2021-22 and November 2024",
		"fy 2099-00", "2023/24", "sept. 2021", strings.Repeat("a", bot.MaxQuestionRunes), strings.Repeat("a ", bot.MaxQuestionRunes),
		strings.Repeat("é", bot.MaxQuestionRunes+1), "Türkiye e-Rozgaar wi-fi e-sports", "İSTANBUL",
	} {
		f.Add(s)
	}
	db := MustOpenSeeded(f)
	engine := bot.New(db)

	f.Fuzz(func(t *testing.T, text string) {
		ctx := context.Background()
		r := engine.Handle(ctx, bot.Request{Platform: bot.Console, ChatID: "fuzz", UserID: "fuzz", Text: text})
		rendered := bot.RenderText(r)
		if len(r.Blocks) == 0 || strings.TrimSpace(rendered) == "" {
			t.Fatalf("empty reply to %q", text)
		}
		if !utf8.ValidString(rendered) {
			t.Fatalf("reply to %q is not valid UTF-8", text)
		}
		switch r.Kind {
		case bot.KindAnswer, bot.KindTopic:
			if !r.Answered || len(r.Facts) == 0 || len(r.Citations) == 0 {
				t.Fatalf("kind %v reply to %q: answered %v with %d facts and %d citations", r.Kind, text, r.Answered, len(r.Facts), len(r.Citations))
			}
		default:
			if r.Answered {
				t.Fatalf("kind %v reply to %q claims to be answered", r.Kind, text)
			}
		}
		if r.Kind == bot.KindNotFound && len(r.Facts) > 0 {
			t.Fatalf("a decline of %q carries facts", text)
		}
		if len(r.Suggestions) > bot.MaxSuggestions {
			t.Fatalf("%d suggestions for %q, more than %d", len(r.Suggestions), text, bot.MaxSuggestions)
		}
		for _, f := range r.Facts {
			if !slices.ContainsFunc(r.Citations, func(c bot.Citation) bool { return c.SourceID == f.SourceID }) && r.Kind != bot.KindInfo {
				t.Fatalf("fact %s in the reply to %q has no citation", f.Key, text)
			}
		}
		for _, b := range r.Blocks {
			for _, n := range b.Cites {
				if n < 1 || n > len(r.Citations) {
					t.Fatalf("reply to %q cites [%d] of %d", text, n, len(r.Citations))
				}
			}
		}
		// A well-formed question (words, not a command, not too long) gets
		// an answer, a topic's facts (a bare topic name) or a decline; an
		// error reply would mean search failed.
		clean := bot.CleanText(text)
		wellFormed := !strings.HasPrefix(clean, "/") && utf8.RuneCountInString(clean) <= bot.MaxQuestionRunes &&
			strings.IndexFunc(clean, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
		if wellFormed && r.Kind != bot.KindAnswer && r.Kind != bot.KindTopic && r.Kind != bot.KindNotFound {
			t.Fatalf("well-formed question %q got a kind %v reply: %q", text, r.Kind, rendered)
		}

		hits, err := db.Search(ctx, text, 5)
		if err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
		if len(hits) > 5 {
			t.Fatalf("Search(%q) returned %d hits, limit 5", text, len(hits))
		}
		for _, h := range hits {
			if h.Confidence < 0 || h.Confidence > 1 || math.IsNaN(h.Score) || math.IsInf(h.Score, 0) {
				t.Fatalf("Search(%q): hit %s has confidence %v, score %v", text, h.Fact.Key, h.Confidence, h.Score)
			}
		}
	})
}
