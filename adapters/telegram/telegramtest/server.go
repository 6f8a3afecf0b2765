// Package telegramtest runs a fake Telegram Bot API server on 127.0.0.1 for
// tests. It speaks the real wire format, so the real go-telegram client can
// be pointed at it: POSTs to /bot<token>/<method> with multipart (or form,
// or JSON) bodies whose nested fields are JSON-encoded, answered with the
// {"ok":true,"result":…} and {"ok":false,"error_code":…} envelopes.
//
// It keeps a queue of updates with Telegram's getUpdates semantics (an
// offset confirms and forgets every earlier update; an empty queue holds
// the request briefly), checks sent HTML and keyboards the way Telegram
// does (callback data of at most 64 bytes; only the bot's own messages'
// keyboards may be edited), records every call, and can be told to fail
// the next call of a method, for example with 429 and a retry_after.
package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/png" // photos are PNG charts
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// Server is a fake Bot API server.
type Server struct {
	// URL is the server's base URL, to pass as the API URL.
	URL string
	// Token is the only bot token the server accepts.
	Token string
	// Bot is what getMe returns.
	Bot models.User
	// HoldMax bounds how long an empty getUpdates waits for updates,
	// whatever timeout it asks for; set it before the first call.
	HoldMax time.Duration

	srv *httptest.Server

	mu            sync.Mutex
	changed       chan struct{} // closed and replaced when updates arrive
	updates       []models.Update
	nextUpdateID  int64
	nextMessageID int
	// sent maps the ids of the messages the bot sent to their chats: a bot
	// may edit only those.
	sent          map[int]int64
	calls         []Call
	failures      map[string][]failure
	members       map[[2]int64]models.ChatMemberType
	webhookURL    string
	webhookSecret string
	commands      map[string][]models.BotCommand
}

// Call is one request the server received.
type Call struct {
	Method string
	// Fields are the request's fields as sent: nested objects are JSON.
	Fields map[string]string
	// Files are the files uploaded with a multipart request, by field.
	Files map[string]File
	// Sent is the message a successful sendMessage created.
	Sent *models.Message
	// Err is the error description the server answered with, if any.
	Err string
	At  time.Time
}

// File is a file uploaded in a multipart request.
type File struct {
	// Name is the file name the client gave; ContentType the part's type.
	Name, ContentType string
	Data              []byte
}

// Decode unmarshals a JSON-encoded field (reply_parameters, results…).
func (c Call) Decode(field string, v any) error {
	raw, ok := c.Fields[field]
	if !ok {
		return fmt.Errorf("%s has no field %s", c.Method, field)
	}
	return json.Unmarshal([]byte(raw), v)
}

// ReplyTo is the message id a sendMessage replied to, or 0.
func (c Call) ReplyTo() int {
	var p models.ReplyParameters
	if c.Decode("reply_parameters", &p) != nil {
		return 0
	}
	return p.MessageID
}

type failure struct {
	code        int
	description string
	retryAfter  int
}

// NewServer starts a server accepting token; it is closed when the test
// ends.
func NewServer(tb testing.TB, token string) *Server {
	tb.Helper()
	s := &Server{
		Token:         token,
		Bot:           models.User{ID: botID(token), IsBot: true, FirstName: "PakBot", Username: "PakBot", SupportInlineQueries: true},
		HoldMax:       500 * time.Millisecond,
		changed:       make(chan struct{}),
		nextUpdateID:  1000,
		nextMessageID: 1,
		sent:          map[int]int64{},
		failures:      map[string][]failure{},
		members:       map[[2]int64]models.ChatMemberType{},
		commands:      map[string][]models.BotCommand{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	return s
}

func botID(token string) int64 {
	id, _ := strconv.ParseInt(strings.SplitN(token, ":", 2)[0], 10, 64)
	return id
}

// PushUpdate queues an update for getUpdates. A zero update_id, and a zero
// message_id and date in its message, are filled in as Telegram would.
// It returns the update id.
func (s *Server) PushUpdate(u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == 0 {
		s.nextUpdateID++
		u.ID = s.nextUpdateID
	}
	if m := u.Message; m != nil {
		if m.ID == 0 {
			m.ID = s.nextMessageID
			s.nextMessageID++
		}
		if m.Date == 0 {
			m.Date = int(time.Now().Unix())
		}
	}
	s.updates = append(s.updates, u)
	close(s.changed)
	s.changed = make(chan struct{})
	return u.ID
}

// AllowedUpdates returns the update kinds the last getUpdates or
// setWebhook call asked for ("" when it named none).
func (s *Server) AllowedUpdates() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.calls) - 1; i >= 0; i-- {
		if m := s.calls[i].Method; m == "getUpdates" || m == "setWebhook" {
			if v, ok := s.calls[i].Fields["allowed_updates"]; ok {
				return v
			}
		}
	}
	return ""
}

// Pending counts the queued updates not yet confirmed by a getUpdates
// offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// FailNext makes the next call of method fail with an error envelope;
// retryAfter > 0 adds parameters.retry_after, as with 429.
func (s *Server) FailNext(method string, code int, description string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], failure{code, description, retryAfter})
}

// SetChatMember sets what getChatMember answers for user in chat; the
// default is "member".
func (s *Server) SetChatMember(chat, user int64, status models.ChatMemberType) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[[2]int64{chat, user}] = status
}

// Webhook returns the URL and secret token of the registered webhook.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookURL, s.webhookSecret
}

// Commands returns the menu set with setMyCommands for a scope type
// ("default", "all_chat_administrators").
func (s *Server) Commands(scope string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[scope]
}

// Calls returns the calls of method so far (every method when "").
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitForCalls waits until method was called at least n times and returns
// the calls, failing the test after timeout.
func (s *Server) WaitForCalls(tb testing.TB, method string, n int, timeout time.Duration) []Call {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		calls := s.Calls(method)
		if len(calls) >= n {
			return calls
		}
		if time.Now().After(deadline) {
			tb.Fatalf("got %d %s calls after %v, want %d", len(calls), method, timeout, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// DeliverWebhook posts an update to the registered webhook with the
// registered secret, as Telegram does, and returns the HTTP status.
func (s *Server) DeliverWebhook(ctx context.Context, u models.Update) (int, error) {
	target, secret := s.Webhook()
	if target == "" {
		return 0, errors.New("no webhook registered")
	}
	return PostUpdate(ctx, target, secret, u)
}

// PostUpdate posts an update to a webhook URL with a secret token header
// (none when secret is empty) and returns the HTTP status.
func PostUpdate(ctx context.Context, target, secret string, u models.Update) (int, error) {
	body, err := json.Marshal(u)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// apiError is an error envelope.
type apiError struct {
	code        int
	description string
	retryAfter  int
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+s.Token+"/")
	if !ok || method == "" || strings.Contains(method, "/") {
		writeEnvelope(w, nil, &apiError{code: http.StatusUnauthorized, description: "Unauthorized"})
		return
	}
	fields, files, err := readFields(r)
	call := Call{Method: method, Fields: fields, Files: files, At: time.Now()}
	var result any
	var fail *apiError
	switch {
	case r.Method != http.MethodPost && r.Method != http.MethodGet:
		fail = &apiError{code: http.StatusMethodNotAllowed, description: "Method Not Allowed"}
	case err != nil:
		fail = &apiError{code: http.StatusBadRequest, description: "Bad Request: " + err.Error()}
	default:
		if f, ok := s.popFailure(method); ok {
			fail = &apiError{code: f.code, description: f.description, retryAfter: f.retryAfter}
		} else {
			result, fail = s.dispatch(r.Context(), method, fields, files, &call)
		}
	}
	if fail != nil {
		call.Err = fail.description
	}
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.mu.Unlock()
	writeEnvelope(w, result, fail)
}

func (s *Server) popFailure(method string) (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.failures[method]
	if len(q) == 0 {
		return failure{}, false
	}
	s.failures[method] = q[1:]
	return q[0], true
}

func writeEnvelope(w http.ResponseWriter, result any, fail *apiError) {
	w.Header().Set("Content-Type", "application/json")
	if fail != nil {
		env := map[string]any{"ok": false, "error_code": fail.code, "description": fail.description}
		if fail.retryAfter > 0 {
			env["parameters"] = map[string]any{"retry_after": fail.retryAfter}
		}
		w.WriteHeader(fail.code)
		json.NewEncoder(w).Encode(env)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// readFields reads a request's parameters from a multipart, urlencoded or
// JSON body, or the query string; multipart file parts are files.
func readFields(r *http.Request) (map[string]string, map[string]File, error) {
	fields := map[string]string{}
	files := map[string]File{}
	for k, v := range r.URL.Query() {
		fields[k] = v[0]
	}
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) { // also an empty body: a call without parameters
				return fields, files, nil
			}
			if err != nil {
				return nil, nil, fmt.Errorf("bad multipart body: %w", err)
			}
			b, err := io.ReadAll(p)
			if err != nil {
				return nil, nil, err
			}
			if p.FileName() != "" {
				files[p.FormName()] = File{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: b}
				continue
			}
			fields[p.FormName()] = string(b)
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, nil, err
		}
		for k, v := range r.PostForm {
			fields[k] = v[0]
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return nil, nil, err
		}
		for k, v := range m {
			var str string
			if json.Unmarshal(v, &str) == nil {
				fields[k] = str
			} else {
				fields[k] = string(v)
			}
		}
	}
	return fields, files, nil
}

func (s *Server) dispatch(ctx context.Context, method string, f map[string]string, files map[string]File, call *Call) (any, *apiError) {
	switch method {
	case "getMe":
		return s.Bot, nil
	case "getUpdates":
		return s.getUpdates(ctx, f)
	case "sendMessage":
		m, err := s.sendMessage(f)
		call.Sent = m
		return m, err
	case "sendPhoto":
		m, err := s.sendPhoto(f, files)
		call.Sent = m
		return m, err
	case "answerInlineQuery":
		return s.answerInlineQuery(f)
	case "editMessageReplyMarkup":
		return s.editMessageReplyMarkup(f)
	case "answerCallbackQuery":
		if f["callback_query_id"] == "" {
			return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
		}
		if len([]rune(f["text"])) > 200 {
			return nil, badRequest("MESSAGE_TOO_LONG")
		}
		return true, nil
	case "setMyCommands":
		return s.setMyCommands(f)
	case "getChatMember":
		return s.getChatMember(f)
	case "setWebhook":
		if f["url"] == "" {
			return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
		}
		if secret := f["secret_token"]; secret != "" && !secretRE.MatchString(secret) {
			return nil, badRequest("bad webhook: secret token contains unallowed characters")
		}
		s.mu.Lock()
		s.webhookURL, s.webhookSecret = f["url"], f["secret_token"]
		s.mu.Unlock()
		return true, nil
	case "deleteWebhook":
		s.mu.Lock()
		s.webhookURL, s.webhookSecret = "", ""
		s.mu.Unlock()
		return true, nil
	}
	return nil, &apiError{code: http.StatusNotFound, description: "Not Found"}
}

var (
	secretRE  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	commandRE = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
)

func badRequest(desc string) *apiError {
	return &apiError{code: http.StatusBadRequest, description: "Bad Request: " + desc}
}

func intField(f map[string]string, name string, def int64) (int64, *apiError) {
	v, ok := f[name]
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("invalid %s %q", name, v))
	}
	return n, nil
}

// getUpdates confirms (forgets) every update before offset, then returns
// up to limit updates, holding the request while there are none.
func (s *Server) getUpdates(ctx context.Context, f map[string]string) (any, *apiError) {
	offset, fail := intField(f, "offset", 0)
	if fail != nil {
		return nil, fail
	}
	limit, fail := intField(f, "limit", 100)
	if fail != nil {
		return nil, fail
	}
	limit = min(max(limit, 1), 100)
	timeout, fail := intField(f, "timeout", 0)
	if fail != nil {
		return nil, fail
	}
	hold := min(time.Duration(timeout)*time.Second, s.HoldMax)
	deadline := time.NewTimer(hold)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if s.webhookURL != "" {
			s.mu.Unlock()
			return nil, &apiError{code: http.StatusConflict, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
		}
		if offset > 0 {
			i := 0
			for i < len(s.updates) && s.updates[i].ID < offset {
				i++
			}
			s.updates = s.updates[i:]
		}
		out := []models.Update{}
		for _, u := range s.updates {
			if int64(len(out)) == limit {
				break
			}
			out = append(out, u)
		}
		changed := s.changed
		s.mu.Unlock()
		if len(out) > 0 || hold <= 0 {
			return out, nil
		}
		select {
		case <-changed:
		case <-deadline.C:
			return out, nil
		case <-ctx.Done():
			return out, nil
		}
	}
}

func (s *Server) sendMessage(f map[string]string) (*models.Message, *apiError) {
	chatID, fail := intField(f, "chat_id", 0)
	if fail != nil {
		return nil, fail
	}
	if chatID == 0 {
		return nil, badRequest("chat_id is empty")
	}
	text, fail := checkText(f["text"], f["parse_mode"])
	if fail != nil {
		return nil, fail
	}
	if raw, ok := f["reply_parameters"]; ok {
		var p models.ReplyParameters
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			return nil, badRequest("can't parse reply parameters JSON object")
		}
	}
	keyboard, fail := replyKeyboard(f)
	if fail != nil {
		return nil, fail
	}
	chatType := models.ChatTypePrivate
	if chatID < 0 {
		chatType = models.ChatTypeSupergroup
	}
	s.mu.Lock()
	id := s.nextMessageID
	s.nextMessageID++
	s.sent[id] = chatID
	s.mu.Unlock()
	m := &models.Message{ID: id, From: &s.Bot, Chat: models.Chat{ID: chatID, Type: chatType}, Date: int(time.Now().Unix()), Text: text, ReplyMarkup: keyboard}
	for _, mention := range Mentions(text) {
		m.Entities = append(m.Entities, models.MessageEntity{Type: models.MessageEntityTypeMention, Length: Length(mention)})
	}
	return m, nil
}

// parseKeyboard reads an inline keyboard as Telegram does: buttons with
// text, callback data of at most 64 bytes.
func parseKeyboard(raw string) (*models.InlineKeyboardMarkup, *apiError) {
	var k models.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &k); err != nil || len(k.InlineKeyboard) == 0 {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	for _, row := range k.InlineKeyboard {
		for _, b := range row {
			if b.Text == "" {
				return nil, badRequest("text buttons are unallowed in the inline keyboard")
			}
			if b.CallbackData != "" && len(b.CallbackData) > 64 {
				return nil, badRequest("BUTTON_DATA_INVALID")
			}
		}
	}
	return &k, nil
}

// replyKeyboard reads a request's optional reply_markup, an inline
// keyboard; nil when there is none.
func replyKeyboard(f map[string]string) (*models.InlineKeyboardMarkup, *apiError) {
	raw, ok := f["reply_markup"]
	if !ok {
		return nil, nil
	}
	return parseKeyboard(raw)
}

// editMessageReplyMarkup checks an edit of the keyboard of a message the
// bot sent to that chat.
func (s *Server) editMessageReplyMarkup(f map[string]string) (any, *apiError) {
	chatID, fail := intField(f, "chat_id", 0)
	if fail != nil {
		return nil, fail
	}
	messageID, fail := intField(f, "message_id", 0)
	if fail != nil {
		return nil, fail
	}
	if chatID == 0 || messageID <= 0 {
		return nil, badRequest("message to edit not found")
	}
	s.mu.Lock()
	chat, sent := s.sent[int(messageID)]
	s.mu.Unlock()
	if !sent || chat != chatID {
		return nil, badRequest("message can't be edited")
	}
	keyboard, fail := replyKeyboard(f)
	if fail != nil {
		return nil, fail
	}
	return &models.Message{ID: int(messageID), From: &s.Bot, Chat: models.Chat{ID: chatID}, Date: int(time.Now().Unix()), ReplyMarkup: keyboard}, nil
}

// sendPhoto accepts an uploaded image (the "photo" file part) with an
// optional caption of at most 1,024 characters, checked like a message,
// and an optional inline keyboard, checked like a message's.
func (s *Server) sendPhoto(f map[string]string, files map[string]File) (*models.Message, *apiError) {
	chatID, fail := intField(f, "chat_id", 0)
	if fail != nil {
		return nil, fail
	}
	if chatID == 0 {
		return nil, badRequest("chat_id is empty")
	}
	photo, ok := files["photo"]
	if !ok {
		return nil, badRequest("there is no photo in the request")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(photo.Data))
	if err != nil {
		return nil, badRequest("IMAGE_PROCESS_FAILED")
	}
	caption := ""
	if raw := f["caption"]; raw != "" {
		var fail *apiError
		if caption, fail = checkText(raw, f["parse_mode"]); fail != nil {
			return nil, fail
		}
		if Length(caption) > 1024 {
			return nil, badRequest("message caption is too long")
		}
	}
	keyboard, fail := replyKeyboard(f)
	if fail != nil {
		return nil, fail
	}
	s.mu.Lock()
	id := s.nextMessageID
	s.nextMessageID++
	s.sent[id] = chatID
	s.mu.Unlock()
	chatType := models.ChatTypePrivate
	if chatID < 0 {
		chatType = models.ChatTypeSupergroup
	}
	return &models.Message{ID: id, From: &s.Bot, Chat: models.Chat{ID: chatID, Type: chatType}, Date: int(time.Now().Unix()), Caption: caption, ReplyMarkup: keyboard,
		Photo: []models.PhotoSize{{FileID: fmt.Sprintf("photo-%d", id), FileUniqueID: fmt.Sprintf("u%d", id), Width: cfg.Width, Height: cfg.Height, FileSize: len(photo.Data)}}}, nil
}

// checkText validates a message text as Telegram does and returns the
// text users see.
func checkText(text, parseMode string) (string, *apiError) {
	if parseMode == "HTML" {
		plain, err := ParseHTML(text)
		if err != nil {
			return "", badRequest(err.Error())
		}
		text = plain
	} else if parseMode != "" {
		return "", badRequest("unsupported parse_mode in this fake: " + parseMode)
	}
	switch n := Length(text); {
	case strings.TrimSpace(text) == "":
		return "", badRequest("message text is empty")
	case n > 4096:
		return "", badRequest("message is too long")
	}
	return text, nil
}

func (s *Server) answerInlineQuery(f map[string]string) (any, *apiError) {
	if f["inline_query_id"] == "" {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	var results []struct {
		Type                string `json:"type"`
		ID                  string `json:"id"`
		Title               string `json:"title"`
		InputMessageContent struct {
			MessageText string `json:"message_text"`
			ParseMode   string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := json.Unmarshal([]byte(f["results"]), &results); err != nil {
		return nil, badRequest("can't parse inline query results JSON object")
	}
	if len(results) > 50 {
		return nil, badRequest("RESULTS_TOO_MUCH")
	}
	ids := map[string]bool{}
	for _, r := range results {
		if r.ID == "" || len(r.ID) > 64 || ids[r.ID] {
			return nil, badRequest("RESULT_ID_INVALID")
		}
		ids[r.ID] = true
		if r.Type != "article" || r.Title == "" {
			return nil, badRequest("RESULT_TYPE_INVALID")
		}
		if _, fail := checkText(r.InputMessageContent.MessageText, r.InputMessageContent.ParseMode); fail != nil {
			return nil, fail
		}
	}
	return true, nil
}

func (s *Server) setMyCommands(f map[string]string) (any, *apiError) {
	var cmds []models.BotCommand
	if err := json.Unmarshal([]byte(f["commands"]), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !commandRE.MatchString(c.Command) || c.Description == "" || len([]rune(c.Description)) > 256 {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
	}
	scope := "default"
	if raw, ok := f["scope"]; ok {
		var sc struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(raw), &sc); err != nil || sc.Type == "" {
			return nil, badRequest("can't parse BotCommandScope JSON object")
		}
		scope = sc.Type
	}
	s.mu.Lock()
	s.commands[scope] = cmds
	s.mu.Unlock()
	return true, nil
}

// getChatMember answers with a ChatMember object as Telegram sends it: the
// status, the user, and the fields that status carries.
func (s *Server) getChatMember(f map[string]string) (any, *apiError) {
	chat, fail := intField(f, "chat_id", 0)
	if fail != nil {
		return nil, fail
	}
	if chat == 0 {
		return nil, badRequest("chat_id is empty")
	}
	user, fail := intField(f, "user_id", 0)
	if fail != nil {
		return nil, fail
	}
	if user <= 0 {
		return nil, badRequest("invalid user_id specified")
	}
	s.mu.Lock()
	status, ok := s.members[[2]int64{chat, user}]
	s.mu.Unlock()
	if !ok {
		status = models.ChatMemberTypeMember
	}
	member := map[string]any{
		"user":   map[string]any{"id": user, "is_bot": false, "first_name": "User"},
		"status": string(status),
	}
	switch status {
	case models.ChatMemberTypeOwner:
		member["is_anonymous"] = false
	case models.ChatMemberTypeAdministrator:
		member["is_anonymous"] = false
		member["can_be_edited"] = false
		for _, right := range []string{"can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
			"can_change_info", "can_invite_users", "can_pin_messages"} {
			member[right] = true
		}
		member["can_promote_members"] = false
	case models.ChatMemberTypeRestricted:
		member["is_member"] = true
		member["until_date"] = 0
	case models.ChatMemberTypeBanned:
		member["until_date"] = 0
	}
	return member, nil
}
