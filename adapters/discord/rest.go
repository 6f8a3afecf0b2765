package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultAPIURL is Discord's REST API base, before the version.
const DefaultAPIURL = "https://discord.com/api"

// maxRateLimitRetries bounds how often one request is retried after a 429.
const maxRateLimitRetries = 3

// errRateLimited reports a request dropped because Discord's retry_after
// would not end before the request's deadline.
var errRateLimited = errors.New("rate limited past the deadline")

// ParseAPIURL checks a REST API base URL such as DISCORD_API_URL: an
// absolute http(s) URL standing for https://discord.com/api, so that
// BASE/v9/gateway is where the gateway URL is discovered.
func ParseAPIURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("Discord API URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("Discord API URL %q: want an http(s) URL such as %s", s, DefaultAPIURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// apiTransport sends the requests discordgo addresses to Discord's API to
// another base URL. discordgo builds its URLs from package-level endpoint
// variables; rewriting per session keeps the configuration out of globals,
// so sessions with different bases (tests, proxies) can run side by side.
type apiTransport struct {
	from *url.URL // discordgo's API base, https://discord.com/api
	to   *url.URL
	next http.RoundTripper
	// throttled is called for every 429 answer.
	throttled func()
}

func (t *apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL
	rest, ok := strings.CutPrefix(u.Path, t.from.Path+"/")
	if !ok || u.Scheme != t.from.Scheme || u.Host != t.from.Host {
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	nu := *u
	nu.Scheme, nu.Host, nu.Path, nu.RawPath = t.to.Scheme, t.to.Host, t.to.Path+"/"+rest, ""
	out.URL, out.Host = &nu, ""
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		// The client reports the URL discordgo asked for; say where the
		// request really went.
		return nil, fmt.Errorf("via %s: %w", t.to.Redacted(), err)
	}
	if resp.StatusCode == http.StatusTooManyRequests && t.throttled != nil {
		t.throttled()
	}
	return resp, nil
}

// newHTTPClient returns the client a session uses for REST: requests go to
// api, connections are reused across the worker pool, each request gives
// up after timeout, and throttled is called for every 429 answer.
func newHTTPClient(api *url.URL, workers int, timeout time.Duration, throttled func()) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = workers + 2
	from, _ := url.Parse(strings.TrimSuffix(discordgo.EndpointDiscord, "/") + "/api")
	return &http.Client{Timeout: timeout, Transport: &apiTransport{from: from, to: api, next: tr, throttled: throttled}}
}

// call runs one discordgo REST request with ctx's deadline. discordgo
// retries a rate-limited request forever, sleeping without looking at any
// deadline; here a 429 is retried only while its retry_after ends before
// the deadline, at most maxRateLimitRetries times, and errRateLimited
// reports the drop.
func call(ctx context.Context, request func(...discordgo.RequestOption) error) error {
	for attempt := 0; ; attempt++ {
		err := request(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(1))
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) {
			return err
		}
		wait := rl.RetryAfter
		if dl, ok := ctx.Deadline(); attempt == maxRateLimitRetries || (ok && time.Until(dl) < wait) {
			return fmt.Errorf("%w (retry after %v)", errRateLimited, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}
