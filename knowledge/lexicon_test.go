package knowledge_test

import (
	"context"
	"path/filepath"
	"testing"
)

func TestSynonyms(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	db := MustOpenSeededAt(t, path)
	const question = "How many rozgaarmauqe will the Karachi IT Park create?"

	if hit, ok := topAnswer(t, db, question); ok && hit.Fact.Key == "karachi-it-park-jobs" {
		t.Fatalf("answered before the synonym exists: %s", hit.Fact.Key)
	}
	added, err := db.AddSynonym(ctx, "RozgaarMauqe", "jobs", alice)
	if err != nil {
		t.Fatal(err)
	}
	if added.Word != "rozgaarmauqe" || added.Version != 1 || added.By != "alice" {
		t.Errorf("added %+v, want rozgaarmauqe at version 1 by alice", added)
	}

	t.Run("AnswersAtOnce", func(t *testing.T) {
		if hit, ok := topAnswer(t, db, question); !ok || hit.Fact.Key != "karachi-it-park-jobs" {
			t.Errorf("got %+v (answered %v), want karachi-it-park-jobs", hit.Fact.Key, ok)
		}
	})

	t.Run("AnotherProcessFollows", func(t *testing.T) {
		other := MustOpen(t, path)
		if hit, ok := topAnswer(t, other, question); !ok || hit.Fact.Key != "karachi-it-park-jobs" {
			t.Errorf("a second opening of the database got %+v (answered %v)", hit.Fact.Key, ok)
		}
	})

	t.Run("VersionedAndAudited", func(t *testing.T) {
		if _, err := db.AddSynonym(ctx, "rozgaarmauqe", "employment", bob); err != nil {
			t.Fatal(err)
		}
		removed, err := db.RemoveSynonym(ctx, "rozgaarmauqe", bob)
		if err != nil {
			t.Fatal(err)
		}
		if removed.Version != 3 {
			t.Errorf("removed at version %d, want 3", removed.Version)
		}
		if n := MustCountRows(t, path, "lexicon_versions"); n != 3 {
			t.Errorf("%d versions kept, want 3", n)
		}
		if syns, err := db.Synonyms(ctx); err != nil || len(syns) != 0 {
			t.Errorf("Synonyms after removal = %v, %v; want none", syns, err)
		}
	})

	t.Run("RefusesBadInput", func(t *testing.T) {
		for _, c := range [][2]string{{"", "jobs"}, {"x", ""}, {"a;DROP TABLE facts", "jobs"}, {"naukri", "نوکری"}, {"jobs", "jobs"}} {
			if _, err := db.AddSynonym(ctx, c[0], c[1], alice); err == nil {
				t.Errorf("AddSynonym(%q, %q) succeeded", c[0], c[1])
			}
		}
		if _, err := db.RemoveSynonym(ctx, "never-added", alice); err == nil {
			t.Error("removing a word never added succeeded")
		}
	})
}
