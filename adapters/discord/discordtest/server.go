// Package discordtest runs a fake Discord on 127.0.0.1 for tests: the REST
// endpoints pakbot uses and a gateway websocket, both speaking Discord's
// JSON, so the real discordgo client can be pointed at it (DISCORD_API_URL
// or discord.WithAPIURL).
//
// The gateway says HELLO, answers IDENTIFY with READY and RESUME with
// RESUMED, acknowledges heartbeats and lets a test dispatch events to the
// connected bot. Several shards of one bot may connect at once, each
// IDENTIFYing with its [id, count]; a test dispatches to each by id. The
// REST side registers commands by bulk overwrite (per scope, as Discord
// keeps them), takes interaction responses, follow-ups and edits, and
// channel messages, as JSON or as multipart uploads with attachments, and
// answers with the objects Discord returns. It checks what Discord checks
// where a mistake would otherwise go unnoticed: the bot's token on bot
// requests, message content length, the limits on message components
// (rows, buttons, custom ids) and on attachments. It records every request
// with the status it got, and can be told to rate limit an interaction's
// responses.
package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
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
	MaxAttachments   = 10
)

// Server is a fake Discord.
type Server struct {
	// Token is the only bot token the server accepts, without "Bot ".
	Token string

	api     *httptest.Server
	gateway *httptest.Server // a host of its own, like gateway.discord.gg

	mu   sync.Mutex
	conn *gatewayConn // the bot connected last
	// shards are the connections of a sharded bot by shard id; identified
	// is what each IDENTIFY said of its shard, in order (nil for none).
	shards     map[int]*gatewayConn
	identified []*[2]int
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
	Method, Path, Authorization, ContentType string
	// Body is the request's JSON: its whole body, or the payload_json
	// part of a multipart upload.
	Body []byte
	// Files are a multipart upload's attached files by file name.
	Files  map[string][]byte
	Status int
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
	s := &Server{Token: strings.TrimPrefix(token, "Bot "), commands: map[string][]json.RawMessage{}, limits: map[string]rateLimit{}, shards: map[int]*gatewayConn{}}
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
		s.writeMessage(w, r, "c-webhook")
	})
	mux.HandleFunc("DELETE /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("wait") != "true" {
			if _, _, fail := readMessage(r); fail != nil {
				writeJSON(w, http.StatusBadRequest, fail)
				return
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		s.writeMessage(w, r, "c-webhook")
	})
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", s.bot(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		s.writeMessage(w, r, r.PathValue("channel"))
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
		req := Request{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"), Body: body, Status: sw.status}
		if payload, files, err := splitUpload(req.ContentType, body); err == nil && files != nil {
			req.Body, req.Files = payload, files
		}
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.mu.Unlock()
	})
}

// splitUpload splits a multipart upload, as Discord takes messages with
// attachments, into its payload_json and its files by name; files is nil
// for a body that is not multipart.
func splitUpload(contentType string, body []byte) (payload []byte, files map[string][]byte, err error) {
	mediaType, params, _ := mime.ParseMediaType(contentType)
	if mediaType != "multipart/form-data" {
		return body, nil, nil
	}
	files = map[string][]byte{}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return payload, files, nil
		}
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case p.FormName() == "payload_json":
			payload = data
		case p.FileName() != "":
			files[p.FileName()] = data
		}
	}
}

// readMessage reads a message payload, JSON or a multipart upload, and
// checks it as Discord does; fail is Discord's error body.
func readMessage(r *http.Request) (payload []byte, files map[string][]byte, fail map[string]any) {
	payload, files, err := splitUpload(r.Header.Get("Content-Type"), readBody(r))
	if err != nil || files != nil && payload == nil {
		return nil, nil, map[string]any{"message": "400: Bad Request", "code": 0}
	}
	if len(files) > MaxAttachments {
		return nil, nil, invalidForm("attachments", fmt.Sprintf("Must be %d or fewer in length.", MaxAttachments))
	}
	if fail := checkMessage(payload); fail != nil {
		return nil, nil, fail
	}
	return payload, files, nil
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
		body := readBody(r)
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
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
	payload, files, err := splitUpload(r.Header.Get("Content-Type"), readBody(r))
	if err != nil || json.Unmarshal(payload, &resp) != nil || resp.Type == 0 {
		writeJSON(w, http.StatusBadRequest, invalidForm("type", "an interaction response needs a type"))
		return
	}
	if len(files) > MaxAttachments {
		writeJSON(w, http.StatusBadRequest, invalidForm("data.attachments", fmt.Sprintf("Must be %d or fewer in length.", MaxAttachments)))
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

// writeMessage answers with the message object Discord creates from the
// request's message payload, after checking it as Discord does; uploaded
// files become the message's attachments.
func (s *Server) writeMessage(w http.ResponseWriter, r *http.Request, channel string) {
	body, files, fail := readMessage(r)
	if fail != nil {
		writeJSON(w, http.StatusBadRequest, fail)
		return
	}
	var msg map[string]any
	if err := json.Unmarshal(body, &msg); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "400: Bad Request", "code": 0})
		return
	}
	attachments := []any{}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		data := files[name]
		attachments = append(attachments, map[string]any{
			"id": s.Snowflake(), "filename": name, "size": len(data), "content_type": http.DetectContentType(data),
			"url": "https://cdn.discordapp.com/attachments/" + channel + "/" + name,
		})
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
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false, "attachments": attachments,
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
		for id, sc := range s.shards {
			if sc == c {
				delete(s.shards, id)
			}
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
			Token     string  `json:"token"`
			SessionID string  `json:"session_id"`
			Shard     *[2]int `json:"shard"`
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
			if d.Shard != nil && (d.Shard[1] < 1 || d.Shard[0] < 0 || d.Shard[0] >= d.Shard[1]) {
				c.mu.Lock()
				ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4010, "Invalid shard."))
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
			s.identified = append(s.identified, d.Shard)
			session := "session-1"
			if d.Shard != nil {
				s.shards[d.Shard[0]] = c
				session = shardSession(d.Shard[0])
			}
			s.mu.Unlock()
			c.send(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
				"v": 9, "session_id": session, "resume_gateway_url": "ws://" + r.Host,
				"user":        map[string]any{"id": BotID, "username": "pakbot", "bot": true},
				"application": map[string]any{"id": AppID, "flags": 0},
				"guilds":      []any{},
			}})
		case 6:
			shard, sharded := shardOfSession(d.SessionID)
			if d.Token != "Bot "+s.Token || d.SessionID != "session-1" && !sharded {
				c.send(map[string]any{"op": 9, "d": false})
				continue
			}
			s.mu.Lock()
			s.resumes++
			s.seq++
			seq := s.seq
			s.conn = c
			if sharded {
				s.shards[shard] = c
			}
			s.mu.Unlock()
			c.send(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
		}
	}
}

// Dispatch sends an event to the connected bot (the one that connected
// last, when shards are).
func (s *Server) Dispatch(tb testing.TB, event string, data any) {
	tb.Helper()
	s.dispatch(tb, func() *gatewayConn { return s.conn }, "the bot", event, data)
}

// dispatch sends an event to the connection conn picks, under s.mu, with
// the next sequence number; who names it in failures.
func (s *Server) dispatch(tb testing.TB, conn func() *gatewayConn, who, event string, data any) {
	tb.Helper()
	s.mu.Lock()
	c := conn()
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	if c == nil {
		tb.Fatalf("dispatch: %s is not connected", who)
	}
	if err := c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": data}); err != nil {
		tb.Fatalf("dispatch %s to %s: %v", event, who, err)
	}
}

// shardSession is the session id READY gives shard id, so that a RESUME
// finds its shard again.
func shardSession(id int) string { return "session-shard-" + strconv.Itoa(id) }

func shardOfSession(session string) (int, bool) {
	rest, ok := strings.CutPrefix(session, "session-shard-")
	if !ok {
		return 0, false
	}
	id, err := strconv.Atoi(rest)
	return id, err == nil
}

// DispatchToShard sends an event to the bot connected as shard id, as
// Discord sends a guild's events only to the shard that guild falls to.
func (s *Server) DispatchToShard(tb testing.TB, id int, event string, data any) {
	tb.Helper()
	s.dispatch(tb, func() *gatewayConn { return s.shards[id] }, "shard "+strconv.Itoa(id), event, data)
}

// Identified lists what each IDENTIFY said of its shard, [id, count], in
// the order they came; nil for an IDENTIFY without one.
func (s *Server) Identified() []*[2]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*[2]int, len(s.identified))
	for i, sh := range s.identified {
		if sh != nil {
			c := *sh
			out[i] = &c
		}
	}
	return out
}

// ShardConnected reports whether shard id has identified (or resumed) and
// is still connected.
func (s *Server) ShardConnected(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shards[id] != nil
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
