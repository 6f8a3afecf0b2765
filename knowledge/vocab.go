package knowledge

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/pakbot/pakbot/internal/editdist"
)

// vocabulary is the index's own list of terms with how many facts hold each.
// It weighs question words by rarity and corrects typos against real terms.
type vocabulary struct {
	df    map[string]int
	byLen map[int][]string
	docs  int
}

func newVocabulary() *vocabulary {
	return &vocabulary{df: map[string]int{}, byLen: map[int][]string{}}
}

func (v *vocabulary) addTerm(term string, docs int) {
	if v.df[term] == 0 {
		n := utf8.RuneCountInString(term)
		v.byLen[n] = append(v.byLen[n], term)
	}
	v.df[term] += docs
}

// idf is the BM25 inverse document frequency; unknown terms weigh most.
func (v *vocabulary) idf(term string) float64 {
	n := float64(max(v.docs, 1))
	df := float64(v.df[term])
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// correct returns the known term closest to an unknown one, allowing one
// edit for short words and two for long ones (an edit being an insertion,
// deletion, substitution or a swap of neighbours). Ties go to the more
// common term. Short words and numbers are never corrected.
func (v *vocabulary) correct(term string) (string, bool) {
	n := utf8.RuneCountInString(term)
	if n < 4 || strings.ContainsAny(term, "0123456789") {
		return "", false
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	best, bestDist, bestDF := "", limit+1, 0
	for l := n - limit; l <= n+limit; l++ {
		for _, cand := range v.byLen[l] {
			d := editdist.Distance(term, cand, limit)
			if d < bestDist || (d == bestDist && v.df[cand] > bestDF) {
				best, bestDist, bestDF = cand, d, v.df[cand]
			}
		}
	}
	return best, best != ""
}

// loadVocabulary reads the terms of the search index into memory.
func (db *DB) loadVocabulary(ctx context.Context) error {
	v := newVocabulary()
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM facts_fts`).Scan(&v.docs); err != nil {
		return fmt.Errorf("cannot count indexed facts: %w", err)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT term, doc FROM facts_vocab`)
	if err != nil {
		return fmt.Errorf("cannot read index vocabulary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var term string
		var docs int
		if err := rows.Scan(&term, &docs); err != nil {
			return fmt.Errorf("cannot read index vocabulary: %w", err)
		}
		v.addTerm(term, docs)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cannot read index vocabulary: %w", err)
	}
	db.mu.Lock()
	db.vocab = v
	db.mu.Unlock()
	return nil
}
