package discord

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/adapters/discord/discordtest"
	"github.com/pakbot/pakbot/bot"
)

const answerID = "0123456789abcdef"

// rows lists each row's buttons as label=custom_id.
func rows(components []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range components {
		var row []discordgo.MessageComponent
		switch r := c.(type) {
		case discordgo.ActionsRow:
			row = r.Components
		case *discordgo.ActionsRow:
			row = r.Components
		}
		var labels []string
		for _, b := range row {
			switch b := b.(type) {
			case discordgo.Button:
				labels = append(labels, b.Label+"="+b.CustomID)
			case *discordgo.Button:
				labels = append(labels, b.Label+"="+b.CustomID)
			}
		}
		out = append(out, strings.Join(labels, " "))
	}
	return out
}

func TestComponents(t *testing.T) {
	votes := bot.FeedbackButtons(answerID, bot.Tally{Up: 2})
	long := bot.Button{Label: "Attach", Data: "/attach 1 " + strings.Repeat("k", 95)}
	many := [][]bot.Button{}
	for i := range 7 {
		many = append(many, []bot.Button{{Label: "Dismiss", Data: "/dismiss " + string(rune('1'+i))}})
	}
	for _, tt := range []struct {
		name  string
		reply bot.Reply
		want  []string
	}{
		{"None", bot.Reply{}, nil},
		{"MoreThenVotes", bot.Reply{More: "/5g 2", Buttons: [][]bot.Button{votes}},
			[]string{"More=/5g 2", "👍 2=fb:" + answerID + ":up 👎=fb:" + answerID + ":down"}},
		{"CustomIDOver100LeftOut", bot.Reply{Buttons: [][]bot.Button{{long, {Label: "Dismiss #1", Data: "/dismiss 1"}}}}, []string{"Dismiss #1=/dismiss 1"}},
		{"AtMostFiveRows", bot.Reply{Buttons: many}, []string{"Dismiss=/dismiss 1", "Dismiss=/dismiss 2", "Dismiss=/dismiss 3", "Dismiss=/dismiss 4", "Dismiss=/dismiss 5"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Components(tt.reply)
			if got == nil {
				t.Fatal("Components = nil, want an empty list at least")
			}
			if strings.Join(rows(got), "|") != strings.Join(tt.want, "|") {
				t.Errorf("Components = %q, want %q", rows(got), tt.want)
			}
		})
	}
}

func TestFeedbackComponents(t *testing.T) {
	current := Components(bot.Reply{More: "/5g 2", Buttons: [][]bot.Button{bot.FeedbackButtons(answerID, bot.Tally{})}})
	got := rows(FeedbackComponents(current, bot.FeedbackButtons(answerID, bot.Tally{Down: 1})))
	want := []string{"More=/5g 2", "👍=fb:" + answerID + ":up 👎 1=fb:" + answerID + ":down"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("FeedbackComponents = %q, want %q", got, want)
	}
}

// feedbackEngine is a real engine with canned feedback: the adapter's part
// is to carry presses there and results back.
type feedbackEngine struct {
	*bot.Engine
	mu      sync.Mutex
	presses []bot.Press
}

func (e *feedbackEngine) Handle(ctx context.Context, req bot.Request) bot.Reply {
	r := e.Engine.Handle(ctx, req)
	if r.Kind == bot.KindAnswer && r.Answered {
		r.Buttons = append(r.Buttons, bot.FeedbackButtons(answerID, bot.Tally{}))
	}
	return r
}

func (e *feedbackEngine) Feedback(ctx context.Context, p bot.Press) bot.FeedbackResult {
	e.mu.Lock()
	e.presses = append(e.presses, p)
	e.mu.Unlock()
	id, c, ok := bot.ParseFeedbackData(p.Data)
	switch {
	case ok && id == answerID && c == bot.ChoiceDown:
		return bot.FeedbackResult{Text: "Thanks for telling me. What was wrong with it?", Votes: bot.FeedbackButtons(id, bot.Tally{Down: 1}), Reasons: bot.ReasonButtons(id)}
	case ok && id == answerID && c.IsReason():
		return bot.FeedbackResult{Text: "Thanks: noted as outdated.", Votes: bot.FeedbackButtons(id, bot.Tally{Down: 1}), Reason: true}
	}
	return e.Engine.Feedback(ctx, p)
}

// press is a member's press of a button with customID under message m.
func press(id, customID string, components []discordgo.MessageComponent) map[string]any {
	p := interaction(id, discordgo.InteractionMessageComponent, "")
	p["data"] = map[string]any{"custom_id": customID, "component_type": 2}
	raw, _ := json.Marshal(components)
	var list []any
	json.Unmarshal(raw, &list)
	p["message"] = map[string]any{"id": "m-answer", "channel_id": "c1", "components": list}
	return p
}

// updateBody is a type 7 response as Discord receives it.
type updateBody struct {
	Type int `json:"type"`
	Data struct {
		Content    *string `json:"content"`
		Embeds     []any   `json:"embeds"`
		Components []struct {
			Components []struct {
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	} `json:"data"`
}

func TestFeedbackPresses(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	engine := &feedbackEngine{Engine: bot.New(newFakeKB())}
	logs := startEngine(t, f, engine).logs
	f.Dispatch(t, "INTERACTION_CREATE", interaction("4001", discordgo.InteractionApplicationCommand, "ask", option("question", "broadband subscriptions")))
	answer := callbacks(t, f, "4001", 1)[0]
	if len(answer.Data.Components) != 1 || len(answer.Data.Components[0].Components) != 2 {
		t.Fatalf("components under the answer = %+v, want 👍 and 👎", answer.Data.Components)
	}
	shown := Components(bot.Reply{Buttons: [][]bot.Button{bot.FeedbackButtons(answerID, bot.Tally{})}})

	f.Dispatch(t, "INTERACTION_CREATE", press("4002", bot.FeedbackData(answerID, bot.ChoiceDown), shown))
	var update updateBody
	discordtest.WaitFor(t, 10*time.Second, "the tally update", func() bool { return len(f.Requests("POST", "/interactions/4002/")) > 0 })
	if err := json.Unmarshal(f.Requests("POST", "/interactions/4002/")[0].Body, &update); err != nil {
		t.Fatal(err)
	}
	if update.Type != 7 || update.Data.Content != nil || update.Data.Embeds != nil || len(update.Data.Components) != 1 ||
		update.Data.Components[0].Components[1].Label != "👎 1" {
		t.Errorf("response to 👎 = %s, want an update of the buttons alone with 👎 1", f.Requests("POST", "/interactions/4002/")[0].Body)
	}
	var followups []discordtest.Request
	discordtest.WaitFor(t, 10*time.Second, "the question why", func() bool {
		followups = f.Requests("POST", "/webhooks/"+discordtest.AppID+"/tok-4002")
		return len(followups) > 0
	})
	var why struct {
		Content    string `json:"content"`
		Flags      int    `json:"flags"`
		Components []struct {
			Components []struct {
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	}
	json.Unmarshal(followups[0].Body, &why)
	if why.Flags&64 == 0 || !strings.Contains(why.Content, "What was wrong") || len(why.Components) != 1 || len(why.Components[0].Components) != 3 {
		t.Fatalf("follow-up = %s, want a private question with three reasons", followups[0].Body)
	}
	reason := why.Components[0].Components[1]
	if reason.Label != "Outdated" || len(reason.CustomID) > 100 {
		t.Errorf("second reason = %+v", reason)
	}
	engine.mu.Lock()
	if p := engine.presses[0]; p.Platform != bot.Discord || p.UserID != "42" {
		t.Errorf("press = %+v", p)
	}
	engine.mu.Unlock()

	t.Run("Reason", func(t *testing.T) {
		f.Dispatch(t, "INTERACTION_CREATE", press("4003", reason.CustomID, nil))
		var u updateBody
		discordtest.WaitFor(t, 10*time.Second, "the thanks", func() bool { return len(f.Requests("POST", "/interactions/4003/")) > 0 })
		json.Unmarshal(f.Requests("POST", "/interactions/4003/")[0].Body, &u)
		if u.Type != 7 || u.Data.Content == nil || !strings.Contains(*u.Data.Content, "outdated") || len(u.Data.Components) != 0 {
			t.Errorf("response to a reason = %s", f.Requests("POST", "/interactions/4003/")[0].Body)
		}
	})
	t.Run("ForgedIsRefusedPolitely", func(t *testing.T) {
		f.Dispatch(t, "INTERACTION_CREATE", press("4004", "fb:ffffffffffffffff:maybe", nil))
		f.Dispatch(t, "INTERACTION_CREATE", press("4005", "admin-please", nil))
		for _, id := range []string{"4004", "4005"} {
			got := callbacks(t, f, id, 1)[0]
			body := string(f.Requests("POST", "/interactions/"+id+"/")[0].Body)
			if got.Type != 4 || got.Data.Flags&64 == 0 || !strings.Contains(body, "isn't one of mine") {
				t.Errorf("forged press %s answered %s", id, body)
			}
			assertNoMentions(t, got.Data.AllowedMentions)
		}
	})
	if strings.Contains(logs.String(), "answer dropped") {
		t.Errorf("an answer was dropped:\n%s", logs.String())
	}
}
