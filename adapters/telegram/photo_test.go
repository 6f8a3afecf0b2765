package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/chart"
)

// photosTo returns the successful sendPhoto calls replying to message id.
func (h *harness) photosTo(id int) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range h.srv.Calls("sendPhoto") {
		if c.Err == "" && c.ReplyTo() == id {
			out = append(out, c)
		}
	}
	return out
}

func TestChartIsSentAsPhoto(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()), telegram.WithCharts(chart.PNG))
	h.srv.FailNext("sendPhoto", http.StatusTooManyRequests, "Too Many Requests: retry after 1", 1)
	h.poll()
	m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(alice), alice, "/chart exports"))
	h.srv.WaitForCalls(t, "sendPhoto", 2, 10*time.Second)

	photos := h.photosTo(m.ID)
	if len(photos) != 1 {
		t.Fatalf("%d photos replying to /chart, want 1 (after one 429)", len(photos))
	}
	call := photos[0]
	file, ok := call.Files["photo"]
	if !ok {
		t.Fatalf("sendPhoto without a photo part: fields %v", call.Fields)
	}
	img, err := png.Decode(bytes.NewReader(file.Data))
	if err != nil {
		t.Fatalf("the photo part is not a PNG (%s, %d bytes): %v", file.Name, len(file.Data), err)
	}
	if b := img.Bounds(); b.Dx() != chart.Width || b.Dy() != chart.Height {
		t.Errorf("photo is %dx%d, want %dx%d", b.Dx(), b.Dy(), chart.Width, chart.Height)
	}
	caption := call.Sent.Caption
	for _, want := range []string{"IT exports (USD bn), newest first:", "FY 2023-24: 3.2 USD bn [1]", "FY 2022-23: 2.6 USD bn [1]", "[1] Pakistan Economic Survey 2023-24"} {
		if !strings.Contains(caption, want) {
			t.Errorf("caption %q does not say %q", caption, want)
		}
	}
	if !strings.Contains(call.Fields["caption"], `<a href="https://www.finance.gov.pk/survey">`) {
		t.Errorf("the caption does not link its source: %q", call.Fields["caption"])
	}
	if n := len(h.sent(m.ID)); n != 0 {
		t.Errorf("%d text messages besides the photo", n)
	}
}

func TestChartWithoutRendererIsText(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	h.poll()
	m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(alice), alice, "/chart exports"))
	calls := h.waitSent(m.ID, 1)
	if !strings.Contains(calls[0].Sent.Text, "FY 2023-24: 3.2 USD bn") || len(h.srv.Calls("sendPhoto")) != 0 {
		t.Errorf("got %q and %d photos, want the figures as text", calls[0].Sent.Text, len(h.srv.Calls("sendPhoto")))
	}
}

func TestChartThatCannotBeDrawnIsText(t *testing.T) {
	broken := func(bot.Chart) ([]byte, error) { return nil, errors.New("no fonts") }
	h := newHarness(t, bot.New(newFakeKB()), telegram.WithCharts(broken))
	h.poll()
	m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(alice), alice, "/chart exports"))
	if calls := h.waitSent(m.ID, 1); !strings.Contains(calls[0].Sent.Text, "3.2 USD bn") {
		t.Errorf("got %q", calls[0].Sent.Text)
	}
}

// countingMetrics records the adapter's counts.
type countingMetrics struct {
	mu                 sync.Mutex
	limited, throttled int
}

func (c *countingMetrics) RateLimited(p bot.Platform) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p == bot.Telegram {
		c.limited++
	}
}

func (c *countingMetrics) Throttled(p bot.Platform) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p == bot.Telegram {
		c.throttled++
	}
}

func (c *countingMetrics) counts() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limited, c.throttled
}

func TestMetricsAndReadiness(t *testing.T) {
	counts := &countingMetrics{}
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	h := newHarness(t, bot.New(newFakeKB()), telegram.WithMetrics(counts), telegram.WithRateLimit(1, time.Minute), telegram.WithClock(func() time.Time { return now }))
	if err := h.adapter.Ready(); err == nil {
		t.Error("ready before polling started")
	}
	h.srv.FailNext("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 1", 1)
	stop := h.poll()
	chat := telegramtest.PrivateChat(alice)
	first := h.push(telegramtest.TextUpdate(chat, alice, "/exports"))
	second := h.push(telegramtest.TextUpdate(chat, alice, "/exports"))
	third := h.push(telegramtest.TextUpdate(chat, alice, "/exports"))
	h.waitSent(first.ID, 1)
	h.waitSent(second.ID, 1) // the notice
	deadline := time.Now().Add(5 * time.Second)
	for limited, _ := counts.counts(); limited < 2 && time.Now().Before(deadline); limited, _ = counts.counts() {
		time.Sleep(5 * time.Millisecond)
	}
	if len(h.sent(third.ID)) != 0 {
		t.Error("the third message was answered")
	}
	if err := h.adapter.Ready(); err != nil {
		t.Errorf("not ready while polling: %v", err)
	}
	if limited, throttled := counts.counts(); limited != 2 || throttled != 1 {
		t.Errorf("counted %d rate-limited and %d throttled, want 2 and 1", limited, throttled)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if err := h.adapter.Ready(); err == nil {
		t.Error("still ready after polling stopped")
	}
}

func TestRefusedPhotoIsSentAsText(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()), telegram.WithCharts(chart.PNG))
	h.srv.FailNext("sendPhoto", http.StatusBadRequest, "Bad Request: PHOTO_INVALID_DIMENSIONS", 0)
	h.poll()
	m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(alice), alice, "/chart exports"))
	if calls := h.waitSent(m.ID, 1); !strings.Contains(calls[0].Sent.Text, "FY 2023-24: 3.2 USD bn") {
		t.Errorf("after the photo was refused: %q", calls[0].Sent.Text)
	}
}

func TestLongCaptionFollowsThePhoto(t *testing.T) {
	kb := newFakeKB()
	for y := 1980; y < 2020; y++ {
		kb.Facts = append(kb.Facts, bot.Fact{Key: fmt.Sprintf("exports-%d", y), Topic: "exports", Series: "it-exports", SourceID: "pes", Source: pes,
			Text: fmt.Sprintf("Pakistan's IT exports were $%d.5 million in %d.", y-1900, y), Period: bot.MustParsePeriod(fmt.Sprint(y)),
			Figure: bot.Figure{Value: float64(y-1900) + 0.5, Unit: "USD bn"}})
	}
	h := newHarness(t, bot.New(kb), telegram.WithCharts(chart.PNG))
	h.poll()
	m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(alice), alice, "/chart exports"))
	text := h.waitSent(m.ID, 1)[0].Sent.Text
	photos := h.photosTo(m.ID)
	if len(photos) != 1 || photos[0].Sent.Caption != "IT exports (USD bn)" {
		t.Fatalf("photos %+v, want one captioned with the chart's title only", photos)
	}
	if !strings.Contains(text, "1980: 80.5 USD bn [1]") || !strings.Contains(text, "FY 2023-24: 3.2 USD bn [1]") {
		t.Errorf("the figures that follow the photo:\n%s", text)
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

func TestChartPhotoCarriesTheButtons(t *testing.T) {
	h := newHarness(t, chartButtonsEngine{&feedbackEngine{Engine: bot.New(newFakeKB())}}, telegram.WithCharts(chart.PNG))
	h.poll()
	m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(alice), alice, "/chart exports"))
	h.srv.WaitForCalls(t, "sendPhoto", 1, 10*time.Second)
	photos := h.photosTo(m.ID)
	if len(photos) != 1 {
		t.Fatalf("%d photos replying to /chart, want 1", len(photos))
	}
	var keyboard models.InlineKeyboardMarkup
	if err := photos[0].Decode("reply_markup", &keyboard); err != nil {
		t.Fatalf("the photo has no keyboard: %v", err)
	}
	votes := "[👍=fb:" + answerID + ":up 👎=fb:" + answerID + ":down]"
	if got, want := fmtRows(labels(&keyboard)), "[[More=/exports 2] "+votes+"]"; got != want {
		t.Fatalf("keyboard under the photo = %s, want %s", got, want)
	}

	// A 👎 under the photo edits the photo's own keyboard.
	h.srv.PushUpdate(telegramtest.CallbackUpdate("cb-photo", bilal, photos[0].Sent, keyboard.InlineKeyboard[1][1].CallbackData))
	edits := h.srv.WaitForCalls(t, "editMessageReplyMarkup", 1, 10*time.Second)
	if edits[0].Err != "" || edits[0].Fields["message_id"] != strconv.Itoa(photos[0].Sent.ID) {
		t.Fatalf("edit = %+v", edits[0])
	}
	var edited models.InlineKeyboardMarkup
	edits[0].Decode("reply_markup", &edited)
	if rows := labels(&edited); len(rows) != 3 || rows[0][0] != "More=/exports 2" || rows[1][1] != "👎 1=fb:"+answerID+":down" {
		t.Errorf("edited keyboard = %s", fmtRows(rows))
	}
}
