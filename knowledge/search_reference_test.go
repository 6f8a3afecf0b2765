package knowledge

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/synth"
	"github.com/pakbot/pakbot/understand"
)

// referenceSearch is Search as it was before it was made fast: FTS5 picks
// the candidates with bm25(), every candidate is loaded from the database
// and re-ranked there. Search must keep giving its answers.
func referenceSearch(t *testing.T, db *DB, question string, limit int) []bot.Hit {
	t.Helper()
	ctx := context.Background()
	db.mu.RLock()
	q := db.analyze(question)
	terms := q.searchTerms(db.vocab)
	db.mu.RUnlock()
	if len(terms) == 0 || limit <= 0 {
		return nil
	}
	rows, err := db.read.QueryContext(ctx, referenceSQL, matchExpression(terms), candidates)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		bm25 float64
		cols [numColumns]string
	}
	found := map[int64]row{}
	var ids []any
	var bestBM25 float64
	for rows.Next() {
		var id int64
		var rank float64
		var cols [numColumns]string
		if err := rows.Scan(&id, &rank, &cols[0], &cols[1], &cols[2], &cols[3]); err != nil {
			t.Fatal(err)
		}
		found[id] = row{bm25: -rank, cols: cols}
		bestBM25 = math.Max(bestBM25, -rank)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return nil
	}
	stored, err := queryFacts(ctx, db.read, `f.id IN (?`+strings.Repeat(`, ?`, len(ids)-1)+`)`, ids...)
	if err != nil {
		t.Fatal(err)
	}
	hits := make([]bot.Hit, 0, len(stored))
	positions := map[string]int{}
	metas := make([]factMeta, len(stored))
	confidences := make([]float64, len(stored))
	bestConfidence, bestAbout := 0.0, 0.0
	for i, f := range stored {
		c := found[f.id]
		metas[i] = newFactMeta(f.position, f.Period, f.Series, f.SourceID, f.Text, c.cols[2] == "" && c.cols[3] == "")
		in := func(term string) (in [numColumns]bool) {
			for j, col := range c.cols {
				in[j] = hasTerm(col, term)
			}
			return in
		}
		confidences[i] = q.confidence(metas[i], in)
		bestConfidence = math.Max(bestConfidence, confidences[i])
		bestAbout = math.Max(bestAbout, candidate{confidence: confidences[i], inTopic: q.inTopic(in)}.about())
	}
	for i, f := range stored {
		cols := found[f.id].cols
		in := func(term string) (in [numColumns]bool) {
			for j, col := range cols {
				in[j] = hasTerm(col, term)
			}
			return in
		}
		cand := candidate{confidence: confidences[i], inText: q.inText(in), inTopic: q.inTopic(in), namesPeriod: q.namesPeriod(in), meta: metas[i],
			statesDate: q.want == understand.WantTime && metas[i].statesMonth(in), statesLater: q.want == understand.WantTime && metas[i].statesLaterYear(in)}
		score := q.rank(cand, bestConfidence, bestAbout, found[f.id].bm25/math.Max(bestBM25, 1e-9))
		positions[f.Key] = f.position
		hits = append(hits, bot.Hit{Fact: f.Fact, Score: score, Confidence: confidences[i]})
	}
	if q.yearEarlier {
		top := -1
		for i, h := range hits {
			if h.Fact.Series != "" && (top < 0 || h.Score > hits[top].Score) {
				top = i
			}
		}
		if top >= 0 {
			series, newest := hits[top].Fact.Series, top
			for i, h := range hits {
				if h.Fact.Series == series && referenceDate(h.Fact).After(referenceDate(hits[newest].Fact)) {
					newest = i
				}
			}
			want := referenceDate(hits[newest].Fact).AddDate(-1, 0, 0)
			for i, h := range hits {
				off := referenceDate(h.Fact).Sub(want)
				if h.Fact.Series == series && h.Confidence >= hits[top].Confidence-askedLatestMargin && off.Abs() <= yearEarlierSlack*24*time.Hour {
					hits[i].Score = hits[top].Score + 0.01
					break
				}
			}
		}
	} else if q.period.IsZero() {
		margin := latestMargin
		if q.latest {
			margin = askedLatestMargin
		}
		best := map[string]int{}
		for i, h := range hits {
			if s := h.Fact.Series; s != "" {
				if j, ok := best[s]; !ok || h.Score > hits[j].Score {
					best[s] = i
				}
			}
		}
		for s, j := range best {
			top, newest := hits[j], j
			for i, h := range hits {
				if h.Fact.Series == s && h.Confidence >= top.Confidence-margin && referenceDate(h.Fact).After(referenceDate(hits[newest].Fact)) {
					newest = i
				}
			}
			if newest != j {
				hits[newest].Score = top.Score + 0.01
			}
		}
		if q.latest {
			// The newest dated fact of those that answer as well.
			top := -1
			for i, h := range hits {
				if top < 0 || h.Score > hits[top].Score || h.Score == hits[top].Score && positions[h.Fact.Key] < positions[hits[top].Fact.Key] {
					top = i
				}
			}
			if top >= 0 && !hits[top].Fact.Period.IsZero() {
				newest := top
				for i, h := range hits {
					if !h.Fact.Period.IsZero() && h.Score >= hits[top].Score-newestTie && h.Confidence >= hits[top].Confidence &&
						h.Fact.Period.End.After(hits[newest].Fact.Period.End) {
						newest = i
					}
				}
				if newest != top {
					hits[newest].Score = hits[top].Score + 0.01
				}
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b bot.Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return positions[a.Fact.Key] - positions[b.Fact.Key]
	})
	return hits[:min(limit, len(hits))]
}

// TestSearchAnswersAsBefore checks that Search returns the facts, scores
// and confidences that the reference search returns, for every eval
// question and 400 synthetic ones, on the seeds and on 2,000 facts.
func TestSearchAnswersAsBefore(t *testing.T) {
	base := mustSeeds(t)
	grown := synth.Grow(base, 2000)
	// A series member without a period makes re-ranking fall back to its
	// source's date.
	for i := range grown.Facts {
		if f := &grown.Facts[i]; f.Series != "" && i%5 == 0 {
			f.Period = bot.Period{}
		}
	}
	for _, c := range []struct {
		name string
		set  bot.Seeds
	}{{"Seeds", base}, {"Synthetic2000", grown}} {
		t.Run(c.name, func(t *testing.T) {
			db := mustOpenSeeded(t, c.set)
			questions := append(evalQuestions(t), synth.Questions(c.set, 400)...)
			for _, question := range questions {
				for _, limit := range []int{1, 10} {
					want := referenceSearch(t, db, question, limit)
					got, err := db.Search(context.Background(), question, limit)
					if err != nil {
						t.Fatal(err)
					}
					if !sameHits(got, want) {
						t.Errorf("Search(%q, %d):\n got %s\nwant %s", question, limit, describeHits(got), describeHits(want))
					}
				}
			}
		})
	}
}

// sameHits compares hits by fact, with scores equal up to the last bits
// (Go's and C's log may differ there). Facts may trade places only where
// their scores tie to that precision.
func sameHits(got, want []bot.Hit) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if math.Abs(g.Score-w.Score) > 1e-9 || math.Abs(g.Confidence-w.Confidence) > 1e-12 {
			return false
		}
		if g.Fact.Key != w.Fact.Key {
			tied := i+1 < len(want) && math.Abs(want[i+1].Score-w.Score) <= 1e-9 ||
				i > 0 && math.Abs(want[i-1].Score-w.Score) <= 1e-9
			if !tied {
				return false
			}
		}
		if g.Fact.Key == w.Fact.Key && !sameFact(g.Fact, w.Fact) {
			return false
		}
	}
	return true
}

func sameFact(a, b bot.Fact) bool {
	return a.Key == b.Key && a.Text == b.Text && a.Topic == b.Topic && a.Period.Raw == b.Period.Raw &&
		a.Series == b.Series && slices.Equal(a.Keywords, b.Keywords) && slices.Equal(a.Aliases, b.Aliases) &&
		a.Source == b.Source && a.Version == b.Version && a.Origin == b.Origin && a.UpdatedBy == b.UpdatedBy &&
		a.UpdatedAt.Equal(b.UpdatedAt) && a.Removed == b.Removed
}

func describeHits(hits []bot.Hit) string {
	var b strings.Builder
	for _, h := range hits {
		fmt.Fprintf(&b, "\n  %s %.6f %.6f", h.Fact.Key, h.Score, h.Confidence)
	}
	return b.String()
}

// referenceOverlapShare is the share of two periods' combined span they
// have in common, computed on times as the reference ranking did.
func referenceOverlapShare(a, b bot.Period) float64 {
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

// referenceDate is the date a fact as SQL gives it speaks of: the end of its
// period, else its source's date.
func referenceDate(f bot.Fact) time.Time {
	if !f.Period.IsZero() {
		return f.Period.End
	}
	return sourceDate(f.Source)
}

// TestExhaustiveSearchAnswersAsSkipping checks that a search scoring
// every posting, the benchmarks' baseline, answers as one that skips
// postings, each run right after a search of the same words in another
// order: searches share their working space, and what one found of its
// terms must not stand in for what the next has not looked for.
func TestExhaustiveSearchAnswersAsSkipping(t *testing.T) {
	ctx := context.Background()
	set := synth.Grow(mustSeeds(t), 12000) // enough postings to skip some
	db := mustOpenSeeded(t, set)
	search := func(question string, exhaustive bool) []bot.Hit {
		db.exhaustiveTopK = exhaustive
		hits, err := db.Search(ctx, question, 10)
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	for _, question := range synth.Questions(set, 300) {
		want := search(question, false)
		words := strings.Fields(question)
		slices.Reverse(words)
		search(strings.Join(words, " "), false)
		if got := search(question, true); !slices.EqualFunc(got, want, func(a, b bot.Hit) bool {
			return a.Fact.Key == b.Fact.Key && a.Score == b.Score && a.Confidence == b.Confidence
		}) {
			t.Errorf("Search(%q) scoring every posting:\n got %s\nwant %s", question, describeHits(got), describeHits(want))
		}
	}
}

// statesMonth reports whether a fact dated to a month names that month in
// its text.
func (m factMeta) statesMonth(in func(term string) [numColumns]bool) bool {
	if !m.datedToMonth() {
		return false
	}
	month := time.Unix(int64(m.start)*86400, 0).UTC().Month()
	return in(understand.Stem(strings.ToLower(month.String())))[1]
}

// statesLaterYear reports whether a fact's text names a year after its
// own period, up to laterYears on.
func (m factMeta) statesLaterYear(in func(term string) [numColumns]bool) bool {
	if !m.hasPeriod {
		return false
	}
	end := m.periodEnd().Year()
	for y := end + 1; y <= end+laterYears; y++ {
		if in(strconv.Itoa(y))[1] {
			return true
		}
	}
	return false
}
