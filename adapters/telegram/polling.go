package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Run answers updates fetched by long polling until ctx is cancelled, then
// waits for in-flight replies, confirms the last update to Telegram and
// returns nil. It returns an error if polling cannot start or Telegram
// rejects the token while polling.
//
// Delivery guarantee. Telegram keeps every update until a getUpdates call
// asks for a later offset. The library fetches a batch, records each
// update's id in memory as it hands it over, and confirms the batch with
// its next call. Run makes that safe to stop at any moment:
//
//   - updates are handed over one at a time, unbuffered, to a handler that
//     takes each one unconditionally (waiting for a free worker), so the
//     library never asks for a later offset while an update is still
//     queued inside it;
//   - every Run starts a fresh poller from the last update actually taken
//     (not from the library's in-memory position, which may be one update
//     further on when it was stopped mid-hand-over), so restarting the loop
//     in the same process neither skips nor repeats an update;
//   - on return, after in-flight replies are sent, Run confirms the last
//     update taken, so a new process does not receive it again.
//
// So across clean stops and restarts every update is answered exactly once.
// A crash (SIGKILL, power loss) can repeat the batch being worked on or,
// for updates already confirmed but not yet answered, lose its replies.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.begin(ctx); err != nil {
		return err
	}
	// A webhook left by an earlier ServeWebhook makes getUpdates fail
	// with 409 Conflict; pending updates are kept.
	err := a.call(ctx, "deleteWebhook", 0, func(ctx context.Context) error {
		_, err := a.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{})
		return err
	})
	if err != nil {
		a.finish()
		if ctx.Err() != nil {
			return nil // stopped before polling began
		}
		return fmt.Errorf("telegram: cannot switch to polling: %w", err)
	}

	pollCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var fatalMu sync.Mutex
	var fatal error
	a.mu.Lock()
	from := a.offset
	a.mu.Unlock()
	poller, err := tgbot.New(a.token, a.botOptions(
		tgbot.WithInitialOffset(from),
		tgbot.WithUpdatesChannelCap(0),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithWorkers(1),
		tgbot.WithAllowedUpdates(allowedUpdates),
		tgbot.WithDefaultHandler(func(_ context.Context, _ *tgbot.Bot, u *models.Update) { a.accept(u) }),
		tgbot.WithErrorsHandler(func(err error) {
			if errors.Is(err, tgbot.ErrorUnauthorized) {
				fatalMu.Lock()
				fatal = errors.New("telegram: the Bot API rejected the bot token while polling")
				fatalMu.Unlock()
				cancel()
			}
			if pollCtx.Err() != nil {
				// "some updates lost, ctx done": the update being handed
				// over when polling stopped. It was not taken, so the next
				// Run fetches it again.
				a.logger.Debug("polling stopped mid-batch", "err", a.redact(err))
				return
			}
			a.logger.Warn("polling error; the library retries", "err", a.redact(err))
		}),
	)...)
	if err != nil {
		a.finish()
		return fmt.Errorf("telegram: %w", a.redact(err))
	}

	a.logger.Info("polling for updates", "bot", "@"+a.me.Username, "from_update", from)
	a.setReceiving(true)
	a.callOnReady()
	poller.Start(pollCtx)
	a.finish()

	confirmCtx, stop := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer stop()
	if err := a.confirmOffset(confirmCtx); err != nil {
		a.logger.Warn("cannot confirm the last update; it may be delivered again", "err", err)
	}
	a.logger.Info("polling stopped")
	fatalMu.Lock()
	defer fatalMu.Unlock()
	return fatal
}

// confirmOffset tells Telegram that every update up to the last one taken
// has been handled, by asking for the next one without waiting. The
// library cannot do this (its getUpdates is internal), so it is one plain
// request in the same wire format.
func (a *Adapter) confirmOffset(ctx context.Context) error {
	a.mu.Lock()
	offset := a.offset
	a.mu.Unlock()
	if offset == 0 {
		return nil
	}
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	for _, f := range [][2]string{{"offset", strconv.FormatInt(offset+1, 10)}, {"limit", "1"}, {"timeout", "0"}} {
		if err := form.WriteField(f[0], f[1]); err != nil {
			return err
		}
	}
	if err := form.Close(); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.apiURL+"/bot"+a.token+"/getUpdates", &body)
	if err != nil {
		return a.redact(err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := a.client.Do(req)
	if err != nil {
		return a.redact(fmt.Errorf("confirm updates: %w", err))
	}
	defer resp.Body.Close()
	var envelope struct {
		OK          bool   `json:"ok"`
		Description string `json:"description"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&envelope); err != nil {
		return fmt.Errorf("confirm updates: cannot read the answer: %w", err)
	}
	if !envelope.OK {
		return fmt.Errorf("confirm updates: %s", envelope.Description)
	}
	return nil
}
