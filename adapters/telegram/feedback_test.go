package telegram_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/bot"
)

const answerID = "0123456789abcdef"

func labels(k *models.InlineKeyboardMarkup) [][]string {
	if k == nil {
		return nil
	}
	var out [][]string
	for _, row := range k.InlineKeyboard {
		var r []string
		for _, b := range row {
			r = append(r, b.Text+"="+b.CallbackData)
		}
		out = append(out, r)
	}
	return out
}

func TestReplyKeyboard(t *testing.T) {
	votes := bot.FeedbackButtons(answerID, bot.Tally{})
	for _, tt := range []struct {
		name  string
		reply bot.Reply
		want  string
	}{
		{"Nothing", bot.Reply{}, "[]"},
		{"More", bot.Reply{More: "/5g 2"}, "[[More=/5g 2]]"},
		{"Votes", bot.Reply{Buttons: [][]bot.Button{votes}}, "[[👍=fb:0123456789abcdef:up 👎=fb:0123456789abcdef:down]]"},
		{"MoreThenVotes", bot.Reply{More: "/5g 2", Buttons: [][]bot.Button{votes}}, "[[More=/5g 2] [👍=fb:0123456789abcdef:up 👎=fb:0123456789abcdef:down]]"},
		{"TooLongLeftOut", bot.Reply{Buttons: [][]bot.Button{{{Label: "Attach", Data: "/attach 1 " + strings.Repeat("k", 60)}, {Label: "Dismiss #1", Data: "/dismiss 1"}}}},
			"[[Dismiss #1=/dismiss 1]]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := labels(telegram.ReplyKeyboard(tt.reply)); fmtRows(got) != tt.want {
				t.Errorf("ReplyKeyboard = %s, want %s", fmtRows(got), tt.want)
			}
		})
	}
}

func fmtRows(rows [][]string) string {
	var parts []string
	for _, r := range rows {
		parts = append(parts, "["+strings.Join(r, " ")+"]")
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestFeedbackKeyboard(t *testing.T) {
	current := telegram.ReplyKeyboard(bot.Reply{More: "/5g 2", Buttons: [][]bot.Button{bot.FeedbackButtons(answerID, bot.Tally{})}})
	down := bot.FeedbackResult{Votes: bot.FeedbackButtons(answerID, bot.Tally{Down: 1}), Reasons: bot.ReasonButtons(answerID)}
	afterDown := telegram.FeedbackKeyboard(current, down)
	want := "[[More=/5g 2] [👍=fb:0123456789abcdef:up 👎 1=fb:0123456789abcdef:down] " +
		"[Wrong=fb:0123456789abcdef:wrong Outdated=fb:0123456789abcdef:outdated Not what I asked=fb:0123456789abcdef:unasked]]"
	if got := fmtRows(labels(afterDown)); got != want {
		t.Errorf("after 👎:\n%s\nwant\n%s", got, want)
	}
	reason := bot.FeedbackResult{Votes: bot.FeedbackButtons(answerID, bot.Tally{Down: 1}), Reason: true}
	if got, want := fmtRows(labels(telegram.FeedbackKeyboard(afterDown, reason))), "[[More=/5g 2] [👍=fb:0123456789abcdef:up 👎 1=fb:0123456789abcdef:down]]"; got != want {
		t.Errorf("after a reason: %s, want %s", got, want)
	}
}

// feedbackEngine is a real engine whose feedback is canned: the adapter's
// part is to carry presses there and results back.
type feedbackEngine struct {
	*bot.Engine
	mu      sync.Mutex
	presses []bot.Press
}

func (e *feedbackEngine) Handle(ctx context.Context, req bot.Request) bot.Reply {
	r := e.Engine.Handle(ctx, req)
	if r.Answered && r.Kind == bot.KindAnswer {
		r.AnswerID = answerID
		r.Buttons = append(r.Buttons, bot.FeedbackButtons(answerID, bot.Tally{}))
	}
	return r
}

func (e *feedbackEngine) Feedback(ctx context.Context, p bot.Press) bot.FeedbackResult {
	e.mu.Lock()
	e.presses = append(e.presses, p)
	e.mu.Unlock()
	if id, c, ok := bot.ParseFeedbackData(p.Data); ok && id == answerID && c == bot.ChoiceDown {
		return bot.FeedbackResult{Text: "Thanks for telling me. What was wrong with it?", Votes: bot.FeedbackButtons(id, bot.Tally{Down: 1}), Reasons: bot.ReasonButtons(id)}
	}
	return e.Engine.Feedback(ctx, p)
}

func TestFeedbackButtons(t *testing.T) {
	engine := &feedbackEngine{Engine: bot.New(newFakeKB())}
	h := newHarness(t, engine)
	h.poll()
	m := h.push(telegramtest.TextUpdate(group, alice, "@PakBot broadband please"))
	answer := h.waitSent(m.ID, 1)[0]
	var keyboard models.InlineKeyboardMarkup
	if err := answer.Decode("reply_markup", &keyboard); err != nil {
		t.Fatalf("the answer has no keyboard: %v", err)
	}
	if got := fmtRows(labels(&keyboard)); got != "[[👍=fb:"+answerID+":up 👎=fb:"+answerID+":down]]" {
		t.Fatalf("keyboard under the answer = %s", got)
	}

	// Bilal, who did not ask, presses 👎 under Alice's answer.
	h.srv.PushUpdate(telegramtest.CallbackUpdate("cb-down", bilal, answer.Sent, keyboard.InlineKeyboard[0][1].CallbackData))
	acks := h.srv.WaitForCalls(t, "answerCallbackQuery", 1, 10*time.Second)
	if acks[0].Fields["callback_query_id"] != "cb-down" || !strings.Contains(acks[0].Fields["text"], "What was wrong") {
		t.Errorf("answerCallbackQuery = %+v", acks[0].Fields)
	}
	edits := h.srv.WaitForCalls(t, "editMessageReplyMarkup", 1, 10*time.Second)
	if edits[0].Err != "" || edits[0].Fields["message_id"] != strconv.Itoa(answer.Sent.ID) {
		t.Fatalf("edit = %+v", edits[0])
	}
	var edited models.InlineKeyboardMarkup
	edits[0].Decode("reply_markup", &edited)
	if rows := labels(&edited); len(rows) != 2 || rows[0][1] != "👎 1=fb:"+answerID+":down" || !strings.HasPrefix(rows[1][0], "Wrong=") {
		t.Errorf("edited keyboard = %s", fmtRows(rows))
	}
	engine.mu.Lock()
	press := engine.presses[0]
	engine.mu.Unlock()
	if press.Platform != bot.Telegram || press.UserID != "43" {
		t.Errorf("press = %+v, want Bilal's on Telegram", press)
	}

	t.Run("ForgedDataIsRefusedPolitely", func(t *testing.T) {
		h.srv.PushUpdate(telegramtest.CallbackUpdate("cb-forged", bilal, answer.Sent, "fb:ffffffffffffffff:maybe"))
		h.srv.PushUpdate(telegramtest.CallbackUpdate("cb-junk", bilal, answer.Sent, "give me admin"))
		acks := h.srv.WaitForCalls(t, "answerCallbackQuery", 3, 10*time.Second)
		for _, a := range acks[1:] {
			if !strings.Contains(a.Fields["text"], "isn't one of mine") || a.Err != "" {
				t.Errorf("forged press answered %+v", a.Fields)
			}
		}
		time.Sleep(100 * time.Millisecond)
		if n := len(h.srv.Calls("editMessageReplyMarkup")); n != 1 {
			t.Errorf("%d keyboard edits, want none for forged presses", n)
		}
	})
}
