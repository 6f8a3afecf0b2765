// Package web is pakbot's HTTP side: health and readiness checks for the
// service manager, Prometheus metrics, and a read-only web page of the
// knowledge, rendered on the server with html/template and needing no
// JavaScript.
//
// The page shows every topic with its facts, newest period first, each
// with its citation; a chart (inline SVG) of every series with figures for
// two or more periods; a page per fact with every version's text; the
// sources; and a search box that asks the same engine as chat. Everything
// a user or moderator wrote is escaped by html/template, and the content
// security policy forbids scripts altogether.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/pakbot/pakbot/bot"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var staticFS embed.FS

// Knowledge is what the pages read; *knowledge.DB implements it.
type Knowledge interface {
	bot.Knowledge
	// Fact returns the current version of a fact, removed or not.
	Fact(ctx context.Context, key string) (bot.Fact, error)
	// History lists every version of a fact, oldest first.
	History(ctx context.Context, key string) ([]bot.Version, error)
}

// Asker answers the search box; *bot.Engine implements it.
type Asker interface {
	AskOn(ctx context.Context, p bot.Platform, question string) bot.Reply
}

// Server serves the HTTP side. Create it with New; the pages answer once
// SetKnowledge has given them something to show, while /healthz and
// /readyz answer from the start.
type Server struct {
	logger  *slog.Logger
	metrics http.Handler
	pages   map[string]*template.Template
	css     []byte
	mux     *http.ServeMux

	mu     sync.RWMutex
	kb     Knowledge
	asker  Asker
	checks []check
}

// check is one named readiness condition.
type check struct {
	name  string
	ready func(context.Context) error
}

// Option configures a Server.
type Option func(*Server)

// WithLogger sets where the server logs; the default discards.
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.logger = l } }

// WithMetrics serves h (Prometheus' handler) at /metrics.
func WithMetrics(h http.Handler) Option { return func(s *Server) { s.metrics = h } }

// New returns a server whose pages wait for SetKnowledge.
func New(opts ...Option) (*Server, error) {
	s := &Server{logger: slog.New(slog.DiscardHandler), pages: map[string]*template.Template{}}
	for _, o := range opts {
		o(s)
	}
	for _, name := range []string{"index", "topic", "fact", "sources", "ask", "error"} {
		t, err := template.New(name).Funcs(templateFuncs()).ParseFS(templateFS, "templates/layout.html", "templates/parts.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: cannot parse the %s page: %w", name, err)
		}
		s.pages[name] = t
	}
	css, err := fs.ReadFile(staticFS, "static/style.css")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.css = css
	s.mux = s.routes()
	return s, nil
}

// SetKnowledge makes the pages show kb and the search box ask asker.
func (s *Server) SetKnowledge(kb Knowledge, asker Asker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kb, s.asker = kb, asker
}

// AddCheck adds a condition /readyz requires, reported under name
// ("database", "telegram"). ready returns nil when the condition holds, or
// an error saying what is missing.
func (s *Server) AddCheck(name string, ready func(context.Context) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append(s.checks, check{name, ready})
}

// ServeHTTP serves every route with the security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	s.mux.ServeHTTP(w, r)
}

// contentSecurityPolicy allows the page's own stylesheet and nothing
// else: no script at all (the pages need none), no plugins, no framing.
// Charts are inline SVG, part of the document, so they need no source.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Run serves on ln until ctx is cancelled, then stops taking requests and
// lets those in flight finish for up to five seconds.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.logger.Info("web: listening", "addr", ln.Addr().String())
	select {
	case err := <-served:
		return fmt.Errorf("web: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("web: %w", err)
	}
	s.logger.Info("web: stopped")
	return nil
}
