package knowledge_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

// mustOpenLogged opens a seeded database file that reads questions with
// the built-in lexicon, as pakbot does.
func mustOpenLogged(tb testing.TB) (*knowledge.DB, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "pakbot.db")
	db := MustOpenSeededAt(tb, path)
	tb.Cleanup(func() { db.Close() })
	lex, err := seeds.LoadLexicon(seeds.FS)
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.SetLexicon(context.Background(), lex); err != nil {
		tb.Fatal(err)
	}
	return db, path
}

var answerIDs int

// logged is a log entry for question, asked by user on Telegram at at.
func logged(user, question string, outcome bot.LogOutcome, at time.Time, facts ...string) bot.LoggedQuestion {
	answerIDs++
	return bot.LoggedQuestion{AnswerID: fmt.Sprintf("%016x", answerIDs), At: at, Platform: bot.Telegram, Chat: bot.ChatPrivate,
		UserID: user, Question: question, Outcome: outcome, Facts: facts, Confidence: 0.3, Latency: time.Millisecond}
}

func mustLog(tb testing.TB, db *knowledge.DB, entries ...bot.LoggedQuestion) {
	tb.Helper()
	if err := db.LogQuestions(context.Background(), entries); err != nil {
		tb.Fatal(err)
	}
}

func mustMisses(tb testing.TB, db *knowledge.DB) []bot.Miss {
	tb.Helper()
	list, err := db.Misses(context.Background(), bot.MissQuery{})
	if err != nil {
		tb.Fatal(err)
	}
	return list
}

func TestQuestionLogKeepsNoIdentity(t *testing.T) {
	db, path := mustOpenLogged(t)
	const user, name = "123456789", "Ayesha Khan"
	q := logged(user, "What is the population of Karachi?", bot.LogDeclined, time.Now())
	mustLog(t, db, q)
	if _, _, err := db.Vote(context.Background(), bot.Ballot{AnswerID: q.AnswerID, Platform: bot.Telegram, UserID: user, Choice: bot.ChoiceDown}); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, table := range []string{"question_log", "answer_votes", "miss_groups"} {
		rows, err := raw.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			values := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := fmt.Sprint(values...)
			if strings.Contains(row, user) || strings.Contains(row, name) {
				t.Errorf("%s keeps the user in clear: %s", table, row)
			}
		}
		rows.Close()
	}
	var hash string
	if err := raw.QueryRow(`SELECT user_hash FROM question_log`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	// An unsalted hash of the id would be found by hashing every id.
	for _, unsalted := range []string{user, "telegram" + user, "telegram\x00" + user} {
		if strings.Contains(hash, fmt.Sprintf("%x", sha256Sum(unsalted))[:32]) {
			t.Errorf("user_hash %s is an unsalted hash of %q", hash, unsalted)
		}
	}

	t.Run("SameUserSameHash", func(t *testing.T) {
		mustLog(t, db, logged(user, "tiktok users pakistan", bot.LogDeclined, time.Now()), logged("42", "tiktok users pakistan", bot.LogDeclined, time.Now()))
		var users int
		if err := raw.QueryRow(`SELECT COUNT(DISTINCT user_hash) FROM question_log`).Scan(&users); err != nil {
			t.Fatal(err)
		}
		if users != 2 {
			t.Errorf("%d distinct users, want 2", users)
		}
	})
}

func TestMissesGroupTheSameQuestion(t *testing.T) {
	db, _ := mustOpenLogged(t)
	now := time.Now()
	mustLog(t, db,
		logged("1", "Tell me about TikTok usage in Pakistan", bot.LogDeclined, now.Add(-3*time.Hour)),
		logged("2", "tell me about  TIKTOK usage in pakistan", bot.LogDeclined, now.Add(-2*time.Hour)),
		logged("3", "TikTok usage in Pakistan?", bot.LogDidYouMean, now.Add(-time.Hour)),
		logged("4", "How many cricket stadiums does Lahore have?", bot.LogDeclined, now.Add(-30*24*time.Hour)),
		logged("5", "What were Pakistan's IT exports in FY 2023-24?", bot.LogAnswered, now, "it-exports-fy2023-24"),
	)
	list := mustMisses(t, db)
	if len(list) != 2 {
		t.Fatalf("%d groups, want the TikTok question and the stadiums: %+v", len(list), list)
	}
	tiktok := list[0]
	if tiktok.Count != 3 || tiktok.Question != "tell me about TIKTOK usage in pakistan" && tiktok.Question != "Tell me about TikTok usage in Pakistan" {
		t.Errorf("first group = %+v, want the TikTok question asked 3 times, in its most asked wording", tiktok)
	}
	if len(tiktok.Variants) != 1 || tiktok.Variants[0] != "TikTok usage in Pakistan?" {
		t.Errorf("variants = %q", tiktok.Variants)
	}
	if !slices.Equal(tiktok.Reasons, []bot.MissReason{bot.MissDeclined, bot.MissDidYouMean}) {
		t.Errorf("reasons = %v", tiktok.Reasons)
	}
	if d := time.Since(tiktok.LastAsked); d < 59*time.Minute || d > 61*time.Minute {
		t.Errorf("last asked %v ago, want an hour", d)
	}
	if list[1].Count != 1 || !strings.Contains(list[1].Question, "cricket") {
		t.Errorf("second group = %+v", list[1])
	}

	t.Run("NumbersStay", func(t *testing.T) {
		mustLog(t, db, logged("6", "TikTok usage in Pakistan", bot.LogDeclined, now))
		again := mustMisses(t, db)
		if again[0].ID != tiktok.ID || again[0].Count != 4 {
			t.Errorf("after another ask: %+v, want group %d with 4", again[0], tiktok.ID)
		}
	})
}

func TestVotes(t *testing.T) {
	db, _ := mustOpenLogged(t)
	ctx := context.Background()
	q := logged("1", "What were Pakistan's IT exports in FY 2023-24?", bot.LogAnswered, time.Now(), "it-exports-fy2023-24")
	mustLog(t, db, q)
	vote := func(p bot.Platform, user string, c bot.Choice) (bot.Tally, bot.VoteEffect) {
		t.Helper()
		tally, effect, err := db.Vote(ctx, bot.Ballot{AnswerID: q.AnswerID, Platform: p, UserID: user, Choice: c})
		if err != nil {
			t.Fatal(err)
		}
		return tally, effect
	}
	steps := []struct {
		platform bot.Platform
		user     string
		choice   bot.Choice
		tally    bot.Tally
		effect   bot.VoteEffect
	}{
		{bot.Telegram, "7", bot.ChoiceDown, bot.Tally{Down: 1}, bot.VoteAdded},
		{bot.Telegram, "8", bot.ChoiceDown, bot.Tally{Down: 2}, bot.VoteAdded},
		// The same id on another platform is another person.
		{bot.Discord, "7", bot.ChoiceUp, bot.Tally{Up: 1, Down: 2}, bot.VoteAdded},
		{bot.Telegram, "7", bot.ReasonOutdated, bot.Tally{Up: 1, Down: 2}, bot.VoteReason},
		// A second press of the same button never adds: it takes back.
		{bot.Telegram, "8", bot.ChoiceDown, bot.Tally{Up: 1, Down: 1}, bot.VoteRemoved},
		{bot.Discord, "7", bot.ChoiceDown, bot.Tally{Down: 2}, bot.VoteChanged},
		{bot.Telegram, "8", bot.ReasonWrong, bot.Tally{Down: 3}, bot.VoteReason},
	}
	for _, s := range steps {
		tally, effect := vote(s.platform, s.user, s.choice)
		if tally != s.tally || effect != s.effect {
			t.Errorf("%s user %s presses %s: %+v %s, want %+v %s", s.platform, s.user, s.choice, tally, effect, s.tally, s.effect)
		}
	}
	list := mustMisses(t, db)
	if len(list) != 1 || list[0].Downvotes != 3 || !slices.Equal(list[0].Reasons, []bot.MissReason{bot.MissDownvoted}) ||
		!slices.Equal(list[0].Facts, []string{"it-exports-fy2023-24"}) || len(list[0].DownReasons) != 2 {
		t.Errorf("misses = %+v, want the answer downvoted 3 times with 2 reasons", list)
	}

	t.Run("UnknownAnswer", func(t *testing.T) {
		_, _, err := db.Vote(ctx, bot.Ballot{AnswerID: "00000000deadbeef", Platform: bot.Telegram, UserID: "7", Choice: bot.ChoiceUp})
		if !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("vote on an unknown answer = %v, want ErrNotFound", err)
		}
	})
	t.Run("StatsCountVotes", func(t *testing.T) {
		s, err := db.Stats(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if s.Up != 0 || s.Down != 3 || s.Questions != 1 || s.Answered != 1 {
			t.Errorf("stats = %+v", s)
		}
		if len(s.TopFacts) != 1 || s.TopFacts[0] != (bot.KeyCount{Key: "it-exports-fy2023-24", Count: 1}) ||
			len(s.TopTopics) != 1 || s.TopTopics[0].Key != "exports" {
			t.Errorf("top facts %+v, topics %+v", s.TopFacts, s.TopTopics)
		}
	})
}

func TestDismissAndAttach(t *testing.T) {
	db, _ := mustOpenLogged(t)
	ctx := context.Background()
	engine := bot.New(db, bot.WithReader(db.Reader()))
	const question = "Tell me about TikTok usage in Pakistan"
	if r := engine.Ask(ctx, question); r.Answered {
		t.Fatalf("%q is answered already:\n%s", question, bot.RenderText(r))
	}
	mod := bot.Actor{Platform: bot.Discord, ChatID: "c1", UserID: "99", Name: "bilal"}
	mustLog(t, db, logged("1", question, bot.LogDeclined, time.Now()), logged("2", "How many cricket stadiums does Lahore have?", bot.LogDeclined, time.Now()))
	list := mustMisses(t, db)
	var tiktok, cricket bot.Miss
	for _, m := range list {
		if strings.Contains(m.Question, "TikTok") {
			tiktok = m
		} else {
			cricket = m
		}
	}

	t.Run("Dismiss", func(t *testing.T) {
		if _, err := db.DismissMiss(ctx, cricket.ID, mod); err != nil {
			t.Fatal(err)
		}
		for _, m := range mustMisses(t, db) {
			if m.ID == cricket.ID {
				t.Errorf("dismissed group still listed: %+v", m)
			}
		}
		m, closed, err := db.Miss(ctx, cricket.ID)
		if err != nil || m.Count != 0 || closed.Action != "dismiss" || closed.By != "bilal" {
			t.Errorf("Miss after dismissal = %+v %+v %v", m, closed, err)
		}
		// Asked again, it is back, counting from the dismissal.
		mustLog(t, db, logged("3", "how many cricket stadiums does lahore have", bot.LogDeclined, time.Now()))
		m, _, _ = db.Miss(ctx, cricket.ID)
		if m.Count != 1 {
			t.Errorf("asked again after dismissal: count %d, want 1", m.Count)
		}
	})
	t.Run("AttachAnswersNextTime", func(t *testing.T) {
		_, f, err := db.AttachMiss(ctx, tiktok.ID, "mobile-broadband-penetration", mod)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(f.Aliases, question) || f.Version != 2 {
			t.Errorf("fact after attaching: version %d, aliases %q", f.Version, f.Aliases)
		}
		r := engine.Ask(ctx, question)
		if !r.Answered || r.Facts[0].Key != "mobile-broadband-penetration" {
			t.Errorf("after attaching, %q gets:\n%s", question, bot.RenderText(r))
		}
		if m, closed, _ := db.Miss(ctx, tiktok.ID); m.Count != 0 || closed.Action != "alias" || closed.FactKey != "mobile-broadband-penetration" {
			t.Errorf("group after attaching = %+v %+v", m, closed)
		}
		h, _ := db.History(ctx, "mobile-broadband-penetration")
		if last := h[len(h)-1]; last.Author != "bilal" || last.Platform != bot.Discord {
			t.Errorf("last version by %s on %s", last.Author, last.Platform)
		}
	})
	t.Run("UnknownGroup", func(t *testing.T) {
		if _, err := db.DismissMiss(ctx, 999, mod); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("dismissing group 999 = %v", err)
		}
	})
}

func TestForgetQuestions(t *testing.T) {
	db, _ := mustOpenLogged(t)
	ctx := context.Background()
	now := time.Now()
	old := logged("1", "How many cricket stadiums does Lahore have?", bot.LogDeclined, now.Add(-91*24*time.Hour))
	recent := logged("2", "Tell me about TikTok usage in Pakistan", bot.LogAnswered, now.Add(-89*24*time.Hour), "mobile-broadband-penetration")
	mustLog(t, db, old, recent, logged("3", "What were Pakistan's IT exports?", bot.LogAnswered, now.Add(-91*24*time.Hour), "it-exports-fy2023-24"))
	for _, id := range []string{old.AnswerID, recent.AnswerID} {
		if _, _, err := db.Vote(ctx, bot.Ballot{AnswerID: id, Platform: bot.Telegram, UserID: "9", Choice: bot.ChoiceDown}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.ForgetQuestions(ctx, now.Add(-90*24*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("ForgetQuestions = %d, %v; want the 2 entries older than 90 days", n, err)
	}
	s, _ := db.Stats(ctx, now.Add(-365*24*time.Hour), now.Add(time.Minute))
	if s.Questions != 1 || s.Down != 1 {
		t.Errorf("after forgetting: %+v, want one question and its vote", s)
	}
	list := mustMisses(t, db)
	if len(list) != 1 || !strings.Contains(list[0].Question, "TikTok") {
		t.Errorf("misses after forgetting = %+v", list)
	}
	if _, _, err := db.Vote(ctx, bot.Ballot{AnswerID: old.AnswerID, Platform: bot.Telegram, UserID: "9", Choice: bot.ChoiceUp}); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("vote on a forgotten answer = %v, want ErrNotFound", err)
	}
}

func TestMissMarks(t *testing.T) {
	db, _ := mustOpenLogged(t)
	ctx := context.Background()
	mustLog(t, db, logged("1", "How many cricket stadiums does Lahore have?", bot.LogDeclined, time.Now()))
	mark, err := db.LogMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveDigestMark(ctx, "telegram -100", mark); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.DigestMark(ctx, "telegram -100")
	if err != nil || !ok || got.Question != mark.Question || got.Vote != mark.Vote {
		t.Fatalf("DigestMark = %+v %v %v, want %+v", got, ok, err, mark)
	}
	if _, ok, _ := db.DigestMark(ctx, "discord 5"); ok {
		t.Error("a target never sent a digest has a mark")
	}
	answered := logged("2", "What were Pakistan's IT exports?", bot.LogAnswered, time.Now(), "it-exports-fy2023-24")
	mustLog(t, db, logged("3", "Tell me about TikTok usage in Pakistan", bot.LogDeclined, time.Now()), answered)
	db.Vote(ctx, bot.Ballot{AnswerID: answered.AnswerID, Platform: bot.Telegram, UserID: "1", Choice: bot.ChoiceDown})
	after, err := db.Misses(ctx, bot.MissQuery{After: mark})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 2 {
		t.Fatalf("misses after the mark = %+v, want the TikTok question and the 👎", after)
	}
	for _, m := range after {
		if strings.Contains(m.Question, "cricket") {
			t.Errorf("a miss before the mark is listed: %+v", m)
		}
	}
	now, _ := db.LogMark(ctx)
	if none, _ := db.Misses(ctx, bot.MissQuery{After: now}); len(none) != 0 {
		t.Errorf("misses after the latest mark = %+v", none)
	}
}

func sha256Sum(s string) [32]byte { return sha256.Sum256([]byte(s)) }
