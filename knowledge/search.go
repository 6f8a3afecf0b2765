package knowledge

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/editdist"
)

// MaxQuestionBytes bounds the text Search looks at; the engine refuses longer
// questions before they get here, this only keeps the store safe on its own.
const MaxQuestionBytes = 4096

// candidates is how many index matches are re-ranked per question.
const candidates = 40

// queryTerm is one meaningful word of a question.
type queryTerm struct {
	term      string  // the index term searched for
	weight    float64 // how much it counts towards confidence
	corrected bool    // a typo correction, trusted a little less
	known     bool    // present in the index
}

// query is a question analysed for search.
type query struct {
	terms  []queryTerm
	period bot.Period
	// quantity is set when the question asks for a figure ("how many").
	quantity bool
	// when is set when the question asks for a date.
	when bool
}

var (
	fiscalYear = regexp.MustCompile(`\b(?:fy\s*)?((?:19|20)\d\d)\s*[-/–]\s*(\d\d)\b`)
	monthYear  = regexp.MustCompile(`\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+((?:19|20)\d\d)\b`)
	plainYear  = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
	months     = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
)

// extractPeriod finds the period a question asks about ("in FY 2023-24",
// "2023-24", "November 2024", "in 2021") and returns the text without it.
func extractPeriod(text string) (bot.Period, string) {
	if m := fiscalYear.FindStringSubmatchIndex(text); m != nil {
		year, _ := strconv.Atoi(text[m[2]:m[3]])
		if next, _ := strconv.Atoi(text[m[4]:m[5]]); (year+1)%100 == next {
			p, err := bot.ParsePeriod(fmt.Sprintf("FY%d-%02d", year, next))
			if err == nil {
				return p, text[:m[0]] + " " + text[m[1]:]
			}
		}
	}
	if m := monthYear.FindStringSubmatchIndex(text); m != nil {
		month := months[text[m[2]:m[3]]]
		p, err := bot.ParsePeriod(fmt.Sprintf("%s-%02d", text[m[4]:m[5]], month))
		if err == nil {
			return p, text[:m[0]] + " " + text[m[1]:]
		}
	}
	if m := plainYear.FindStringIndex(text); m != nil {
		if p, err := bot.ParsePeriod(text[m[0]:m[1]]); err == nil {
			return p, text[:m[0]] + " " + text[m[1]:]
		}
	}
	return bot.Period{}, text
}

// analyze turns a question into weighted index terms. Words that are not in
// the index are corrected to the nearest indexed term when one is close
// enough; words that stay unknown still count against confidence, so a
// question about something else is not answered with a loosely related fact.
// The caller holds db.mu for reading.
func (db *DB) analyze(question string) query {
	if len(question) > MaxQuestionBytes {
		question = question[:MaxQuestionBytes]
	}
	var q query
	var text string
	q.period, text = extractPeriod(foldText(question))
	q.quantity = quantityQuestion.MatchString(text)
	q.when = whenQuestion.MatchString(text)
	names := capitalized(question)

	seen := map[string]bool{}
	var ws []string
	eachWord(text, func(parts []string, joined string) {
		// A joined form the index knows ("esports") stands for the whole
		// word; otherwise its parts do, so "e-safty" is corrected as "safty".
		if joined != "" && db.vocab.df(stem(joined)) > 0 {
			ws = append(ws, joined)
		} else {
			ws = append(ws, parts...)
		}
	})
	for _, w := range ws {
		if stopWords[w] {
			continue
		}
		t := queryTerm{term: stem(w)}
		if seen[t.term] {
			continue
		}
		t.known = db.vocab.df(t.term) > 0
		if !t.known && nearStopWord(w) {
			continue
		}
		seen[t.term] = true
		if !t.known {
			if c, ok := db.vocab.correct(w); ok && !seen[c] {
				t.term, t.corrected, t.known = c, true, true
				seen[c] = true
			}
		}
		t.weight = db.vocab.idf(t.term)
		switch {
		case isNumber(w):
			// Figures and years rarely identify a subject on their own.
			t.weight *= 0.5
		case !t.known && names[w]:
			// A name the knowledge base has never seen ("India", "Messi")
			// says the question is about something else.
			t.weight *= 1.5
		}
		q.terms = append(q.terms, t)
	}
	return q
}

// quantityQuestion spots questions that ask for a figure.
var quantityQuestion = regexp.MustCompile(`\bhow (many|much|long|big|large|fast|far)\b|\b(number|amount|size|share|percent) of\b|\bwhat (percent|share|proportion)\b`)

// whenQuestion spots questions that ask for a date.
var whenQuestion = regexp.MustCompile(`\bwhen\b|\bwhat (date|day|month|year)\b`)

// figure matches a number that is not a year ("600,000", "3.223", "24%").
var figure = regexp.MustCompile(`\d[\d,.]*`)

// hasFigure reports whether text states a number other than a year.
func hasFigure(text string) bool {
	for _, m := range figure.FindAllString(text, -1) {
		m = strings.TrimRight(m, ",.")
		if len(m) != 4 || (m[:2] != "19" && m[:2] != "20") {
			return true
		}
	}
	return false
}

// capitalized returns the folded forms of words written with a capital.
func capitalized(text string) map[string]bool {
	names := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToValidUTF8(text, " "), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			names[foldText(w)] = true
		}
	}
	return names
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
	for s := range stopWords {
		if len(s) < 4 || s[0] != w[0] || editdist.Distance(w, s, 1) > 1 {
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

func isNumber(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// knownTerms are the terms to search the index for, in question order.
func (q query) knownTerms() []string {
	var terms []string
	for _, t := range q.terms {
		if t.known {
			terms = append(terms, t.term)
		}
	}
	return terms
}

// Column weights for confidence: a word found in a fact's text or aliases
// says more than one found only in its topic's name. A word a fact holds in
// two of text, keywords and aliases is what the fact is about, and counts in
// full.
var columnWeights = [4]float64{0.4, 0.85, 0.8, 0.9} // topic, text, keywords, aliases

const aboutBonus = 0.15

// Search finds the facts that best answer question, best first. The
// candidates are the facts with the best BM25 scores for the question's
// known terms (see memindex.go); they are re-ranked by how much of the
// question they cover, their period and whether they hold a figure, all
// known in memory, and only the facts returned are read from the database.
func (db *DB) Search(ctx context.Context, question string, limit int) ([]bot.Hit, error) {
	if limit <= 0 {
		return nil, nil
	}
	if err := db.syncIndex(ctx); err != nil {
		return nil, fmt.Errorf("cannot search facts: %w", err)
	}
	db.mu.RLock()
	q := db.analyze(question)
	top := db.vocab.topBM25(q.knownTerms(), candidates)
	cands := make([]candidate, len(top))
	var bestBM25 float64
	for i, d := range top {
		cands[i] = candidate{id: d.id, bm25: d.score, meta: db.vocab.meta[d.id],
			confidence: q.coverage(db.vocab.meta[d.id].bareText, func(term string) [numColumns]bool { return db.vocab.columns(term, d.id) })}
		bestBM25 = math.Max(bestBM25, d.score)
	}
	db.mu.RUnlock()
	if len(cands) == 0 {
		return nil, nil
	}

	// Candidates are re-ranked in id order, the order in which they used to
	// come back from the database, so that ties resolve as they always did.
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Compare(a.id, b.id) })
	for i := range cands {
		c := &cands[i]
		c.score = c.confidence + 0.15*c.bm25/math.Max(bestBM25, 1e-9)
		if q.quantity && c.meta.hasFigure {
			c.score += 0.2
		}
		if q.when && c.meta.datedToMonth() {
			// "When" wants a date: a fact dated to the month or day
			// answers it better than one that only names the year.
			c.score += 0.25
		}
		switch {
		case q.period.IsZero():
		case c.meta.overlaps(q.period):
			// The closer the fact's period is to the one asked about, the
			// better: FY 2024-25 answers "in FY 2024-25" better than
			// November 2024 does.
			c.score += 0.1 + 0.3*c.meta.overlapShare(q.period)
		case c.meta.hasPeriod:
			c.score -= 0.15
		}
	}
	if q.period.IsZero() {
		if err := db.preferLatest(ctx, cands); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.meta.position, b.meta.position)
	})
	cands = cands[:min(limit, len(cands))]

	ids := make([]any, len(cands))
	for i, c := range cands {
		ids[i] = int64(c.id)
	}
	stored, err := queryFacts(ctx, db.read, idsWhere(len(ids)), ids...)
	if err != nil {
		return nil, fmt.Errorf("cannot load found facts: %w", err)
	}
	byID := make(map[int64]bot.Fact, len(stored))
	for _, f := range stored {
		byID[f.id] = f.Fact
	}
	hits := make([]bot.Hit, 0, len(cands))
	for _, c := range cands {
		// A fact removed since the index was read is left out.
		if f, ok := byID[int64(c.id)]; ok {
			hits = append(hits, bot.Hit{Fact: f, Score: c.score, Confidence: c.confidence})
		}
	}
	return hits, nil
}

// candidate is a fact being re-ranked.
type candidate struct {
	id                      uint32
	bm25, confidence, score float64
	meta                    factMeta
}

// idsWhere selects the live facts with n ids given as arguments. A fact
// another process removed a moment ago may still be in the index here
// (see sync.go); it is never returned.
func idsWhere(n int) string {
	return `f.id IN (?` + strings.Repeat(`, ?`, n-1) + `) AND v.removed = 0`
}

// coverage is the share of the question's weight that a fact's index
// columns hold, each column counting by its weight; in reports which
// columns of the fact hold a term. A fact with bare text has no curated
// keywords or aliases (most moderators' facts): its text speaks for it
// alone and counts in full.
func (q query) coverage(bareText bool, in func(term string) [numColumns]bool) float64 {
	var total, got float64
	for _, t := range q.terms {
		total += t.weight
		if !t.known {
			continue
		}
		best, places := 0.0, 0
		for i, has := range in(t.term) {
			if has {
				w := columnWeights[i]
				if i == 1 && bareText {
					w = 1
				}
				best = math.Max(best, w)
				if i > 0 {
					places++
				}
			}
		}
		if places >= 2 {
			best = math.Min(1, best+aboutBonus)
		}
		if t.corrected {
			best *= 0.8
		}
		got += best * t.weight
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// preferLatest makes the newest fact of a series lead when the question
// names no period and it matches about as well as an older one.
func (db *DB) preferLatest(ctx context.Context, cands []candidate) error {
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
		return nil
	}
	dates, err := db.seriesDates(ctx, cands)
	if err != nil {
		return err
	}
	for s, j := range best {
		top := cands[j]
		newest := j
		for i, c := range cands {
			if c.meta.series == s && c.confidence >= top.confidence-0.15 && dates[i].After(dates[newest]) {
				newest = i
			}
		}
		if newest != j {
			cands[newest].score = top.score + 0.01
		}
	}
	return nil
}

// seriesDates returns the date each candidate in a series speaks of, as
// factDate gives it: the end of its period or, for the rare fact in a
// series without one, its source's date, read from the database.
func (db *DB) seriesDates(ctx context.Context, cands []candidate) ([]time.Time, error) {
	dates := make([]time.Time, len(cands))
	var sourceIDs []any
	for i, c := range cands {
		if c.meta.series != "" {
			if c.meta.hasPeriod {
				dates[i] = c.meta.periodEnd()
			} else {
				sourceIDs = append(sourceIDs, c.meta.sourceID)
			}
		}
	}
	if len(sourceIDs) == 0 {
		return dates, nil
	}
	rows, err := db.read.QueryContext(ctx, sourceDatesSQL(len(sourceIDs)), sourceIDs...)
	if err != nil {
		return nil, fmt.Errorf("cannot read source dates: %w", err)
	}
	defer rows.Close()
	sources := map[string]bot.Source{}
	for rows.Next() {
		var s bot.Source
		if err := rows.Scan(&s.ID, &s.Published, &s.ApproxDate); err != nil {
			return nil, fmt.Errorf("cannot read source dates: %w", err)
		}
		sources[s.ID] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cannot read source dates: %w", err)
	}
	for i, c := range cands {
		if c.meta.series != "" && !c.meta.hasPeriod {
			dates[i] = factDate(bot.Fact{Source: sources[c.meta.sourceID]})
		}
	}
	return dates, nil
}

// sourceDatesSQL reads the dates of n sources given as arguments.
func sourceDatesSQL(n int) string {
	return `SELECT id, published, approx_date FROM sources WHERE id IN (?` + strings.Repeat(`, ?`, n-1) + `)`
}
