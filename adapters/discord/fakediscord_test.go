package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// testToken is shaped like a real bot token, so the tests also exercise the
// pattern-based redaction.
const testToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"

const (
	testAppID = "900000000000000001"
	testBotID = "900000000000000002"
)

// fakeDiscord stands in for Discord on 127.0.0.1: the REST endpoints the
// adapter uses and a gateway websocket speaking Discord's JSON payloads.
type fakeDiscord struct {
	t   testing.TB
	srv *httptest.Server
	// gateway is a host of its own, like gateway.discord.gg.
	gateway *httptest.Server

	mu   sync.Mutex
	conn *gatewayConn
	// shards are the connections by shard id, for sharded bots; shardsSeen
	// is what each IDENTIFY said, in order ([id, count], or nil).
	shards     map[int]*gatewayConn
	shardsSeen []*[2]int
	seq        int
	identifies int
	resumes    int
	heartbeats int
	requests   []fakeRequest
	// commands is the registered command set per scope, as Discord keeps
	// it: a bulk overwrite replaces it.
	commands map[string][]json.RawMessage
	// limits makes the next callbacks of an interaction fail with 429.
	limits map[string]rateLimit
}

type rateLimit struct {
	times      int
	retryAfter float64
}

// fakeRequest is one REST request the fake received.
type fakeRequest struct {
	Method, Path, ContentType string
	Body                      []byte
	Status                    int
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

func newFakeDiscord(t testing.TB) *fakeDiscord {
	f := &fakeDiscord{t: t, commands: map[string][]json.RawMessage{}, limits: map[string]rateLimit{}, shards: map[int]*gatewayConn{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", f.auth(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"url": "ws://" + f.gateway.Listener.Addr().String()})
	}))
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", f.auth(f.bulkOverwrite))
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", f.auth(f.bulkOverwrite))
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", f.callback)
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"id": "m-edit", "channel_id": "c1"})
	})
	mux.HandleFunc("DELETE /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", f.auth(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"id": "m-reply", "channel_id": r.PathValue("channel")})
	}))
	f.srv = httptest.NewServer(f.record(mux))
	f.gateway = httptest.NewServer(http.HandlerFunc(f.serveGateway))
	t.Cleanup(f.close)
	return f
}

// APIURL is the base the adapter is configured with (DISCORD_API_URL).
func (f *fakeDiscord) APIURL() string { return f.srv.URL + "/api" }

func (f *fakeDiscord) close() {
	f.mu.Lock()
	if f.conn != nil {
		f.conn.ws.Close()
	}
	f.mu.Unlock()
	f.gateway.CloseClientConnections()
	f.gateway.Close()
	f.srv.CloseClientConnections()
	f.srv.Close()
}

// record keeps every REST request with the status it got.
func (f *fakeDiscord) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		f.mu.Lock()
		f.requests = append(f.requests, fakeRequest{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), Body: body, Status: sw.status})
		f.mu.Unlock()
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

// auth rejects bot requests without the bot's token, as Discord does.
func (f *fakeDiscord) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+testToken {
			http.Error(w, `{"message": "401: Unauthorized", "code": 0}`, http.StatusUnauthorized)
			return
		}
		next(w, r)
	}
}

func (f *fakeDiscord) bulkOverwrite(w http.ResponseWriter, r *http.Request) {
	var cmds []json.RawMessage
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &cmds); err != nil {
		http.Error(w, `{"message": "Invalid Form Body", "code": 50035}`, http.StatusBadRequest)
		return
	}
	scope := "global"
	if g := r.PathValue("guild"); g != "" {
		scope = "guild " + g
	}
	f.mu.Lock()
	f.commands[scope] = cmds
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

func (f *fakeDiscord) callback(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f.mu.Lock()
	rl, limited := f.limits[id]
	if limited {
		if rl.times--; rl.times <= 0 {
			delete(f.limits, id)
		} else {
			f.limits[id] = rl
		}
	}
	f.mu.Unlock()
	if limited {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, `{"message": "You are being rate limited.", "retry_after": %g, "global": false}`, rl.retryAfter)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// rateLimit makes the next times callbacks for interaction id fail with a
// 429 asking to retry after retryAfter seconds.
func (f *fakeDiscord) rateLimit(id string, times int, retryAfter float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limits[id] = rateLimit{times: times, retryAfter: retryAfter}
}

var upgrader = websocket.Upgrader{}

// serveGateway speaks the gateway protocol: HELLO, then READY for an
// IDENTIFY or RESUMED for a RESUME, and heartbeat ACKs.
func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	c := &gatewayConn{ws: ws}
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
			Intents   int     `json:"intents"`
			Shard     *[2]int `json:"shard"`
		}
		json.Unmarshal(p.D, &d)
		switch p.Op {
		case 1:
			f.mu.Lock()
			f.heartbeats++
			f.mu.Unlock()
			c.send(map[string]any{"op": 11})
		case 2:
			if d.Token != "Bot "+testToken {
				ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
				return
			}
			f.mu.Lock()
			f.identifies++
			f.seq++
			seq := f.seq
			f.shardsSeen = append(f.shardsSeen, d.Shard)
			if d.Shard != nil {
				f.shards[d.Shard[0]] = c
			}
			f.mu.Unlock()
			c.send(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
				"v": 9, "session_id": "session-1", "resume_gateway_url": "ws://" + r.Host,
				"user":        map[string]any{"id": testBotID, "username": "pakbot", "bot": true},
				"application": map[string]any{"id": testAppID, "flags": 0},
				"guilds":      []any{},
			}})
			f.setConn(c)
		case 6:
			if d.Token != "Bot "+testToken || d.SessionID != "session-1" {
				c.send(map[string]any{"op": 9, "d": false})
				continue
			}
			f.mu.Lock()
			f.resumes++
			f.seq++
			seq := f.seq
			f.mu.Unlock()
			c.send(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
			f.setConn(c)
		}
	}
}

func (f *fakeDiscord) setConn(c *gatewayConn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.conn = c
}

// dispatch sends an event to the connected bot.
func (f *fakeDiscord) dispatch(event string, data any) {
	f.t.Helper()
	f.mu.Lock()
	c := f.conn
	f.seq++
	seq := f.seq
	f.mu.Unlock()
	if c == nil {
		f.t.Fatal("dispatch: no bot connected")
	}
	if err := c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": data}); err != nil {
		f.t.Fatalf("dispatch %s: %v", event, err)
	}
}

// dispatchToShard sends an event to the bot connected as shard id.
func (f *fakeDiscord) dispatchToShard(id int, event string, data any) {
	f.t.Helper()
	f.mu.Lock()
	c := f.shards[id]
	f.seq++
	seq := f.seq
	f.mu.Unlock()
	if c == nil {
		f.t.Fatalf("dispatch: no shard %d connected", id)
	}
	if err := c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": data}); err != nil {
		f.t.Fatalf("dispatch %s to shard %d: %v", event, id, err)
	}
}

// identified lists what each IDENTIFY said about its shard.
func (f *fakeDiscord) identified() []*[2]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*[2]int(nil), f.shardsSeen...)
}

// dropConnection cuts the gateway connection without a close frame, as a
// network failure would.
func (f *fakeDiscord) dropConnection() {
	f.mu.Lock()
	c := f.conn
	f.conn = nil
	f.mu.Unlock()
	if c != nil {
		c.ws.UnderlyingConn().Close()
	}
}

// connected waits until a bot has identified or resumed.
func (f *fakeDiscord) connected() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.conn != nil
}

// requestsTo lists the requests whose path contains part.
func (f *fakeDiscord) requestsTo(method, part string) []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRequest
	for _, r := range f.requests {
		if r.Method == method && strings.Contains(r.Path, part) {
			out = append(out, r)
		}
	}
	return out
}

// counts returns how many IDENTIFY, RESUME and heartbeats arrived.
func (f *fakeDiscord) counts() (identifies, resumes, heartbeats int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.identifies, f.resumes, f.heartbeats
}

func (f *fakeDiscord) registered(scope string) []json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.commands[scope]
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
