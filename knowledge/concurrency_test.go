package knowledge

import (
	"context"
	"sync"
	"testing"
)

// TestConcurrentSearches runs searches from many goroutines at once, as
// the bot does when several chats ask together. Run with -race; without
// it, unsafe sharing may still show up as a crash.
func TestConcurrentSearches(t *testing.T) {
	db := mustOpenSeeded(t, mustSeeds(t))
	questions := []string{
		"What were Pakistan's IT exports in FY 2023-24?",
		"Türkiye's ambassador met whom?",
		"How many e-Rozgaar centres are planned?",
		"Qué pasó con las exportaciones en 2024?",
		"naïve café résumé broadband",
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				if _, err := db.Search(context.Background(), questions[(g+i)%len(questions)], 10); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
