package knowledge

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/pakbot/pakbot/internal/synth"
)

// TestTopKMatchesExhaustive checks that skipping postings (topBM25) finds
// the same facts with bit-for-bit the same scores, in the same order, as
// scoring every posting, for many random sets of common and rare terms,
// over a snapshot and over changes laid on it; and that the frequencies
// it notes for re-ranking are those of the posting lists.
func TestTopKMatchesExhaustive(t *testing.T) {
	ctx := context.Background()
	base := mustSeeds(t)
	db := mustOpenSeeded(t, synth.Grow(base, 3000))
	heldSome := false
	for _, stage := range []string{"Snapshot", "Changes"} {
		t.Run(stage, func(t *testing.T) {
			if stage == "Snapshot" {
				if err := db.fold(); err != nil {
					t.Fatal(err)
				}
			} else if _, err := db.Seed(ctx, synth.Grow(base, 3200)); err != nil {
				t.Fatal(err)
			}
			db.mu.RLock()
			defer db.mu.RUnlock()
			v := db.vocab
			if (stage == "Changes") != (len(v.postings) > 0) {
				t.Fatalf("%d posting lists changed since the snapshot", len(v.postings))
			}
			var terms []string
			for i := range v.base.terms.len() {
				terms = append(terms, v.base.terms.at(i))
			}
			for term := range v.postings {
				terms = append(terms, term)
			}
			slices.Sort(terms)
			terms = slices.Compact(terms)
			common := slices.Clone(terms)
			slices.SortFunc(common, func(a, b string) int { return cmp.Compare(v.df(b), v.df(a)) })
			common = common[:200]
			rng := rand.New(rand.NewPCG(5, 6))
			skippedSome := false
			var held heldTerms
			for range 3000 {
				var query []string
				for range 1 + rng.IntN(8) {
					pool := terms
					if rng.IntN(2) == 0 {
						pool = common
					}
					if term := pool[rng.IntN(len(pool))]; !slices.Contains(query, term) {
						query = append(query, term)
					}
				}
				k := []int{1, 3, 10, candidates}[rng.IntN(4)]
				got, want := v.topBM25Held(query, k, &held), v.topBM25Exhaustive(query, k)
				if !slices.Equal(got, want) {
					t.Fatalf("terms %q, k %d:\n got %v\nwant %v", query, k, got, want)
				}
				skippedSome = skippedSome || len(want) == k
				heldSome = heldSome || len(held.ids) > 0
				for i, id := range held.ids {
					for j, term := range query {
						var tf [numColumns]uint8
						if l := v.postingsOf(term); l != nil {
							if at, found := l.find(id); found {
								tf = l[at].tf
							}
						}
						if got := held.tfs[i*held.terms+j]; got != tf {
							t.Fatalf("terms %q: fact %d holds %q %v times, noted %v", query, id, term, tf, got)
						}
					}
				}
			}
			if !skippedSome {
				t.Error("no query filled its k results; nothing could be skipped")
			}
		})
	}
	if !heldSome {
		t.Error("no query noted what its facts hold")
	}
}

// TestKthFollowsRaisedScores checks the k-th best score kth finds, at
// first from every fact touched and then from the k best and the facts
// raised since, against sorting every score, as terms add to scores.
func TestKthFollowsRaisedScores(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		n := 50 + rng.IntN(500)
		acc := &accumulator{score: make([]float64, n), leads: make([]bool, n), floor: math.Inf(1)}
		k := 1 + rng.IntN(40)
		for term := range 6 {
			for range rng.IntN(n) {
				id := uint32(rng.IntN(n))
				if acc.score[id] == 0 {
					acc.touched = append(acc.touched, id)
				}
				// Few distinct values, so that ties are common.
				acc.raise(id, float64(1+rng.IntN(5)))
			}
			if len(acc.touched) < k {
				continue
			}
			var all []float64
			for _, id := range acc.touched {
				all = append(all, acc.score[id])
			}
			slices.Sort(all)
			if got, want := acc.kth(k), all[len(all)-k]; got != want {
				t.Fatalf("after term %d, k %d: kth = %v, want %v", term, k, got, want)
			}
			for id := range acc.leads {
				if acc.leads[id] != slices.Contains(acc.lead, uint32(id)) {
					t.Fatalf("fact %d marked %v among the k best", id, acc.leads[id])
				}
			}
		}
	}
}
