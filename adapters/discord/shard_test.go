package discord

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/adapters/discord/discordtest"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/chart"
	"github.com/pakbot/pakbot/internal/logtest"
)

func TestParseShard(t *testing.T) {
	for in, want := range map[string][2]int{"": {0, 1}, "0/2": {0, 2}, "1/2": {1, 2}, " 3 / 4 ": {3, 4}, "0/1": {0, 1}} {
		id, count, err := ParseShard(in)
		if err != nil || id != want[0] || count != want[1] {
			t.Errorf("ParseShard(%q) = %d, %d, %v; want %v", in, id, count, err, want)
		}
	}
	for _, bad := range []string{"2/2", "-1/2", "1", "a/b", "0/0", "1/2/3"} {
		if _, _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

// runShard runs an adapter against f until the test ends and waits until
// it is ready and knows its commands.
func runShard(t *testing.T, f *discordtest.Server, opts ...Option) *Adapter {
	t.Helper()
	logs := &logtest.Buffer{}
	opts = append([]Option{WithAPIURL(f.APIURL()), WithLogger(slog.New(slog.NewTextHandler(logs, nil)))}, opts...)
	a, err := New(testToken, bot.New(newFakeKB()), opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("Run did not return after cancel")
		}
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	discordtest.WaitFor(t, 10*time.Second, "the shard to be ready and know its commands", func() bool { return a.Ready() == nil && a.commands() != nil })
	return a
}

// TestShards runs a bot as two shards, as two processes would: each
// IDENTIFYs with its shard, only shard 0 registers the commands, and each
// answers the interactions Discord sends it.
func TestShards(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	runShard(t, f, WithShard(0, 2), WithGuild("777"))
	runShard(t, f, WithShard(1, 2), WithGuild("777"))

	var seen []string
	for _, s := range f.Identified() {
		if s == nil {
			t.Fatal("an IDENTIFY carried no shard")
		}
		seen = append(seen, fmt.Sprintf("%d/%d", s[0], s[1]))
	}
	slices.Sort(seen)
	if !slices.Equal(seen, []string{"0/2", "1/2"}) {
		t.Errorf("IDENTIFY shards = %v, want 0/2 and 1/2", seen)
	}
	// Shard 0 knows its commands before its PUT has reached the server:
	// wait for the request, then check no other shard sent one.
	discordtest.WaitFor(t, 10*time.Second, "shard 0 to register the commands", func() bool { return len(f.Requests("PUT", "/commands")) > 0 })
	if puts := f.Requests("PUT", "/commands"); len(puts) != 1 {
		t.Errorf("%d command registrations, want one, by shard 0", len(puts))
	}

	f.DispatchToShard(t, 0, "INTERACTION_CREATE", interaction("810000000000000001", discordgo.InteractionApplicationCommand, "exports"))
	f.DispatchToShard(t, 1, "INTERACTION_CREATE", interaction("810000000000000002", discordgo.InteractionApplicationCommand, "broadband"))
	for id, want := range map[string]string{"810000000000000001": "IT exports", "810000000000000002": "Broadband"} {
		b := callbacks(t, f, id, 1)[0]
		if len(b.Data.Embeds) == 0 || !strings.Contains(b.Data.Embeds[0].Title+b.Data.Embeds[0].Description, want) {
			t.Errorf("interaction %s answered %+v, want %s", id, b.Data.Embeds, want)
		}
	}
}

func TestChartIsAttached(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB(), WithCharts(chart.PNG))
	f.RateLimit("810000000000000003", 1, 0.05)
	f.Dispatch(t, "INTERACTION_CREATE", interaction("810000000000000003", discordgo.InteractionApplicationCommand, "chart", option("topic", "exports")))
	b := callbacks(t, f, "810000000000000003", 1)[0]
	var sent discordtest.Request
	for _, r := range f.Requests("POST", "/interactions/810000000000000003/") {
		if r.Status < 300 {
			sent = r
		}
	}
	img, ok := sent.Files["chart-1.png"]
	if !ok {
		t.Fatalf("the response has no chart-1.png attachment (content type %q)", sent.ContentType)
	}
	decoded, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("chart-1.png is not a PNG: %v", err)
	}
	if bounds := decoded.Bounds(); bounds.Dx() != chart.Width || bounds.Dy() != chart.Height {
		t.Errorf("chart is %dx%d, want %dx%d", bounds.Dx(), bounds.Dy(), chart.Width, chart.Height)
	}
	if len(b.Data.Embeds) != 1 || b.Data.Embeds[0].Image == nil || b.Data.Embeds[0].Image.URL != "attachment://chart-1.png" {
		t.Fatalf("embeds = %+v, want the chart shown in the answer's embed", b.Data.Embeds)
	}
	if d := b.Data.Embeds[0].Description; !strings.Contains(d, "FY 2023-24: 3.2 USD bn") {
		t.Errorf("embed text %q lacks the cited figures", d)
	}
}

// throttleCount counts Discord's 429s.
type throttleCount struct {
	mu sync.Mutex
	n  int
}

func (c *throttleCount) Throttled(p bot.Platform) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p == bot.Discord {
		c.n++
	}
}

func TestReadyAndThrottled(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	counts := &throttleCount{}
	r := startAdapter(t, f, newFakeKB(), WithMetrics(counts))
	if err := r.adapter.Ready(); err != nil {
		t.Fatalf("not ready once connected: %v", err)
	}
	f.RateLimit("810000000000000004", 2, 0.05)
	f.Dispatch(t, "INTERACTION_CREATE", interaction("810000000000000004", discordgo.InteractionApplicationCommand, "exports"))
	callbacks(t, f, "810000000000000004", 1)
	counts.mu.Lock()
	n := counts.n
	counts.mu.Unlock()
	if n != 2 {
		t.Errorf("counted %d 429s, want 2", n)
	}
	r.stop()
	if err := r.adapter.Ready(); err == nil {
		t.Error("still ready after stopping")
	}
}

func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"", "0/2", "1/2", " 3 / 4 ", "2/2", "-1/2", "1", "a/b", "0/0", "1/2/3", "+1/+2", "0/65537"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, count, err := ParseShard(s)
		if err != nil {
			return
		}
		if count < 1 || id < 0 || id >= count {
			t.Fatalf("ParseShard(%q) = %d/%d, which is no shard", s, id, count)
		}
		if again, againCount, err := ParseShard(fmt.Sprintf("%d/%d", id, count)); err != nil || again != id || againCount != count {
			t.Fatalf("round trip of %q: %d/%d read back as %d/%d, %v", s, id, count, again, againCount, err)
		}
	})
}
