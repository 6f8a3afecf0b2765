package knowledge

import (
	"context"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/understand"
)

// A series is one measure reported for several periods ("IT exports per
// fiscal year"). Answers show the newest period first and the others
// beside it, so a moderator's newer figure must join the series of the
// older ones to lead. It does when it reads like one of them apart from
// its figures and period.

// Thresholds for a new fact to join a series.
const (
	// seriesMinShared is how many measure terms it must share with the
	// facts of the series.
	seriesMinShared = 2
	// seriesMinShare is the share of its own measure terms that the
	// facts of the series must hold.
	seriesMinShare = 2.0 / 3
	// seriesMinSpanRatio bounds how much shorter or longer its period may
	// be than the member's: a monthly figure is not a yearly one.
	seriesMinSpanRatio = 0.75
)

// figureWords are the parts of a figure that are words.
var figureWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`billion billions million millions thousand thousands lakh lakhs crore crores percent bn mn
fy fiscal`) {
		m[w] = true
	}
	return m
}()

// measureTerms are the index terms of texts without figures, dates and
// the words of figures: what is measured, not how much or when.
func measureTerms(texts ...string) map[string]bool {
	terms := map[string]bool{}
	for _, t := range strings.Fields(indexTerms(nil, texts...)) {
		if strings.IndexFunc(t, unicode.IsDigit) >= 0 || figureWords[t] || monthTerms()[t] {
			continue
		}
		terms[t] = true
	}
	return terms
}

// monthTerms returns the index terms of month names, in full and
// abbreviated, stemmed when a new fact first needs them.
var monthTerms = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`january february march april may june july august september october november december
	jan feb mar apr jun jul aug sep sept oct nov dec`) {
		m[understand.Stem(w)] = true
	}
	return m
})

// seriesFor returns the series a new fact joins, or "" for none: the
// series of its topic whose facts' texts, keywords and aliases together
// hold most of the new text's measure terms, provided one of its facts
// covers a period about as long and none the same period. Facts without a
// period join nothing.
func (db *DB) seriesFor(ctx context.Context, nf bot.NewFact) (string, error) {
	period, err := bot.ParsePeriod(nf.Period)
	if err != nil || period.IsZero() || strings.HasPrefix(nf.Topic, "new:") {
		return "", nil
	}
	mine := measureTerms(nf.Text)
	if len(mine) < seriesMinShared {
		return "", nil
	}
	facts, err := db.TopicFacts(ctx, nf.Topic)
	if err != nil {
		return "", err
	}
	type series struct {
		terms                   map[string]bool
		similarSpan, samePeriod bool
	}
	byName := map[string]*series{}
	var names []string
	for _, f := range facts {
		if f.Series == "" {
			continue
		}
		s := byName[f.Series]
		if s == nil {
			s = &series{terms: map[string]bool{}}
			byName[f.Series] = s
			names = append(names, f.Series)
		}
		for t := range measureTerms(append([]string{f.Text}, append(f.Keywords, f.Aliases...)...)...) {
			s.terms[t] = true
		}
		s.similarSpan = s.similarSpan || (!f.Period.IsZero() && similarSpan(period, f.Period))
		s.samePeriod = s.samePeriod || f.Period.Raw == period.Raw
	}
	best, bestShare := "", 0.0
	for _, name := range names {
		s := byName[name]
		if !s.similarSpan || s.samePeriod {
			continue
		}
		shared := 0
		for t := range mine {
			if s.terms[t] {
				shared++
			}
		}
		share := float64(shared) / float64(len(mine))
		if shared >= seriesMinShared && share >= seriesMinShare && share > bestShare {
			best, bestShare = name, share
		}
	}
	return best, nil
}

// similarSpan reports whether two periods are about as long.
func similarSpan(a, b bot.Period) bool {
	x, y := a.End.Sub(a.Start).Hours()+24, b.End.Sub(b.Start).Hours()+24
	return min(x, y)/max(x, y) >= seriesMinSpanRatio
}

// seriesVocabulary returns the keywords and aliases that every live fact
// of a series has, leaving out those with digits (years, figures): the
// words people use for the measure itself. A moderator's fact that joins
// the series without words of its own takes them, so it answers the
// questions its older periods answer.
func (db *DB) seriesVocabulary(ctx context.Context, series string) (keywords, aliases []string, err error) {
	members, err := db.SeriesFacts(ctx, series)
	if err != nil || len(members) == 0 {
		return nil, nil, err
	}
	shared := func(list func(bot.Fact) []string) []string {
		var out []string
		for _, w := range list(members[0]) {
			if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
				continue
			}
			inAll := true
			for _, m := range members[1:] {
				inAll = inAll && slices.ContainsFunc(list(m), func(v string) bool { return strings.EqualFold(v, w) })
			}
			if inAll {
				out = append(out, w)
			}
		}
		return out
	}
	return shared(func(f bot.Fact) []string { return f.Keywords }), shared(func(f bot.Fact) []string { return f.Aliases }), nil
}
