package telegram

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Defaults for the options below.
const (
	// DefaultAPIURL is the official Bot API server.
	DefaultAPIURL = "https://api.telegram.org"
	// DefaultConcurrency bounds how many replies are built and sent at once.
	DefaultConcurrency = 16
	// DefaultRateLimit and DefaultRatePeriod allow each user 10 questions
	// in any 30 seconds.
	DefaultRateLimit  = 10
	DefaultRatePeriod = 30 * time.Second
	// DefaultPollTimeout is how long one getUpdates call may wait for
	// updates.
	DefaultPollTimeout = time.Minute
	// moderatorCacheTTL is how long a getChatMember answer is trusted.
	moderatorCacheTTL = 5 * time.Minute
	// replyTimeout bounds the work on one update, retries included, and so
	// how long shutdown can wait for in-flight replies.
	replyTimeout = 30 * time.Second
	// startTimeout bounds the getMe call that checks the token on start.
	startTimeout = 30 * time.Second
	// maxAttempts bounds how often one call is tried after 429 answers.
	maxAttempts = 4
)

// Option configures an Adapter.
type Option func(*Adapter)

// WithAPIURL sets the Bot API server, for a local Bot API server or tests.
func WithAPIURL(u string) Option {
	return func(a *Adapter) { a.apiURL = strings.TrimRight(u, "/") }
}

// WithLogger sets where the adapter logs; the default discards.
func WithLogger(l *slog.Logger) Option { return func(a *Adapter) { a.logger = l } }

// WithModerators names Telegram user ids that are moderators in every chat,
// private chats included, besides each group's creator and administrators.
func WithModerators(ids ...int64) Option {
	return func(a *Adapter) {
		for _, id := range ids {
			a.moderators[id] = true
		}
	}
}

// WithConcurrency bounds how many updates are handled at once; further
// updates wait, which slows polling rather than piling up work.
func WithConcurrency(n int) Option {
	return func(a *Adapter) {
		if n > 0 {
			a.concurrency = n
		}
	}
}

// WithRateLimit allows each user n questions (and commands) in any period.
// The first message over the limit gets one polite notice; later ones are
// dropped silently until the user is under the limit again.
func WithRateLimit(n int, period time.Duration) Option {
	return func(a *Adapter) { a.limitN, a.limitPeriod = n, period }
}

// WithPollTimeout sets how long one getUpdates call waits for updates.
func WithPollTimeout(d time.Duration) Option {
	return func(a *Adapter) {
		if d >= 2*time.Second {
			a.pollTimeout = d
		}
	}
}

// WithMetrics sets who counts rate-limited users and the Bot API's 429
// answers; by default nobody does.
func WithMetrics(m Metrics) Option { return func(a *Adapter) { a.metrics = m } }

// WithCharts lets the adapter send a reply's charts as photos drawn by
// draw, each captioned with its cited figures; without it charts are sent
// as text.
func WithCharts(draw ChartRenderer) Option { return func(a *Adapter) { a.drawChart = draw } }

// WithClock sets the adapter's clock, for tests of rate limits and caches.
func WithClock(now func() time.Time) Option { return func(a *Adapter) { a.now = now } }

// ParseUserIDs parses a comma-separated list of Telegram user ids, as in
// TELEGRAM_MODERATORS. Blank entries are ignored.
func ParseUserIDs(s string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a numeric Telegram user id", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// WithOnReady sets a function to call each time the adapter starts taking
// updates: polling has begun, or the webhook is registered. pakbot serve
// logs then that it is serving and delivers notices that waited.
func WithOnReady(f func()) Option { return func(a *Adapter) { a.onReady = f } }
