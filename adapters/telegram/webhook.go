package telegram

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// secretHeader carries the webhook's secret token on every delivery.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// RunWebhook listens on addr and serves ServeWebhook there.
func (a *Adapter) RunWebhook(ctx context.Context, publicURL, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("telegram: cannot listen for the webhook: %w", err)
	}
	return a.ServeWebhook(ctx, ln, publicURL)
}

// ServeWebhook receives updates over HTTP on ln until ctx is cancelled.
// It registers publicURL (which must reach ln, usually through a TLS
// reverse proxy) with setWebhook and a fresh random secret token, and
// serves updates POSTed to publicURL's path. A request without the right
// X-Telegram-Bot-Api-Secret-Token header gets 401 and is not processed.
//
// An update is acknowledged with 200 once a worker has taken it; while the
// adapter is stopping it gets 503, so Telegram delivers it again later.
// The webhook stays registered when ServeWebhook returns: updates that
// arrive meanwhile wait at Telegram and come in on the next start.
func (a *Adapter) ServeWebhook(ctx context.Context, ln net.Listener, publicURL string) error {
	u, err := url.Parse(publicURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		ln.Close()
		return fmt.Errorf("telegram: webhook URL %q is not an absolute https URL", publicURL)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	secret, err := newSecret()
	if err != nil {
		ln.Close()
		return err
	}
	if err := a.begin(ctx); err != nil {
		ln.Close()
		return err
	}

	srv := &http.Server{
		Handler:           a.webhookHandler(path, secret),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	// Register only once the server is up, so the first delivery finds it.
	err = a.call(ctx, "setWebhook", 0, func(ctx context.Context) error {
		_, err := a.api.SetWebhook(ctx, &tgbot.SetWebhookParams{
			URL:            publicURL,
			SecretToken:    secret,
			AllowedUpdates: allowedUpdates,
			MaxConnections: min(a.concurrency, 100),
		})
		return err
	})
	switch {
	case err != nil && ctx.Err() != nil:
		err = nil // stopped before the webhook was registered
	case err != nil:
		err = fmt.Errorf("telegram: cannot register the webhook: %w", err)
	default:
		a.logger.Info("serving webhook", "bot", "@"+a.me.Username, "path", path, "listen", ln.Addr().String())
		a.setReceiving(true)
		a.callOnReady()
		select {
		case <-ctx.Done():
		case serveErr := <-served:
			err = fmt.Errorf("telegram: webhook server stopped: %w", serveErr)
		}
	}

	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), replyTimeout)
	defer cancel()
	if shutErr := srv.Shutdown(shutdownCtx); shutErr != nil {
		srv.Close()
	}
	a.finish()
	a.logger.Info("webhook stopped")
	return err
}

// webhookHandler checks the secret token before anything else, because
// the library's own WebhookHandler answers 200 to a wrong one and only
// logs it.
func (a *Adapter) webhookHandler(path, secret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(secretHeader)), []byte(secret)) != 1 {
			a.logger.Warn("webhook request without the right secret token rejected", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var u models.Update
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&u); err != nil {
			a.logger.Warn("webhook request with an unreadable update", "err", err)
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if !a.accept(&u) {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// newSecret returns a random secret token in the alphabet Telegram allows
// (A-Z, a-z, 0-9, _ and -).
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("telegram: cannot make a webhook secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
