package discord

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/bot"
)

// maxEmbeds is how many embeds one message may carry.
const maxEmbeds = 10

// images are a reply's charts drawn as PNGs, attached as chart-1.png,
// chart-2.png…
type images [][]byte

// drawCharts draws a reply's charts; nil when there is no renderer, no
// chart, or a chart cannot be drawn (the reply's text has the figures).
func (a *Adapter) drawCharts(log *slog.Logger, r bot.Reply) images {
	if a.drawChart == nil || len(r.Charts) == 0 {
		return nil
	}
	var out images
	for _, c := range r.Charts[:min(len(r.Charts), maxEmbeds)] {
		img, err := a.drawChart(c)
		if err != nil {
			log.Error("discord: cannot draw a chart; sending its figures as text", "series", c.Series, "err", err)
			return nil
		}
		out = append(out, img)
	}
	return out
}

// files returns the images as attachments, each read afresh, so a request
// retried after a 429 sends them whole.
func (im images) files() []*discordgo.File {
	var out []*discordgo.File
	for i, data := range im {
		out = append(out, &discordgo.File{Name: attachmentName(i), ContentType: "image/png", Reader: bytes.NewReader(data)})
	}
	return out
}

func attachmentName(i int) string { return "chart-" + strconv.Itoa(i+1) + ".png" }

// ChartEmbeds shows n attached chart images (chart-1.png…) in a reply's
// embeds: the first in the reply's own embed, each further one in an embed
// of its own titled with its chart. It returns embeds unchanged when n is
// zero.
func ChartEmbeds(embeds []*discordgo.MessageEmbed, r bot.Reply, n int) []*discordgo.MessageEmbed {
	if n == 0 || len(embeds) == 0 {
		return embeds
	}
	first := *embeds[0]
	first.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + attachmentName(0)}
	out := append([]*discordgo.MessageEmbed{&first}, embeds[1:]...)
	for i := 1; i < n && i < len(r.Charts) && len(out) < maxEmbeds; i++ {
		c := r.Charts[i]
		out = append(out, &discordgo.MessageEmbed{
			Title: truncate(escapeMarkdown(fmt.Sprintf("%s (%s)", c.Title, c.Unit)), maxEmbedTitle),
			Color: colorAnswer,
			Image: &discordgo.MessageEmbedImage{URL: "attachment://" + attachmentName(i)},
		})
	}
	return out
}

// withCharts returns an interaction response carrying the images.
func withCharts(resp *discordgo.InteractionResponse, r bot.Reply, im images) *discordgo.InteractionResponse {
	if len(im) == 0 || resp.Data == nil {
		return resp
	}
	out := *resp
	data := *resp.Data
	data.Embeds = ChartEmbeds(data.Embeds, r, len(im))
	data.Files = im.files()
	out.Data = &data
	return &out
}

// rewind makes attachments readable from the start again, before a
// request is tried (again).
func rewind(files []*discordgo.File) {
	for _, f := range files {
		if r, ok := f.Reader.(io.Seeker); ok {
			r.Seek(0, io.SeekStart)
		}
	}
}

// nopMetrics counts nothing.
type nopMetrics struct{}

func (nopMetrics) Throttled(bot.Platform) {}
