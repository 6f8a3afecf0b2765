package main

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
	"github.com/pakbot/pakbot/chart"
	"github.com/pakbot/pakbot/internal/logtest"
)

// webAddr waits for serve's log to say where --http listens.
func webAddr(t *testing.T, logs *logtest.Buffer) string {
	t.Helper()
	re := regexp.MustCompile(`"web: listening" addr=(\S+)`)
	var addr string
	waitUntil(t, "the web side to listen", func() bool {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
			return true
		}
		return false
	})
	return "http://" + addr
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServeHTTPOnly(t *testing.T) {
	m, logs := testMain(map[string]string{})
	stop := serve(t, m, "--http", "127.0.0.1:0")
	base := webAddr(t, logs)
	if code, body := httpGet(t, base+"/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz = %d %s", code, body)
	}
	waitUntil(t, "/readyz to be 200", func() bool { code, _ := httpGet(t, base+"/readyz"); return code == 200 })
	_, ready := httpGet(t, base+"/readyz")
	if !strings.Contains(ready, `"database":"ok"`) || !strings.Contains(ready, `"index":"ok"`) {
		t.Errorf("/readyz = %s", ready)
	}
	if code, body := httpGet(t, base+"/"); code != 200 || !strings.Contains(body, "IT exports") {
		t.Errorf("/ = %d", code)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
	if strings.Contains(logs.String(), "platform=telegram") || strings.Contains(logs.String(), "platform=discord") {
		t.Errorf("serve with only --http started a chat platform:\n%s", logs.String())
	}
}

func TestServeHTTPWithTelegram(t *testing.T) {
	srv := telegramtest.NewServer(t, testToken)
	m, logs := testMain(map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL, "PAKBOT_HTTP": "127.0.0.1:0"})
	stop := serve(t, m)
	base := webAddr(t, logs)
	waitUntil(t, "/readyz to be 200", func() bool { code, _ := httpGet(t, base+"/readyz"); return code == 200 })
	if _, body := httpGet(t, base+"/readyz"); !strings.Contains(body, `"telegram":"ok"`) {
		t.Errorf("/readyz = %s, want telegram ok", body)
	}
	questions := func() float64 {
		_, body := httpGet(t, base+"/metrics")
		parser := expfmt.NewTextParser(model.UTF8Validation)
		families, err := parser.TextToMetricFamilies(strings.NewReader(body))
		if err != nil {
			t.Fatalf("/metrics: %v", err)
		}
		total := 0.0
		for _, metric := range families["pakbot_questions_total"].GetMetric() {
			for _, l := range metric.GetLabel() {
				if l.GetName() == "platform" && l.GetValue() == "telegram" {
					total += metric.GetCounter().GetValue()
				}
			}
		}
		return total
	}
	before := questions()

	user := models.User{ID: 5, FirstName: "Sana"}
	chat := telegramtest.PrivateChat(user)
	srv.PushUpdate(telegramtest.TextUpdate(chat, user, "What were Pakistan's IT exports in FY 2023-24?"))
	srv.WaitForCalls(t, "sendMessage", 1, 30*time.Second)
	waitUntil(t, "the question to be counted", func() bool { return questions() == before+1 })

	srv.PushUpdate(telegramtest.TextUpdate(chat, user, "/chart exports"))
	photos := srv.WaitForCalls(t, "sendPhoto", 2, 30*time.Second)
	for _, p := range photos {
		img, err := png.Decode(bytes.NewReader(p.Files["photo"].Data))
		if err != nil {
			t.Fatalf("sendPhoto carried no PNG: %v", err)
		}
		if b := img.Bounds(); b.Dx() != chart.Width || b.Dy() != chart.Height {
			t.Errorf("chart is %dx%d", b.Dx(), b.Dy())
		}
	}
	if !strings.Contains(photos[0].Sent.Caption+photos[1].Sent.Caption, "FY 2023-24: 3.223 USD bn") {
		t.Errorf("captions = %q, %q", photos[0].Sent.Caption, photos[1].Sent.Caption)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
}

func TestServeNeedsSomethingToServe(t *testing.T) {
	m, _ := testMain(map[string]string{})
	err := m.Run(context.Background(), []string{"serve", "--db", ":memory:"})
	if err == nil || !strings.Contains(err.Error(), "--http ADDR") || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("serve with nothing to serve: %v", err)
	}
}

func TestServeHTTPNotOnTheWebhookListener(t *testing.T) {
	srv := telegramtest.NewServer(t, testToken)
	m, _ := testMain(map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL})
	err := m.Run(context.Background(), []string{"serve", "--db", ":memory:", "--http", "127.0.0.1:0",
		"--telegram-webhook-url", "https://bot.example.org/telegram", "--listen", ":0"})
	if err == nil || !strings.Contains(err.Error(), "give them different addresses") {
		t.Errorf("serve with --http on the webhook's port: %v", err)
	}
}

func TestHealthcheck(t *testing.T) {
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.Error(w, `{"ready":false}`, http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"status":"ok"}`)
	}))
	defer healthy.Close()
	if r := runPakbot(t, nil, "", "healthcheck", healthy.URL+"/healthz"); r.err != nil || !strings.Contains(r.stdout, `{"status":"ok"}`) {
		t.Errorf("healthy: %v %q", r.err, r.stdout)
	}
	port := healthy.URL[strings.LastIndex(healthy.URL, ":"):]
	if r := runPakbot(t, map[string]string{"PAKBOT_HTTP": port}, "", "healthcheck"); r.err != nil {
		t.Errorf("healthcheck on $PAKBOT_HTTP=%s: %v", port, r.err)
	}
	if r := runPakbot(t, nil, "", "healthcheck", healthy.URL+"/readyz"); r.err == nil || !strings.Contains(r.err.Error(), "503") {
		t.Errorf("a 503 answer: %v", r.err)
	}
	if r := runPakbot(t, nil, "", "healthcheck", "http://127.0.0.1:1/healthz"); r.err == nil {
		t.Error("nothing listening, yet healthy")
	}
	for _, args := range [][]string{{"healthcheck"}, {"healthcheck", "ftp://example.org"}} {
		if r := runPakbot(t, nil, "", args...); r.err == nil {
			t.Errorf("pakbot %s succeeded", strings.Join(args, " "))
		}
	}
}
