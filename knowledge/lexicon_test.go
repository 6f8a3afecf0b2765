package knowledge_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/understand"
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

	t.Run("RefusesWhatWouldChangeAnswers", func(t *testing.T) {
		// A word every question uses, a word the facts use (often the
		// pair written the wrong way round), and a meaning no fact
		// holds: each would change answers at once for every user.
		for _, c := range []struct{ word, means, says string }{
			{"the", "5g", "nearly every question uses"},
			{"growth", "tarraqi", "Did you mean /synonym tarraqi = growth?"},
			{"exports", "jobs", "already a word of my facts"},
			{"it exports", "naukri", "Did you mean /synonym naukri = it exports?"},
			{"tarraqi", "qwertyuiop", "No fact of mine says"},
			{"salam", "it exports", "is chat"},
			{"thanks", "startups", "is chat"},
		} {
			_, err := db.AddSynonym(ctx, c.word, c.means, alice)
			if err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "Nothing was saved.") {
				t.Errorf("AddSynonym(%q, %q) = %v; want %q", c.word, c.means, err, c.says)
			}
		}
		if syns, err := db.Synonyms(ctx); err != nil || len(syns) != 0 {
			t.Errorf("Synonyms = %v, %v; want none saved", syns, err)
		}
		if hit, ok := topAnswer(t, db, "How much did Pakistan's IT exports grow?"); !ok || !strings.Contains(hit.Fact.Text, "exports") {
			t.Errorf("exports questions changed: %+v (answered %v)", hit.Fact.Key, ok)
		}
	})
}

func TestSynonymsSurviveExportAndImport(t *testing.T) {
	ctx := context.Background()
	src := MustOpenSeededAt(t, filepath.Join(t.TempDir(), "src.db"))
	if _, err := src.AddSynonym(ctx, "rozgaarmauqe", "employment", alice); err != nil {
		t.Fatal(err)
	}
	if _, err := src.AddSynonym(ctx, "rozgaarmauqe", "jobs", bob); err != nil {
		t.Fatal(err)
	}
	dump, err := src.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(dump.Lexicon) != 1 || len(dump.Lexicon[0].Versions) != 2 {
		t.Fatalf("export holds lexicon %+v, want one word with two versions", dump.Lexicon)
	}

	t.Run("RestoredExactly", func(t *testing.T) {
		dst := MustOpen(t, filepath.Join(t.TempDir(), "dst.db"))
		if _, err := dst.Import(ctx, dump, bob); err != nil {
			t.Fatal(err)
		}
		again, err := dst.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again.Lexicon, dump.Lexicon) {
			t.Errorf("restored lexicon %+v, want %+v", again.Lexicon, dump.Lexicon)
		}
		syns, err := dst.Synonyms(ctx)
		if err != nil || len(syns) != 1 || syns[0].Means != "jobs" || syns[0].Version != 2 {
			t.Errorf("Synonyms after restore = %+v, %v", syns, err)
		}
	})
	t.Run("MergeKeepsLocalWork", func(t *testing.T) {
		dst := MustOpenSeededAt(t, filepath.Join(t.TempDir(), "dst.db"))
		if _, err := dst.AddSynonym(ctx, "rozgaarmauqe", "workforce", alice); err != nil {
			t.Fatal(err)
		}
		if _, err := dst.Import(ctx, dump, bob); err != nil {
			t.Fatal(err)
		}
		syns, err := dst.Synonyms(ctx)
		if err != nil || len(syns) != 1 || syns[0].Means != "workforce" {
			t.Errorf("Synonyms after merge = %+v, %v; want the local word kept", syns, err)
		}
	})
	t.Run("BadEntryRefused", func(t *testing.T) {
		bad := dump
		bad.Lexicon = []knowledge.DumpSynonym{{Word: "x;y", Versions: dump.Lexicon[0].Versions}}
		dst := MustOpen(t, filepath.Join(t.TempDir(), "dst.db"))
		if _, err := dst.Import(ctx, bad, bob); err == nil {
			t.Error("a lexicon word with punctuation was imported")
		}
	})
}

// TestWithLexicon checks that the built-in lexicon given to Open reads
// questions from the first one, under the moderators' synonyms.
func TestWithLexicon(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	seeded := MustOpenSeededAt(t, path)
	if _, err := seeded.AddSynonym(ctx, "rozgaarmauqe", "jobs", alice); err != nil {
		t.Fatal(err)
	}
	const builtIn = "How many kaamdhande will the Karachi IT Park create?"
	if hit, ok := topAnswer(t, seeded, builtIn); ok && hit.Fact.Key == "karachi-it-park-jobs" {
		t.Fatalf("answered without the lexicon: %s", hit.Fact.Key)
	}
	db, err := knowledge.Open(ctx, path, knowledge.WithLexicon([]understand.Entry{{Words: []string{"kaamdhande"}, Means: "jobs"}}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, question := range []string{
		builtIn,
		"How many rozgaarmauqe will the Karachi IT Park create?",
	} {
		if hit, ok := topAnswer(t, db, question); !ok || hit.Fact.Key != "karachi-it-park-jobs" {
			t.Errorf("%q got %+v (answered %v), want karachi-it-park-jobs", question, hit.Fact.Key, ok)
		}
	}
}

// TestWithLexiconFrom checks that a built-in lexicon read while Open runs
// reads questions as one given whole, and that Open fails, and says why,
// when it cannot be read.
func TestWithLexiconFrom(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pakbot.db")
	MustOpenSeededAt(t, path).Close()
	db, err := knowledge.Open(ctx, path, knowledge.WithLexiconFrom(func() ([]understand.Entry, error) {
		return []understand.Entry{{Words: []string{"kaamdhande"}, Means: "jobs"}}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if hit, ok := topAnswer(t, db, "How many kaamdhande will the Karachi IT Park create?"); !ok || hit.Fact.Key != "karachi-it-park-jobs" {
		t.Errorf("got %+v (answered %v), want karachi-it-park-jobs", hit.Fact.Key, ok)
	}
	db.Close()
	broken := errors.New("lexicon.txt: line 3: no words")
	if _, err := knowledge.Open(ctx, path, knowledge.WithLexiconFrom(func() ([]understand.Entry, error) { return nil, broken })); !errors.Is(err, broken) {
		t.Errorf("Open with a lexicon that cannot be read: %v, want %v", err, broken)
	}
}
