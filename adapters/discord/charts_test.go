package discord

import (
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
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
