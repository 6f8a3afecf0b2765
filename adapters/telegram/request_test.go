package telegram_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/bot"
)

func TestRequestFromUpdate(t *testing.T) {
	const me = "PakBot"
	alice := &models.User{ID: 42, FirstName: "Alice", LastName: "Khan", Username: "alice"}
	private := models.Chat{ID: 42, Type: models.ChatTypePrivate}
	group := models.Chat{ID: -100123, Type: models.ChatTypeSupergroup, Title: "Tech PK"}
	botMsg := &models.Message{ID: 7, From: &models.User{ID: 99, IsBot: true, Username: "pakbot"}, Chat: group}
	otherBotMsg := &models.Message{ID: 8, From: &models.User{ID: 98, IsBot: true, Username: "OtherBot"}, Chat: group}
	msg := func(chat models.Chat, text string) *models.Update {
		return &models.Update{ID: 1, Message: &models.Message{ID: 5, From: alice, Chat: chat, Date: 1700000000, Text: text}}
	}
	reply := func(to *models.Message, text string) *models.Update {
		u := msg(group, text)
		u.Message.ReplyToMessage = to
		return u
	}

	for _, tt := range []struct {
		name     string
		update   *models.Update
		wantText string // "" means not addressed to the bot
	}{
		{"PrivateQuestion", msg(private, "How many tech parks?"), "How many tech parks?"},
		{"PrivateCommand", msg(private, "/exports"), "/exports"},
		{"PrivateCommandForUs", msg(private, "/exports@PakBot"), "/exports"},
		{"PrivateCommandForOtherBot", msg(private, "/exports@OtherBot"), ""},
		{"PrivateKeepsArgumentSeparators", msg(private, "/suggest exports | IT exports grew | https://x.pk"), "/suggest exports | IT exports grew | https://x.pk"},
		{"GroupBareCommand", msg(group, "/exports"), "/exports"},
		{"GroupCommandForUsAnyCase", msg(group, "/exports@pakBOT in 2021"), "/exports in 2021"},
		{"GroupCommandForOtherBot", msg(group, "/exports@OtherBot"), ""},
		{"GroupPlainTextIgnored", msg(group, "anyone know the IT export numbers?"), ""},
		{"GroupMentionIsStripped", msg(group, "@PakBot what were IT exports in 2021?"), "what were IT exports in 2021?"},
		{"GroupMentionMidSentence", msg(group, "hey @pakbot, broadband users?"), "hey , broadband users?"},
		{"GroupMentionThenCommand", msg(group, "@PakBot /exports"), "/exports"},
		{"GroupLongerUsernameIsNotUs", msg(group, "@PakBotFan what is 5G?"), ""},
		{"GroupEmailIsNotMention", msg(group, "mail x@PakBot.example please"), ""},
		{"GroupReplyToBot", reply(botMsg, "and in 2022?"), "and in 2022?"},
		{"GroupReplyToOtherBot", reply(otherBotMsg, "and in 2022?"), ""},
		{"GroupReplyToBotWithOtherBotsCommand", reply(botMsg, "/stats@OtherBot"), ""},
		{"SlashButNotCommand", msg(group, "/ what?"), ""},
		{"ChannelIgnored", msg(models.Chat{ID: -5, Type: models.ChatTypeChannel}, "/exports"), ""},
		{"FromBotIgnored", &models.Update{ID: 1, Message: &models.Message{ID: 5, From: &models.User{ID: 3, IsBot: true}, Chat: private, Text: "/exports"}}, ""},
		{"NoSenderIgnored", &models.Update{ID: 1, Message: &models.Message{ID: 5, Chat: group, Text: "/exports"}}, ""},
		{"PhotoWithoutTextIgnored", msg(private, ""), ""},
		{"EditedMessageIgnored", &models.Update{ID: 1, EditedMessage: msg(private, "/exports").Message}, ""},
		{"InlineQueryIsNotAMessage", &models.Update{ID: 1, InlineQuery: &models.InlineQuery{ID: "q", From: alice, Query: "5g"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, ok := telegram.RequestFromUpdate(tt.update, me)
			if tt.wantText == "" {
				if ok {
					t.Fatalf("addressed with text %q, want ignored", req.Text)
				}
				return
			}
			if !ok {
				t.Fatalf("ignored, want request %q", tt.wantText)
			}
			want := bot.Request{
				Platform: bot.Telegram,
				ChatID:   fmt.Sprint(tt.update.Message.Chat.ID),
				UserID:   "42",
				UserName: "Alice Khan",
				Text:     tt.wantText,
				At:       time.Unix(1700000000, 0).UTC(),
			}
			if req != want {
				t.Errorf("got  %+v\nwant %+v", req, want)
			}
		})
	}
}

func TestInlineRequest(t *testing.T) {
	from := &models.User{ID: 7, Username: "bilal"}
	for _, tt := range []struct {
		name     string
		query    *models.InlineQuery
		wantText string
	}{
		{"Question", &models.InlineQuery{ID: "1", From: from, Query: "  broadband\tusers "}, "broadband users"},
		{"EmptyOffersNothing", &models.InlineQuery{ID: "1", From: from, Query: "   "}, ""},
		{"NoSender", &models.InlineQuery{ID: "1", Query: "5g"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, ok := telegram.InlineRequest(tt.query)
			if ok != (tt.wantText != "") || req.Text != tt.wantText {
				t.Fatalf("got (%q, %v), want %q", req.Text, ok, tt.wantText)
			}
			if ok && (req.UserID != "7" || req.UserName != "bilal" || req.Platform != bot.Telegram) {
				t.Errorf("got %+v, want user 7 named bilal on telegram", req)
			}
		})
	}
}

func TestMenuCommands(t *testing.T) {
	cmds := []bot.CommandInfo{
		{Name: "start", Description: "What this bot is"},
		{Name: "5g", Description: "5G readiness", Topic: true},
		{Name: "e-gov", Description: "dash is not allowed", Topic: true},
		{Name: "Exports", Description: "uppercase is not allowed", Topic: true},
		{Name: strings.Repeat("x", 33), Description: "too long", Topic: true},
		{Name: "start", Description: "duplicate"},
		{Name: "blank", Description: "  "},
		{Name: "long", Description: strings.Repeat("é", 300)},
		{Name: "addfact", Description: "Add a fact", Moderator: true},
	}
	t.Run("Public", func(t *testing.T) {
		got := telegram.MenuCommands(cmds, false)
		var names []string
		for _, c := range got {
			names = append(names, c.Command)
		}
		if want := "start 5g blank long"; strings.Join(names, " ") != want {
			t.Errorf("menu = %v, want %s", names, want)
		}
		if got[2].Description != "/blank" {
			t.Errorf("blank description = %q, want /blank", got[2].Description)
		}
		if n := len([]rune(got[3].Description)); n != 256 || !strings.HasSuffix(got[3].Description, "…") {
			t.Errorf("long description has %d runes, want 256 ending in …", n)
		}
	})
	t.Run("ModeratorsSeeModeratorCommands", func(t *testing.T) {
		got := telegram.MenuCommands(cmds, true)
		if last := got[len(got)-1].Command; last != "addfact" {
			t.Errorf("last command = %q, want addfact", last)
		}
	})
	t.Run("AtMost100", func(t *testing.T) {
		var many []bot.CommandInfo
		for i := range 150 {
			many = append(many, bot.CommandInfo{Name: fmt.Sprintf("t%d", i), Description: "topic"})
		}
		if got := telegram.MenuCommands(many, false); len(got) != 100 || got[99].Command != "t99" {
			t.Errorf("got %d commands, want the first 100", len(got))
		}
	})
}

func TestRequestFromCallback(t *testing.T) {
	user := models.User{ID: 42, FirstName: "Alice"}
	chat := models.Chat{ID: -100, Type: models.ChatTypeSupergroup}
	under := &models.Message{ID: 7, Chat: chat, Date: 1}
	press := func(from models.User, m models.MaybeInaccessibleMessage, data string) *models.CallbackQuery {
		return &models.CallbackQuery{ID: "q", From: from, Message: m, Data: data}
	}
	accessible := models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: under}
	old := models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeInaccessibleMessage,
		InaccessibleMessage: &models.InaccessibleMessage{Chat: chat, MessageID: 7}}
	for _, tt := range []struct {
		name string
		q    *models.CallbackQuery
		ok   bool
	}{
		{"MoreButton", press(user, accessible, "/5g 2"), true},
		{"OldMessage", press(user, old, "/5g 2"), true},
		{"NotACommand", press(user, accessible, "hello"), false},
		{"FromABot", press(models.User{ID: 9, IsBot: true}, accessible, "/5g 2"), false},
		{"NoMessage", press(user, models.MaybeInaccessibleMessage{}, "/5g 2"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, m, ok := telegram.RequestFromCallback(tt.q)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			want := bot.Request{Platform: bot.Telegram, ChatID: "-100", UserID: "42", UserName: "Alice", Text: "/5g 2"}
			if req != want || m.ID != 7 || m.Chat.ID != -100 {
				t.Errorf("got %+v under message %d in chat %d, want %+v under 7 in -100", req, m.ID, m.Chat.ID, want)
			}
		})
	}
}
