package main

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

// loggedDB returns the environment of a seeded database file whose log
// holds a declined question asked by two users, in two wordings, and an
// answer voted 👎 with a reason.
func loggedDB(t *testing.T) map[string]string {
	t.Helper()
	env := dbEnv(t)
	MustRunPakbot(t, env, "", "facts", "list") // creates and seeds it
	db, err := knowledge.Open(context.Background(), env["PAKBOT_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Now().Add(-time.Hour)
	q := func(id, user, text string, outcome bot.LogOutcome, facts ...string) bot.LoggedQuestion {
		return bot.LoggedQuestion{AnswerID: id, At: at, Platform: bot.Discord, Chat: bot.ChatGroup, UserID: user, Question: text, Outcome: outcome, Facts: facts}
	}
	ctx := context.Background()
	if err := db.LogQuestions(ctx, []bot.LoggedQuestion{
		q("00000000000000b1", "1", "How many cricket stadiums does Lahore have?", bot.LogDeclined),
		q("00000000000000b2", "2", "how many  cricket stadiums does lahore have", bot.LogDeclined),
		q("00000000000000b3", "3", "What were Pakistan's IT exports in FY 2023-24?", bot.LogAnswered, "it-exports-fy2023-24"),
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Vote(ctx, bot.Ballot{AnswerID: "00000000000000b3", Platform: bot.Discord, UserID: "4", Choice: bot.ReasonOutdated}); err != nil {
		t.Fatal(err)
	}
	return env
}

func TestMissesJSONContract(t *testing.T) {
	env := loggedDB(t)
	r := MustRunPakbot(t, env, "", "misses", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("misses --json printed %q: %v", r.stdout, err)
	}
	if len(list) != 2 {
		t.Fatalf("%d entries, want the question asked twice and the downvoted answer:\n%s", len(list), r.stdout)
	}
	for _, entry := range list {
		for _, key := range []string{"id", "question", "count", "last_asked", "reasons"} {
			if _, ok := entry[key]; !ok {
				t.Errorf("entry lacks %q: %v", key, entry)
			}
		}
		if _, err := time.Parse(time.RFC3339, entry["last_asked"].(string)); err != nil {
			t.Errorf("last_asked %v is not a time", entry["last_asked"])
		}
	}
	var cricket, exports map[string]any
	for _, e := range list {
		switch q := strings.ToLower(e["question"].(string)); {
		case strings.HasPrefix(q, "how many cricket stadiums does lahore have"):
			cricket = e
		case q == "what were pakistan's it exports in fy 2023-24?":
			exports = e
		}
	}
	if cricket == nil || cricket["count"] != 2.0 || !slices.Equal(toStrings(cricket["reasons"]), []string{"declined"}) {
		t.Errorf("the cricket question = %v, want one entry asked 2 times, declined", cricket)
	}
	if exports == nil || !slices.Equal(toStrings(exports["reasons"]), []string{"downvoted"}) {
		t.Errorf("the downvoted answer = %v", exports)
	}

	t.Run("Text", func(t *testing.T) {
		out := MustRunPakbot(t, env, "", "misses").stdout
		if !strings.HasPrefix(out, "ID  COUNT  LAST ASKED") || !strings.Contains(out, "declined") || !strings.Contains(out, "downvoted") {
			t.Errorf("pakbot misses:\n%s", out)
		}
	})
	t.Run("Dismiss", func(t *testing.T) {
		id := jsonID(cricket["id"])
		out := MustRunPakbot(t, env, "", "misses", "dismiss", id).stdout
		if !strings.HasPrefix(out, "dismissed "+id+" ") {
			t.Errorf("pakbot misses dismiss: %q", out)
		}
		r := runPakbot(t, env, "", "misses", "dismiss", id)
		if r.err == nil || !strings.Contains(r.err.Error(), "was dismissed by operator tester") {
			t.Errorf("dismissing twice = %v", r.err)
		}
	})
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func jsonID(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestStatsJSONContract(t *testing.T) {
	env := loggedDB(t)
	r := MustRunPakbot(t, env, "", "stats", "--json")
	var stats map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &stats); err != nil {
		t.Fatalf("stats --json printed %q: %v", r.stdout, err)
	}
	want := map[string]any{"days": 30.0, "questions": 3.0, "answered": 1.0, "declined": 2.0, "up": 0.0, "down": 1.0}
	for k, v := range want {
		if stats[k] != v {
			t.Errorf("%s = %v, want %v", k, stats[k], v)
		}
	}
	facts, ok := stats["top_facts"].([]any)
	if !ok || len(facts) != 1 {
		t.Fatalf("top_facts = %v", stats["top_facts"])
	}
	if f := facts[0].(map[string]any); f["key"] != "it-exports-fy2023-24" || f["count"] != 1.0 {
		t.Errorf("top_facts[0] = %v", f)
	}
	if weeks, _ := stats["weeks"].([]any); len(weeks) != 5 {
		t.Errorf("%d weeks of trend for 30 days, want 5", len(weeks))
	}

	t.Run("Days", func(t *testing.T) {
		var week map[string]any
		json.Unmarshal([]byte(MustRunPakbot(t, env, "", "stats", "--json", "--days", "7").stdout), &week)
		if week["days"] != 7.0 || week["questions"] != 3.0 {
			t.Errorf("--days 7: %v", week)
		}
		for _, bad := range []string{"0", "-3", "4000"} {
			r := runPakbot(t, env, "", "stats", "--days", bad)
			var ue *usageError
			if !errors.As(r.err, &ue) || !strings.Contains(r.err.Error(), "--days") {
				t.Errorf("--days %s = %v, want a usage error naming the flag", bad, r.err)
			}
		}
	})
	t.Run("Text", func(t *testing.T) {
		out := MustRunPakbot(t, env, "", "stats").stdout
		for _, want := range []string{"last 7 days: 3 questions, 1 answered (33%), 2 declined", "last 30 days:", "top facts, last 30 days:", "answer rate by week:"} {
			if !strings.Contains(out, want) {
				t.Errorf("pakbot stats lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("Help", func(t *testing.T) {
		for _, cmd := range []string{"stats", "misses"} {
			r := runPakbot(t, env, "", cmd, "-h")
			if !errors.Is(r.err, errHelpShown) || !strings.Contains(r.stdout, "Usage: pakbot "+cmd) {
				t.Errorf("pakbot %s -h printed %q", cmd, r.stdout)
			}
		}
	})
}
