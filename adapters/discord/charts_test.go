package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/adapters/discord/discordtest"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/chart"
)

func TestChartEmbeds(t *testing.T) {
	r := bot.Reply{Charts: []bot.Chart{{Title: "IT exports", Unit: "USD bn"}, {Title: "ICT *remittances*", Unit: "USD bn"}}}
	main := []*discordgo.MessageEmbed{{Title: "Answer", Description: "text"}}
	for _, tt := range []struct {
		name   string
		n      int
		images []string
	}{
		{"NoImages", 0, []string{""}},
		{"One", 1, []string{"attachment://chart-1.png"}},
		{"Two", 2, []string{"attachment://chart-1.png", "attachment://chart-2.png"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ChartEmbeds(main, r, tt.n)
			if len(got) != len(tt.images) {
				t.Fatalf("%d embeds, want %d", len(got), len(tt.images))
			}
			for i, want := range tt.images {
				url := ""
				if got[i].Image != nil {
					url = got[i].Image.URL
				}
				if url != want {
					t.Errorf("embed %d shows %q, want %q", i, url, want)
				}
			}
			if main[0].Image != nil {
				t.Error("ChartEmbeds changed the embed it was given")
			}
			if tt.n == 2 && got[1].Title != `ICT \*remittances\* (USD bn)` {
				t.Errorf("second chart's embed is titled %q", got[1].Title)
			}
		})
	}
}

// chartButtonsEngine puts a More button and 👍/👎 under every reply with
// charts, as any reply may carry both.
type chartButtonsEngine struct{ *feedbackEngine }

func (e chartButtonsEngine) Handle(ctx context.Context, req bot.Request) bot.Reply {
	r := e.Engine.Handle(ctx, req)
	if len(r.Charts) > 0 {
		r.More = "/exports 2"
		r.Buttons = append(r.Buttons, bot.FeedbackButtons(answerID, bot.Tally{}))
	}
	return r
}

// TestChartCarriesTheButtons: a reply with a chart, a More button and
// 👍/👎 goes out as one message with the image attached and both rows of
// buttons, and a vote under it updates the buttons alone, leaving the
// image and More in place.
func TestChartCarriesTheButtons(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startEngine(t, f, chartButtonsEngine{&feedbackEngine{Engine: bot.New(newFakeKB())}}, WithCharts(chart.PNG))
	f.Dispatch(t, "INTERACTION_CREATE", interaction("4101", discordgo.InteractionApplicationCommand, "chart", option("topic", "exports")))
	b := callbacks(t, f, "4101", 1)[0]
	sent := f.Requests("POST", "/interactions/4101/")
	if _, ok := sent[len(sent)-1].Files["chart-1.png"]; !ok {
		t.Errorf("the response has no chart-1.png attachment (content type %q)", sent[len(sent)-1].ContentType)
	}
	if len(b.Data.Embeds) != 1 || b.Data.Embeds[0].Image == nil || b.Data.Embeds[0].Image.URL != "attachment://chart-1.png" {
		t.Errorf("embeds = %+v, want the chart in the answer's embed", b.Data.Embeds)
	}
	var rows []string
	for _, row := range b.Data.Components {
		var r []string
		for _, c := range row.Components {
			r = append(r, c.Label+"="+c.CustomID)
		}
		rows = append(rows, strings.Join(r, " "))
	}
	votes := "👍=fb:" + answerID + ":up 👎=fb:" + answerID + ":down"
	if want := []string{"More=/exports 2", votes}; !slices.Equal(rows, want) {
		t.Fatalf("components = %q, want %q", rows, want)
	}

	shown := Components(bot.Reply{More: "/exports 2", Buttons: [][]bot.Button{bot.FeedbackButtons(answerID, bot.Tally{})}})
	f.Dispatch(t, "INTERACTION_CREATE", press("4102", bot.FeedbackData(answerID, bot.ChoiceDown), shown))
	discordtest.WaitFor(t, 10*time.Second, "the tally update", func() bool { return len(f.Requests("POST", "/interactions/4102/")) > 0 })
	raw := f.Requests("POST", "/interactions/4102/")[0].Body
	var update updateBody
	if err := json.Unmarshal(raw, &update); err != nil {
		t.Fatal(err)
	}
	if update.Type != 7 || update.Data.Embeds != nil || bytes.Contains(raw, []byte(`"attachments"`)) || len(update.Data.Components) != 2 ||
		update.Data.Components[0].Components[0].CustomID != "/exports 2" || update.Data.Components[1].Components[1].Label != "👎 1" {
		t.Errorf("response to 👎 = %s, want the buttons alone updated, More kept, the image untouched", raw)
	}
}
