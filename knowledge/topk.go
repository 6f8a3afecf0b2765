package knowledge

import (
	"math"
	"slices"
	"sync"

	"github.com/pakbot/pakbot/understand"
)

// Top-k search skips most postings of common terms (MaxScore). Each term
// has an upper bound of what it can add to a fact's score. Terms are
// scored from the highest bound down, rare terms first, until what the
// remaining terms could add together cannot lift a fact not yet seen to
// the k-th best score so far; the remaining terms then only add to the
// facts that can still make the top k, looked up one by one once those
// are few. The facts left are scored again with the same arithmetic,
// summed in the same term order, as scoring every posting
// (topBM25Exhaustive): the scores and their order are identical.
//
// A snapshot keeps each posting's impact, its score before the term's idf,
// and each term's highest impact, which is its exact bound; they hold
// while the index's length normalisation is the snapshot's, that is until
// a change moves the average fact length. Changed posting lists, and all
// lists after such a change, are scored from their frequencies and
// bounded by termBound.

// impact is a posting's BM25 score before it is weighed by the term's
// idf: its weighted frequency freq in a fact of length normalisation
// norm. The conversion keeps the product from being fused with the sum,
// so that every caller rounds alike.
func impact(freq, norm float64) float64 {
	return float64(freq*(bm25K1+1.0)) / (freq + norm)
}

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
	list    postingList
	impacts []float64 // by posting, when the snapshot's hold
	idf     float64
	bound   float64 // the most it adds to a fact's score
}

// scorer weighs term and bounds it; ok is false when no fact holds it.
func (v *vocabulary) scorer(term string) (s termScorer, ok bool) {
	b, changed := v.bounds[term]
	i := 0
	if changed {
		s.list = v.postings[term]
	} else if i, ok = v.base.terms.find(term); ok {
		s.list = v.base.postings[v.base.postOff[i]:v.base.postOff[i+1]]
	}
	if len(s.list) == 0 {
		return s, false
	}
	n, hits := float64(v.docs), float64(len(s.list))
	s.idf = math.Log((n - hits + 0.5) / (hits + 0.5))
	if s.idf <= 0 {
		s.idf = 1e-6
	}
	switch {
	case changed:
		s.bound = s.weigh(impact(b.maxFreq, v.normByLen[b.minLen]))
	case v.docs == v.base.docs && v.tokens == v.base.tokens:
		s.impacts = v.base.impacts[v.base.postOff[i]:v.base.postOff[i+1]]
		s.bound = s.weigh(v.base.maxImpact[i])
	default:
		s.bound = s.weigh(impact(v.base.maxFreq[i], v.normByLen[v.base.minLen[i]]))
	}
	return s, true
}

// weigh is the score of an impact for this term.
func (s termScorer) weigh(impact float64) float64 { return float64(s.idf * impact) }

// score is the score of the term's j-th posting.
func (s *termScorer) score(v *vocabulary, j int) float64 {
	if s.impacts != nil {
		return s.weigh(s.impacts[j])
	}
	p := s.list[j]
	return s.weigh(impact(weightedFreq(p.tf), v.normByLen[v.docLen(p.id)]))
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

// fewPostings is how many postings a question's terms may have for them
// all to be scored: skipping costs more than it saves below it.
const fewPostings = 4096

// boundSlack shrinks the score a fact must reach before it is dropped, so
// that sums rounded in another order never drop a fact that belongs.
const boundSlack = 1 - 1e-9

// topBM25 returns the k facts holding any of terms with the highest BM25
// scores, best first. It ranks exactly as FTS5 does for
// `facts_fts MATCH '"t1" OR "t2" ...' ORDER BY bm25(...) LIMIT k`: the
// same formula, summed over terms in the same order, with ties going to the
// lower id. Terms must be distinct. The caller holds db.mu for reading.
func (v *vocabulary) topBM25(terms []string, k int) []scoredDoc {
	return v.topBM25Held(terms, k, nil)
}

// topBM25Held is topBM25, noting in held which of terms the facts it
// scores again in question order hold, when held is not nil: re-ranking
// asks the same of the facts it returns, and finds it there rather than
// searching the posting lists again.
func (v *vocabulary) topBM25Held(terms []string, k int, held *heldTerms) []scoredDoc {
	if held != nil {
		held.reset(len(terms))
	}
	if v.docs == 0 || k <= 0 {
		return nil
	}
	acc := getAccumulator(v)
	defer acc.put()
	scorers := acc.scorers[:0] // in question order
	termOf := acc.termOf[:0]   // the index in terms of each scorer's term
	postings := 0
	for i, t := range terms {
		if s, ok := v.scorer(t); ok {
			scorers = append(scorers, s)
			termOf = append(termOf, i)
			postings += len(s.list)
		}
	}
	acc.scorers, acc.termOf = scorers, termOf
	if postings <= fewPostings {
		for _, s := range scorers {
			acc.add(v, s)
		}
		return acc.top(k)
	}
	order := slices.Grow(acc.order[:0], len(scorers))[:len(scorers)]
	acc.order = order
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(scorers[b].bound, scorers[a].bound) })
	// rest is what the terms from order[from:] could add to a fact at most.
	rest := func(from int) float64 {
		sum := 0.0
		for _, i := range order[from:] {
			sum += scorers[i].bound
		}
		return sum
	}

	// most is what the terms scored so far could have given a fact: the
	// k-th best score is no higher, so while the terms left could add as
	// much, finding it could not stop the scoring.
	threshold, scored, most := 0.0, 0, 0.0
	for ; scored < len(order); scored++ {
		if len(acc.touched) >= k && rest(scored) < most {
			threshold = acc.kth(k) * boundSlack
			if rest(scored) < threshold {
				break
			}
		}
		acc.add(v, scorers[order[scored]])
		most += scorers[order[scored]].bound
	}
	// Summed in question order already when every term was scored in it.
	exact := scored == len(order) && slices.IsSorted(order)
	// The remaining terms bring no new facts: they only add to those that
	// have a score. When the facts touched are few next to a term's
	// postings, those that can no longer make the top k are dropped and
	// the others looked up one by one. Otherwise the term's list is walked
	// adding only to facts touched, and dropping facts first would not
	// pay: about half of them stay, and a fact that cannot make the top k
	// stays below the threshold whatever is added to it.
	for ; scored < len(order); scored++ {
		s := scorers[order[scored]]
		if len(acc.touched)*16 < len(s.list) {
			live := acc.prune(rest(scored), threshold)
			acc.touched = live
			slices.Sort(live)
			j := 0
			for _, id := range live {
				var found bool
				if j, found = s.list.seek(j, id); found {
					acc.raise(id, s.score(v, j))
				}
			}
		} else {
			acc.addLive(v, s)
		}
		threshold = max(threshold, acc.kth(k)*boundSlack)
	}
	if len(acc.touched) >= k {
		threshold = acc.kth(k) * boundSlack
	}
	top := make([]scoredDoc, 0, k+1)
	cands := acc.cands[:0]
	for _, id := range acc.touched {
		score := acc.score[id]
		acc.score[id] = 0
		switch {
		case score < threshold:
		case exact:
			top = insertTop(top, scoredDoc{id: id, score: score}, k)
		default:
			cands = append(cands, id)
		}
	}
	acc.touched = acc.touched[:0]
	if !exact {
		slices.Sort(cands)
		acc.at = slices.Grow(acc.at[:0], len(scorers))[:len(scorers)]
		sums := v.sumInOrder(scorers, cands, acc.sums[:0], acc.at, held, termOf)
		for i, id := range cands {
			top = insertTop(top, scoredDoc{id: id, score: sums[i]}, k)
		}
		acc.sums = sums
	}
	acc.cands = cands
	return top
}

// sumInOrder scores the facts cands, sorted by id, summing the terms in
// question order as scoring every posting does; at is room for a position
// in each scorer's list. When held is not nil it notes there the
// frequencies of each term, the scorers' of terms termOf, in each fact.
func (v *vocabulary) sumInOrder(scorers []termScorer, cands []uint32, sums []float64, at []int, held *heldTerms, termOf []int) []float64 {
	sums = slices.Grow(sums, len(cands))[:len(cands)]
	clear(sums)
	var tfs [][numColumns]uint8
	if held != nil {
		held.ids = append(held.ids, cands...)
		held.tfs = slices.Grow(held.tfs, len(cands)*held.terms)[:len(cands)*held.terms]
		clear(held.tfs)
		tfs = held.tfs
	}
	// Fact by fact, then term by term: the searches of different terms do
	// not wait on one another, so their cache misses overlap.
	clear(at) // where each term's search got to, by scorer
	for i, id := range cands {
		for t := range scorers {
			s := &scorers[t]
			var found bool
			if at[t], found = s.list.seek(at[t], id); found {
				sums[i] += s.score(v, at[t])
				if tfs != nil {
					tfs[i*held.terms+termOf[t]] = s.list[at[t]].tf
				}
			}
		}
	}
	return sums
}

// heldTerms are the frequencies of a search's terms in the facts
// topBM25Held scored again in question order, the facts that could make
// its top k, for re-ranking to read rather than search the posting lists
// again. A fact not among them may still hold the terms.
type heldTerms struct {
	ids   []uint32            // sorted
	terms int                 // how many terms were searched
	tfs   [][numColumns]uint8 // tfs[i*terms+t]: term t in fact ids[i]; zero if absent
}

// reset empties held for a search of n terms.
func (h *heldTerms) reset(n int) {
	h.ids, h.tfs, h.terms = h.ids[:0], h.tfs[:0], n
}

// find returns the index of fact id among the facts held, if there.
func (h *heldTerms) find(id uint32) (int, bool) {
	return slices.BinarySearch(h.ids, id)
}

// add adds the scores of every posting of a term. It is where a search
// spends most of its time, so the two ways of scoring have a loop each,
// and the accumulator's slices are held in variables: appending to a field
// made the compiler reload every field for every posting. The loop over
// impacts reads a posting by its id alone (ranging over postings copied
// each to the stack: its frequencies are an array the compiler keeps in
// no register) and the idf once. Whether a posting's fact is new follows
// no pattern a branch predictor could learn, so that loop does not branch
// on it: it stores every fact after the touched ones and counts only the
// new.
func (acc *accumulator) add(v *vocabulary, s termScorer) {
	score, raised, floor := acc.score, acc.raised, acc.floor
	if s.impacts != nil {
		list, idf := s.list, s.idf
		n := len(acc.touched)
		touched := slices.Grow(acc.touched, len(list))[:n+len(list)]
		impacts := s.impacts[:len(list)]
		for j := range list {
			id := list[j].id
			old := score[id]
			touched[n] = id
			n += int(1 ^ nonZero(old))
			sum := old + float64(idf*impacts[j]) // s.weigh(impacts[j])
			score[id] = sum
			if sum >= floor {
				raised = append(raised, id)
			}
		}
		acc.touched, acc.raised = touched[:n], raised
		return
	}
	touched := acc.touched
	for _, p := range s.list {
		old := score[p.id]
		if old == 0 {
			touched = append(touched, p.id)
		}
		sum := old + s.weigh(impact(weightedFreq(p.tf), v.normByLen[v.docLen(p.id)]))
		score[p.id] = sum
		if sum >= floor {
			raised = append(raised, p.id)
		}
	}
	acc.touched, acc.raised = touched, raised
}

// nonZero is 1 if score is not zero, else 0, found without a branch.
// Scores are never negative, so only +0 has all bits clear.
func nonZero(score float64) uint64 {
	var nz uint64
	if math.Float64bits(score) != 0 {
		nz = 1
	}
	return nz
}

// prune drops the facts that cannot reach threshold with unscored more,
// zeroing their scores, and returns the others. About half go, with no
// pattern a branch predictor could learn: the loop is written without a
// branch on it, storing every fact and counting only those that stay.
func (acc *accumulator) prune(unscored, threshold float64) (live []uint32) {
	touched, score := acc.touched, acc.score
	n := 0
	for _, id := range touched {
		s := score[id]
		stays := 0
		if s+unscored >= threshold {
			stays = 1
		}
		touched[n] = id
		n += stays
		score[id] = s * float64(stays) // 0 when it goes
	}
	return touched[:n]
}

// addLive adds the scores of a term's postings to the facts that have a
// score, those touched, as add does to all. Whether a posting's fact has
// one follows no pattern a branch predictor could learn, so the loop over
// impacts does not branch on it: it adds to every posting's fact the
// impact masked to +0 for those without a score (never touched, or
// dropped), which leaves their score +0 and the others' as adding the
// impact does. It reads postings as add does.
func (acc *accumulator) addLive(v *vocabulary, s termScorer) {
	score, raised, floor := acc.score, acc.raised, acc.floor
	if s.impacts != nil {
		list, idf := s.list, s.idf
		impacts := s.impacts[:len(list)]
		for j := range list {
			id := list[j].id
			old := score[id]
			add := math.Float64bits(float64(idf*impacts[j])) & -nonZero(old) // s.weigh(impacts[j])
			sum := old + math.Float64frombits(add)
			score[id] = sum
			if sum >= floor { // never for a fact without a score: floor > 0
				raised = append(raised, id)
			}
		}
	} else {
		for _, p := range s.list {
			if old := score[p.id]; old != 0 {
				sum := old + s.weigh(impact(weightedFreq(p.tf), v.normByLen[v.docLen(p.id)]))
				score[p.id] = sum
				if sum >= floor {
					raised = append(raised, p.id)
				}
			}
		}
	}
	acc.raised = raised
}

// raise adds score to fact id's, noting the fact for kth if it reaches
// the k-th best score kth last found.
func (acc *accumulator) raise(id uint32, score float64) {
	score += acc.score[id]
	acc.score[id] = score
	if score >= acc.floor {
		acc.raised = append(acc.raised, id)
	}
}

// kth returns the k-th highest score accumulated so far, given at least
// k, and keeps the k facts that have the highest. The first call looks at
// every fact touched; later ones only at those k and the facts raised
// since to at least the k-th score it found: scores only grow, so a fact
// outside both has no more than that score and cannot change the k-th.
// That saves most of the work, as a search asks for the k-th score after
// every term and most facts touched have long fallen behind. The k best
// are kept in a heap, lowest on top: a fact that beats the lowest costs a
// few moves, where keeping them sorted moved them all.
func (acc *accumulator) kth(k int) float64 {
	best := acc.best[:0]
	keep := func(id uint32) {
		s := acc.score[id]
		if len(best) < k {
			best = append(best, scoredDoc{id: id, score: s})
			for i := len(best) - 1; i > 0; {
				up := (i - 1) / 2
				if best[up].score <= s {
					break
				}
				best[i], best[up] = best[up], best[i]
				i = up
			}
			return
		}
		if s <= best[0].score {
			return
		}
		// The new fact sinks from the top past every child lower than it,
		// each moved up into the hole it leaves. Which child is the
		// lower follows no pattern: it is chosen without a branch.
		i := 0
		for {
			low := 2*i + 1
			if low >= k {
				break
			}
			if r := low + 1; r < k {
				low += b2i(best[r].score < best[low].score)
			}
			if best[low].score >= s {
				break
			}
			best[i] = best[low]
			i = low
		}
		best[i] = scoredDoc{id: id, score: s}
	}
	if len(acc.lead) < k {
		for _, id := range acc.touched {
			keep(id)
		}
	} else {
		for _, id := range acc.lead {
			keep(id)
		}
		for _, id := range acc.raised {
			if !acc.leads[id] {
				acc.leads[id] = true // a fact is raised once a term: once is enough
				keep(id)
			}
		}
	}
	for _, id := range acc.lead {
		acc.leads[id] = false
	}
	for _, id := range acc.raised {
		acc.leads[id] = false
	}
	acc.lead, acc.raised = acc.lead[:0], acc.raised[:0]
	for _, d := range best {
		acc.lead = append(acc.lead, d.id)
		acc.leads[d.id] = true
	}
	acc.best = best
	acc.floor = best[0].score
	return acc.floor
}

// b2i is 1 for true and 0 for false, which the compiler finds without a
// branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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
	// lead are the facts with the k best scores when kth last looked,
	// marked in leads, and floor the k-th of those scores (+Inf before);
	// raised are the facts whose score reached floor since.
	lead   []uint32
	leads  []bool
	floor  float64
	raised []uint32
	best   []scoredDoc // see kth
	cands  []uint32    // facts that may make the top k
	sums   []float64   // their scores, see sumInOrder
	// Working space of topBM25Held, kept for the next search.
	scorers []termScorer
	termOf  []int
	order   []int
	at      []int
}

var accumulators = sync.Pool{New: func() any { return new(accumulator) }}

// getAccumulator returns an empty accumulator for the facts of v, to be
// put back when done.
func getAccumulator(v *vocabulary) *accumulator {
	var acc *accumulator
	if v.readied.Load() != nil {
		acc = v.readied.Swap(nil)
	}
	if acc == nil {
		acc = accumulators.Get().(*accumulator)
	}
	if n := v.maxID() + 1; len(acc.score) < n {
		acc.score, acc.leads = make([]float64, n), make([]bool, n)
	}
	acc.floor = math.Inf(1)
	return acc
}

// readyFirstSearch readies what the first search of a one-shot process
// would otherwise make on the way, on the core it leaves idle: an
// accumulator with its pages touched (900 KB at 100k facts, which this
// machine took 2.5-4 ms to fault in, at random, as the first terms were
// scored), left in readied for getAccumulator, and the tables understand
// builds when first asked.
func (v *vocabulary) readyFirstSearch() {
	acc := getAccumulator(v)
	clear(acc.score) // zero already: only their pages are touched
	clear(acc.leads)
	v.readied.Store(acc)
	understand.Prepare()
}

// put empties the accumulator of what top and topBM25 leave in it and
// returns it to the pool.
func (acc *accumulator) put() {
	for _, id := range acc.lead {
		acc.leads[id] = false
	}
	acc.lead, acc.raised = acc.lead[:0], acc.raised[:0]
	clear(acc.scorers) // they may point into a snapshot soon unmapped
	accumulators.Put(acc)
}

// topBM25Exhaustive is topBM25 scoring every posting of every term from
// its frequencies, as the index did before it kept impacts and skipped
// postings: the reference topBM25 is tested against, and the baseline of
// benchmarks.
func (v *vocabulary) topBM25Exhaustive(terms []string, k int) []scoredDoc {
	if v.docs == 0 || k <= 0 {
		return nil
	}
	acc := getAccumulator(v)
	defer acc.put()
	for _, t := range terms {
		if s, ok := v.scorer(t); ok {
			s.impacts = nil
			acc.add(v, s)
		}
	}
	return acc.top(k)
}

// top empties the accumulator into the k best facts, best first.
func (acc *accumulator) top(k int) []scoredDoc {
	top := make([]scoredDoc, 0, k+1)
	for _, id := range acc.touched {
		top = insertTop(top, scoredDoc{id: id, score: acc.score[id]}, k)
		acc.score[id] = 0
	}
	acc.touched = acc.touched[:0]
	return top
}
