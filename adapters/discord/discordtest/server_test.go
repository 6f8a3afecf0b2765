package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

const token = "MTIz.test.token"

func post(t *testing.T, url, auth string, body any) int {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", url, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func row(buttons ...map[string]any) map[string]any {
	list := make([]any, len(buttons))
	for i, b := range buttons {
		list[i] = b
	}
	return map[string]any{"type": 1, "components": list}
}

func button(label, id string) map[string]any {
	return map[string]any{"type": 2, "style": 2, "label": label, "custom_id": id}
}

func TestChecksComponentsAsDiscordDoes(t *testing.T) {
	s := NewServer(t, token)
	callback := s.APIURL() + "/v9/interactions/1/tok/callback"
	respond := func(rows ...map[string]any) int {
		list := make([]any, len(rows))
		for i, r := range rows {
			list[i] = r
		}
		return post(t, callback, "", map[string]any{"type": 4, "data": map[string]any{"content": "hi", "components": list}})
	}
	for _, tt := range []struct {
		name string
		rows []map[string]any
		want int
	}{
		{"Fine", []map[string]any{row(button("👍", "fb:1:up"), button("👎", "fb:1:down"))}, http.StatusNoContent},
		{"CustomIDOf100", []map[string]any{row(button("x", strings.Repeat("a", 100)))}, http.StatusNoContent},
		{"CustomIDOver100", []map[string]any{row(button("x", strings.Repeat("a", 101)))}, http.StatusBadRequest},
		{"DuplicateCustomID", []map[string]any{row(button("a", "same"), button("b", "same"))}, http.StatusBadRequest},
		{"SixButtonsInARow", []map[string]any{row(button("1", "1"), button("2", "2"), button("3", "3"), button("4", "4"), button("5", "5"), button("6", "6"))}, http.StatusBadRequest},
		{"SixRows", []map[string]any{row(button("1", "1")), row(button("2", "2")), row(button("3", "3")), row(button("4", "4")), row(button("5", "5")), row(button("6", "6"))}, http.StatusBadRequest},
		{"EmptyLabel", []map[string]any{row(button("", "x"))}, http.StatusBadRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := respond(tt.rows...); got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
		})
	}
}

func TestBotRequestsNeedTheToken(t *testing.T) {
	s := NewServer(t, token)
	msg := map[string]any{"content": "hello"}
	if got := post(t, s.APIURL()+"/v9/channels/3/messages", "Bot wrong", msg); got != http.StatusUnauthorized {
		t.Errorf("a wrong token got %d, want 401", got)
	}
	if got := post(t, s.APIURL()+"/v9/channels/3/messages", "Bot "+token, msg); got != http.StatusOK {
		t.Errorf("the right token got %d, want 200", got)
	}
	if got := post(t, s.APIURL()+"/v9/channels/3/messages", "Bot "+token, map[string]any{"content": strings.Repeat("x", 2001)}); got != http.StatusBadRequest {
		t.Errorf("2001 characters got %d, want 400", got)
	}
	if body, ok := s.Last("POST", "/api/v9/channels/3/messages"); !ok || !strings.Contains(string(body), "xxxx") {
		t.Errorf("last request = %.40s, %v", body, ok)
	}
}

// upload posts a message with n attached files as discordgo does: a
// multipart body with payload_json and files[i].
func upload(t *testing.T, url, auth, content string, n int) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	payload, _ := json.Marshal(map[string]any{"content": content})
	w.WriteField("payload_json", string(payload))
	for i := range n {
		part, _ := w.CreateFormFile(fmt.Sprintf("files[%d]", i), fmt.Sprintf("chart-%d.png", i+1))
		part.Write([]byte("\x89PNG\r\n\x1a\n"))
	}
	w.Close()
	req, _ := http.NewRequest("POST", url, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var msg map[string]any
	json.NewDecoder(resp.Body).Decode(&msg)
	return resp.StatusCode, msg
}

func TestReadsUploadsAsDiscordDoes(t *testing.T) {
	s := NewServer(t, token)
	url := s.APIURL() + "/v9/channels/3/messages"
	status, msg := upload(t, url, "Bot "+token, "a chart", 2)
	if status != http.StatusOK {
		t.Fatalf("an upload of two files got %d", status)
	}
	if got := msg["attachments"].([]any); len(got) != 2 || got[0].(map[string]any)["filename"] != "chart-1.png" {
		t.Errorf("attachments = %v, want chart-1.png and chart-2.png", got)
	}
	sent := s.Sent("POST", "/api/v9/channels/3/messages")
	if r := sent[0]; string(r.Body) != `{"content":"a chart"}` || len(r.Files) != 2 || !strings.HasPrefix(r.ContentType, "multipart/form-data") {
		t.Errorf("recorded %s with %d files (%s), want the payload and both files", r.Body, len(r.Files), r.ContentType)
	}
	if status, _ := upload(t, url, "Bot "+token, "too many", MaxAttachments+1); status != http.StatusBadRequest {
		t.Errorf("%d files got %d, want 400", MaxAttachments+1, status)
	}
}
