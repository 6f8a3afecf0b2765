// Package discord runs pakbot on Discord: slash commands generated from the
// engine's command list (with autocomplete), answers as cited embeds, and
// questions asked by mentioning the bot.
//
// It only translates: RequestFromInteraction and RequestFromMention turn
// Discord events into bot requests, RenderEmbed turns replies into embeds,
// ApplicationCommands turns the engine's commands into Discord's. The
// Adapter connects those to a discordgo session, answers every interaction
// within Discord's three seconds (deferring when the engine is slow), and
// bounds what discordgo would otherwise retry forever.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/keylock"
)

// Engine is what the adapter needs from bot.Engine.
type Engine interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Feedback(ctx context.Context, p bot.Press) bot.FeedbackResult
	Commands(ctx context.Context) ([]bot.CommandInfo, error)
	Complete(ctx context.Context, partial string, limit int) ([]string, error)
}

// Metrics is told what only the adapter sees; metrics.Metrics implements
// it. Its methods must be quick and safe for concurrent use.
type Metrics interface {
	// Throttled counts a 429 answer from Discord's API.
	Throttled(p bot.Platform)
}

// ChartRenderer draws a chart as a PNG image; chart.PNG is one.
type ChartRenderer func(bot.Chart) ([]byte, error)

// How long the adapter gives things that Discord does not time.
const (
	registerTimeout = 30 * time.Second
	followupTimeout = 15 * time.Second
	mentionTimeout  = 30 * time.Second
	httpTimeout     = 20 * time.Second
)

// Adapter is one bot connection to Discord. Create it with New and start it
// with Run.
type Adapter struct {
	engine          Engine
	token           string
	session         *discordgo.Session
	logger          *slog.Logger
	guildID         string
	moderatorRoles  []string
	apiURL          string
	workers         int
	queueSize       int
	answerBudget    time.Duration
	engineTimeout   time.Duration
	libraryLogLevel int
	metrics         Metrics
	drawChart       ChartRenderer
	whenConnected   func()
	// shardID and shardCount split the bot's guilds between processes;
	// shardCount 0 or 1 means one process has them all.
	shardID, shardCount int

	// mu guards the lifecycle. The gateway reader holds it for reading
	// while it waits for room in the queue, so nothing a worker needs may
	// wait on it for writing.
	mu      sync.RWMutex
	started bool
	closed  bool
	jobs    chan func()
	wg      sync.WaitGroup
	base    context.Context // Run's context without its cancellation

	// votes serialises feedback presses per message (see answerFeedback).
	votes keylock.Locks

	// stateMu guards what READY and registration learn.
	stateMu sync.Mutex
	cmds    []bot.CommandInfo
	appID   string
	botID   string
	// ready is set by READY (or RESUMED) and cleared when the gateway
	// connection is lost.
	ready bool
}

// New returns an adapter for the bot with the given token (with or without
// the "Bot " prefix) answering from engine. It does not connect yet.
func New(token string, engine Engine, opts ...Option) (*Adapter, error) {
	a := &Adapter{
		engine:          engine,
		logger:          slog.New(slog.DiscardHandler),
		apiURL:          DefaultAPIURL,
		workers:         16,
		queueSize:       1024,
		answerBudget:    2 * time.Second,
		engineTimeout:   30 * time.Second,
		libraryLogLevel: discordgo.LogWarning,
		metrics:         nopMetrics{},
	}
	for _, o := range opts {
		o(a)
	}
	if a.shardCount > 1 && (a.shardID < 0 || a.shardID >= a.shardCount) {
		return nil, fmt.Errorf("Discord shard %d/%d: the id must be from 0 to %d", a.shardID, a.shardCount, a.shardCount-1)
	}
	a.token = trimBot(token)
	if a.token == "" {
		return nil, errors.New("empty Discord bot token")
	}
	api, err := ParseAPIURL(a.apiURL)
	if err != nil {
		return nil, err
	}
	s, err := discordgo.New("Bot " + a.token)
	if err != nil {
		return nil, fmt.Errorf("cannot create a Discord session: %s", redactErr(err, a.token))
	}
	s.Client = newHTTPClient(api, a.workers, httpTimeout, func() { a.metrics.Throttled(bot.Discord) })
	s.LogLevel = a.libraryLogLevel
	s.StateEnabled = false
	// Events are handed to the worker pool from the gateway reader itself,
	// so the adapter knows of every event before Run stops.
	s.SyncEvents = true
	s.ShouldRetryOnRateLimit = false
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if a.shardCount > 1 {
		// IDENTIFY then carries [id, count], and Discord sends this
		// session only the events of its share of the guilds (and, to
		// shard 0, direct messages).
		s.ShardID, s.ShardCount = a.shardID, a.shardCount
	}
	s.AddHandler(a.onReady)
	s.AddHandler(a.onResumed)
	s.AddHandler(a.onDisconnect)
	s.AddHandler(a.onInteraction)
	s.AddHandler(a.onMessage)
	a.session = s
	return a, nil
}

func trimBot(token string) string {
	token = strings.TrimSpace(token)
	return strings.TrimSpace(strings.TrimPrefix(token, "Bot "))
}

// Run connects to the gateway and answers until ctx is cancelled. discordgo
// reconnects and resumes a lost connection by itself; commands are
// registered (one bulk overwrite, so restarts never duplicate them) on every
// READY. Run returns after the responses in flight have been sent.
func (a *Adapter) Run(ctx context.Context) error {
	a.mu.Lock()
	if a.started {
		a.mu.Unlock()
		return errors.New("the Discord adapter already ran")
	}
	a.started = true
	a.base = context.WithoutCancel(ctx)
	a.jobs = make(chan func(), a.queueSize)
	for range a.workers {
		a.wg.Add(1)
		go a.work()
	}
	a.mu.Unlock()

	if err := a.session.Open(); err != nil {
		a.stop()
		if tokenRejected(err) {
			return errors.New("discord: Discord rejected the bot token; get a valid one on your application's Bot page in the developer portal (https://discord.com/developers/applications, Bot, Reset Token) and set DISCORD_BOT_TOKEN to it")
		}
		return errors.New("cannot connect to Discord's gateway: " + redactErr(err, a.token))
	}
	a.logger.Info("discord: connected")
	if a.whenConnected != nil {
		a.whenConnected()
	}
	<-ctx.Done()

	a.session.Lock()
	a.session.ShouldReconnectOnError = false
	a.session.Unlock()
	if err := a.session.Close(); err != nil {
		a.logger.Warn("discord: closing the gateway failed", "err", redactErr(err, a.token))
	}
	a.stop()
	a.logger.Info("discord: stopped")
	return nil
}

// tokenRejected reports whether connecting failed because Discord does
// not accept the token: a 401 from the REST API (gateway discovery) or the
// gateway closing with 4004, authentication failed.
func tokenRejected(err error) bool {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == http.StatusUnauthorized {
		return true
	}
	var closed *websocket.CloseError
	return errors.As(err, &closed) && closed.Code == 4004
}

// stop refuses new work, lets the workers finish what was queued, and
// waits for them and for command registration.
func (a *Adapter) stop() {
	a.mu.Lock()
	if !a.closed {
		a.closed = true
		close(a.jobs)
	}
	a.mu.Unlock()
	a.wg.Wait()
}

func (a *Adapter) work() {
	defer a.wg.Done()
	for job := range a.jobs {
		a.runJob(job)
	}
}

func (a *Adapter) runJob(job func()) {
	defer func() {
		if r := recover(); r != nil {
			a.logger.Error("discord: answering failed", "panic", fmt.Sprint(r))
		}
	}()
	job()
}

// enqueue hands job to the worker pool. When the queue is full it waits
// until deadline, past which an answer would be too late to matter.
func (a *Adapter) enqueue(deadline time.Time, what string, job func()) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.closed || a.jobs == nil {
		a.logger.Warn("discord: dropped an event while stopping", "event", what)
		return
	}
	select {
	case a.jobs <- job:
		return
	default:
	}
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case a.jobs <- job:
	case <-t.C:
		a.logger.Warn("discord: dropped an event, every worker busy", "event", what)
	}
}

// commands is the command list of the last registration.
func (a *Adapter) commands() []bot.CommandInfo {
	a.stateMu.Lock()
	defer a.stateMu.Unlock()
	return a.cmds
}

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.stateMu.Lock()
	if r.User != nil {
		a.botID = r.User.ID
	}
	if r.Application != nil && r.Application.ID != "" {
		a.appID = r.Application.ID
	}
	botID, appID := a.botID, a.appID
	a.stateMu.Unlock()
	a.setReady(true)
	a.logger.Info("discord: ready", "user", botID, "application", appID, "shard", a.shardID, "shards", max(a.shardCount, 1))

	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.closed || appID == "" {
		return
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		a.register(appID)
	}()
}

func (a *Adapter) onResumed(*discordgo.Session, *discordgo.Resumed) {
	a.setReady(true)
	a.logger.Info("discord: gateway session resumed")
}

func (a *Adapter) onDisconnect(*discordgo.Session, *discordgo.Disconnect) {
	a.setReady(false)
}

func (a *Adapter) setReady(on bool) {
	a.stateMu.Lock()
	a.ready = on
	a.stateMu.Unlock()
}

// Ready reports whether the adapter answers: the gateway said READY (or
// RESUMED) and the connection has not been lost since. The error says
// what is missing.
func (a *Adapter) Ready() error {
	a.stateMu.Lock()
	defer a.stateMu.Unlock()
	if !a.ready {
		return errors.New("discord: not connected to the gateway (no READY yet, or the connection was lost)")
	}
	return nil
}

// register replaces the application's commands with the engine's: one
// bulk overwrite, so a restart or a second READY never duplicates them.
func (a *Adapter) register(appID string) {
	ctx, cancel := context.WithTimeout(a.base, registerTimeout)
	defer cancel()
	cmds, err := a.engine.Commands(ctx)
	if err != nil {
		a.logger.Error("discord: cannot list commands to register", "err", err)
		return
	}
	payload := ApplicationCommands(cmds)
	if left := len(cmds) - len(payload); left > 0 {
		var names []string
		for _, c := range cmds {
			if !slices.ContainsFunc(payload, func(ac *discordgo.ApplicationCommand) bool { return ac.Name == c.Name }) {
				names = append(names, c.Name)
			}
		}
		a.logger.Warn("discord: some commands are not registered (invalid names or over Discord's limit of 100)", "count", left, "names", names)
	}
	a.stateMu.Lock()
	a.cmds = cmds
	a.stateMu.Unlock()
	if a.shardID != 0 {
		// Commands belong to the application, not to a shard: shard 0
		// registers them for every process, and the others only learn
		// them, to read interactions.
		a.logger.Info("discord: commands are registered by shard 0", "shard", a.shardID)
		return
	}
	scope := "global"
	if a.guildID != "" {
		scope = "guild " + a.guildID
	}
	err = call(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.ApplicationCommandBulkOverwrite(appID, a.guildID, payload, opts...)
		return err
	})
	if err != nil {
		a.logger.Error("discord: registering commands failed", "scope", scope, "err", redactErr(err, a.token))
		return
	}
	a.logger.Info("discord: commands registered", "scope", scope, "count", len(payload))
}

func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	received := time.Now()
	if ic == nil || ic.Interaction == nil {
		return
	}
	deadline := received.Add(discordgo.InteractionDeadline)
	switch ic.Type {
	case discordgo.InteractionApplicationCommand:
		a.enqueue(deadline, "command", func() { a.answerCommand(ic, received) })
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.enqueue(deadline, "autocomplete", func() { a.answerAutocomplete(ic, received) })
	case discordgo.InteractionMessageComponent:
		a.enqueue(deadline, "button", func() { a.answerButton(ic, received) })
	}
}

func (a *Adapter) onMessage(_ *discordgo.Session, m *discordgo.MessageCreate) {
	a.stateMu.Lock()
	botID := a.botID
	a.stateMu.Unlock()
	req, ok := RequestFromMention(m, botID, a.moderatorRoles)
	if !ok {
		return
	}
	a.enqueue(time.Now().Add(mentionTimeout), "mention", func() { a.answerMention(m, req) })
}
