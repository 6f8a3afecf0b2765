package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/pakbot/pakbot/internal/logtest"
)

const discordTestToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"

// miniDiscord is just enough of Discord on loopback for `pakbot serve` to
// connect, register its commands, answer interactions (directly, or
// deferred and then edited or followed up) and post channel messages, with
// Discord's wire format for each.
type miniDiscord struct {
	api, gateway *httptest.Server

	mu       sync.Mutex
	ws       *websocket.Conn
	seq      int
	ids      int64
	requests map[string][]byte // "METHOD path" → last body
	log      []miniRequest     // every request, in order
	shards   [][]int           // each IDENTIFY's shard, nil when it had none
}

// miniRequest is one REST request the fake received.
type miniRequest struct {
	Method, Path, Authorization string
	Body                        []byte
	Status                      int
}

func newMiniDiscord(t *testing.T) *miniDiscord {
	d := &miniDiscord{requests: map[string][]byte{}, seq: 1}
	d.gateway = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		// Every write goes through d.mu, shared with dispatch.
		send := func(v any) { d.mu.Lock(); ws.WriteJSON(v); d.mu.Unlock() }
		defer func() { d.mu.Lock(); d.ws = nil; d.mu.Unlock() }()
		send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 5000}})
		for {
			var p struct {
				Op int             `json:"op"`
				D  json.RawMessage `json:"d"`
			}
			if ws.ReadJSON(&p) != nil {
				return
			}
			if p.Op == 2 {
				var identify struct {
					Shard []int `json:"shard"`
				}
				json.Unmarshal(p.D, &identify)
				d.mu.Lock()
				d.shards = append(d.shards, identify.Shard)
				d.mu.Unlock()
			}
			switch p.Op {
			case 1:
				send(map[string]any{"op": 11})
			case 2:
				var identify struct {
					Token string `json:"token"`
				}
				if json.Unmarshal(p.D, &identify); identify.Token != "Bot "+discordTestToken {
					d.mu.Lock()
					ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
					d.mu.Unlock()
					return
				}
				// Connected before READY goes out: the bot may register
				// and the test dispatch as soon as it reads READY.
				d.mu.Lock()
				d.ws = ws
				ws.WriteJSON(map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{
					"v": 9, "session_id": "s1", "user": map[string]any{"id": "2", "username": "pakbot", "bot": true},
					"application": map[string]any{"id": "1"}, "guilds": []any{},
				}})
				d.mu.Unlock()
			}
		}
	}))
	mux := http.NewServeMux()
	// Discord answers 401 to a request with a token it does not know,
	// gateway discovery included.
	mux.HandleFunc("GET /api/v9/gateway", d.bot(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeDiscordJSON(w, http.StatusOK, map[string]string{"url": "ws://" + d.gateway.Listener.Addr().String()})
	}))
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", d.bot(func(w http.ResponseWriter, r *http.Request, body []byte) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", d.bot(func(w http.ResponseWriter, r *http.Request, body []byte) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	// Interaction callbacks and webhooks are authorised by the
	// interaction's token in the path, not by the bot's.
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		d.writeMessage(w, "c-webhook", readBody(r))
	})
	mux.HandleFunc("DELETE /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("wait") != "true" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		d.writeMessage(w, "c-webhook", readBody(r))
	})
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", d.bot(func(w http.ResponseWriter, r *http.Request, body []byte) {
		var msg struct {
			Content string `json:"content"`
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			writeDiscordJSON(w, http.StatusBadRequest, map[string]any{"message": "400: Bad Request", "code": 0})
			return
		}
		if n := utf8.RuneCountInString(msg.Content); n > 2000 {
			writeDiscordJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": map[string]any{
				"content": map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}}},
			}})
			return
		}
		d.writeMessage(w, r.PathValue("channel"), body)
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeDiscordJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	d.api = httptest.NewServer(d.record(mux))
	t.Cleanup(func() {
		d.gateway.CloseClientConnections()
		d.gateway.Close()
		d.api.Close()
	})
	return d
}

// record keeps every REST request with the status it got.
func (d *miniDiscord) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		sw := &miniStatus{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		d.mu.Lock()
		d.requests[r.Method+" "+r.URL.Path] = body
		d.log = append(d.log, miniRequest{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: body, Status: sw.status})
		d.mu.Unlock()
	})
}

type miniStatus struct {
	http.ResponseWriter
	status int
}

func (w *miniStatus) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// bot serves a request that needs the bot's token, as Discord does.
func (d *miniDiscord) bot(next func(http.ResponseWriter, *http.Request, []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+discordTestToken {
			writeDiscordJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			return
		}
		next(w, r, readBody(r))
	}
}

// writeMessage answers with the message object Discord creates from a
// message payload.
func (d *miniDiscord) writeMessage(w http.ResponseWriter, channel string, body []byte) {
	var msg map[string]any
	if err := json.Unmarshal(body, &msg); err != nil {
		writeDiscordJSON(w, http.StatusBadRequest, map[string]any{"message": "400: Bad Request", "code": 0})
		return
	}
	content, _ := msg["content"].(string)
	embeds, _ := msg["embeds"].([]any)
	if embeds == nil {
		embeds = []any{}
	}
	writeDiscordJSON(w, http.StatusOK, map[string]any{
		"id": d.snowflake(), "type": 0, "channel_id": channel, "content": content, "embeds": embeds,
		"author":    map[string]any{"id": "2", "username": "pakbot", "bot": true},
		"timestamp": time.Now().UTC().Format(time.RFC3339Nano), "tts": false, "pinned": false,
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false, "attachments": []any{},
	})
}

// snowflake returns a new id shaped like Discord's: milliseconds since
// 2015 above a counter.
func (d *miniDiscord) snowflake() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ids++
	return strconv.FormatInt((time.Now().UnixMilli()-1420070400000)<<22|d.ids&0xfff, 10)
}

func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	return b
}

func writeDiscordJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// sent lists the requests whose method and path match, in order.
func (d *miniDiscord) sent(method, path string) []miniRequest {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []miniRequest
	for _, r := range d.log {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func (d *miniDiscord) request(key string) ([]byte, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.requests[key]
	return b, ok
}

func (d *miniDiscord) dispatch(t *testing.T, event string, data any) {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ws == nil {
		t.Fatal("no bot connected")
	}
	d.seq++
	if err := d.ws.WriteJSON(map[string]any{"op": 0, "t": event, "s": d.seq, "d": data}); err != nil {
		t.Fatal(err)
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// newTestMain returns a Main whose environment is env and whose output
// goes to out.
func newTestMain(env map[string]string, out *bytes.Buffer) *Main {
	m := NewMain()
	m.Stdout, m.Stderr = out, out
	m.Getenv = func(k string) string { return env[k] }
	m.Logger = slog.New(slog.NewTextHandler(out, nil))
	return m
}

func TestServeDiscord(t *testing.T) {
	d := newMiniDiscord(t)
	var out bytes.Buffer
	m := newTestMain(map[string]string{"DISCORD_BOT_TOKEN": discordTestToken, "DISCORD_API_URL": d.api.URL + "/api"}, &out)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--db", ":memory:", "--discord-guild", "777"}) }()

	const register = "PUT /api/v9/applications/1/guilds/777/commands"
	waitUntil(t, "the guild's commands to be registered", func() bool { _, ok := d.request(register); return ok })
	body, _ := d.request(register)
	var cmds []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(body, &cmds); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range cmds {
		names[c.Name] = true
	}
	if len(cmds) > 100 || !names["ask"] || !names["help"] || !names["exports"] || !names["5g"] {
		t.Errorf("registered %d commands: %v", len(cmds), names)
	}

	d.dispatch(t, "INTERACTION_CREATE", map[string]any{
		"id": "10", "application_id": "1", "type": 2, "token": "tok", "version": 1, "guild_id": "777", "channel_id": "3",
		"member": map[string]any{"user": map[string]any{"id": "4", "username": "ayesha"}, "permissions": "0"},
		"data":   map[string]any{"id": "c", "name": "exports", "type": 1},
	})
	const callback = "POST /api/v9/interactions/10/tok/callback"
	waitUntil(t, "the answer", func() bool { _, ok := d.request(callback); return ok })
	answer, _ := d.request(callback)
	if !bytes.Contains(answer, []byte(`"type":4`)) || !bytes.Contains(answer, []byte(`[1]`)) || !bytes.Contains(answer, []byte(`"allowed_mentions":{"parse":[]`)) {
		t.Errorf("answer to /exports = %s", answer)
	}

	// Questions in Roman Urdu and Urdu through /ask.
	for i, c := range []struct{ question, want string }{
		{"Karachi IT park se kitni naukriyan milengi?", "13,400 jobs"},
		{"مالی سال 2023-24 میں آئی ٹی برآمدات کتنی تھیں؟", "3.223 billion"},
	} {
		id := fmt.Sprintf("2%d", i)
		d.dispatch(t, "INTERACTION_CREATE", map[string]any{
			"id": id, "application_id": "1", "type": 2, "token": "tok" + id, "version": 1, "guild_id": "777", "channel_id": "3",
			"member": map[string]any{"user": map[string]any{"id": "4", "username": "ayesha"}, "permissions": "0"},
			"data": map[string]any{"id": "c", "name": "ask", "type": 1, "options": []map[string]any{
				{"name": "question", "type": 3, "value": c.question}}},
		})
		cb := "POST /api/v9/interactions/" + id + "/tok" + id + "/callback"
		waitUntil(t, "the answer to "+c.question, func() bool { _, ok := d.request(cb); return ok })
		if body, _ := d.request(cb); !bytes.Contains(body, []byte(c.want)) {
			t.Errorf("/ask %s answered %s, want %q in it", c.question, body, c.want)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if strings.Contains(out.String(), discordTestToken) {
		t.Error("the token appeared in the output")
	}
}

func TestServeDiscordRejectsBadFlags(t *testing.T) {
	env := map[string]string{"DISCORD_BOT_TOKEN": discordTestToken, "DISCORD_API_URL": "http://127.0.0.1:1/api"}
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"RoleName", []string{"--discord-moderator-roles", "123,mods"}, nil, `role id "mods" is not a number`},
		{"RoleFromEnvironment", nil, map[string]string{"DISCORD_MODERATOR_ROLES": "mods"}, `role id "mods" is not a number`},
		{"GuildName", []string{"--discord-guild", "my-server"}, nil, `--discord-guild "my-server" is not a guild id`},
		{"APIURL", nil, map[string]string{"DISCORD_API_URL": "discord.com"}, "want an http(s) URL"},
		{"ShardOutOfRange", []string{"--discord-shard", "2/2"}, nil, "--discord-shard: Discord shard \"2/2\": the id must be from 0 to 1"},
		{"ShardFromEnvironment", nil, map[string]string{"DISCORD_SHARD": "one of two"}, "write ID/COUNT"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := map[string]string{}
			for k, v := range env {
				e[k] = v
			}
			for k, v := range tt.env {
				e[k] = v
			}
			var out bytes.Buffer
			err := newTestMain(e, &out).Run(context.Background(), append([]string{"serve", "--db", ":memory:"}, tt.args...))
			if err == nil || !strings.Contains(err.Error(), "cannot start discord") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("serve = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestServeDiscordShards runs two `pakbot serve` processes' worth of Mains
// on one database, as shards 0/2 and 1/2 of one bot, each against its own
// gateway connection: both IDENTIFY with their shard, only shard 0
// registers the commands, and both answer.
func TestServeDiscordShards(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	for _, shard := range []struct {
		id, env   string
		registers bool
	}{{"0", "0/2", true}, {"1", "1/2", false}} {
		d := newMiniDiscord(t)
		var out bytes.Buffer
		m := newTestMain(map[string]string{"DISCORD_BOT_TOKEN": discordTestToken, "DISCORD_API_URL": d.api.URL + "/api", "DISCORD_SHARD": shard.env}, &out)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- m.Run(ctx, []string{"serve", "--db", path, "--discord-guild", "777"}) }()
		t.Cleanup(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Error("serve did not stop")
			}
		})
		waitUntil(t, "shard "+shard.env+" to connect", func() bool { d.mu.Lock(); defer d.mu.Unlock(); return d.ws != nil })
		d.mu.Lock()
		identified := fmt.Sprint(d.shards)
		d.mu.Unlock()
		if want := "[[" + strings.Replace(shard.env, "/", " ", 1) + "]]"; identified != want {
			t.Errorf("shard %s: IDENTIFY shards %s, want %s", shard.env, identified, want)
		}
		id := "2" + shard.id
		d.dispatch(t, "INTERACTION_CREATE", map[string]any{
			"id": id, "application_id": "1", "type": 2, "token": "tok", "version": 1, "guild_id": "777", "channel_id": "3",
			"member": map[string]any{"user": map[string]any{"id": "4", "username": "ayesha"}, "permissions": "0"},
			"data":   map[string]any{"id": "c", "name": "exports", "type": 1},
		})
		waitUntil(t, "shard "+shard.env+" to answer", func() bool { _, ok := d.request("POST /api/v9/interactions/" + id + "/tok/callback"); return ok })
		const register = "PUT /api/v9/applications/1/guilds/777/commands"
		if shard.registers {
			waitUntil(t, "shard 0 to register the commands", func() bool { _, ok := d.request(register); return ok })
		} else if _, ok := d.request(register); ok {
			// Shard 1 knew its commands before it answered, and that is
			// where it would have registered them.
			t.Errorf("shard %s registered the commands", shard.env)
		}
	}
}

// TestServeDiscordBadToken runs serve with a token Discord refuses: it must
// say so as the Telegram adapter does, and never claim to be serving.
func TestServeDiscordBadToken(t *testing.T) {
	d := newMiniDiscord(t)
	var out bytes.Buffer
	m := newTestMain(map[string]string{"DISCORD_BOT_TOKEN": "Bot MTIz.wrong.token", "DISCORD_API_URL": d.api.URL + "/api"}, &out)
	done := make(chan error, 1)
	go func() { done <- m.Run(context.Background(), []string{"serve", "--db", ":memory:"}) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop on a rejected token")
	}
	if err == nil || !strings.Contains(err.Error(), "Discord rejected the bot token") || !strings.Contains(err.Error(), "https://discord.com/developers/applications") {
		t.Errorf("serve = %v, want it to say the token was rejected and where to get a new one", err)
	}
	for _, bad := range []string{"401", "Unauthorized", "{", "MTIz.wrong.token"} {
		if strings.Contains(err.Error(), bad) {
			t.Errorf("the error shows %q: %v", bad, err)
		}
	}
	if strings.Contains(out.String(), "msg=serving") {
		t.Errorf("serve logged that it was serving with a rejected token:\n%s", out.String())
	}
}

// TestServeLogsServingOnceConnected checks the order of serve's log: the
// platform connects before serve says it is serving.
func TestServeLogsServingOnceConnected(t *testing.T) {
	d := newMiniDiscord(t)
	var out logtest.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &out, &out
	m.Getenv = func(k string) string {
		return map[string]string{"DISCORD_BOT_TOKEN": discordTestToken, "DISCORD_API_URL": d.api.URL + "/api"}[k]
	}
	m.Logger = slog.New(slog.NewTextHandler(&out, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--db", ":memory:"}) }()
	waitUntil(t, "serve to say it is serving", func() bool { return strings.Contains(out.String(), "msg=serving platform=discord") })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	log := out.String()
	if c, s := strings.Index(log, "discord: connected"), strings.Index(log, "msg=serving"); c < 0 || s < c {
		t.Errorf("serving logged before the connection succeeded:\n%s", log)
	}
}
