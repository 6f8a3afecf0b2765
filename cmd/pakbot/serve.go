package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/pakbot/pakbot/bot"
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
	// builds a runner once flags are parsed. The runner calls ready once it
	// is connected and taking updates, blocks until ctx is cancelled and
	// returns after in-flight replies have been sent.
	AddFlags func(m *Main, fs *flag.FlagSet) buildRunner
}

// buildRunner builds the runner of one platform; see platform.AddFlags.
type buildRunner func(ctx context.Context, token string, engine *bot.Engine, ready func()) (run func(context.Context) error, err error)

var platforms []platform

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	dbPath := m.dbFlag(fs)
	retention := logRetentionFlag(fs)
	digestEvery := fs.Duration("digest-every", bot.DefaultDigestEvery,
		"how often the moderators' chats ($TELEGRAM_MODERATOR_CHAT, $DISCORD_MODERATOR_CHANNEL) get a digest of new misses and 👎")
	builders := make([]buildRunner, len(platforms))
	for i, p := range platforms {
		builders[i] = p.AddFlags(m, fs)
	}
	fs.Usage = func() {
		var envs []string
		for _, p := range platforms {
			envs = append(envs, p.TokenEnv)
		}
		fmt.Fprintf(fs.Output(), "Usage: pakbot serve [flags]\n\nStarts every platform whose token is set (%s).\n\n", strings.Join(envs, ", "))
		fs.PrintDefaults()
	}
	if _, err := m.parseFlags(fs, args); err != nil {
		return err
	}

	type enabled struct {
		name  string
		token string
		build buildRunner
	}
	var on []enabled
	var envs []string
	for i, p := range platforms {
		envs = append(envs, p.TokenEnv)
		if token := strings.TrimSpace(m.Getenv(p.TokenEnv)); token != "" {
			on = append(on, enabled{p.Name, token, builders[i]})
		}
	}
	if len(on) == 0 {
		return fmt.Errorf("no platform to serve: set %s (or several) to a bot token", strings.Join(envs, " or "))
	}
	if *digestEvery <= 0 {
		return usagef("--digest-every: %v is not a period; give one such as 24h", *digestEvery)
	}

	db, err := m.openKnowledge(ctx, *dbPath)
	if err != nil {
		return err
	}
	logOpts, err := m.questionLogOptions(db, *retention)
	if err != nil {
		return err
	}
	engine := m.newEngine(db, logOpts...)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var runs []func(context.Context) error
	for _, p := range on {
		// Serving is announced only once the platform is connected; then
		// the notices that waited for it are delivered.
		ready := func() {
			m.Logger.Info("serving", "platform", p.name)
			noticeCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			engine.DeliverWaitingNotices(noticeCtx, bot.Platform(p.name))
		}
		run, err := p.build(ctx, p.token, engine, ready)
		if err != nil {
			return fmt.Errorf("cannot start %s: %w", p.name, err)
		}
		runs = append(runs, run)
	}

	// Every platform runs until the context ends (a signal) or one of them
	// fails; then all are stopped and awaited before the database closes.
	var wg sync.WaitGroup
	errs := make([]error, len(runs))
	for i, run := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs[i] = fmt.Errorf("%s: %w", on[i].name, err)
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
	wg.Wait()
	m.Logger.Info("stopped")
	return errors.Join(errs...)
}
