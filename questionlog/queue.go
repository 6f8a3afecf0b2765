// Package questionlog writes the engine's question log off the reply
// path. Record puts an entry in a bounded queue and returns at once; a
// goroutine writes what has queued in batches, every interval or as soon
// as a batch is full. When the queue is full an entry is dropped and
// counted, never waited for: a reply is never slower for being logged. The
// same goroutine deletes the entries older than the retention period.
package questionlog

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pakbot/pakbot/bot"
)

// Defaults for the options below.
const (
	DefaultCapacity  = 4096
	DefaultBatchSize = 256
	DefaultInterval  = 500 * time.Millisecond
	// forgetEvery is how often old entries are looked for.
	forgetEvery = time.Hour
	// closeTimeout bounds the last write when the queue closes.
	closeTimeout = 10 * time.Second
)

// Queue is a bounded queue of entries on their way to a bot.QuestionLog.
// It implements bot.Recorder and is safe for concurrent use. Create it
// with New; Close writes what is left and stops it.
type Queue struct {
	store     bot.QuestionLog
	logger    *slog.Logger
	capacity  int
	batchSize int
	interval  time.Duration
	retention time.Duration
	now       func() time.Time

	entries chan bot.LoggedQuestion
	flushes chan chan error
	dropped atomic.Uint64
	written atomic.Uint64

	// mu guards closed: Record holds it for reading while it offers an
	// entry, so the channel is never closed under it.
	mu     sync.RWMutex
	closed bool
	done   chan struct{}
	err    error // the last write's error, read after done
}

// Option configures a Queue.
type Option func(*Queue)

// WithCapacity sets how many entries may wait to be written (default
// 4096); more are dropped.
func WithCapacity(n int) Option { return func(q *Queue) { q.capacity = max(n, 1) } }

// WithBatchSize sets how many entries one write takes at most (default
// 256).
func WithBatchSize(n int) Option { return func(q *Queue) { q.batchSize = max(n, 1) } }

// WithInterval sets how often waiting entries are written (default
// 500ms).
func WithInterval(d time.Duration) Option {
	return func(q *Queue) {
		if d > 0 {
			q.interval = d
		}
	}
}

// WithRetention deletes entries asked longer ago than d, at start and every
// hour; 0 (the default) keeps them.
func WithRetention(d time.Duration) Option { return func(q *Queue) { q.retention = max(d, 0) } }

// WithLogger sets where failures and drops are logged; the default
// discards.
func WithLogger(l *slog.Logger) Option { return func(q *Queue) { q.logger = l } }

// WithClock sets the clock retention is measured with, for tests.
func WithClock(now func() time.Time) Option { return func(q *Queue) { q.now = now } }

// New starts a queue writing to store.
func New(store bot.QuestionLog, opts ...Option) *Queue {
	q := &Queue{
		store:     store,
		logger:    slog.New(slog.DiscardHandler),
		capacity:  DefaultCapacity,
		batchSize: DefaultBatchSize,
		interval:  DefaultInterval,
		now:       time.Now,
		flushes:   make(chan chan error),
		done:      make(chan struct{}),
	}
	for _, o := range opts {
		o(q)
	}
	q.entries = make(chan bot.LoggedQuestion, q.capacity)
	go q.run()
	return q
}

var _ bot.Recorder = (*Queue)(nil)

// Record queues an entry, or drops it when the queue is full or closed.
// It never waits for the store.
func (q *Queue) Record(e bot.LoggedQuestion) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed {
		q.dropped.Add(1)
		return
	}
	select {
	case q.entries <- e:
	default:
		q.dropped.Add(1)
	}
}

// Dropped counts the entries dropped because the queue was full or
// closed, or because the store kept failing.
func (q *Queue) Dropped() uint64 { return q.dropped.Load() }

// Written counts the entries written to the store.
func (q *Queue) Written() uint64 { return q.written.Load() }

// errClosed is returned by Flush after Close.
var errClosed = errors.New("the question log is closed")

// Flush writes every entry queued before it was called, and returns the
// write's error.
func (q *Queue) Flush(ctx context.Context) error {
	reply := make(chan error, 1)
	select {
	case q.flushes <- reply:
	case <-q.done:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops taking entries, writes those waiting and returns the last
// write's error. Entries recorded afterwards are dropped.
func (q *Queue) Close() error {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.entries)
	}
	q.mu.Unlock()
	<-q.done
	return q.err
}

// run writes batches until the queue is closed.
func (q *Queue) run() {
	defer close(q.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tick := time.NewTicker(q.interval)
	defer tick.Stop()
	forget := time.NewTicker(forgetEvery)
	defer forget.Stop()
	q.forget(ctx)

	var pending []bot.LoggedQuestion
	reported := uint64(0)
	for {
		select {
		case e, ok := <-q.entries:
			if !ok {
				wctx, wcancel := context.WithTimeout(ctx, closeTimeout)
				pending, q.err = q.write(wctx, pending)
				wcancel()
				q.dropped.Add(uint64(len(pending)))
				return
			}
			if pending = append(pending, e); len(pending) >= q.batchSize {
				pending, _ = q.write(ctx, pending)
			}
		case reply := <-q.flushes:
			pending = q.drain(pending)
			var err error
			pending, err = q.write(ctx, pending)
			reply <- err
		case <-tick.C:
			pending, _ = q.write(ctx, pending)
			if n := q.dropped.Load(); n > reported {
				q.logger.Warn("question log queue full: entries dropped", "dropped", n-reported, "dropped_total", n)
				reported = n
			}
		case <-forget.C:
			q.forget(ctx)
		}
	}
}

// drain takes every entry waiting in the channel.
func (q *Queue) drain(pending []bot.LoggedQuestion) []bot.LoggedQuestion {
	for {
		select {
		case e, ok := <-q.entries:
			if !ok {
				return pending
			}
			pending = append(pending, e)
		default:
			return pending
		}
	}
}

// write writes pending in batches and returns what could not be written:
// kept for the next try, but never more than the queue holds.
func (q *Queue) write(ctx context.Context, pending []bot.LoggedQuestion) ([]bot.LoggedQuestion, error) {
	for len(pending) > 0 {
		n := min(len(pending), q.batchSize)
		if err := q.store.LogQuestions(ctx, pending[:n]); err != nil {
			q.logger.Error("cannot write the question log; trying again later", "entries", len(pending), "err", err)
			if over := len(pending) - q.capacity; over > 0 {
				q.dropped.Add(uint64(over))
				pending = pending[over:]
			}
			return pending, err
		}
		q.written.Add(uint64(n))
		pending = pending[n:]
	}
	return pending[:0], nil
}

// forget deletes the entries past the retention period.
func (q *Queue) forget(ctx context.Context) {
	if q.retention <= 0 {
		return
	}
	n, err := q.store.ForgetQuestions(ctx, q.now().Add(-q.retention))
	if err != nil {
		q.logger.Error("cannot delete old questions from the log", "err", err)
		return
	}
	if n > 0 {
		q.logger.Info("deleted questions older than the retention period", "deleted", n, "retention", q.retention)
	}
}
