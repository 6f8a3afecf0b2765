package knowledge

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/editdist"
	"github.com/pakbot/pakbot/understand"
)

// MaxQuestionBytes bounds the text Search looks at; the engine refuses longer
// questions before they get here, this only keeps the store safe on its own.
const MaxQuestionBytes = understand.MaxQuestionBytes

// candidates is how many index matches are re-ranked per question.
const candidates = 40

// queryWord is one word of a question's subject, with the index terms that
// stand for it.
type queryWord struct {
	forms  []queryForm
	weight float64 // how much it counts towards confidence
	common bool    // an everyday word: its absence counts for little
	focus  bool    // what the question asks about
	name   bool    // written as a name ("Women Technology Park")
	urdu   bool    // typed in Urdu script, which writes no names apart
	// english marks a word of general English, which has more than one
	// sense ("capital": a city, or money).
	english bool
	people  bool // a noun for people ("gamers")
	role    bool // a title only a person holds ("CEO")
	// relation is the verb of who owns, founded or heads something
	// (understand.Word.Relation).
	relation bool
	contact  bool // a way to reach someone, given in the text (understand.Word.Contact)
	part     bool // what a share is asked of (understand.Word.Part)
	kind     bool // the kind of thing asked for (understand.Word.Kind)
	noun     bool // a word of English that names a thing (understand.Word.Noun)
	// phrase numbers the names written together it is one of
	// (understand.Word.NamePhrase).
	phrase int
	// opposites are the index terms of words of opposite meaning the
	// facts hold (understand.Word.Opposites).
	opposites []string
	// named marks a rare word the facts give as a name ("Lahore",
	// "Sindh"): a fact that lacks it is about somewhere or someone else,
	// however much else it holds.
	named bool
	// share is the part of one of the user's words this word is: 1, or
	// less for the words of one lexicon phrase ("usf": universal service
	// fund) and of a hyphenated word split in parts.
	share float64
}

// queryForm is an index term that stands for a question's word, with how
// much a fact holding it counts (1 for the user's own word).
type queryForm struct {
	term   string
	weight float64
	// list is the facts holding term, looked up once: a search asks for
	// it several times (its rarity, whether to search it, re-ranking),
	// and each look-up is a binary search of the whole dictionary, mostly
	// out of cache. It may point into the snapshot: it is only good while
	// db.mu is held.
	list postingList
}

// query is a question analysed for search.
type query struct {
	words  []queryWord
	period bot.Period
	latest bool
	// yearEarlier asks for a series' figure a year before its newest.
	yearEarlier bool
	want        understand.Want
	count       bool // "how many": the figure must count what is asked about
	// holder asks for who holds a title only a person holds ("who is
	// the CEO of NITB", "careem ka ceo kaun hai"; not "who approved the
	// minister's plan", whose answer may be a title): a fact that
	// mentions the title but names nobody cannot answer it.
	holder bool
	// placeName asks for a city, province or country
	// (understand.Question.PlaceName).
	placeName bool
	// placeKind is the kind of place asked for (understand.Question.PlaceKind).
	placeKind string
	// finerPlace asks for a place within the one named
	// (understand.Question.FinerPlace).
	finerPlace bool
	// relative asks who came before or after someone
	// (understand.Question.Relative).
	relative bool
	// home: the question names Pakistan (understand.Question.Home).
	home bool
	// money asks for an amount of money (understand.Question.Money).
	money bool
	// future asks when something still to come is due
	// (understand.Question.Future).
	future bool
	// superlative asks what ranks above the rest
	// (understand.Question.Superlative).
	superlative bool
	// long asks how long: a duration or a length (understand.Question.Long).
	long bool
	// many is how many names are asked for (understand.Question.Many).
	many int
	// position asks for a position in a ranking (understand.Question.Rank).
	position bool
	// done asks what has been done so far (understand.Question.Done).
	done bool
	// firm asks for a firm's or a body's name (understand.Question.Firm).
	firm bool
	// abroad asks for one from abroad (understand.Question.Abroad).
	abroad bool
	// month asks for the month something happened (understand.Question.Month).
	month bool
	// day asks for the day (understand.Question.Day).
	day bool
	// shareOf asks for the share of a whole (understand.Question.ShareOf).
	shareOf bool
	// yesNo asks whether something is so (understand.Question.YesNo).
	yesNo bool
	// nameOf is the index term of the thing whose name is asked
	// (understand.Question.NameOf).
	nameOf string
	// firmKind is the index term of the kind of firm asked for
	// (understand.Question.FirmKind).
	firmKind string
	// ofTotal is the figure the question counts part of
	// (understand.Question.OfTotal).
	ofTotal string
	// periodTerms are the index terms of the period asked about as facts
	// write it ("fy 2024 25"), for facts whose text names it.
	periodTerms []string
}

// Weights of the forms a word can take besides its own.
const (
	// stemCollisionWeight is the weight of the user's own word when the
	// stemmer makes it a term the facts wrote as another word.
	stemCollisionWeight = 0.5
	correctedWeight     = 0.8 // a typo correction
	// nameSalience is how much a name the index has never seen counts:
	// "India" or "Messi" say the question is about something else.
	nameSalience = 1.5
)

// properShare is the least share of the facts holding a word that must
// give it as a name for it to be one the question narrows to.
const properShare = 0.8

// rareZipf is the frequency below which a word the facts give as a name is
// taken for one: "Karachi" and "Samsung", but not "Engineering" of the
// Engineering Development Board.
const rareZipf = 3.0

// analyze turns a question into weighted index terms: understand reads the
// question, and each of its words is looked up in the index, with its
// alternatives (lexicon meanings, WordNet synonyms) and, for a word that is
// neither English nor indexed, the nearest indexed spelling. Words no fact
// holds still count against confidence, each by its salience, so a question
// about something else is not answered with a loosely related fact. The
// caller holds db.mu for reading.
func (db *DB) analyze(question string) query {
	uq := db.reader.Analyze(question)
	q := query{period: uq.Period, latest: uq.Latest, yearEarlier: uq.YearEarlier, want: uq.Want, count: uq.Count,
		placeName: uq.PlaceName, placeKind: uq.PlaceKind, finerPlace: uq.FinerPlace, relative: uq.Relative, home: uq.Home, money: uq.Money, future: uq.Future, superlative: uq.Superlative,
		long: uq.Long, many: uq.Many, position: uq.Rank, done: uq.Done, firm: uq.Firm, abroad: uq.Abroad, month: uq.Month, day: uq.Day, shareOf: uq.ShareOf, yesNo: uq.YesNo, ofTotal: uq.OfTotal}
	if uq.FirmKind != "" {
		q.firmKind = understand.Stem(uq.FirmKind)
	}
	if uq.NameOf != "" {
		q.nameOf = understand.Stem(uq.NameOf)
	}
	if !q.period.IsZero() {
		q.periodTerms = strings.Fields(indexTerms(nil, q.period.String()))
	}
	unknownIDF := db.vocab.idf("")
	seen := map[string]bool{}
	if onlyNumbers(uq.Words) {
		// "' OR 1=1 --": figures alone name no subject.
		return q
	}
	for _, w := range db.joinSplitNames(uq.Words) {
		for _, part := range db.splitUnknown(w) {
			qw, ok := db.lookupWord(part, seen, unknownIDF)
			if ok {
				q.words = append(q.words, qw)
				q.holder = q.holder || qw.role && qw.focus
			}
		}
	}
	q.holder = q.holder && (q.want == understand.WantPerson || q.want == understand.WantWhich)
	return q
}

// joinSplitNames joins two neighbouring words in Urdu letters that the
// index does not know when together they sound like a word of the facts:
// Urdu often writes a brand in two words (سام سنگ for Samsung), each of
// which alone sounds like nothing the facts say. Two that sound together
// like a name of two words a fact gives (namePair) stand for its words.
func (db *DB) joinSplitNames(words []understand.Word) []understand.Word {
	unknownUrdu := func(w understand.Word) bool {
		return understand.InUrduLetters(w.Text) && db.vocab.df(understand.Stem(w.Text)) == 0
	}
	var out []understand.Word
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i+1 < len(words) && unknownUrdu(w) && unknownUrdu(words[i+1]) {
			joined := w.Text + words[i+1].Text
			_, alone := db.vocab.soundTerm(w.Text)
			_, next := db.vocab.soundTerm(words[i+1].Text)
			if term, ok := db.vocab.soundTermOf(joined, true); ok && !alone && !next {
				w.Text, w.Parts, w.Alts = joined, nil, []understand.Alt{{Text: term, Terms: []string{term}, Weight: correctedWeight}}
				w.Salience, w.Guessed, w.Common = 1, false, false
				i++
			} else if t1, t2, ok := db.vocab.namePair(w.Text, words[i+1].Text); ok && !(alone && next) {
				// A name of two words: each stands for its own, and the
				// second may begin another pair ("شزہ فاطمہ خواجہ").
				words[i+1] = asName(words[i+1], t2)
				w = asName(w, t1)
			}
		}
		out = append(out, w)
	}
	return out
}

// asName is w read as name term t, which the index holds.
func asName(w understand.Word, t string) understand.Word {
	if !slices.ContainsFunc(w.Alts, func(a understand.Alt) bool { return a.Text == t }) {
		w.Alts = append(slices.Clip(w.Alts), understand.Alt{Text: t, Terms: []string{t}, Weight: correctedWeight})
	}
	w.Salience, w.Guessed, w.Common, w.Name = 1, false, false, true
	return w
}

// onlyNumbers reports whether every word is a number.
func onlyNumbers(words []understand.Word) bool {
	for _, w := range words {
		if !w.Number {
			return false
		}
	}
	return len(words) > 0
}

// splitUnknown returns the words a hyphenated word stands for: itself when
// the index knows it joined ("esports"), else its parts, so "e-safty" is
// corrected as "safty".
func (db *DB) splitUnknown(w understand.Word) []understand.Word {
	if len(w.Parts) == 0 || db.vocab.df(understand.Stem(w.Text)) > 0 {
		return []understand.Word{w}
	}
	var out []understand.Word
	for _, p := range w.Parts {
		pw := w
		pw.Text, pw.Parts = p, nil
		pw.Share = w.Share / float64(len(w.Parts))
		out = append(out, pw)
	}
	return out
}

// lookupWord finds the index terms that stand for one question word and
// weighs it. ok is false for a word that only repeats an earlier one.
func (db *DB) lookupWord(w understand.Word, seen map[string]bool, unknownIDF float64) (queryWord, bool) {
	own := understand.Stem(w.Text)
	if seen[own] {
		return queryWord{}, false
	}
	seen[own] = true
	qw := queryWord{common: w.Common, focus: w.Focus, name: w.Name, urdu: w.Urdu, english: w.English, people: w.People, role: w.Role, relation: w.Relation, contact: w.Contact, part: w.Part, kind: w.Kind, noun: w.Noun,
		phrase: w.NamePhrase}
	ownList := db.vocab.postingsOf(own)
	known := len(ownList) > 0
	if known {
		weight := 1.0
		if !db.vocab.sameWord(w.Text, own) {
			weight = stemCollisionWeight
		}
		qw.forms = append(qw.forms, queryForm{own, weight, ownList})
	}
	addAlts := func(alts []understand.Alt) {
		for _, alt := range alts {
			terms := alt.Terms
			if terms == nil {
				terms = understand.IndexTerms(alt.Text)
			}
			for _, t := range terms {
				if t == own || slices.ContainsFunc(qw.forms, func(f queryForm) bool { return f.term == t }) {
					continue
				}
				if l := db.vocab.postingsOf(t); len(l) > 0 {
					qw.forms = append(qw.forms, queryForm{t, alt.Weight, l})
				}
			}
		}
	}
	addAlts(w.Alts)
	for _, t := range w.Opposites {
		if !slices.ContainsFunc(qw.forms, func(f queryForm) bool { return f.term == t }) && len(db.vocab.postingsOf(t)) > 0 {
			qw.opposites = append(qw.opposites, t)
		}
	}
	if !known && len(qw.forms) == 0 && !w.Number && !w.English {
		if nearStopWord(w.Text) {
			return queryWord{}, false
		}
		// A name is a typo of another name only: "Coursera" is no
		// misspelt "course", "Karchi" is Karachi.
		if c, ok := db.vocab.correct(w.Text); ok && !seen[c] && (!w.Name || db.vocab.isName(c)) {
			seen[c] = true
			qw.forms = append(qw.forms, queryForm{c, correctedWeight, db.vocab.postingsOf(c)})
			known = true
		} else if c, ok := db.vocab.soundTerm(w.Text); ok && !seen[c] && (!understand.IsLatin(w.Text) || longSound(w.Text)) {
			seen[c] = true
			qw.forms = append(qw.forms, queryForm{c, correctedWeight, db.vocab.postingsOf(c)})
			known = true
		} else if !w.Name {
			// No word the facts use is one edit from it: the English
			// word it is one edit from stands for it ("operaets").
			addAlts(w.Typo)
			known = len(qw.forms) > 0
		}
	}
	idf := unknownIDF
	if len(qw.forms) > 0 {
		idf = db.vocab.idfOf(len(qw.forms[0].list))
	}
	salience := w.Salience
	if w.Guessed && known {
		salience = 1
	}
	switch {
	case (w.Name || w.Proper || understand.IsPlaceTerm(own)) && len(qw.forms) == 0:
		// A name no fact has, capitalized or a place's however it is
		// typed ("quetta it park").
		salience = nameSalience
		qw.common, qw.name = false, true
	case known && (w.Zipf < rareZipf || understand.MayBePlaceTerm(own)) && (db.vocab.isName(own) || understand.IsPlaceTerm(own)):
		// A name the facts give ("Karachi", even typed in Urdu), or a
		// place's they only tag ("sindh"): a fact that lacks it is
		// about somewhere or someone else.
		salience = max(salience, nameSalience)
		qw.common = false
		// A name wherever the facts hold it, not also a word of their
		// text ("Telecom" in a firm's name, "telecom" elsewhere).
		qw.named = understand.IsPlaceTerm(own) || float64(db.vocab.nameCount(own)) >= properShare*float64(len(ownList))
	case known && w.Name && w.Share < 1 && slices.ContainsFunc(qw.forms, func(f queryForm) bool { return f.weight >= 1 && db.vocab.isName(f.term) }):
		// An abbreviation typed as a name, which the lexicon spells out
		// and the facts name ("PSEB": Pakistan Software Export Board):
		// each word of its meaning is of that name.
		salience = max(salience, nameSalience)
		qw.common, qw.named = false, true
	}
	share := w.Share
	if share == 0 {
		share = 1
	}
	qw.weight = idf * salience * share
	qw.share = share
	return qw, true
}

// longSound reports a word with more consonants than the fewest a sound
// may have. Sound finds the English words Urdu writes by ear (ڈیولپمنٹ:
// development), and Roman Urdu too ("kampani": company); a short Latin
// word merely sounds like others ("Careem" like "crime"), and a typo of
// one is for correct to find.
func longSound(w string) bool {
	return understand.SoundLetters(understand.Sound(w)) > understand.MinSoundLetters
}

// nearStopWord catches misspelt question words ("waht", "whcih") so they
// are not "corrected" into some unrelated fact's term. Short real words are
// often one letter from a stop word ("tall" and "tell"), so for them only
// a missing or extra letter ("wich") or a swap of neighbours ("waht")
// counts; longer words may be any one edit away. As in correct, the first letter must match.
func nearStopWord(w string) bool {
	if len(w) < 4 {
		return false
	}
	for _, s := range understand.StopWords() {
		if len(s) < 4 || s[0] != w[0] || !editdist.WithinOne(w, s) {
			continue
		}
		if len(w) >= 6 || len(w) != len(s) || isSwap(w, s) {
			return true
		}
	}
	return false
}

// isSwap reports whether b is a with two neighbouring letters swapped.
func isSwap(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// searchTerms are the terms to search the index for: every form of every
// word, each once, except alternatives so common in the index that they
// would cost more to score than they could add (their low rarity gives
// them little BM25 weight); re-ranking still counts them.
func (q query) searchTerms(v *vocabulary) []string {
	common := max(maxAltPostings, v.docs/100)
	var terms []string
	for _, w := range q.words {
		for i, f := range w.forms {
			if i > 0 && f.weight < strongForm && len(f.list) > common {
				continue
			}
			if !slices.Contains(terms, f.term) {
				terms = append(terms, f.term)
			}
		}
	}
	return terms
}

// maxAltPostings is the least posting-list length past which a loose
// alternative is left out of candidate search.
const maxAltPostings = 500

// Column weights for confidence: a word found in a fact's text or aliases
// says more than one found only in its topic's name. A word a fact holds in
// two of text, keywords and aliases is what the fact is about, and counts in
// full.
var columnWeights = [4]float64{0.4, 0.85, 0.8, 0.9} // topic, text, keywords, aliases

const aboutBonus = 0.15

// countedCover is how much of a focus word a fact's figure covers when it
// counts what the word names (see coverage): as much as the word in the
// fact's text.
const countedCover = 0.85

// Search finds the facts that best answer question, best first. The
// candidates are the facts with the best BM25 scores for the question's
// known terms (see memindex.go); they are re-ranked by how much of the
// question they cover, their period and whether they hold a figure, and
// the facts returned are read from the index's own records: a question
// asks nothing of SQL. The read lock is held throughout, as what the index
// returns may point into its snapshot.
func (db *DB) Search(ctx context.Context, question string, limit int) ([]bot.Hit, error) {
	if limit <= 0 {
		return nil, nil
	}
	if err := db.syncIndex(ctx); err != nil {
		return nil, fmt.Errorf("cannot search facts: %w", err)
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	v := db.vocab
	q := db.analyze(question)
	searched := q.searchTerms(v)
	scratch := searchScratches.Get().(*searchScratch)
	defer scratch.put()
	scratch.found.reset(len(searched)) // nothing found yet: no stale facts
	if db.readyFirst != nil {
		db.readyFirst() // the readied accumulator, if not done yet
	}
	var top []scoredDoc
	if db.exhaustiveTopK {
		top = v.topBM25Exhaustive(searched, candidates)
	} else {
		top = v.topBM25Held(searched, candidates, &scratch.found)
	}
	// Candidates are re-ranked in id order, the order in which they used to
	// come back from the database, so that ties resolve as they always did.
	// They are put in it before they are read, which also reads the index
	// in order.
	slices.SortFunc(top, func(a, b scoredDoc) int { return cmp.Compare(a.id, b.id) })
	scratch.cands = slices.Grow(scratch.cands[:0], len(top))[:len(top)]
	cands := scratch.cands
	var bestBM25 float64
	scratch.terms, scratch.lists = q.rerankTerms(v, scratch.terms[:0], scratch.lists[:0])
	held := v.termColumns(&scratch.held, scratch.terms, scratch.lists, top, searched, &scratch.found)
	metas := v.metas(top, scratch)
	for i, d := range top {
		meta := metas[i]
		in := func(term string) [numColumns]bool { return held.in(v, i, d.id, term) }
		cands[i] = candidate{id: d.id, bm25: d.score, meta: meta, confidence: q.confidence(meta, in), inText: q.inText(in),
			inTopic: q.inTopic(in), namesPeriod: q.namesPeriod(in), statesDate: meta.saysMonth, statesLater: meta.saysLaterYear}
		bestBM25 = math.Max(bestBM25, d.score)
	}
	if len(cands) == 0 {
		return nil, nil
	}
	bestConfidence, bestAbout := 0.0, 0.0
	for _, c := range cands {
		bestConfidence = math.Max(bestConfidence, c.confidence)
		bestAbout = math.Max(bestAbout, c.about())
	}
	for i := range cands {
		cands[i].score = q.rank(cands[i], bestConfidence, bestAbout, cands[i].bm25/math.Max(bestBM25, 1e-9))
	}
	switch {
	case q.yearEarlier:
		v.preferYearEarlier(cands)
	case q.period.IsZero():
		margin := latestMargin
		if q.latest {
			margin = askedLatestMargin
		}
		v.preferLatest(cands, margin)
		if q.latest {
			v.preferNewestSeries(cands)
		}
	}
	// Best first; their indexes are sorted, as a candidate is a large
	// struct to move.
	order := slices.Grow(scratch.order[:0], len(cands))[:len(cands)]
	scratch.order = order
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &cands[i], &cands[j]
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.meta.position, b.meta.position)
	})
	order = order[:min(limit, len(order))]
	hits := make([]bot.Hit, 0, len(order))
	for _, i := range order {
		c := &cands[i]
		if f, ok := v.fact(c.id); ok {
			hits = append(hits, bot.Hit{Fact: f, Score: c.score, Confidence: c.confidence})
		}
	}
	return hits, nil
}

// searchScratch is what a search needs only while it runs, kept from one
// search to the next: a question's candidates and what re-ranking reads
// of them took a few dozen allocations and about ten kilobytes each time.
type searchScratch struct {
	found heldTerms // what top-k found of the terms searched
	held  termColumns
	cands []candidate
	metas []factMeta
	recs  []recordReader
	order []int
	terms []string
	lists []postingList
}

var searchScratches = sync.Pool{New: func() any { return new(searchScratch) }}

// put returns the scratch to the pool, letting go of the facts it read:
// changed facts' strings live on the heap.
func (s *searchScratch) put() {
	clear(s.cands)
	clear(s.metas)
	clear(s.recs)
	clear(s.terms)
	clear(s.lists)
	searchScratches.Put(s)
}

// rerankTerms appends to terms and lists the terms re-ranking asks about,
// with the facts that hold them: every form of every word and the
// period's terms, each once.
func (q query) rerankTerms(v *vocabulary, terms []string, lists []postingList) ([]string, []postingList) {
	for _, w := range q.words {
		for _, f := range w.forms {
			if !slices.Contains(terms, f.term) {
				terms, lists = append(terms, f.term), append(lists, f.list)
			}
		}
	}
	for _, t := range q.periodTerms {
		if !slices.Contains(terms, t) {
			terms, lists = append(terms, t), append(lists, v.postingsOf(t))
		}
	}
	return terms, lists
}

// termColumns records in which index columns each candidate holds each
// term re-ranking asks about. Re-ranking asks it several times per
// candidate and term (confidence, inText, inTopic, namesPeriod), and a
// binary search of a long posting list, mostly cold in the page cache,
// each time was a good part of a question's cost; the table walks each
// list once, over the candidates in id order.
type termColumns struct {
	terms []string
	cols  [][numColumns]bool // cols[t*n+i]: term t in candidate i
	n     int                // candidates
	next  int                // where in looks first
	ints  []int              // working space, kept for the next search
}

// termColumns finds the columns of terms, held by the facts lists, in the
// candidates top, into tc. What the search found of the terms searched,
// held, is read rather than searched for again. The caller holds db.mu
// for reading.
func (v *vocabulary) termColumns(tc *termColumns, terms []string, lists []postingList, top []scoredDoc, searched []string, held *heldTerms) *termColumns {
	tc.terms, tc.n, tc.next = terms, len(top), 0
	tc.cols = slices.Grow(tc.cols[:0], len(terms)*len(top))[:len(terms)*len(top)]
	clear(tc.cols)
	tc.ints = slices.Grow(tc.ints[:0], len(top)+2*len(terms))[:len(top)+2*len(terms)]
	byID := tc.ints[:len(top)]
	asSearched := tc.ints[len(top) : len(top)+len(terms)] // each term's index in searched, or -1
	at := tc.ints[len(top)+len(terms):]                   // where each term's search got to
	for i := range byID {
		byID[i] = i
	}
	slices.SortFunc(byID, func(a, b int) int { return cmp.Compare(top[a].id, top[b].id) })
	for t, term := range terms {
		asSearched[t] = slices.Index(searched, term)
		at[t] = 0
	}
	// Candidate by candidate, then term by term: the searches of different
	// terms do not wait on one another, so their cache misses overlap.
	for _, i := range byID {
		h, isHeld := held.find(top[i].id)
		for t, l := range lists {
			if s := asSearched[t]; isHeld && s >= 0 {
				tc.cols[t*tc.n+i] = posting{tf: held.tfs[h*held.terms+s]}.columns()
				continue
			}
			var found bool
			if at[t], found = l.seek(at[t], top[i].id); found {
				tc.cols[t*tc.n+i] = l[at[t]].columns()
			}
		}
	}
	return tc
}

// in tells in which columns candidate i, fact id, holds term, as
// re-ranking asks it.
func (tc *termColumns) in(v *vocabulary, i int, id uint32, term string) [numColumns]bool {
	// Re-ranking mostly asks about the terms in the order they are listed:
	// the one after the last found is looked at first.
	if t := tc.next; t < len(tc.terms) && tc.terms[t] == term {
		tc.next = t + 1
		return tc.cols[t*tc.n+i]
	}
	for t, s := range tc.terms {
		if s == term {
			tc.next = t + 1
			return tc.cols[t*tc.n+i]
		}
	}
	return v.postingsOf(term).columns(id) // not asked for: looked up
}

// rank scores a candidate fact: its confidence, a little of its BM25
// score (relative to the best candidate's), and how well it gives the kind
// of answer and the period asked for. bestConfidence and bestAbout are the
// highest confidence and about of the candidates.
//
// The period chooses among the facts that match the question's subject
// about as well as the best one (within periodChoice): "IT exports in
// 2021" is about exports first, and a fact that only shares the year
// does not win on it.
func (q query) rank(c candidate, bestConfidence, bestAbout, relBM25 float64) float64 {
	confidence, m := c.confidence, c.meta
	// Near ties go to the fact whose sentence says what was asked (not
	// only its keywords) in the topic asked about, then to the better
	// BM25 match.
	score := confidence + 0.05*c.inText + 0.03*c.inTopic + 0.05*relBM25 + 0.05*q.namesGiven(m.names)
	if q.want == understand.WantQuantity && m.hasFigure {
		score += 0.2
	}
	if q.want == understand.WantTime && m.datedToMonth() {
		// "When" wants a date: a fact dated to the month or day
		// answers it better than one that only names the year, and
		// one whose sentence says the month ("launched in February
		// 2021") better than one dated so from its source.
		score += 0.25
		if c.statesDate {
			score += 0.05
		}
	}
	if q.want == understand.WantTime && c.statesLater {
		// "In which year should the Karachi IT park start running?": a
		// fact that names the year it is planned for ("operational by
		// 2027") says when better than one only dated when it was said.
		score += 0.1
	}
	switch {
	case q.period.IsZero():
	case m.overlaps(q.period) && c.about() >= bestAbout-periodChoice:
		// The closer the fact's period is to the one asked about, the
		// better: FY 2024-25 answers "in FY 2024-25" better than
		// November 2024 does. Of facts dated alike, one that names the
		// period ("operational in FY 2024-25") is about it.
		// A fact of another topic that only mentions the subject is
		// not its figure for the period: "IT exports in 2025" is not
		// told by "the Karachi IT Park aims to increase IT exports by
		// $90 million" (early 2025), but by the nearest exports figure,
		// with a note that there is none for 2025.
		if confidence < bestConfidence-periodChoice {
			break
		}
		score += 0.1 + 0.3*m.overlapShare(q.period)
		if c.namesPeriod {
			score += 0.05
		}
	case c.namesPeriod && c.about() >= bestAbout-periodChoice && confidence >= bestConfidence-periodChoice:
		// A target or a plan for the period asked ("should bring in
		// $18-20 million by 2027") gives its figure for it, as a fact
		// dated to it does.
		score += 0.15
	// A fact that misses the period asked misses it however well it
	// matches the rest: the penalties below hold for every candidate, or a
	// weaker match would escape them and overtake the best one.
	case m.hasPeriod:
		// No figure for the period asked: the nearest period leads, a
		// figure for as long a period first (a year's exports, not a
		// month's, for "last fiscal year").
		score -= 0.05 + 0.03*min(m.yearsFrom(q.period), maxYearsFrom)
		if !m.spansLike(q.period) {
			score -= 0.05
		}
	default:
		// An undated fact gives no figure for the period asked either,
		// and no nearer one than a dated fact could.
		score -= 0.05 + 0.03*maxYearsFrom
	}
	return score
}

// maxYearsFrom is the distance in years beyond which a fact's period is
// no further from the one asked.
const maxYearsFrom = 3

// about is how much a candidate is about what the question asks, for
// choosing by period: its confidence, and more when its topic is named
// ("IT exports" for the exports topic).
func (c candidate) about() float64 { return c.confidence + topicAbout*c.inTopic }

// topicAbout is how much a topic the question names counts towards a fact
// being about the question: more than periodChoice, so that a fact of the
// topic asked keeps a fact of another topic from being chosen for its
// period alone.
const topicAbout = 0.4

// periodChoice is how much less of a question than the best candidate a
// fact may cover and still be preferred for its period. A period the user
// names is a strong wish: a fact of FY 2023-24 lacking one or two words of
// the question ("tech services") answers "how much did Pakistan earn from
// selling tech services abroad in FY 2023-24" better than one of another
// period holding them (the trade surplus of July to November 2024).
const periodChoice = 0.3

// candidate is a fact being re-ranked.
type candidate struct {
	id                      uint32
	bm25, confidence, score float64
	inText                  float64 // share of the question in the fact's text
	inTopic                 float64 // share of the question its topic names
	namesPeriod             bool    // the fact names the period asked about
	statesDate              bool    // its text says the month it is dated to
	statesLater             bool    // its text names a year after its own: a plan's, a deadline's
	meta                    factMeta
}

// coverage is the share of the question's weight that a fact holds. A
// word counts by the best of its forms the fact holds, weighed by the
// column it is in (a fact with bare text has no curated keywords or
// aliases: its text speaks for it alone and counts in full) and by the
// form's own weight. Everyday words the fact lacks count against it only
// up to a cap, so chat noise does not sink an answer; a fact that lacks
// what the question asks about (its focus) is most likely about something
// else: the indexes of such words are returned. in reports which columns of the fact
// hold a term.
func (q query) coverage(bareText bool, counted string, in func(term string) [numColumns]bool) (float64, []int) {
	var got, gotNamed, missed, missedCommon, unknownNames, missedNames float64
	// Whether the fact holds one of the names the question gives, and
	// lacks one, for places and for other names (firms, people) apart.
	var heldName, lackedName [2]bool
	var focusMissed []int
	held := 0.0 // the user's words of substance the fact holds
	// The names written together ("Global Innovation Index") the fact
	// holds a word of, and lacks one of, by their phrase's number.
	var phraseHeld, phraseLacked uint64
	// Whether the fact holds a word of substance that is no place, and
	// lacks every form of a thing the question names.
	heldBesidesPlace, lackedThing := false, false
	for wi, w := range q.words {
		best, bestStrong, bestClose := 0.0, 0.0, 0.0
		for _, f := range w.forms {
			cw, places := 0.0, 0
			for i, has := range in(f.term) {
				// A topic's name is a label: it stands for the user's
				// own word, not for another word of like meaning. A
				// way to reach someone is given in the text.
				if has && (i > 0 || f.weight == 1) && (!w.contact || i == 1) {
					c := columnWeights[i]
					if i == 1 && bareText {
						c = 1
					}
					cw = math.Max(cw, c)
					if i > 0 {
						places++
					}
				}
			}
			if places >= 2 {
				cw = math.Min(1, cw+aboutBonus)
			}
			best = math.Max(best, cw*f.weight)
			if f.weight >= strongForm && (!w.relation || f.weight >= relationForm) {
				bestStrong = math.Max(bestStrong, cw)
			}
			if f.weight >= relationForm {
				bestClose = math.Max(bestClose, cw)
			}
		}
		// "How much money" is answered by a figure in rupees or dollars,
		// "how many people" by one counting users: the figure holds
		// what the focus names.
		if w.focus && q.want == understand.WantQuantity && w.countedIn(counted) {
			best = math.Max(best, countedCover)
		}
		got += best * w.weight
		isPlace := w.named && len(w.forms) > 0 && understand.MayBePlaceTerm(w.forms[0].term)
		// Besides the place, the fact must hold a word in the user's
		// words or their meaning: "engineering" for "technology" is
		// too loose to make a factory in Lahore the women's technology
		// park asked about there. What it lacks is a thing, or a
		// subject the facts know by a word of no dictionary ("5G").
		heldBesidesPlace = heldBesidesPlace || bestClose > 0 && best >= heldMatch && !isPlace && !w.common
		lackedThing = lackedThing || bestStrong == 0 && (w.noun && !w.name || !w.english && !w.common && !isPlace && len(w.forms) > 0)
		if w.phrase > 0 {
			bit := uint64(1) << (w.phrase % 64)
			if best >= heldMatch {
				phraseHeld |= bit
			} else {
				phraseLacked |= bit
			}
		}
		switch {
		case w.common:
			missedCommon += (1 - best) * w.weight
		case w.name && len(w.forms) == 0:
			// A name no fact has ("Bangladesh"): however much else a
			// fact holds, it is not about that place or firm.
			unknownNames += w.weight
		default:
			gotNamed += best * w.weight
			if w.named {
				missedNames += (1 - best) * w.weight
				kind := 0
				if len(w.forms) > 0 && understand.MayBePlaceTerm(w.forms[0].term) {
					kind = 1
				}
				heldName[kind] = heldName[kind] || best >= heldMatch
				lackedName[kind] = lackedName[kind] || best < heldMatch
			} else {
				missed += (1 - best) * w.weight
			}
			if best >= heldMatch {
				held += w.share
			}
		}
		// What is asked about must be in the fact in the user's own
		// words, their meaning or a typo's correction: a loose synonym
		// ("governor" for "govern", "government") is not enough.
		if w.focus && bestStrong == 0 || q.yesNo && !w.common && len(w.forms) == 0 {
			// A question whether something is so claims each of its
			// words, and one no fact has no fact confirms: "do
			// e-Rozgaar centres charge fees?".
			focusMissed = append(focusMissed, wi)
		}
	}
	// A name is said in no other words: a fact that lacks every name the
	// question gives ("in Lahore alone") does not tell of what it narrows
	// to. One that holds one of them is about one of several named
	// together ("Vivo, Airlink and Advance Telecom").
	if heldName[0] || heldName[1] {
		missed += missedNames
		missedNames = 0
	}
	// A fact that holds several of the question's words of substance is
	// what it asks about, and the words it lacks more likely say the same
	// in other words ("prize money … won" for "earned") than name another
	// subject: they count for less. Off-topic questions rarely share more
	// than a word or two with a fact ("capital of Pakistan").
	// A question whether something is so is not: the fact must hold what
	// it claims ("Can I buy Spotify Premium with a debit card?").
	if held >= corroborating && !q.yesNo {
		missed *= corroboratedMissed
	}
	missed += unknownNames + missedNames
	// Everyday words a fact lacks are capped against what it holds of the
	// question's other words: a question of everyday words only ("How do
	// I fix my car's engine?") is not answered on one of them.
	capped := missedCommon
	if gotNamed+missed > 0 {
		capped = math.Min(missedCommon, commonCap*(gotNamed+missed))
	}
	total := got + missed + capped
	if total == 0 || gotNamed+missed == 0 && q.want == understand.WantAny {
		// Everyday words alone, asking nothing, name no subject: "near",
		// "NEAR(a b) AND x*" is not answered by a cable damaged near
		// Qatar. Asked about, they may ("what does the DEEP project
		// stand for").
		return 0, nil
	}
	if phraseHeld&phraseLacked != 0 {
		// "What is Pakistan's rank in the Global Innovation Index?" is
		// not told by its place in the Global Cybersecurity Index: a
		// name is all its words.
		return got / total * answerTypePenalty, focusMissed
	}
	if heldName[1] && !heldBesidesPlace && lackedThing {
		// "weather in lahore tomorrow?" is not told by a factory in
		// Lahore: the place is all the fact shares, and the thing asked
		// about there no fact has.
		return got / total * answerTypePenalty, focusMissed
	}
	if lackedName[0] && !heldName[0] || lackedName[1] && !heldName[1] {
		// "How many e-Rozgaar centres are in Sindh?": the fact that
		// counts them nationwide does not tell of Sindh, however much
		// else it holds, as a fact lacking a focus does not. Places
		// and firms count apart: "Did Oppo open a plant in Faisalabad?"
		// is not told by Vivo's plant there.
		return got / total * focusPenalty, focusMissed
	}
	return got / total, focusMissed
}

// confidence is a fact's coverage of the question, less when the fact
// cannot give the kind of answer asked for: a who, which or where
// question wants a name the question does not already say ("Who is the
// prime minister?" is not answered by a fact that only mentions the Prime
// Minister).
func (q query) confidence(m factMeta, in func(term string) [numColumns]bool) float64 {
	c, missed := q.coverage(m.bareText, m.counted, in)
	if q.oneWordTagged(in) || q.unknownName() {
		c *= focusPenalty
	}
	// A fact lacking what is asked about is most likely about something
	// else, once however much it lacks. "How many people…" is answered
	// by a fact counting users, and "how much money…" by an amount in
	// rupees: what a figure counts stands for a focus word the text
	// lacks. "Who founded Airlink?" is not told by a fact that only names
	// Airlink: the relation is the kind of answer, as the freelancers are
	// in "what share of remittances came from freelancers".
	penalty := 1.0
	for _, i := range missed {
		switch w := q.words[i]; {
		case q.want == understand.WantQuantity && w.countedIn(m.counted) && !w.relation:
		case w.relation || w.part:
			penalty = min(penalty, answerTypePenalty)
		default:
			// Each focus word lacked: "the annual production capacity"
			// of a plant is not told by a fact that lacks both.
			penalty *= focusPenalty
		}
	}
	c *= max(penalty, answerTypePenalty*focusPenalty)
	if q.contradicted(in) {
		// "Which rural areas were mapped?" is not told by a fact that
		// urban centres were.
		c *= answerTypePenalty
	}
	// The names the fact gives that the question does not, for the
	// checks below that ask for names.
	var others, places, countries int
	namesAsked := q.want == understand.WantPerson || q.want == understand.WantWhich || q.want == understand.WantPlace
	if q.many >= 2 || namesAsked {
		others, places, countries = q.newNames(m.names)
	}
	switch q.placeKind {
	case "country":
		// "Which country is financing the park?" is not told by a fact
		// that names only Karachi.
		places = countries
	case "city":
		// Nor "which city" by one that names China ("Chinese phone
		// maker Oppo").
		places -= countries
	}
	if q.many >= 2 {
		// "Name the ten countries that used the machines": a fact that
		// only counts them names none.
		given := others
		if q.placeName {
			given = places
		}
		if given < min(q.many, maxNamesAsked) {
			c *= answerTypePenalty
		}
	}
	if q.home && q.aboutOtherPlace(m.names) {
		// "How many digital services does Pakistan's e-government
		// offer?" is not told by Türkiye's.
		c *= answerTypePenalty
	}
	if q.relative && !q.namesOtherPerson(m.names) {
		// "Who was IT minister before Aminul Haq?" is not told by a
		// fact about Aminul Haq alone.
		c *= answerTypePenalty
	}
	if q.done && q.want == understand.WantTime && m.reportDated {
		// "On what date was the PTCL cable damaged?" is not told by a
		// fact dated only by when the damage was reported.
		c *= answerTypePenalty
	}
	if q.shareOf && !m.statesShare {
		// "What percentage of Pakistanis have mobile broadband?" is not
		// told by "penetration grew by 5%".
		c *= answerTypePenalty
	}
	if q.day && !m.saysDay {
		// "On what exact date did Spotify launch?" is not told by "in
		// February 2021".
		c *= answerTypePenalty
	}
	if q.done && m.planned {
		// "How many e-Rozgaar centres have been built so far?" is not
		// told by the plan to build 250.
		c *= answerTypePenalty
	}
	if q.position && !m.ranks && !m.hasFigure {
		// "What exact rank does Pakistan hold in the index?" is not
		// told by a fact that it moved up.
		c *= answerTypePenalty
	}
	if q.superlative && !m.ranks {
		// "Which network has the most subscribers?", "the fastest
		// speed": a fact that ranks nothing cannot tell.
		c *= answerTypePenalty
	}
	if q.kindUnsaid(in) && !q.namesInstances(m.names) || q.kindUnnamed(m.names) {
		// "Which hospitals have rolled out One Patient One ID?" is not
		// told by a fact tagged "hospitals" that names none, nor "what
		// products will Oppo's centre work on" by its opening. One that
		// names what it lists need not say their kind: "uses such as
		// IoT and AR" for "which applications".
		c *= answerTypePenalty
	}
	if q.finerPlace && places > 0 && q.holdsAskedPlace(in) {
		// "Where is the Islamabad IT Park?" is not told by a fact that
		// it is in Islamabad, which the question says, and that another
		// park is in Karachi: only a place within the one named is.
		places = 0
	}
	switch q.want {
	case understand.WantPerson, understand.WantWhich, understand.WantPlace:
		// Who, or which firm, is not answered by a fact whose only names
		// the question does not give are places: "Which lender is
		// financing the Islamabad IT Park?" by one that names Karachi.
		// (Which city, province or country is a where question.)
		// Which city is answered by a place, not by a fact that names
		// only firms or programmes ("AI").
		if others+places == 0 || q.want != understand.WantPlace && others == 0 || q.placeName && places == 0 ||
			q.holder && !hasField(m.names, understand.PersonName) ||
			q.firm && hasField(m.names, understand.UnnamedFirm) || q.unnamedIn(m.names) ||
			q.abroad && places == 0 && !slices.ContainsFunc(abroadTerms, func(t string) bool { return in(t) != [numColumns]bool{} }) {
			// "Which foreign firm was hired to build the gateway?" is
			// not told by a fact that a team worked with "a foreign
			// company", nor "the name of the PTCL cable" by one that
			// "a PTCL submarine cable" was damaged. A firm from abroad
			// is told by saying so or by another country named
			// ("China's Alibaba"), not by a board and a ministry.
			c *= answerTypePenalty
		}
	case understand.WantTime:
		// "When will the 5G spectrum auction be held?" is not answered
		// by a fact that says it is still to come: the fact must say
		// when it is due.
		if q.future && !m.statesWhen {
			c *= answerTypePenalty
		}
		if q.month && !(m.hasPeriod && m.end-m.start < 32) {
			// "In which month did the Prime Minister approve it?" is
			// not told by a fact dated to a year.
			c *= answerTypePenalty
		}
	case understand.WantWhy:
		// "Why was the cable near Qatar damaged?" is not answered by a
		// fact that only says it was: the fact must give a cause or a
		// purpose.
		if !slices.ContainsFunc(understand.ReasonTerms(), func(t string) bool { return in(t)[1] }) {
			c *= answerTypePenalty
		}
	case understand.WantQuantity:
		// A figure is asked for: a fact with none cannot give it, and for
		// "how many" its figure must count what is asked about.
		// A price or a budget is an amount of money; how long, a figure
		// of years or kilometres.
		if !m.hasFigure || q.count && !q.countsFocus(m.counted) || q.money && !m.countsOneOf(moneyTerms) || q.long && !m.countsOneOf(understand.LengthTerms()) ||
			q.ofTotal != "" && onlyFigure(m.figures, q.ofTotal) {
			// "How many of the 83 projects were finished?" is not
			// told by a fact that there were 83.
			c *= answerTypePenalty
		}
	}
	return c
}

// kindUnsaid reports a fact that does not say the kind of thing asked
// for ("which hospitals") in its text or aliases: it lacks it, or is only
// tagged with it among its keywords.
func (q query) kindUnsaid(in func(term string) [numColumns]bool) bool {
	for _, w := range q.words {
		if !w.kind {
			continue
		}
		for _, f := range w.forms {
			if cols := in(f.term); f.weight >= strongForm && (cols[1] || cols[3]) {
				return false
			}
		}
		return true
	}
	return false
}

// namesInstances reports whether a fact's names hold one the question
// does not: an instance of the kind of thing asked for. Pakistan, which
// nearly every fact names, the calendar's names and two letters are
// none.
func (q query) namesInstances(names string) bool {
	for name := range strings.FieldsSeq(names) {
		if strings.HasPrefix(name, "~") || name == understand.HomeTerm || understand.IsCalendarTerm(name) || len(name) < 3 {
			continue // two letters are mostly part of a name: "DigiSkills.pk"
		}
		if !q.asks(name) {
			return true
		}
	}
	return false
}

// asks reports whether one of the question's words stands for an index
// term, in the user's word or another form.
func (q query) asks(term string) bool {
	return slices.ContainsFunc(q.words, func(w queryWord) bool {
		return slices.ContainsFunc(w.forms, func(f queryForm) bool { return f.term == term })
	})
}

// contradicted reports a fact that says the opposite of one of the
// question's words in its text (WordNet's antonyms: "urban" for "rural",
// "imports" for "exports") and does not hold the word itself or one
// like it.
func (q query) contradicted(in func(term string) [numColumns]bool) bool {
	for _, w := range q.words {
		if len(w.opposites) == 0 || slices.ContainsFunc(w.forms, func(f queryForm) bool {
			return f.weight >= strongForm && in(f.term) != [numColumns]bool{}
		}) {
			continue
		}
		if slices.ContainsFunc(w.opposites, func(t string) bool { return in(t)[1] }) {
			return true
		}
	}
	return false
}

// unnamedIn reports a fact that speaks of what the question asks the
// name of without naming it: its Unnamed marks hold the thing.
func (q query) unnamedIn(names string) bool {
	return q.nameOf != "" && hasField(names, understand.Unnamed+q.nameOf) || q.firmKind != "" && hasField(names, understand.Unnamed+q.firmKind)
}

// namesOtherPerson reports whether a fact names a person the question
// does not.
func (q query) namesOtherPerson(names string) bool {
	for name := range strings.FieldsSeq(names) {
		if word, ok := strings.CutPrefix(name, understand.PersonWord); ok && !q.asks(word) {
			return true
		}
	}
	return false
}

// kindUnnamed reports a fact that speaks of the kind of thing asked for
// without naming one: "Which consultants did PTA hire?" is not told by
// a fact that PTA was to hire "experienced consultants".
func (q query) kindUnnamed(names string) bool {
	for _, w := range q.words {
		if w.kind && len(w.forms) > 0 && hasField(names, understand.Unnamed+w.forms[0].term) {
			return true
		}
	}
	return false
}

// onlyFigure reports whether figure is every one of a fact's figures.
func onlyFigure(figures, figure string) bool {
	for f := range strings.FieldsSeq(figures) {
		if f != figure {
			return false
		}
	}
	return true
}

// hasField reports whether a space-separated list (a fact's names or
// counted terms) holds field whole.
func hasField(list, field string) bool {
	for f := range strings.FieldsSeq(list) {
		if f == field {
			return true
		}
	}
	return false
}

// unknownName reports a question that gives a name no fact has: "What
// cybersecurity challenges does Bangladesh face?". However much else a
// fact holds, it tells of another place, firm or person.
func (q query) unknownName() bool {
	for _, w := range q.words {
		if w.name && len(w.forms) == 0 {
			return true
		}
	}
	return false
}

// oneWordTagged reports a question of one English word of substance that
// a fact holds only among its keywords or aliases, not in its text or
// topic: "What
// is the capital of Pakistan?" is not answered by the Islamabad IT Park,
// which moderators tagged "capital" in another sense. With more words the
// others decide, and a term of the trade ("fintech?") means what its tag
// does.
func (q query) oneWordTagged(in func(term string) [numColumns]bool) bool {
	var only *queryWord
	for i := range q.words {
		if !q.words[i].common {
			if only != nil {
				return false
			}
			only = &q.words[i]
		}
	}
	if only == nil || !only.english {
		return false
	}
	for _, f := range only.forms {
		if cols := in(f.term); f.weight >= strongForm && (cols[0] || cols[1]) {
			return false
		}
	}
	return true
}

// countsFocus reports whether a fact's figures count what the question
// asks about: "How many provinces?" is not answered by a fact that names
// provinces but counts something else. A question without a focus passes.
func (q query) countsFocus(counted string) bool {
	focused := false
	for _, w := range q.words {
		if !w.focus {
			continue
		}
		focused = true
		// "How many gamers" is answered by a fact that holds gamers and
		// counts them as players: people of another name.
		if w.countedIn(counted) || w.people && strings.Contains(" "+counted+" ", " "+peopleTerm+" ") {
			return true
		}
	}
	return !focused
}

// countsOneOf reports a fact whose figures count one of terms: an amount
// of money (moneyTerms), a duration or a length (understand.LengthTerms:
// "135,506 km", "for 18 months").
func (m factMeta) countsOneOf(terms []string) bool {
	for t := range strings.FieldsSeq(m.counted) {
		if slices.Contains(terms, t) {
			return true
		}
	}
	return false
}

// abroadTerms are the index terms of the words that say a firm is from
// abroad.
var abroadTerms = []string{understand.Stem("foreign"), understand.Stem("overseas"), understand.Stem("multinational")}

// moneyTerms hold the index term understand.Counted gives amounts of money.
var moneyTerms = []string{understand.Stem("money")}

// peopleTerm is the index term of "people", which understand.Counted adds
// for figures that count people.
var peopleTerm = understand.Stem("people")

// countedIn reports whether one of the word's forms, its own or a close
// one, is among a fact's counted terms.
func (w queryWord) countedIn(counted string) bool {
	for _, f := range w.forms {
		if f.weight < strongForm {
			// A loose alternative is not what is asked about: a "budget"
			// is not counted by "83 Universal Service Fund projects".
			continue
		}
		if hasField(counted, f.term) {
			return true
		}
	}
	return false
}

// maxNamesAsked bounds the names a fact must give when a question asks
// for several: a name may take two words ("Advance Telecom"), and a fact
// naming three of ten is a partial answer.
const maxNamesAsked = 3

// answerTypePenalty scales the confidence of a fact that cannot give the
// kind of answer asked for.
const answerTypePenalty = 0.45

// namesGiven is the share of the question's names ("the Women Technology
// Park") that the fact writes as a name too: a fact that names the same
// thing beats one that uses the words otherwise ("women in the technology
// parks").
func (q query) namesGiven(names string) float64 {
	asked, given := 0, 0
	for _, w := range q.words {
		if !w.name || len(w.forms) == 0 {
			continue
		}
		asked++
		if hasField(names, w.forms[0].term) {
			given++
		}
	}
	if asked == 0 {
		return 0
	}
	return float64(given) / float64(asked)
}

// newNames counts the names a fact gives that the question does not:
// places (countries among them), and the others. For a who or which
// question the months and "FY" a fact capitalises are none: they say
// when, never who.
func (q query) newNames(names string) (others, places, countries int) {
	for name := range strings.FieldsSeq(names) {
		if strings.HasPrefix(name, "~") || (q.want == understand.WantPerson || q.want == understand.WantWhich) && understand.IsCalendarTerm(name) {
			continue // stands for names the fact gives, which count themselves
		}
		if q.home && name == understand.HomeTerm {
			continue // "Pakistani voting machines" were not sent to Pakistan
		}
		if q.firm && hasField(names, understand.PersonWord+name) {
			// "Which telecom operator installed the 4G station?": the
			// mountaineer the base camp is named for is no firm.
			continue
		}
		asked := false
		for _, w := range q.words {
			if q.want == understand.WantWhich && w.english && !w.name && !w.urdu {
				// An everyday word said as one does not give the name a
				// fact capitalises: "which app … for women's safety"
				// is answered by the Women Safety app. (A person's
				// name does not echo the question.) Urdu script
				// cannot tell a name apart: "اسلام آباد آئی ٹی پارک"
				// gives the park's name.
				continue
			}
			for _, f := range w.forms {
				asked = asked || f.term == name
			}
		}
		switch {
		case asked:
		case understand.MayBePlaceTerm(name):
			places++
			if understand.IsCountryTerm(name) {
				countries++
			}
		default:
			others++
		}
	}
	return others, places, countries
}

// aboutOtherPlace reports a fact about another place's thing
// (understand.AboutPlace) that the question does not name.
func (q query) aboutOtherPlace(names string) bool {
	for name := range strings.FieldsSeq(names) {
		if place, ok := strings.CutPrefix(name, understand.AboutPlace); ok && !q.asks(place) {
			return true
		}
	}
	return false
}

// holdsAskedPlace reports whether a fact's text names a place the
// question names, other than the country every fact is about.
func (q query) holdsAskedPlace(in func(term string) [numColumns]bool) bool {
	for _, w := range q.words {
		if w.named && len(w.forms) > 0 {
			if t := w.forms[0].term; t != understand.HomeTerm && understand.MayBePlaceTerm(t) && in(t)[1] {
				return true
			}
		}
	}
	return false
}

// laterYears is how far after its own date a fact's text may name the
// year something is planned for ("by 2027" in a fact of early 2025).
const laterYears = 10

// namesPeriod reports whether a fact names the period asked about in
// words, as well as being dated to it.
func (q query) namesPeriod(in func(term string) [numColumns]bool) bool {
	for _, t := range q.periodTerms {
		if in(t) == [numColumns]bool{} {
			return false
		}
	}
	return len(q.periodTerms) > 0
}

// inText is the share of the question's weight that a fact's text holds,
// in the user's words or their meanings.
func (q query) inText(in func(term string) [numColumns]bool) float64 { return q.inColumn(in, 1) }

// inTopic is the share of the question's weight that a fact's topic
// names: "IT exports" is about the exports topic more than about a
// technology park that will add to them.
func (q query) inTopic(in func(term string) [numColumns]bool) float64 { return q.inColumn(in, 0) }

// inColumn is the share of the question's weight that index column col
// of a fact holds, in the user's words or their meanings.
func (q query) inColumn(in func(term string) [numColumns]bool, col int) float64 {
	var got, total float64
	for _, w := range q.words {
		total += w.weight
		for _, f := range w.forms {
			if f.weight >= strongForm && in(f.term)[col] {
				got += w.weight
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// commonCap bounds what everyday words a fact lacks can take from its
// confidence, as a share of the weight of the question's other words.
const commonCap = 0.3

// strongForm is the least weight of a form that can stand for what a
// question asks about: a WordNet synonym can ("nations" for "countries"),
// a derived form cannot ("govern", and so "government", for "governor").
const strongForm = 0.55

// relationForm is the least weight of a form that can stand for a
// relation asked about: the user's word or one the lexicon gives alike
// ("owned", "run by"), not a WordNet synonym of another sense ("launched"
// for "founded", which a firm is but a country is not).
const relationForm = 0.85

// focusPenalty scales the confidence of a fact that lacks what the
// question asks about.
const focusPenalty = 0.6

// corroborating is how many of a question's words of substance a fact must
// hold for the others it lacks to count only corroboratedMissed as much;
// a word counts as held when what the fact holds of it, weighed by column
// and form as in coverage, is worth at least heldMatch: the word or a close
// form of it in the text, keywords or aliases, not the topic's name alone.
const (
	corroborating      = 3
	corroboratedMissed = 0.4
	heldMatch          = 0.5
)

// latestMargin is how much less of a question the newest fact of a series
// may cover and still lead: an older fact that covers more ("over three
// years") is what was asked for.
const latestMargin = 0.1

// askedLatestMargin is latestMargin for a question that asks for the
// latest figure ("the most recent broadband figure"): the newest fact of a
// series leads unless it clearly matches worse.
const askedLatestMargin = 0.25

// preferLatest makes the newest fact of a series lead when the question
// names no period and it matches within margin as well as an older one.
func (v *vocabulary) preferLatest(cands []candidate, margin float64) {
	best := map[string]int{}
	for i, c := range cands {
		s := c.meta.series
		if s == "" {
			continue
		}
		j, ok := best[s]
		if !ok || c.score > cands[j].score {
			best[s] = i
		}
	}
	if len(best) == 0 {
		return
	}
	dates := v.seriesDates(cands)
	for s, j := range best {
		top := cands[j]
		newest := j
		for i, c := range cands {
			if c.meta.series == s && c.confidence >= top.confidence-margin && dates[i].After(dates[newest]) {
				newest = i
			}
		}
		if newest != j {
			cands[newest].score = top.score + 0.01
		}
	}
}

// preferNewestSeries answers "latest IT exports" with the newest of the
// dated facts that tie for the best answer: the monthly figure of
// November 2024 rather than the yearly one of FY 2023-24, when both
// answer the question as well. Within each series preferLatest has
// already chosen.
func (v *vocabulary) preferNewestSeries(cands []candidate) {
	top := -1
	for i, c := range cands {
		if top < 0 || c.score > cands[top].score || c.score == cands[top].score && c.meta.position < cands[top].meta.position {
			top = i
		}
	}
	if top < 0 || !cands[top].meta.hasPeriod {
		return
	}
	newest := top
	for i, c := range cands {
		if c.meta.hasPeriod && c.score >= cands[top].score-newestTie && c.confidence >= cands[top].confidence &&
			c.meta.periodEnd().After(cands[newest].meta.periodEnd()) {
			newest = i
		}
	}
	if newest != top {
		cands[newest].score = cands[top].score + 0.01
	}
}

// newestTie is how much less than the best a "latest" question's newer
// fact may score and still lead: ranking tells apart by a few hundredths
// facts that answer equally (which source, how long the text is).
const newestTie = 0.02

// seriesDates returns the date each candidate in a series speaks of (see
// vocabulary.date).
// preferYearEarlier makes the fact of the leading series dated a year
// before its newest lead, for "the same period last year": the months
// compared are the newest figure's.
func (v *vocabulary) preferYearEarlier(cands []candidate) {
	top := -1
	for i, c := range cands {
		if c.meta.series != "" && (top < 0 || c.score > cands[top].score) {
			top = i
		}
	}
	if top < 0 {
		return
	}
	s := cands[top].meta.series
	dates := v.seriesDates(cands)
	newest := top
	for i, c := range cands {
		if c.meta.series == s && dates[i].After(dates[newest]) {
			newest = i
		}
	}
	want := dates[newest].AddDate(-1, 0, 0)
	for i, c := range cands {
		if c.meta.series == s && c.confidence >= cands[top].confidence-askedLatestMargin && absDays(dates[i].Sub(want)) <= yearEarlierSlack {
			cands[i].score = cands[top].score + 0.01
			return
		}
	}
}

// yearEarlierSlack is how far from a year before the newest figure's end
// the figure compared with it may end, in days: months and fiscal years
// end on different days from year to year.
const yearEarlierSlack = 20

func absDays(d time.Duration) float64 { return math.Abs(d.Hours() / 24) }

func (v *vocabulary) seriesDates(cands []candidate) []time.Time {
	dates := make([]time.Time, len(cands))
	for i, c := range cands {
		if c.meta.series != "" {
			dates[i] = v.date(c.meta)
		}
	}
	return dates
}

// Explain tells how a question is read and why its best candidates scored
// as they did: each word with its weight and the index terms that stand
// for it, the kind of answer and period asked for, and the top facts with
// TopAnswer returns the best hit of question, as Search gives it first,
// and whether there is one. The engine asks it of each question it would
// suggest ("Did you mean …?") before offering it, and the same facts'
// suggestions come up again and again: the hits are remembered for the
// index generation and lexicon they were found with.
func (db *DB) TopAnswer(ctx context.Context, question string) (bot.Hit, bool, error) {
	if err := db.syncIndex(ctx); err != nil {
		return bot.Hit{}, false, fmt.Errorf("cannot search facts: %w", err)
	}
	db.mu.RLock()
	gen := db.vocab.gen
	db.mu.RUnlock()
	if h, ok := db.answers.get(gen, question); ok {
		return h, h.Fact.Key != "", nil
	}
	hits, err := db.Search(ctx, question, 1)
	if err != nil {
		return bot.Hit{}, false, err
	}
	var top bot.Hit
	if len(hits) > 0 {
		top = hits[0]
	}
	db.answers.put(gen, question, top)
	return top, top.Fact.Key != "", nil
}

// answerCache holds the best hits of questions for one index generation.
type answerCache struct {
	mu   sync.Mutex
	gen  int64
	hits map[string]bot.Hit
}

// maxCachedAnswers bounds answerCache: suggestions are a fact's, and a
// few thousand cover the facts near misses come back to.
const maxCachedAnswers = 4096

func (c *answerCache) get(gen int64, question string) (bot.Hit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return bot.Hit{}, false
	}
	h, ok := c.hits[question]
	return h, ok
}

func (c *answerCache) put(gen int64, question string, h bot.Hit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || len(c.hits) >= maxCachedAnswers {
		c.gen, c.hits = gen, nil
	}
	if c.hits == nil {
		c.hits = map[string]bot.Hit{}
	}
	c.hits[question] = h
}

func (c *answerCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hits = nil
}

// their confidence. It answers "why was this question declined?".
func (db *DB) Explain(ctx context.Context, question string) (string, error) {
	db.mu.RLock()
	q := db.analyze(question)
	db.mu.RUnlock()
	var b strings.Builder
	fmt.Fprintf(&b, "question: %q\nwants: %s", question, cmp.Or(string(q.want), "anything"))
	if !q.period.IsZero() {
		fmt.Fprintf(&b, ", period %s", q.period)
	}
	if q.latest {
		b.WriteString(", the latest")
	}
	if q.yearEarlier {
		b.WriteString(", a year before the newest")
	}
	b.WriteString("\n")
	for _, w := range q.words {
		var forms []string
		for _, f := range w.forms {
			forms = append(forms, fmt.Sprintf("%s×%.2f", f.term, f.weight))
		}
		flags := ""
		if w.focus {
			flags += " focus"
		}
		if w.common {
			flags += " common"
		}
		fmt.Fprintf(&b, "  word weight %.2f%s: %s\n", w.weight, flags, cmp.Or(strings.Join(forms, " "), "(no fact has it)"))
	}
	hits, err := db.Search(ctx, question, 3)
	if err != nil {
		return "", err
	}
	for _, h := range hits {
		fmt.Fprintf(&b, "  candidate %s: confidence %.2f, score %.2f\n", h.Fact.Key, h.Confidence, h.Score)
	}
	return b.String(), nil
}
