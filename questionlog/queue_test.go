package questionlog_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/kbtest"
	"github.com/pakbot/pakbot/questionlog"
)

// gatedStore is a bot.QuestionLog whose writes wait until the gate opens,
// standing in for a database that is slow or locked.
type gatedStore struct {
	gate chan struct{}

	mu      sync.Mutex
	written []bot.LoggedQuestion
	batches int
	forgot  []time.Time
	fail    int // how many writes fail first
}

func newGatedStore() *gatedStore { return &gatedStore{gate: make(chan struct{})} }

func (s *gatedStore) open() { close(s.gate) }

func (s *gatedStore) LogQuestions(ctx context.Context, entries []bot.LoggedQuestion) error {
	select {
	case <-s.gate:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail > 0 {
		s.fail--
		return errors.New("database is locked")
	}
	s.written = append(s.written, entries...)
	s.batches++
	return nil
}

func (s *gatedStore) ForgetQuestions(_ context.Context, before time.Time) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forgot = append(s.forgot, before)
	return 0, nil
}

func (s *gatedStore) entries() []bot.LoggedQuestion {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.written)
}

func entry(i int) bot.LoggedQuestion {
	return bot.LoggedQuestion{AnswerID: fmt.Sprintf("%016x", i), Platform: bot.Telegram, UserID: "1", Question: fmt.Sprint("question ", i), Outcome: bot.LogDeclined}
}

// kb answers questions about exports and declines the rest.
func kb() *kbtest.Memory {
	src := bot.Source{ID: "pseb", Title: "IT Exports Report", URL: "https://pseb.org.pk/exports"}
	return &kbtest.Memory{
		TopicList:  []bot.Topic{{Name: "exports", Title: "IT exports", Description: "IT exports"}},
		SourceList: []bot.Source{src},
		Facts: []bot.Fact{{Key: "exports-fy24", Topic: "exports", SourceID: "pseb", Source: src, Keywords: []string{"exports"},
			Text: "Pakistan's IT exports were $3.2 billion in FY 2023-24.", Period: bot.MustParsePeriod("FY2023-24")}},
	}
}

// TestBurstLosesNothingWithRoom asks 1,000 questions while the database
// is stuck: every reply comes back (none waits for the log), and once the
// database moves again every question is in the log, none dropped.
func TestBurstLosesNothingWithRoom(t *testing.T) {
	store := newGatedStore()
	q := questionlog.New(store, questionlog.WithCapacity(1024), questionlog.WithBatchSize(100))
	engine := bot.New(kb(), bot.WithQuestionLog(q))
	const n = 1000
	var wg sync.WaitGroup
	replies := make(chan bot.Reply, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := "How big were IT exports?"
			if i%2 == 1 {
				text = fmt.Sprintf("What is the population of city %d?", i)
			}
			replies <- engine.Handle(context.Background(), bot.Request{Platform: bot.Telegram, ChatID: fmt.Sprint(i), UserID: fmt.Sprint(i), Text: text})
		}()
	}
	// The store has not written a thing: every reply came without it.
	wg.Wait()
	close(replies)
	answered, ids := 0, map[string]bool{}
	for r := range replies {
		if r.Answered {
			answered++
		}
		if r.AnswerID == "" || ids[r.AnswerID] {
			t.Fatalf("reply with answer id %q (repeated: %v)", r.AnswerID, ids[r.AnswerID])
		}
		ids[r.AnswerID] = true
	}
	if answered != n/2 {
		t.Errorf("%d answered, want %d", answered, n/2)
	}
	if got := len(store.entries()); got != 0 {
		t.Fatalf("%d entries written while the store was stuck", got)
	}
	store.open()
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	written := store.entries()
	if len(written) != n || q.Dropped() != 0 || q.Written() != n {
		t.Errorf("%d written (%d counted), %d dropped; want all %d written", len(written), q.Written(), q.Dropped(), n)
	}
	for _, e := range written {
		if !ids[e.AnswerID] {
			t.Errorf("logged answer %s was never given", e.AnswerID)
		}
		delete(ids, e.AnswerID)
	}
	if store.batches > n/100+2 {
		t.Errorf("%d writes for %d entries, want batches of up to 100", store.batches, n)
	}
}

// TestFullQueueDropsAndCounts fills a small queue while the database is
// stuck: Record returns at once every time, and what found no room is
// counted as dropped.
func TestFullQueueDropsAndCounts(t *testing.T) {
	store := newGatedStore()
	q := questionlog.New(store, questionlog.WithCapacity(10), questionlog.WithBatchSize(5))
	for i := range 1000 {
		q.Record(entry(i))
	}
	if q.Dropped() == 0 {
		t.Error("a full queue dropped nothing")
	}
	store.open()
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if got := uint64(len(store.entries())); got+q.Dropped() != 1000 || got == 0 {
		t.Errorf("%d written and %d dropped, want them to make 1000", got, q.Dropped())
	}
	q.Record(entry(1001))
	if got := len(store.entries()); got+int(q.Dropped()) != 1001 {
		t.Errorf("an entry recorded after Close was neither written nor counted")
	}
}

func TestFlushWritesWhatWasRecorded(t *testing.T) {
	store := newGatedStore()
	store.open()
	q := questionlog.New(store, questionlog.WithInterval(time.Hour))
	defer q.Close()
	for i := range 3 {
		q.Record(entry(i))
	}
	if err := q.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := len(store.entries()); got != 3 {
		t.Errorf("%d entries written after Flush, want 3", got)
	}
}

func TestFailedWriteIsRetried(t *testing.T) {
	store := newGatedStore()
	store.fail = 1
	store.open()
	q := questionlog.New(store, questionlog.WithInterval(10*time.Millisecond))
	q.Record(entry(1))
	if err := q.Flush(context.Background()); err == nil {
		t.Error("Flush hid the store's failure")
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if got := store.entries(); len(got) != 1 || q.Dropped() != 0 {
		t.Errorf("after a failure then a success: %d written, %d dropped", len(got), q.Dropped())
	}
}

func TestRetentionForgetsAtStart(t *testing.T) {
	store := newGatedStore()
	store.open()
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	q := questionlog.New(store, questionlog.WithRetention(90*24*time.Hour), questionlog.WithClock(func() time.Time { return now }))
	q.Close()
	if want := now.Add(-90 * 24 * time.Hour); len(store.forgot) != 1 || !store.forgot[0].Equal(want) {
		t.Errorf("forgot before %v, want %v", store.forgot, want)
	}

	t.Run("ZeroKeepsEverything", func(t *testing.T) {
		store := newGatedStore()
		store.open()
		questionlog.New(store).Close()
		if len(store.forgot) != 0 {
			t.Errorf("a queue without retention forgot entries before %v", store.forgot)
		}
	})
}
