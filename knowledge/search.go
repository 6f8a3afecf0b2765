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

	db.mu.RLock()
	defer db.mu.RUnlock()
	seen := map[string]bool{}
	var ws []string
	eachWord(text, func(parts []string, joined string) {
		// A joined form the index knows ("esports") stands for the whole
		// word; otherwise its parts do, so "e-safty" is corrected as "safty".
		if joined != "" && db.vocab.df[stem(joined)] > 0 {
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
		t.known = db.vocab.df[t.term] > 0
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

// matchExpression builds an FTS5 query from known terms only. Terms are
// made of letters and digits, and each is quoted, so nothing a user types
// can reach FTS5's query syntax.
func (q query) matchExpression() string {
	var parts []string
	for _, t := range q.terms {
		if t.known {
			parts = append(parts, `"`+t.term+`"`)
		}
	}
	return strings.Join(parts, " OR ")
}

// Column weights for confidence: a word found in a fact's text or aliases
// says more than one found only in its topic's name. A word a fact holds in
// two of text, keywords and aliases is what the fact is about, and counts in
// full.
var columnWeights = [4]float64{0.4, 0.85, 0.8, 0.9} // topic, text, keywords, aliases

const aboutBonus = 0.15

// Search finds the facts that best answer question, best first.
func (db *DB) Search(ctx context.Context, question string, limit int) ([]bot.Hit, error) {
	q := db.analyze(question)
	expr := q.matchExpression()
	if expr == "" || limit <= 0 {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `
		SELECT rowid, bm25(facts_fts, 0.4, 1.0, 0.8, 1.0), topic, text, keywords, aliases
		FROM facts_fts WHERE facts_fts MATCH ? ORDER BY 2 LIMIT ?`, expr, candidates)
	if err != nil {
		return nil, fmt.Errorf("cannot search facts: %w", err)
	}
	type candidate struct {
		bm25, confidence float64
	}
	found := map[int64]candidate{}
	var ids []any
	var bestBM25 float64
	for rows.Next() {
		var id int64
		var rank float64
		var cols [4]string
		if err := rows.Scan(&id, &rank, &cols[0], &cols[1], &cols[2], &cols[3]); err != nil {
			rows.Close()
			return nil, fmt.Errorf("cannot search facts: %w", err)
		}
		found[id] = candidate{bm25: -rank, confidence: q.coverage(cols)}
		bestBM25 = math.Max(bestBM25, -rank)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cannot search facts: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	stored, err := queryFacts(ctx, db.read, `f.id IN (?`+strings.Repeat(`, ?`, len(ids)-1)+`)`, ids...)
	if err != nil {
		return nil, fmt.Errorf("cannot load found facts: %w", err)
	}

	hits := make([]bot.Hit, 0, len(stored))
	positions := map[string]int{}
	for _, f := range stored {
		c := found[f.id]
		score := c.confidence + 0.15*c.bm25/math.Max(bestBM25, 1e-9)
		if q.quantity && hasFigure(f.Text) {
			score += 0.2
		}
		if q.when && !f.Period.IsZero() && f.Period.End.Sub(f.Period.Start) <= 31*24*time.Hour {
			// "When" wants a date: a fact dated to the month or day
			// answers it better than one that only names the year.
			score += 0.25
		}
		switch {
		case q.period.IsZero():
		case f.Period.Overlaps(q.period):
			// The closer the fact's period is to the one asked about, the
			// better: FY 2024-25 answers "in FY 2024-25" better than
			// November 2024 does.
			score += 0.1 + 0.3*overlapShare(f.Period, q.period)
		case !f.Period.IsZero():
			score -= 0.15
		}
		positions[f.Key] = f.position
		hits = append(hits, bot.Hit{Fact: f.Fact, Score: score, Confidence: c.confidence})
	}
	if q.period.IsZero() {
		preferLatest(hits)
	}
	slices.SortStableFunc(hits, func(a, b bot.Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return positions[a.Fact.Key] - positions[b.Fact.Key]
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// coverage is the share of the question's weight that a fact's index
// columns hold, each column counting by its weight.
func (q query) coverage(cols [4]string) float64 {
	var total, got float64
	for _, t := range q.terms {
		if !t.known {
			total += t.weight
			continue
		}
		best, places := 0.0, 0
		for i, col := range cols {
			if hasTerm(col, t.term) {
				w := columnWeights[i]
				if i == 1 && cols[2] == "" && cols[3] == "" {
					// A fact with no curated keywords or aliases (most
					// moderators' facts) has only its text to speak for it.
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
		total += t.weight
	}
	if total == 0 {
		return 0
	}
	return got / total
}

func hasTerm(terms, term string) bool {
	for len(terms) > 0 {
		i := strings.Index(terms, term)
		if i < 0 {
			return false
		}
		end := i + len(term)
		if (i == 0 || terms[i-1] == ' ') && (end == len(terms) || terms[end] == ' ') {
			return true
		}
		terms = terms[end:]
	}
	return false
}

// preferLatest makes the newest fact of a series lead when the question
// names no period and it matches about as well as an older one.
func preferLatest(hits []bot.Hit) {
	best := map[string]int{}
	for i, h := range hits {
		s := h.Fact.Series
		if s == "" {
			continue
		}
		j, ok := best[s]
		if !ok || h.Score > hits[j].Score {
			best[s] = i
		}
	}
	for s, j := range best {
		top := hits[j]
		newest := j
		for i, h := range hits {
			if h.Fact.Series == s && h.Confidence >= top.Confidence-0.15 && factDate(h.Fact).After(factDate(hits[newest].Fact)) {
				newest = i
			}
		}
		if newest != j {
			hits[newest].Score = top.Score + 0.01
		}
	}
}

// overlapShare is the share of two periods' combined span they have in common.
func overlapShare(a, b bot.Period) float64 {
	start, end := a.Start, a.End
	if b.Start.After(start) {
		start = b.Start
	}
	if b.End.Before(end) {
		end = b.End
	}
	lo, hi := a.Start, a.End
	if b.Start.Before(lo) {
		lo = b.Start
	}
	if b.End.After(hi) {
		hi = b.End
	}
	union := hi.Sub(lo).Hours() + 24
	return math.Max(0, end.Sub(start).Hours()+24) / union
}
