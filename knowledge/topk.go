package knowledge

import (
	"math"
	"slices"
	"sync"
)

// Top-k search skips most postings of common terms (MaxScore): each term
// has an upper bound of what it can add to a fact's score, from the
// highest weighted frequency and the shortest fact among its postings.
// Once k facts are found, a term whose bound, with those of all rarer
// terms, cannot lift a fact to the k-th score no longer proposes
// candidates; it is only looked up for facts the other terms propose.
// Every fact that could make the top k is scored in full, with the same
// arithmetic summed in the same term order as scoring every posting
// (topBM25Exhaustive), so the scores and their order are identical.

// termBound is what the postings of a term can score at most: their
// highest weighted frequency and the fewest terms a fact of theirs has.
// Adding a posting can only raise it; removing one leaves it an upper
// bound, only a looser one until the next fold.
type termBound struct {
	maxFreq float64
	minLen  uint32
}

// raise widens b to cover a posting with weighted frequency freq in a
// fact of length n.
func (b *termBound) raise(freq float64, n uint32) {
	b.maxFreq = max(b.maxFreq, freq)
	if b.minLen == 0 || n < b.minLen {
		b.minLen = n
	}
}

// boundOf measures the postings of a term.
func boundOf(l postingList, docLen func(uint32) uint32) termBound {
	var b termBound
	for _, p := range l {
		b.raise(weightedFreq(p.tf), docLen(p.id))
	}
	return b
}

// weightedFreq is a term's frequency in a fact, each column's count
// weighed by bm25Weights.
func weightedFreq(tf [numColumns]uint8) float64 {
	if tf[0]|tf[1]|tf[2]|tf[3] <= 3 {
		return smallFreq[tf[0]|tf[1]<<2|tf[2]<<4|tf[3]<<6]
	}
	var freq float64
	for c, w := range bm25Weights {
		for range tf[c] {
			freq += w
		}
	}
	return freq
}

// termScorer scores the postings of one term.
type termScorer struct {
	list postingList
	idf  float64
}

// newTermScorer weighs a term held by len(l) of the index's facts.
func (v *vocabulary) newTermScorer(l postingList) termScorer {
	n, hits := float64(v.docs), float64(len(l))
	idf := math.Log((n - hits + 0.5) / (hits + 0.5))
	if idf <= 0 {
		idf = 1e-6
	}
	return termScorer{list: l, idf: idf}
}

// score is the term's BM25 score in a fact with weighted frequency freq
// and length normalisation norm. The conversion keeps the product from
// being fused with a later sum, so every caller rounds alike.
func (s termScorer) score(freq, norm float64) float64 {
	return float64(s.idf * (float64(freq*(bm25K1+1.0)) / (freq + norm)))
}

// bound is the most the term can add to a fact's score.
func (v *vocabulary) bound(s termScorer, term string) float64 {
	b, ok := v.bounds[term]
	if !ok {
		i, _ := v.base.terms.find(term)
		b = termBound{v.base.maxFreq[i], v.base.minLen[i]}
	}
	return s.score(b.maxFreq, v.normByLen[b.minLen])
}

// betterDoc orders results: the higher score first, then the lower id.
func betterDoc(a, b scoredDoc) bool { return a.score > b.score || (a.score == b.score && a.id < b.id) }

// insertTop puts d into top, the best k so far in order, if it belongs.
func insertTop(top []scoredDoc, d scoredDoc, k int) []scoredDoc {
	if len(top) == k && !betterDoc(d, top[k-1]) {
		return top
	}
	i := len(top)
	for i > 0 && betterDoc(d, top[i-1]) {
		i--
	}
	top = slices.Insert(top, i, d)
	return top[:min(len(top), k)]
}

// boundSlack shrinks the score a fact must beat before it is skipped, so
// that a bound rounded a little low never skips a fact that belongs.
const boundSlack = 1 - 1e-9

// topBM25 returns the k facts holding any of terms with the highest BM25
// scores, best first. It ranks exactly as FTS5 does for
// `facts_fts MATCH '"t1" OR "t2" ...' ORDER BY bm25(...) LIMIT k`: the
// same formula, summed over terms in the same order, with ties going to the
// lower id. Terms must be distinct. The caller holds db.mu for reading.
func (v *vocabulary) topBM25(terms []string, k int) []scoredDoc {
	if v.docs == 0 || k <= 0 {
		return nil
	}
	// Terms in question order, for summing, and by bound, for skipping.
	type cursor struct {
		termScorer
		order int     // position in terms
		bound float64 // see bound
		at    int     // next posting
	}
	var cursors []*cursor
	for _, t := range terms {
		if l := v.postingsOf(t); len(l) > 0 {
			s := v.newTermScorer(l)
			cursors = append(cursors, &cursor{termScorer: s, order: len(cursors), bound: v.bound(s, t)})
		}
	}
	byBound := slices.Clone(cursors)
	slices.SortStableFunc(byBound, func(a, b *cursor) int { return cmpFloat(a.bound, b.bound) })
	// upTo[i] is the sum of the bounds of byBound[:i+1].
	upTo := make([]float64, len(byBound))
	sum := 0.0
	for i, c := range byBound {
		sum += c.bound
		upTo[i] = sum
	}

	top := make([]scoredDoc, 0, k+1)
	contrib := make([]float64, len(cursors))
	// byBound[:skipped] only score facts the others propose.
	skipped := 0
	for {
		if len(top) == k {
			threshold := top[k-1].score * boundSlack
			for skipped < len(byBound) && upTo[skipped] < threshold {
				skipped++
			}
		}
		// The next candidate: the lowest id a proposing term holds.
		next := uint32(math.MaxUint32)
		found := false
		for _, c := range byBound[skipped:] {
			if c.at < len(c.list) && c.list[c.at].id <= next {
				next, found = c.list[c.at].id, true
			}
		}
		if !found {
			break
		}
		norm := v.normByLen[v.docLen(next)]
		clear(contrib)
		for _, c := range byBound[skipped:] {
			if c.at < len(c.list) && c.list[c.at].id == next {
				contrib[c.order] = c.score(weightedFreq(c.list[c.at].tf), norm)
				c.at++
			}
		}
		for _, c := range byBound[:skipped] {
			// Facts come in id order: a skipped term's postings before
			// this one are of facts already decided.
			rest := c.list[c.at:]
			j, ok := rest.find(next)
			c.at += j
			if ok {
				contrib[c.order] = c.score(weightedFreq(c.list[c.at].tf), norm)
				c.at++
			}
		}
		score := 0.0
		for _, s := range contrib {
			if s != 0 {
				score += s
			}
		}
		top = insertTop(top, scoredDoc{id: next, score: score}, k)
	}
	return top
}

// cmpFloat compares two bounds, which are never NaN.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// accumulator sums scores per fact id; pooled, as it is as long as the
// highest fact id.
type accumulator struct {
	score   []float64
	touched []uint32
}

var accumulators = sync.Pool{New: func() any { return new(accumulator) }}

// topBM25Exhaustive is topBM25 scoring every posting of every term: the
// reference topBM25 is tested against, and the baseline of benchmarks.
func (v *vocabulary) topBM25Exhaustive(terms []string, k int) []scoredDoc {
	if v.docs == 0 || k <= 0 {
		return nil
	}
	acc := accumulators.Get().(*accumulator)
	defer accumulators.Put(acc)
	if n := v.maxID() + 1; len(acc.score) < n {
		acc.score = make([]float64, n)
	}
	for _, t := range terms {
		l := v.postingsOf(t)
		s := v.newTermScorer(l)
		for _, p := range l {
			if acc.score[p.id] == 0 {
				acc.touched = append(acc.touched, p.id)
			}
			acc.score[p.id] += s.score(weightedFreq(p.tf), v.normByLen[v.docLen(p.id)])
		}
	}
	top := make([]scoredDoc, 0, k+1)
	for _, id := range acc.touched {
		top = insertTop(top, scoredDoc{id: id, score: acc.score[id]}, k)
		acc.score[id] = 0
	}
	acc.touched = acc.touched[:0]
	return top
}
