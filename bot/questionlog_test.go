package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// recorder keeps what the engine logs.
type recorder struct {
	mu      sync.Mutex
	entries []bot.LoggedQuestion
}

func (r *recorder) Record(q bot.LoggedQuestion) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, q)
}

func (r *recorder) Flush(context.Context) error { return nil }

func (r *recorder) logged() []bot.LoggedQuestion {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.LoggedQuestion(nil), r.entries...)
}

func TestQuestionLogRecordsQuestions(t *testing.T) {
	kb := newKB()
	kb.hits["IT exports FY 2023-24"] = []bot.Hit{{Fact: exportsFY24, Score: 2, Confidence: 0.9}}
	kb.hits["quantum widgets"] = []bot.Hit{{Fact: zones, Score: 0.1, Confidence: 0.1}}
	kb.hits["technology zones abroad"] = []bot.Hit{{Fact: zones, Score: 0.5, Confidence: 0.4}}
	rec := &recorder{}
	e := bot.New(kb, bot.WithQuestionLog(rec))
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	ask := func(chat, text string) bot.Reply {
		return e.Handle(context.Background(), bot.Request{Platform: bot.Telegram, ChatID: chat, UserID: "42", UserName: "Ayesha", Text: text, At: at})
	}

	answer := ask("42", "IT exports FY 2023-24")
	decline := ask("-100", "quantum widgets")
	nearMiss := ask("-100", "technology zones abroad")
	ask("42", "/help")
	ask("42", "/exports")
	ask("42", strings.Repeat("long ", 200))

	got := rec.logged()
	if len(got) != 3 {
		t.Fatalf("%d entries logged, want the three questions only: %+v", len(got), got)
	}
	want := []struct {
		reply    bot.Reply
		question string
		chat     bot.ChatKind
		outcome  bot.LogOutcome
		facts    int
	}{
		{answer, "IT exports FY 2023-24", bot.ChatPrivate, bot.LogAnswered, 3},
		{decline, "quantum widgets", bot.ChatGroup, bot.LogDeclined, 0},
		{nearMiss, "technology zones abroad", bot.ChatGroup, bot.LogDidYouMean, 0},
	}
	for i, w := range want {
		g := got[i]
		if g.AnswerID == "" || g.AnswerID != w.reply.AnswerID || g.Question != w.question || g.Chat != w.chat || g.Outcome != w.outcome ||
			len(g.Facts) != w.facts || g.Platform != bot.Telegram || g.UserID != "42" || !g.At.Equal(at) {
			t.Errorf("entry %d = %+v, want %q (%s, %s, %d facts) with the reply's answer id %q", i, g, w.question, w.chat, w.outcome, w.facts, w.reply.AnswerID)
		}
	}
	if got[0].Facts[0] != exportsFY24.Key || got[0].Confidence != 0.9 {
		t.Errorf("answer logged with facts %v, confidence %v", got[0].Facts, got[0].Confidence)
	}
	if !nearMiss.NearMiss || decline.NearMiss {
		t.Errorf("NearMiss: decline %v, did you mean %v", decline.NearMiss, nearMiss.NearMiss)
	}

	t.Run("AnswersCarryFeedbackButtons", func(t *testing.T) {
		if len(answer.Buttons) != 1 || len(answer.Buttons[0]) != 2 {
			t.Fatalf("buttons under the answer = %+v, want one row of 👍 and 👎", answer.Buttons)
		}
		for i, c := range []bot.Choice{bot.ChoiceUp, bot.ChoiceDown} {
			b := answer.Buttons[0][i]
			id, choice, ok := bot.ParseFeedbackData(b.Data)
			if b.Label != c.Label() || !ok || id != answer.AnswerID || choice != c || len(b.Data) > bot.MaxButtonData {
				t.Errorf("button %d = %+v, want %s for answer %s", i, b, c, answer.AnswerID)
			}
		}
		if len(decline.Buttons) != 0 || len(nearMiss.Buttons) != 0 {
			t.Errorf("declines carry buttons: %+v %+v", decline.Buttons, nearMiss.Buttons)
		}
	})
	t.Run("NothingWithoutALog", func(t *testing.T) {
		r := bot.New(kb).Handle(context.Background(), bot.Request{Platform: bot.Telegram, ChatID: "42", UserID: "42", Text: "IT exports FY 2023-24"})
		if r.AnswerID != "" || len(r.Buttons) != 0 {
			t.Errorf("without a question log: answer id %q, buttons %+v", r.AnswerID, r.Buttons)
		}
	})
}

func TestFeedbackData(t *testing.T) {
	const id = "0123456789abcdef"
	for _, c := range []bot.Choice{bot.ChoiceUp, bot.ChoiceDown, bot.ReasonWrong, bot.ReasonOutdated, bot.ReasonUnasked} {
		data := bot.FeedbackData(id, c)
		if len(data) > bot.MaxButtonData || !bot.IsFeedbackData(data) {
			t.Errorf("%s: data %q is %d bytes", c, data, len(data))
		}
		if gotID, got, ok := bot.ParseFeedbackData(data); !ok || gotID != id || got != c {
			t.Errorf("ParseFeedbackData(%q) = %q, %q, %v", data, gotID, got, ok)
		}
	}
	for _, forged := range []string{"fb:", "fb:0123456789abcdef", "fb:0123456789abcdef:maybe", "fb:0123456789ABCDEF:up", "fb:123:up",
		"fb:0123456789abcdeg:up", "fb:0123456789abcdef:up:extra", "/5g 2", "up", ""} {
		if _, _, ok := bot.ParseFeedbackData(forged); ok {
			t.Errorf("ParseFeedbackData(%q) accepted forged data", forged)
		}
	}
	if bot.IsFeedbackData("/5g 2") {
		t.Error("a command is taken for feedback")
	}
}

func TestFeedbackWithoutALogIsRefused(t *testing.T) {
	e := bot.New(newKB())
	r := e.Feedback(context.Background(), bot.Press{Platform: bot.Telegram, UserID: "1", Data: bot.FeedbackData("0123456789abcdef", bot.ChoiceUp)})
	if r.Votes != nil || !strings.Contains(r.Text, "isn't one of mine") {
		t.Errorf("feedback with no log = %+v", r)
	}
}

func TestInlineQueriesAreLoggedOnceSettled(t *testing.T) {
	kb := newKB()
	rec := &recorder{}
	e := bot.New(kb, bot.WithQuestionLog(rec), bot.WithInlineSettle(50*time.Millisecond))
	ctx := context.Background()
	for _, typed := range []string{"it exp", "it exports", "it exports fy24"} {
		r := e.AskInline(ctx, bot.Request{Platform: bot.Telegram, UserID: "7", Text: typed})
		if len(r.Buttons) != 0 {
			t.Errorf("inline result %q has buttons", typed)
		}
	}
	e.AskInline(ctx, bot.Request{Platform: bot.Telegram, UserID: "8", Text: "broadband"})
	deadline := time.Now().Add(5 * time.Second)
	for len(rec.logged()) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	got := rec.logged()
	if len(got) != 2 {
		t.Fatalf("%d inline queries logged, want the last of each user's: %+v", len(got), got)
	}
	byUser := map[string]bot.LoggedQuestion{}
	for _, q := range got {
		byUser[q.UserID] = q
	}
	if q := byUser["7"]; q.Question != "it exports fy24" || q.Chat != bot.ChatInline {
		t.Errorf("user 7's inline query logged as %+v", q)
	}
	if q := byUser["8"]; q.Question != "broadband" {
		t.Errorf("user 8's inline query logged as %+v", q)
	}
}
