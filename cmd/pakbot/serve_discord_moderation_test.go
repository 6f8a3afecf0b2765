package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pakbot/pakbot/adapters/discord/discordtest"
	"github.com/pakbot/pakbot/internal/logtest"
)

// The moderation issue's Discord tests: `pakbot serve` on a seeded database
// file, against discordtest's fake Discord, with members as Discord
// describes them in interactions.

const (
	discordGuild   = "777"
	discordChannel = "300000000000000003"
	// discordModRole is listed in DISCORD_MODERATOR_ROLES; discordOtherRole
	// is not.
	discordModRole   = "555000000000000001"
	discordOtherRole = "555000000000000002"
	// discordPlainPermissions is what an ordinary member may do in a
	// channel: add reactions, view it, send messages, embed links, read its
	// history and use application commands. Not Manage Messages.
	discordPlainPermissions = 1<<6 | 1<<10 | 1<<11 | 1<<14 | 1<<16 | 1<<31
	discordManageMessages   = 1 << 13
)

// discordUser is a guild member as an interaction carries it.
type discordUser struct {
	ID, Name    string
	Permissions int64
	Roles       []string
}

var (
	// discordMember has a role, but not one of the moderator roles.
	discordMember = discordUser{ID: "700000000000000042", Name: "ayesha", Permissions: discordPlainPermissions, Roles: []string{discordOtherRole}}
	// discordRoleless has no role at all.
	discordRoleless = discordUser{ID: "700000000000000045", Name: "zara", Permissions: discordPlainPermissions, Roles: []string{}}
	// discordManager has Manage Messages in the channel.
	discordManager = discordUser{ID: "700000000000000043", Name: "bilal", Permissions: discordPlainPermissions | discordManageMessages, Roles: []string{}}
	// discordRoleModerator holds the moderator role but no Manage Messages.
	discordRoleModerator = discordUser{ID: "700000000000000044", Name: "sana", Permissions: discordPlainPermissions, Roles: []string{discordModRole}}
)

// serveDiscordModeration runs `pakbot serve` against d on a new database
// file, with discordModRole as moderator role (DISCORD_MODERATOR_ROLES),
// until the test ends, and waits until the guild's commands are
// registered. It returns the database's path.
func serveDiscordModeration(t *testing.T, d *discordServer) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	out := &logtest.Buffer{}
	m := NewMain()
	m.Stdout, m.Stderr = out, out
	env := map[string]string{
		"DISCORD_BOT_TOKEN":       discordTestToken,
		"DISCORD_API_URL":         d.APIURL(),
		"DISCORD_MODERATOR_ROLES": discordModRole,
	}
	m.Getenv = func(k string) string { return env[k] }
	m.Logger = slog.New(slog.NewTextHandler(out, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--db", path, "--discord-guild", discordGuild}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop within 20s")
		}
		if strings.Contains(out.String(), discordTestToken) {
			t.Error("the token appeared in the output")
		}
		if t.Failed() {
			t.Logf("serve's log:\n%s", out.String())
		}
	})
	waitUntil(t, "the guild's commands to be registered", func() bool { _, ok := d.request(discordRegister); return ok })
	return path
}

const discordRegister = "PUT /api/v9/applications/" + discordtest.AppID + "/guilds/" + discordGuild + "/commands"

// command dispatches a slash command run by who in discordChannel and
// returns the interaction's id.
func (d *discordServer) command(t *testing.T, who discordUser, name string, options ...map[string]any) string {
	t.Helper()
	return d.interact(t, who, 2, name, options)
}

func (d *discordServer) interact(t *testing.T, who discordUser, typ int, name string, options []map[string]any) string {
	t.Helper()
	if options == nil {
		options = []map[string]any{}
	}
	id := d.Snowflake()
	d.Dispatch(t, "INTERACTION_CREATE", map[string]any{
		"id": id, "application_id": discordtest.AppID, "type": typ, "token": "tok-" + id, "version": 1,
		"guild_id": discordGuild, "channel_id": discordChannel, "locale": "en-US", "guild_locale": "en-US",
		"app_permissions": strconv.Itoa(discordPlainPermissions),
		"member": map[string]any{
			"user":        map[string]any{"id": who.ID, "username": who.Name, "global_name": nil, "discriminator": "0"},
			"roles":       who.Roles,
			"permissions": strconv.FormatInt(who.Permissions, 10),
			"joined_at":   "2024-01-02T03:04:05.000000+00:00",
			"nick":        nil,
		},
		"data": map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "guild_id": discordGuild, "options": options},
	})
	return id
}

// stringOption and integerOption are command options as Discord sends them.
func stringOption(name, value string) map[string]any {
	return map[string]any{"name": name, "type": 3, "value": value}
}

func integerOption(name string, value int) map[string]any {
	return map[string]any{"name": name, "type": 4, "value": value}
}

// discordReply is the bot's answer to one interaction, however it came.
type discordReply struct {
	Ephemeral bool
	Embed     discordEmbed
}

type discordEmbed struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Fields      []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
}

// String is everything the embed shows.
func (e discordEmbed) String() string {
	parts := []string{e.Title, e.Description}
	for _, f := range e.Fields {
		parts = append(parts, f.Name+" "+f.Value)
	}
	return strings.Join(parts, "\n")
}

type discordMessage struct {
	Flags           int            `json:"flags"`
	Embeds          []discordEmbed `json:"embeds"`
	AllowedMentions *struct {
		Parse []string `json:"parse"`
	} `json:"allowed_mentions"`
}

// reply waits for the answer to interaction id: the response itself or,
// when the bot deferred (a slow or loaded machine), the edit or follow-up
// that carries it. Every answer is one embed that may mention nobody.
func (d *discordServer) reply(t *testing.T, id string) discordReply {
	t.Helper()
	callback := "/api/v9/interactions/" + id + "/tok-" + id + "/callback"
	var sent []discordtest.Request
	waitUntil(t, "the response to interaction "+id, func() bool { sent = d.Sent("POST", callback); return len(sent) > 0 })
	var resp struct {
		Type int            `json:"type"`
		Data discordMessage `json:"data"`
	}
	if err := json.Unmarshal(sent[0].Body, &resp); err != nil {
		t.Fatalf("response to %s: %v: %s", id, err, sent[0].Body)
	}
	msg, ephemeral := resp.Data, resp.Data.Flags&64 != 0
	switch resp.Type {
	case 4:
	case 5:
		edit, followup := "/api/v9/webhooks/"+discordtest.AppID+"/tok-"+id+"/messages/@original", "/api/v9/webhooks/"+discordtest.AppID+"/tok-"+id
		var body []byte
		waitUntil(t, "the deferred answer to interaction "+id, func() bool {
			if r := d.Sent("PATCH", edit); len(r) > 0 {
				body = r[0].Body
			} else if r := d.Sent("POST", followup); len(r) > 0 {
				body = r[0].Body
			}
			return body != nil
		})
		msg = discordMessage{}
		if err := json.Unmarshal(body, &msg); err != nil {
			t.Fatalf("deferred answer to %s: %v: %s", id, err, body)
		}
		ephemeral = ephemeral || msg.Flags&64 != 0
	default:
		t.Fatalf("response to %s has type %d, want a message (4) or a deferred one (5): %s", id, resp.Type, sent[0].Body)
	}
	if len(msg.Embeds) != 1 {
		t.Fatalf("answer to %s has %d embeds, want 1", id, len(msg.Embeds))
	}
	if am := msg.AllowedMentions; am == nil || am.Parse == nil || len(am.Parse) != 0 {
		t.Errorf("answer to %s may mention people: allowed_mentions = %+v", id, am)
	}
	return discordReply{Ephemeral: ephemeral, Embed: msg.Embeds[0]}
}

// run dispatches a command and returns its answer.
func (d *discordServer) run(t *testing.T, who discordUser, name string, options ...map[string]any) discordReply {
	t.Helper()
	return d.reply(t, d.command(t, who, name, options...))
}

// ask asks a question with /ask as who.
func (d *discordServer) ask(t *testing.T, who discordUser, question string) discordReply {
	t.Helper()
	return d.run(t, who, "ask", stringOption("question", question))
}

// discordWantPrivate checks that a reply is ephemeral and says want.
func discordWantPrivate(t *testing.T, what string, r discordReply, want string) {
	t.Helper()
	if !r.Ephemeral {
		t.Errorf("%s: the reply is public, want ephemeral (flags 64)", what)
	}
	if !strings.Contains(r.Embed.String(), want) {
		t.Errorf("%s: the reply lacks %q:\n%s", what, want, r.Embed)
	}
}

func TestServeDiscordRegistersModeratorCommands(t *testing.T) {
	d := newDiscordServer(t)
	path := serveDiscordModeration(t, d)

	body, _ := d.request(discordRegister)
	var cmds []struct {
		Name        string  `json:"name"`
		Type        int     `json:"type"`
		Permissions *string `json:"default_member_permissions"`
		Contexts    []int   `json:"contexts"`
		Options     []struct {
			Name         string `json:"name"`
			Type         int    `json:"type"`
			Required     bool   `json:"required"`
			Autocomplete bool   `json:"autocomplete"`
			Choices      []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"choices"`
		} `json:"options"`
	}
	if err := json.Unmarshal(body, &cmds); err != nil {
		t.Fatal(err)
	}
	if len(cmds) > 100 {
		t.Errorf("%d commands registered, over Discord's limit of 100", len(cmds))
	}
	// What each command's options must be: name, type (3 string, 4
	// integer), then r for required, a for autocomplete and the choices.
	moderator := map[string]string{
		"addfact":     "topic 3 r a, text 3 r, source 3 r, period 3, series 3, figure 3",
		"editfact":    "key 3 r, text 3, period 3, source 3, topic 3 a, series 3, figure 3",
		"removefact":  "key 3 r",
		"restorefact": "key 3 r",
		"fact":        "key 3 r",
		"history":     "key 3 r",
		"editsource":  "id 3 r, field 3 r title/publisher/url/published, value 3 r",
		"alias":       "topic 3 r a, alias 3 r",
		"removealias": "alias 3 r",
		"review":      "",
		"approve":     "id 4 r",
		"reject":      "id 4 r, reason 3 r",
		// Words moderators teach the bot.
		"synonym":       "word 3 r, means 3 r",
		"synonyms":      "",
		"removesynonym": "word 3 r",
		// What people asked and did not get, and the one-step fixes.
		"misses":   "",
		"stats":    "",
		"attach":   "id 4 r, key 3 r",
		"dismiss":  "id 4 r",
		"missfact": "id 4 r, topic 3 r a, text 3 r, source 3 r, period 3, series 3, figure 3",
	}
	everyone := map[string]string{"start": "", "help": "", "ask": "question 3 r a", "search": "words 3 r a", "latest": "", "topics": "", "sources": "", "chart": "topic 3 r a", "suggest": "text 3 r, source 3 r"}
	topics := discordTopics(t, path)
	for _, name := range topics {
		everyone[name] = "question 3" // optional: a question within the topic, or a page
	}
	seen := map[string]bool{}
	for _, c := range cmds {
		seen[c.Name] = true
		var opts []string
		for _, o := range c.Options {
			s := fmt.Sprintf("%s %d", o.Name, o.Type)
			if o.Required {
				s += " r"
			}
			if o.Autocomplete {
				s += " a"
			}
			var choices []string
			for _, ch := range o.Choices {
				if ch.Name != ch.Value {
					t.Errorf("/%s %s: choice %q has the value %q", c.Name, o.Name, ch.Name, ch.Value)
				}
				choices = append(choices, ch.Value)
			}
			if len(choices) > 0 {
				s += " " + strings.Join(choices, "/")
			}
			opts = append(opts, s)
		}
		got := strings.Join(opts, ", ")
		if want, ok := moderator[c.Name]; ok {
			if c.Permissions == nil || *c.Permissions != "8192" {
				t.Errorf("/%s: default_member_permissions = %v, want \"8192\" (Manage Messages)", c.Name, c.Permissions)
			}
			if !slices.Equal(c.Contexts, []int{0}) {
				t.Errorf("/%s: contexts = %v, want guilds only [0]", c.Name, c.Contexts)
			}
			if got != want {
				t.Errorf("/%s options = %q, want %q", c.Name, got, want)
			}
		} else if want, ok := everyone[c.Name]; ok {
			if c.Permissions != nil {
				t.Errorf("/%s: default_member_permissions = %q, want none: everyone may use it", c.Name, *c.Permissions)
			}
			if got != want {
				t.Errorf("/%s options = %q, want %q", c.Name, got, want)
			}
		} else {
			t.Errorf("unexpected command /%s", c.Name)
		}
		if c.Type != 1 {
			t.Errorf("/%s has type %d, want a chat command (1)", c.Name, c.Type)
		}
	}
	for name := range moderator {
		if !seen[name] {
			t.Errorf("/%s is not registered", name)
		}
	}
	for name := range everyone {
		if !seen[name] {
			t.Errorf("/%s is not registered", name)
		}
	}
	if want := len(moderator) + len(everyone); len(cmds) != want {
		t.Errorf("%d commands registered, want %d (%d topics)", len(cmds), want, len(topics))
	}

	t.Run("TopicAutocomplete", func(t *testing.T) {
		focused := stringOption("topic", "techpark")
		focused["focused"] = true
		id := d.interact(t, discordManager, 4, "addfact", []map[string]any{focused})
		callback := "/api/v9/interactions/" + id + "/tok-" + id + "/callback"
		var sent []discordtest.Request
		waitUntil(t, "the choices", func() bool { sent = d.Sent("POST", callback); return len(sent) > 0 })
		var resp struct {
			Type int `json:"type"`
			Data struct {
				Choices []struct {
					Name  string `json:"name"`
					Value string `json:"value"`
				} `json:"choices"`
			} `json:"data"`
		}
		if err := json.Unmarshal(sent[0].Body, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.Type != 8 || len(resp.Data.Choices) == 0 || resp.Data.Choices[0].Value != "techparks" {
			t.Errorf("choices for %q = %s, want type 8 with techparks first", "techpark", sent[0].Body)
		}
	})
}

// discordTopics lists the topics in the database at path.
func discordTopics(t *testing.T, path string) []string {
	t.Helper()
	conn := discordOpenReadOnly(t, path)
	rows, err := conn.Query(`SELECT name FROM topics ORDER BY position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("the database has no topics: was it seeded?")
	}
	return names
}

func discordOpenReadOnly(t *testing.T, path string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// discordDBContents is every row of every table of the database at path (the
// full-text index aside, which is derived from them), as text.
func discordDBContents(t *testing.T, path string) string {
	t.Helper()
	conn := discordOpenReadOnly(t, path)
	var tables []string
	rows, err := conn.Query(`SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'facts_fts%' AND name != 'facts_vocab' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		rows, err := conn.Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatalf("reading %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			values := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s %q", table, values))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		sort.Strings(lines) // tables without rowid have no insertion order
		fmt.Fprintf(&b, "%s: %d rows\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

func TestServeDiscordRefusesNonModerators(t *testing.T) {
	d := newDiscordServer(t)
	path := serveDiscordModeration(t, d)
	before := discordDBContents(t, path)
	if !strings.Contains(before, "it-exports-fy2023-24") {
		t.Fatal("the seeded fact it-exports-fy2023-24 is missing")
	}

	for _, who := range []discordUser{discordMember, discordRoleless} {
		for _, c := range []struct {
			name    string
			options []map[string]any
		}{
			{"addfact", []map[string]any{
				stringOption("topic", "exports"),
				stringOption("text", "In FY 2024-25, Pakistan's IT exports reached $3.8 billion, a new record."),
				stringOption("source", "https://example.com/pseb PSEB report"),
				stringOption("period", "FY2024-25"),
			}},
			{"removefact", []map[string]any{stringOption("key", "it-exports-fy2023-24")}},
			{"editfact", []map[string]any{stringOption("key", "it-exports-fy2023-24"), stringOption("text", "Pakistan's IT exports were zero in FY 2023-24.")}},
			{"approve", []map[string]any{integerOption("id", 1)}},
		} {
			r := d.run(t, who, c.name, c.options...)
			discordWantPrivate(t, who.Name+" /"+c.name, r, "Only moderators can use /"+c.name)
		}
	}
	if after := discordDBContents(t, path); after != before {
		t.Errorf("refused commands changed the database:\nbefore:\n%.2000s\nafter:\n%.2000s", before, after)
	}
	if r := d.ask(t, discordMember, "What were Pakistan's IT exports in FY 2023-24?"); !strings.Contains(r.Embed.Description, "$3.223 billion") {
		t.Errorf("the seeded answer changed:\n%s", r.Embed)
	}
}

var discordAddedKey = regexp.MustCompile(`Added fact ([a-z0-9-]+) to `)

func TestServeDiscordModeratorCuratesFacts(t *testing.T) {
	d := newDiscordServer(t)
	path := serveDiscordModeration(t, d)

	t.Run("ManageMessages", func(t *testing.T) {
		const (
			first    = "In March 2025, Pakistan's National Centre for Quantum Computing in Lahore switched on a 20-qubit processor."
			second   = "In March 2025, Pakistan's National Centre for Quantum Computing in Lahore switched on a 24-qubit processor, its first."
			source   = "https://example.org/ncqc-2025"
			citation = "[NCQC launch note](" + source + ") — example.org"
			question = "How many qubits does Pakistan's quantum computer have?"
		)
		// Options arrive in the order the member filled them in, not the
		// order of the parameters.
		add := d.run(t, discordManager, "addfact",
			stringOption("period", "2025-03"), stringOption("source", source+" NCQC launch note"), stringOption("text", first), stringOption("topic", "ai"))
		discordWantPrivate(t, "/addfact", add, "It answers questions from now on.")
		m := discordAddedKey.FindStringSubmatch(add.Embed.Description)
		if m == nil {
			t.Fatalf("/addfact names no key:\n%s", add.Embed)
		}
		key := m[1]
		discordWantPrivate(t, "/addfact", add, "Topic: ai. Period: March 2025.")

		// answered checks that the question is answered with text, cited
		// to the moderator's source.
		answered := func(what, text string) {
			t.Helper()
			r := d.ask(t, discordMember, question)
			if r.Ephemeral {
				t.Errorf("%s: the answer is ephemeral, want it public", what)
			}
			if !strings.Contains(r.Embed.Description, text+" [1]") || !strings.Contains(r.Embed.Description, "Added by bilal on ") {
				t.Errorf("%s: the answer lacks %q with its citation mark and who added it:\n%s", what, text, r.Embed)
			}
			if len(r.Embed.Fields) == 0 || r.Embed.Fields[0].Name != "[1]" || r.Embed.Fields[0].Value != citation {
				t.Errorf("%s: citation fields = %+v, want [1] %s", what, r.Embed.Fields, citation)
			}
		}
		answered("after /addfact", first)

		edit := d.run(t, discordManager, "editfact", stringOption("text", second), stringOption("key", key))
		discordWantPrivate(t, "/editfact", edit, "Saved version 2 of "+key)

		history := d.run(t, discordManager, "history", stringOption("key", key))
		discordWantPrivate(t, "/history", history, "History of "+key+" (2 versions)")
		for _, want := range []string{
			"• v1, ", " add by bilal on discord: “" + first + "”",
			"• v2, ", " edit by bilal on discord: text “" + first + "” became “" + second + "”",
		} {
			if !strings.Contains(history.Embed.Description, want) {
				t.Errorf("/history lacks %q:\n%s", want, history.Embed)
			}
		}
		answered("after /editfact", second)

		remove := d.run(t, discordManager, "removefact", stringOption("key", key))
		discordWantPrivate(t, "/removefact", remove, "Removed "+key+" from answers (version 3)")
		if r := d.ask(t, discordMember, question); strings.Contains(r.Embed.String(), "qubit processor") || strings.Contains(r.Embed.String(), source) {
			t.Errorf("the removed fact still answers:\n%s", r.Embed)
		}

		restore := d.run(t, discordManager, "restorefact", stringOption("key", key))
		discordWantPrivate(t, "/restorefact", restore, "Restored "+key+" (version 4)")
		answered("after /restorefact", second)

		// Every change is a version of its own, made on Discord by bilal.
		rows, err := discordOpenReadOnly(t, path).Query(`SELECT v.version, v.change, v.author, v.platform, v.chat
			FROM fact_versions v JOIN facts f ON f.id = v.fact_id WHERE f.key = ? ORDER BY v.version`, key)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var versions []string
		for rows.Next() {
			var version int
			var change, by, platform, chat string
			if err := rows.Scan(&version, &change, &by, &platform, &chat); err != nil {
				t.Fatal(err)
			}
			versions = append(versions, fmt.Sprintf("%d %s %s %s %s", version, change, by, platform, chat))
		}
		want := []string{"1 add", "2 edit", "3 remove", "4 restore"}
		for i := range want {
			want[i] += " bilal discord " + discordChannel
		}
		if !slices.Equal(versions, want) {
			t.Errorf("versions of %s:\n%s\nwant:\n%s", key, strings.Join(versions, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("PipeInAnOption", func(t *testing.T) {
		// The engine reads "|" as the separator of the text form; typed in
		// an option it is just a character and must not shift the source
		// into the text.
		const fact = "In 2025, 40% of Pakistan's software houses ran A|B tests on their apps."
		add := d.run(t, discordManager, "addfact", stringOption("topic", "apps"), stringOption("text", fact), stringOption("source", "https://example.com/ab-tests"))
		discordWantPrivate(t, "/addfact with a pipe", add, "Added fact ")
		if !strings.Contains(add.Embed.Description, "A/B tests") {
			t.Errorf("/addfact with a pipe:\n%s", add.Embed)
		}
		sug := d.run(t, discordMember, "suggest", stringOption("text", "Pakistan's app|store revenue doubled in 2025."), stringOption("source", "https://example.com/app-store"))
		discordWantPrivate(t, "/suggest with a pipe", sug, "Your suggestion is number")
	})

	t.Run("ModeratorRole", func(t *testing.T) {
		// sana has no Manage Messages, only the role DISCORD_MODERATOR_ROLES
		// names.
		const fact = "In 2025, the Karachi robotics startup Zarya Robotics raised $12 million for warehouse robots."
		add := d.run(t, discordRoleModerator, "addfact", stringOption("topic", "startups"), stringOption("text", fact), stringOption("source", "https://example.com/zarya"))
		discordWantPrivate(t, "/addfact by a role moderator", add, "Added fact ")
		m := discordAddedKey.FindStringSubmatch(add.Embed.Description)
		if m == nil {
			t.Fatalf("/addfact names no key:\n%s", add.Embed)
		}
		r := d.ask(t, discordMember, "How much did Zarya Robotics raise?")
		if !strings.Contains(r.Embed.Description, fact+" [1]") || !strings.Contains(r.Embed.Description, "Added by sana on ") {
			t.Errorf("the role moderator's fact does not answer:\n%s", r.Embed)
		}
		if len(r.Embed.Fields) == 0 || !strings.Contains(r.Embed.Fields[0].Value, "(https://example.com/zarya)") {
			t.Errorf("citation fields = %+v, want a link to https://example.com/zarya", r.Embed.Fields)
		}
		discordWantPrivate(t, "/removefact by a role moderator", d.run(t, discordRoleModerator, "removefact", stringOption("key", m[1])), "Removed "+m[1])
	})
}

func TestServeDiscordSuggestionOutcomeNotifiesSuggester(t *testing.T) {
	d := newDiscordServer(t)
	serveDiscordModeration(t, d)
	notices := "/api/v9/channels/" + discordChannel + "/messages"
	mention := "<@" + discordMember.ID + "> "

	// notice waits for the n-th channel message and checks that it was
	// delivered and may ping the suggester and nobody else.
	notice := func(t *testing.T, n int) string {
		t.Helper()
		var sent []discordtest.Request
		waitUntil(t, "the notice", func() bool { sent = d.Sent("POST", notices); return len(sent) >= n })
		r := sent[n-1]
		if r.Status != 200 || r.Authorization != "Bot "+discordTestToken {
			t.Errorf("notice got status %d with authorization %q", r.Status, r.Authorization)
		}
		var msg struct {
			Content         string          `json:"content"`
			Embeds          []any           `json:"embeds"`
			AllowedMentions json.RawMessage `json:"allowed_mentions"`
		}
		if err := json.Unmarshal(r.Body, &msg); err != nil {
			t.Fatal(err)
		}
		var am map[string]any
		json.Unmarshal(msg.AllowedMentions, &am)
		if fmt.Sprint(am["parse"]) != "[]" || am["parse"] == nil || fmt.Sprint(am["users"]) != "["+discordMember.ID+"]" || am["roles"] != nil || am["replied_user"] == true {
			t.Errorf("allowed_mentions = %s, want {\"parse\":[],\"users\":[%q]}", msg.AllowedMentions, discordMember.ID)
		}
		if !strings.HasPrefix(msg.Content, mention) {
			t.Errorf("notice %q does not mention the suggester first", msg.Content)
		}
		return msg.Content
	}

	t.Run("Approved", func(t *testing.T) {
		const fact = "In 2025, Pakistan's first undersea data centre opened off the coast of Gwadar."
		r := d.run(t, discordMember, "suggest", stringOption("text", fact), stringOption("source", "https://example.net/gwadar-dc"))
		discordWantPrivate(t, "/suggest", r, "Your suggestion is number 1")
		discordWantPrivate(t, "/review", d.run(t, discordManager, "review"), "#1 from ayesha on ")

		approve := d.run(t, discordManager, "approve", integerOption("id", 1))
		discordWantPrivate(t, "/approve", approve, "Approved suggestion #1 from ayesha as fact ")
		content := notice(t, 1)
		if want := mention + "Good news, ayesha: your suggestion #1 was approved by bilal and is now fact "; !strings.HasPrefix(content, want) {
			t.Errorf("notice = %q, want it to start %q", content, want)
		}

		// Delivered, so the suggester's next reply does not repeat it; and
		// the fact answers.
		next := d.ask(t, discordMember, "Is there an undersea data centre in Gwadar?")
		if strings.Contains(next.Embed.String(), "Good news") {
			t.Errorf("the delivered notice came again with the next reply:\n%s", next.Embed)
		}
		if !strings.Contains(next.Embed.Description, fact) {
			t.Errorf("the approved suggestion does not answer:\n%s", next.Embed)
		}
	})

	t.Run("RejectedWithMarkdownAndMentions", func(t *testing.T) {
		r := d.run(t, discordMember, "suggest", stringOption("text", "In 2025 the Zindagi wallet reached 30 million users across Pakistan."), stringOption("source", "https://example.net/zindagi"))
		discordWantPrivate(t, "/suggest", r, "Your suggestion is number 2")
		reason := "@everyone **no** source_x, ask <@&" + discordModRole + "> or @here"
		discordWantPrivate(t, "/reject", d.run(t, discordManager, "reject", stringOption("reason", reason), integerOption("id", 2)), "Rejected suggestion #2 from ayesha")
		content := notice(t, 2)
		want := mention + "ayesha, your suggestion #2 was not accepted by bilal: @\u200beveryone \\*\\*no\\*\\* source\\_x, ask \\<@&" + discordModRole + "> or @\u200bhere"
		if content != want {
			t.Errorf("notice = %q\nwant     %q", content, want)
		}
	})

	t.Run("RejectedWithALongReason", func(t *testing.T) {
		r := d.run(t, discordMember, "suggest", stringOption("text", "In 2025 Pakistan had the fastest mobile internet in South Asia."), stringOption("source", "https://example.net/speed"))
		discordWantPrivate(t, "/suggest", r, "Your suggestion is number 3")
		// A string option may hold 6,000 characters; a message only 2,000.
		reason := strings.Repeat("The source measures fixed broadband, not mobile. ", 60)
		discordWantPrivate(t, "/reject", d.run(t, discordManager, "reject", integerOption("id", 3), stringOption("reason", reason)), "Rejected suggestion #3 from ayesha")
		content := notice(t, 3)
		if n := utf8.RuneCountInString(content); n > 2000 || !strings.Contains(content, "was not accepted by bilal: The source measures") {
			t.Errorf("notice of %d characters: %.200q…", n, content)
		}
		if next := d.ask(t, discordMember, "broadband subscriptions"); strings.Contains(next.Embed.String(), "was not accepted") {
			t.Errorf("the notice was not delivered but came with the next reply:\n%s", next.Embed)
		}
	})
}

// TestServeDiscordNewerFigurePath adds a newer figure with Discord's typed
// options, sees it lead, and moves its period with the named option of
// /editfact.
func TestServeDiscordNewerFigurePath(t *testing.T) {
	d := newDiscordServer(t)
	serveDiscordModeration(t, d)
	add := d.run(t, discordManager, "addfact", stringOption("topic", "exports"), stringOption("period", "FY 2024-25"),
		stringOption("text", "In FY 2024-25, Pakistan's IT exports reached $3.8 billion."), stringOption("source", "https://example.com/pseb PSEB report"))
	discordWantPrivate(t, "/addfact", add, "It joins IT exports: now the newest of 3 periods (series it-exports-annual).")
	key := regexp.MustCompile(`Added fact (\S+) to exports`).FindStringSubmatch(add.Embed.String())[1]

	if r := d.ask(t, discordMember, "exports?"); !strings.HasPrefix(r.Embed.Description, "In FY 2024-25, Pakistan's IT exports reached $3.8 billion.") {
		t.Errorf("exports? is answered with:\n%s", r.Embed)
	}
	edit := d.run(t, discordManager, "editfact", stringOption("period", "July 2024 to June 2025"), stringOption("key", key))
	discordWantPrivate(t, "/editfact", edit, "Saved version 2 of "+key)
	history := d.run(t, discordManager, "history", stringOption("key", key))
	discordWantPrivate(t, "/history", history, `period "FY 2024-25" became "July 2024 to June 2025"`)
}
