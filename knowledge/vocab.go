package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/bits"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/editdist"
	"github.com/pakbot/pakbot/understand"
)

// vocabulary is the search index in memory: every term with the facts that
// hold it (see memindex.go). It ranks candidates, weighs question words by
// rarity and corrects typos against real terms.
type vocabulary struct {
	postings map[string]postingList
	// docLen is the number of terms of each indexed fact, by fact id.
	docLen []uint32
	meta   []factMeta // by fact id
	maxLen int        // the most terms a fact has had
	// normByLen is the BM25 length normalisation by fact length, see
	// refreshNorms.
	normByLen []float64
	docs      int
	tokens    int
	gen       int64 // the stored index generation this reflects, see sync.go
	// words maps surface words to their terms; typos are corrected against
	// them, bucketed by first letter and length in buckets.
	words   map[string]string
	buckets map[bucketKey][]bucketWord
	// names counts the facts giving each name term (see factMeta.names).
	names map[string]int32
	// surfaces are the words facts wrote for each term ("universal" and
	// "universe" share "univers").
	surfaces map[string][]string
	sounds   soundIndex
}

// soundIndex maps the sound of each word the facts use (understand.Sound)
// to its term, so that an English word or name written in Urdu letters
// finds it. It is built when a question first needs it and again after
// words were added, under its own lock, as searches hold the index's
// read lock only.
type soundIndex struct {
	mu    sync.Mutex
	words int // len(vocabulary.words) when built
	terms map[string]string
}

// soundTerm finds the term of the word a word in Urdu letters sounds like
// ("ڈیولپمنٹ": develop). Of words that sound alike, the term more facts
// hold wins. A sound of only a few consonants matches too much, and
// stands only for a name the facts give ("فاطمہ": Fatima).
func (v *vocabulary) soundTerm(word string) (string, bool) {
	sound := understand.Sound(word)
	n := understand.SoundLetters(sound)
	if n < understand.MinSoundLetters {
		return "", false
	}
	v.sounds.mu.Lock()
	if v.sounds.terms == nil || v.sounds.words != len(v.words) {
		terms := map[string]string{}
		for w, t := range v.words {
			s := understand.Sound(w)
			if understand.SoundLetters(s) < understand.MinSoundLetters || v.df(t) == 0 {
				continue
			}
			if old, ok := terms[s]; !ok || v.df(t) > v.df(old) || v.df(t) == v.df(old) && t < old {
				terms[s] = t
			}
		}
		v.sounds.terms, v.sounds.words = terms, len(v.words)
	}
	term, ok := v.sounds.terms[sound]
	v.sounds.mu.Unlock()
	if !ok || n == understand.MinSoundLetters && !v.isName(term) {
		return "", false
	}
	return term, true
}

// bucketKey groups the words a typo can be corrected to: they start with
// the same letter and have about as many.
type bucketKey struct {
	first rune
	runes int
}

type bucketWord struct {
	word    string
	letters uint64 // letterSet(word)
}

func newVocabulary() *vocabulary {
	return &vocabulary{postings: map[string]postingList{}, words: map[string]string{}, buckets: map[bucketKey][]bucketWord{}, names: map[string]int32{}, surfaces: map[string][]string{}}
}

func (v *vocabulary) addWord(word, term string) {
	if _, ok := v.words[word]; ok {
		return
	}
	v.words[word] = term
	v.surfaces[term] = append(v.surfaces[term], word)
	first, _ := utf8.DecodeRuneInString(word)
	k := bucketKey{first, utf8.RuneCountInString(word)}
	v.buckets[k] = append(v.buckets[k], bucketWord{word, letterSet(word)})
}

// sameWord reports whether a question's word is one the facts wrote for
// term, up to inflection: "exports" for "export", but not "universities"
// for "universal", which the stemmer also makes "univers".
func (v *vocabulary) sameWord(word, term string) bool {
	base := understand.Base(word)
	for _, s := range v.surfaces[term] {
		b := understand.Base(s)
		if b == base || strings.HasPrefix(b, base) && len(b)-len(base) <= 2 || strings.HasPrefix(base, b) && len(base)-len(b) <= 2 {
			return true
		}
	}
	return len(v.surfaces[term]) == 0 // no record: trust the stemmer
}

// letterSet has a bit for each letter or digit in w (other characters share
// bits). One edit adds or removes at most two bits, so two words whose sets
// differ in more than 2*limit bits are more than limit edits apart: a cheap
// test that spares most edit-distance computations.
func letterSet(w string) uint64 {
	var set uint64
	for _, r := range w {
		switch {
		case 'a' <= r && r <= 'z':
			set |= 1 << (r - 'a')
		case '0' <= r && r <= '9':
			set |= 1 << (26 + r - '0')
		default:
			set |= 1 << (36 + r%28)
		}
	}
	return set
}

// idf is the BM25 inverse document frequency; unknown terms weigh most.
func (v *vocabulary) idf(term string) float64 {
	n := float64(max(v.docs, 1))
	df := float64(v.df(term))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// correct returns the indexed term of the known word closest to an unknown
// one, allowing one edit for short words and two for long ones (an edit
// being an insertion, deletion, substitution or a swap of neighbours). The
// first letter must match, as it does in most real typos; that keeps
// "light" from becoming "right". Ties go to the more common term. Short
// words and numbers are never corrected.
func (v *vocabulary) correct(word string) (string, bool) {
	n := utf8.RuneCountInString(word)
	if n < 4 || strings.ContainsAny(word, "0123456789") {
		return "", false
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	first, _ := utf8.DecodeRuneInString(word)
	letters := letterSet(word)
	best, bestDist, bestDF := "", limit+1, 0
	for l := n - limit; l <= n+limit; l++ {
		for _, cand := range v.buckets[bucketKey{first, l}] {
			if bits.OnesCount64(letters^cand.letters) > 2*limit {
				continue
			}
			d := editdist.Distance(word, cand.word, limit)
			if d > limit {
				continue
			}
			term := v.words[cand.word]
			if df := v.df(term); df > 0 && (d < bestDist || (d == bestDist && df > bestDF)) {
				best, bestDist, bestDF = term, d, df
			}
		}
	}
	return best, best != ""
}

// loadVocabulary reads the search index and the surface words into memory.
// Everything is read through the writer, which maps nothing into memory:
// read through the memory-mapped readers, the whole file would stay
// resident.
func (db *DB) loadVocabulary(ctx context.Context) error {
	v := newVocabulary()
	// One snapshot: the generation read is exactly the one the postings
	// reflect, so changes this process commits meanwhile are told apart
	// (see applyIndexChanges).
	err := db.snapshot(ctx, func(q querier) error {
		gen, err := storedGeneration(ctx, q.(rowQuerier))
		if err != nil {
			return err
		}
		v.gen = gen
		if err := v.loadPostings(ctx, q.(rowQuerier)); err != nil {
			return fmt.Errorf("cannot read search index: %w", err)
		}
		v.refreshNorms()
		if err := eachRow(ctx, q, `SELECT word, term FROM words`, func(r *sql.Rows) error {
			var word, term string
			if err := r.Scan(&word, &term); err != nil {
				return err
			}
			v.addWord(word, term)
			return nil
		}); err != nil {
			return fmt.Errorf("cannot read indexed words: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	db.mu.Lock()
	db.vocab = v
	db.mu.Unlock()
	return nil
}

// rowQuerier runs queries that return rows or one row: a transaction or a
// connection.
type rowQuerier interface {
	querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// loadPostings fills an empty vocabulary from facts_fts and the facts'
// current versions. Every list gets its exact size up front, from FTS5's
// own count of facts per term, in one allocation: grown by appending, the
// lists made as much garbage as they hold and at 100k facts pushed a
// one-question pakbot ask to 99 MB of peak memory.
func (v *vocabulary) loadPostings(ctx context.Context, conn rowQuerier) error {
	var maxID int64
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM facts`).Scan(&maxID); err != nil {
		return err
	}
	v.docLen = make([]uint32, maxID+1)
	v.meta = make([]factMeta, maxID+1)

	index := map[string]int{}
	var lists []postingList
	counts, err := conn.QueryContext(ctx, `SELECT term, doc FROM facts_vocab`)
	if err != nil {
		return err
	}
	var sizes []int
	total := 0
	for counts.Next() {
		var term string
		var docs int
		if err := counts.Scan(&term, &docs); err != nil {
			counts.Close()
			return err
		}
		index[term] = len(sizes)
		sizes = append(sizes, docs)
		total += docs
	}
	counts.Close()
	if err := counts.Err(); err != nil {
		return err
	}
	backing := make([]posting, total)
	lists = make([]postingList, len(sizes))
	for i, n := range sizes {
		// Capped at their size: a later append copies rather than
		// overwriting the next term's postings.
		lists[i], backing = backing[:0:n], backing[n:]
	}

	rows, err := conn.QueryContext(ctx, `
		SELECT x.rowid, x.topic, x.text, x.keywords, x.aliases,
			COALESCE(f.position, 0), COALESCE(v.period, ''), COALESCE(v.series, ''), COALESCE(v.source_id, ''),
			COALESCE(v.text, '')
		FROM facts_fts x
		LEFT JOIN facts f ON f.id = x.rowid
		LEFT JOIN fact_versions v ON v.fact_id = f.id AND v.version = f.current_version`)
	if err != nil {
		return err
	}
	defer rows.Close()
	interned := map[string]string{}
	intern := func(s string) string {
		if i, ok := interned[s]; ok {
			return i
		}
		interned[s] = s
		return s
	}
	var d docTerms
	for rows.Next() {
		var id int64
		var cols [numColumns]string
		var position int
		var period, series, sourceID, text string
		if err := rows.Scan(&id, &cols[0], &cols[1], &cols[2], &cols[3], &position, &period, &series, &sourceID, &text); err != nil {
			return err
		}
		d.count(cols)
		if d.tokens == 0 {
			continue
		}
		for i, t := range d.terms {
			j, ok := index[t]
			if !ok { // not counted by FTS5; cannot happen, but costs nothing to allow
				j = len(lists)
				index[strings.Clone(t)] = j
				lists = append(lists, nil)
			}
			lists[j] = append(lists[j], posting{id: uint32(id), tf: d.tf[i]})
		}
		if int(id) >= len(v.docLen) {
			v.grow(id)
		}
		// A malformed period was stored by hand; it ranks as unknown.
		p, _ := bot.ParsePeriod(period)
		v.docLen[id] = uint32(d.tokens)
		v.maxLen = max(v.maxLen, d.tokens)
		v.meta[id] = newFactMeta(position, p, intern(series), intern(sourceID), text, cols[2] == "" && cols[3] == "")
		v.countNames(v.meta[id].names, 1)
		v.docs++
		v.tokens += d.tokens
	}
	if err := rows.Err(); err != nil {
		return err
	}
	v.postings = make(map[string]postingList, len(index))
	for t, j := range index {
		if len(lists[j]) > 0 {
			v.postings[t] = lists[j]
		}
	}
	return nil
}
