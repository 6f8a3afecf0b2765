// Package discordtest runs a fake Discord on 127.0.0.1 for tests: the REST
// endpoints pakbot uses and a gateway websocket, both speaking Discord's
// JSON, so the real discordgo client can be pointed at it (DISCORD_API_URL
// or discord.WithAPIURL).
//
// The gateway says HELLO, answers IDENTIFY with READY and RESUME with
// RESUMED, acknowledges heartbeats and lets a test dispatch events to the
// connected bot. The REST side registers commands by bulk overwrite (per
// scope, as Discord keeps them), takes interaction responses, follow-ups
// and edits, and channel messages, and answers with the objects Discord
// returns. It checks what Discord checks where a mistake would otherwise
// go unnoticed: the bot's token on bot requests, message content length,
// and the limits on message components (rows, buttons, custom ids). It
// records every request with the status it got, and can be told to rate
// limit an interaction's responses.
package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// The application and bot user the fake reports in READY.
const (
	AppID = "900000000000000001"
	BotID = "900000000000000002"
)

// Discord's limits on message components, which the fake enforces.
const (
	MaxActionRows    = 5
	MaxRowComponents = 5
	MaxCustomID      = 100
	MaxButtonLabel   = 80
	MaxContent       = 2000
)

// Server is a fake Discord.
type Server struct {
	// Token is the only bot token the server accepts, without "Bot ".
	Token string

	api     *httptest.Server
	gateway *httptest.Server // a host of its own, like gateway.discord.gg

	mu         sync.Mutex
	conn       *gatewayConn
	seq        int
	ids        int64
	identifies int
	resumes    int
	heartbeats int
	requests   []Request
	// commands is the registered command set per scope, as Discord keeps
	// it: a bulk overwrite replaces it.
	commands map[string][]json.RawMessage
	// limits makes the next responses to an interaction fail with 429.
	limits map[string]rateLimit
}

type rateLimit struct {
	times      int
	retryAfter float64
}

// Request is one REST request the server received.
type Request struct {
	Method, Path, Authorization string
	Body                        []byte
	Status                      int
}

type gatewayConn struct {
	mu sync.Mutex
	ws *websocket.Conn
}

func (c *gatewayConn) send(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteJSON(v)
}

// NewServer starts a fake Discord accepting token; it is closed when the
// test ends.
func NewServer(tb testing.TB, token string) *Server {
	s := &Server{Token: strings.TrimPrefix(token, "Bot "), commands: map[string][]json.RawMessage{}, limits: map[string]rateLimit{}}
	mux := http.NewServeMux()
	// Discord answers 401 to a request with a token it does not know,
	// gateway discovery included.
	mux.HandleFunc("GET /api/v9/gateway", s.bot(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, map[string]string{"url": "ws://" + s.gateway.Listener.Addr().String()})
	}))
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", s.bot(s.bulkOverwrite))
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", s.bot(s.bulkOverwrite))
	// Interaction responses and webhooks are authorised by the
	// interaction's token in the path, not by the bot's.
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", s.callback)
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		s.writeMessage(w, "c-webhook", readBody(r))
	})
	mux.HandleFunc("DELETE /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		body := readBody(r)
		if fail := checkMessage(body); fail != nil {
			writeJSON(w, http.StatusBadRequest, fail)
			return
		}
		if r.URL.Query().Get("wait") != "true" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		s.writeMessage(w, "c-webhook", body)
	})
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", s.bot(func(w http.ResponseWriter, r *http.Request, body []byte) {
		s.writeMessage(w, r.PathValue("channel"), body)
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	s.api = httptest.NewServer(s.record(mux))
	s.gateway = httptest.NewServer(http.HandlerFunc(s.serveGateway))
	tb.Cleanup(s.close)
	return s
}

// APIURL is the REST base to configure the bot with (DISCORD_API_URL).
func (s *Server) APIURL() string { return s.api.URL + "/api" }

func (s *Server) close() {
	s.mu.Lock()
	if s.conn != nil {
		s.conn.ws.Close()
	}
	s.mu.Unlock()
	s.gateway.CloseClientConnections()
	s.gateway.Close()
	s.api.CloseClientConnections()
	s.api.Close()
}

// record keeps every REST request with the status it got.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: body, Status: sw.status})
		s.mu.Unlock()
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// bot serves a request that needs the bot's token, as Discord does.
func (s *Server) bot(next func(http.ResponseWriter, *http.Request, []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+s.Token {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			return
		}
		next(w, r, readBody(r))
	}
}

func (s *Server) bulkOverwrite(w http.ResponseWriter, r *http.Request, body []byte) {
	var cmds []json.RawMessage
	if err := json.Unmarshal(body, &cmds); err != nil {
		writeJSON(w, http.StatusBadRequest, invalidForm("commands", "not a list of commands"))
		return
	}
	scope := "global"
	if g := r.PathValue("guild"); g != "" {
		scope = "guild " + g
	}
	s.mu.Lock()
	s.commands[scope] = cmds
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

func (s *Server) callback(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	rl, limited := s.limits[id]
	if limited {
		if rl.times--; rl.times <= 0 {
			delete(s.limits, id)
		} else {
			s.limits[id] = rl
		}
	}
	s.mu.Unlock()
	if limited {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, `{"message": "You are being rate limited.", "retry_after": %g, "global": false}`, rl.retryAfter)
		return
	}
	var resp struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(readBody(r), &resp); err != nil || resp.Type == 0 {
		writeJSON(w, http.StatusBadRequest, invalidForm("type", "an interaction response needs a type"))
		return
	}
	if len(resp.Data) > 0 && string(resp.Data) != "null" {
		if fail := checkMessage(resp.Data); fail != nil {
			writeJSON(w, http.StatusBadRequest, fail)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// writeMessage answers with the message object Discord creates from a
// message payload, after checking the payload as Discord does.
func (s *Server) writeMessage(w http.ResponseWriter, channel string, body []byte) {
	var msg map[string]any
	if err := json.Unmarshal(body, &msg); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "400: Bad Request", "code": 0})
		return
	}
	if fail := checkMessage(body); fail != nil {
		writeJSON(w, http.StatusBadRequest, fail)
		return
	}
	content, _ := msg["content"].(string)
	embeds, _ := msg["embeds"].([]any)
	if embeds == nil {
		embeds = []any{}
	}
	components, _ := msg["components"].([]any)
	if components == nil {
		components = []any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": s.Snowflake(), "type": 0, "channel_id": channel, "content": content, "embeds": embeds, "components": components,
		"author":    map[string]any{"id": BotID, "username": "pakbot", "bot": true},
		"timestamp": time.Now().UTC().Format(time.RFC3339Nano), "tts": false, "pinned": false,
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false, "attachments": []any{},
	})
}

// checkMessage checks a message payload (or an interaction response's
// data) against Discord's limits on content and components, returning
// Discord's error body for the first one broken.
func checkMessage(body []byte) map[string]any {
	var msg struct {
		Content    string `json:"content"`
		Components []struct {
			Type       int `json:"type"`
			Components []struct {
				Type     int    `json:"type"`
				Style    int    `json:"style"`
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
				URL      string `json:"url"`
			} `json:"components"`
		} `json:"components"`
	}
	if err := json.Unmarshal(body, &msg); err != nil {
		return map[string]any{"message": "400: Bad Request", "code": 0}
	}
	if n := utf8.RuneCountInString(msg.Content); n > MaxContent {
		return invalidForm("content", fmt.Sprintf("Must be %d or fewer in length.", MaxContent))
	}
	if len(msg.Components) > MaxActionRows {
		return invalidForm("components", fmt.Sprintf("Must be %d or fewer in length.", MaxActionRows))
	}
	ids := map[string]bool{}
	for i, row := range msg.Components {
		if row.Type != 1 || len(row.Components) == 0 || len(row.Components) > MaxRowComponents {
			return invalidForm(fmt.Sprintf("components.%d", i), "An action row holds 1 to 5 components.")
		}
		for j, c := range row.Components {
			where := fmt.Sprintf("components.%d.components.%d", i, j)
			if c.Type != 2 {
				continue
			}
			if c.Label == "" || utf8.RuneCountInString(c.Label) > MaxButtonLabel {
				return invalidForm(where+".label", "A button needs a label of 1 to 80 characters.")
			}
			if c.Style == 5 {
				if c.URL == "" {
					return invalidForm(where+".url", "A link button needs a URL.")
				}
				continue
			}
			if c.CustomID == "" || utf8.RuneCountInString(c.CustomID) > MaxCustomID {
				return invalidForm(where+".custom_id", fmt.Sprintf("Must be between 1 and %d in length.", MaxCustomID))
			}
			if ids[c.CustomID] {
				return invalidForm(where+".custom_id", "Component custom id cannot be duplicated")
			}
			ids[c.CustomID] = true
		}
	}
	return nil
}

func invalidForm(field, message string) map[string]any {
	return map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": map[string]any{
		field: map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_INVALID", "message": message}}},
	}}
}

// Snowflake returns a new id shaped like Discord's: milliseconds since
// 2015 above a counter.
func (s *Server) Snowflake() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids++
	return strconv.FormatInt((time.Now().UnixMilli()-1420070400000)<<22|s.ids&0xfff, 10)
}

// RateLimit makes the next times responses to interaction id fail with a
// 429 asking to retry after retryAfter seconds.
func (s *Server) RateLimit(id string, times int, retryAfter float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[id] = rateLimit{times: times, retryAfter: retryAfter}
}

var upgrader = websocket.Upgrader{}

// serveGateway speaks the gateway protocol: HELLO, then READY for an
// IDENTIFY or RESUMED for a RESUME, and heartbeat ACKs.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	c := &gatewayConn{ws: ws}
	defer func() {
		s.mu.Lock()
		if s.conn == c {
			s.conn = nil
		}
		s.mu.Unlock()
	}()
	// discordgo reconnects when no ACK arrived for five intervals; a
	// generous interval keeps a loaded test machine from tripping that. It
	// still sends its first heartbeat at once.
	if c.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 5000}}) != nil {
		return
	}
	for {
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := ws.ReadJSON(&p); err != nil {
			return
		}
		var d struct {
			Token     string `json:"token"`
			SessionID string `json:"session_id"`
		}
		json.Unmarshal(p.D, &d)
		switch p.Op {
		case 1:
			s.mu.Lock()
			s.heartbeats++
			s.mu.Unlock()
			c.send(map[string]any{"op": 11})
		case 2:
			if d.Token != "Bot "+s.Token {
				c.mu.Lock()
				ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
				c.mu.Unlock()
				return
			}
			// Connected before READY goes out: the bot may register and
			// the test dispatch as soon as it reads READY.
			s.mu.Lock()
			s.identifies++
			s.seq++
			seq := s.seq
			s.conn = c
			s.mu.Unlock()
			c.send(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
				"v": 9, "session_id": "session-1", "resume_gateway_url": "ws://" + r.Host,
				"user":        map[string]any{"id": BotID, "username": "pakbot", "bot": true},
				"application": map[string]any{"id": AppID, "flags": 0},
				"guilds":      []any{},
			}})
		case 6:
			if d.Token != "Bot "+s.Token || d.SessionID != "session-1" {
				c.send(map[string]any{"op": 9, "d": false})
				continue
			}
			s.mu.Lock()
			s.resumes++
			s.seq++
			seq := s.seq
			s.conn = c
			s.mu.Unlock()
			c.send(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
		}
	}
}

// Dispatch sends an event to the connected bot.
func (s *Server) Dispatch(tb testing.TB, event string, data any) {
	tb.Helper()
	s.mu.Lock()
	c := s.conn
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	if c == nil {
		tb.Fatal("dispatch: no bot connected")
	}
	if err := c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": data}); err != nil {
		tb.Fatalf("dispatch %s: %v", event, err)
	}
}

// DropConnection cuts the gateway connection without a close frame, as a
// network failure would.
func (s *Server) DropConnection() {
	s.mu.Lock()
	c := s.conn
	s.conn = nil
	s.mu.Unlock()
	if c != nil {
		c.ws.UnderlyingConn().Close()
	}
}

// Connected reports whether a bot has identified or resumed and is still
// connected.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn != nil
}

// Requests lists the requests with method whose path contains part, in
// the order they arrived.
func (s *Server) Requests(method, part string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if r.Method == method && strings.Contains(r.Path, part) {
			out = append(out, r)
		}
	}
	return out
}

// Sent lists the requests with method to exactly path, in order.
func (s *Server) Sent(method, path string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// Last returns the body of the last request with method to exactly path.
func (s *Server) Last(method, path string) ([]byte, bool) {
	sent := s.Sent(method, path)
	if len(sent) == 0 {
		return nil, false
	}
	return sent[len(sent)-1].Body, true
}

// Counts returns how many IDENTIFY, RESUME and heartbeats arrived.
func (s *Server) Counts() (identifies, resumes, heartbeats int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies, s.resumes, s.heartbeats
}

// Registered returns the commands registered in scope: "global", or
// "guild ID".
func (s *Server) Registered(scope string) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[scope]
}

func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	return b
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// WaitFor polls cond until it holds, failing the test when timeout passes
// first.
func WaitFor(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
