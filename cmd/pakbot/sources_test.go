package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// parksID is the seed source no one has found a page for.
const parksID = "004_fa9e532e3ffc210a"

func TestSourcesList(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	r := MustRunPakbot(t, nil, "", "sources", "--db", path, "list")
	got := lines(r.stdout)
	if len(got) != 6 || !strings.HasPrefix(got[0], "ID") || !strings.Contains(got[0], "FACTS") {
		t.Fatalf("got\n%s\nwant a header and the five seed sources", r.stdout)
	}
	var chats string
	for _, l := range got {
		if strings.HasPrefix(l, chatsID) {
			chats = l
		}
	}
	if f := strings.Fields(chats); len(f) < 4 || f[1] != "21" || f[2] != "1" || !strings.HasSuffix(chats, "chatswithfolks.com. "+chatsURL) {
		t.Errorf("source 003 listed as %q, want 21 facts, version 1 and its citation", chats)
	}

	t.Run("UnknownCommand", func(t *testing.T) {
		r := runPakbot(t, nil, "", "sources", "--db", path, "remove", chatsID)
		if r.err == nil || !strings.Contains(r.err.Error(), `unknown sources command "remove"`) || !strings.Contains(r.stderr, "edit ID [--title T]") {
			t.Errorf("got %v, stderr %q; want the error and the sources usage", r.err, r.stderr)
		}
	})
}

func TestSourcesEdit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	env := map[string]string{"USER": "ayesha"}
	r := MustRunPakbot(t, env, "", "sources", "--db", path, "edit", parksID, "--publisher", "Ministry of IT", "--published", "2025-02")
	if want := "saved version 2 of source " + parksID + ", cited by 48 facts:\nPakistan's IT infrastructure, Türkiye cooperation, technology parks, Ministry of IT, February 2025\n"; r.stdout != want {
		t.Errorf("got %q, want %q", r.stdout, want)
	}
	// The id may follow the flags too.
	MustRunPakbot(t, env, "", "sources", "--db", path, "edit", "--publisher", "", parksID)
	r = MustRunPakbot(t, env, "", "sources", "--db", path, "history", parksID)
	if got := lines(r.stdout); len(got) != 3 || !strings.Contains(got[1], "edit by operator ayesha on console: ") ||
		!strings.HasSuffix(got[1], "technology parks, Ministry of IT, February 2025") || !strings.HasSuffix(got[2], "technology parks, February 2025") {
		t.Errorf("history:\n%s\nwant the seed version and both edits", r.stdout)
	}

	t.Run("ErrorsNameTheFlag", func(t *testing.T) {
		for _, tt := range []struct {
			args []string
			want string
		}{
			{[]string{parksID, "--url", "ftp://example.org/a"}, `--url: "ftp://example.org/a" is not a valid source`},
			{[]string{parksID, "--published", "FY2024-25"}, `--published: "FY2024-25" is not a date`},
			{[]string{parksID, "--title", ""}, "--title: A source needs a title"},
			{[]string{parksID}, "nothing to change: give --title, --publisher, --url or --published"},
			{[]string{"--title", "A title"}, "which source? give its id (pakbot sources list shows them)"},
			{[]string{parksID, "--title", "Two", "words"}, `unexpected "words": quote a value that has spaces`},
			{[]string{"no-such-source", "--title", "A title"}, `no source "no-such-source"; pakbot sources list shows every source's id`},
			{[]string{parksID, "--url", "https://meatechwatch.com/?p=16838"}, "already the address of source 002_09a3affbfa5d9bdf"},
		} {
			r := runPakbot(t, env, "", append([]string{"sources", "--db", path, "edit"}, tt.args...)...)
			if r.err == nil || !strings.Contains(r.err.Error(), tt.want) {
				t.Errorf("pakbot sources edit %s: got %v, want an error containing %q", strings.Join(tt.args, " "), r.err, tt.want)
				continue
			}
			if msg := r.err.Error(); strings.Contains(msg, "/editsource") || strings.Contains(msg, " | ") || strings.Contains(msg, "/sources") {
				t.Errorf("pakbot sources edit %s: error %q speaks chat, not the shell", strings.Join(tt.args, " "), msg)
			}
		}
		if r := MustRunPakbot(t, env, "", "sources", "--db", path, "history", parksID); len(lines(r.stdout)) != 3 {
			t.Errorf("refused edits changed the source:\n%s", r.stdout)
		}
	})
}
