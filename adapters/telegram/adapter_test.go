package telegram_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/bot"
)

func TestPrivateChat(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	h.poll()
	chat := telegramtest.PrivateChat(alice)

	t.Run("ExportsCommand", func(t *testing.T) {
		m := h.push(telegramtest.TextUpdate(chat, alice, "/exports"))
		c := h.waitSent(m.ID, 1)[0]
		link := `<a href="https://www.finance.gov.pk/survey">`
		want := "<b>IT exports, newest first:</b>\n" +
			"• Pakistan's IT and ITeS exports were $3.2 billion in FY 2023-24. " + link + "[1]</a>\n" +
			"• Pakistan's IT and ITeS exports were $2.6 billion in FY 2022-23. " + link + "[1]</a>\n\n" +
			"<b>Sources</b>\n" +
			"[1] " + link + "Pakistan Economic Survey 2023-24</a>, Finance Division, June 2024"
		if got := c.Fields["text"]; got != want {
			t.Errorf("sent text:\n got %q\nwant %q", got, want)
		}
		if c.Fields["parse_mode"] != "HTML" || c.Fields["chat_id"] != "42" {
			t.Errorf("parse_mode=%q chat_id=%q, want HTML and 42", c.Fields["parse_mode"], c.Fields["chat_id"])
		}
		var reply models.ReplyParameters
		if err := c.Decode("reply_parameters", &reply); err != nil || reply.MessageID != m.ID {
			t.Errorf("reply_parameters = %+v (%v), want a reply to message %d", reply, err, m.ID)
		}
		var preview models.LinkPreviewOptions
		if err := c.Decode("link_preview_options", &preview); err != nil || preview.IsDisabled == nil || !*preview.IsDisabled {
			t.Errorf("link_preview_options = %q, want previews disabled", c.Fields["link_preview_options"])
		}
	})
	t.Run("StartGreets", func(t *testing.T) {
		m := h.push(telegramtest.TextUpdate(chat, alice, "/start"))
		if text := h.waitSent(m.ID, 1)[0].Sent.Text; !strings.Contains(text, "Hello, Alice!") || !strings.Contains(text, "/help") {
			t.Errorf("/start reply = %q, want a greeting that mentions /help", text)
		}
	})
	t.Run("HelpListsCommands", func(t *testing.T) {
		m := h.push(telegramtest.TextUpdate(chat, alice, "/help"))
		text := h.waitSent(m.ID, 1)[0].Sent.Text
		for _, cmd := range []string{"/ask", "/topics", "/exports", "/broadband"} {
			if !strings.Contains(text, cmd) {
				t.Errorf("/help reply lacks %s: %q", cmd, text)
			}
		}
	})
	t.Run("PlainTextIsAQuestion", func(t *testing.T) {
		m := h.push(telegramtest.TextUpdate(chat, alice, "how many broadband subscribers?"))
		c := h.waitSent(m.ID, 1)[0]
		if !strings.HasPrefix(c.Sent.Text, "Pakistan had 135 million broadband subscribers in June 2024. [1]") {
			t.Errorf("answer = %q", c.Sent.Text)
		}
		// PTA has no URL: cited by title, not linked.
		if !strings.Contains(c.Fields["text"], "[1] PTA annual report, PTA") {
			t.Errorf("citation without URL not shown by title: %q", c.Fields["text"])
		}
	})
	t.Run("MarkupAndMentionsInFactsAreHarmless", func(t *testing.T) {
		m := h.push(telegramtest.TextUpdate(chat, alice, "R&D spending?"))
		c := h.waitSent(m.ID, 1)[0]
		html := c.Fields["text"]
		for _, want := range []string{"R&amp;D spending stayed &lt;1% of GDP", "@\u2060everyone", `<a href="https://example.org/r?a=1&amp;b=2">R&amp;D &lt;survey&gt;</a>`} {
			if !strings.Contains(html, want) {
				t.Errorf("sent HTML lacks %q:\n%s", want, html)
			}
		}
		if !strings.Contains(c.Sent.Text, "R&D spending stayed <1% of GDP in 2021") {
			t.Errorf("user sees %q, want the fact text as written", c.Sent.Text)
		}
		if mentions := telegramtest.Mentions(c.Sent.Text); len(mentions) > 0 {
			t.Errorf("sent message mentions %v", mentions)
		}
	})
	t.Run("LongReplyIsSplit", func(t *testing.T) {
		m := h.push(telegramtest.TextUpdate(chat, alice, "/everything"))
		// Parts are sent in order; the last one lists the sources.
		calls := h.waitSent(m.ID, 2)
		for deadline := time.Now().Add(10 * time.Second); !strings.HasPrefix(calls[len(calls)-1].Sent.Text, "Sources") && !strings.Contains(calls[len(calls)-1].Sent.Text, "\nSources\n"); {
			if time.Now().After(deadline) {
				t.Fatal("the last part, with the sources, never came")
			}
			time.Sleep(5 * time.Millisecond)
			calls = h.sent(m.ID)
		}
		var all strings.Builder
		for i, c := range calls {
			if n := telegramtest.Length(c.Sent.Text); n > telegram.MaxMessageLength {
				t.Errorf("part %d is %d characters", i, n)
			}
			all.WriteString(c.Sent.Text + "\n")
		}
		for i := range bot.MaxTopicFacts {
			if want := "Long fact 0" + string(rune('0'+i)); !strings.Contains(all.String(), want) {
				t.Errorf("parts lack %q", want)
			}
		}
		if !strings.Contains(all.String(), "[1] Pakistan Economic Survey 2023-24") {
			t.Error("parts lack the sources section")
		}
		for _, c := range h.srv.Calls("sendMessage") {
			if c.Err != "" {
				t.Errorf("Telegram rejected a part: %s", c.Err)
			}
		}
	})
}

func TestGroupChat(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	h.poll()

	ignored := []*models.Message{
		h.push(telegramtest.TextUpdate(group, alice, "anyone know the broadband numbers?")),
		h.push(telegramtest.TextUpdate(group, alice, "/exports@OtherBot")),
		h.push(telegramtest.TextUpdate(group, alice, "@PakBotFan broadband?")),
	}
	forUs := h.push(telegramtest.TextUpdate(group, alice, "/exports@PakBot"))
	mention := h.push(telegramtest.TextUpdate(group, bilal, "@PakBot broadband subscribers?"))
	bare := h.push(telegramtest.TextUpdate(group, bilal, "/broadband"))

	c := h.waitSent(forUs.ID, 1)[0]
	if !strings.HasPrefix(c.Sent.Text, "IT exports, newest first:") || c.Fields["chat_id"] != "-100500" {
		t.Errorf("/exports@PakBot answered %q in chat %s", c.Sent.Text, c.Fields["chat_id"])
	}
	if c := h.waitSent(mention.ID, 1)[0]; !strings.HasPrefix(c.Sent.Text, "Pakistan had 135 million broadband") {
		t.Errorf("mention answered %q", c.Sent.Text)
	}
	h.waitSent(bare.ID, 1)

	// A reply to the bot's answer is addressed to it, even without a
	// mention.
	answer := c.Sent
	followUp := h.push(telegramtest.ReplyUpdate(answer, alice, "and exports?"))
	if c := h.waitSent(followUp.ID, 1)[0]; !strings.Contains(c.Sent.Text, "exports") {
		t.Errorf("reply to the bot answered %q", c.Sent.Text)
	}

	// Updates are routed in order, so the ignored ones were decided before
	// the answered ones were.
	for _, m := range ignored {
		if n := len(h.sent(m.ID)); n != 0 {
			t.Errorf("message %q got %d replies, want none", m.Text, n)
		}
	}
	if n := len(h.srv.Calls("sendMessage")); n != 4 {
		t.Errorf("%d messages sent, want 4", n)
	}
}

func TestTooManyRequestsIsRetried(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	h.srv.FailNext("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 1", 1)
	h.poll()
	m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(alice), alice, "/exports"))
	h.waitSent(m.ID, 1)
	calls := h.srv.Calls("sendMessage")
	if len(calls) != 2 || calls[0].Err == "" || calls[1].Err != "" {
		t.Fatalf("sendMessage calls: %+v, want one 429 then one success", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Errorf("retried after %v, want at least retry_after (1s)", gap)
	}
	if calls[0].Fields["text"] != calls[1].Fields["text"] {
		t.Error("the retry sent a different message")
	}
}

func TestSendErrorIsLoggedAndBotCarriesOn(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	h.srv.FailNext("sendMessage", http.StatusForbidden, "Forbidden: bot was blocked by the user", 0)
	h.poll()
	chat := telegramtest.PrivateChat(alice)
	first := h.push(telegramtest.TextUpdate(chat, alice, "/exports"))
	h.srv.WaitForCalls(t, "sendMessage", 1, 5*time.Second)
	second := h.push(telegramtest.TextUpdate(chat, alice, "/broadband"))
	h.waitSent(second.ID, 1)
	if n := len(h.sent(first.ID)); n != 0 {
		t.Errorf("blocked reply was sent %d times, want 0 (403 is not retried)", n)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "chat_id=42") || !strings.Contains(logs, "bot was blocked by the user") {
		t.Errorf("the failure is not logged with its chat id:\n%s", logs)
	}
}

func TestCommandMenu(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	h.poll()
	h.srv.WaitForCalls(t, "setMyCommands", 1, 5*time.Second)
	var names []string
	for _, c := range h.srv.Commands("default") {
		names = append(names, c.Command)
	}
	if got, want := strings.Join(names, " "), "start help ask search latest topics sources chart exports broadband research everything"; got != want {
		t.Errorf("menu = %s, want %s (e-gov left out)", got, want)
	}
	if cmds := h.srv.Commands("all_chat_administrators"); cmds != nil {
		t.Errorf("administrators' menu set to %v with no moderator commands", cmds)
	}
}

func TestInlineQuery(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	h.poll()
	h.srv.PushUpdate(telegramtest.InlineUpdate("", alice, "   ")) // still typing: nothing to answer
	h.srv.PushUpdate(telegramtest.InlineUpdate("q1", alice, "broadband"))
	c := h.srv.WaitForCalls(t, "answerInlineQuery", 1, 5*time.Second)[0]
	if c.Err != "" {
		t.Fatalf("Telegram rejected the results: %s", c.Err)
	}
	if c.Fields["inline_query_id"] != "q1" {
		t.Errorf("answered query %q, want q1 (the empty query needs no answer)", c.Fields["inline_query_id"])
	}
	var results []struct {
		Type, ID, Title, Description string
		InputMessageContent          struct {
			MessageText string `json:"message_text"`
			ParseMode   string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := c.Decode("results", &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 {
		t.Fatalf("got %d results, want the 2 broadband facts", len(results))
	}
	r := results[0]
	if r.Type != "article" || r.Title != "Pakistan had 135 million broadband subscribers in June 2024." || r.Description != "June 2024 · PTA annual report" {
		t.Errorf("first result = %+v", r)
	}
	if r.InputMessageContent.ParseMode != "HTML" || !strings.Contains(r.InputMessageContent.MessageText, "[1] PTA annual report, PTA") {
		t.Errorf("first result's message = %+v, want cited HTML", r.InputMessageContent)
	}
}

func TestRateLimitNoticeOnce(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	h := newHarness(t, bot.New(newFakeKB()), telegram.WithRateLimit(3, 30*time.Second), telegram.WithClock(func() time.Time { return now }))
	h.poll()
	chat := telegramtest.PrivateChat(alice)
	var msgs []*models.Message
	for range 6 {
		msgs = append(msgs, h.push(telegramtest.TextUpdate(chat, alice, "/exports")))
	}
	other := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(bilal), bilal, "/exports"))
	// Updates are routed in order: once these are answered, the silent
	// ones before Bilal's message have been decided too.
	h.waitSent(other.ID, 1)
	for _, m := range msgs[:4] {
		h.waitSent(m.ID, 1)
	}
	for i, m := range msgs {
		calls := h.sent(m.ID)
		switch {
		case i < 3 && (len(calls) != 1 || !strings.HasPrefix(calls[0].Sent.Text, "IT exports")):
			t.Errorf("message %d: %d replies, want its answer", i, len(calls))
		case i == 3 && (len(calls) != 1 || !strings.Contains(calls[0].Sent.Text, "at most 3 every 30 seconds")):
			t.Errorf("message %d: got %v, want one notice", i, calls)
		case i > 3 && len(calls) != 0:
			t.Errorf("message %d: %d replies, want silence after the notice", i, len(calls))
		}
	}
}

func TestWebhook(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hook := "http://" + ln.Addr().String() + "/telegram/hook"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.adapter.ServeWebhook(ctx, ln, hook) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeWebhook: %v", err)
		}
	}()

	set := h.srv.WaitForCalls(t, "setWebhook", 1, 5*time.Second)[0]
	url, secret := h.srv.Webhook()
	if url != hook || len(secret) < 32 {
		t.Fatalf("setWebhook(url=%q, secret of %d chars), want %s and a long secret", url, len(secret), hook)
	}
	if !strings.Contains(set.Fields["allowed_updates"], "inline_query") {
		t.Errorf("allowed_updates = %s", set.Fields["allowed_updates"])
	}
	chat := telegramtest.PrivateChat(alice)
	update := func(id int64, text string) models.Update {
		u := telegramtest.TextUpdate(chat, alice, text)
		u.ID, u.Message.ID, u.Message.Date = id, int(id), int(time.Now().Unix())
		return u
	}

	t.Run("WrongSecretIs401AndIgnored", func(t *testing.T) {
		for _, s := range []string{"", "wrong", secret + "x"} {
			status, err := telegramtest.PostUpdate(ctx, hook, s, update(1, "/exports"))
			if err != nil || status != http.StatusUnauthorized {
				t.Errorf("secret %q: status %d (%v), want 401", s, status, err)
			}
		}
	})
	t.Run("RightSecretIsAnswered", func(t *testing.T) {
		status, err := h.srv.DeliverWebhook(ctx, update(2, "/broadband"))
		if err != nil || status != http.StatusOK {
			t.Fatalf("status %d (%v), want 200", status, err)
		}
		h.waitSent(2, 1)
		if n := len(h.sent(1)); n != 0 {
			t.Errorf("the update with a wrong secret got %d replies", n)
		}
	})
	t.Run("RedeliveryIsAnsweredOnce", func(t *testing.T) {
		for range 2 {
			if status, err := h.srv.DeliverWebhook(ctx, update(3, "/exports")); err != nil || status != http.StatusOK {
				t.Fatalf("status %d (%v), want 200", status, err)
			}
		}
		h.waitSent(3, 1)
		time.Sleep(100 * time.Millisecond)
		if n := len(h.sent(3)); n != 1 {
			t.Errorf("redelivered update answered %d times, want once", n)
		}
	})
	t.Run("OtherPathsAndMethods", func(t *testing.T) {
		resp, err := http.Get(hook)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET: %d, want 405", resp.StatusCode)
		}
		status, _ := telegramtest.PostUpdate(ctx, "http://"+ln.Addr().String()+"/other", secret, update(4, "/exports"))
		if status != http.StatusNotFound {
			t.Errorf("other path: %d, want 404", status)
		}
	})
}

func TestModerators(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	creator := models.User{ID: 1, FirstName: "Creator"}
	admin := models.User{ID: 2, FirstName: "Admin"}
	member := models.User{ID: 3, FirstName: "Member"}
	listed := models.User{ID: 4, FirstName: "Listed"}
	h := newHarness(t, modEngine{bot.New(newFakeKB())}, telegram.WithModerators(listed.ID), telegram.WithClock(func() time.Time { return now }))
	h.srv.SetChatMember(group.ID, creator.ID, models.ChatMemberTypeOwner)
	h.srv.SetChatMember(group.ID, admin.ID, models.ChatMemberTypeAdministrator)
	stop := h.poll()

	ask := func(chat models.Chat, from models.User, text string) string {
		t.Helper()
		m := h.push(telegramtest.TextUpdate(chat, from, text))
		return h.waitSent(m.ID, 1)[0].Sent.Text
	}
	lookups := func() int { return len(h.srv.Calls("getChatMember")) }
	for _, step := range []struct {
		name        string
		chat        models.Chat
		from        models.User
		text        string
		want        string
		wantLookups int
	}{
		{"GroupAdmin", group, admin, "/addfact@PakBot exports | text | https://x.pk", "moderator=true", 1},
		{"AdminCached", group, admin, "/addfact exports | more", "moderator=true", 1},
		{"GroupCreator", group, creator, "/addfact x", "moderator=true", 2},
		{"GroupMember", group, member, "/addfact x", "moderator=false", 3},
		{"ListedNeedsNoLookup", group, listed, "/addfact x", "moderator=true", 3},
		{"OrdinaryCommandNeedsNoLookup", group, member, "/exports", "IT exports", 3},
		{"AdminInPrivateIsNot", telegramtest.PrivateChat(admin), admin, "/addfact x", "moderator=false", 3},
		{"ListedInPrivate", telegramtest.PrivateChat(listed), listed, "/addfact x", "moderator=true", 3},
	} {
		t.Run(step.name, func(t *testing.T) {
			if got := ask(step.chat, step.from, step.text); !strings.HasPrefix(got, step.want) {
				t.Errorf("reply %q, want %q", got, step.want)
			}
			if n := lookups(); n != step.wantLookups {
				t.Errorf("%d getChatMember calls, want %d", n, step.wantLookups)
			}
		})
	}
	t.Run("CacheExpires", func(t *testing.T) {
		stop() // the clock is read by workers: change it while none runs
		now = now.Add(6 * time.Minute)
		h.poll()
		if got := ask(group, admin, "/addfact y"); got != "moderator=true" || lookups() != 4 {
			t.Errorf("reply %q with %d lookups, want moderator=true after a fresh lookup", got, lookups())
		}
	})
	t.Run("AdministratorsMenu", func(t *testing.T) {
		cmds := h.srv.Commands("all_chat_administrators")
		if len(cmds) == 0 || cmds[len(cmds)-1].Command != "addfact" {
			t.Errorf("administrators' menu = %v, want it to end with addfact", cmds)
		}
		for _, c := range h.srv.Commands("default") {
			if c.Command == "addfact" {
				t.Error("addfact is in everyone's menu")
			}
		}
	})
}

// modEngine adds a moderator command that reports whether the request
// came from a moderator, as the engine's curation commands will.
type modEngine struct{ *bot.Engine }

func (e modEngine) Commands(ctx context.Context) ([]bot.CommandInfo, error) {
	cmds, err := e.Engine.Commands(ctx)
	return append(cmds, bot.CommandInfo{Name: "addfact", Description: "Add a fact", Moderator: true}), err
}

func (e modEngine) Handle(ctx context.Context, req bot.Request) bot.Reply {
	if name, _, ok := bot.ParseCommand(req.Text); ok && name == "addfact" {
		text := "moderator=false"
		if req.Moderator {
			text = "moderator=true"
		}
		return bot.Reply{Kind: bot.KindInfo, Blocks: []bot.Block{{Text: text}}}
	}
	return e.Engine.Handle(ctx, req)
}

func TestShutdownFinishesInFlightReplies(t *testing.T) {
	kb := newFakeKB()
	kb.searching, kb.delay = make(chan struct{}, 1), 300*time.Millisecond
	h := newHarness(t, bot.New(kb))
	stop := h.poll()
	m := h.push(telegramtest.TextUpdate(telegramtest.PrivateChat(alice), alice, "how many broadband subscribers?"))
	<-kb.searching // the engine is working on it
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := len(h.sent(m.ID)); n != 1 {
		t.Errorf("after Run returned, the in-flight question has %d replies, want 1", n)
	}
}

func TestNewFailuresDoNotLeakToken(t *testing.T) {
	srv := telegramtest.NewServer(t, "999:another-token")
	t.Run("WrongToken", func(t *testing.T) {
		_, err := telegram.New(context.Background(), testToken, bot.New(newFakeKB()), telegram.WithAPIURL(srv.URL))
		if err == nil || !strings.Contains(err.Error(), "rejected the bot token") {
			t.Errorf("err = %v, want the token rejected", err)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("error leaks the token: %v", err)
		}
	})
	t.Run("Unreachable", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there now
		_, err = telegram.New(context.Background(), testToken, bot.New(newFakeKB()), telegram.WithAPIURL("http://"+addr))
		if err == nil || !strings.Contains(err.Error(), "cannot reach the Bot API") {
			t.Errorf("err = %v, want unreachable", err)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("error leaks the token: %v", err)
		}
	})
}

// TestMoreButton pages through a long topic list with the button under it,
// as a user taps it, and with the command the reply names.
func TestMoreButton(t *testing.T) {
	h := newHarness(t, bot.New(newFakeKB()))
	h.poll()
	chat := telegramtest.PrivateChat(alice)

	m := h.push(telegramtest.TextUpdate(chat, alice, "/everything"))
	parts := h.waitSent(m.ID, 2)
	last := parts[len(parts)-1]
	var keyboard models.InlineKeyboardMarkup
	if err := last.Decode("reply_markup", &keyboard); err != nil {
		t.Fatalf("the last part has no keyboard: %v", err)
	}
	if len(keyboard.InlineKeyboard) != 1 || len(keyboard.InlineKeyboard[0]) != 1 ||
		keyboard.InlineKeyboard[0][0].Text != "More" || keyboard.InlineKeyboard[0][0].CallbackData != "/everything 2" {
		t.Fatalf("keyboard = %+v, want one More button for /everything 2", keyboard)
	}
	if _, ok := parts[0].Fields["reply_markup"]; ok {
		t.Error("the first part has a keyboard too")
	}
	if !strings.Contains(last.Sent.Text, "/everything 2 shows the next 4 facts") {
		t.Errorf("the text does not say how to see more: %q", last.Sent.Text)
	}
	if got := h.srv.AllowedUpdates(); !strings.Contains(got, "callback_query") {
		t.Errorf("allowed_updates = %s, want callback_query among them", got)
	}

	h.srv.PushUpdate(telegramtest.CallbackUpdate("cb-1", alice, last.Sent, "/everything 2"))
	page := h.waitSent(last.Sent.ID, 1)[0]
	if !strings.Contains(page.Sent.Text, "Everything, newest first (page 2 of 2):") || !strings.Contains(page.Sent.Text, "Long fact 08") {
		t.Errorf("the button gave %q, want page 2", page.Sent.Text)
	}
	if _, ok := page.Fields["reply_markup"]; ok {
		t.Error("the last page offers more")
	}
	answered := h.srv.WaitForCalls(t, "answerCallbackQuery", 1, 10*time.Second)
	if answered[0].Fields["callback_query_id"] != "cb-1" || answered[0].Err != "" {
		t.Errorf("answerCallbackQuery = %+v", answered[0])
	}

	t.Run("TypedPage", func(t *testing.T) {
		m := h.push(telegramtest.TextUpdate(chat, alice, "/everything 2"))
		if text := h.waitSent(m.ID, 1)[0].Sent.Text; !strings.Contains(text, "(page 2 of 2)") {
			t.Errorf("/everything 2 gave %q", text)
		}
	})
}
