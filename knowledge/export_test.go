package knowledge

// SetExhaustiveTopK makes db score every posting of every question term,
// as the index did before it skipped postings: a baseline for benchmarks.
func SetExhaustiveTopK(db *DB) { db.exhaustiveTopK = true }

// TopKRunners returns functions that find the candidates of questions[i]:
// skipping postings, as searches do, and scoring every posting. The index
// is held for reading until done is called.
func TopKRunners(db *DB, questions []string) (maxScore, exhaustive func(i int), done func()) {
	db.mu.RLock()
	v := db.vocab
	queries := make([][]string, len(questions))
	for i, q := range questions {
		queries[i] = db.analyze(q).searchTerms(v)
	}
	maxScore = func(i int) { v.topBM25(queries[i%len(queries)], candidates) }
	exhaustive = func(i int) { v.topBM25Exhaustive(queries[i%len(queries)], candidates) }
	return maxScore, exhaustive, db.mu.RUnlock
}
