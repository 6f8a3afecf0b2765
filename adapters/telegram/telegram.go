// Package telegram runs pakbot on Telegram: it answers questions in
// private chats and groups, and offers cited facts in inline mode.
//
// The adapter is thin. RequestFromUpdate turns an update into a bot.Request,
// the engine answers, and RenderHTML and SplitMessage turn the reply into
// Telegram messages; all three are pure functions. The Adapter around them
// owns the connection: long polling (Run) or a webhook (ServeWebhook),
// bounded concurrency, per-user rate limits, retries after 429 answers, the
// command menu, and who counts as a moderator.
//
// The Bot API is reached through github.com/go-telegram/bot, imported as
// tgbot since this project's core package is called bot too.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/keylock"
)

// Engine is what the adapter needs from the core; *bot.Engine implements
// it. Messages go to Handle; inline queries go to AskInline, which only
// answers questions, since they arrive once per keystroke and cannot show
// notices; presses of feedback buttons go to Feedback.
type Engine interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	AskInline(ctx context.Context, req bot.Request) bot.Reply
	Feedback(ctx context.Context, p bot.Press) bot.FeedbackResult
	Commands(ctx context.Context) ([]bot.CommandInfo, error)
}

// Metrics is told what only the adapter sees; metrics.Metrics implements
// it. Its methods must be quick and safe for concurrent use.
type Metrics interface {
	// RateLimited counts a message, inline query or button press refused
	// because its user was over the rate limit.
	RateLimited(p bot.Platform)
	// Throttled counts a 429 answer from the Bot API.
	Throttled(p bot.Platform)
}

// ChartRenderer draws a chart as a PNG image; chart.PNG is one.
type ChartRenderer func(bot.Chart) ([]byte, error)

// allowedUpdates are the update kinds the adapter asks Telegram for:
// messages, inline queries and presses of its buttons (More, 👍/👎,
// moderators' fixes). Edits, reactions and member changes are never
// delivered.
var allowedUpdates = []string{"message", "inline_query", "callback_query"}

// Adapter connects one engine to one Telegram bot. Create it with New, then
// call Run (long polling) or ServeWebhook; either may be called again after
// it returns, but not both at once.
type Adapter struct {
	token       string
	engine      Engine
	apiURL      string
	logger      *slog.Logger
	moderators  map[int64]bool
	concurrency int
	limitN      int
	limitPeriod time.Duration
	pollTimeout time.Duration
	now         func() time.Time
	metrics     Metrics
	drawChart   ChartRenderer
	onReady     func()

	client *http.Client
	// api makes every call except getUpdates, which a fresh poller per Run
	// makes (see Run).
	api *tgbot.Bot
	me  models.User

	questions *rateLimiter
	inline    *rateLimiter
	admins    memberCache
	// votes serialises feedback presses per message (see answerFeedback).
	votes keylock.Locks
	// slots bounds concurrent work: one token per update being handled.
	slots chan struct{}

	mu       sync.Mutex
	running  bool
	stopping bool
	// receiving is set while polling or the webhook takes updates.
	receiving bool
	// base is the parent of every reply's context: values of Run's context
	// but not its cancellation, so in-flight replies finish on shutdown.
	base context.Context
	// modCommands names the commands that need moderator rights.
	modCommands map[string]bool
	seen        recentIDs
	// offset is the highest update id handed to a worker or deliberately
	// skipped; polling resumes after it.
	offset int64
	wg     sync.WaitGroup
}

// New connects to the Bot API with token and returns an adapter answering
// with engine. It calls getMe to learn the bot's username, so a wrong token
// or an unreachable server is reported here rather than later.
func New(ctx context.Context, token string, engine Engine, opts ...Option) (*Adapter, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, errors.New("telegram: empty bot token")
	}
	a := &Adapter{
		token:       token,
		engine:      engine,
		apiURL:      DefaultAPIURL,
		logger:      slog.New(slog.DiscardHandler),
		moderators:  map[int64]bool{},
		concurrency: DefaultConcurrency,
		limitN:      DefaultRateLimit,
		limitPeriod: DefaultRatePeriod,
		pollTimeout: DefaultPollTimeout,
		now:         time.Now,
		seen:        newRecentIDs(4096),
		metrics:     nopMetrics{},
	}
	for _, o := range opts {
		o(a)
	}
	if u, err := url.Parse(a.apiURL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("telegram: API URL %q is not an http(s) URL", a.apiURL)
	}
	a.questions = newRateLimiter(a.limitN, a.limitPeriod)
	// Inline queries arrive as the user types, so they get more room; over
	// the limit they simply get no results.
	a.inline = newRateLimiter(3*a.limitN, a.limitPeriod)
	a.admins.entries = map[memberKey]memberEntry{}
	a.slots = make(chan struct{}, a.concurrency)

	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = a.concurrency + 2
	a.client = &http.Client{Transport: &throttleCounter{next: transport, metrics: a.metrics}, Timeout: a.pollTimeout + 10*time.Second}

	api, err := tgbot.New(token, a.botOptions(tgbot.WithDefaultHandler(func(context.Context, *tgbot.Bot, *models.Update) {}))...)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", a.redact(err))
	}
	getMeCtx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	me, err := api.GetMe(getMeCtx)
	switch {
	case errors.Is(err, tgbot.ErrorUnauthorized) || errors.Is(err, tgbot.ErrorNotFound):
		return nil, errors.New("telegram: the Bot API rejected the bot token; get a valid one from @BotFather")
	case err != nil:
		return nil, fmt.Errorf("telegram: cannot reach the Bot API at %s: %w", a.apiURL, a.redact(err))
	case me.Username == "":
		return nil, errors.New("telegram: getMe returned no bot username")
	}
	a.api, a.me = api, *me
	return a, nil
}

// callOnReady calls the WithOnReady function, if any.
func (a *Adapter) callOnReady() {
	if a.onReady != nil {
		a.onReady()
	}
}

// Username is the bot's username, without the "@".
func (a *Adapter) Username() string { return a.me.Username }

// Ready reports whether the adapter answers: getMe succeeded (New checks
// it) and polling or the webhook takes updates. The error says what is
// missing.
func (a *Adapter) Ready() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.receiving {
		return errors.New("telegram: not receiving updates (polling or the webhook has not started, or has stopped)")
	}
	return nil
}

// setReceiving records whether polling or the webhook takes updates.
func (a *Adapter) setReceiving(on bool) {
	a.mu.Lock()
	a.receiving = on
	a.mu.Unlock()
}

// botOptions are the library options every *tgbot.Bot of this adapter
// shares.
func (a *Adapter) botOptions(extra ...tgbot.Option) []tgbot.Option {
	return append([]tgbot.Option{
		tgbot.WithServerURL(a.apiURL),
		tgbot.WithHTTPClient(a.pollTimeout, a.client),
		tgbot.WithSkipGetMe(),
		tgbot.WithErrorsHandler(func(err error) {
			a.logger.Warn("telegram library error", "err", a.redact(err))
		}),
	}, extra...)
}

// begin marks the adapter running and refreshes the command menu and the
// moderator commands.
func (a *Adapter) begin(ctx context.Context) error {
	a.mu.Lock()
	if a.running {
		a.mu.Unlock()
		return errors.New("telegram: adapter is already running")
	}
	a.running, a.stopping = true, false
	a.base = context.WithoutCancel(ctx)
	a.mu.Unlock()
	a.publishCommands(ctx)
	return nil
}

// finish stops accepting updates, waits for in-flight replies and marks the
// adapter stopped.
func (a *Adapter) finish() {
	a.mu.Lock()
	a.stopping = true
	a.receiving = false
	a.mu.Unlock()
	a.wg.Wait()
	a.mu.Lock()
	a.running = false
	a.mu.Unlock()
}

// publishCommands sets the command menu from the engine's commands: the
// public commands for everyone and, when there are moderator commands,
// all commands for group administrators. A failure is logged, not fatal:
// the bot answers typed commands without a menu.
func (a *Adapter) publishCommands(ctx context.Context) {
	cmds, err := a.engine.Commands(ctx)
	if err != nil {
		a.logger.Error("cannot list commands for the menu", "err", err)
		return
	}
	mod := map[string]bool{}
	for _, c := range cmds {
		if c.Moderator {
			mod[strings.ToLower(c.Name)] = true
		}
	}
	a.mu.Lock()
	a.modCommands = mod
	a.mu.Unlock()

	menu := MenuCommands(cmds, false)
	if len(menu) < len(cmds)-len(mod) {
		a.logger.Warn("some commands are left out of the menu (invalid names or over 100)", "commands", len(cmds)-len(mod), "menu", len(menu))
	}
	_ = a.call(ctx, "setMyCommands", 0, func(ctx context.Context) error {
		_, err := a.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: menu})
		return err
	})
	if len(mod) > 0 {
		_ = a.call(ctx, "setMyCommands", 0, func(ctx context.Context) error {
			_, err := a.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: MenuCommands(cmds, true), Scope: &models.BotCommandScopeAllChatAdministrators{}})
			return err
		})
	}
}

// accept takes one update from polling or the webhook: it drops repeats,
// decides whether and how to answer, and starts a worker for it, waiting
// for a free slot when all are busy. It reports false only when the
// adapter is stopping and the update was not taken.
func (a *Adapter) accept(u *models.Update) bool {
	a.mu.Lock()
	if a.stopping {
		a.mu.Unlock()
		return false
	}
	if !a.seen.add(u.ID) {
		a.mu.Unlock()
		a.logger.Debug("repeated update ignored", "update_id", u.ID)
		return true
	}
	// Routing under the lock keeps rate-limit decisions in update order.
	job := a.route(u)
	base := a.base
	if job != nil {
		a.wg.Add(1)
	}
	a.mu.Unlock()

	if job != nil {
		a.slots <- struct{}{}
		go func() {
			defer a.wg.Done()
			defer func() { <-a.slots }()
			defer func() {
				if p := recover(); p != nil {
					a.logger.Error("panic while handling an update", "update_id", u.ID, "panic", p)
				}
			}()
			ctx, cancel := context.WithTimeout(base, replyTimeout)
			defer cancel()
			job(ctx)
		}()
	}

	a.mu.Lock()
	a.offset = max(a.offset, u.ID)
	a.mu.Unlock()
	return true
}

// route decides what to do with an update: nil when nothing is to be done.
// The caller holds a.mu.
func (a *Adapter) route(u *models.Update) func(context.Context) {
	if q := u.InlineQuery; q != nil {
		req, ok := InlineRequest(q)
		if !ok {
			return nil
		}
		if a.inline.check(req.UserID, a.now()) != allow {
			a.logger.Debug("inline query over the rate limit", "user_id", req.UserID)
			a.metrics.RateLimited(bot.Telegram)
			return nil
		}
		return func(ctx context.Context) { a.answerInline(ctx, q, req) }
	}
	if q := u.CallbackQuery; q != nil {
		press, ok := PressFromCallback(q)
		if !ok {
			return nil
		}
		switch a.questions.check(press.UserID, a.now()) {
		case notify:
			a.metrics.RateLimited(bot.Telegram)
			return func(ctx context.Context) { a.answerButton(ctx, q, a.slowDownText()) }
		case drop:
			a.logger.Debug("button press over the rate limit dropped", "user_id", press.UserID, "update_id", u.ID)
			a.metrics.RateLimited(bot.Telegram)
			return nil
		}
		if !strings.HasPrefix(q.Data, "/") {
			// Feedback, or data no button of ours carries: the engine
			// counts the one and politely refuses the other.
			return func(ctx context.Context) { a.answerFeedback(ctx, q, press) }
		}
		req, m, ok := RequestFromCallback(q)
		if !ok {
			// A command button under a message the bot can no longer
			// reach: the spinner still stops.
			return func(ctx context.Context) { a.answerButton(ctx, q, "") }
		}
		return func(ctx context.Context) {
			a.answerButton(ctx, q, "")
			a.answer(ctx, m, req)
		}
	}
	req, ok := RequestFromUpdate(u, a.me.Username)
	if !ok {
		return nil
	}
	m := u.Message
	switch a.questions.check(req.UserID, a.now()) {
	case notify:
		a.logger.Info("user over the rate limit; sending one notice", "chat_id", m.Chat.ID, "user_id", req.UserID)
		a.metrics.RateLimited(bot.Telegram)
		return func(ctx context.Context) { a.sendHTML(ctx, m, escapeText(a.slowDownText()), nil) }
	case drop:
		a.logger.Debug("message over the rate limit dropped", "chat_id", m.Chat.ID, "user_id", req.UserID, "update_id", u.ID)
		a.metrics.RateLimited(bot.Telegram)
		return nil
	}
	return func(ctx context.Context) { a.answer(ctx, m, req) }
}

// answerButton tells Telegram a button press was received, which stops
// the button's spinner, with a short notice when text is set.
func (a *Adapter) answerButton(ctx context.Context, q *models.CallbackQuery, text string) {
	_ = a.call(ctx, "answerCallbackQuery", 0, func(ctx context.Context) error {
		_, err := a.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: text})
		return err
	})
}

// slowDownText is the one notice a user over the rate limit gets.
func (a *Adapter) slowDownText() string {
	return fmt.Sprintf("You're sending me questions faster than I can answer them: at most %d every %s, please. I'll skip your messages until then.",
		a.limitN, bot.Count(int(a.limitPeriod.Round(time.Second).Seconds()), "second", "seconds"))
}

// answer asks the engine and sends its reply to the chat, as a reply to
// the user's message.
func (a *Adapter) answer(ctx context.Context, m *models.Message, req bot.Request) {
	req.Moderator = a.moderators[m.From.ID]
	if !req.Moderator && m.Chat.Type != models.ChatTypePrivate && a.isModeratorCommand(req.Text) {
		req.Moderator = a.isChatAdmin(ctx, m.Chat.ID, m.From.ID)
	}
	reply := a.engine.Handle(ctx, req)
	if len(reply.Charts) > 0 && a.drawChart != nil && a.sendCharts(ctx, m, reply.Charts, ReplyKeyboard(reply)) {
		return
	}
	a.sendHTML(ctx, m, RenderHTML(reply), ReplyKeyboard(reply))
}

func (a *Adapter) isModeratorCommand(text string) bool {
	name, _, ok := bot.ParseCommand(bot.CleanText(text))
	if !ok {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.modCommands[name]
}

// sendHTML sends an HTML message in as many parts as Telegram's length
// limit needs, each a reply to m with link previews off, the last with
// keyboard when it is not nil. It stops at the first part that cannot be
// sent; the failure is logged.
func (a *Adapter) sendHTML(ctx context.Context, m *models.Message, html string, keyboard *models.InlineKeyboardMarkup) {
	parts := SplitMessage(html, MaxMessageLength)
	for i, part := range parts {
		params := &tgbot.SendMessageParams{
			ChatID:             m.Chat.ID,
			Text:               part,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
			ReplyParameters:    &models.ReplyParameters{MessageID: m.ID, AllowSendingWithoutReply: true},
		}
		if keyboard != nil && i == len(parts)-1 {
			params.ReplyMarkup = keyboard
		}
		if m.IsTopicMessage {
			params.MessageThreadID = m.MessageThreadID
		}
		err := a.call(ctx, "sendMessage", m.Chat.ID, func(ctx context.Context) error {
			_, err := a.api.SendMessage(ctx, params)
			return err
		})
		if err != nil {
			return
		}
	}
}

// inlineCacheTime is how long Telegram may reuse inline results: they are
// the same for everyone and facts change rarely.
const inlineCacheTime = 300

func (a *Adapter) answerInline(ctx context.Context, q *models.InlineQuery, req bot.Request) {
	results := InlineResults(a.engine.AskInline(ctx, req), MaxInlineResults)
	_ = a.call(ctx, "answerInlineQuery", 0, func(ctx context.Context) error {
		_, err := a.api.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{InlineQueryID: q.ID, Results: results, CacheTime: inlineCacheTime})
		return err
	})
}

// call makes one Bot API call, retrying after a 429 answer once its
// retry_after has passed, at most maxAttempts times in all and never past
// ctx's deadline. The library never retries by itself. Failures are logged
// with the method and chat (0 when there is none), the token redacted.
func (a *Adapter) call(ctx context.Context, method string, chatID int64, do func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := do(ctx)
		if err == nil {
			return nil
		}
		var tooMany *tgbot.TooManyRequestsError
		if errors.As(err, &tooMany) && attempt < maxAttempts {
			wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			if deadline, ok := ctx.Deadline(); !ok || time.Until(deadline) > wait {
				a.logger.Warn("Telegram asked to slow down; retrying", "method", method, "chat_id", chatID, "retry_after", wait, "attempt", attempt)
				t := time.NewTimer(wait)
				select {
				case <-t.C:
					continue
				case <-ctx.Done():
					t.Stop()
					err = fmt.Errorf("%w (while waiting to retry after %v)", ctx.Err(), err)
				}
			}
		}
		level := slog.LevelError
		if errors.Is(err, context.Canceled) {
			level = slog.LevelInfo // shutting down
		}
		a.logger.Log(ctx, level, "Telegram call failed", "method", method, "chat_id", chatID, "attempt", attempt, "err", a.redact(err))
		return a.redact(err)
	}
}

// memberCache remembers getChatMember answers for moderatorCacheTTL.
type memberCache struct {
	mu      sync.Mutex
	entries map[memberKey]memberEntry
}

type memberKey struct{ chat, user int64 }

type memberEntry struct {
	admin   bool
	expires time.Time
}

// isChatAdmin reports whether user is the creator or an administrator of
// chat, asking Telegram at most once per moderatorCacheTTL. When Telegram
// cannot be asked the answer is no, and it is not cached.
func (a *Adapter) isChatAdmin(ctx context.Context, chat, user int64) bool {
	key, now := memberKey{chat, user}, a.now()
	a.admins.mu.Lock()
	e, ok := a.admins.entries[key]
	a.admins.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.admin
	}
	var member *models.ChatMember
	err := a.call(ctx, "getChatMember", chat, func(ctx context.Context) error {
		var err error
		member, err = a.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chat, UserID: user})
		return err
	})
	if err != nil {
		return false
	}
	admin := member.Type == models.ChatMemberTypeOwner || member.Type == models.ChatMemberTypeAdministrator
	a.admins.mu.Lock()
	defer a.admins.mu.Unlock()
	if len(a.admins.entries) >= 4096 {
		for k, e := range a.admins.entries {
			if !now.Before(e.expires) {
				delete(a.admins.entries, k)
			}
		}
	}
	a.admins.entries[key] = memberEntry{admin: admin, expires: now.Add(moderatorCacheTTL)}
	return admin
}

// recentIDs remembers the last update ids seen, so an update Telegram
// delivers twice (a webhook retried after a timeout) is answered once.
type recentIDs struct {
	ring []int64
	next int
	set  map[int64]bool
}

func newRecentIDs(n int) recentIDs {
	return recentIDs{ring: make([]int64, 0, n), set: make(map[int64]bool, n)}
}

// add records id and reports whether it is new.
func (r *recentIDs) add(id int64) bool {
	if r.set[id] {
		return false
	}
	if len(r.ring) < cap(r.ring) {
		r.ring = append(r.ring, id)
	} else {
		delete(r.set, r.ring[r.next])
		r.ring[r.next] = id
		r.next = (r.next + 1) % len(r.ring)
	}
	r.set[id] = true
	return true
}

// redact hides the bot token in err's message: the library's errors can
// carry request URLs, which contain it.
func (a *Adapter) redact(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if !strings.Contains(msg, a.token) && !strings.Contains(msg, url.PathEscape(a.token)) {
		return err
	}
	msg = strings.ReplaceAll(msg, a.token, "<token>")
	msg = strings.ReplaceAll(msg, url.PathEscape(a.token), "<token>")
	return &redactedError{msg: msg, err: err}
}

// redactedError has a message without the token but still matches the
// original with errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
