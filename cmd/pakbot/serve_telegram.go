package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/pakbot/pakbot/adapters/telegram"
	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/chart"
)

// defaultWebhookListen is where the webhook server listens when
// --telegram-webhook-url is given without --listen.
const defaultWebhookListen = ":8080"

func init() {
	platforms = append(platforms, platform{
		Name:     "telegram",
		TokenEnv: "TELEGRAM_BOT_TOKEN",
		AddFlags: addTelegramFlags,
	})
}

// addTelegramFlags registers the Telegram flags. TELEGRAM_API_URL points
// the bot at another Bot API server (a local one, or a test fake) and
// TELEGRAM_MODERATORS lists user ids that may curate facts everywhere.
func addTelegramFlags(m *Main, fs *flag.FlagSet) buildService {
	webhookURL := fs.String("telegram-webhook-url", "", "receive Telegram updates by webhook at this public https `URL` instead of long polling")
	listen := fs.String("listen", "", "`ADDR` the webhook server listens on, behind a TLS proxy for the webhook URL (default "+defaultWebhookListen+")")
	return func(ctx context.Context, token string, env serveEnv) (service, error) {
		if *listen != "" && *webhookURL == "" {
			return service{}, errors.New("--listen is only used with --telegram-webhook-url")
		}
		addr := *listen
		if addr == "" {
			addr = defaultWebhookListen
		}
		if *webhookURL != "" && env.httpAddr != "" && sameAddr(addr, env.httpAddr) {
			return service{}, fmt.Errorf("--http and the webhook's --listen are both %s: give them different addresses (the webhook listener serves only Telegram)", addr)
		}
		moderators, err := telegram.ParseUserIDs(m.Getenv("TELEGRAM_MODERATORS"))
		if err != nil {
			return service{}, fmt.Errorf("TELEGRAM_MODERATORS: %w", err)
		}
		opts := []telegram.Option{
			telegram.WithLogger(m.Logger.With("platform", "telegram")),
			telegram.WithModerators(moderators...),
			telegram.WithMetrics(env.metrics),
			telegram.WithCharts(chart.PNG),
			telegram.WithOnReady(env.connected),
		}
		if u := m.Getenv("TELEGRAM_API_URL"); u != "" {
			opts = append(opts, telegram.WithAPIURL(u))
		}
		a, err := telegram.New(ctx, token, env.engine, opts...)
		if err != nil {
			return service{}, err
		}
		env.engine.SetNotifier(bot.Telegram, a)
		if chat := strings.TrimSpace(m.Getenv("TELEGRAM_MODERATOR_CHAT")); chat != "" {
			if _, err := strconv.ParseInt(chat, 10, 64); err != nil {
				return service{}, fmt.Errorf("TELEGRAM_MODERATOR_CHAT %q is not a chat id (a number such as -1001234567890)", chat)
			}
			m.digests = append(m.digests, bot.DigestTarget{Platform: bot.Telegram, ChatID: chat, Poster: a})
		}
		ready := func(context.Context) error { return a.Ready() }
		if *webhookURL == "" {
			return service{run: a.Run, ready: ready}, nil
		}
		return service{run: func(ctx context.Context) error { return a.RunWebhook(ctx, *webhookURL, addr) }, ready: ready}, nil
	}
}
