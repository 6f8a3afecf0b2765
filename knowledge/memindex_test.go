package knowledge

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/synth"
	"github.com/pakbot/pakbot/understand"
)

// referenceSQL is how Search found its candidates before the index moved
// into memory: FTS5 scoring every matching row with bm25().
const referenceSQL = `
	SELECT rowid, bm25(facts_fts, 0.4, 1.0, 0.8, 1.0), topic, text, keywords, aliases
	FROM facts_fts WHERE facts_fts MATCH ? ORDER BY 2 LIMIT ?`

// evalQuestions are the questions of the answer-quality sets.
func evalQuestions(tb testing.TB) []string {
	tb.Helper()
	var qs []string
	for _, name := range []string{"../eval/dev.jsonl", "../eval/extra.jsonl"} {
		f, err := os.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q struct{ Q string }
			if json.Unmarshal(sc.Bytes(), &q) == nil && q.Q != "" {
				qs = append(qs, q.Q)
			}
		}
		f.Close()
	}
	return qs
}

// matchExpression is the FTS5 query the reference search ran.
func matchExpression(terms []string) string {
	var parts []string
	for _, t := range terms {
		parts = append(parts, `"`+t+`"`)
	}
	return strings.Join(parts, " OR ")
}

// hasTerm is how coverage used to test a column read back from FTS5.
func hasTerm(col, term string) bool { return slices.Contains(strings.Fields(col), term) }

// TestMemoryIndexRanksLikeFTS5 checks that the in-memory index picks the
// same candidates, with the same BM25 scores and coverage, as FTS5's bm25()
// did, on the real seeds and on a larger synthetic set. Search's answers
// stay what they were as long as this holds.
func TestMemoryIndexRanksLikeFTS5(t *testing.T) {
	base := mustSeeds(t)
	for _, c := range []struct {
		name string
		set  bot.Seeds
	}{{"Seeds", base}, {"Synthetic2000", synth.Grow(base, 2000)}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpenSeeded(t, c.set)
			questions := append(evalQuestions(t), synth.Questions(c.set, 400)...)
			compared := 0
			for _, question := range questions {
				db.mu.RLock()
				q := db.analyze(question)
				terms := q.searchTerms(db.vocab)
				got := db.vocab.topBM25(terms, candidates)
				gotCoverage := map[uint32]float64{}
				for _, d := range got {
					gotCoverage[d.id], _ = q.coverage(db.vocab.meta(d.id).bareText, "", func(term string) [numColumns]bool { return db.vocab.postingsOf(term).columns(d.id) })
				}
				db.mu.RUnlock()
				if len(terms) == 0 {
					if len(got) != 0 {
						t.Errorf("%q: no known terms but %d candidates", question, len(got))
					}
					continue
				}
				rows, err := db.read.QueryContext(ctx, referenceSQL, matchExpression(terms), candidates)
				if err != nil {
					t.Fatal(err)
				}
				var want []scoredDoc
				wantCoverage := map[uint32]float64{}
				for rows.Next() {
					var id int64
					var rank float64
					var cols [numColumns]string
					if err := rows.Scan(&id, &rank, &cols[0], &cols[1], &cols[2], &cols[3]); err != nil {
						t.Fatal(err)
					}
					want = append(want, scoredDoc{id: uint32(id), score: -rank})
					wantCoverage[uint32(id)], _ = q.coverage(cols[2] == "" && cols[3] == "", "", func(term string) (in [numColumns]bool) {
						for i, col := range cols {
							in[i] = hasTerm(col, term)
						}
						return in
					})
				}
				rows.Close()
				// Go's math.Log and C's log may differ in the last bit, so
				// scores are compared to 1e-12; the order must be the same.
				if !slices.EqualFunc(got, want, func(a, b scoredDoc) bool {
					return a.id == b.id && math.Abs(a.score-b.score) <= 1e-12*b.score
				}) {
					t.Errorf("%q (%s): candidates differ\n got %v\nwant %v", question, matchExpression(terms), got, want)
					continue
				}
				if !maps.Equal(gotCoverage, wantCoverage) {
					t.Errorf("%q: coverage differs\n got %v\nwant %v", question, gotCoverage, wantCoverage)
				}
				compared++
			}
			if compared < len(questions)/2 {
				t.Errorf("compared only %d of %d questions", compared, len(questions))
			}
		})
	}
}

// TestMemoryIndexFollowsWrites checks that after seeding, re-seeding with
// changed and new facts, the in-memory index equals one read afresh from
// the database.
func TestMemoryIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	base := mustSeeds(t)
	path := t.TempDir() + "/kb.db"
	db := mustSeededAt(t, path, base)
	defer db.Close()
	changed := synth.Grow(base, 400)
	changed.Facts[0].Text = "In 2021, Pakistan passed 100 million broadband subscribers, a new milestone for the PTA."
	changed.Facts[1].Keywords = append(changed.Facts[1].Keywords, "handsets")
	if rep, err := db.Seed(ctx, changed); err != nil {
		t.Fatal(err)
	} else if rep.Updated != 2 || rep.Added != 400-len(base.Facts) {
		t.Fatalf("seeding reported %+v, want 2 updated and %d added", rep, 400-len(base.Facts))
	}

	fresh, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	sameIndex(t, db, fresh)
}

// sameIndex checks that db's index, with the changes laid over its
// snapshot, holds what fresh's holds.
func sameIndex(t *testing.T, db, fresh *DB) {
	t.Helper()
	db.mu.RLock()
	got := db.vocab.build()
	db.mu.RUnlock()
	fresh.mu.RLock()
	want := fresh.vocab.build()
	fresh.mu.RUnlock()
	if got.docs != want.docs || got.tokens != want.tokens || got.maxLen != want.maxLen {
		t.Errorf("docs, tokens, longest = %d, %d, %d; read afresh %d, %d, %d", got.docs, got.tokens, got.maxLen, want.docs, want.tokens, want.maxLen)
	}
	if !slices.Equal(got.docLen, want.docLen) {
		t.Error("fact lengths differ from the database's")
	}
	if !reflect.DeepEqual(got.facts, want.facts) {
		t.Error("facts and their re-ranking data differ from the database's")
	}
	if !maps.EqualFunc(got.postings, want.postings, func(a, b postingList) bool { return slices.Equal(a, b) }) {
		t.Error("posting lists differ from the database's")
	}
	if !maps.Equal(got.words, want.words) {
		t.Error("surface words differ from the database's")
	}
	if !maps.Equal(got.names, want.names) {
		t.Error("name counts differ from the database's")
	}
	if !maps.Equal(got.sources, want.sources) {
		t.Error("sources differ from the database's")
	}
}

// TestFindIsBinarySearch checks find, which seek is tested against,
// against the standard library's binary search, in lists of every length
// up to a few dozen and for ids before, between, on and after theirs.
func TestFindIsBinarySearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := range 40 {
		for range 20 {
			var l postingList
			id := uint32(rng.IntN(3))
			for range n {
				l = append(l, posting{id: id})
				id += 1 + uint32(rng.IntN(4))
			}
			for id := range id + 2 {
				wantJ, wantFound := slices.BinarySearchFunc(l, id, func(p posting, id uint32) int {
					return cmp.Compare(p.id, id)
				})
				if j, found := l.find(id); j != wantJ || found != wantFound {
					t.Fatalf("find(%d) in %v = %d, %v; want %d, %v", id, l, j, found, wantJ, wantFound)
				}
			}
		}
	}
}

// TestFindHighIDs checks find at the top of the id range, where a
// comparison by subtraction would overflow 32 bits.
func TestFindHighIDs(t *testing.T) {
	l := postingList{{id: 0}, {id: 5}, {id: math.MaxUint32 - 1}, {id: math.MaxUint32}}
	for _, c := range []struct {
		id    uint32
		j     int
		found bool
	}{{0, 0, true}, {1, 1, false}, {5, 1, true}, {math.MaxUint32 - 2, 2, false}, {math.MaxUint32 - 1, 2, true}, {math.MaxUint32, 3, true}} {
		if j, found := l.find(c.id); j != c.j || found != c.found {
			t.Errorf("find(%d) = %d, %v; want %d, %v", c.id, j, found, c.j, c.found)
		}
	}
}

// TestSeekFindsAsBinarySearch checks that seeking ascending ids through a
// posting list finds each where a binary search of the whole list does.
func TestSeekFindsAsBinarySearch(t *testing.T) {
	var l postingList
	for id := uint32(3); id < 2000; id += 1 + id%7 {
		l = append(l, posting{id: id})
	}
	for _, stride := range []uint32{1, 2, 5, 40, 333, 1999} {
		j := 0
		for id := uint32(0); id < 2010; id += stride {
			var found bool
			j, found = l.seek(j, id)
			wantJ, wantFound := l.find(id)
			if j != wantJ || found != wantFound {
				t.Fatalf("stride %d: seek(%d) = %d, %v; find = %d, %v", stride, id, j, found, wantJ, wantFound)
			}
		}
	}
	if j, found := postingList(nil).seek(0, 7); j != 0 || found {
		t.Errorf("seek in an empty list = %d, %v", j, found)
	}
	// Ids spread unevenly: a dense run, wide gaps, another dense run,
	// looked up from any position at or before theirs.
	var skewed postingList
	for id := uint32(0); id < 300; id++ {
		skewed = append(skewed, posting{id: id})
	}
	for id := uint32(1000); id < 100000; id += 997 {
		skewed = append(skewed, posting{id: id})
	}
	for id := uint32(200000); id < 200050; id++ {
		skewed = append(skewed, posting{id: id})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		id := uint32(rng.IntN(210000))
		if rng.IntN(4) == 0 {
			id = skewed[rng.IntN(len(skewed))].id
		}
		wantJ, wantFound := skewed.find(id)
		from := rng.IntN(wantJ + 1)
		if j, found := skewed.seek(from, id); j != wantJ || found != wantFound {
			t.Fatalf("seek(%d, %d) = %d, %v; find = %d, %v", from, id, j, found, wantJ, wantFound)
		}
	}
}

// A country or its adjective is a place among a fact's names, never a
// firm: "Chinese phone maker Oppo" names one firm for "which two brands".
func TestNewNamesCountsCountriesAsPlaces(t *testing.T) {
	q := query{}
	others, places, countries := q.newNames(understand.Stem("chinese") + " " + understand.Stem("oppo") + " " + understand.Stem("karachi"))
	if others != 1 || places != 2 || countries != 1 {
		t.Errorf("Chinese, Oppo, Karachi: %d other names, %d places and %d countries, want 1, 2 and 1", others, places, countries)
	}
}
