package main

import (
	"database/sql"
	"maps"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
)

// The moderation tests run `pakbot serve` on a seeded database file in
// t.TempDir(), polling the fake Bot API server, and check both what the
// chat sees and what the database holds.

// replyWait bounds the wait for one reply; generous for a loaded machine.
const replyWait = 30 * time.Second

// moderatedTables are the tables a moderation command may change.
var moderatedTables = []string{"facts", "fact_versions", "sources", "topics", "topic_aliases", "audit", "suggestions"}

// tgServe is `pakbot serve` on a database file, talking to a fake Bot API.
type tgServe struct {
	t      *testing.T
	srv    *telegramtest.Server
	dbPath string
}

// startTelegramServe starts `pakbot serve` with the fake server's token and
// URL plus env, on a fresh database file, and waits until it serves. It is
// stopped, and its logs checked for the token, when the test ends.
func startTelegramServe(t *testing.T, env map[string]string) *tgServe {
	t.Helper()
	s := &tgServe{t: t, srv: telegramtest.NewServer(t, testToken), dbPath: filepath.Join(t.TempDir(), "pakbot.db")}
	all := map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": s.srv.URL}
	maps.Copy(all, env)
	m, logs := testMain(all)
	stop := serve(t, m, "--db", s.dbPath)
	var once sync.Once
	t.Cleanup(func() {
		once.Do(func() {
			if err := stop(); err != nil {
				t.Errorf("serve: %v", err)
			}
		})
		if strings.Contains(logs.String(), "SECRET") {
			t.Errorf("the token appears in the logs:\n%s", logs)
		}
		if t.Failed() {
			t.Logf("serve logs:\n%s", logs)
		}
	})
	// The menu is published after the database is open and seeded and
	// before polling starts.
	s.srv.WaitForCalls(t, "setMyCommands", 1, replyWait)
	return s
}

// reply is what the bot sent back to one message.
type reply struct {
	HTML  string // the text as sent, in parse mode HTML
	Plain string // the text users see
}

// say sends text from a user in chat and returns the bot's reply to it,
// every part joined, after checking that Telegram accepted it as HTML.
func (s *tgServe) say(chat models.Chat, from models.User, text string) reply {
	s.t.Helper()
	u := telegramtest.TextUpdate(chat, from, text)
	s.srv.PushUpdate(u) // fills in u.Message.ID
	deadline := time.Now().Add(replyWait)
	for {
		var r reply
		var parts int
		for _, c := range s.srv.Calls("sendMessage") {
			if c.ReplyTo() != u.Message.ID {
				continue
			}
			if c.Err != "" || c.Fields["parse_mode"] != "HTML" || c.Fields["chat_id"] != strconv.FormatInt(chat.ID, 10) {
				s.t.Fatalf("reply to %q: sendMessage %v failed or went astray: %s", text, c.Fields, c.Err)
			}
			r.HTML += c.Fields["text"]
			r.Plain += c.Sent.Text
			parts++
		}
		if parts > 0 {
			return r
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no reply to %q within %v", text, replyWait)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// counts counts the rows of the tables moderation changes.
func (s *tgServe) counts() map[string]int {
	s.t.Helper()
	return MustCountRows(s.t, s.dbPath, moderatedTables...)
}

// query returns the first column of the first row of a query on the
// database file, read-only.
func (s *tgServe) query(q string, args ...any) string {
	s.t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+s.dbPath+"?mode=ro")
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close()
	var v string
	if err := conn.QueryRow(q, args...).Scan(&v); err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	return v
}

// factVersions returns how many versions fact key has.
func (s *tgServe) factVersions(key string) int {
	s.t.Helper()
	n, _ := strconv.Atoi(s.query(`SELECT COUNT(*) FROM fact_versions v JOIN facts f ON f.id = v.fact_id WHERE f.key = ?`, key))
	return n
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

var (
	modGroup = telegramtest.Supergroup(-1001234567890, "Pakistan Tech")
	// addedKeyRE reads the new fact's key from the /addfact reply.
	addedKeyRE = regexp.MustCompile(`Added fact (\S+) to`)
)

func TestServeTelegramModerationRefusedForMembers(t *testing.T) {
	s := startTelegramServe(t, nil)
	member := models.User{ID: 101, FirstName: "Zara"}
	s.srv.SetChatMember(modGroup.ID, member.ID, models.ChatMemberTypeMember)
	key := s.query(`SELECT key FROM facts ORDER BY id LIMIT 1`)
	text := s.query(`SELECT v.text FROM facts f JOIN fact_versions v ON v.fact_id = f.id AND v.version = f.current_version WHERE f.key = ?`, key)
	before := s.counts()

	for _, tt := range []struct {
		name, text, command string
	}{
		{"AddFact", "/addfact startups | In 2025, Pakistan's Karachi quantum lab trained 314 qubit engineers. | https://example.pk/quantum 2025", "/addfact"},
		{"AddFactAddressed", "/addfact@PakBot new:quantum | In 2025, Pakistan's Karachi quantum lab trained 314 qubit engineers. | https://example.pk/quantum", "/addfact"},
		{"RemoveFact", "/removefact " + key, "/removefact"},
		{"EditFact", "/editfact " + key + " | In 2025, somebody rewrote this fact to say something else entirely.", "/editfact"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.say(modGroup, member, tt.text)
			if want := "Only moderators can use " + tt.command + "."; !strings.Contains(r.HTML, want) {
				t.Errorf("reply %q, want the refusal %q", r.HTML, want)
			}
			if strings.Contains(r.HTML, "Added fact") || strings.Contains(r.HTML, "Removed") || strings.Contains(r.HTML, "Saved version") {
				t.Errorf("reply %q reports a change", r.HTML)
			}
		})
	}

	lookups := s.srv.Calls("getChatMember")
	if len(lookups) != 1 || lookups[0].Fields["chat_id"] != strconv.FormatInt(modGroup.ID, 10) || lookups[0].Fields["user_id"] != "101" {
		t.Errorf("getChatMember calls %v, want one lookup of user 101 in the group, then the cached answer", lookups)
	}
	if after := s.counts(); !maps.Equal(after, before) {
		t.Errorf("refused commands changed the database: rows before %v, after %v", before, after)
	}
	if n := s.factVersions(key); n != 1 {
		t.Errorf("fact %s has %d versions, want 1", key, n)
	}
	if got := s.query(`SELECT v.text FROM facts f JOIN fact_versions v ON v.fact_id = f.id AND v.version = f.current_version WHERE f.key = ?`, key); got != text {
		t.Errorf("fact %s now says %q, want %q", key, got, text)
	}
}

func TestServeTelegramAdministratorsCurate(t *testing.T) {
	s := startTelegramServe(t, nil)
	admin := models.User{ID: 201, FirstName: "Ayesha", LastName: "Khan"}
	creator := models.User{ID: 202, FirstName: "Kamran"}
	asker := models.User{ID: 301, FirstName: "Sana"}
	s.srv.SetChatMember(modGroup.ID, admin.ID, models.ChatMemberTypeAdministrator)
	s.srv.SetChatMember(modGroup.ID, creator.ID, models.ChatMemberTypeOwner)
	private := telegramtest.PrivateChat(asker)
	const (
		question = "How many qubit engineers did the Karachi quantum lab train?"
		// The source URL has a query string: its "&" must be escaped in href.
		sourceHref = `<a href="https://example.pk/quantum-report?a=1&amp;b=2">`
		firstText  = "In 2025, Pakistan's Karachi quantum lab trained 314 qubit engineers."
		editedText = "In 2025, Pakistan's Karachi quantum lab trained 320 qubit engineers."
	)
	before := s.counts()
	var key string

	t.Run("AdministratorAdds", func(t *testing.T) {
		r := s.say(modGroup, admin, "/addfact startups | "+firstText+" | https://example.pk/quantum-report?a=1&b=2 Quantum <report> | 2025")
		m := addedKeyRE.FindStringSubmatch(r.Plain)
		if m == nil {
			t.Fatalf("reply %q, want the fact added", r.HTML)
		}
		key = m[1]
		if !containsAll(r.HTML, firstText, sourceHref, "Added by Ayesha Khan") {
			t.Errorf("reply %q, want the fact card with its cited source and author", r.HTML)
		}
		after := s.counts()
		if after["facts"] != before["facts"]+1 || after["fact_versions"] != before["fact_versions"]+1 || after["sources"] != before["sources"]+1 {
			t.Errorf("rows before %v, after %v: want one more fact, version and source", before, after)
		}
		if by := s.query(`SELECT created_by FROM facts WHERE key = ?`, key); by != "Ayesha Khan" {
			t.Errorf("fact created by %q, want Ayesha Khan", by)
		}
	})
	if key == "" {
		t.FailNow()
	}
	t.Run("AnyoneGetsItInPrivate", func(t *testing.T) {
		r := s.say(private, asker, question)
		if !containsAll(r.HTML, firstText, sourceHref, "Quantum &lt;report&gt;", "Added by Ayesha Khan on ") {
			t.Errorf("answer %q, want the new fact with a link to the moderator's source and who added it", r.HTML)
		}
	})
	t.Run("CreatorEdits", func(t *testing.T) {
		r := s.say(modGroup, creator, "/editfact "+key+" | "+editedText)
		if !containsAll(r.Plain, "Saved version 2 of "+key, editedText) {
			t.Errorf("reply %q, want version 2 saved", r.Plain)
		}
		if n := s.factVersions(key); n != 2 {
			t.Errorf("%d versions in the database, want 2", n)
		}
	})
	t.Run("HistoryShowsBothVersions", func(t *testing.T) {
		r := s.say(modGroup, admin, "/history "+key)
		if !containsAll(r.Plain, "History of "+key+" (2 versions)",
			"v1, ", "add by Ayesha Khan on telegram: “"+firstText+"”",
			"v2, ", "edit by Kamran on telegram: text “"+firstText+"” became “"+editedText+"”") {
			t.Errorf("history %q, want both versions with their authors", r.Plain)
		}
	})
	t.Run("AnswerHasTheNewText", func(t *testing.T) {
		r := s.say(private, asker, question)
		if !containsAll(r.HTML, editedText, sourceHref) || strings.Contains(r.HTML, "314") {
			t.Errorf("answer %q, want the edited fact only", r.HTML)
		}
	})
	t.Run("RemovedIsNotAnswered", func(t *testing.T) {
		r := s.say(modGroup, admin, "/removefact "+key)
		if !strings.Contains(r.Plain, "Removed "+key+" from answers (version 3)") {
			t.Errorf("reply %q, want the fact removed", r.Plain)
		}
		r = s.say(private, asker, question)
		if strings.Contains(r.HTML, "qubit") || strings.Contains(r.HTML, "example.pk") {
			t.Errorf("answer %q still uses the removed fact", r.HTML)
		}
	})
	t.Run("RestoredIsAnsweredAgain", func(t *testing.T) {
		r := s.say(modGroup, admin, "/restorefact "+key)
		if !strings.Contains(r.Plain, "Restored "+key+" (version 4)") {
			t.Errorf("reply %q, want the fact restored", r.Plain)
		}
		r = s.say(private, asker, question)
		if !containsAll(r.HTML, editedText, sourceHref, "Added by Ayesha Khan on ") {
			t.Errorf("answer %q, want the restored fact", r.HTML)
		}
	})
	if n := s.factVersions(key); n != 4 {
		t.Errorf("fact %s has %d versions, want 4 (add, edit, remove, restore)", key, n)
	}
	// One lookup per moderator, then the cached answers.
	if n := len(s.srv.Calls("getChatMember")); n != 2 {
		t.Errorf("%d getChatMember calls, want 2", n)
	}
}

func TestServeTelegramModeratorsFromEnvironment(t *testing.T) {
	listed := models.User{ID: 401, FirstName: "Listed"}
	unlisted := models.User{ID: 402, FirstName: "Unlisted"}
	groupAdmin := models.User{ID: 403, FirstName: "GroupAdmin"}
	s := startTelegramServe(t, map[string]string{"TELEGRAM_MODERATORS": "999, 401"})
	s.srv.SetChatMember(modGroup.ID, groupAdmin.ID, models.ChatMemberTypeAdministrator)
	key := s.query(`SELECT key FROM facts ORDER BY id LIMIT 1`)
	const newFact = "In 2025, Pakistan's Quetta data centre hosted 57 cloud startups."

	for _, tt := range []struct {
		name    string
		from    models.User
		text    string
		want    string
		changes bool
	}{
		{"UnlistedCannotAdd", unlisted, "/addfact startups | " + newFact + " | https://example.pk/dc", "Only moderators can use /addfact.", false},
		{"UnlistedCannotRemove", unlisted, "/removefact " + key, "Only moderators can use /removefact.", false},
		{"UnlistedCannotReview", unlisted, "/review", "Only moderators can use /review.", false},
		{"GroupAdminIsNotModeratorInPrivate", groupAdmin, "/removefact " + key, "Only moderators can use /removefact.", false},
		{"ListedAdds", listed, "/addfact startups | " + newFact + " | https://example.pk/dc", "Added fact startups-", true},
		{"ListedRemoves", listed, "/removefact " + key, "Removed " + key + " from answers", true},
		{"ListedReviews", listed, "/review", "No suggestions are waiting for review.", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := s.counts()
			r := s.say(telegramtest.PrivateChat(tt.from), tt.from, tt.text)
			if !strings.Contains(r.Plain, tt.want) {
				t.Errorf("reply %q, want %q", r.Plain, tt.want)
			}
			if after := s.counts(); maps.Equal(before, after) == tt.changes {
				t.Errorf("rows before %v, after %v; want a change: %v", before, after, tt.changes)
			}
		})
	}
	if calls := s.srv.Calls("getChatMember"); len(calls) != 0 {
		t.Errorf("private chats made %d getChatMember calls, want none", len(calls))
	}
}

func TestServeTelegramSuggestionNotices(t *testing.T) {
	s := startTelegramServe(t, nil)
	suggester := models.User{ID: 501, FirstName: "Bilal"}
	// The name is quoted in the notice: it must arrive escaped, its
	// mention defused.
	admin := models.User{ID: 502, FirstName: "Ayesha <Admin>", LastName: "& @team"}
	s.srv.SetChatMember(modGroup.ID, admin.ID, models.ChatMemberTypeAdministrator)
	chatID := strconv.FormatInt(modGroup.ID, 10)

	// notices returns the messages sent to chat that reply to nothing.
	notices := func(chat string) []telegramtest.Call {
		var out []telegramtest.Call
		for _, c := range s.srv.Calls("sendMessage") {
			if c.Fields["chat_id"] == chat && c.ReplyTo() == 0 {
				out = append(out, c)
			}
		}
		return out
	}
	waitNotices := func(chat string, n int) []telegramtest.Call {
		t.Helper()
		deadline := time.Now().Add(replyWait)
		for len(notices(chat)) < n {
			if time.Now().After(deadline) {
				t.Fatalf("%d notices to chat %s after %v, want %d", len(notices(chat)), chat, replyWait, n)
			}
			time.Sleep(5 * time.Millisecond)
		}
		return notices(chat)
	}

	t.Run("ApprovalNoticeInTheGroup", func(t *testing.T) {
		r := s.say(modGroup, suggester, "/suggest In 2025, Pakistan's Lahore robotics hub trained 271 drone pilots. | https://example.pk/robotics")
		if !strings.Contains(r.Plain, "Your suggestion is number 1") {
			t.Fatalf("reply %q, want the suggestion saved", r.Plain)
		}
		if r := s.say(modGroup, admin, "/review"); !strings.Contains(r.Plain, "#1 from Bilal") {
			t.Errorf("review %q, want suggestion #1 from Bilal", r.Plain)
		}
		r = s.say(modGroup, admin, "/approve 1")
		if !strings.Contains(r.Plain, "Approved suggestion #1 from Bilal as fact ") {
			t.Fatalf("reply %q, want the suggestion approved", r.Plain)
		}
		// The engine notifies before it replies, so the notice is there.
		got := notices(chatID)
		if len(got) != 1 {
			t.Fatalf("%d notices in the group, want 1: %v", len(got), got)
		}
		c := got[0]
		wantHTML := "Good news, Bilal: your suggestion #1 was approved by Ayesha &lt;Admin&gt; &amp; @\u2060team and is now fact "
		if c.Err != "" || c.Fields["parse_mode"] != "HTML" || !strings.HasPrefix(c.Fields["text"], wantHTML) {
			t.Errorf("notice %q (parse mode %q, error %q), want it to start %q", c.Fields["text"], c.Fields["parse_mode"], c.Err, wantHTML)
		}
		if c.Sent != nil && len(c.Sent.Entities) != 0 {
			t.Errorf("the notice has entities %v; the name's @team must not mention anyone", c.Sent.Entities)
		}
		if st := s.query(`SELECT status || ' ' || decided_by FROM suggestions WHERE id = 1`); st != "approved Ayesha <Admin> & @team" {
			t.Errorf("suggestion 1 is %q", st)
		}
		// Delivered notices are not repeated with the next reply.
		if r := s.say(modGroup, suggester, "/topics"); strings.Contains(r.Plain, "Good news") {
			t.Errorf("the delivered notice was repeated: %q", r.Plain)
		}
	})

	t.Run("RejectionNoticeInPrivate", func(t *testing.T) {
		private := telegramtest.PrivateChat(suggester)
		r := s.say(private, suggester, "/suggest In 2025, Pakistan's Multan hackathon drew 9,000 coders. | https://example.pk/hackathon")
		if !strings.Contains(r.Plain, "Your suggestion is number 2") {
			t.Fatalf("reply %q, want the suggestion saved", r.Plain)
		}
		if r := s.say(modGroup, admin, "/reject 2 | The source says <900> & not 9,000."); !strings.Contains(r.Plain, "Rejected suggestion #2 from Bilal") {
			t.Fatalf("reply %q, want the suggestion rejected", r.Plain)
		}
		got := waitNotices(strconv.FormatInt(private.ID, 10), 1)
		want := "Bilal, your suggestion #2 was not accepted by Ayesha &lt;Admin&gt; &amp; @\u2060team: The source says &lt;900&gt; &amp; not 9,000."
		if c := got[0]; c.Err != "" || c.Fields["text"] != want {
			t.Errorf("notice %q (error %q), want %q", c.Fields["text"], c.Err, want)
		}
	})

	t.Run("UndeliveredNoticeComesWithTheNextReply", func(t *testing.T) {
		private := telegramtest.PrivateChat(suggester)
		r := s.say(private, suggester, "/suggest In 2025, Pakistan's Sukkur incubator graduated 44 fintech teams. | https://example.pk/sukkur")
		if !strings.Contains(r.Plain, "Your suggestion is number 3") {
			t.Fatalf("reply %q, want the suggestion saved", r.Plain)
		}
		s.srv.FailNext("sendMessage", 403, "Forbidden: bot was blocked by the user", 0)
		if r := s.say(modGroup, admin, "/reject 3 | Not in the source."); !strings.Contains(r.Plain, "Rejected suggestion #3") {
			t.Fatalf("reply %q, want the suggestion rejected", r.Plain)
		}
		r = s.say(private, suggester, "/topics")
		notice := strings.Index(r.Plain, "Bilal, your suggestion #3 was not accepted by Ayesha <Admin> & @\u2060team: Not in the source.")
		if list := strings.Index(r.Plain, "Topics I know about"); notice < 0 || list < 0 || notice < list {
			t.Errorf("next reply %q, want the topics followed by the notice that could not be sent before", r.Plain)
		}
		if r := s.say(private, suggester, "/topics"); strings.Contains(r.Plain, "Your suggestion") {
			t.Errorf("the notice was shown twice: %q", r.Plain)
		}
	})
}

// Inline queries arrive as the user types, one per keystroke, and only
// ever offer facts: they must not run commands or use up notices.
func TestServeTelegramInlineQueriesChangeNothing(t *testing.T) {
	s := startTelegramServe(t, map[string]string{"TELEGRAM_MODERATORS": "601"})
	typist := models.User{ID: 601, FirstName: "Typist"}
	suggester := models.User{ID: 602, FirstName: "Bilal"}
	before := s.counts()

	// Every prefix of a /suggest with a valid URL would be a new
	// suggestion if it were run.
	typed := "/suggest In 2025, Pakistan's Gwadar port logged 88 tech imports. | https://example.pk/gwadar"
	var queries []string
	for n := len("/suggest In 2025, Pakistan's Gwadar port logged 88 tech imports. | https://example.pk/g"); n <= len(typed); n++ {
		queries = append(queries, typed[:n])
	}
	queries = append(queries, "/addfact startups | In 2025, Pakistan's Gwadar port logged 88 tech imports. | https://example.pk/gwadar",
		"/removefact "+s.query(`SELECT key FROM facts ORDER BY id LIMIT 1`))
	for i, q := range queries {
		s.srv.PushUpdate(telegramtest.InlineUpdate(strconv.Itoa(i+1), typist, q))
	}
	calls := s.srv.WaitForCalls(t, "answerInlineQuery", len(queries), replyWait)
	for _, c := range calls {
		if c.Err != "" {
			t.Errorf("answerInlineQuery %s failed: %s", c.Fields["inline_query_id"], c.Err)
		}
	}
	if after := s.counts(); !maps.Equal(before, after) {
		t.Errorf("inline queries changed the database: rows before %v, after %v", before, after)
	}

	t.Run("NoticeWaitsForAMessage", func(t *testing.T) {
		admin := models.User{ID: 603, FirstName: "Ayesha"}
		s.srv.SetChatMember(modGroup.ID, admin.ID, models.ChatMemberTypeAdministrator)
		private := telegramtest.PrivateChat(suggester)
		if r := s.say(private, suggester, "/suggest In 2025, Pakistan's Sialkot makers built 61 sports sensors. | https://example.pk/sialkot"); !strings.Contains(r.Plain, "Your suggestion is number") {
			t.Fatalf("reply %q, want the suggestion saved", r.Plain)
		}
		id := s.query(`SELECT MAX(id) FROM suggestions`)
		s.srv.FailNext("sendMessage", 403, "Forbidden: bot was blocked by the user", 0)
		if r := s.say(modGroup, admin, "/reject "+id+" | Not in the source."); !strings.Contains(r.Plain, "Rejected suggestion #"+id) {
			t.Fatalf("reply %q, want the suggestion rejected", r.Plain)
		}
		n := len(s.srv.Calls("answerInlineQuery"))
		s.srv.PushUpdate(telegramtest.InlineUpdate("after-reject", suggester, "broadband subscribers"))
		s.srv.WaitForCalls(t, "answerInlineQuery", n+1, replyWait)
		r := s.say(private, suggester, "/help")
		if !strings.Contains(r.Plain, "Bilal, your suggestion #"+id+" was not accepted by Ayesha: Not in the source.") {
			t.Errorf("reply %q, want the notice an inline query must not have used up", r.Plain)
		}
	})
}

// TestServeTelegramNewerFigurePath is the path a moderator cares about, on
// Telegram with the shell beside it: add a newer figure, see it lead at
// once here and in another process, edit its period, read every version in
// the history, then export, import into a fresh database and find the
// same history and the same answer.
func TestServeTelegramNewerFigurePath(t *testing.T) {
	mod := models.User{ID: 701, FirstName: "Moderator"}
	reader := models.User{ID: 702, FirstName: "Reader"}
	s := startTelegramServe(t, map[string]string{"TELEGRAM_MODERATORS": "701"})
	env := map[string]string{"PAKBOT_DB": s.dbPath}

	added := s.say(telegramtest.PrivateChat(mod), mod,
		"/addfact exports | In FY 2024-25, Pakistan's IT exports reached $3.8 billion. | https://example.com/pseb PSEB report | FY 2024-25")
	if !strings.Contains(added.Plain, "It joins IT exports: now the newest of 3 periods (series it-exports-annual).") {
		t.Fatalf("the add reply does not say where the fact stands:\n%s", added.Plain)
	}
	key := regexp.MustCompile(`Added fact (\S+) to exports`).FindStringSubmatch(added.Plain)[1]

	for _, q := range []string{"exports?", "What is the latest on IT exports?"} {
		if r := s.say(telegramtest.PrivateChat(reader), reader, q); !strings.HasPrefix(r.Plain, "In FY 2024-25, Pakistan's IT exports reached $3.8 billion.") {
			t.Errorf("%q on Telegram:\n%s", q, r.Plain)
		}
	}
	if out := MustRunPakbot(t, env, "", "ask", "exports?").stdout; !strings.HasPrefix(out, "In FY 2024-25, Pakistan's IT exports reached $3.8 billion.") {
		t.Errorf("exports? in another process:\n%s", out)
	}

	edited := s.say(telegramtest.PrivateChat(mod), mod, "/editfact "+key+" | period: July 2024 to June 2025")
	if !strings.Contains(edited.Plain, "Saved version 2 of "+key) {
		t.Fatalf("edit reply:\n%s", edited.Plain)
	}
	history := s.say(telegramtest.PrivateChat(mod), mod, "/history "+key).Plain
	if !containsAll(history, "(2 versions)", "v1, ", "add by Moderator on telegram", "v2, ", `period "FY 2024-25" became "July 2024 to June 2025"`) {
		t.Errorf("history:\n%s", history)
	}

	export := MustRunPakbot(t, env, "", "facts", "export").stdout
	fresh := map[string]string{"PAKBOT_DB": filepath.Join(t.TempDir(), "restored.db")}
	MustRunPakbot(t, fresh, export, "facts", "import", "-")
	if a, b := MustRunPakbot(t, env, "", "facts", "history", key).stdout, MustRunPakbot(t, fresh, "", "facts", "history", key).stdout; a != b {
		t.Errorf("history after export and import:\n%s\nwant:\n%s", b, a)
	}
	if a, b := MustRunPakbot(t, env, "", "ask", "exports?").stdout, MustRunPakbot(t, fresh, "", "ask", "exports?").stdout; a != b {
		t.Errorf("answer after export and import:\n%s\nwant:\n%s", b, a)
	}
}
