package knowledge

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/understand"
)

// The search index also lives in memory. FTS5 keeps it on disk and stays
// the source of truth: the posting lists are kept in a snapshot file
// (snapshot.go), rebuilt from FTS5 when it cannot be trusted, and every
// committed write updates them (applyIndexChanges). Search scores the
// posting lists in Go with the BM25 that FTS5's bm25() computes, with the
// same column weights, constants and tie order, so it finds the same
// candidates. The difference is cost: FTS5 spends about a microsecond per
// matching fact on bm25(), which at 100,000 facts made a question with only
// common words ("exports", "internet") take 10-20 ms; a posting costs a few
// nanoseconds here.

// numColumns is the number of facts_fts columns: topic, text, keywords,
// aliases.
const numColumns = 4

// bm25Weights weigh a term by the column it appears in, as
// bm25(facts_fts, 0.4, 1.0, 0.8, 1.0) did.
var bm25Weights = [numColumns]float64{0.4, 1.0, 0.8, 1.0}

// BM25 constants as FTS5 defines them. They are variables so that the
// arithmetic happens in float64 at run time, rounding as FTS5's C does.
var bm25K1, bm25B = 1.2, 0.75

// smallFreq[i] is the weighted frequency of a term found at most three
// times in each column, i holding the counts in two bits a column (topic
// lowest), summed in the order the general case sums them.
var smallFreq = func() (f [1 << (2 * numColumns)]float64) {
	for i := range f {
		for c, w := range bm25Weights {
			for range i >> (2 * c) & 3 {
				f[i] += w
			}
		}
	}
	return f
}()

// posting records that fact id holds a term, and how often in each column.
type posting struct {
	id uint32
	tf [numColumns]uint8 // saturates at 255
}

// postingList is sorted by id.
type postingList []posting

// find returns the position of id in l, or where it would be, and
// whether it is there. It is the binary search slices.BinarySearchFunc
// does, written out (seek ends in it, and the generic search called its
// comparison through a pointer at every step) and without a branch on
// the comparison: which half id lies in follows no pattern, and the
// mispredicted branch cost more than the read it waited on when the list
// was in cache, as it is when re-ranking looks up its candidates in the
// lists top-k has just read.
func (l postingList) find(id uint32) (int, bool) {
	if len(l) == 0 {
		return 0, false
	}
	// The first position holding id or more lies in [base, base+n].
	base, n := 0, len(l)
	for n > 1 {
		half := n / 2
		// below is 1 if l[base+half-1].id < id: ids are below 2^32, so
		// their difference in 64 bits wraps then only.
		below := int((uint64(l[base+half-1].id) - uint64(id)) >> 63)
		base += half & -below
		n -= half
	}
	if l[base].id < id {
		base++
	}
	return base, base < len(l) && l[base].id == id
}

// seek returns the position of id in l, or where it would be, searching
// from position from on, and whether it is there. Fact ids spread evenly
// enough over a term's list that where id falls between the first and
// last ids left tells nearly where it lies: seek looks there first, then
// gallops towards id, doubling its step until it passes id, and searches
// the last step. Looking up a few facts in a long list, mostly out of
// cache, then costs a read or two where a binary search waited on a dozen
// one after another; when the ids are not spread evenly it costs at most
// about twice a binary search.
func (l postingList) seek(from int, id uint32) (int, bool) {
	if from >= len(l) || l[from].id >= id {
		return from, from < len(l) && l[from].id == id
	}
	last := len(l) - 1
	if l[last].id < id {
		return len(l), false
	}
	// l[from].id < id <= l[last].id, so from < guess <= last.
	first := l[from].id
	guess := from + 1 + int(uint64(id-first-1)*uint64(last-from)/uint64(l[last].id-first))
	if l[guess].id < id {
		step := 1
		for guess+step < last && l[guess+step].id < id {
			step *= 2
		}
		lo := guess + step/2 + 1 // l[lo-1].id < id
		n, found := l[lo : min(guess+step, last)+1].find(id)
		return lo + n, found
	}
	step := 1
	for guess-step > from && l[guess-step].id >= id {
		step *= 2
	}
	lo := max(guess-step, from) + 1 // l[lo-1].id < id
	hi := guess - step/2            // l[hi].id >= id
	n, found := l[lo : hi+1].find(id)
	return lo + n, found
}

// factMeta is what re-ranking needs to know about a fact besides its terms,
// kept with the index so that Search loads from the database only the
// facts it returns. It is kept small: there is one per fact.
type factMeta struct {
	series    string
	sourceID  string
	position  int32
	start     int32 // first and last day of the period, in days since 1970
	end       int32
	hasPeriod bool
	hasFigure bool // the text states a number other than a year
	bareText  bool // no curated keywords or aliases: the text speaks alone
	// statesWhen: the text says when something is due ("by 2027"), which
	// a "when will" question asks (understand.StatesWhen).
	statesWhen bool
	// ranks: the text ranks something above others ("the largest",
	// "ranked 29th"), which a superlative question asks
	// (understand.StatesSuperlative).
	ranks bool
	// planned: the text tells of a plan, not of what was done
	// (understand.StatesPlan).
	planned bool
	// reportDated: every time its text gives is when something was
	// reported or stood (understand.DatesOnlyReport), not when what it
	// tells happened.
	reportDated bool
	// saysMonth: the fact is dated to a month and its text names it
	// ("launched in February 2021"), which a when question prefers.
	saysMonth bool
	// saysDay: the fact is dated to a day, or its text names one ("31
	// December 2023"), which "on what date" asks (understand.StatesDay).
	saysDay bool
	// statesShare: the text gives a share of a whole ("20% of the
	// workforce"), which "what percentage of" asks (understand.StatesShare).
	statesShare bool
	// saysLaterYear: its text names a year after its period's, up to
	// laterYears on ("operational by 2027" in a fact of early 2025): a
	// plan's or a deadline's, which "in which year" asks.
	saysLaterYear bool
	// names are the index terms of the names the text gives ("Multan",
	// "PTA"), space-separated: what who, which and where questions ask for.
	names string
	// counted are the index terms of what the text's figures count
	// ("43 parks": park), space-separated: what how-many questions ask for.
	counted string
	// figures are the figures the text states ("83", "3.223"),
	// space-separated: a question that counts part of one ("how many of
	// the 83…") is not told by it alone.
	figures string
}

func newFactMeta(position int, period bot.Period, series, sourceID, text string, bareText bool) factMeta {
	figures := understand.Figures(text)
	m := factMeta{series: series, sourceID: sourceID, position: int32(position), hasFigure: len(figures) > 0, bareText: bareText,
		figures: strings.Join(figures, " ")}
	var names []string
	for _, n := range understand.Names(text) {
		if !strings.HasPrefix(n, "~") { // marks (understand.PersonName…) are no words
			n = understand.Stem(n)
		}
		names = append(names, n)
	}
	m.names = strings.Join(names, " ")
	var counted []string
	for _, w := range understand.Counted(text) {
		counted = append(counted, understand.Stem(w))
	}
	m.counted = strings.Join(counted, " ")
	after := math.MaxInt // a year after the fact's own says when something is due
	if !period.IsZero() {
		m.hasPeriod, m.start, m.end = true, days(period.Start), days(period.End)
		after = period.End.Year()
	}
	m.statesWhen = understand.StatesWhen(text, after)
	m.ranks = understand.StatesSuperlative(text)
	m.planned = understand.StatesPlan(text)
	m.reportDated = understand.DatesOnlyReport(text)
	m.saysMonth, m.saysLaterYear = saysDates(m, text)
	m.saysDay = m.hasPeriod && m.start == m.end || understand.StatesDay(text)
	m.statesShare = understand.StatesShare(text)
	return m
}

// saysDates reports whether a fact dated to a month names the month in its
// text, and whether the text names a year after its period's, by the
// index terms of the text, as a question's terms would meet them: worked
// out once here, not for every question that asks when.
func saysDates(m factMeta, text string) (month, laterYear bool) {
	if !m.hasPeriod || !m.datedToMonth() && strings.IndexFunc(text, unicode.IsDigit) < 0 {
		return false, false
	}
	terms := strings.Fields(indexTerms(nil, text))
	if m.datedToMonth() {
		name := time.Unix(int64(m.start)*86400, 0).UTC().Month().String()
		month = slices.Contains(terms, understand.Stem(strings.ToLower(name)))
	}
	end := m.periodEnd().Year()
	laterYear = slices.ContainsFunc(terms, func(t string) bool {
		y, err := strconv.Atoi(t)
		return err == nil && y > end && y <= end+laterYears && strconv.Itoa(y) == t
	})
	return month, laterYear
}

// days counts the days from 1970 to t, a midnight in UTC as periods have.
func days(t time.Time) int32 { return int32(t.Unix() / 86400) }

// overlaps is bot.Period.Overlaps for the fact's period.
func (m factMeta) overlaps(p bot.Period) bool {
	return m.hasPeriod && !p.IsZero() && m.end >= days(p.Start) && days(p.End) >= m.start
}

// overlapShare is the share of the fact's period and p's combined span
// that they have in common, counted in days.
func (m factMeta) overlapShare(p bot.Period) float64 {
	ps, pe := days(p.Start), days(p.End)
	shared := min(m.end, pe) - max(m.start, ps) + 1
	union := max(m.end, pe) - min(m.start, ps) + 1
	return max(0, float64(shared)/float64(union))
}

// yearsFrom is how many years lie between the fact's period and p, 0 when
// they touch.
func (m factMeta) yearsFrom(p bot.Period) float64 {
	gap := max(days(p.Start)-m.end, m.start-days(p.End), 0)
	return float64(gap) / 365
}

// spansLike reports whether the fact's period is about as long as p: both
// a year or more, or both shorter.
func (m factMeta) spansLike(p bot.Period) bool {
	const year = 360
	return (m.end-m.start >= year) == (days(p.End)-days(p.Start) >= year)
}

// datedToMonth reports whether the fact's period is a month or a day.
func (m factMeta) datedToMonth() bool { return m.hasPeriod && m.end-m.start <= 31 }

// periodEnd is the last day of the fact's period.
func (m factMeta) periodEnd() time.Time { return time.Unix(int64(m.end)*86400, 0).UTC() }

// docTerms counts the terms of one fact's index columns.
type docTerms struct {
	terms  []string
	tf     [][numColumns]uint8
	tokens int
}

// count fills d with the terms of one fact's index columns.
func (d *docTerms) count(cols [numColumns]string) {
	d.terms, d.tf, d.tokens = d.terms[:0], d.tf[:0], 0
	for c, col := range cols {
		for t := range strings.FieldsSeq(col) {
			d.tokens++
			i := slices.Index(d.terms, t)
			if i < 0 {
				i = len(d.terms)
				d.terms = append(d.terms, t)
				d.tf = append(d.tf, [numColumns]uint8{})
			}
			if d.tf[i][c] < math.MaxUint8 {
				d.tf[i][c]++
			}
		}
	}
}

// addDoc indexes fact id with the terms of its index columns and keeps
// its record, replacing what was indexed for it before only if removeDoc
// was called first. A fact without terms is kept for listings but not
// counted.
func (v *vocabulary) addDoc(id int64, cols [numColumns]string, rec factRecord) {
	var d docTerms
	d.count(cols)
	v.setDocLen(uint32(id), uint32(d.tokens))
	v.facts[uint32(id)] = &changedFact{docLen: uint32(d.tokens), terms: strings.Join(cols[:], " "), factRecord: rec}
	if d.tokens == 0 {
		return
	}
	for i, t := range d.terms {
		p := posting{id: uint32(id), tf: d.tf[i]}
		l, ok := v.postings[t]
		if !ok {
			// Copied on first change: the base's list is read-only.
			l = slices.Clone(v.base.postingsOf(t))
			t = strings.Clone(t) // do not keep the whole column alive
			if i, inBase := v.base.terms.find(t); inBase {
				v.bounds[t] = termBound{v.base.maxFreq[i], v.base.minLen[i]}
			}
		}
		b := v.bounds[t]
		b.raise(weightedFreq(p.tf), uint32(d.tokens))
		v.bounds[t] = b
		if n := len(l); n == 0 || l[n-1].id < p.id {
			l = append(l, p)
		} else if j, found := l.find(p.id); found {
			l[j] = p
		} else {
			l = slices.Insert(l, j, p)
		}
		v.postings[t] = l
	}
	v.maxLen = max(v.maxLen, d.tokens)
	v.countNames(rec.meta.names, 1)
	v.docs++
	v.tokens += d.tokens
}

// countNames adds (or with -1 removes) one fact's names to the count of
// facts that give each name.
func (v *vocabulary) countNames(names string, delta int32) {
	for n := range strings.FieldsSeq(names) {
		if _, ok := v.names[n]; !ok {
			n = strings.Clone(n)
		}
		v.names[n] += delta
	}
}

// nameCount is the number of facts that give term as a name.
func (v *vocabulary) nameCount(term string) int32 {
	n := v.names[term]
	if i, ok := v.base.names.find(term); ok {
		n += int32(v.base.nameCount[i])
	}
	return n
}

// isName reports whether some fact gives term as a name ("Karachi",
// "Samsung").
func (v *vocabulary) isName(term string) bool { return v.nameCount(term) > 0 }

// removeDoc takes fact id out of the posting lists of terms, the terms it
// was indexed with, and drops its record.
func (v *vocabulary) removeDoc(id int64, terms string) {
	n := v.docLen(uint32(id))
	names := v.meta(uint32(id)).names
	v.setDocLen(uint32(id), 0)
	v.facts[uint32(id)] = &changedFact{}
	if n == 0 {
		return
	}
	for t := range strings.FieldsSeq(terms) {
		l, ok := v.postings[t]
		if !ok {
			l = v.base.postingsOf(t)
		}
		if j, found := l.find(uint32(id)); found {
			if !ok {
				l, t = slices.Clone(l), strings.Clone(t)
				i, _ := v.base.terms.find(t)
				v.bounds[t] = termBound{v.base.maxFreq[i], v.base.minLen[i]}
			}
			// An empty list stays: it hides the base's. Words stay too:
			// correct skips words whose term has no facts.
			v.postings[t] = slices.Delete(l, j, j+1)
		}
	}
	v.docs--
	v.tokens -= int(n)
	v.countNames(names, -1)
}

// termCount is the number of terms some fact holds.
func (v *vocabulary) termCount() int {
	n := v.base.terms.len()
	for t, l := range v.postings {
		_, inBase := v.base.terms.find(t)
		switch {
		case len(l) > 0 && !inBase:
			n++
		case len(l) == 0 && inBase:
			n--
		}
	}
	return n
}

// refreshNorms recomputes the BM25 length normalisation
// k1*(1-b+b*D/avgdl) for every fact length D up to the longest, after
// writes have changed the average length. Facts have a few hundred
// different lengths at most, so this is cheap enough to run under the
// write lock after every write, and saves a division per posting in every
// search.
func (v *vocabulary) refreshNorms() {
	v.normByLen = lengthNorms(v.docs, v.tokens, v.maxLen, v.normByLen[:0])
}

// lengthNorms appends to dst the BM25 length normalisation of every fact
// length up to maxLen, for an index of docs facts and tokens terms.
func lengthNorms(docs, tokens, maxLen int, dst []float64) []float64 {
	if docs == 0 {
		return dst
	}
	k1, b := bm25K1, bm25B
	avgdl := float64(tokens) / float64(docs)
	for d := range maxLen + 1 {
		dst = append(dst, float64(k1*(1-b+float64(b*float64(d))/avgdl)))
	}
	return dst
}

// df is the number of facts that hold term.
func (v *vocabulary) df(term string) int { return len(v.postingsOf(term)) }

// scoredDoc is a fact with its BM25 score.
type scoredDoc struct {
	id    uint32
	score float64
}

// columns reports in which index columns fact id holds the term of l.
func (l postingList) columns(id uint32) (in [numColumns]bool) {
	if j, found := l.find(id); found {
		return l[j].columns()
	}
	return in
}

// columns reports in which index columns the posting's fact holds its
// term.
func (p posting) columns() (in [numColumns]bool) {
	for c, n := range p.tf {
		in[c] = n > 0
	}
	return in
}
