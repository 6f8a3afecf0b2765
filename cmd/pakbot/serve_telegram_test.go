package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/logtest"
)

const testToken = "777:serve-SECRET-token"

// testMain returns a Main whose environment is env and whose output is
// captured.
func testMain(env map[string]string) (*Main, *logtest.Buffer) {
	logs := &logtest.Buffer{}
	m := NewMain()
	m.Stdout, m.Stderr = &bytes.Buffer{}, &bytes.Buffer{}
	m.Getenv = func(k string) string { return env[k] }
	m.Logger = slog.New(slog.NewTextHandler(logs, nil))
	return m, logs
}

// serve runs `pakbot serve args...` until the returned stop is called,
// which returns Run's error.
func serve(t *testing.T, m *Main, args ...string) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, append([]string{"serve", "--db", ":memory:"}, args...)) }()
	return func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop within 20s")
			return nil
		}
	}
}

func TestServeTelegram(t *testing.T) {
	srv := telegramtest.NewServer(t, testToken)
	m, logs := testMain(map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL})
	stop := serve(t, m)

	user := models.User{ID: 5, FirstName: "Sana"}
	u := telegramtest.TextUpdate(telegramtest.PrivateChat(user), user, "/exports")
	srv.PushUpdate(u)
	c := srv.WaitForCalls(t, "sendMessage", 1, 30*time.Second)[0]
	if c.Err != "" || c.Fields["parse_mode"] != "HTML" || c.ReplyTo() != u.Message.ID {
		t.Errorf("sendMessage %+v, want an HTML reply to message %d", c, u.Message.ID)
	}
	if !strings.Contains(c.Sent.Text, "IT exports") || !strings.Contains(c.Fields["text"], "<a href=\"http") {
		t.Errorf("reply to /exports from the seeded database = %q, want cited IT export facts", c.Fields["text"])
	}
	var menu []string
	for _, cmd := range srv.Commands("default") {
		menu = append(menu, cmd.Command)
	}
	if !strings.Contains(" "+strings.Join(menu, " ")+" ", " exports ") {
		t.Errorf("command menu %v lacks /exports", menu)
	}

	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if m.db != nil {
		t.Error("the database is still open after serve returned")
	}
	if srv.Pending() != 0 {
		t.Error("the answered update was not confirmed on shutdown")
	}
	if strings.Contains(logs.String(), "SECRET") {
		t.Errorf("the token appears in the logs:\n%s", logs)
	}
}

func TestServeTelegramWebhook(t *testing.T) {
	srv := telegramtest.NewServer(t, testToken)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // free the port for serve to listen on
	m, _ := testMain(map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL})
	stop := serve(t, m, "--telegram-webhook-url", "http://"+addr+"/tg", "--listen", addr)

	srv.WaitForCalls(t, "setWebhook", 1, 30*time.Second)
	user := models.User{ID: 6, FirstName: "Omar"}
	u := telegramtest.TextUpdate(telegramtest.PrivateChat(user), user, "/broadband")
	u.ID, u.Message.ID = 1, 1
	if status, err := srv.DeliverWebhook(context.Background(), u); err != nil || status != 200 {
		t.Fatalf("webhook delivery: %d %v", status, err)
	}
	if c := srv.WaitForCalls(t, "sendMessage", 1, 10*time.Second)[0]; c.ReplyTo() != 1 {
		t.Errorf("reply to message %d, want 1", c.ReplyTo())
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
}

func TestServeTelegramConfigErrors(t *testing.T) {
	srv := telegramtest.NewServer(t, testToken)
	for _, tt := range []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"NoToken", map[string]string{}, nil, "TELEGRAM_BOT_TOKEN"},
		{"ListenWithoutWebhook", map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL}, []string{"--listen", ":0"}, "--listen is only used with --telegram-webhook-url"},
		{"BadModerators", map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL, "TELEGRAM_MODERATORS": "12,@sana"}, nil, `TELEGRAM_MODERATORS: "@sana" is not a numeric Telegram user id`},
		{"RejectedToken", map[string]string{"TELEGRAM_BOT_TOKEN": "1:wrong-SECRET", "TELEGRAM_API_URL": srv.URL}, nil, "rejected the bot token"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := testMain(tt.env)
			err := m.Run(context.Background(), append([]string{"serve", "--db", ":memory:"}, tt.args...))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("serve: %v, want an error containing %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error leaks the token: %v", err)
			}
		})
	}
}

// TestServeTelegramUnderstands asks the way people in Pakistan write, over
// the real Telegram client: Roman Urdu, Urdu, then a follow-up that leans
// on the question before it in the same chat.
func TestServeTelegramUnderstands(t *testing.T) {
	srv := telegramtest.NewServer(t, testToken)
	m, _ := testMain(map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL})
	stop := serve(t, m)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	user := models.User{ID: 6, FirstName: "Bilal"}
	chat := telegramtest.PrivateChat(user)
	for i, c := range []struct{ ask, want string }{
		{"IT exports kitni hain?", "3.223 billion"},
		{"مالی سال 2023-24 میں آئی ٹی برآمدات کتنی تھیں؟", "3.223 billion"},
		{"and in 2021?", "I have no figure for 2021"},
		{"/techparks karachi", "Karachi IT Park"},
	} {
		srv.PushUpdate(telegramtest.TextUpdate(chat, user, c.ask))
		calls := srv.WaitForCalls(t, "sendMessage", i+1, 30*time.Second)
		if got := calls[i].Fields["text"]; !strings.Contains(got, c.want) {
			t.Errorf("%q answered %q, want %q in it", c.ask, got, c.want)
		}
	}
}

// TestServeDeliversWaitingNotices starts serve on a database where a
// notice waits (its delivery failed before a restart): once Telegram is
// connected serve delivers it, and says it is serving only then.
func TestServeDeliversWaitingNotices(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	db := MustOpenAt(t, path)
	notice := bot.Notice{Platform: bot.Telegram, ChatID: "55", UserID: "55", Text: "Sana, your suggestion #1 was not accepted by alice: no source."}
	if err := db.SaveNotice(context.Background(), notice); err != nil {
		t.Fatal(err)
	}
	srv := telegramtest.NewServer(t, testToken)
	m, logs := testMain(map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL, "PAKBOT_DB": path})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	c := srv.WaitForCalls(t, "sendMessage", 1, 30*time.Second)[0]
	if c.Fields["chat_id"] != "55" || c.Sent == nil || c.Sent.Text != notice.Text {
		t.Errorf("first message %+v, want the waiting notice in chat 55", c.Fields)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if waiting, err := db.WaitingNotices(context.Background(), bot.Telegram, ""); err != nil || len(waiting) != 0 {
		t.Errorf("still waiting: %+v, %v", waiting, err)
	}
	log := logs.String()
	if p, s := strings.Index(log, "polling for updates"), strings.Index(log, "msg=serving platform=telegram"); p < 0 || s < p {
		t.Errorf("serving is not logged after polling began:\n%s", log)
	}
}

// TestServeAnswersAfterFactsAdd runs serve and, beside it, `pakbot facts
// add` on the same database, then asks once, a second later, as a user
// would: the new fact must answer the first question.
func TestServeAnswersAfterFactsAdd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	env := map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "PAKBOT_DB": path, "USER": "tester"}
	MustRunPakbot(t, env, "", "facts", "list") // create and seed it first
	srv := telegramtest.NewServer(t, testToken)
	env["TELEGRAM_API_URL"] = srv.URL
	m, logs := testMain(env)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), "msg=serving") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}

	MustRunPakbot(t, env, "", "facts", "add", "--topic", "startups", "--period", "2025", "--source", "https://example.com/zorbatel",
		"--text", "In 2025, the Zorbatel incubator in Peshawar helped 40 startups raise seed funding.")
	time.Sleep(time.Second)
	user := models.User{ID: 5, FirstName: "Sana"}
	srv.PushUpdate(telegramtest.TextUpdate(telegramtest.PrivateChat(user), user, "What did the Zorbatel incubator do?"))
	c := srv.WaitForCalls(t, "sendMessage", 1, 30*time.Second)[0]
	if !strings.Contains(c.Sent.Text, "Zorbatel incubator in Peshawar helped 40 startups") {
		t.Errorf("the first question after the write got:\n%s", c.Sent.Text)
	}
}
