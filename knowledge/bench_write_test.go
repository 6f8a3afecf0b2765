package knowledge_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/benchdb"
	"github.com/pakbot/pakbot/knowledge"
)

// addFact is the moderator write measured below: AddFact as /addfact calls
// it, with its validation and near-duplicate search, then one transaction
// that adds the source, the fact and its first version, indexes it, records
// its words and audit entry, and updates the in-memory index.
// It returns the key AddFact chose.
func addFact(ctx context.Context, db *knowledge.DB, f bot.Fact) (string, error) {
	added, err := db.AddFact(ctx, bot.NewFact{
		Topic:     f.Topic,
		Text:      f.Text,
		SourceURL: "https://example.com/bench/" + f.SourceID,
		Period:    f.Period.Raw,
	}, bot.Actor{Platform: bot.Discord, ChatID: "bench", UserID: "1", Name: "bench moderator"})
	return added.Key, err
}

// moderatorFact returns the i-th fact a moderator adds: an ordinary sentence
// carrying invented words, so a search for the first must find it and no
// two facts look alike to the near-duplicate check. The
// word ends in q, which the stemmer leaves alone: "zentrixe" and
// "zentrixs" would both have become "zentrix".
func moderatorFact(i int, sourceID string) (bot.Fact, string) {
	word := "zentrix" + letters(i) + "q"
	return bot.Fact{
		Key:   fmt.Sprintf("bench-moderator-%d", i),
		Topic: "startups",
		Text: fmt.Sprintf("In 2025, the %s incubator run by %s in %s said it had helped %d startups raise seed funding.",
			word, "vel"+letters(i+7)+"q", "mor"+letters(i+13)+"q", 10+i%90),
		Period:   bot.MustParsePeriod("2025"),
		Keywords: []string{"incubator", "startups", "seed funding", word},
		SourceID: sourceID,
		Origin:   "moderator",
	}, word
}

// letters spells i in base 26 with a-z, so invented words stay words.
func letters(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i /= 26
		if i == 0 {
			return s
		}
	}
}

// BenchmarkModeratorWrite measures adding a fact to the 100k-fact knowledge
// base (on a copy of it): the write alone, checked to be searchable at once;
// questions alone; and the same questions while a moderator writes, back to
// back and ten times a second, reporting question latency against questions
// alone.
func BenchmarkModeratorWrite(b *testing.B) {
	ctx := context.Background()
	env := loadBenchEnv(b, 100_000)
	path, err := benchdb.Copy(env.path, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	db, err := knowledge.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	sources, err := db.Sources(ctx)
	if err != nil {
		b.Fatal(err)
	}
	sourceID := sources[0].ID
	engine := bot.New(db)
	written := 0
	write := func() (time.Duration, string, string, error) {
		f, word := moderatorFact(written, sourceID)
		written++
		start := time.Now()
		key, err := addFact(ctx, db, f)
		return time.Since(start), key, word, err
	}

	b.Run("facts=100k/write", func(b *testing.B) {
		var lat []time.Duration
		for b.Loop() {
			d, key, word, err := write()
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, d)
			hits, err := db.Search(ctx, "Which incubator is "+word+"?", 1)
			if err != nil {
				b.Fatal(err)
			}
			if len(hits) == 0 || hits[0].Fact.Key != key {
				b.Fatalf("fact %s is not found right after it was added", key)
			}
		}
		reportPercentiles(b, lat, "write-")
	})

	var alone float64
	b.Run("facts=100k/questions", func(b *testing.B) {
		var lat []time.Duration
		for i := 0; b.Loop(); i++ {
			start := time.Now()
			ask(ctx, engine, env.questions[i%len(env.questions)])
			lat = append(lat, time.Since(start))
		}
		reportPercentiles(b, lat, "")
		alone = percentile(lat, 0.99)
	})

	// Back to back is the worst case; ten a second is already far more
	// than moderators write.
	for _, pace := range []struct {
		name  string
		every time.Duration
	}{{"back-to-back", 0}, {"10-per-s", 100 * time.Millisecond}} {
		b.Run("facts=100k/questions+writes-"+pace.name, func(b *testing.B) {
			stop := make(chan struct{})
			var wg sync.WaitGroup
			var writes []time.Duration
			wg.Add(1)
			go func() {
				defer wg.Done()
				tick := time.NewTicker(max(pace.every, time.Nanosecond))
				defer tick.Stop()
				for {
					select {
					case <-stop:
						return
					default:
					}
					d, _, _, err := write()
					if err != nil {
						b.Error(err)
						return
					}
					writes = append(writes, d)
					if pace.every > 0 {
						select {
						case <-stop:
							return
						case <-tick.C:
						}
					}
				}
			}()
			var lat []time.Duration
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				ask(ctx, engine, env.questions[i%len(env.questions)])
				lat = append(lat, time.Since(start))
			}
			elapsed := b.Elapsed()
			close(stop)
			wg.Wait()
			reportPercentiles(b, lat, "")
			reportPercentiles(b, writes, "write-")
			b.ReportMetric(float64(len(writes))/elapsed.Seconds(), "writes/s")
			if alone > 0 {
				b.ReportMetric(percentile(lat, 0.99)/alone, "p99-vs-alone")
			}
		})
	}
}

// percentile returns the p-th quantile of sorted latencies, in ms.
func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return float64(sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]) / 1e6
}
