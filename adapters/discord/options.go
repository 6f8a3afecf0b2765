package discord

import (
	"log/slog"
	"time"
)

// Option configures an Adapter.
type Option func(*Adapter)

// WithLogger sets where the adapter logs; the default discards.
func WithLogger(l *slog.Logger) Option { return func(a *Adapter) { a.logger = l } }

// WithGuild registers the commands in one guild instead of globally.
// Guild commands show up at once, which is what people want while setting
// a bot up; global ones can take a while to reach every client.
func WithGuild(id string) Option { return func(a *Adapter) { a.guildID = id } }

// WithModeratorRoles names roles whose members are moderators, besides
// members with Manage Messages.
func WithModeratorRoles(ids []string) Option {
	return func(a *Adapter) { a.moderatorRoles = append([]string(nil), ids...) }
}

// WithAPIURL sends REST requests to base (see ParseAPIURL) instead of
// Discord, for an HTTP proxy in front of Discord or a fake in tests. The
// gateway URL is discovered from it.
func WithAPIURL(base string) Option { return func(a *Adapter) { a.apiURL = base } }

// WithWorkers sets how many interactions are answered at once (default 16).
func WithWorkers(n int) Option { return func(a *Adapter) { a.workers = max(n, 1) } }

// WithQueueSize sets how many received events may wait for a worker
// (default 1024). When the queue is full the gateway reader waits, for an
// interaction at most until its 3-second window closes.
func WithQueueSize(n int) Option { return func(a *Adapter) { a.queueSize = max(n, 0) } }

// WithAnswerBudget sets how long an interaction waits for the engine before
// it is acknowledged with a deferred response and answered by editing it
// (default 2s, leaving a second of Discord's three for the request).
func WithAnswerBudget(d time.Duration) Option { return func(a *Adapter) { a.answerBudget = d } }

// WithEngineTimeout bounds how long the engine may take over one request
// (default 30s).
func WithEngineTimeout(d time.Duration) Option { return func(a *Adapter) { a.engineTimeout = d } }

// WithLibraryLogLevel sets how much discordgo itself logs for this session,
// one of discordgo.LogError … LogDebug (default LogWarning). Where the
// lines go is set process-wide by RouteLibraryLogs.
func WithLibraryLogLevel(level int) Option { return func(a *Adapter) { a.libraryLogLevel = level } }

// WithMetrics sets who counts Discord's 429 answers; by default nobody
// does.
func WithMetrics(m Metrics) Option { return func(a *Adapter) { a.metrics = m } }

// WithCharts lets the adapter attach a reply's charts as PNG images drawn
// by draw, shown in the reply's embeds; without it charts are sent as
// text.
func WithCharts(draw ChartRenderer) Option { return func(a *Adapter) { a.drawChart = draw } }

// WithShard makes the adapter shard id of count (see ParseShard): Discord
// sends it the events of its share of the guilds, so a large bot runs as
// several processes. Only shard 0 registers the commands.
func WithShard(id, count int) Option { return func(a *Adapter) { a.shardID, a.shardCount = id, count } }

// WithOnReady sets a function to call once Run has connected to the
// gateway. pakbot serve logs then that it is serving and delivers notices
// that waited.
func WithOnReady(f func()) Option { return func(a *Adapter) { a.whenConnected = f } }
