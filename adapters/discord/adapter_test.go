package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/adapters/discord/discordtest"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/logtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testToken is shaped like a real bot token, so the tests also exercise the
// pattern-based redaction.
const testToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"

// libraryLogs collects what discordgo itself logs, for every session in
// the test binary: its logger is process-wide.
var libraryLogs = &logtest.Buffer{}

func TestMain(m *testing.M) {
	flag.Parse()
	RouteLibraryLogs(slog.New(slog.NewTextHandler(libraryLogs, &slog.HandlerOptions{Level: slog.LevelDebug})), testToken)
	code := m.Run()
	if strings.Contains(libraryLogs.String(), testToken) || strings.Contains(libraryLogs.String(), "GaBcDe") {
		fmt.Fprintln(os.Stderr, "FAIL: the bot token appeared in discordgo's logs")
		code = 1
	}
	os.Exit(code)
}

// running is an adapter started against a fake Discord.
type running struct {
	adapter *Adapter
	logs    *logtest.Buffer
	stop    func()
}

// startAdapter runs an adapter over a real engine on kb against f, and
// waits until it has connected and registered its commands. The adapter is
// stopped when the test ends, and must then return promptly.
func startAdapter(t *testing.T, f *discordtest.Server, kb *fakeKB, opts ...Option) *running {
	t.Helper()
	return startEngine(t, f, bot.New(kb), opts...)
}

// startEngine is startAdapter over any engine.
func startEngine(t *testing.T, f *discordtest.Server, engine Engine, opts ...Option) *running {
	t.Helper()
	logs := &logtest.Buffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts = append([]Option{WithAPIURL(f.APIURL()), WithLogger(logger)}, opts...)
	a, err := New(testToken, engine, opts...)
	if err != nil {
		t.Fatal(err)
	}
	registered := len(f.Requests("PUT", "/commands"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Errorf("Run did not return after cancel")
			}
			if strings.Contains(logs.String(), testToken) {
				t.Errorf("the bot token appeared in the adapter's logs")
			}
		})
	}
	t.Cleanup(stop)
	discordtest.WaitFor(t, 10*time.Second, "the bot to connect", f.Connected)
	discordtest.WaitFor(t, 10*time.Second, "commands to be registered", func() bool { return len(f.Requests("PUT", "/commands")) > registered })
	return &running{adapter: a, logs: logs, stop: stop}
}

// interaction builds an INTERACTION_CREATE payload from a guild member
// without special permissions.
func interaction(id string, typ discordgo.InteractionType, name string, options ...map[string]any) map[string]any {
	if options == nil {
		options = []map[string]any{}
	}
	return map[string]any{
		"id": id, "application_id": discordtest.AppID, "type": typ, "token": "tok-" + id, "version": 1,
		"guild_id": "g1", "channel_id": "c1", "locale": "en-US",
		"member": map[string]any{"user": map[string]any{"id": "42", "username": "ayesha"}, "roles": []string{}, "permissions": "0"},
		"data":   map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options},
	}
}

func option(name string, value any) map[string]any {
	return map[string]any{"name": name, "type": 3, "value": value}
}

// callbackBody is an interaction response as Discord receives it.
type callbackBody struct {
	Type int `json:"type"`
	Data struct {
		Flags           int              `json:"flags"`
		Embeds          []embedBody      `json:"embeds"`
		AllowedMentions *allowedMentions `json:"allowed_mentions"`
		Components      []struct {
			Type       int `json:"type"`
			Components []struct {
				Type     int    `json:"type"`
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
		Choices []struct {
			Name  string `json:"name"`
			Value any    `json:"value"`
		} `json:"choices"`
	} `json:"data"`
}

type embedBody struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Image       *struct {
		URL string `json:"url"`
	} `json:"image"`
	Fields []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
}

type allowedMentions struct {
	Parse       []string `json:"parse"`
	RepliedUser bool     `json:"replied_user"`
}

// callbacks waits for n successful responses to interaction id and
// returns them decoded.
func callbacks(t *testing.T, f *discordtest.Server, id string, n int) []callbackBody {
	t.Helper()
	var ok []discordtest.Request
	discordtest.WaitFor(t, 10*time.Second, fmt.Sprintf("%d response(s) to interaction %s", n, id), func() bool {
		ok = ok[:0]
		for _, r := range f.Requests("POST", "/interactions/"+id+"/") {
			if r.Status < 300 {
				ok = append(ok, r)
			}
		}
		return len(ok) >= n
	})
	var out []callbackBody
	for _, r := range ok {
		var b callbackBody
		if err := json.Unmarshal(r.Body, &b); err != nil {
			t.Fatalf("callback body %s: %v", r.Body, err)
		}
		out = append(out, b)
	}
	return out
}

// assertNoMentions checks that a message allows no mention at all: an
// explicit empty parse list, not null.
func assertNoMentions(t *testing.T, am *allowedMentions) {
	t.Helper()
	if am == nil || am.Parse == nil || len(am.Parse) != 0 || am.RepliedUser {
		t.Errorf("allowed_mentions = %+v, want an explicit empty parse list", am)
	}
}

func TestRegistersCommandsOnReady(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	first := startAdapter(t, f, newFakeKB(), WithGuild("777"))

	puts := f.Requests("PUT", "/commands")
	if len(puts) != 1 || puts[0].Path != "/api/v9/applications/"+discordtest.AppID+"/guilds/777/commands" {
		t.Fatalf("registration requests = %+v, want one bulk overwrite of guild 777's commands", puts)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, puts[0].Body, "", "  "); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "commands.golden.json")
	if *update {
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if pretty.String() != string(want) {
		t.Errorf("bulk overwrite payload differs from %s (run go test -update to accept):\n%s", golden, pretty.String())
	}
	if ids, _, _ := f.Counts(); ids != 1 {
		t.Errorf("%d IDENTIFY, want 1", ids)
	}

	t.Run("RestartDoesNotDuplicate", func(t *testing.T) {
		first.stop()
		startAdapter(t, f, newFakeKB(), WithGuild("777"))
		puts := f.Requests("PUT", "/commands")
		if len(puts) != 2 || !bytes.Equal(puts[0].Body, puts[1].Body) {
			t.Errorf("%d bulk overwrites, want the same payload twice", len(puts))
		}
		if n, want := len(f.Registered("guild 777")), 13; n != want {
			t.Errorf("%d commands registered after a restart, want %d", n, want)
		}
		if creates := f.Requests("POST", "/commands"); len(creates) != 0 {
			t.Errorf("commands created one by one: %d requests", len(creates))
		}
	})
}

func TestRegistersGloballyByDefault(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	// Eight built-in commands and five topics.
	if n := len(f.Registered("global")); n != 13 {
		t.Errorf("%d global commands, want 13", n)
	}
	discordtest.WaitFor(t, 5*time.Second, "a heartbeat", func() bool { _, _, beats := f.Counts(); return beats > 0 })
}

func TestTopicCommand(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1001", discordgo.InteractionApplicationCommand, "exports"))

	got := callbacks(t, f, "1001", 1)[0]
	if got.Type != 4 || got.Data.Flags&64 != 0 || len(got.Data.Embeds) != 1 {
		t.Fatalf("response type %d, flags %d, %d embeds; want a public message (4) with one embed", got.Type, got.Data.Flags, len(got.Data.Embeds))
	}
	e := got.Data.Embeds[0]
	if e.Title != "IT exports" {
		t.Errorf("title = %q", e.Title)
	}
	for _, want := range []string{
		"• Pakistan's IT and IT-enabled services exports were $3.2 billion in FY 2023-24. [1]",
		"• Pakistan's IT and IT-enabled services exports were $2.6 billion in FY 2022-23. [1]",
	} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, e.Description)
		}
	}
	if len(e.Fields) != 1 || e.Fields[0].Name != "[1]" || e.Fields[0].Value != "[IT Exports Report](https://pseb.org.pk/exports) — Pakistan Software Export Board, August 2024" {
		t.Errorf("citation fields = %+v", e.Fields)
	}
	assertNoMentions(t, got.Data.AllowedMentions)
}

func TestAskCommand(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1002", discordgo.InteractionApplicationCommand, "ask",
		option("question", "What were Pakistan's broadband subscriptions?")))

	got := callbacks(t, f, "1002", 1)[0]
	if got.Type != 4 || got.Data.Flags&64 != 0 {
		t.Fatalf("response type %d flags %d, want a public message", got.Type, got.Data.Flags)
	}
	e := got.Data.Embeds[0]
	if want := "Pakistan had 140 million broadband subscriptions in June 2024. [1]\nPeriod: June 2024."; !strings.Contains(e.Description, want) {
		t.Errorf("description lacks %q:\n%s", want, e.Description)
	}
	if len(e.Fields) != 1 || !strings.HasPrefix(e.Fields[0].Value, "[Telecom Indicators](https://pta.gov.pk/indicators)") {
		t.Errorf("citation fields = %+v", e.Fields)
	}
	assertNoMentions(t, got.Data.AllowedMentions)
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	focused := func(partial string) map[string]any {
		o := option("question", partial)
		o["focused"] = true
		return o
	}
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1003", discordgo.InteractionApplicationCommandAutocomplete, "ask", focused("broadb")))
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1004", discordgo.InteractionApplicationCommandAutocomplete, "ask", focused("census")))

	got := callbacks(t, f, "1003", 1)[0]
	if got.Type != 8 || len(got.Data.Choices) == 0 || got.Data.Choices[0].Value != "Broadband" {
		t.Errorf("autocomplete for %q = type %d, choices %+v; want type 8 with Broadband first", "broadb", got.Type, got.Data.Choices)
	}
	many := callbacks(t, f, "1004", 1)[0]
	if len(many.Data.Choices) != 25 {
		t.Errorf("%d choices for %q, want Discord's maximum of 25", len(many.Data.Choices), "census")
	}
	if c := many.Data.Choices[0]; c.Name != "census" && c.Name != "Digital census" {
		t.Errorf("best choice for %q = %q", "census", c.Name)
	}
}

func TestUnknownTopic(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	// A command registered by an older release, for a topic since removed.
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1005", discordgo.InteractionApplicationCommand, "satellites"))
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1006", discordgo.InteractionApplicationCommand, "ask", option("question", "  ?! ")))

	for _, id := range []string{"1005", "1006"} {
		got := callbacks(t, f, id, 1)[0]
		if got.Type != 4 || got.Data.Flags&64 == 0 {
			t.Errorf("interaction %s: type %d flags %d, want an ephemeral message", id, got.Type, got.Data.Flags)
			continue
		}
		text := embedString(got.Data.Embeds[0])
		if !strings.Contains(text, "/exports") || !strings.Contains(text, "/broadband") {
			t.Errorf("interaction %s offers no topics:\n%s", id, text)
		}
		assertNoMentions(t, got.Data.AllowedMentions)
	}
	if text := embedString(callbacks(t, f, "1005", 1)[0].Data.Embeds[0]); !strings.Contains(text, "I don't know that.") {
		t.Errorf("unknown topic answered:\n%s", text)
	}
	if e := callbacks(t, f, "1006", 1)[0].Data.Embeds[0]; len(e.Fields) != 1 || e.Fields[0].Name != "Did you mean" {
		t.Errorf("empty question has fields %+v, want Did you mean", e.Fields)
	}
}

func TestFactWithEveryoneNeverPings(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1007", discordgo.InteractionApplicationCommand, "notices"))

	got := callbacks(t, f, "1007", 1)[0]
	text := embedString(got.Data.Embeds[0])
	if strings.Contains(text, "@everyone") || strings.Contains(text, " <@&123>") {
		t.Errorf("a mention reached Discord unescaped:\n%s", text)
	}
	if !strings.Contains(text, "@\u200beveryone PTA notice for \\<@&123>") {
		t.Errorf("the fact is not shown:\n%s", text)
	}
	assertNoMentions(t, got.Data.AllowedMentions)
	raw := f.Requests("POST", "/interactions/1007/")[0].Body
	if !bytes.Contains(raw, []byte(`"allowed_mentions":{"parse":[]`)) {
		t.Errorf("raw payload lacks an empty parse list: %s", raw)
	}
}

func TestAnswerOverEmbedLimits(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1008", discordgo.InteractionApplicationCommand, "census"))
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1009", discordgo.InteractionApplicationCommand, "ask", option("question", "census figures")))

	for _, id := range []string{"1008", "1009"} {
		got := callbacks(t, f, id, 1)[0]
		e := got.Data.Embeds[0]
		total := discordLen(e.Title) + discordLen(e.Description)
		for _, fl := range e.Fields {
			total += discordLen(fl.Name) + discordLen(fl.Value)
		}
		if discordLen(e.Description) > 4096 || total > 6000 || len(e.Fields) > 25 {
			t.Errorf("interaction %s: description %d, total %d, %d fields: over the limits", id, discordLen(e.Description), total, len(e.Fields))
		}
		if !strings.Contains(e.Description, "did not fit. Ask a narrower question") {
			t.Errorf("interaction %s: no note on how to ask more narrowly:\n…%s", id, e.Description[max(0, len(e.Description)-300):])
		}
	}
}

func TestRateLimitedCallback(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	r := startAdapter(t, f, newFakeKB())

	t.Run("RetriedWithinTheWindow", func(t *testing.T) {
		f.RateLimit("1010", 1, 0.05)
		f.Dispatch(t, "INTERACTION_CREATE", interaction("1010", discordgo.InteractionApplicationCommand, "5g"))
		callbacks(t, f, "1010", 1)
		if all := f.Requests("POST", "/interactions/1010/"); len(all) != 2 || all[0].Status != 429 {
			t.Errorf("%d callback attempts, want a 429 then one answer", len(all))
		}
	})
	t.Run("DroppedPastTheWindow", func(t *testing.T) {
		f.RateLimit("1011", 1, 30)
		start := time.Now()
		f.Dispatch(t, "INTERACTION_CREATE", interaction("1011", discordgo.InteractionApplicationCommand, "5g"))
		discordtest.WaitFor(t, 5*time.Second, "the drop to be logged", func() bool {
			return strings.Contains(r.logs.String(), "answer dropped") && strings.Contains(r.logs.String(), "interaction=1011")
		})
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("dropping took %v, want it within Discord's 3 s window", d)
		}
		if !strings.Contains(r.logs.String(), "reason=\"rate limited\"") {
			t.Errorf("log does not say why:\n%s", r.logs.String())
		}
		if all := f.Requests("POST", "/interactions/1011/"); len(all) != 1 {
			t.Errorf("%d callback attempts, want the one that was rate limited", len(all))
		}
	})
}

func TestSlowEngineDefers(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	kb := newFakeKB()
	kb.delay = 300 * time.Millisecond
	startAdapter(t, f, kb, WithAnswerBudget(50*time.Millisecond))

	t.Run("EditsTheOriginalResponse", func(t *testing.T) {
		f.Dispatch(t, "INTERACTION_CREATE", interaction("1012", discordgo.InteractionApplicationCommand, "ask", option("question", "broadband subscriptions")))
		if got := callbacks(t, f, "1012", 1)[0]; got.Type != 5 || got.Data.Flags&64 != 0 {
			t.Errorf("first response type %d flags %d, want a public deferred response (5)", got.Type, got.Data.Flags)
		}
		var edits []discordtest.Request
		discordtest.WaitFor(t, 5*time.Second, "the edit", func() bool {
			edits = f.Requests("PATCH", "/webhooks/"+discordtest.AppID+"/tok-1012/messages/@original")
			return len(edits) == 1
		})
		var edit struct {
			Embeds          []embedBody      `json:"embeds"`
			AllowedMentions *allowedMentions `json:"allowed_mentions"`
		}
		if err := json.Unmarshal(edits[0].Body, &edit); err != nil {
			t.Fatal(err)
		}
		if len(edit.Embeds) != 1 || !strings.Contains(edit.Embeds[0].Description, "140 million broadband subscriptions") {
			t.Errorf("edit = %s", edits[0].Body)
		}
		assertNoMentions(t, edit.AllowedMentions)
	})
	t.Run("PrivateReplyFollowsUpEphemerally", func(t *testing.T) {
		f.Dispatch(t, "INTERACTION_CREATE", interaction("1013", discordgo.InteractionApplicationCommand, "ask", option("question", "quantum widgets")))
		callbacks(t, f, "1013", 1)
		var followups []discordtest.Request
		discordtest.WaitFor(t, 5*time.Second, "the follow-up", func() bool {
			followups = f.Requests("POST", "/webhooks/"+discordtest.AppID+"/tok-1013")
			return len(followups) == 1
		})
		if len(f.Requests("DELETE", "/tok-1013/messages/@original")) != 1 {
			t.Error("the public placeholder was not deleted")
		}
		var fu struct {
			Flags int `json:"flags"`
		}
		json.Unmarshal(followups[0].Body, &fu)
		if fu.Flags&64 == 0 || !bytes.Contains(followups[0].Body, []byte("I don't know that.")) {
			t.Errorf("follow-up = %s, want an ephemeral not-found reply", followups[0].Body)
		}
	})
}

func TestMentionAnsweredAsReply(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	f.Dispatch(t, "MESSAGE_CREATE", map[string]any{
		"id": "m1", "channel_id": "c1", "guild_id": "g1", "content": "<@" + discordtest.BotID + "> any news on 5g? @everyone",
		"author":    map[string]any{"id": "42", "username": "ayesha"},
		"mentions":  []any{map[string]any{"id": discordtest.BotID, "username": "pakbot", "bot": true}},
		"timestamp": "2024-05-01T10:00:00+00:00",
	})
	f.Dispatch(t, "MESSAGE_CREATE", map[string]any{
		"id": "m2", "channel_id": "c1", "guild_id": "g1", "content": "just chatting about 5g",
		"author": map[string]any{"id": "42", "username": "ayesha"}, "mentions": []any{}, "timestamp": "2024-05-01T10:00:01+00:00",
	})
	var sent []discordtest.Request
	discordtest.WaitFor(t, 5*time.Second, "the reply", func() bool {
		sent = f.Requests("POST", "/channels/c1/messages")
		return len(sent) >= 1
	})
	var msg struct {
		Embeds           []embedBody      `json:"embeds"`
		AllowedMentions  *allowedMentions `json:"allowed_mentions"`
		MessageReference struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if err := json.Unmarshal(sent[0].Body, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.MessageReference.MessageID != "m1" || len(msg.Embeds) != 1 || !strings.Contains(msg.Embeds[0].Description, "5G spectrum auction") {
		t.Errorf("reply = %s", sent[0].Body)
	}
	assertNoMentions(t, msg.AllowedMentions)
	time.Sleep(200 * time.Millisecond)
	if n := len(f.Requests("POST", "/channels/c1/messages")); n != 1 {
		t.Errorf("%d messages sent, want one: only the mention is answered", n)
	}
}

func TestBurstOf500Interactions(t *testing.T) {
	t.Parallel()
	const n = 500
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	topics := []string{"exports", "broadband", "5g", "notices", "census", "help", "topics", "sources"}

	start := time.Now()
	for i := range n {
		f.Dispatch(t, "INTERACTION_CREATE", interaction(fmt.Sprint(2000+i), discordgo.InteractionApplicationCommand, topics[i%len(topics)]))
	}
	discordtest.WaitFor(t, 60*time.Second, "500 responses", func() bool { return len(f.Requests("POST", "/interactions/")) >= n })
	elapsed := time.Since(start)
	time.Sleep(100 * time.Millisecond)

	perID := map[string]int{}
	for _, r := range f.Requests("POST", "/interactions/") {
		if r.Status >= 300 {
			t.Errorf("%s answered with status %d", r.Path, r.Status)
		}
		perID[strings.Split(r.Path, "/")[4]]++
	}
	for i := range n {
		if id := fmt.Sprint(2000 + i); perID[id] != 1 {
			t.Errorf("interaction %s answered %d times, want exactly once", id, perID[id])
		}
	}
	if len(perID) != n {
		t.Errorf("%d interactions answered, want %d", len(perID), n)
	}
	t.Logf("%d interactions answered in %v (%.0f/s)", n, elapsed, n/elapsed.Seconds())
}

func TestReconnectResumes(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	f.DropConnection()
	discordtest.WaitFor(t, 15*time.Second, "the bot to resume", func() bool { _, resumes, _ := f.Counts(); return resumes == 1 && f.Connected() })

	f.Dispatch(t, "INTERACTION_CREATE", interaction("1014", discordgo.InteractionApplicationCommand, "broadband"))
	if got := callbacks(t, f, "1014", 1)[0]; got.Type != 4 {
		t.Errorf("after resuming, response type %d", got.Type)
	}
	if ids, _, _ := f.Counts(); ids != 1 {
		t.Errorf("%d IDENTIFY, want 1: a resumed session needs no new one", ids)
	}
	if puts := f.Requests("PUT", "/commands"); len(puts) != 1 {
		t.Errorf("%d registrations, want 1", len(puts))
	}
}

func TestTokenStaysOutOfLogsAndErrors(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	// At debug level discordgo logs its IDENTIFY packet, token included.
	startAdapter(t, f, newFakeKB(), WithLibraryLogLevel(discordgo.LogDebug))
	discordtest.WaitFor(t, 5*time.Second, "discordgo's debug log", func() bool { return strings.Contains(libraryLogs.String(), "Identify Packet") })
	if strings.Contains(libraryLogs.String(), testToken) {
		t.Error("the token reached discordgo's log")
	}

	t.Run("ErrorEchoingTheToken", func(t *testing.T) {
		// A misbehaving proxy that echoes the Authorization header.
		proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, `{"message": "no upstream for %s"}`, r.Header.Get("Authorization"))
		}))
		defer proxy.Close()
		a, err := New(testToken, bot.New(newFakeKB()), WithAPIURL(proxy.URL+"/api"))
		if err != nil {
			t.Fatal(err)
		}
		err = a.Run(context.Background())
		if err == nil || strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "[redacted]") {
			t.Errorf("Run error = %v, want it to fail without the token", err)
		}
	})
}

func TestNewRejectsBadConfiguration(t *testing.T) {
	if _, err := New("", bot.New(newFakeKB())); err == nil {
		t.Error("New accepted an empty token")
	}
	_, err := New(testToken, bot.New(newFakeKB()), WithAPIURL("ftp://example.org"))
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("New with an ftp API URL = %v", err)
	}
}

func embedString(e embedBody) string {
	parts := []string{e.Title, e.Description}
	for _, f := range e.Fields {
		parts = append(parts, f.Name, f.Value)
	}
	return strings.Join(parts, "\n")
}

func TestBusyWorkersStillAnswerInTime(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	kb := newFakeKB()
	kb.delay = 200 * time.Millisecond
	// One worker and a one-slot queue: the gateway reader has to wait for
	// room, and each interaction waits for the one before it.
	startAdapter(t, f, kb, WithWorkers(1), WithQueueSize(1), WithAnswerBudget(100*time.Millisecond))
	ids := []string{"3001", "3002", "3003", "3004"}
	for _, id := range ids {
		f.Dispatch(t, "INTERACTION_CREATE", interaction(id, discordgo.InteractionApplicationCommand, "ask", option("question", "how many broadband subscriptions")))
	}
	for _, id := range ids {
		if got := callbacks(t, f, id, 1); len(got) != 1 || got[0].Type != 5 {
			t.Errorf("interaction %s: %d responses, want one deferred response", id, len(got))
		}
		discordtest.WaitFor(t, 5*time.Second, "the edit of "+id, func() bool {
			return len(f.Requests("PATCH", "/tok-"+id+"/messages/@original")) == 1
		})
	}
}

// TestMoreButton pages through a long topic list with the button under
// it, as a member presses it.
func TestMoreButton(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	startAdapter(t, f, newFakeKB())
	f.Dispatch(t, "INTERACTION_CREATE", interaction("1101", discordgo.InteractionApplicationCommand, "census"))
	first := callbacks(t, f, "1101", 1)[0]
	if len(first.Data.Components) != 1 || len(first.Data.Components[0].Components) != 1 {
		t.Fatalf("components = %+v, want one row with one button", first.Data.Components)
	}
	button := first.Data.Components[0].Components[0]
	if first.Data.Components[0].Type != 1 || button.Type != 2 || button.Label != "More" || button.CustomID != "/census 2" {
		t.Fatalf("button = %+v in row type %d, want a More button for /census 2", button, first.Data.Components[0].Type)
	}

	press := interaction("1102", discordgo.InteractionMessageComponent, "")
	press["data"] = map[string]any{"custom_id": button.CustomID, "component_type": 2}
	press["message"] = map[string]any{"id": "m-1101", "channel_id": "c1"}
	f.Dispatch(t, "INTERACTION_CREATE", press)
	next := callbacks(t, f, "1102", 1)[0]
	if next.Type != 4 || len(next.Data.Embeds) != 1 || !strings.Contains(next.Data.Embeds[0].Description, "(page 2 of 5)") {
		t.Fatalf("the button gave type %d: %+v, want a new message with page 2", next.Type, next.Data.Embeds)
	}
	if c := next.Data.Components; len(c) != 1 || c[0].Components[0].CustomID != "/census 3" {
		t.Errorf("page 2 offers %+v, want a More button for /census 3", c)
	}
	assertNoMentions(t, next.Data.AllowedMentions)

	f.Dispatch(t, "INTERACTION_CREATE", interaction("1103", discordgo.InteractionApplicationCommand, "exports"))
	if c := callbacks(t, f, "1103", 1)[0].Data.Components; len(c) != 0 {
		t.Errorf("a short list offers %+v, want no button", c)
	}
}

// TestRejectedToken runs the adapter with a token Discord does not know:
// Run must say so, and where to get a valid one, without Discord's raw
// answer or the token.
func TestRejectedToken(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	const wrong = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.wrongwrongwrongwrongwrongwrongwrong"
	connected := false
	a, err := New(wrong, bot.New(newFakeKB()), WithAPIURL(f.APIURL()), WithOnReady(func() { connected = true }))
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "Discord rejected the bot token") || !strings.Contains(err.Error(), "developer portal") {
		t.Fatalf("Run = %v, want the token rejected", err)
	}
	for _, bad := range []string{"401", "Unauthorized", "{", "wrongwrong"} {
		if strings.Contains(err.Error(), bad) {
			t.Errorf("the error shows %q: %v", bad, err)
		}
	}
	if connected {
		t.Error("the adapter reported itself connected")
	}
}
