package knowledge_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/questionlog"
)

// The engine and the store together: questions logged through the queue,
// votes, /misses and its one-step fixes, /stats and the digest.

// loggingEngine returns an engine over a seeded database that logs every
// question through a queue writing each second.
func loggingEngine(t *testing.T, opts ...bot.Option) (*bot.Engine, *questionlog.Queue) {
	db, _ := mustOpenLogged(t)
	q := questionlog.New(db, questionlog.WithInterval(time.Second))
	t.Cleanup(func() { q.Close() })
	return bot.New(db, append([]bot.Option{bot.WithReader(db.Reader()), bot.WithQuestionLog(q)}, opts...)...), q
}

var (
	asker     = bot.Request{Platform: bot.Telegram, ChatID: "5", UserID: "5", UserName: "Sana", Chat: bot.ChatPrivate}
	moderator = bot.Request{Platform: bot.Discord, ChatID: "c1", UserID: "99", UserName: "bilal", Chat: bot.ChatGroup, Moderator: true}
)

func say(e *bot.Engine, req bot.Request, text string) bot.Reply {
	req.Text = text
	return e.Handle(context.Background(), req)
}

func TestFeedbackThroughTheEngine(t *testing.T) {
	observer := &countingObserver{}
	e, _ := loggingEngine(t, bot.WithObserver(observer))
	ctx := context.Background()
	answer := say(e, asker, "What were Pakistan's IT exports in FY 2023-24?")
	if !answer.Answered || len(answer.Buttons) != 1 {
		t.Fatalf("answer = %+v", answer)
	}
	down := answer.Buttons[0][1].Data

	// Pressed before the queue has written the answer: the vote waits
	// for it rather than calling it too old.
	r := e.Feedback(ctx, bot.Press{Platform: bot.Telegram, UserID: "5", Data: down})
	if r.Votes == nil || r.Votes[1].Label != "👎 1" || len(r.Reasons) != 3 || !strings.Contains(r.Text, "What was wrong") {
		t.Fatalf("first 👎 = %+v", r)
	}
	r = e.Feedback(ctx, bot.Press{Platform: bot.Telegram, UserID: "6", Data: down})
	if r.Votes[1].Label != "👎 2" {
		t.Errorf("a second user's 👎 = %+v", r.Votes)
	}
	r = e.Feedback(ctx, bot.Press{Platform: bot.Telegram, UserID: "5", Data: r.Reasons[1].Data})
	if !r.Reason || r.Votes[1].Label != "👎 2" || !strings.Contains(r.Text, "outdated") {
		t.Errorf("a reason = %+v", r)
	}
	r = e.Feedback(ctx, bot.Press{Platform: bot.Telegram, UserID: "6", Data: down})
	if r.Votes[1].Label != "👎 1" || !strings.Contains(r.Text, "taken back") {
		t.Errorf("the same 👎 again = %+v", r)
	}

	t.Run("ForgedAndStale", func(t *testing.T) {
		for _, data := range []string{"fb:not-an-answer:up", "fb:" + answer.AnswerID + ":maybe", "hello"} {
			if r := e.Feedback(ctx, bot.Press{Platform: bot.Telegram, UserID: "5", Data: data}); r.Votes != nil || !strings.Contains(r.Text, "isn't one of mine") {
				t.Errorf("forged %q = %+v", data, r)
			}
		}
		stale := bot.FeedbackData("00000000deadbeef", bot.ChoiceUp)
		if r := e.Feedback(ctx, bot.Press{Platform: bot.Telegram, UserID: "5", Data: stale}); r.Votes != nil || !strings.Contains(r.Text, "too old") {
			t.Errorf("stale = %+v", r)
		}
	})
	t.Run("ShownInMisses", func(t *testing.T) {
		r := say(e, moderator, "/misses")
		text := bot.RenderText(r)
		if !strings.Contains(text, "What were Pakistan's IT exports in FY 2023-24?") || !strings.Contains(text, "1 👎 on it-exports-fy2023-24 (outdated)") {
			t.Errorf("/misses:\n%s", text)
		}
	})
	t.Run("CountedForMetrics", func(t *testing.T) {
		up := answer.Buttons[0][0].Data
		e.Feedback(ctx, bot.Press{Platform: bot.Discord, UserID: "7", Data: up})
		e.Feedback(ctx, bot.Press{Platform: bot.Discord, UserID: "7", Data: down})
		// Two first 👎, a reason and a 👎 taken back, then a 👍 changed
		// to 👎: four votes given.
		want := []string{"telegram down", "telegram down", "discord up", "discord down"}
		observer.mu.Lock()
		defer observer.mu.Unlock()
		if !slices.Equal(observer.votes, want) {
			t.Errorf("votes reported = %v, want %v", observer.votes, want)
		}
	})
}

var missNumber = regexp.MustCompile(`#(\d+) “`)

func TestMissesFixedInOneStep(t *testing.T) {
	observer := &countingObserver{}
	e, q := loggingEngine(t, bot.WithObserver(observer))
	ctx := context.Background()
	const tiktok = "Tell me about TikTok usage in Pakistan"
	for i, text := range []string{tiktok, "tell me about  TikTok usage in Pakistan", "How many cricket stadiums does Lahore have?", "What is the capital of France?"} {
		req := asker
		req.UserID = string(rune('a' + i))
		if r := say(e, req, text); r.Answered {
			t.Fatalf("%q answered:\n%s", text, bot.RenderText(r))
		}
	}
	if err := q.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	t.Run("OnlyForModerators", func(t *testing.T) {
		for _, cmd := range []string{"/misses", "/stats", "/dismiss 1", "/attach 1 it-exports-fy2023-24"} {
			if r := say(e, asker, cmd); r.Kind != bot.KindRefused || !strings.Contains(bot.RenderText(r), "Only moderators") {
				t.Errorf("%s by a user: %s", cmd, bot.RenderText(r))
			}
		}
	})

	list := say(e, moderator, "/misses")
	text := bot.RenderText(list)
	if !list.Private || !strings.Contains(text, "asked 2 times") || !strings.Contains(text, "cricket") {
		t.Fatalf("/misses:\n%s", text)
	}
	ids := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if m := missNumber.FindStringSubmatch(line); m != nil {
			switch {
			case strings.Contains(strings.ToLower(line), "tiktok"):
				ids["tiktok"] = m[1]
			case strings.Contains(line, "cricket"):
				ids["cricket"] = m[1]
			}
		}
	}
	if ids["tiktok"] == "" || ids["cricket"] == "" {
		t.Fatalf("no numbers in /misses:\n%s", text)
	}
	for _, row := range list.Buttons {
		for _, b := range row {
			if len(b.Data) > bot.MaxButtonData || !strings.HasPrefix(b.Data, "/") {
				t.Errorf("button %+v", b)
			}
		}
	}

	t.Run("Attach", func(t *testing.T) {
		r := say(e, moderator, "/attach "+ids["tiktok"]+" mobile-broadband-penetration")
		if !strings.Contains(bot.RenderText(r), "answered with it from now on") {
			t.Errorf("/attach:\n%s", bot.RenderText(r))
		}
		if r := say(e, asker, tiktok); !r.Answered || r.Facts[0].Key != "mobile-broadband-penetration" {
			t.Errorf("after /attach, %q:\n%s", tiktok, bot.RenderText(r))
		}
		again := say(e, moderator, "/attach "+ids["tiktok"]+" mobile-broadband-penetration")
		if !strings.Contains(bot.RenderText(again), "already attached to mobile-broadband-penetration by bilal") {
			t.Errorf("a second /attach:\n%s", bot.RenderText(again))
		}
	})
	t.Run("Dismiss", func(t *testing.T) {
		r := say(e, moderator, "/dismiss #"+ids["cricket"])
		if !strings.Contains(bot.RenderText(r), "Dismissed #"+ids["cricket"]) {
			t.Errorf("/dismiss:\n%s", bot.RenderText(r))
		}
		if strings.Contains(bot.RenderText(say(e, moderator, "/misses")), "cricket") {
			t.Error("a dismissed question is still listed")
		}
		if r := say(e, moderator, "/dismiss 999"); !strings.Contains(bot.RenderText(r), "no missed question #999") {
			t.Errorf("/dismiss 999:\n%s", bot.RenderText(r))
		}
	})
	t.Run("AddAFact", func(t *testing.T) {
		m := missNumber.FindStringSubmatch(bot.RenderText(say(e, moderator, "/misses")))
		if m == nil {
			t.Fatal("nothing left in /misses")
		}
		r := say(e, moderator, "/missfact "+m[1]+" new:geography | As of 2024, the capital of France was Paris, home to several Pakistani IT firms' European offices. | https://example.com/paris")
		if !strings.Contains(bot.RenderText(r), "Added fact geography-") {
			t.Fatalf("/missfact:\n%s", bot.RenderText(r))
		}
		if r := say(e, asker, "What is the capital of France?"); !r.Answered || !strings.Contains(r.Facts[0].Text, "Paris") {
			t.Errorf("after /missfact:\n%s", bot.RenderText(r))
		}
	})
	t.Run("AddAFactFromDiscordsOptions", func(t *testing.T) {
		say(e, asker, "Who designed the flag of Pakistan?")
		m := missNumber.FindStringSubmatch(bot.RenderText(say(e, moderator, "/misses")))
		if m == nil {
			t.Fatal("nothing in /misses")
		}
		// As Discord's typed options arrive: every value after a " | ".
		r := say(e, moderator, "/missfact "+m[1]+" | new:history | In 1947, Syed Amir-uddin Kedwaii designed the flag of Pakistan, one of 2 designs Pakistani tech firms' histories recall. | https://example.com/flag | period: 1947 | figure: 2 designs")
		if text := bot.RenderText(r); !strings.Contains(text, "Added fact history-") || !strings.Contains(text, "Period: 1947") || !strings.Contains(text, "Figure: 2 designs") {
			t.Errorf("/missfact from Discord's options:\n%s", text)
		}
	})
	t.Run("Stats", func(t *testing.T) {
		q.Flush(ctx)
		r := say(e, moderator, "/stats")
		text := bot.RenderText(r)
		// The flag question comes near enough to a fact for "Did you mean".
		for _, want := range []string{"Last 7 days: 7 questions, 2 answered (29%), 4 declined, 1 with “did you mean”", "Top facts, last 30 days:", "mobile-broadband-penetration: 1 answer", "Answer rate by week:"} {
			if !strings.Contains(text, want) {
				t.Errorf("/stats lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("FixesCountAsModeratorWrites", func(t *testing.T) {
		observer.mu.Lock()
		defer observer.mu.Unlock()
		// The second /attach changed nothing, and /dismiss 999 found nothing.
		want := []string{"discord attach", "discord dismiss", "discord missfact", "discord missfact"}
		if !slices.Equal(observer.writes, want) {
			t.Errorf("writes reported = %v, want %v", observer.writes, want)
		}
	})
}

// poster collects digests.
type poster struct{ sent []bot.Reply }

func (p *poster) Post(_ context.Context, _ string, r bot.Reply) error {
	p.sent = append(p.sent, r)
	return nil
}

func TestDigest(t *testing.T) {
	e, q := loggingEngine(t)
	ctx := context.Background()
	say(e, asker, "How many cricket stadiums does Lahore have?")
	q.Flush(ctx)
	_, mark, news, err := e.Digest(ctx, bot.LogMark{})
	if err != nil || !news {
		t.Fatalf("digest of everything: %v %v", news, err)
	}
	if _, _, news, _ := e.Digest(ctx, mark); news {
		t.Error("a digest with nothing new")
	}
	answer := say(e, asker, "What were Pakistan's IT exports in FY 2023-24?")
	q.Flush(ctx)
	e.Feedback(ctx, bot.Press{Platform: bot.Telegram, UserID: "5", Data: answer.Buttons[0][1].Data})
	r, _, news, err := e.Digest(ctx, mark)
	text := bot.RenderText(r)
	if err != nil || !news || !strings.Contains(text, "1 missed question, 1 👎") || strings.Contains(text, "cricket") {
		t.Errorf("digest after a 👎 (news %v, %v):\n%s", news, err, text)
	}
}
