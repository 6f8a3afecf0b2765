package bot

import (
	"context"
	"time"
)

// The moderators' digest: once a day, each moderators' chat gets the
// questions missed since its last digest, with buttons to fix them.

// Poster posts a reply, buttons included, to a chat of its platform.
// Adapters implement it for the moderators' chats.
type Poster interface {
	Post(ctx context.Context, chatID string, r Reply) error
}

// DigestTarget is a moderators' chat that gets digests.
type DigestTarget struct {
	Platform Platform
	ChatID   string
	Poster   Poster
}

func (t DigestTarget) key() string { return "digest " + string(t.Platform) + " " + t.ChatID }

// DefaultDigestEvery is how often digests go out.
const DefaultDigestEvery = 24 * time.Hour

// RunDigests sends each target, every period, a digest of the questions
// missed since its last one, until ctx ends. A target that never had a
// digest gets its first one period after it is first seen; nothing is sent
// when nothing is new. What was sent is remembered in the store, so a
// restart neither repeats a digest nor skips one; a digest that cannot be
// delivered is tried again at the next check.
func (e *Engine) RunDigests(ctx context.Context, every time.Duration, targets ...DigestTarget) {
	store := e.insights()
	if store == nil || len(targets) == 0 || every <= 0 {
		return
	}
	tick := time.NewTicker(min(every, time.Minute))
	defer tick.Stop()
	for {
		for _, t := range targets {
			e.digestTo(ctx, store, every, t)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// digestTo sends t its digest if one is due.
func (e *Engine) digestTo(ctx context.Context, store Insights, every time.Duration, t DigestTarget) {
	log := e.logger.With("platform", t.Platform, "chat", t.ChatID)
	mark, ok, err := store.DigestMark(ctx, t.key())
	if err != nil {
		log.ErrorContext(ctx, "cannot read when the last digest went out", "err", err)
		return
	}
	if !ok {
		// The first digest covers what comes from now on.
		if mark, err = store.LogMark(ctx); err == nil {
			mark.At = e.now()
			err = store.SaveDigestMark(ctx, t.key(), mark)
		}
		if err != nil {
			log.ErrorContext(ctx, "cannot start digests", "err", err)
		}
		return
	}
	if e.now().Sub(mark.At) < every {
		return
	}
	reply, next, news, err := e.Digest(ctx, mark)
	if err != nil {
		log.ErrorContext(ctx, "cannot build the digest", "err", err)
		return
	}
	if news {
		if err := t.Poster.Post(ctx, t.ChatID, reply); err != nil {
			log.WarnContext(ctx, "digest not delivered; trying again later", "err", err)
			return
		}
		log.InfoContext(ctx, "digest sent")
	}
	if err := store.SaveDigestMark(ctx, t.key(), next); err != nil {
		log.ErrorContext(ctx, "cannot record the digest", "err", err)
	}
}
