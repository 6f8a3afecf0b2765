// Package metrics counts what pakbot does in Prometheus' terms: questions
// by platform and outcome, how long answers take, moderators' writes,
// rate-limited users, the platforms' own 429 answers, feedback votes, the
// search index, and the Go runtime. Every metric name starts with pakbot_.
//
// The core and the adapters know nothing of Prometheus: they call small
// interfaces (bot.Observer, the adapters' Metrics) that *Metrics
// implements, and cmd/pakbot wires them. Each Metrics has its own
// registry, so tests and several instances never share counters.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pakbot/pakbot/bot"
)

// Metrics records pakbot's metrics in a registry of its own. It is safe
// for concurrent use.
type Metrics struct {
	reg       *prometheus.Registry
	questions *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	writes    *prometheus.CounterVec
	votes     *prometheus.CounterVec
	limited   *prometheus.CounterVec
	throttled *prometheus.CounterVec
}

// New returns metrics with every pakbot_ metric registered, the Go
// runtime's and the process's included (as pakbot_go_… and
// pakbot_process_…).
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pakbot_questions_total",
			Help: "Questions asked, by platform and outcome (answered, did-you-mean, declined, error).",
		}, []string{"platform", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pakbot_answer_duration_seconds",
			Help:    "How long the engine took to answer a question, by platform; sending the reply is not included.",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
		}, []string{"platform"}),
		writes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pakbot_moderator_writes_total",
			Help: "Changes moderators saved, by platform and command.",
		}, []string{"platform", "command"}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pakbot_feedback_votes_total",
			Help: "Votes users gave answers, by platform and vote (up, down).",
		}, []string{"platform", "vote"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pakbot_rate_limited_total",
			Help: "Requests refused because their user was over pakbot's rate limit, by platform.",
		}, []string{"platform"}),
		throttled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pakbot_platform_throttled_total",
			Help: "429 Too Many Requests answers from a platform's API, by platform.",
		}, []string{"platform"}),
	}
	m.reg.MustRegister(m.questions, m.latency, m.writes, m.votes, m.limited, m.throttled)
	runtime := prometheus.WrapRegistererWithPrefix("pakbot_", m.reg)
	runtime.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// The platforms and outcomes are known in advance: every series exists
	// from the start, at zero, so rates work from the first scrape.
	for _, p := range []bot.Platform{bot.Telegram, bot.Discord, bot.Web, bot.Console} {
		for _, o := range []bot.Outcome{bot.Answered, bot.NearMiss, bot.Declined, bot.Failed} {
			m.questions.WithLabelValues(string(p), string(o))
		}
		m.latency.WithLabelValues(string(p))
	}
	for _, p := range []bot.Platform{bot.Telegram, bot.Discord} {
		m.limited.WithLabelValues(string(p))
		m.throttled.WithLabelValues(string(p))
		for _, c := range []bot.Choice{bot.ChoiceUp, bot.ChoiceDown} {
			m.votes.WithLabelValues(string(p), string(c))
		}
	}
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Question counts a question and its latency (bot.Observer).
func (m *Metrics) Question(p bot.Platform, o bot.Outcome, took time.Duration) {
	m.questions.WithLabelValues(platform(p), string(o)).Inc()
	m.latency.WithLabelValues(platform(p)).Observe(took.Seconds())
}

// ModeratorWrite counts a moderator's saved change (bot.Observer).
func (m *Metrics) ModeratorWrite(p bot.Platform, command string) {
	m.writes.WithLabelValues(platform(p), command).Inc()
}

// FeedbackVote counts a user's vote on an answer, 👍 (up) or 👎 (down)
// (bot.Observer).
func (m *Metrics) FeedbackVote(p bot.Platform, c bot.Choice) {
	m.votes.WithLabelValues(platform(p), string(c)).Inc()
}

// RateLimited counts a request refused by pakbot's own per-user limit.
func (m *Metrics) RateLimited(p bot.Platform) { m.limited.WithLabelValues(platform(p)).Inc() }

// Throttled counts a 429 answer from a platform's API.
func (m *Metrics) Throttled(p bot.Platform) { m.throttled.WithLabelValues(platform(p)).Inc() }

// IndexStats describes the search index for the index gauges.
type IndexStats struct {
	// Facts is how many facts the index holds; Terms how many distinct
	// terms.
	Facts, Terms int
	// Generation counts the changes written to the index, by any process.
	Generation int64
}

// WatchIndex reports the search index through stats, read at every
// scrape: pakbot_index_facts, pakbot_index_terms, pakbot_index_generation.
func (m *Metrics) WatchIndex(stats func() IndexStats) {
	gauge := func(name, help string, v func(IndexStats) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return v(stats()) })
	}
	m.reg.MustRegister(
		gauge("pakbot_index_facts", "Facts in the search index.", func(s IndexStats) float64 { return float64(s.Facts) }),
		gauge("pakbot_index_terms", "Distinct terms in the search index.", func(s IndexStats) float64 { return float64(s.Terms) }),
		gauge("pakbot_index_generation", "Changes written to the search index so far, by any process on the database.", func(s IndexStats) float64 { return float64(s.Generation) }),
	)
}

// platform is a platform's label, "unknown" for requests that name none.
func platform(p bot.Platform) string {
	if p == "" {
		return "unknown"
	}
	return string(p)
}
