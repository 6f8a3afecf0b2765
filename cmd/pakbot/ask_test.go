package main

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
)

// checkAskLine decodes one line of `pakbot ask --json` and fails the test
// unless every field of the contract is present with its JSON type:
// question, answered, text, facts[{key, text, topic, period, source_id,
// score}], citations[{source_id, title, publisher, published, url}] and
// suggestions (arrays, never null).
func checkAskLine(tb testing.TB, line string) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		tb.Fatalf("not a JSON object: %v: %.200s", err, line)
	}
	want := func(obj map[string]any, where, field string, ok func(any) bool, typ string) {
		tb.Helper()
		v, present := obj[field]
		if !present {
			tb.Errorf("%s: field %q missing", where, field)
		} else if !ok(v) {
			tb.Errorf("%s: field %q = %#v, want %s", where, field, v, typ)
		}
	}
	isString := func(v any) bool { _, ok := v.(string); return ok }
	isBool := func(v any) bool { _, ok := v.(bool); return ok }
	isNumber := func(v any) bool { _, ok := v.(float64); return ok }
	isArray := func(v any) bool { _, ok := v.([]any); return ok }

	want(m, "reply", "question", isString, "a string")
	want(m, "reply", "answered", isBool, "a boolean")
	want(m, "reply", "text", isString, "a string")
	for _, field := range []string{"facts", "citations", "suggestions"} {
		want(m, "reply", field, isArray, "an array")
	}
	facts, _ := m["facts"].([]any)
	for _, f := range facts {
		obj, ok := f.(map[string]any)
		if !ok {
			tb.Errorf("fact %#v is not an object", f)
			continue
		}
		for _, field := range []string{"key", "text", "topic", "period", "source_id"} {
			want(obj, "fact", field, isString, "a string")
		}
		want(obj, "fact", "score", isNumber, "a number")
	}
	citations, _ := m["citations"].([]any)
	for _, c := range citations {
		obj, ok := c.(map[string]any)
		if !ok {
			tb.Errorf("citation %#v is not an object", c)
			continue
		}
		for _, field := range []string{"source_id", "title", "publisher", "published", "url"} {
			want(obj, "citation", field, isString, "a string")
		}
	}
	suggestions, _ := m["suggestions"].([]any)
	for _, s := range suggestions {
		if !isString(s) {
			tb.Errorf("suggestion %#v is not a string", s)
		}
	}
	return m
}

// askReply is a line of `pakbot ask --json`, decoded.
type askReply = askOutput

func decodeAsk(tb testing.TB, line string) askReply {
	tb.Helper()
	checkAskLine(tb, line)
	var r askReply
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestAskJSONContract(t *testing.T) {
	questions := []string{
		"What were Pakistan's IT exports in FY 2023-24?",
		"/exports",
		"What is the capital of France?",
		"/help",
		"/sources",
		"",
	}
	r := MustRunPakbot(t, nil, strings.Join(questions, "\n")+"\n", "ask", "--json", "--db", ":memory:", "-")
	out := lines(r.stdout)
	if len(out) != len(questions) {
		t.Fatalf("got %d lines for %d questions:\n%s", len(out), len(questions), r.stdout)
	}
	for i, line := range out {
		checkAskLine(t, line)
		if got := decodeAsk(t, line).Question; got != questions[i] {
			t.Errorf("line %d answers %q, want %q", i+1, got, questions[i])
		}
	}

	t.Run("AnswerCitesItsFacts", func(t *testing.T) {
		rep := decodeAsk(t, out[0])
		if !rep.Answered || len(rep.Facts) == 0 || len(rep.Citations) == 0 {
			t.Fatalf("got answered=%v with %d facts, %d citations", rep.Answered, len(rep.Facts), len(rep.Citations))
		}
		top := rep.Facts[0]
		if top.Key != "it-exports-fy2023-24" || top.Period != "FY 2023-24" || top.Topic != "exports" || top.Score <= 0 || !strings.Contains(top.Text, "$3.223 billion") {
			t.Errorf("top fact %+v", top)
		}
		for _, f := range rep.Facts {
			if !slices.ContainsFunc(rep.Citations, func(c askCitation) bool { return c.SourceID == f.SourceID }) {
				t.Errorf("fact %s cites %s, which is not among the citations", f.Key, f.SourceID)
			}
		}
		if c := rep.Citations[0]; c.SourceID != top.SourceID || c.Title == "" || c.URL != "https://meatechwatch.com/?p=16838" {
			t.Errorf("first citation %+v", c)
		}
		if !strings.HasPrefix(rep.Text, top.Text+" [1]\nPeriod: FY 2023-24.") || !strings.Contains(rep.Text, "\nSources:\n[1] ") {
			t.Errorf("text does not lead with the cited fact and its period:\n%s", rep.Text)
		}
	})

	t.Run("DeclineHasNoFacts", func(t *testing.T) {
		rep := decodeAsk(t, out[2])
		if rep.Answered || len(rep.Facts) != 0 || len(rep.Citations) != 0 || len(rep.Suggestions) == 0 {
			t.Errorf("got %+v; want a decline with suggestions and nothing cited", rep)
		}
	})

	t.Run("TopicIsAnswered", func(t *testing.T) {
		rep := decodeAsk(t, out[1])
		if !rep.Answered || len(rep.Facts) != bot.MaxTopicFacts {
			t.Errorf("got answered=%v with %d facts; want %d", rep.Answered, len(rep.Facts), bot.MaxTopicFacts)
		}
	})

	t.Run("EmptyArraysNotNull", func(t *testing.T) {
		for _, field := range []string{`"facts":[]`, `"citations":[]`} {
			if !strings.Contains(out[3], field) {
				t.Errorf("/help line lacks %s: %s", field, out[3])
			}
		}
	})
}

func TestAskStdinLines(t *testing.T) {
	big := strings.Repeat("exports ", 100<<10/8)   // 100 KB
	huge := strings.Repeat("x", maxLineBytes+5000) // longer than a line may be
	inputs := []string{
		"What is DEEP?",
		"",
		big,
		"IT \xff\xfe exports \xc3\x28 in 2021?",
		"   ",
		"ctrl\x00\x1b[2J\x07 chars",
		"🇵🇰🚀",
		"/nosuchcommand at all",
		huge,
		"How many software technology parks are there?\r",
		strings.Repeat("My uncle has worked in a software house in Karachi for years. ", 10) + "Anyway, settle this: what is DEEP?",
		"digiskills", // last line, no newline after it
	}
	r := runPakbot(t, nil, strings.Join(inputs, "\n"), "ask", "--json", "--db", ":memory:", "-")
	if r.err != nil {
		t.Fatalf("Run returned %v for odd input; want nil (exit code 0)\nstderr: %s", r.err, r.stderr)
	}
	out := lines(r.stdout)
	if len(out) != len(inputs) {
		t.Fatalf("got %d lines for %d inputs", len(out), len(inputs))
	}
	replies := make([]askReply, len(out))
	for i, line := range out {
		replies[i] = decodeAsk(t, line)
		want := bot.CleanText(inputs[i])
		if inputs[i] == huge {
			want = bot.CleanText(huge[:maxLineBytes+1])
		}
		if replies[i].Question != want {
			t.Errorf("line %d answers %.60q, want %.60q: answers are out of order", i+1, replies[i].Question, want)
		}
	}

	tooLong := "That message is too long for me"
	askMe := "Ask me a question about Pakistan's tech sector"
	for _, tt := range []struct {
		line     int
		answered bool
		text     string
	}{
		{0, true, "Digital Economy Enhancement Project"},
		{1, false, askMe},
		{2, false, tooLong},
		{4, false, askMe},
		{6, false, askMe},
		{8, false, tooLong},
		{9, true, "43 Software Technology Parks"},
		{10, true, "Your message was long, so I answered its question: “what is DEEP?”\nThe Digital Economy Enhancement Project"},
		{11, true, "600,000"},
	} {
		rep := replies[tt.line]
		if rep.Answered != tt.answered || !strings.Contains(rep.Text, tt.text) {
			t.Errorf("input %d (%.40q): answered=%v %.120q; want answered=%v containing %q", tt.line+1, inputs[tt.line], rep.Answered, rep.Text, tt.answered, tt.text)
		}
	}
	for i, rep := range replies {
		if !json.Valid([]byte(out[i])) || strings.ContainsRune(rep.Question, '\uFFFD') || strings.ContainsAny(rep.Question, "\x00\x1b\x07\r") {
			t.Errorf("line %d echoes an unclean question: %q", i+1, rep.Question)
		}
	}
}

func TestAskPlainText(t *testing.T) {
	r := MustRunPakbot(t, nil, "", "ask", "--db", ":memory:", "What", "is", "DEEP?")
	if !strings.HasPrefix(r.stdout, "The Digital Economy Enhancement Project (DEEP)") || !strings.Contains(r.stdout, "\nSources:\n[1] ") {
		t.Fatalf("got\n%s", r.stdout)
	}
}

// TestAskDoesNotWrite checks that asking questions leaves the database as
// it was: only seeding on first use writes.
func TestAskDoesNotWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	MustRunPakbot(t, nil, "", "ask", "--db", path, "warm up")
	tables := []string{"facts", "fact_versions", "audit", "sources", "topics", "topic_aliases", "meta", "words", "seed_conflicts", "migrations", "facts_fts"}
	before := MustCountRows(t, path, tables...)
	if before["facts"] == 0 || before["audit"] != 1 {
		t.Fatalf("first run left %v; want seeded facts and one audit entry", before)
	}

	stdin := strings.Join([]string{
		"What were Pakistan's IT exports in FY 2023-24?",
		"/exports", "/help", "/topics", "/sources", "/start",
		"/addfact exports | IT exports tripled overnight. | https://example.com",
		"/editfact 1 | changed", "/removefact 1", "/addtopic hacking",
		"' OR 1=1; DROP TABLE facts; --",
		"exports\"; DELETE FROM fact_versions; --",
		"\xff\xfe", strings.Repeat("a", 5000),
	}, "\n")
	MustRunPakbot(t, nil, stdin, "ask", "--json", "--db", path, "-")
	MustRunPakbot(t, nil, "", "ask", "--db", path, "/exports")

	after := MustCountRows(t, path, tables...)
	for _, table := range tables {
		if after[table] != before[table] {
			t.Errorf("%s: %d rows after asking, %d before; questions must not write", table, after[table], before[table])
		}
	}
}

func TestAskDatabasePath(t *testing.T) {
	const q = "What is DEEP?"
	exists := func(path string) bool { _, err := os.Stat(path); return err == nil }

	t.Run("PAKBOT_DB", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "env.db")
		r := MustRunPakbot(t, map[string]string{"PAKBOT_DB": path}, "", "ask", q)
		if !exists(path) || !strings.Contains(r.stdout, "Digital Economy Enhancement Project") {
			t.Fatalf("no database at $PAKBOT_DB (%s) or no answer:\n%s", path, r.stdout)
		}
	})

	t.Run("FlagOverridesEnv", func(t *testing.T) {
		dir := t.TempDir()
		env, flagged := filepath.Join(dir, "env.db"), filepath.Join(dir, "flag.db")
		MustRunPakbot(t, map[string]string{"PAKBOT_DB": env}, "", "ask", "--db", flagged, q)
		if !exists(flagged) || exists(env) {
			t.Fatalf("--db %s and $PAKBOT_DB %s: flag used %v, env used %v; want only the flag", flagged, env, exists(flagged), exists(env))
		}
	})

	t.Run("DefaultInWorkingDirectory", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		MustRunPakbot(t, nil, "", "ask", q)
		if !exists(filepath.Join(dir, "pakbot.db")) {
			t.Fatal("no pakbot.db in the working directory")
		}
	})

	t.Run("MemoryLeavesNoFile", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		r := MustRunPakbot(t, map[string]string{"PAKBOT_DB": ":memory:"}, "", "ask", q)
		if !strings.Contains(r.stdout, "Digital Economy Enhancement Project") {
			t.Fatalf("no answer from :memory:\n%s", r.stdout)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf(":memory: left files behind: %v", entries)
		}
	})

	t.Run("ErrMissingDirectory", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "missing", "pakbot.db")
		r := runPakbot(t, nil, "", "ask", "--db", path, q)
		if r.err == nil || !strings.Contains(r.err.Error(), path) {
			t.Fatalf("got error %v; want one naming %s", r.err, path)
		}
		if r.stdout != "" {
			t.Errorf("printed an answer without a database: %q", r.stdout)
		}
	})
}

func TestRunUsage(t *testing.T) {
	t.Run("NoArguments", func(t *testing.T) {
		r := runPakbot(t, nil, "")
		if !errors.Is(r.err, flag.ErrHelp) {
			t.Errorf("got %v, want flag.ErrHelp (exit code 2)", r.err)
		}
		if !strings.Contains(r.stderr, "Usage:") || !strings.Contains(r.stderr, "pakbot ask [--json] [--db PATH] QUESTION...") || r.stdout != "" {
			t.Errorf("usage not on stderr:\nstdout %q\nstderr %q", r.stdout, r.stderr)
		}
	})

	t.Run("AskWithoutQuestion", func(t *testing.T) {
		r := runPakbot(t, nil, "", "ask", "--db", ":memory:")
		if !errors.Is(r.err, flag.ErrHelp) || !strings.Contains(r.stderr, "Usage: pakbot ask") {
			t.Errorf("got %v, stderr %q", r.err, r.stderr)
		}
	})

	t.Run("Help", func(t *testing.T) {
		r := runPakbot(t, nil, "", "help")
		if r.err != nil || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("got %v, stdout %q", r.err, r.stdout)
		}
	})

	t.Run("UnknownCommand", func(t *testing.T) {
		r := runPakbot(t, nil, "", "frobnicate")
		if !errors.Is(r.err, flag.ErrHelp) || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
			t.Errorf("got %v, stderr %q", r.err, r.stderr)
		}
	})

	t.Run("UnknownFlag", func(t *testing.T) {
		r := runPakbot(t, nil, "", "ask", "--nosuch", "q")
		if r.err == nil || !strings.Contains(r.stderr, "nosuch") {
			t.Errorf("got %v, stderr %q", r.err, r.stderr)
		}
	})
}

// TestAskSmallTalk: greetings, thanks and questions about the bot get the
// replies people expect, not a decline, and none counts as an answer.
func TestAskSmallTalk(t *testing.T) {
	inputs := []string{"hi", "Assalam o alaikum bhai", "what can you do?", "thanks!", "shukriya", "hi, what were IT exports in FY 2023-24?"}
	r := runPakbot(t, nil, strings.Join(inputs, "\n"), "ask", "--json", "--db", ":memory:", "-")
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	out := lines(r.stdout)
	if len(out) != len(inputs) {
		t.Fatalf("got %d lines for %d inputs", len(out), len(inputs))
	}
	intro, welcome := "I answer questions about Pakistan's tech sector", "You're welcome"
	for i, want := range []string{intro, intro, intro, welcome, welcome, "3.223"} {
		rep := decodeAsk(t, out[i])
		if !strings.Contains(rep.Text, want) || rep.Answered != (i == 5) {
			t.Errorf("%q: answered=%v %.100q; want answered=%v containing %q", inputs[i], rep.Answered, rep.Text, i == 5, want)
		}
	}
}
