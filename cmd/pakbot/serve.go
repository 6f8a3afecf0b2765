package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/metrics"
	"github.com/pakbot/pakbot/web"
)

func init() { extraCommands["serve"] = (*Main).runServe }

// platform is one chat platform that `pakbot serve` can run. Each lives in
// its own file (serve_telegram.go, serve_discord.go) and registers itself.
type platform struct {
	// Name is shown in logs and errors ("telegram").
	Name string
	// TokenEnv is the variable that switches the platform on.
	TokenEnv string
	// AddFlags registers the platform's flags and returns a function that
	// builds the platform's service once flags are parsed.
	AddFlags func(m *Main, fs *flag.FlagSet) buildService
}

// buildService builds the service of one platform; see platform.AddFlags.
type buildService func(ctx context.Context, token string, env serveEnv) (service, error)

// serveEnv is what every platform is built with.
type serveEnv struct {
	engine  *bot.Engine
	metrics *metrics.Metrics
	// httpAddr is --http's address, which no platform may listen on too.
	httpAddr string
	// connected is for the platform to call once it is connected and
	// taking updates: serve then says it is serving and delivers the
	// notices that waited for the platform.
	connected func()
}

// service is a running part of `pakbot serve`.
type service struct {
	// run blocks until ctx is cancelled and returns after in-flight
	// replies have been sent.
	run func(context.Context) error
	// ready reports whether the service answers, for /readyz.
	ready func(context.Context) error
}

var platforms []platform

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	dbPath := m.dbFlag(fs)
	retention := logRetentionFlag(fs)
	digestEvery := fs.Duration("digest-every", bot.DefaultDigestEvery,
		"how often the moderators' chats ($TELEGRAM_MODERATOR_CHAT, $DISCORD_MODERATOR_CHANNEL) get a digest of new misses and 👎")
	httpAddr := fs.String("http", m.Getenv("PAKBOT_HTTP"), "serve /healthz, /readyz, /metrics and the web page on `ADDR`, such as 127.0.0.1:8090 ($PAKBOT_HTTP)")
	builders := make([]buildService, len(platforms))
	for i, p := range platforms {
		builders[i] = p.AddFlags(m, fs)
	}
	fs.Usage = func() {
		var envs []string
		for _, p := range platforms {
			envs = append(envs, p.TokenEnv)
		}
		fmt.Fprintf(fs.Output(), "Usage: pakbot serve [flags]\n\nStarts every platform whose token is set (%s), and the web side with --http.\n\n", strings.Join(envs, ", "))
		fs.PrintDefaults()
	}
	if _, err := m.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("serve takes no arguments, got %q", fs.Arg(0))
	}

	type enabled struct {
		name  string
		token string
		build buildService
	}
	var on []enabled
	var envs []string
	for i, p := range platforms {
		envs = append(envs, p.TokenEnv)
		if token := strings.TrimSpace(m.Getenv(p.TokenEnv)); token != "" {
			on = append(on, enabled{p.Name, token, builders[i]})
		}
	}
	addr := strings.TrimSpace(*httpAddr)
	if len(on) == 0 && addr == "" {
		return fmt.Errorf("nothing to serve: set %s (or several) to a bot token, or give --http ADDR for the web side", strings.Join(envs, " or "))
	}
	if *digestEvery <= 0 {
		return usagef("--digest-every: %v is not a period; give one such as 24h", *digestEvery)
	}
	if err := checkLogRetention(*retention); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var names []string
	var runs []func(context.Context) error
	mx := metrics.New()

	// The web side starts first, so /healthz answers and /readyz says what
	// is still starting while the database opens and platforms connect.
	var site *web.Server
	var opened atomic.Pointer[knowledge.DB]
	readies := make([]atomic.Pointer[func(context.Context) error], len(on))
	if addr != "" {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("cannot serve --http: %w", err)
		}
		site, err = web.New(web.WithLogger(m.Logger), web.WithMetrics(mx.Handler()))
		if err != nil {
			ln.Close()
			return err
		}
		names, runs = append(names, "web"), append(runs, func(ctx context.Context) error { return site.Run(ctx, ln) })
		site.AddCheck("database", func(ctx context.Context) error {
			db := opened.Load()
			if db == nil {
				return errors.New("opening the knowledge base")
			}
			return db.Ping(ctx)
		})
		site.AddCheck("index", func(context.Context) error {
			if db := opened.Load(); db == nil || !db.IndexStats().Loaded {
				return errors.New("loading the search index")
			}
			return nil
		})
		// Every platform is expected from the start, so /readyz never says
		// ready before the platforms have even been built.
		for i, p := range on {
			site.AddCheck(p.name, func(ctx context.Context) error {
				ready := readies[i].Load()
				if ready == nil {
					return errors.New("starting")
				}
				return (*ready)(ctx)
			})
		}
	}
	serving := func(i int) { m.Logger.Info("serving", "platform", names[i]) }
	stopWeb, webDone := startEarly(ctx, runs, serving)

	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return errors.Join(err, stopWeb())
	}
	opened.Store(db)
	logOpts, err := m.questionLogOptions(db, *retention)
	if err != nil {
		return errors.Join(err, stopWeb())
	}
	engine := m.newEngine(db, append(logOpts, bot.WithObserver(mx))...)
	mx.WatchIndex(func() metrics.IndexStats {
		s := db.IndexStats()
		return metrics.IndexStats{Facts: s.Facts, Terms: s.Terms, Generation: s.Generation}
	})
	if site != nil {
		site.SetKnowledge(db, engine)
	}

	var platformNames []string
	var platformRuns []func(context.Context) error
	for i, p := range on {
		env := serveEnv{engine: engine, metrics: mx, httpAddr: addr}
		// Serving is announced only once the platform is connected; then
		// the notices that waited for it are delivered.
		env.connected = func() {
			m.Logger.Info("serving", "platform", p.name)
			noticeCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			engine.DeliverWaitingNotices(noticeCtx, bot.Platform(p.name))
		}
		svc, err := p.build(ctx, p.token, env)
		if err != nil {
			return errors.Join(fmt.Errorf("cannot start %s: %w", p.name, err), stopWeb())
		}
		readies[i].Store(&svc.ready)
		platformNames, platformRuns = append(platformNames, p.name), append(platformRuns, svc.run)
	}

	// Every platform runs until the context ends (a signal) or one of them
	// (or the web side) fails; then all are stopped and awaited before the
	// database closes.
	var wg sync.WaitGroup
	errs := make([]error, len(platformRuns)+1)
	for i, run := range platformRuns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs[i] = fmt.Errorf("%s: %w", platformNames[i], err)
				cancel()
			}
		}()
	}
	if len(m.digests) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			engine.RunDigests(ctx, *digestEvery, m.digests...)
		}()
	}
	select {
	case <-webDone: // the web side failed
	case <-ctx.Done():
	}
	cancel()
	wg.Wait()
	errs[len(platformRuns)] = stopWeb()
	m.Logger.Info("stopped")
	return errors.Join(errs...)
}

// startEarly runs the services that start before the knowledge base opens
// (the web side) and returns a function that stops them and returns their
// error, and a channel closed when one of them ends by itself.
func startEarly(ctx context.Context, runs []func(context.Context) error, started func(int)) (stop func() error, done <-chan struct{}) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	errs := make([]error, len(runs))
	ended := make(chan struct{})
	var once sync.Once
	for i, run := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs[i] = err
			}
			once.Do(func() { close(ended) })
		}()
		started(i)
	}
	return func() error {
		cancel()
		wg.Wait()
		return errors.Join(errs...)
	}, ended
}

// sameAddr reports whether two listen addresses would take the same port
// on this host: a wildcard or empty host overlaps every other.
func sameAddr(a, b string) bool {
	ha, pa, errA := net.SplitHostPort(a)
	hb, pb, errB := net.SplitHostPort(b)
	if errA != nil || errB != nil {
		return a == b
	}
	wild := func(h string) bool { return h == "" || h == "0.0.0.0" || h == "::" }
	return pa == pb && (ha == hb || wild(ha) || wild(hb))
}
