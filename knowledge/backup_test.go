package knowledge_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
)

// TestBackupWhileWriting copies a database while a moderator keeps adding
// facts to it: the copy must open, pass SQLite's check, answer, and hold
// every fact written before the copy began.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "pakbot.db")
	db := MustOpenSeededAt(t, path)
	defer db.Close()
	before, err := db.ListFacts(ctx, true)
	mustDo(t, err)

	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			nf := bot.NewFact{Topic: "startups", SourceURL: fmt.Sprintf("https://example.com/%d", i),
				Text: fmt.Sprintf("In 2025, incubator number %d graduated %d startups in zorbonics%d.", i, i+10, i)}
			if _, err := db.AddFact(ctx, nf, alice); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	backup := filepath.Join(dir, "backup.db")
	err = knowledge.Backup(ctx, path, backup)
	close(stop)
	wg.Wait()
	mustDo(t, err)

	copyDB, err := knowledge.Open(ctx, backup)
	mustDo(t, err)
	defer copyDB.Close()
	after, err := copyDB.ListFacts(ctx, true)
	mustDo(t, err)
	if len(after) < len(before) {
		t.Errorf("the backup holds %d facts, fewer than the %d before it began", len(after), len(before))
	}
	if hit, ok := topAnswer(t, copyDB, "How many software technology parks are there?"); !ok || !strings.Contains(hit.Fact.Text, "43") {
		t.Errorf("the backup does not answer: %+v", hit.Fact)
	}

	t.Run("RefusesToOverwrite", func(t *testing.T) {
		if err := knowledge.Backup(ctx, path, backup); err == nil || !strings.Contains(err.Error(), "exists already") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("NoDatabase", func(t *testing.T) {
		if err := knowledge.Backup(ctx, filepath.Join(dir, "missing.db"), filepath.Join(dir, "b2.db")); err == nil {
			t.Error("backed up a database that does not exist")
		}
		if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
			t.Error("backing up created the database")
		}
	})
}
