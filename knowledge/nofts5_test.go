//go:build !sqlite_fts5 && !fts5

package knowledge_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pakbot/pakbot/knowledge"
)

// TestOpenWithoutFTS5 checks that a build without the sqlite_fts5 tag says
// so instead of failing later with an SQL error. Only this test passes in
// such a build; run it alone with
//
//	go test -run TestOpenWithoutFTS5 ./knowledge
func TestOpenWithoutFTS5(t *testing.T) {
	db, err := knowledge.Open(context.Background(), ":memory:")
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded in a build without FTS5")
	}
	if !errors.Is(err, knowledge.ErrNoFTS5) {
		t.Fatalf("got %v, want ErrNoFTS5", err)
	}
}
