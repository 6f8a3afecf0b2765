package telegram_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/bot"
)

// TestBurst sends 1,000 updates from 50 users at once. With a limit of 10
// questions per 30 seconds (and a frozen clock, so the test's speed does
// not matter), each user's first 10 messages are answered, the 11th gets
// the notice, the other 9 nothing: every message is handled exactly once
// and all 1,000 updates are confirmed.
func TestBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const users, perUser, limit = 50, 20, 10
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	h := newHarness(t, bot.New(newFakeKB()),
		telegram.WithRateLimit(limit, 30*time.Second),
		telegram.WithClock(func() time.Time { return now }))

	questions := []string{"/exports", "how many broadband subscribers?", "/research", "what about exports?", "/broadband"}
	type sentMsg struct {
		user, index int
	}
	byID := map[int]sentMsg{}
	for i := range users * perUser {
		user := models.User{ID: int64(1000 + i%users), FirstName: fmt.Sprintf("User %d", i%users)}
		m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(user), user, questions[i%len(questions)]))
		byID[m.ID] = sentMsg{user: i % users, index: i / users}
	}

	start := time.Now()
	stop := h.poll()
	wantSends := users * (limit + 1)
	// Done when every update has been fetched and confirmed (the last 450
	// are silent drops) and every reply sent.
	for h.srv.Pending() > 0 || len(h.srv.Calls("sendMessage")) < wantSends {
		if time.Since(start) > 60*time.Second {
			t.Fatalf("after 60s: %d updates pending, %d messages sent of %d", h.srv.Pending(), len(h.srv.Calls("sendMessage")), wantSends)
		}
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(start)
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Logf("1,000 updates from %d users handled in %v (%d messages sent)", users, elapsed.Round(time.Millisecond), wantSends)

	replies := map[int][]string{}
	for _, c := range h.srv.Calls("sendMessage") {
		if c.Err != "" {
			t.Fatalf("Telegram rejected a message: %s", c.Err)
		}
		replies[c.ReplyTo()] = append(replies[c.ReplyTo()], c.Sent.Text)
	}
	for id, m := range byID {
		got := replies[id]
		switch {
		case m.index < limit:
			if len(got) != 1 || strings.HasPrefix(got[0], "You're sending") {
				t.Errorf("user %d message %d: replies %q, want one answer", m.user, m.index, got)
			}
		case m.index == limit:
			if len(got) != 1 || !strings.HasPrefix(got[0], "You're sending") {
				t.Errorf("user %d message %d: replies %q, want one notice", m.user, m.index, got)
			}
		default:
			if len(got) != 0 {
				t.Errorf("user %d message %d: replies %q, want none", m.user, m.index, got)
			}
		}
	}
	if n := len(h.srv.Calls("sendMessage")); n != wantSends {
		t.Errorf("%d messages sent, want %d", n, wantSends)
	}
	if n := h.srv.Pending(); n != 0 {
		t.Errorf("%d updates left unconfirmed at Telegram", n)
	}
}

// TestPollingRestart stops the polling loop in the middle of a stream of
// updates, again and again: sometimes restarting it in the same process,
// sometimes starting a new adapter as a new process would, which knows
// only what Telegram has confirmed. Every update is answered exactly once,
// and after a clean stop Telegram holds nothing for the next process.
func TestPollingRestart(t *testing.T) {
	const total = 300
	opts := []telegram.Option{telegram.WithRateLimit(0, 0), telegram.WithConcurrency(4)}
	srv := telegramtest.NewServer(t, testToken)
	var ids []int
	for i := range total {
		user := models.User{ID: int64(2000 + i%7), FirstName: "U"}
		u := telegramtest.TextUpdate(telegramtest.PrivateChat(user), user, "/exports")
		srv.PushUpdate(u)
		ids = append(ids, u.Message.ID)
	}
	// Each process stops after the given numbers of replies, restarting
	// its loop in between; a batch holds 100 updates, so most stops fall
	// in the middle of one.
	for _, stops := range [][]int{{1, 40}, {41, 120}, {150}, {200, 230}, {total}} {
		h := newHarnessOn(t, srv, bot.New(newFakeKB()), opts...)
		for _, after := range stops {
			stop := h.poll()
			srv.WaitForCalls(t, "sendMessage", after, 20*time.Second)
			if err := stop(); err != nil {
				t.Fatalf("Run: %v", err)
			}
		}
	}

	counts := map[int]int{}
	for _, c := range srv.Calls("sendMessage") {
		counts[c.ReplyTo()]++
	}
	for _, id := range ids {
		if counts[id] != 1 {
			t.Errorf("message %d answered %d times, want once", id, counts[id])
		}
	}
	if n := srv.Pending(); n != 0 {
		t.Errorf("%d updates unconfirmed after a clean stop", n)
	}
}
