package web_test

import (
	"context"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pakbot/pakbot/bot"
)

// chromium finds a Chromium (Debian's chromium package) or Chrome.
func chromium() (string, bool) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, true
		}
	}
	return "", false
}

// MustStartBrowser starts a headless Chromium for the test, or skips the
// test when there is none or it cannot start (missing libraries, a sandbox
// that forbids it). Anything that fails once it has started fails the
// test.
func MustStartBrowser(t *testing.T) context.Context {
	t.Helper()
	path, ok := chromium()
	if !ok {
		t.Skip("skipping the browser test: Chromium is not installed (on Debian: apt-get install chromium; .ci/run installs it)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // root in a container has no user namespace for the sandbox
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(390, 844), // a phone
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first Do starts the browser, and binds its life to ctx: no
	// timeout here, only on the steps after.
	if err := chromedp.Do(ctx); err != nil {
		t.Skipf("skipping the browser test: Chromium (%s) cannot start here: %v", path, err)
	}
	steps, cancelSteps := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelSteps)
	return steps
}

// TestInBrowser reads the site in a real browser, as a visitor on a phone
// would: the topics with their charts, a search, a fact's history, and a
// fact whose text holds markup.
func TestInBrowser(t *testing.T) {
	s := MustStartSite(t)
	f := mustSeedFact(t, s, bot.Fact{Key: "markup-test-2025", Topic: "exports", Period: bot.MustParsePeriod("2025"),
		Text: `In 2025, an IT exports test fact said <script>alert("x")</script> out loud.`},
		bot.Source{ID: "markup-source", URL: "https://example.com/test", Title: "A <b>test</b> source"})
	ctx := MustStartBrowser(t)
	count := func(selector string) int {
		t.Helper()
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(selector), chromedp.AtLeast(0)))
		if err != nil {
			t.Fatalf("counting %s: %v", selector, err)
		}
		return len(nodes)
	}
	text := func(selector string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
		if err != nil {
			t.Fatalf("reading %s: %v", selector, err)
		}
		return s
	}

	t.Run("HomeHasCharts", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`section#topic-exports`))); err != nil {
			t.Fatal(err)
		}
		title, err := chromedp.Run(ctx, chromedp.Title())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(title, "pakbot") {
			t.Errorf("title %q", title)
		}
		charts, bars := count(`figure.chart > svg`), count(`#topic-exports figure.chart svg rect`)
		if charts != 3 || bars != 4 {
			t.Errorf("%d charts, %d bars in IT exports; want 3 charts, and two series of two periods for exports", charts, bars)
		}
		if got := text(`#topic-exports figure.chart figcaption`); !strings.Contains(got, "Sources:") {
			t.Errorf("the chart's caption reads %q", got)
		}
	})

	t.Run("Search", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Navigate(s.srv.URL+"/"),
			chromedp.SendKeys(chromedp.ID("q"), "What were Pakistan's IT exports in FY 2023-24?"),
			chromedp.Click(chromedp.CSS(`form.search button`)),
			chromedp.WaitVisible(chromedp.CSS(`article.answer`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		if answer := text(`article.answer`); !strings.Contains(answer, "reached a record $3.223 billion") || !strings.Contains(answer, "MEA Tech Watch") {
			t.Errorf("the answer reads:\n%s", answer)
		}
		location, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if u, err := url.Parse(location); err != nil || u.Path != "/ask" || u.Query().Get("q") != "What were Pakistan's IT exports in FY 2023-24?" {
			t.Errorf("the search went to %s, want /ask?q=…", location)
		}
	})

	t.Run("FactHistory", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`article.answer a.history`)),
			chromedp.WaitVisible(chromedp.CSS(`ol.history`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		heading, history, versions := text(`h1`), text(`ol.history`), count(`li.version`)
		if !strings.Contains(heading, "it-exports-fy2023-24") || versions != 1 || !strings.Contains(history, "Version 1 (current)") ||
			!strings.Contains(history, "a rise of 24% on the year before") {
			t.Errorf("the history page: %q, %d versions:\n%s", heading, versions, history)
		}
	})

	t.Run("MarkupIsText", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.srv.URL+"/facts/"+f.Key), chromedp.WaitVisible(chromedp.CSS(`li.fact .text`))); err != nil {
			t.Fatal(err)
		}
		if got := text(`li.fact .text`); got != `In 2025, an IT exports test fact said <script>alert("x")</script> out loud.` {
			t.Errorf("the fact reads %q; want its markup shown as text", got)
		}
		if got := text(`li.fact cite`); got != "A <b>test</b> source" || count(`cite b`) != 0 {
			t.Errorf("the source reads %q; want its tags as text", got)
		}
		if n := count(`script`); n != 0 {
			t.Errorf("the page has %d script elements", n)
		}
	})
}
