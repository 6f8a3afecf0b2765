package knowledge_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// chatEngine returns a function that sends a message to an engine over
// a seeded database read with the built-in lexicon, as pakbot runs, from
// a chat on Telegram, a second after the message before.
func chatEngine(t *testing.T) func(chat, text string) bot.Reply {
	t.Helper()
	db, _ := mustOpenLogged(t)
	engine := bot.New(db, bot.WithReader(db.Reader()))
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	return func(chat, text string) bot.Reply {
		at = at.Add(time.Second)
		return engine.Handle(context.Background(), bot.Request{Platform: bot.Telegram, ChatID: chat, UserID: "1", Text: text, At: at})
	}
}

// A chat says "more" to see more of the last reply: the next page of a
// listing, or the topic of the fact it answered with; chat that asks
// nothing gets a reply that is no decline.
func TestEngineChatMore(t *testing.T) {
	send := chatEngine(t)
	say := func(chat, text string) string { return bot.RenderText(send(chat, text)) }
	if got := say("c1", "more"); !strings.Contains(got, "More of what?") {
		t.Errorf("more, before anything: %q", got)
	}
	if got := say("c1", "/5g"); !strings.Contains(got, "/5g 2 shows the next") {
		t.Fatalf("/5g: %q", got)
	}
	if got := say("c1", "more"); !strings.Contains(got, "5G, newest first (page 2 of 2)") {
		t.Errorf("more after /5g: %q", got)
	}
	if got := say("c1", "next"); !strings.Contains(got, "That was all I have on it.") {
		t.Errorf("next after the last page: %q", got)
	}
	if got := say("c2", "How many software technology parks are there?"); !strings.Contains(got, "43 Software Technology Parks") {
		t.Fatalf("question: %q", got)
	}
	for _, ack := range []string{"ok", "theek hai", "nice"} {
		if got := say("c2", ack); !strings.HasPrefix(got, "👍") {
			t.Errorf("%s: %q", ack, got)
		}
	}
	if got := say("c2", "tell me more"); !strings.Contains(got, "Technology parks, newest first") {
		t.Errorf("tell me more after an answer about tech parks: %q", got)
	}
	if got := say("c2", "allah hafiz"); !strings.HasPrefix(got, "Allah Hafiz!") {
		t.Errorf("allah hafiz: %q", got)
	}
	if got := say("c3", "more"); !strings.Contains(got, "More of what?") {
		t.Errorf("another chat's listing was continued: %q", got)
	}
}

// TestEngineChatBareFollowUp checks that a bare question that names
// nothing ("kitni jobs?") asks of the chat's previous subject when that
// is answered, that one a fact answers only alone is asked alone, and
// that "IT" is not read as a pronoun pointing back; a noun alone ("size?")
// is such a question.
func TestEngineChatBareFollowUp(t *testing.T) {
	send := chatEngine(t)
	say := func(text string) string { return bot.RenderText(send("c1", text)) }
	for _, c := range []struct{ say, want string }{
		{"When will the Karachi IT park be ready?", "2027"},
		{"kitni jobs?", "13,400"},
		{"What were IT exports in November 2024?", "$324 million"},
		{"how many freelancers?", "25,000"},
		{"DigiSkills trained kitne", "600,000"},
		{"who is the IT minister", "Shaza Fatima"},
		// A topic named bare is the subject too.
		{"software technology parks", "newest first"},
		{"kitne log?", "18,000"},
		// A noun alone asks it of the subject before, when a fact
		// there holds it, and anew otherwise.
		{"karachi IT park", "2027"},
		{"size?", "1.12 million square feet"},
		{"jobs?", "13,400"},
		{"IT exports FY24", "3.223"},
		{"freelancers?", "25,000"},
	} {
		if got := say(c.say); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %s", c.say, got, c.want)
		}
	}
}

// TestEngineMonthOfALongerFigure checks that a month asked of a series
// whose figure covers several months ("IT exports in October 2024",
// July to November's total) is not answered with that total as the
// month's, nor a whole year asked for with them, while the period the
// figure covers is.
func TestEngineMonthOfALongerFigure(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeeded(t)
	engine := bot.New(db, bot.WithReader(db.Reader()))
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	ask := func(text string) bot.Reply {
		return engine.Handle(ctx, bot.Request{Platform: bot.Telegram, ChatID: "c1", UserID: "1", Text: text, At: at})
	}
	r := ask("What were ICT remittances in October 2024?")
	if got := bot.RenderText(r); r.Answered || !strings.Contains(got, "I have no figure for October 2024 alone; this one covers July to November 2024.") {
		t.Errorf("a month of a five months' figure: answered %v, %q", r.Answered, got)
	}
	if r := ask("What were ICT remittances in July to November 2024?"); !r.Answered || !strings.Contains(bot.RenderText(r), "1.53") {
		t.Errorf("the five months: answered %v, %q", r.Answered, bot.RenderText(r))
	}
	// Nor is a whole year asked for told by its first five months,
	// though "in FY 2024-25" is, with its period said.
	// Its total asks for all of it too.
	for _, q := range []string{"What were ICT remittances for the full fiscal year 2024-25?", "What were total ICT remittances in FY 2024-25?"} {
		r = ask(q)
		if got := bot.RenderText(r); r.Answered || !strings.Contains(got, "I have no figure for all of FY 2024-25; this one covers July to November 2024.") {
			t.Errorf("%s: a whole year of a five months' figure: answered %v, %q", q, r.Answered, got)
		}
	}
	if r := ask("What were ICT remittances in FY 2024-25?"); !r.Answered {
		t.Errorf("FY 2024-25: declined, %q", bot.RenderText(r))
	}
}
