package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/metrics"
	"github.com/pakbot/pakbot/seeds"
	"github.com/pakbot/pakbot/web"
)

// site is a web server over the real seeds and engine.
type site struct {
	srv     *httptest.Server
	db      *knowledge.DB
	metrics *metrics.Metrics
	web     *web.Server
}

// MustStartSite serves the seeded knowledge base at a test URL, with
// metrics, the way pakbot serve --http does.
func MustStartSite(tb testing.TB) *site {
	tb.Helper()
	ctx := context.Background()
	db, err := knowledge.Open(ctx, ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC) }
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Seed(ctx, set); err != nil {
		tb.Fatal(err)
	}
	m := metrics.New()
	w, err := web.New(web.WithMetrics(m.Handler()))
	if err != nil {
		tb.Fatal(err)
	}
	w.SetKnowledge(db, bot.New(db, bot.WithReader(db.Reader()), bot.WithObserver(m)))
	w.AddCheck("database", db.Ping)
	s := &site{srv: httptest.NewServer(w), db: db, metrics: m, web: w}
	tb.Cleanup(s.srv.Close)
	return s
}

// get fetches a path and returns the response with its body read.
func (s *site) get(tb testing.TB, path string) (*http.Response, string) {
	tb.Helper()
	resp, err := http.Get(s.srv.URL + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, string(body)
}

func (s *site) mustGet(tb testing.TB, path string) string {
	tb.Helper()
	resp, body := s.get(tb, path)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
	}
	return body
}

func TestHome(t *testing.T) {
	s := MustStartSite(t)
	resp, body := s.get(t, "/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		"In FY 2023-24, Pakistan&#39;s IT exports reached a record $3.223 billion",
		`<a href="https://meatechwatch.com/?p=16838" rel="noopener noreferrer nofollow">Pakistan&#39;s IT and telecom achievements, FY 2023-24</a>`,
		`<a href="/facts/it-exports-fy2023-24">History</a>`,
		`<a href="/topics/exports">IT exports</a>`,
		`<form class="search" action="/ask" method="get"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the home page lacks %s", want)
		}
	}
	if n := strings.Count(body, `<svg class="chart"`); n != 3 {
		t.Errorf("%d charts on the home page, want 3 (IT exports, ICT remittances, broadband subscribers)", n)
	}
	// Newest period first: the exports topic opens with July to November 2024.
	exports := body[strings.Index(body, `id="topic-exports"`):]
	exports = exports[:strings.Index(exports, "</section>")]
	if a, b := strings.Index(exports, "July to November 2024"), strings.Index(exports, "FY 2023-24</time>"); a < 0 || b < 0 || a > b {
		t.Errorf("exports are not newest first (July to November 2024 at %d, FY 2023-24 at %d)", a, b)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := MustStartSite(t)
	for path, cache := range map[string]string{"/": "public, max-age=60", "/ask?q=exports": "no-store", "/style.css": "public, max-age=86400", "/healthz": "no-store", "/nosuch": "no-store"} {
		resp, _ := s.get(t, path)
		h := resp.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'none'") || !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "style-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
		if got := h.Get("Cache-Control"); got != cache {
			t.Errorf("%s: Cache-Control %q, want %q", path, got, cache)
		}
	}
	if resp, _ := s.get(t, "/"); strings.Contains(resp.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("the CSP allows inline code")
	}
}

// TestEveryLinkFromHomeWorks follows every link of the site from /, as a
// reader would, and expects each page to answer.
func TestEveryLinkFromHomeWorks(t *testing.T) {
	s := MustStartSite(t)
	href := regexp.MustCompile(`href="(/[^"]*)"`)
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		body := s.mustGet(t, strings.ReplaceAll(path, "&amp;", "&"))
		if strings.Contains(body, "<script") {
			t.Errorf("%s has a script element", path)
		}
		for _, m := range href.FindAllStringSubmatch(body, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				queue = append(queue, m[1])
			}
		}
	}
	facts := 0
	for path := range seen {
		if strings.HasPrefix(path, "/facts/") {
			facts++
		}
	}
	if facts < 100 || !seen["/sources"] || !seen["/topics/exports"] || !seen["/style.css"] {
		t.Errorf("followed %d pages (%d facts); want every fact's page, the sources and the topics", len(seen), facts)
	}
}

func TestFactPageShowsEveryVersion(t *testing.T) {
	s := MustStartSite(t)
	ctx := context.Background()
	by := bot.Actor{Platform: bot.Telegram, Name: "alice"}
	edited := "In FY 2023-24, Pakistan's IT exports reached $3.223 billion, a record and 24% more than a year before."
	if _, err := s.db.EditFact(ctx, "it-exports-fy2023-24", bot.FactEdit{Text: &edited}, by); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.RemoveFact(ctx, "it-exports-fy2023-24", by); err != nil {
		t.Fatal(err)
	}
	body := s.mustGet(t, "/facts/it-exports-fy2023-24")
	for _, want := range []string{
		"3 versions",
		"This fact has been removed from answers",
		"Version 3 (current)",
		"removed from answers by alice on telegram",
		"edited by alice on telegram",
		"<blockquote>In FY 2023-24, Pakistan&#39;s IT exports reached a record $3.223 billion, a rise of 24% on the year before.</blockquote>",
		"<blockquote>In FY 2023-24, Pakistan&#39;s IT exports reached $3.223 billion, a record and 24% more than a year before.</blockquote>",
		"<dt>Figure</dt><dd>3.223 USD bn</dd>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the fact page lacks %s", want)
		}
	}
	if resp, _ := s.get(t, "/facts/no-such-fact"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown fact answered %d", resp.StatusCode)
	}
}

// mustSeedFact adds a fact as the seeds do, without the checks a
// moderator's text gets (plain words): the site must show safely whatever
// a database holds, facts written before a rule among them.
func mustSeedFact(tb testing.TB, s *site, f bot.Fact, src bot.Source) bot.Fact {
	tb.Helper()
	ctx := context.Background()
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		tb.Fatal(err)
	}
	f.SourceID = src.ID
	set.Sources = append(set.Sources, src)
	set.Facts = append(set.Facts, f)
	if _, err := s.db.Seed(ctx, set); err != nil {
		tb.Fatal(err)
	}
	got, err := s.db.Fact(ctx, f.Key)
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

func TestUserTextIsEscaped(t *testing.T) {
	s := MustStartSite(t)
	f := mustSeedFact(t, s, bot.Fact{Key: "markup-test-2025", Topic: "exports", Period: bot.MustParsePeriod("2025"),
		Text: `In 2025, a <script>alert("x")</script> test fact about IT exports & "quotes".`},
		bot.Source{ID: "markup-source", URL: "https://example.com/a?b=1&c=<2>", Title: `<img src=x onerror=alert(1)>`})
	// A moderator's name is theirs to choose.
	period := "2025-01"
	if _, err := s.db.EditFact(context.Background(), f.Key, bot.FactEdit{Period: &period}, bot.Actor{Name: `<b>mallory</b>`}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/topics/exports", "/facts/" + f.Key, "/sources", "/ask?q=" + "script+test+fact+IT+exports+2025"} {
		body := s.mustGet(t, path)
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") || strings.Contains(body, "<b>mallory") {
			t.Errorf("%s lets markup through", path)
		}
		if path != "/sources" && !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Errorf("%s does not show the fact's text as text", path)
		}
	}
}

func TestAskCountsWebQuestions(t *testing.T) {
	s := MustStartSite(t)
	answered := func() float64 {
		_, body := s.get(t, "/metrics")
		parser := expfmt.NewTextParser(model.UTF8Validation)
		families, err := parser.TextToMetricFamilies(strings.NewReader(body))
		if err != nil {
			t.Fatalf("/metrics: %v", err)
		}
		for _, m := range families["pakbot_questions_total"].GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["platform"] == "web" && labels["outcome"] == "answered" {
				return m.GetCounter().GetValue()
			}
		}
		return -1
	}
	before := answered()
	body := s.mustGet(t, "/ask?q=What+were+Pakistan%27s+IT+exports+in+FY+2023-24%3F")
	for _, want := range []string{
		"In FY 2023-24, Pakistan&#39;s IT exports reached a record $3.223 billion",
		`<a class="ref" href="https://meatechwatch.com/?p=16838"`,
		`<a class="history" href="/facts/it-exports-fy2023-24">history</a>`,
		`value="What were Pakistan&#39;s IT exports in FY 2023-24?"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the answer page lacks %s", want)
		}
	}
	if after := answered(); after != before+1 {
		t.Errorf("web questions answered went from %v to %v, want one more", before, after)
	}
	declined := s.mustGet(t, "/ask?q=What+is+the+capital+of+France%3F")
	if !strings.Contains(declined, "I don&#39;t know that") || !strings.Contains(declined, `<a href="/topics/`) {
		t.Errorf("a declined question:\n%s", declined)
	}
	if resp, _ := s.get(t, "/ask?q="); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an empty question answered %d", resp.StatusCode)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	w, err := web.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if ct := resp.Header.Get("Content-Type"); strings.HasSuffix(path, "z") && ct != "application/json" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		return resp.StatusCode, strings.TrimSpace(string(body))
	}
	if code, body := get("/healthz"); code != 200 || body != `{"status":"ok"}` {
		t.Errorf("/healthz = %d %s", code, body)
	}
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, `"not_ready":["startup"]`) {
		t.Errorf("/readyz with nothing started = %d %s", code, body)
	}
	if code, _ := get("/"); code != 503 {
		t.Errorf("/ before the knowledge base is open = %d, want 503", code)
	}
	connected := false
	w.AddCheck("database", func(context.Context) error { return nil })
	w.AddCheck("telegram", func(context.Context) error {
		if !connected {
			return errString("telegram: not receiving updates")
		}
		return nil
	})
	if code, body := get("/readyz"); code != 503 || body != `{"ready":false,"checks":{"database":"ok","pages":"the knowledge base is still opening","telegram":"telegram: not receiving updates"},"not_ready":["pages","telegram"]}` {
		t.Errorf("/readyz with the pages not yet given the knowledge base and Telegram down = %d %s", code, body)
	}
	// The pages get the knowledge base after the database opens: ready
	// waits for them too, so a page never answers 503 once ready.
	db, err := knowledge.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w.SetKnowledge(db, bot.New(db))
	if code, body := get("/readyz"); code != 503 || body != `{"ready":false,"checks":{"database":"ok","telegram":"telegram: not receiving updates"},"not_ready":["telegram"]}` {
		t.Errorf("/readyz with Telegram down = %d %s", code, body)
	}
	connected = true
	if code, body := get("/readyz"); code != 200 || body != `{"ready":true,"checks":{"database":"ok","telegram":"ok"},"not_ready":[]}` {
		t.Errorf("/readyz with everything up = %d %s", code, body)
	}
	if code, _ := get("/metrics"); code != 404 {
		t.Errorf("/metrics without metrics = %d", code)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestReadOnly(t *testing.T) {
	s := MustStartSite(t)
	resp, err := http.Post(s.srv.URL+"/ask", "application/x-www-form-urlencoded", strings.NewReader("q=exports"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /ask = %d, want 405", resp.StatusCode)
	}
	if resp, _ := s.get(t, "/topics/nosuch"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown topic answered %d", resp.StatusCode)
	}
}
