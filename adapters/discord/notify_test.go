package discord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/pakbot/pakbot/adapters/discord/discordtest"
	"github.com/pakbot/pakbot/bot"
)

func TestNoticeMessage(t *testing.T) {
	const user = "700000000000000042"
	notice := func(text string) bot.Notice {
		return bot.Notice{Platform: bot.Discord, ChatID: "300000000000000003", UserID: user, Text: text}
	}

	t.Run("OnlyTheUserIsPinged", func(t *testing.T) {
		msg := NoticeMessage(notice("Good news: your suggestion #1 was approved by bilal and is now fact ai-quantum-2025."))
		if want := "<@" + user + "> Good news: your suggestion #1 was approved by bilal and is now fact ai-quantum-2025."; msg.Content != want {
			t.Errorf("content = %q, want %q", msg.Content, want)
		}
		if len(msg.Embeds) != 0 || msg.Reference != nil || msg.TTS {
			t.Errorf("message = %+v, want plain content", msg)
		}
		raw, err := json.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		// Discord reads a missing or null parse list as its defaults, which
		// ping @everyone and roles; users must list the suggester alone.
		if want := `"allowed_mentions":{"parse":[],"users":["` + user + `"],"replied_user":false}`; !strings.Contains(string(raw), want) {
			t.Errorf("payload %s lacks %s", raw, want)
		}
	})

	t.Run("TextIsEscaped", func(t *testing.T) {
		msg := NoticeMessage(notice("Your suggestion #2 was not accepted by *mod*: @everyone and @HERE, see <@123> and <@&456> in <#789>; __really__ ~~no~~ `x` [link](https://evil.example) > quote"))
		for _, bad := range []string{"@everyone", "@HERE", " <@123>", " <@&456>", " <#789>", " *mod*", " __really__", " ~~no~~", " `x`", " [link]"} {
			if strings.Contains(msg.Content, bad) {
				t.Errorf("content keeps %q unescaped: %q", bad, msg.Content)
			}
		}
		for _, want := range []string{"@\u200beveryone", "@\u200bHERE", `\<@123>`, `\<@&456>`, `\<#789>`, `\*mod\*`, `\_\_really\_\_`, `\~\~no\~\~`, "\\`x\\`", `\[link\](https://evil.example)`} {
			if !strings.Contains(msg.Content, want) {
				t.Errorf("content lacks %q: %q", want, msg.Content)
			}
		}
		if !strings.HasPrefix(msg.Content, "<@"+user+"> Your suggestion") {
			t.Errorf("the mention of the user is not first and intact: %q", msg.Content)
		}
		if am := msg.AllowedMentions; am == nil || am.Parse == nil || len(am.Parse) != 0 || len(am.Roles) != 0 || len(am.Users) != 1 || am.Users[0] != user || am.RepliedUser {
			t.Errorf("allowed mentions = %+v, want the user alone", am)
		}
	})

	t.Run("TextMentioningTheUserPingsOnlyOnce", func(t *testing.T) {
		// Even the user's own mention inside the text is escaped: the
		// message mentions them exactly once, at the start.
		msg := NoticeMessage(notice("Thanks <@" + user + ">!"))
		if n := strings.Count(msg.Content, "<@"+user+">"); n != 2 || !strings.Contains(msg.Content, `\<@`+user+">") {
			t.Errorf("content = %q, want one live mention and one escaped", msg.Content)
		}
	})

	t.Run("LongTextIsCutToFit", func(t *testing.T) {
		// A moderator's reason may run to the 6,000 characters of a string
		// option; Discord refuses content over 2,000 with 50035.
		reason := strings.Repeat("The source is about *fixed* broadband. ", 200)
		msg := NoticeMessage(notice("Your suggestion #3 was not accepted by bilal: " + reason))
		if n := discordLen(msg.Content); n > 2000 {
			t.Errorf("content has %d characters, over Discord's 2000", n)
		}
		if !strings.HasPrefix(msg.Content, "<@"+user+"> Your suggestion #3 was not accepted by bilal: The source") || !strings.HasSuffix(msg.Content, "…") {
			t.Errorf("content = %.120q…%q", msg.Content, msg.Content[len(msg.Content)-20:])
		}
		// Cut right after an escaping backslash, the ellipsis must not be
		// what it escapes.
		for pad := range 4 {
			msg := NoticeMessage(notice(strings.Repeat("x", 1970+pad) + strings.Repeat("*", 40)))
			if strings.HasSuffix(msg.Content, "\\…") || discordLen(msg.Content) > 2000 {
				t.Errorf("pad %d: content ends %q (%d characters)", pad, msg.Content[len(msg.Content)-10:], discordLen(msg.Content))
			}
		}
	})
}

func TestNotifyRejectsIncompleteNotice(t *testing.T) {
	a, err := New(testToken, bot.New(newFakeKB()), WithAPIURL("http://127.0.0.1:1/api"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []bot.Notice{
		{Platform: bot.Discord, UserID: "42", Text: "no channel"},
		{Platform: bot.Discord, ChatID: "c1", Text: "no user"},
	} {
		if err := a.Notify(context.Background(), n); err == nil {
			t.Errorf("Notify(%+v) = nil, want an error", n)
		}
	}
}

func TestNotifyPostsInTheChannel(t *testing.T) {
	t.Parallel()
	f := discordtest.NewServer(t, testToken)
	r := startAdapter(t, f, newFakeKB())
	err := r.adapter.Notify(context.Background(), bot.Notice{Platform: bot.Discord, ChatID: "c9", UserID: "42", Text: "Your suggestion #1 was approved."})
	if err != nil {
		t.Fatal(err)
	}
	sent := f.Requests("POST", "/channels/c9/messages")
	if len(sent) != 1 {
		t.Fatalf("%d messages posted in c9, want 1", len(sent))
	}
	var msg discordgo.MessageSend
	if err := json.Unmarshal(sent[0].Body, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Content != "<@42> Your suggestion #1 was approved." || msg.AllowedMentions == nil || len(msg.AllowedMentions.Users) != 1 {
		t.Errorf("posted %s", sent[0].Body)
	}
}
