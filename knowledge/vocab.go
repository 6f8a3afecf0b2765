package knowledge

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/editdist"
	"github.com/pakbot/pakbot/understand"
)

// vocabulary is the search index as searches see it: a snapshot (see
// snapshot.go) with the changes committed since it was made laid over it.
// Every term with the facts that hold it (see memindex.go) ranks
// candidates, weighs question words by rarity and corrects typos against
// real terms; every indexed fact's record answers questions without SQL.
// Changes replace whole posting lists and fact records, copied on first
// change; when they add up, fold makes a new snapshot of the whole.
type vocabulary struct {
	base *snapshot
	gen  int64 // the stored index generation this reflects, see sync.go
	// docs, tokens and maxLen are counted over the base and the changes.
	docs, tokens, maxLen int
	// lens is the number of terms of each fact by id, the base's until a
	// change copies it; see docLen.
	lens    []uint32
	ownLens bool
	// normByLen is the BM25 length normalisation by fact length, see
	// refreshNorms.
	normByLen []float64
	// readied is an accumulator readied for the first search, see
	// readyFirstSearch.
	readied atomic.Pointer[accumulator]

	// postings holds the posting lists changed since the base, empty for
	// a term no fact holds any longer.
	postings map[string]postingList
	// bounds holds the bounds of the posting lists changed since the base.
	bounds map[string]termBound
	// facts holds the facts changed since the base; a removed fact has an
	// empty record and no length.
	facts map[uint32]*changedFact
	// words maps surface words added since the base to their terms; typos
	// are corrected against them, bucketed by first letter and length.
	words   map[string]string
	buckets map[bucketKey][]bucketWord
	// surfaces are the words facts wrote for each term ("universal" and
	// "universe" share "univers"), added since the base.
	surfaces map[string][]string
	// names changes the base's count of facts giving each name term (see
	// factMeta.names).
	names map[string]int32
	// sources holds the sources added or changed since the base.
	sources map[string]bot.Source
	// changes counts the changes applied since the base.
	changes int
	// sounds is the sound table of the base and the words added since,
	// made when a question first needs it (see soundTerm).
	sounds soundIndex
	// nameSounds is the sound table of the words names are written
	// with, made when a question first needs it (see namePair).
	nameSounds nameSoundIndex
}

// changedFact is a fact as a change left it.
type changedFact struct {
	docLen uint32
	terms  string // all terms it is indexed with, space-separated
	factRecord
}

// soundIndex maps the sound of each word the facts use (understand.Sound)
// to its term, so that an English word or name written in Urdu letters
// finds it. The snapshot holds the table of its words; once words were
// added it is made again, when a question first needs it, under its own
// lock, as searches hold the index's read lock only.
type soundIndex struct {
	mu    sync.Mutex
	words int // len(vocabulary.words) when built
	terms map[string]string
}

// nameSoundIndex maps the sounds of the words the facts write names
// with, however short, to the names' terms.
type nameSoundIndex struct {
	mu    sync.Mutex
	built bool
	words int // len(vocabulary.words) when built
	terms map[string][]string
}

// minPairLetters is the fewest consonants two words in Urdu letters must
// sound with together to be read as a name of two words.
const minPairLetters = 4

// namePair finds the two words of a name the facts give that two words in
// Urdu letters sound like together, when alone they sound like too little
// to tell: "امین الحق" (Aminul Haq), "شزہ فاطمہ" (Shaza Fatima). Urdu
// splits a name where it is heard, not where English writes it apart, so
// the pair's sound is split at every place; a fact must give both names,
// which keeps sounds of a letter or two from matching by chance.
func (v *vocabulary) namePair(first, second string) (t1, t2 string, ok bool) {
	sound := understand.Sound(first + second)
	if understand.SoundLetters(sound) < minPairLetters {
		return "", "", false
	}
	table := v.nameSoundTable()
	for k := 1; k < len(sound); k++ {
		for _, left := range table[sound[:k]] {
			// Sound writes a letter heard twice once: "Fatima Ali"
			// joined may have lost the second name's first letter.
			for _, right := range slices.Concat(table[sound[k:]], table[sound[k-1:]]) {
				if left != right && v.cooccur(left, right) {
					return left, right, true
				}
			}
		}
	}
	return "", "", false
}

// nameSoundTable returns the sounds of the words names are written with,
// made once and again when words were added since.
func (v *vocabulary) nameSoundTable() map[string][]string {
	v.nameSounds.mu.Lock()
	defer v.nameSounds.mu.Unlock()
	if !v.nameSounds.built || v.nameSounds.words != len(v.words) {
		terms := map[string][]string{}
		v.eachWord(func(w, t string) {
			if s := understand.Sound(w); s != "" && v.isName(t) && !slices.Contains(terms[s], t) {
				terms[s] = append(terms[s], t)
			}
		})
		v.nameSounds.terms, v.nameSounds.words, v.nameSounds.built = terms, len(v.words), true
	}
	return v.nameSounds.terms
}

// cooccur reports whether some fact holds both terms.
func (v *vocabulary) cooccur(a, b string) bool {
	la, lb := v.postingsOf(a), v.postingsOf(b)
	i, j := 0, 0
	for i < len(la) && j < len(lb) {
		switch {
		case la[i].id == lb[j].id:
			return true
		case la[i].id < lb[j].id:
			i++
		default:
			j++
		}
	}
	return false
}

// soundTerm finds the term of the word a word in Urdu letters sounds like
// ("ڈیولپمنٹ": develop). Of words that sound alike, the term more facts
// hold wins. A sound of only a few consonants matches too much, and
// stands only for a name the facts give ("فاطمہ": Fatima).
func (v *vocabulary) soundTerm(word string) (string, bool) {
	return v.soundTermOf(word, false)
}

// soundTermOf is soundTerm; anyShort lets a sound of the fewest letters
// stand for any word, not only a name: two words written apart that
// join into one ("ڈیڈ لائن": deadline) are seldom there by chance.
func (v *vocabulary) soundTermOf(word string, anyShort bool) (string, bool) {
	sound := understand.Sound(word)
	n := understand.SoundLetters(sound)
	if n < understand.MinSoundLetters {
		return "", false
	}
	term, ok := v.soundOf(sound)
	if !ok || n == understand.MinSoundLetters && !anyShort && !v.isName(term) {
		return "", false
	}
	return strings.Clone(term), true
}

// soundOf returns the term of the words with a sound: from the snapshot's
// table while no words were added since, else from one made over all.
func (v *vocabulary) soundOf(sound string) (string, bool) {
	if len(v.words) == 0 {
		i, ok := v.base.sounds.find(sound)
		if !ok {
			return "", false
		}
		return v.base.soundTerms.at(i), true
	}
	v.sounds.mu.Lock()
	defer v.sounds.mu.Unlock()
	if v.sounds.terms == nil || v.sounds.words != len(v.words) {
		v.sounds.terms, v.sounds.words = soundTable(v.eachWord, v.df), len(v.words)
	}
	term, ok := v.sounds.terms[sound]
	return term, ok
}

// soundTable maps the sounds of words to their terms, the term more facts
// hold (df) winning among words that sound alike.
func soundTable(words func(yield func(word, term string)), df func(string) int) map[string]string {
	terms := map[string]string{}
	words(func(w, t string) {
		s := understand.Sound(w)
		if understand.SoundLetters(s) < understand.MinSoundLetters || df(t) == 0 {
			return
		}
		if old, ok := terms[s]; !ok || df(t) > df(old) || df(t) == df(old) && t < old {
			terms[s] = t
		}
	})
	return terms
}

// eachWord calls yield with every surface word and its term.
func (v *vocabulary) eachWord(yield func(word, term string)) {
	for i := range v.base.words.len() {
		yield(v.base.words.at(i), v.base.wordTerms.at(i))
	}
	for w, t := range v.words {
		yield(w, t)
	}
}

// bucketKey groups the words a typo can be corrected to: they start with
// the same letter and have about as many.
type bucketKey struct {
	first rune
	runes int
}

func newBucketKey(word string) bucketKey {
	first, _ := utf8.DecodeRuneInString(word)
	return bucketKey{first, utf8.RuneCountInString(word)}
}

type bucketWord struct {
	word    string
	letters uint64 // letterSet(word)
}

// newVocabulary reads the index in s, with no changes yet.
func newVocabulary(s *snapshot) *vocabulary {
	v := &vocabulary{base: s, gen: s.gen, docs: s.docs, tokens: s.tokens, maxLen: s.maxLen, lens: s.docLen,
		postings: map[string]postingList{}, bounds: map[string]termBound{}, facts: map[uint32]*changedFact{}, words: map[string]string{},
		buckets: map[bucketKey][]bucketWord{}, surfaces: map[string][]string{}, names: map[string]int32{},
		sources: map[string]bot.Source{}}
	v.refreshNorms()
	return v
}

// postingsOf returns the facts holding term, sorted by id. The list is
// the index's own: it must not be changed.
func (v *vocabulary) postingsOf(term string) postingList {
	if l, ok := v.postings[term]; ok {
		return l
	}
	return v.base.postingsOf(term)
}

// docLen is the number of terms of fact id, 0 if it is not indexed. It
// is read for every posting scored, so it is an array, not a look-up in
// the changes.
func (v *vocabulary) docLen(id uint32) uint32 {
	if int(id) < len(v.lens) {
		return v.lens[id]
	}
	return 0
}

// setDocLen records the number of terms of fact id, copying the base's
// lengths on the first change.
func (v *vocabulary) setDocLen(id uint32, n uint32) {
	if !v.ownLens {
		v.lens, v.ownLens = slices.Clone(v.lens), true
	}
	if int(id) >= len(v.lens) {
		v.lens = slices.Grow(v.lens, int(id)+1-len(v.lens))[:id+1]
	}
	v.lens[id] = n
}

// maxID is the highest fact id the index has held.
func (v *vocabulary) maxID() int { return len(v.lens) - 1 }

// meta returns what re-ranking needs to know about fact id. Its strings
// may point into the snapshot: it is only good while db.mu is held.
func (v *vocabulary) meta(id uint32) factMeta {
	if c, ok := v.facts[id]; ok {
		return c.meta
	}
	if !v.base.hasFact(id) {
		return factMeta{}
	}
	r := v.base.record(id)
	return decodeMeta(&r)
}

// metas returns meta for each of the facts top, as re-ranking reads them,
// in scratch's space. Their records lie far apart in the snapshot, a
// cache miss or two each, mostly cold: they are found first and their
// first bytes read, all in one tight loop, so that the misses overlap
// rather than wait on one another, and only then decoded.
func (v *vocabulary) metas(top []scoredDoc, scratch *searchScratch) []factMeta {
	scratch.metas = slices.Grow(scratch.metas[:0], len(top))[:len(top)]
	scratch.recs = slices.Grow(scratch.recs[:0], len(top))[:len(top)]
	metas, recs := scratch.metas, scratch.recs
	clear(metas)
	clear(recs)
	var first byte
	for i, d := range top {
		if v.base.hasFact(d.id) {
			recs[i] = v.base.record(d.id)
			first ^= recs[i].b[0]
		}
	}
	recordSink.Store(uint32(first))
	for i, d := range top {
		if c, ok := v.facts[d.id]; ok {
			metas[i] = c.meta
		} else if recs[i].b != nil {
			metas[i] = decodeMeta(&recs[i])
		}
	}
	return metas
}

// recordSink keeps the reads of metas from being optimised away.
var recordSink atomic.Uint32

// fact returns indexed fact id as a search returns it, with its source,
// and whether it is there. Nothing of it points into the snapshot.
func (v *vocabulary) fact(id uint32) (bot.Fact, bool) {
	var f bot.Fact
	if c, ok := v.facts[id]; ok {
		f = c.fact
	} else if v.base.hasFact(id) {
		f = decodeFact(v.base.record(id)).fact
	}
	if f.Key == "" {
		return bot.Fact{}, false
	}
	f.Source = v.source(f.SourceID)
	return f, true
}

// listing returns the facts filed under name in one of the snapshot's
// listings (topics or series), with the changes since, in listing order
// (see newestFirst). group tells under which name a changed fact is
// filed. Facts are ordered before they are read, as a topic can have
// thousands.
func (v *vocabulary) listing(names strtab, ids lists, name string, group func(*bot.Fact) string) []bot.Fact {
	return v.decode(v.listed(names, ids, name, group))
}

// listed orders a listing's facts, newest first, reading only what the
// index keeps about each: the facts themselves are decoded by decode.
func (v *vocabulary) listed(names strtab, ids lists, name string, group func(*bot.Fact) string) []listed {
	var entries []listed
	add := func(id uint32, m factMeta) { entries = append(entries, listedOf(id, m, v.source)) }
	if i, ok := names.find(name); ok {
		for _, id := range ids.at(i) {
			if _, changed := v.facts[id]; !changed {
				add(id, v.meta(id))
			}
		}
	}
	for id, c := range v.facts {
		if c.fact.Key != "" && group(&c.fact) == name {
			add(id, c.meta)
		}
	}
	slices.SortFunc(entries, newestFirst)
	return entries
}

// page reads whole the listed facts from offset on, at most limit of
// them: one page of a listing.
func (v *vocabulary) page(all []listed, offset, limit int) []bot.Fact {
	offset = max(0, min(offset, len(all)))
	return v.decode(all[offset:min(offset+max(0, limit), len(all))])
}

// A pager finds one page of a listing without ordering the listing
// whole: the snapshot ranks its facts with a period in listing order
// (snapshot.order), so of those only the ones that can make the page are
// decoded. Facts without a rank (no period, or changed since the
// snapshot) are decoded and ordered with them. A year at 100k facts lists
// thousands, most of them sharing one period (BenchmarkPeriodListing).
type pager struct {
	v *vocabulary
	// need is how many facts from the start the page ends at.
	need int
	// ranked is a max-heap of the need lowest ranks added, each with its
	// fact id in the low 32 bits.
	ranked []uint64
	// other are the facts added without a rank.
	other []listed
	// total counts the facts added.
	total int
}

func (v *vocabulary) pager(offset, limit int) *pager {
	return &pager{v: v, need: max(0, offset) + max(0, limit)}
}

// addBase adds fact id of the snapshot, unchanged since.
func (p *pager) addBase(id uint32) {
	p.total++
	rank := p.v.base.order[id]
	if rank == noOrder {
		p.other = append(p.other, listedOf(id, p.v.meta(id), p.v.source))
		return
	}
	key := uint64(rank)<<32 | uint64(id)
	switch {
	case len(p.ranked) < p.need:
		p.ranked = append(p.ranked, key)
		siftUp(p.ranked, len(p.ranked)-1)
	case p.need > 0 && key < p.ranked[0]:
		p.ranked[0] = key
		siftDown(p.ranked, 0)
	}
}

// addChanged adds a fact changed since the snapshot.
func (p *pager) addChanged(id uint32, m factMeta) {
	p.total++
	p.other = append(p.other, listedOf(id, m, p.v.source))
}

// page returns the listing's facts from offset on, at most limit of them
// (as given to vocabulary.pager), and how many facts it has. Every ranked
// fact left out of the heap has need ranked facts before it, so no page
// up to need can hold it.
func (p *pager) page(offset, limit int) ([]bot.Fact, int) {
	all := p.other
	for _, key := range p.ranked {
		id := uint32(key)
		all = append(all, listedOf(id, p.v.meta(id), p.v.source))
	}
	slices.SortFunc(all, newestFirst)
	return p.v.page(all, offset, limit), p.total
}

// siftUp restores the max-heap h after h[i] was set.
func siftUp(h []uint64, i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent] >= h[i] {
			return
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
}

// siftDown restores the max-heap h after h[i] was lowered.
func siftDown(h []uint64, i int) {
	for {
		child := 2*i + 1
		if child >= len(h) {
			return
		}
		if child+1 < len(h) && h[child+1] > h[child] {
			child++
		}
		if h[i] >= h[child] {
			return
		}
		h[i], h[child] = h[child], h[i]
		i = child
	}
}

// decode reads the listed facts whole.
func (v *vocabulary) decode(entries []listed) []bot.Fact {
	facts := make([]bot.Fact, 0, len(entries))
	for _, e := range entries {
		if f, ok := v.fact(e.id); ok {
			facts = append(facts, f)
		}
	}
	return facts
}

// listed is a fact as listings order it.
type listed struct {
	date, start time.Time
	figure      bool // the fact states a figure
	position    int32
	id          uint32
}

// listedOf is fact id as listings order it: by the end of its period and
// its start (see newestFirst).
func listedOf(id uint32, m factMeta, source func(id string) bot.Source) listed {
	date := factDate(m, source)
	start := date
	if m.hasPeriod {
		start = time.Unix(int64(m.start)*86400, 0).UTC()
	}
	return listed{date, start, m.hasFigure, m.position, id}
}

// newestFirst orders listed facts by the date they speak of, newest
// first. Of facts whose periods end alike, the one that starts later is
// the newer news: November's figure before the five months to November.
// Of facts dated alike, one that states a figure tells more ("cut
// decision time by 70%" before "moved up in the index"). Other ties keep
// their curated order, by position, then id.
func newestFirst(a, b listed) int {
	return cmp.Or(b.date.Compare(a.date), b.start.Compare(a.start), compareBool(b.figure, a.figure), cmp.Compare(a.position, b.position), cmp.Compare(a.id, b.id))
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// date is the date a fact speaks of, for ordering (see factDate).
func (v *vocabulary) date(m factMeta) time.Time { return factDate(m, v.source) }

// factDate is the date a fact speaks of, for ordering: the end of its
// period, else its source's date, else zero.
func factDate(m factMeta, source func(id string) bot.Source) time.Time {
	if m.hasPeriod {
		return m.periodEnd()
	}
	return sourceDate(source(m.sourceID))
}

// topicChanged reports whether a fact of topic, or one that was, changed
// since the snapshot.
func (v *vocabulary) topicChanged(topic string) bool {
	for id, c := range v.facts {
		if c.fact.Topic == topic || v.base.hasFact(id) && v.base.topicOf(id) == topic {
			return true
		}
	}
	return false
}

// topicPhrases lists the phrases facts are known by, their keywords then
// their aliases, in order, each once whatever its case.
func topicPhrases(facts []bot.Fact) []string {
	seen := map[string]bool{}
	var phrases []string
	for _, f := range facts {
		for _, p := range slices.Concat(f.Keywords, f.Aliases) {
			if k := strings.ToLower(p); p != "" && !seen[k] {
				seen[k] = true
				phrases = append(phrases, p)
			}
		}
	}
	return phrases
}

// source returns the source with id as citations show it.
func (v *vocabulary) source(id string) bot.Source {
	if s, ok := v.sources[id]; ok {
		return s
	}
	s, _ := v.base.source(id)
	return s
}

// wordTerm returns the term a surface word stems to, if some fact wrote it.
func (v *vocabulary) wordTerm(word string) (string, bool) {
	if t, ok := v.words[word]; ok {
		return t, true
	}
	i, ok := v.base.words.find(word)
	if !ok {
		return "", false
	}
	return v.base.wordTerms.at(i), true
}

// eachSurface calls yield with the words facts wrote for term until it
// returns false.
func (v *vocabulary) eachSurface(term string, yield func(string) bool) {
	if i, ok := v.base.surfTerms.find(term); ok {
		for _, w := range v.base.surfaces.at(i) {
			if !yield(v.base.words.at(int(w))) {
				return
			}
		}
	}
	for _, w := range v.surfaces[term] {
		if !yield(w) {
			return
		}
	}
}

// eachBucketWord calls yield with the words of a typo bucket, the base's
// in word order, then those added since.
func (v *vocabulary) eachBucketWord(k bucketKey, yield func(bucketWord)) {
	key := uint64(uint32(k.first))<<32 | uint64(uint32(k.runes))
	if i, ok := slices.BinarySearch(v.base.bucketKeys, key); ok {
		for _, w := range v.base.buckets.at(i) {
			yield(bucketWord{v.base.words.at(int(w)), v.base.letters[w]})
		}
	}
	for _, w := range v.buckets[k] {
		yield(w)
	}
}

func (v *vocabulary) addWord(word, term string) {
	if _, ok := v.wordTerm(word); ok {
		return
	}
	v.words[word] = term
	v.surfaces[term] = append(v.surfaces[term], word)
	k := newBucketKey(word)
	v.buckets[k] = append(v.buckets[k], bucketWord{word, letterSet(word)})
}

// sameWord reports whether a question's word is one the facts wrote for
// term, up to inflection and derivation: "exports" for "export",
// "announcement" for "announced", but not "organization" for "organ",
// which the stemmer also makes "organ" (stems.txt keeps most such words
// apart before they get here).
func (v *vocabulary) sameWord(word, term string) bool {
	base := understand.Base(word)
	same, recorded := false, false
	v.eachSurface(term, func(s string) bool {
		recorded = true
		b := understand.Base(s)
		same = b == base || derived(b, base) || derived(base, b)
		return !same
	})
	return same || !recorded // no record: trust the stemmer
}

// derived reports a word that one of another's forms starts: the
// inflections of a word ("exports" of "export") and the words derived
// from it ("announcement" of "announce") that share its stem.
func derived(long, short string) bool {
	if strings.HasPrefix(long, short) && (len(long)-len(short) <= 2 || len(short) >= 6) {
		return true
	}
	// "institution" and "institute": eight letters in common are one
	// root, where fewer are often two ("communi-ty", "communi-cation").
	n := 0
	for n < len(short) && n < len(long) && long[n] == short[n] {
		n++
	}
	return n >= 8
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
func (v *vocabulary) idf(term string) float64 { return v.idfOf(v.df(term)) }

// idfOf is the idf of a term df facts hold.
func (v *vocabulary) idfOf(df int) float64 {
	n, d := float64(max(v.docs, 1)), float64(df)
	return math.Log(1 + (n-d+0.5)/(d+0.5))
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
		v.eachBucketWord(bucketKey{first, l}, func(cand bucketWord) {
			if bits.OnesCount64(letters^cand.letters) > 2*limit {
				return
			}
			d := editdist.Distance(word, cand.word, limit)
			if d > limit {
				return
			}
			term, _ := v.wordTerm(cand.word)
			if df := v.df(term); df > 0 && (d < bestDist || (d == bestDist && df > bestDF)) {
				best, bestDist, bestDF = strings.Clone(term), d, df
			}
		})
	}
	return best, best != ""
}
