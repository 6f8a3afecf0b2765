package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pakbot/pakbot/adapters/discord/discordtest"
	"github.com/pakbot/pakbot/internal/logtest"
)

const discordTestToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"

// discordServer is the shared fake Discord with the helpers these tests
// use.
type discordServer struct{ *discordtest.Server }

func newDiscordServer(t *testing.T) *discordServer {
	return &discordServer{discordtest.NewServer(t, discordTestToken)}
}

// request returns the body of the last request to key, "METHOD path".
func (d *discordServer) request(key string) ([]byte, bool) {
	method, path, _ := strings.Cut(key, " ")
	return d.Last(method, path)
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
	d := newDiscordServer(t)
	var out bytes.Buffer
	m := newTestMain(map[string]string{"DISCORD_BOT_TOKEN": discordTestToken, "DISCORD_API_URL": d.APIURL()}, &out)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--db", ":memory:", "--discord-guild", "777"}) }()

	const register = "PUT /api/v9/applications/" + discordtest.AppID + "/guilds/777/commands"
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

	d.Dispatch(t, "INTERACTION_CREATE", map[string]any{
		"id": "10", "application_id": discordtest.AppID, "type": 2, "token": "tok", "version": 1, "guild_id": "777", "channel_id": "3",
		"member": map[string]any{"user": map[string]any{"id": "4", "username": "ayesha"}, "permissions": "0"},
		"data":   map[string]any{"id": "c", "name": "exports", "type": 1},
	})
	const callback = "POST /api/v9/interactions/10/tok/callback"
	waitUntil(t, "the answer", func() bool { _, ok := d.request(callback); return ok })
	answer, _ := d.request(callback)
	if !bytes.Contains(answer, []byte(`"type":4`)) || !bytes.Contains(answer, []byte(`[1]`)) || !bytes.Contains(answer, []byte(`"allowed_mentions":{"parse":[]`)) {
		t.Errorf("answer to /exports = %s", answer)
	}

	// Questions in Roman Urdu and Urdu through /ask, and within a topic.
	for i, c := range []struct{ command, question, want string }{
		{"ask", "Karachi IT park se kitni naukriyan milengi?", "13,400 jobs"},
		{"ask", "مالی سال 2023-24 میں آئی ٹی برآمدات کتنی تھیں؟", "3.223 billion"},
		{"exports", "2023", "$2.6 billion"},
	} {
		id := fmt.Sprintf("2%d", i)
		d.Dispatch(t, "INTERACTION_CREATE", map[string]any{
			"id": id, "application_id": discordtest.AppID, "type": 2, "token": "tok" + id, "version": 1, "guild_id": "777", "channel_id": "3",
			"member": map[string]any{"user": map[string]any{"id": "4", "username": "ayesha"}, "permissions": "0"},
			"data": map[string]any{"id": "c", "name": c.command, "type": 1, "options": []map[string]any{
				{"name": "question", "type": 3, "value": c.question}}},
		})
		cb := "POST /api/v9/interactions/" + id + "/tok" + id + "/callback"
		waitUntil(t, "the answer to "+c.question, func() bool { _, ok := d.request(cb); return ok })
		if body, _ := d.request(cb); !bytes.Contains(body, []byte(c.want)) {
			t.Errorf("/%s %s answered %s, want %q in it", c.command, c.question, body, c.want)
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
// on one database as shards 0/2 and 1/2 of one bot, both connected to one
// fake Discord: each IDENTIFYs with its shard and answers what Discord
// sends it, only shard 0 registers the commands, and only shard 0 sends
// the moderators' digest, so the moderators get it once.
func TestServeDiscordShards(t *testing.T) {
	const modChannel = "300000000000000009"
	d := newDiscordServer(t)
	path := filepath.Join(t.TempDir(), "pakbot.db")
	var stops []func() string
	for id, shard := range []string{"0/2", "1/2"} {
		var out bytes.Buffer
		m := newTestMain(map[string]string{"DISCORD_BOT_TOKEN": discordTestToken, "DISCORD_API_URL": d.APIURL(), "DISCORD_SHARD": shard, "DISCORD_MODERATOR_CHANNEL": modChannel}, &out)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- m.Run(ctx, []string{"serve", "--db", path, "--discord-guild", discordGuild, "--digest-every", "1s"})
		}()
		var once sync.Once
		stop := func() string {
			once.Do(func() {
				cancel()
				select {
				case err := <-done:
					if err != nil {
						t.Errorf("shard %s: serve: %v", shard, err)
					}
				case <-time.After(20 * time.Second):
					t.Errorf("shard %s: serve did not stop", shard)
				}
			})
			return out.String()
		}
		t.Cleanup(func() { stop() })
		stops = append(stops, stop)
		waitUntil(t, "shard "+shard+" to connect", func() bool { return d.ShardConnected(id) })
	}

	var seen []string
	for _, s := range d.Identified() {
		if s == nil {
			t.Fatal("an IDENTIFY carried no shard")
		}
		seen = append(seen, fmt.Sprintf("%d/%d", s[0], s[1]))
	}
	slices.Sort(seen)
	if !slices.Equal(seen, []string{"0/2", "1/2"}) {
		t.Errorf("IDENTIFY shards = %v, want 0/2 and 1/2", seen)
	}

	db := &tgServe{t: t, dbPath: path}
	waitUntil(t, "the digests to start", func() bool { return db.query(`SELECT COUNT(*) FROM meta WHERE key LIKE 'digest:%'`) == "1" })
	for id, ask := range []string{"What were Pakistan's IT exports in FY 2023-24?", "How many cricket stadiums does Lahore have?"} {
		interaction := d.Snowflake()
		d.DispatchToShard(t, id, "INTERACTION_CREATE", map[string]any{
			"id": interaction, "application_id": discordtest.AppID, "type": 2, "token": "tok", "version": 1, "guild_id": discordGuild, "channel_id": "3",
			"member": map[string]any{"user": map[string]any{"id": "4", "username": "ayesha"}, "permissions": "0"},
			"data": map[string]any{"id": "c", "name": "ask", "type": 1, "options": []map[string]any{
				{"name": "question", "type": 3, "value": ask}}},
		})
		waitUntil(t, fmt.Sprintf("shard %d/2 to answer", id), func() bool {
			_, ok := d.request("POST /api/v9/interactions/" + interaction + "/tok/callback")
			return ok
		})
	}
	// Shard 1 knew its commands before it answered, and that is where it
	// would have registered them.
	if puts := d.Requests("PUT", "/guilds/"+discordGuild+"/commands"); len(puts) != 1 {
		t.Errorf("%d command registrations, want one, by shard 0", len(puts))
	}

	posts := "/api/v9/channels/" + modChannel + "/messages"
	waitUntil(t, "the digest of the miss on shard 1", func() bool { return len(d.Sent("POST", posts)) > 0 })
	time.Sleep(2500 * time.Millisecond)
	if n := len(d.Sent("POST", posts)); n != 1 {
		t.Errorf("%d digests posted, want one", n)
	}
	if logs := stops[0](); !strings.Contains(logs, "digest sent") {
		t.Errorf("shard 0 sent no digest:\n%s", logs)
	}
	if logs := stops[1](); !strings.Contains(logs, "digest is sent by shard 0") || strings.Contains(logs, "digest sent") {
		t.Errorf("shard 1 does not leave the digest to shard 0:\n%s", logs)
	}
}

// TestServeDiscordBadToken runs serve with a token Discord refuses: it must
// say so as the Telegram adapter does, and never claim to be serving.
func TestServeDiscordBadToken(t *testing.T) {
	d := newDiscordServer(t)
	var out bytes.Buffer
	m := newTestMain(map[string]string{"DISCORD_BOT_TOKEN": "Bot MTIz.wrong.token", "DISCORD_API_URL": d.APIURL()}, &out)
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
	d := newDiscordServer(t)
	var out logtest.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &out, &out
	m.Getenv = func(k string) string {
		return map[string]string{"DISCORD_BOT_TOKEN": discordTestToken, "DISCORD_API_URL": d.APIURL()}[k]
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
