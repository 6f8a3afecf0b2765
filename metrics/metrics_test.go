package metrics_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/metrics"
)

// MustScrape fetches m's metrics page and parses it with Prometheus' own
// text parser.
func MustScrape(tb testing.TB, m *metrics.Metrics) map[string]*dto.MetricFamily {
	tb.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		tb.Fatalf("/metrics answered %d", rec.Code)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		tb.Fatalf("/metrics is not in the text format: %v", err)
	}
	return families
}

// value is the value of the series of family with the given labels.
func value(families map[string]*dto.MetricFamily, family string, labels ...string) float64 {
	f := families[family]
	if f == nil {
		return -1
	}
	for _, m := range f.Metric {
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.Label {
				found = found || l.GetName() == labels[i] && l.GetValue() == labels[i+1]
			}
			match = match && found
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

func TestMetrics(t *testing.T) {
	m := metrics.New()
	m.WatchIndex(func() metrics.IndexStats { return metrics.IndexStats{Facts: 171, Terms: 2000, Generation: 7} })

	before := MustScrape(t, m)
	for name := range before {
		if !strings.HasPrefix(name, "pakbot_") {
			t.Errorf("metric %s does not start with pakbot_", name)
		}
	}
	for _, name := range []string{"pakbot_go_goroutines", "pakbot_feedback_votes_total", "pakbot_rate_limited_total", "pakbot_platform_throttled_total"} {
		if before[name] == nil {
			t.Errorf("%s is missing", name)
		}
	}
	for _, outcome := range []string{"answered", "did-you-mean", "declined", "error"} {
		if v := value(before, "pakbot_questions_total", "platform", "web", "outcome", outcome); v != 0 {
			t.Errorf("web questions %s before any = %v, want a series at 0", outcome, v)
		}
	}

	m.Question(bot.Web, bot.Answered, 3*time.Millisecond)
	m.Question(bot.Telegram, bot.Declined, time.Millisecond)
	m.Question(bot.Discord, bot.NearMiss, time.Millisecond)
	m.ModeratorWrite(bot.Discord, "editfact")
	m.RateLimited(bot.Telegram)
	m.Throttled(bot.Discord)
	m.FeedbackVote(bot.Telegram, bot.ChoiceUp)

	after := MustScrape(t, m)
	for _, tt := range []struct {
		family string
		labels []string
		want   float64
	}{
		{"pakbot_questions_total", []string{"platform", "web", "outcome", "answered"}, 1},
		{"pakbot_questions_total", []string{"platform", "telegram", "outcome", "declined"}, 1},
		{"pakbot_questions_total", []string{"platform", "discord", "outcome", "did-you-mean"}, 1},
		{"pakbot_answer_duration_seconds", []string{"platform", "web"}, 1},
		{"pakbot_moderator_writes_total", []string{"platform", "discord", "command", "editfact"}, 1},
		{"pakbot_rate_limited_total", []string{"platform", "telegram"}, 1},
		{"pakbot_platform_throttled_total", []string{"platform", "discord"}, 1},
		{"pakbot_feedback_votes_total", []string{"platform", "telegram", "vote", "up"}, 1},
		{"pakbot_index_facts", nil, 171},
		{"pakbot_index_generation", nil, 7},
	} {
		if got := value(after, tt.family, tt.labels...); got != tt.want {
			t.Errorf("%s%v = %v, want %v", tt.family, tt.labels, got, tt.want)
		}
	}
}
