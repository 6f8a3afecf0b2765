package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func init() { extraCommands["healthcheck"] = (*Main).runHealthcheck }

// healthcheckTimeout bounds one check; Docker's HEALTHCHECK has its own
// timeout around the whole command.
const healthcheckTimeout = 5 * time.Second

// runHealthcheck asks a running pakbot whether it is healthy: it GETs the
// URL (by default /healthz on $PAKBOT_HTTP) and succeeds on a 2xx answer.
// A slim container has no curl, so its HEALTHCHECK runs this.
func (m *Main) runHealthcheck(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(m.Stderr, "Usage: pakbot healthcheck [URL]\n\nExits 0 when URL answers with a 2xx status, 1 otherwise. The default URL is\n/healthz on the address in $PAKBOT_HTTP (pakbot serve --http).")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	target := fs.Arg(0)
	switch {
	case fs.NArg() > 1:
		fs.Usage()
		return flag.ErrHelp
	case target == "":
		u, err := healthzURL(m.Getenv("PAKBOT_HTTP"))
		if err != nil {
			return err
		}
		target = u
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("healthcheck: %q is not an http(s) URL", target)
	}
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("healthcheck: %s answered %s: %s", target, resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintf(m.Stdout, "%s: %s\n", target, strings.TrimSpace(string(body)))
	return nil
}

// healthzURL is /healthz on a --http address: ":8090" is reached on
// 127.0.0.1, and a wildcard host on loopback too.
func healthzURL(addr string) (string, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "", errors.New("healthcheck: give the URL to check, or set PAKBOT_HTTP to the address pakbot serve --http listens on")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("healthcheck: PAKBOT_HTTP %q is not host:port: %w", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
