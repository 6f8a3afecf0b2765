package telegram_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/bot"
)

func TestNotify(t *testing.T) {
	long := strings.Repeat("The source says <less> & more. ", 200) // 6,200 characters
	for _, tt := range []struct {
		name   string
		chatID string
		text   string
		// fail makes Telegram refuse the first sendMessage with this
		// status and description.
		failCode int
		failDesc string
		// wantErr is part of the error Notify returns; "" means success.
		wantErr string
		// wantSent is how many messages must reach Telegram.
		wantSent int
	}{
		{name: "PrivateChat", chatID: "42", text: "Good news: your suggestion #1 was approved by Ayesha <Admin> & @team.", wantSent: 1},
		{name: "Group", chatID: "-1001234567890", text: "Your suggestion #2 was not accepted: 5 < 6 & 7 > 3", wantSent: 1},
		{name: "LongNoticeIsSplit", chatID: "42", text: long, wantSent: 2},
		{name: "EmptyChatID", chatID: "", text: "x", wantErr: `notice for chat "": not a chat id`},
		{name: "InlineHasNoChat", chatID: "inline", text: "x", wantErr: `notice for chat "inline": not a chat id`},
		{name: "NotANumber", chatID: "12abc", text: "x", wantErr: "not a chat id"},
		{name: "Spaces", chatID: " 42", text: "x", wantErr: "not a chat id"},
		{name: "Overflow", chatID: "99999999999999999999", text: "x", wantErr: "not a chat id"},
		{name: "UnknownChat", chatID: "1234567890123456789", text: "x", failCode: 400, failDesc: "Bad Request: chat not found", wantErr: "chat not found"},
		{name: "BlockedByUser", chatID: "42", text: "x", failCode: 403, failDesc: "Forbidden: bot was blocked by the user", wantErr: "bot was blocked by the user"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, bot.New(newFakeKB()))
			if tt.failCode != 0 {
				h.srv.FailNext("sendMessage", tt.failCode, tt.failDesc, 0)
			}
			err := h.adapter.Notify(context.Background(), bot.Notice{Platform: bot.Telegram, ChatID: tt.chatID, UserID: "42", Text: tt.text})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Notify: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Notify: %v, want an error containing %q", err, tt.wantErr)
			case err != nil && strings.Contains(err.Error(), "SECRET"):
				t.Errorf("the error leaks the token: %v", err)
			}

			calls := h.srv.Calls("sendMessage")
			if tt.failCode == 0 && tt.wantErr != "" && len(calls) != 0 {
				t.Errorf("a notice for chat %q reached Telegram: %v", tt.chatID, calls)
			}
			var sent []telegramtest.Call
			for _, c := range calls {
				if c.Err == "" {
					sent = append(sent, c)
				}
			}
			if len(sent) != tt.wantSent {
				t.Fatalf("%d messages sent, want %d: %v", len(sent), tt.wantSent, calls)
			}
			var plain strings.Builder
			for _, c := range sent {
				if c.Fields["chat_id"] != tt.chatID || c.Fields["parse_mode"] != "HTML" {
					t.Errorf("sent %v, want an HTML message to chat %s", c.Fields, tt.chatID)
				}
				if c.ReplyTo() != 0 {
					t.Errorf("the notice replies to message %d; it answers no message", c.ReplyTo())
				}
				if !strings.Contains(c.Fields["link_preview_options"], `"is_disabled":true`) {
					t.Errorf("link previews are on: %q", c.Fields["link_preview_options"])
				}
				if len(c.Sent.Entities) != 0 {
					t.Errorf("the notice has entities %v; quoted names must not mention anyone", c.Sent.Entities)
				}
				plain.WriteString(c.Sent.Text + " ") // parts are cut at spaces
			}
			// What the user reads is the notice, escaping undone, with
			// mentions defused by an invisible word joiner.
			if len(sent) > 0 {
				want := strings.ReplaceAll(tt.text, "@team", "@\u2060team")
				if got := plain.String(); strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(want), " ") {
					t.Errorf("the user reads %q, want %q", got, want)
				}
			}
		})
	}
}
