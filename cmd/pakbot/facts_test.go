package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/knowledge"
)

// dbEnv is an environment whose database is a fresh file in a temporary
// directory.
func dbEnv(tb testing.TB) map[string]string {
	tb.Helper()
	return map[string]string{"PAKBOT_DB": filepath.Join(tb.TempDir(), "pakbot.db"), "USER": "tester"}
}

// MustOpenAt opens the database file at path, closed when the test ends.
func MustOpenAt(tb testing.TB, path string) *knowledge.DB {
	tb.Helper()
	db, err := knowledge.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestFactsRemoveRestoreSayWhatHappened(t *testing.T) {
	env := dbEnv(t)
	const key = "it-exports-fy2023-24"
	if got := MustRunPakbot(t, env, "", "facts", "remove", key).stdout; got != "removed "+key+" (version 2)\n" {
		t.Errorf("facts remove printed %q", got)
	}
	if got := MustRunPakbot(t, env, "", "facts", "restore", key).stdout; got != "restored "+key+" (version 3)\n" {
		t.Errorf("facts restore printed %q", got)
	}
}

// TestFactsAddReadsPrintedPeriods checks that --period takes a period the
// way answers print it, and stores it as the seeds do.
func TestFactsAddReadsPrintedPeriods(t *testing.T) {
	env := dbEnv(t)
	r := MustRunPakbot(t, env, "", "facts", "add", "--topic", "startups", "--period", "FY 2025-26",
		"--text", "In FY 2025-26, Pakistan's startups raised $90 million in seed funding.", "--source", "https://example.com/seed-funding")
	if !strings.Contains(r.stdout, "period:    FY 2025-26\n") {
		t.Fatalf("facts add --period \"FY 2025-26\" printed:\n%s", r.stdout)
	}
	key := strings.TrimPrefix(lines(r.stdout)[0], "added ")
	db := MustOpenAt(t, env["PAKBOT_DB"])
	f, err := db.Fact(context.Background(), key)
	if err != nil || f.Period.Raw != "FY2025-26" {
		t.Fatalf("stored period = %q, %v; want FY2025-26", f.Period.Raw, err)
	}
}

// TestFactsErrorsSpeakShell checks that every mistake in a facts command is
// answered in the shell's words: the flag at fault and the command's form,
// never chat syntax.
func TestFactsErrorsSpeakShell(t *testing.T) {
	env := dbEnv(t)
	const (
		text   = "In FY 2025-26, Pakistan's startups raised $90 million in seed funding."
		source = "https://example.com/seed"
	)
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"NoText", []string{"add", "--topic", "startups", "--source", source}, []string{"--text is required", "usage: pakbot facts add --topic T --text X --source URL"}},
		{"NoTopic", []string{"add", "--text", text, "--source", source}, []string{"--topic is required", "usage: pakbot facts add"}},
		{"NoSource", []string{"add", "--topic", "startups", "--text", text}, []string{"--source is required"}},
		{"NothingAtAll", []string{"add"}, []string{"--topic and --text and --source are required"}},
		{"ShortText", []string{"add", "--topic", "startups", "--text", "Too short", "--source", source}, []string{"--text: The text has 9 characters"}},
		{"BadSource", []string{"add", "--topic", "startups", "--text", text, "--source", "example.com"}, []string{"--source: \"example.com\" is not a valid source"}},
		{"BadPeriod", []string{"add", "--topic", "startups", "--text", text, "--source", source, "--period", "someday"}, []string{"--period: \"someday\" is not a period"}},
		{"TopicTypo", []string{"add", "--topic", "exprts", "--text", text, "--source", source}, []string{"--topic: I don't know the topic \"exprts\". Did you mean exports?", "new:exprts"}},
		{"Duplicate", []string{"add", "--topic", "exports", "--source", source, "--text", "In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion, a rise of 24% on the year before."},
			[]string{"it-exports-fy2023-24", "pakbot facts edit it-exports-fy2023-24 --text"}},
		{"EditNothing", []string{"edit", "it-exports-fy2023-24"}, []string{"say what to change", "usage: pakbot facts edit KEY"}},
		{"EditUnknownKey", []string{"edit", "no-such-fact", "--period", "2024"}, []string{`no fact has the key "no-such-fact"`, "pakbot facts list"}},
		{"EditFieldAsText", []string{"edit", "it-exports-fy2023-24", "period", "2021-12"}, []string{`"period 2021-12" reads as a field`, "nothing was saved"}},
		{"EditTextTwice", []string{"edit", "it-exports-fy2023-24", "--text", text, "more", "words"}, []string{"either with --text or after the key"}},
		{"TitleWithoutSource", []string{"edit", "it-exports-fy2023-24", "--title", "A report"}, []string{"--title: A source title goes with the source's URL"}},
		{"ValueWithoutUnit", []string{"add", "--topic", "startups", "--text", text, "--source", source, "--value", "90"}, []string{"--value and --unit go together", "usage: pakbot facts add"}},
		{"ValueNotANumber", []string{"edit", "it-exports-fy2023-24", "--value", "lots", "--unit", "USD bn"}, []string{`--value "lots" is not a number`}},
		{"UnitOfSymbols", []string{"edit", "it-exports-fy2023-24", "--value", "3", "--unit", "$$"}, []string{`--unit: The unit "$$" must be plain text`}},
		{"UnknownCommand", []string{"frob"}, []string{`unknown facts command "frob"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runPakbot(t, env, "", append([]string{"facts"}, tt.args...)...)
			if r.err == nil {
				t.Fatalf("pakbot facts %s succeeded:\n%s", strings.Join(tt.args, " "), r.stdout)
			}
			msg := r.err.Error() + "\n" + r.stderr
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			for _, chat := range []string{"/editfact", "/restorefact", "/fact", "/history", "/addfact", " | "} {
				if strings.Contains(msg, chat) {
					t.Errorf("error speaks chat (%q):\n%s", chat, msg)
				}
			}
		})
	}
	t.Run("RemovedTwice", func(t *testing.T) {
		MustRunPakbot(t, env, "", "facts", "remove", "spotify-launch-2021-02")
		r := runPakbot(t, env, "", "facts", "remove", "spotify-launch-2021-02")
		if r.err == nil || !strings.Contains(r.err.Error(), "pakbot facts restore spotify-launch-2021-02") || strings.Contains(r.err.Error(), "/restorefact") {
			t.Errorf("got %v", r.err)
		}
	})
}

// TestFactsEdit changes each field from the shell and checks that the text
// never takes in an option.
func TestFactsEdit(t *testing.T) {
	env := dbEnv(t)
	const key = "it-exports-fy2023-24"
	original := MustRunPakbot(t, env, "", "facts", "show", key).stdout

	// A period the text contradicts is refused, and nothing is saved.
	if r := runPakbot(t, env, "", "facts", "edit", key, "--period", "FY2022-23"); r.err == nil || !strings.Contains(r.err.Error(), "The text says FY 2023-24") {
		t.Errorf("edit --period FY2022-23 of a FY 2023-24 text: %v", r.err)
	}
	if got := MustRunPakbot(t, env, "", "facts", "show", key).stdout; got != original {
		t.Errorf("a refused edit changed the fact:\n%s", got)
	}
	r := MustRunPakbot(t, env, "", "facts", "edit", key, "--period", "2024")
	if r.stdout != "saved version 2 of "+key+"\n"+"It joins IT exports: now the newest of 2 periods (series it-exports-annual).\n" {
		t.Errorf("edit --period printed %q", r.stdout)
	}
	show := MustRunPakbot(t, env, "", "facts", "show", key).stdout
	if !strings.Contains(show, "period:    2024\n") || !strings.Contains(show, "text:      In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion") {
		t.Errorf("after edit --period:\n%s\nbefore:\n%s", show, original)
	}

	MustRunPakbot(t, env, "", "facts", "edit", key, "--source", "https://example.com/sbp", "--title", "SBP data", "--series", "none")
	MustRunPakbot(t, env, "", "facts", "edit", key, "--topic", "itexports", "In", "FY", "2023-24,", "IT", "exports", "were", "$3.2", "billion.", "--period", "FY 2023-24")
	show = MustRunPakbot(t, env, "", "facts", "show", key).stdout
	for _, want := range []string{"version:   4\n", "text:      In FY 2023-24, IT exports were $3.2 billion.\n", "period:    FY 2023-24\n", "series:    -\n", "source:    SBP data, example.com. https://example.com/sbp\n"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
	history := MustRunPakbot(t, env, "", "facts", "history", key).stdout
	for _, want := range []string{"(4 versions)", `v2, `, `period "FY 2023-24" became "2024"`, `series "it-exports-annual" became ""`, "v4, "} {
		if !strings.Contains(history, want) {
			t.Errorf("history lacks %q:\n%s", want, history)
		}
	}
	t.Run("UnknownOptionIsRefused", func(t *testing.T) {
		r := runPakbot(t, env, "", "facts", "edit", key, "--perod", "FY2023-24")
		if r.err == nil || !strings.Contains(r.stderr, "-perod") {
			t.Errorf("got %v, stderr %q", r.err, r.stderr)
		}
		if got := MustRunPakbot(t, env, "", "facts", "show", key).stdout; got != show {
			t.Errorf("a refused edit changed the fact:\n%s", got)
		}
	})
}

// TestFactsListAndSearch checks the listings operators and scripts read.
func TestFactsListAndSearch(t *testing.T) {
	env := dbEnv(t)
	MustRunPakbot(t, env, "", "facts", "remove", "spotify-launch-2021-02")

	t.Run("FullText", func(t *testing.T) {
		out := MustRunPakbot(t, env, "", "facts", "list").stdout
		db := MustOpenAt(t, env["PAKBOT_DB"])
		facts, err := db.ListFacts(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines(out)) != len(facts)+1 {
			t.Errorf("listed %d lines for %d facts and a header", len(lines(out)), len(facts))
		}
		for _, f := range facts {
			if !strings.Contains(out, f.Text) {
				t.Errorf("list cuts or lacks the text of %s: %q", f.Key, f.Text)
			}
		}
		if strings.Contains(out, "spotify-launch-2021-02") {
			t.Error("a removed fact is listed among those in use")
		}
	})
	t.Run("RemovedOnly", func(t *testing.T) {
		out := lines(MustRunPakbot(t, env, "", "facts", "list", "--removed").stdout)
		if len(out) != 2 || !strings.HasPrefix(out[1], "spotify-launch-2021-02 ") {
			t.Errorf("list --removed printed:\n%s", strings.Join(out, "\n"))
		}
	})
	t.Run("JSON", func(t *testing.T) {
		var list []map[string]any
		out := MustRunPakbot(t, env, "", "facts", "list", "--json", "--topic", "itexports").stdout
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatalf("list --json is not one JSON array: %v\n%s", err, out)
		}
		if len(list) == 0 {
			t.Fatal("list --json --topic itexports listed nothing")
		}
		for _, f := range list {
			if f["topic"] != "exports" || f["key"] == "" || f["text"] == "" || f["version"] == nil {
				t.Errorf("listed %v", f)
			}
		}
		if out := MustRunPakbot(t, env, "", "facts", "list", "--json", "--removed", "--topic", "techparks").stdout; strings.TrimSpace(out) != "[]" {
			t.Errorf("an empty listing is %q, want []", out)
		}
	})
	t.Run("Search", func(t *testing.T) {
		out := lines(MustRunPakbot(t, env, "", "facts", "search", "IT", "exports", "FY", "2023-24").stdout)
		if len(out) < 2 || !strings.HasPrefix(out[1], "it-exports-fy2023-24 ") {
			t.Errorf("search printed:\n%s", strings.Join(out, "\n"))
		}
		var hits []map[string]any
		raw := MustRunPakbot(t, env, "", "facts", "search", "--json", "--limit", "3", "software technology parks").stdout
		if err := json.Unmarshal([]byte(raw), &hits); err != nil || len(hits) == 0 || len(hits) > 3 {
			t.Fatalf("search --json: %v\n%s", err, raw)
		}
		if _, ok := hits[0]["confidence"].(float64); !ok {
			t.Errorf("search --json hit lacks its confidence: %v", hits[0])
		}
	})
}

func TestFactsImportFromStandardInput(t *testing.T) {
	from, to := dbEnv(t), dbEnv(t)
	MustRunPakbot(t, from, "", "facts", "add", "--topic", "startups", "--period", "2025",
		"--text", "In 2025, the Zorbatel incubator in Peshawar helped 40 startups raise seed funding.", "--source", "https://example.com/zorbatel")
	export := MustRunPakbot(t, from, "", "facts", "export").stdout
	r := MustRunPakbot(t, to, export, "facts", "import", "-")
	if !strings.HasPrefix(r.stdout, "restored 172 facts with 172 versions") {
		t.Errorf("import - printed %q", r.stdout)
	}
	if out := MustRunPakbot(t, to, "", "facts", "search", "Zorbatel incubator").stdout; !strings.Contains(out, "Zorbatel") {
		t.Errorf("the imported fact is not found:\n%s", out)
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"facts", "--help"}, {"facts", "-h"}, {"facts", "help"}, {"facts", "edit", "--help"}, {"serve", "--help"}, {"ask", "-h"}} {
		r := runPakbot(t, nil, "", args...)
		if r.err != nil && !errors.Is(r.err, errHelpShown) {
			t.Errorf("pakbot %s: %v (want exit status 0)", strings.Join(args, " "), r.err)
		}
		if !strings.Contains(r.stdout, "Usage") {
			t.Errorf("pakbot %s printed no usage on standard output: %q (stderr %q)", strings.Join(args, " "), r.stdout, r.stderr)
		}
	}
	for _, arg := range []string{"version", "--version"} {
		r := runPakbot(t, nil, "", arg)
		if r.err != nil {
			t.Errorf("pakbot %s: %v", arg, r.err)
		}
		for _, want := range []string{"pakbot ", "commit:", "date:", "go:      " + runtime.Version(), "fts5:    yes (SQLite 3."} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("pakbot %s lacks %q:\n%s", arg, want, r.stdout)
			}
		}
	}
}

// TestFactsExportImportKeepsHistory follows the operator's path: a newer
// figure, its period edited, exported, and imported into a fresh database
// (restored exactly) and into one in use (merged).
func TestFactsExportImportKeepsHistory(t *testing.T) {
	from := dbEnv(t)
	r := MustRunPakbot(t, from, "", "facts", "add", "--topic", "exports", "--period", "FY 2024-25", "--source", "https://example.com/pseb",
		"--text", "In FY 2024-25, Pakistan's IT exports reached $3.8 billion.")
	key := strings.TrimPrefix(lines(r.stdout)[0], "added ")
	MustRunPakbot(t, from, "", "facts", "edit", key, "--text", "In FY 2024-25, Pakistan's IT exports reached $3.8 billion, a record.")
	MustRunPakbot(t, from, "", "facts", "edit", key, "--period", "July 2024 to June 2025")
	MustRunPakbot(t, from, "", "facts", "remove", key)
	MustRunPakbot(t, from, "", "facts", "restore", key)
	history := MustRunPakbot(t, from, "", "facts", "history", key).stdout
	if !strings.Contains(history, "(5 versions)") {
		t.Fatalf("history before the export:\n%s", history)
	}
	answer := MustRunPakbot(t, from, "", "ask", "exports?").stdout
	export := MustRunPakbot(t, from, "", "facts", "export").stdout

	t.Run("IntoAFreshDatabase", func(t *testing.T) {
		to := dbEnv(t)
		MustRunPakbot(t, to, export, "facts", "import", "-")
		if got := MustRunPakbot(t, to, "", "facts", "history", key).stdout; got != history {
			t.Errorf("history differs after the restore:\n%s\nwant:\n%s", got, history)
		}
		if got := MustRunPakbot(t, to, "", "ask", "exports?").stdout; got != answer {
			t.Errorf("answer differs after the restore:\n%s\nwant:\n%s", got, answer)
		}
		if got := MustRunPakbot(t, to, "", "facts", "export").stdout; !sameExport(t, got, export) {
			t.Error("the restored database exports differently")
		}
	})
	t.Run("IntoADatabaseInUse", func(t *testing.T) {
		to := dbEnv(t)
		MustRunPakbot(t, to, "", "facts", "list")
		r := MustRunPakbot(t, to, export, "facts", "import", "-")
		if !strings.HasPrefix(r.stdout, "imported: 1 added, 0 updated") {
			t.Errorf("import printed %q", r.stdout)
		}
		got := MustRunPakbot(t, to, "", "facts", "history", key).stdout
		if !strings.Contains(got, "(5 versions)") || !strings.Contains(got, "v5, ") || !strings.Contains(got, "restore by operator tester on console") {
			t.Errorf("history after a merge:\n%s", got)
		}
	})
}

// sameExport compares two exports but for the time they were made.
func sameExport(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y map[string]any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatal(err)
	}
	delete(x, "exported_at")
	delete(y, "exported_at")
	return reflect.DeepEqual(x, y)
}

func TestBackupCommand(t *testing.T) {
	env := dbEnv(t)
	MustRunPakbot(t, env, "", "facts", "remove", "spotify-launch-2021-02")
	dest := filepath.Join(t.TempDir(), "copy.db")
	r := MustRunPakbot(t, env, "", "backup", dest)
	if !strings.HasPrefix(r.stdout, "backed up "+env["PAKBOT_DB"]+" to "+dest) {
		t.Errorf("backup printed %q", r.stdout)
	}
	copyEnv := map[string]string{"PAKBOT_DB": dest}
	if got, want := MustRunPakbot(t, copyEnv, "", "facts", "history", "spotify-launch-2021-02").stdout,
		MustRunPakbot(t, env, "", "facts", "history", "spotify-launch-2021-02").stdout; got != want {
		t.Errorf("the copy's history differs:\n%s\nwant:\n%s", got, want)
	}
	if r := runPakbot(t, env, "", "backup", dest); r.err == nil || !strings.Contains(r.err.Error(), "exists already") {
		t.Errorf("a second backup to the same file: %v", r.err)
	}
	if r := runPakbot(t, env, "", "backup"); r.err == nil || !strings.Contains(r.err.Error(), "usage: pakbot backup") {
		t.Errorf("backup without a file: %v", r.err)
	}
}

func TestFactsRemoveRestore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	if r := MustRunPakbot(t, nil, "", "facts", "--db", path, "remove", "tech-industry-growth"); r.stdout != "removed tech-industry-growth (version 2)\n" {
		t.Errorf("remove printed %q", r.stdout)
	}
	if r := MustRunPakbot(t, nil, "", "facts", "--db", path, "restore", "tech-industry-growth"); r.stdout != "restored tech-industry-growth (version 3)\n" {
		t.Errorf("restore printed %q", r.stdout)
	}
}

func TestFactsFigures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	run := func(args ...string) result {
		return runPakbot(t, nil, "", append([]string{"facts", "--db", path}, args...)...)
	}

	r := run("add", "--topic", "exports", "--text", "In FY 2024-25, Pakistan's IT exports reached $3.8 billion, a new record.",
		"--source", "https://example.com/pseb", "--period", "FY2024-25", "--value", "3.8", "--unit", "USD bn")
	if r.err != nil || !strings.Contains(r.stdout, "figure:    3.8 USD bn\n") {
		t.Fatalf("add with --value and --unit: %v\n%s", r.err, r.stdout)
	}
	key := strings.TrimSpace(strings.TrimPrefix(lines(r.stdout)[0], "added "))

	if r := run("edit", key, "--value", "3.81", "--unit", "USD bn"); r.err != nil ||
		r.stdout != "saved version 2 of "+key+"\nIt joins IT exports: now the newest of 3 periods (series it-exports-annual).\n" {
		t.Fatalf("edit --value: %v %q", r.err, r.stdout)
	}
	if r := run("show", key); !strings.Contains(r.stdout, "figure:    3.81 USD bn") || !strings.Contains(r.stdout, "a new record") {
		t.Errorf("after editing the figure:\n%s", r.stdout)
	}
	if r := run("edit", key, "--value", "none"); r.err != nil {
		t.Fatalf("edit --value none: %v", r.err)
	}
	if r := run("show", key); strings.Contains(r.stdout, "figure:") {
		t.Errorf("the figure is still shown after --value none:\n%s", r.stdout)
	}
	for _, bad := range [][]string{
		{"edit", key, "--value", "3.9"},
		{"edit", key, "--unit", "USD bn"},
		{"edit", key, "--value", "lots", "--unit", "USD bn"},
	} {
		if r := run(bad...); r.err == nil {
			t.Errorf("pakbot facts %s was accepted", strings.Join(bad, " "))
		}
	}
	if r := run("edit", key, "The", "old", "form", "still", "gives", "a", "fact", "new", "text."); r.err != nil || !strings.Contains(r.stdout, "version 4") {
		t.Errorf("edit KEY TEXT...: %v %q", r.err, r.stdout)
	}
}
