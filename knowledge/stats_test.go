package knowledge_test

import (
	"context"
	"testing"
)

func TestIndexStatsAndPing(t *testing.T) {
	ctx := context.Background()
	db := MustOpenSeeded(t)
	before := db.IndexStats()
	if live := len(MustAllFacts(t, db)); !before.Loaded || before.Facts != live || before.Terms == 0 {
		t.Fatalf("stats = %+v, want the index loaded with all %d live facts", before, live)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if _, err := db.RemoveFact(ctx, "it-exports-fy2023-24", alice); err != nil {
		t.Fatal(err)
	}
	after := db.IndexStats()
	if after.Facts != before.Facts-1 || after.Generation <= before.Generation {
		t.Errorf("after removing a fact: %+v, before %+v; want one fact fewer and a later generation", after, before)
	}
	db.Close()
	if err := db.Ping(ctx); err == nil {
		t.Error("Ping of a closed database succeeded")
	}
}
