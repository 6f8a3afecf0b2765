package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/discord/discordtest"
	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/logtest"
	"github.com/pakbot/pakbot/knowledge"
)

// The question log's tests: `pakbot serve` on Telegram and Discord at once,
// on one database file, with the operator's commands run beside it as
// another process would.

// bothServe is `pakbot serve` on both platforms and one database file.
type bothServe struct {
	tg     *tgServe
	dc     *discordServer
	dbPath string
	logs   *logtest.Buffer
}

// startBothServe starts serve with both fakes' tokens and URLs, env and
// args on a fresh database file (or path, when given in env as
// PAKBOT_DB), and waits until both platforms are up.
func startBothServe(t *testing.T, env map[string]string, args ...string) *bothServe {
	t.Helper()
	s := &bothServe{dc: newDiscordServer(t), dbPath: env["PAKBOT_DB"]}
	if s.dbPath == "" {
		s.dbPath = filepath.Join(t.TempDir(), "pakbot.db")
	}
	s.tg = &tgServe{t: t, srv: telegramtest.NewServer(t, testToken), dbPath: s.dbPath}
	all := map[string]string{
		"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": s.tg.srv.URL,
		"DISCORD_BOT_TOKEN": discordTestToken, "DISCORD_API_URL": s.dc.APIURL(), "DISCORD_MODERATOR_ROLES": discordModRole,
	}
	maps.Copy(all, env)
	m, logs := testMain(all)
	s.logs = logs
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, append([]string{"serve", "--db", s.dbPath, "--discord-guild", discordGuild}, args...))
	}()
	var once sync.Once
	t.Cleanup(func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve: %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Error("serve did not stop within 20s")
			}
		})
		if strings.Contains(logs.String(), "SECRET") || strings.Contains(logs.String(), discordTestToken) {
			t.Errorf("a token appears in the logs")
		}
		if t.Failed() {
			t.Logf("serve logs:\n%s", logs)
		}
	})
	s.tg.srv.WaitForCalls(t, "setMyCommands", 1, replyWait)
	waitUntil(t, "the guild's commands to be registered", func() bool { _, ok := s.dc.request(discordRegister); return ok })
	waitUntil(t, "both platforms to serve", func() bool { return strings.Count(logs.String(), "msg=serving") == 2 })
	return s
}

// pakbotAside runs a pakbot command on the same database, as another
// process would while serve runs.
func (s *bothServe) pakbotAside(t *testing.T, args ...string) result {
	t.Helper()
	return runPakbot(t, map[string]string{"PAKBOT_DB": s.dbPath, "USER": "tester"}, "", args...)
}

// missesJSON runs `pakbot misses --json` beside serve.
func (s *bothServe) missesJSON(t *testing.T) []missJSON {
	t.Helper()
	r := s.pakbotAside(t, "misses", "--json")
	if r.err != nil {
		t.Fatalf("pakbot misses --json: %v\n%s", r.err, r.stderr)
	}
	var list []missJSON
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("pakbot misses --json printed %q: %v", r.stdout, err)
	}
	return list
}

// components are the rows of buttons of a Discord message payload.
type components []struct {
	Type       int `json:"type"`
	Components []struct {
		Type     int    `json:"type"`
		Label    string `json:"label"`
		CustomID string `json:"custom_id"`
	} `json:"components"`
}

// button finds the button whose label starts with prefix.
func (c components) button(prefix string) (label, customID string, ok bool) {
	for _, row := range c {
		for _, b := range row.Components {
			if strings.HasPrefix(b.Label, prefix) {
				return b.Label, b.CustomID, true
			}
		}
	}
	return "", "", false
}

// discordResponse waits for the response to interaction id and returns
// its type and the message it carries (for a deferred response, the edit
// or follow-up).
func (s *bothServe) discordResponse(t *testing.T, id string) (typ int, body []byte, rows components) {
	t.Helper()
	callback := "/api/v9/interactions/" + id + "/tok-" + id + "/callback"
	var sent []discordtest.Request
	waitUntil(t, "the response to interaction "+id, func() bool { sent = s.dc.Sent("POST", callback); return len(sent) > 0 })
	var resp struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(sent[0].Body, &resp); err != nil {
		t.Fatal(err)
	}
	body = resp.Data
	if resp.Type == 5 {
		edit, followup := "/api/v9/webhooks/"+discordtest.AppID+"/tok-"+id+"/messages/@original", "/api/v9/webhooks/"+discordtest.AppID+"/tok-"+id
		waitUntil(t, "the deferred answer to "+id, func() bool {
			if r := s.dc.Sent("PATCH", edit); len(r) > 0 {
				body = r[0].Body
			} else if r := s.dc.Sent("POST", followup); len(r) > 0 {
				body = r[0].Body
			}
			return body != nil && resp.Type == 5 && string(body) != string(resp.Data)
		})
	}
	var msg struct {
		Components components `json:"components"`
	}
	json.Unmarshal(body, &msg)
	return resp.Type, body, msg.Components
}

// pressDiscord dispatches who's press of the button with customID under
// message messageID and returns the interaction's id.
func (s *bothServe) pressDiscord(t *testing.T, who discordUser, customID, messageID string, rows components) string {
	t.Helper()
	id := s.dc.Snowflake()
	var list []any
	raw, _ := json.Marshal(rows)
	json.Unmarshal(raw, &list)
	if list == nil {
		list = []any{}
	}
	s.dc.Dispatch(t, "INTERACTION_CREATE", map[string]any{
		"id": id, "application_id": discordtest.AppID, "type": 3, "token": "tok-" + id, "version": 1,
		"guild_id": discordGuild, "channel_id": discordChannel, "locale": "en-US",
		"member": map[string]any{
			"user":  map[string]any{"id": who.ID, "username": who.Name, "discriminator": "0"},
			"roles": who.Roles, "permissions": strconv.FormatInt(who.Permissions, 10), "joined_at": "2024-01-02T03:04:05.000000+00:00",
		},
		"message": map[string]any{"id": messageID, "channel_id": discordChannel, "components": list,
			"author": map[string]any{"id": discordtest.BotID, "username": "pakbot", "bot": true}},
		"data": map[string]any{"custom_id": customID, "component_type": 2},
	})
	return id
}

var (
	sana  = models.User{ID: 5, FirstName: "Sana"}
	omar  = models.User{ID: 6, FirstName: "Omar"}
	hina  = models.User{ID: 7, FirstName: "Hina"}
	techs = telegramtest.Supergroup(-100777, "Tech PK")
)

// TestServeTelegramMissInDiscordMisses: a question declined on Telegram is
// in the /misses of a moderator on Discord, served from one database, and
// the moderator dismisses it with the button under it.
func TestServeTelegramMissInDiscordMisses(t *testing.T) {
	s := startBothServe(t, nil)
	const question = "How many cricket stadiums does Lahore have?"
	if r := s.tg.say(telegramtest.PrivateChat(sana), sana, question); !strings.Contains(r.Plain, "I don't know that") {
		t.Fatalf("%q on Telegram got:\n%s", question, r.Plain)
	}
	// Not addressed to the bot: neither answered nor logged.
	s.tg.srv.PushUpdate(telegramtest.TextUpdate(techs, omar, "what is the population of Karachi, anyone?"))

	id := s.dc.command(t, discordManager, "misses")
	_, body, rows := s.discordResponse(t, id)
	var msg discordMessage
	json.Unmarshal(body, &msg)
	if len(msg.Embeds) != 1 || msg.Flags&64 == 0 || !strings.Contains(msg.Embeds[0].String(), "“"+question+"”: asked once") {
		t.Fatalf("/misses on Discord = %s", body)
	}
	if strings.Contains(string(body), "population of Karachi") {
		t.Errorf("a group message not addressed to the bot was logged:\n%s", body)
	}
	number := regexp.MustCompile(`#(\d+) “` + regexp.QuoteMeta(question)).FindStringSubmatch(msg.Embeds[0].String())
	if number == nil {
		t.Fatalf("no number for the question in /misses:\n%s", msg.Embeds[0])
	}
	label, customID, ok := rows.button("Dismiss #" + number[1])
	if !ok || customID != "/dismiss "+number[1] {
		t.Fatalf("buttons under /misses = %+v, want Dismiss #%s", rows, number[1])
	}

	t.Run("OnlyModeratorsSeeMisses", func(t *testing.T) {
		discordWantPrivate(t, "/misses by a member", s.dc.run(t, discordMember, "misses"), "Only moderators can use /misses")
		if r := s.tg.say(telegramtest.PrivateChat(sana), sana, "/misses"); !strings.Contains(r.Plain, "Only moderators can use /misses") {
			t.Errorf("/misses by a Telegram user:\n%s", r.Plain)
		}
	})
	t.Run("TelegramModeratorMenu", func(t *testing.T) {
		in := func(scope, name string) bool {
			for _, c := range s.tg.srv.Commands(scope) {
				if c.Command == name {
					return true
				}
			}
			return false
		}
		for _, name := range []string{"misses", "stats"} {
			if !in("all_chat_administrators", name) || in("default", name) {
				t.Errorf("/%s: in the administrators' menu %v, in everyone's %v; want only the administrators'", name, in("all_chat_administrators", name), in("default", name))
			}
		}
	})
	t.Run("DismissButton", func(t *testing.T) {
		press := s.pressDiscord(t, discordManager, customID, "m-misses", rows)
		discordWantPrivate(t, "pressing "+label, s.dc.reply(t, press), "Dismissed #"+number[1])
		if list := s.missesJSON(t); len(list) != 0 {
			t.Errorf("after dismissing, pakbot misses --json = %+v", list)
		}
		again := s.pressDiscord(t, discordManager, customID, "m-misses", rows)
		discordWantPrivate(t, "pressing "+label+" again", s.dc.reply(t, again), "already dismissed by bilal")
	})
}

// TestServeVotesOncePerUser: 👎 on Discord (interactions of type 3) and on
// Telegram (callback queries) count once per user, show on the buttons and
// are in the database at once, for pakbot stats in another process.
func TestServeVotesOncePerUser(t *testing.T) {
	s := startBothServe(t, nil)
	const question = "What were Pakistan's IT exports in FY 2023-24?"

	// Discord: two members vote 👎; the first presses it again.
	_, _, rows := s.discordResponse(t, s.dc.command(t, discordMember, "ask", stringOption("question", question)))
	_, down, ok := rows.button("👎")
	if !ok || len(down) > discordtest.MaxCustomID {
		t.Fatalf("buttons under the answer on Discord = %+v", rows)
	}
	for i, step := range []struct {
		who  discordUser
		want string
	}{{discordMember, "👎 1"}, {discordRoleless, "👎 2"}, {discordMember, "👎 1"}} {
		typ, body, after := s.discordResponse(t, s.pressDiscord(t, step.who, down, "m-answer", rows))
		if label, _, _ := after.button("👎"); typ != 7 || label != step.want {
			t.Errorf("press %d by %s: response type %d, 👎 reads %q; want an update to %q: %s", i+1, step.who.Name, typ, label, step.want, body)
		}
		rows = after
	}

	// Telegram: two users vote 👎; one press is delivered twice.
	chat := telegramtest.Supergroup(-100500, "Tech PK")
	s.tg.say(chat, sana, "@PakBot "+question)
	var answer telegramtest.Call
	for _, c := range s.tg.srv.Calls("sendMessage") {
		if c.Sent != nil && c.Sent.ReplyMarkup != nil && c.Fields["chat_id"] == "-100500" {
			answer = c
		}
	}
	if answer.Sent == nil {
		t.Fatal("the answer on Telegram has no keyboard")
	}
	kb := answer.Sent.ReplyMarkup.InlineKeyboard
	tgDown := kb[len(kb)-1][1].CallbackData
	if kb[len(kb)-1][1].Text != "👎" || len(tgDown) > 64 {
		t.Fatalf("keyboard under the answer on Telegram = %+v", kb)
	}
	s.tg.srv.PushUpdate(telegramtest.CallbackUpdate("cb-omar", omar, answer.Sent, tgDown))
	twice := telegramtest.CallbackUpdate("cb-hina", hina, answer.Sent, tgDown)
	twice.ID = s.tg.srv.PushUpdate(twice)
	s.tg.srv.PushUpdate(twice) // Telegram delivers an update again after a timeout
	acks := s.tg.srv.WaitForCalls(t, "answerCallbackQuery", 2, replyWait)
	edits := s.tg.srv.WaitForCalls(t, "editMessageReplyMarkup", 2, replyWait)
	time.Sleep(300 * time.Millisecond)
	if n := len(s.tg.srv.Calls("answerCallbackQuery")); n != 2 {
		t.Errorf("%d presses answered, want 2: the repeated update counts once", n)
	}
	for _, a := range acks {
		if !strings.Contains(a.Fields["text"], "What was wrong") {
			t.Errorf("answerCallbackQuery = %+v", a.Fields)
		}
	}
	var last models.InlineKeyboardMarkup
	edits[len(edits)-1].Decode("reply_markup", &last)
	if got := last.InlineKeyboard[0][1].Text; got != "👎 2" {
		t.Errorf("after two users' 👎 the button reads %q, want 👎 2", got)
	}

	// Another process sees the votes at once.
	r := s.pakbotAside(t, "stats", "--json", "--days", "1")
	var stats map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &stats); err != nil || r.err != nil {
		t.Fatalf("pakbot stats --json: %v %v\n%s", r.err, err, r.stdout)
	}
	if stats["down"] != 3.0 || stats["up"] != 0.0 || stats["days"] != 1.0 || stats["answered"] != 2.0 {
		t.Errorf("pakbot stats --json = %s, want 3 👎 (1 on Discord, 2 on Telegram) on 2 answers", r.stdout)
	}
	if facts, _ := stats["top_facts"].([]any); len(facts) == 0 || facts[0].(map[string]any)["key"] != "it-exports-fy2023-24" {
		t.Errorf("top_facts = %v", stats["top_facts"])
	}
	list := s.missesJSON(t)
	if len(list) != 1 || list[0].Reasons[0] != "downvoted" || list[0].Count != 2 {
		t.Errorf("pakbot misses --json = %+v, want the question downvoted, asked twice", list)
	}

	t.Run("StaleAndForgedArePolitelyRefused", func(t *testing.T) {
		s.tg.srv.PushUpdate(telegramtest.CallbackUpdate("cb-stale", omar, answer.Sent, bot.FeedbackData("00000000deadbeef", bot.ChoiceUp)))
		s.tg.srv.PushUpdate(telegramtest.CallbackUpdate("cb-forged", omar, answer.Sent, "fb:"+strings.Repeat("9", 16)+":sudo"))
		acks := s.tg.srv.WaitForCalls(t, "answerCallbackQuery", 4, replyWait)
		texts := acks[2].Fields["text"] + " | " + acks[3].Fields["text"]
		if !strings.Contains(texts, "too old to vote on") || !strings.Contains(texts, "isn't one of mine") {
			t.Errorf("stale and forged presses answered %q", texts)
		}
		typ, body, _ := s.discordResponse(t, s.pressDiscord(t, discordMember, "fb:0000:up", "m-answer", rows))
		if typ != 4 || !strings.Contains(string(body), "isn't one of mine") || !strings.Contains(string(body), `"flags":64`) {
			t.Errorf("a forged press on Discord got type %d: %s", typ, body)
		}
	})
}

// TestServeAliasAnswersTheNextAsk: a miss attached to a fact from the shell
// is answered when asked again in chat.
func TestServeAliasAnswersTheNextAsk(t *testing.T) {
	s := startBothServe(t, nil)
	const question = "Tell me about TikTok usage in Pakistan"
	if r := s.tg.say(telegramtest.PrivateChat(sana), sana, question); !strings.Contains(r.Plain, "I don't know that") {
		t.Fatalf("%q got:\n%s", question, r.Plain)
	}
	var id int64
	waitUntil(t, "the miss in the log", func() bool {
		for _, m := range s.missesJSON(t) {
			if m.Question == question && slicesEqual(m.Reasons, []string{"declined"}) && m.Count == 1 {
				id = m.ID
			}
		}
		return id != 0
	})

	t.Run("Mistakes", func(t *testing.T) {
		for _, args := range [][]string{{"misses", "alias", "x", "mobile-broadband-penetration"}, {"misses", "dismiss"}, {"misses", "--json", "dismiss", "1"}, {"misses", "undo", "1"}} {
			r := s.pakbotAside(t, args...)
			var ue *usageError
			if !errors.As(r.err, &ue) {
				t.Errorf("pakbot %s = %v, want a usage error", strings.Join(args, " "), r.err)
			}
		}
		if r := s.pakbotAside(t, "misses", "alias", fmt.Sprint(id), "no-such-fact"); r.err == nil || !strings.Contains(r.err.Error(), `no fact has the key "no-such-fact"`) {
			t.Errorf("alias to an unknown fact = %v", r.err)
		}
		if r := s.pakbotAside(t, "misses", "dismiss", "999"); r.err == nil || !strings.Contains(r.err.Error(), "no missed question has the number 999") {
			t.Errorf("dismiss 999 = %v", r.err)
		}
	})

	r := s.pakbotAside(t, "misses", "alias", fmt.Sprint(id), "mobile-broadband-penetration")
	if r.err != nil || !strings.Contains(r.stdout, "the question is answered with it from now on") {
		t.Fatalf("pakbot misses alias: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	if got := s.tg.say(telegramtest.PrivateChat(omar), omar, question); !strings.Contains(got.Plain, "Mobile broadband in Pakistan now reaches a substantial share") {
		t.Errorf("after attaching, %q got:\n%s", question, got.Plain)
	}
	for _, m := range s.missesJSON(t) {
		if m.ID == id {
			t.Errorf("the attached miss is still listed: %+v", m)
		}
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// TestServeLogRetention: entries older than --log-retention days are
// deleted when serve starts; 0 logs nothing.
func TestServeLogRetention(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	db, err := knowledge.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	old := bot.LoggedQuestion{AnswerID: "00000000000000a1", At: time.Now().Add(-40 * 24 * time.Hour), Platform: bot.Telegram, Chat: bot.ChatPrivate,
		UserID: "5", Question: "How many cricket stadiums does Lahore have?", Outcome: bot.LogDeclined}
	recent := old
	recent.AnswerID, recent.At, recent.Question = "00000000000000a2", time.Now().Add(-20*24*time.Hour), "Who invented the telephone?"
	if err := db.LogQuestions(context.Background(), []bot.LoggedQuestion{old, recent}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s := startBothServe(t, map[string]string{"PAKBOT_DB": path}, "--log-retention", "30")
	count := func() int {
		n, _ := strconv.Atoi(s.tg.query(`SELECT COUNT(*) FROM question_log`))
		return n
	}
	waitUntil(t, "the old entry to be deleted", func() bool { return count() == 1 })
	if q := s.tg.query(`SELECT question FROM question_log`); q != recent.Question {
		t.Errorf("kept %q, want the entry of 20 days ago", q)
	}

	t.Run("ZeroLogsNothing", func(t *testing.T) {
		s := startBothServe(t, nil, "--log-retention", "0")
		s.tg.say(telegramtest.PrivateChat(sana), sana, "How many cricket stadiums does Lahore have?")
		time.Sleep(time.Second)
		if n := s.tg.query(`SELECT COUNT(*) FROM question_log`); n != "0" {
			t.Errorf("%s entries logged with --log-retention 0", n)
		}
	})
	t.Run("NegativeIsAMistake", func(t *testing.T) {
		r := runPakbot(t, map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": s.tg.srv.URL}, "", "serve", "--db", ":memory:", "--log-retention", "-1")
		var ue *usageError
		if !errors.As(r.err, &ue) || !strings.Contains(r.err.Error(), "--log-retention") {
			t.Errorf("serve --log-retention -1 = %v, want a usage error naming the flag", r.err)
		}
	})
}

// TestServeDigest: the moderators' chats get a digest of the new misses,
// with buttons to fix them, and nothing when nothing is new.
func TestServeDigest(t *testing.T) {
	const modChat, modChannel = "-100999", "300000000000000009"
	s := startBothServe(t, map[string]string{"TELEGRAM_MODERATOR_CHAT": modChat, "DISCORD_MODERATOR_CHANNEL": modChannel}, "--digest-every", "1s")
	// A chat's first digest covers what is missed after it is first seen.
	waitUntil(t, "the digests to start", func() bool { return s.tg.query(`SELECT COUNT(*) FROM meta WHERE key LIKE 'digest:%'`) == "2" })
	const question = "How many cricket stadiums does Lahore have?"
	s.tg.say(telegramtest.PrivateChat(sana), sana, question)

	var digest telegramtest.Call
	waitUntil(t, "the digest on Telegram", func() bool {
		for _, c := range s.tg.srv.Calls("sendMessage") {
			if c.Fields["chat_id"] == modChat {
				digest = c
				return true
			}
		}
		return false
	})
	if digest.Err != "" || !strings.Contains(digest.Sent.Text, "1 missed question") || !strings.Contains(digest.Sent.Text, question) {
		t.Errorf("digest on Telegram = %+v", digest)
	}
	var keyboard models.InlineKeyboardMarkup
	if err := digest.Decode("reply_markup", &keyboard); err != nil || !strings.HasPrefix(keyboard.InlineKeyboard[0][len(keyboard.InlineKeyboard[0])-1].CallbackData, "/dismiss ") {
		t.Errorf("digest keyboard = %+v (%v)", keyboard, err)
	}
	posts := "/api/v9/channels/" + modChannel + "/messages"
	waitUntil(t, "the digest on Discord", func() bool { return len(s.dc.Sent("POST", posts)) > 0 })
	if body := string(s.dc.Sent("POST", posts)[0].Body); !strings.Contains(body, question) || !strings.Contains(body, `"custom_id":"/dismiss `) || !strings.Contains(body, `"parse":[]`) {
		t.Errorf("digest on Discord = %s", body)
	}

	// Nothing new: nothing more is sent.
	time.Sleep(2500 * time.Millisecond)
	n := 0
	for _, c := range s.tg.srv.Calls("sendMessage") {
		if c.Fields["chat_id"] == modChat {
			n++
		}
	}
	if n != 1 || len(s.dc.Sent("POST", posts)) != 1 {
		t.Errorf("%d digests on Telegram and %d on Discord, want one each: nothing new was missed", n, len(s.dc.Sent("POST", posts)))
	}
}
