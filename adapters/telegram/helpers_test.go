package telegram_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/kbtest"
	"github.com/pakbot/pakbot/internal/logtest"
)

// testToken is the bot token every test uses; no log line or error may
// contain it.
const testToken = "4242:test-SECRET-token_0123456789"

var (
	pes = bot.Source{ID: "pes", Title: "Pakistan Economic Survey 2023-24", Publisher: "Finance Division", Published: "2024-06", URL: "https://www.finance.gov.pk/survey"}
	pta = bot.Source{ID: "pta", Title: "PTA annual report", Publisher: "PTA"}
	odd = bot.Source{ID: "odd", Title: "R&D <survey>", URL: "https://example.org/r?a=1&b=2"}
)

// fakeKB is a small bot.Knowledge: a fact matches a question when one of
// its keywords occurs in it.
type fakeKB struct {
	kbtest.Memory
	// searching, when set, receives a value as each Search starts, and
	// delay then slows the search down, to catch replies in flight.
	searching chan struct{}
	delay     time.Duration
}

func newFakeKB() *fakeKB {
	kb := &fakeKB{}
	kb.SourceList = []bot.Source{pes, pta, odd}
	kb.BeforeSearch = func(context.Context) error {
		if kb.searching != nil {
			kb.searching <- struct{}{}
			time.Sleep(kb.delay)
		}
		return nil
	}
	kb.TopicList = []bot.Topic{
		{Name: "exports", Title: "IT exports", Description: "IT export earnings"},
		{Name: "broadband", Title: "Broadband", Description: "Broadband subscribers"},
		{Name: "research", Title: "Research", Description: "R&D spending"},
		{Name: "everything", Title: "Everything", Description: "A topic with very long facts"},
		{Name: "e-gov", Title: "Bad name", Description: "A name Telegram's menu rejects"},
	}
	kb.Facts = []bot.Fact{
		{Key: "exports-fy24", Topic: "exports", Series: "it-exports", Text: "Pakistan's IT and ITeS exports were $3.2 billion in FY 2023-24.", Period: bot.MustParsePeriod("FY2023-24"), Figure: bot.Figure{Value: 3.2, Unit: "USD bn"}, Keywords: []string{"exports"}, SourceID: "pes", Source: pes},
		{Key: "exports-fy23", Topic: "exports", Series: "it-exports", Text: "Pakistan's IT and ITeS exports were $2.6 billion in FY 2022-23.", Period: bot.MustParsePeriod("FY2022-23"), Figure: bot.Figure{Value: 2.6, Unit: "USD bn"}, Keywords: []string{"exports"}, SourceID: "pes", Source: pes},
		{Key: "bb-2024", Topic: "broadband", Text: "Pakistan had 135 million broadband subscribers in June 2024.", Period: bot.MustParsePeriod("2024-06"), Keywords: []string{"broadband"}, SourceID: "pta", Source: pta},
		{Key: "bb-2023", Topic: "broadband", Text: "Pakistan had 128 million broadband subscribers in June 2023.", Period: bot.MustParsePeriod("2023-06"), Keywords: []string{"broadband"}, SourceID: "pta", Source: pta},
		{Key: "rd-2021", Topic: "research", Text: "R&D spending stayed <1% of GDP in 2021, a figure @everyone should know.", Period: bot.MustParsePeriod("2021"), Keywords: []string{"r&d", "research"}, SourceID: "odd", Source: odd},
	}
	for i := range 12 {
		kb.Facts = append(kb.Facts, bot.Fact{
			Key: fmt.Sprintf("long-%02d", i), Topic: "everything", SourceID: "pes", Source: pes,
			Text: fmt.Sprintf("Long fact %02d: %s", i, strings.Repeat("Pakistan's software houses & freelancers <keep> growing. ", 11)),
		})
	}
	return kb
}

// harness is a fake Bot API server and an adapter talking to it.
type harness struct {
	t       *testing.T
	srv     *telegramtest.Server
	adapter *telegram.Adapter
	logs    *logtest.Buffer
}

// newHarness starts a fake server and connects an adapter over engine to
// it. At the end of the test it checks that the token never reached the
// logs.
func newHarness(t *testing.T, engine telegram.Engine, opts ...telegram.Option) *harness {
	t.Helper()
	return newHarnessOn(t, telegramtest.NewServer(t, testToken), engine, opts...)
}

// newHarnessOn is newHarness on an existing server, as a restarted process
// would find it.
func newHarnessOn(t *testing.T, srv *telegramtest.Server, engine telegram.Engine, opts ...telegram.Option) *harness {
	t.Helper()
	h := &harness{t: t, srv: srv, logs: &logtest.Buffer{}}
	logger := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts = append([]telegram.Option{telegram.WithAPIURL(h.srv.URL), telegram.WithLogger(logger), telegram.WithPollTimeout(2 * time.Second)}, opts...)
	a, err := telegram.New(context.Background(), testToken, engine, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.adapter = a
	t.Cleanup(func() {
		if strings.Contains(h.logs.String(), "SECRET") {
			t.Errorf("the bot token appears in the logs:\n%s", h.logs.String())
		}
		if t.Failed() {
			t.Logf("adapter logs:\n%s", h.logs.String())
		}
	})
	return h
}

// poll runs the adapter's polling loop until the returned stop is called;
// stop waits for Run to return and returns its error.
func (h *harness) poll() (stop func() error) {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.adapter.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				h.t.Fatal("Run did not return within 20s of cancellation")
			}
		})
		return err
	}
	h.t.Cleanup(func() { stop() })
	return stop
}

// push queues an update and returns the message it carries.
func (h *harness) push(u models.Update) *models.Message {
	h.srv.PushUpdate(u)
	return u.Message
}

// sent returns the successful sendMessage calls that reply to message id.
func (h *harness) sent(id int) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range h.srv.Calls("sendMessage") {
		if c.Err == "" && c.ReplyTo() == id {
			out = append(out, c)
		}
	}
	return out
}

// waitSent waits for n messages replying to message id.
func (h *harness) waitSent(id, n int) []telegramtest.Call {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if calls := h.sent(id); len(calls) >= n {
			return calls
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("got %d replies to message %d after 10s, want %d", len(h.sent(id)), id, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var (
	alice = models.User{ID: 42, FirstName: "Alice", Username: "alice"}
	bilal = models.User{ID: 43, FirstName: "Bilal"}
	group = telegramtest.Supergroup(-100500, "Tech PK")
)
