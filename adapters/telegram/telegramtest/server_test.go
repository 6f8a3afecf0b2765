package telegramtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

// post calls method on s with form fields, as any Bot API client may, and
// returns the decoded envelope.
func post(t *testing.T, s *Server, method string, fields url.Values) (env struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}) {
	t.Helper()
	resp, err := http.Post(s.URL+"/bot"+s.Token+"/"+method, "application/x-www-form-urlencoded", strings.NewReader(fields.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	return env
}

func TestGetChatMember(t *testing.T) {
	s := NewServer(t, "1:token")
	s.SetChatMember(-100, 1, models.ChatMemberTypeOwner)
	s.SetChatMember(-100, 2, models.ChatMemberTypeAdministrator)
	s.SetChatMember(-100, 4, models.ChatMemberTypeLeft)

	for _, tt := range []struct {
		name       string
		chat, user string
		wantStatus string
		// wantFields are fields Telegram sends with that status.
		wantFields []string
		wantErr    string
	}{
		{"Creator", "-100", "1", "creator", []string{"is_anonymous"}, ""},
		{"Administrator", "-100", "2", "administrator", []string{"can_be_edited", "is_anonymous", "can_manage_chat", "can_promote_members"}, ""},
		{"MemberByDefault", "-100", "3", "member", nil, ""},
		{"Left", "-100", "4", "left", nil, ""},
		{"NoChat", "", "1", "", nil, "Bad Request: chat_id is empty"},
		{"NoUser", "-100", "", "", nil, "Bad Request: invalid user_id specified"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fields := url.Values{}
			if tt.chat != "" {
				fields.Set("chat_id", tt.chat)
			}
			if tt.user != "" {
				fields.Set("user_id", tt.user)
			}
			env := post(t, s, "getChatMember", fields)
			if tt.wantErr != "" {
				if env.OK || env.ErrorCode != http.StatusBadRequest || env.Description != tt.wantErr {
					t.Fatalf("got ok=%v %d %q, want 400 %q", env.OK, env.ErrorCode, env.Description, tt.wantErr)
				}
				return
			}
			if !env.OK {
				t.Fatalf("error %d %q", env.ErrorCode, env.Description)
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(env.Result, &raw); err != nil {
				t.Fatalf("result %s is not a ChatMember object: %v", env.Result, err)
			}
			if string(raw["status"]) != `"`+tt.wantStatus+`"` {
				t.Errorf("status = %s, want %q", raw["status"], tt.wantStatus)
			}
			var user struct {
				ID    *int64 `json:"id"`
				IsBot *bool  `json:"is_bot"`
				First string `json:"first_name"`
			}
			if err := json.Unmarshal(raw["user"], &user); err != nil || user.ID == nil || user.IsBot == nil || user.First == "" {
				t.Errorf("user = %s, want a User object with id, is_bot and first_name", raw["user"])
			} else if tt.user != "" && *user.ID != mustInt(t, tt.user) {
				t.Errorf("user id = %d, want %s", *user.ID, tt.user)
			}
			for _, f := range tt.wantFields {
				if _, ok := raw[f]; !ok {
					t.Errorf("result %s lacks %s", env.Result, f)
				}
			}
			// The client library reads the same object.
			var m models.ChatMember
			if err := json.Unmarshal(env.Result, &m); err != nil || string(m.Type) != tt.wantStatus {
				t.Errorf("go-telegram reads %s as %q (%v), want %q", env.Result, m.Type, err, tt.wantStatus)
			}
		})
	}
	if n := len(s.Calls("getChatMember")); n != 6 {
		t.Errorf("recorded %d getChatMember calls, want 6", n)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEditMessageReplyMarkup(t *testing.T) {
	s := NewServer(t, "1:token")
	keyboard := func(data string) string {
		return `{"inline_keyboard":[[{"text":"👍","callback_data":"` + data + `"}]]}`
	}
	sent := post(t, s, "sendMessage", url.Values{"chat_id": {"5"}, "text": {"hello"}, "reply_markup": {keyboard("fb:1:up")}})
	var m models.Message
	if err := json.Unmarshal(sent.Result, &m); err != nil || !sent.OK {
		t.Fatalf("sendMessage = %+v, %v", sent, err)
	}
	// The next message id goes to a message from the user.
	s.PushUpdate(models.Update{Message: &models.Message{Chat: models.Chat{ID: 5}, Text: "hi"}})
	id := strconv.Itoa(m.ID)
	for _, tt := range []struct {
		name, chat, message, markup string
		wantErr                     string
	}{
		{"OwnMessage", "5", id, keyboard("fb:1:down"), ""},
		{"DataOver64Bytes", "5", id, keyboard(strings.Repeat("x", 65)), "BUTTON_DATA_INVALID"},
		{"OtherChat", "6", id, keyboard("fb:1:down"), "message can't be edited"},
		{"NotSentByTheBot", "5", strconv.Itoa(m.ID + 1), keyboard("fb:1:down"), "message can't be edited"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := post(t, s, "editMessageReplyMarkup", url.Values{"chat_id": {tt.chat}, "message_id": {tt.message}, "reply_markup": {tt.markup}})
			if tt.wantErr == "" && !env.OK || tt.wantErr != "" && (env.OK || !strings.Contains(env.Description, tt.wantErr)) {
				t.Errorf("editMessageReplyMarkup = %+v, want error %q", env, tt.wantErr)
			}
		})
	}
}
