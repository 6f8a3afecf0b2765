package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestLexiconCommands(t *testing.T) {
	env := map[string]string{"PAKBOT_DB": filepath.Join(t.TempDir(), "pakbot.db")}
	const question = "Karachi IT park mein kitne rozgaarmauqe banenge?"
	ask := func() askReply {
		return decodeAsk(t, strings.TrimSpace(MustRunPakbot(t, env, "", "ask", "--json", question).stdout))
	}
	if r := ask(); r.Answered && len(r.Facts) > 0 && r.Facts[0].Key == "karachi-it-park-jobs" {
		t.Fatal("answered before the word was taught")
	}

	out := MustRunPakbot(t, env, "", "lexicon", "add", "rozgaarmauqe", "=", "jobs").stdout
	if !strings.Contains(out, `"rozgaarmauqe" now reads as "jobs"`) {
		t.Errorf("add said %q", out)
	}
	if r := ask(); !r.Answered || r.Facts[0].Key != "karachi-it-park-jobs" {
		t.Errorf("after lexicon add: answered %v with %v, want karachi-it-park-jobs", r.Answered, r.Facts)
	}
	if list := MustRunPakbot(t, env, "", "lexicon", "list").stdout; !strings.Contains(list, "rozgaarmauqe") || !strings.Contains(list, "jobs") {
		t.Errorf("list = %q", list)
	}

	t.Run("ChatCommand", func(t *testing.T) {
		r := MustRunPakbot(t, env, "/synonym banenge = create\n/synonyms\n", "chat")
		if !strings.Contains(r.stdout, `From now on I read "banenge" as "create"`) || !strings.Contains(r.stdout, "banenge = create") {
			t.Errorf("chat said %q", r.stdout)
		}
	})

	t.Run("Help", func(t *testing.T) {
		r := runPakbot(t, env, "", "lexicon", "--help")
		if !errors.Is(r.err, errHelpShown) || !strings.Contains(r.stdout, "pakbot lexicon [--db PATH] COMMAND") {
			t.Errorf("lexicon --help: %v, stdout %q; want the usage on standard output and exit 0", r.err, r.stdout)
		}
	})

	t.Run("RemoveAndErrors", func(t *testing.T) {
		MustRunPakbot(t, env, "", "lexicon", "remove", "rozgaarmauqe")
		if r := runPakbot(t, env, "", "lexicon", "remove", "rozgaarmauqe"); r.err == nil || !strings.Contains(r.err.Error(), "pakbot lexicon list") || strings.Contains(r.err.Error(), "/synonyms") {
			t.Errorf("second remove: %v, want an error in the shell's words", r.err)
		}
		if r := runPakbot(t, env, "", "lexicon", "add", "naukri"); r.err == nil || !strings.Contains(r.err.Error(), "usage: pakbot lexicon add WORD = MEANING") {
			t.Errorf("add without a meaning: %v", r.err)
		}
		if r := runPakbot(t, env, "", "lexicon", "add", "a'; DROP TABLE facts; --", "=", "jobs"); r.err == nil {
			t.Error("SQL as a word was accepted")
		}
	})
}
