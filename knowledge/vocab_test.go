package knowledge

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pakbot/pakbot/internal/editdist"
	"github.com/pakbot/pakbot/internal/synth"
	"github.com/pakbot/pakbot/understand"
)

// correctByScan is how correct worked before words were bucketed by first
// letter and filtered by letter sets: every word of a near length is
// compared.
func correctByScan(v *vocabulary, word string) (string, bool) {
	n := utf8.RuneCountInString(word)
	if n < 4 || strings.ContainsAny(word, "0123456789") {
		return "", false
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	first, _ := utf8.DecodeRuneInString(word)
	var all []string
	v.eachWord(func(w, _ string) { all = append(all, w) })
	// correct visits words in the order they were added; ties between
	// equally common terms go to the first, so compare on sorted words and
	// only where no such tie exists.
	slices.Sort(all)
	best, bestDist, bestDF, tie := "", limit+1, 0, false
	for _, cand := range all {
		if c, _ := utf8.DecodeRuneInString(cand); c != first || abs(utf8.RuneCountInString(cand)-n) > limit {
			continue
		}
		term, _ := v.wordTerm(cand)
		df := v.df(term)
		if df == 0 {
			continue
		}
		d := editdist.Distance(word, cand, limit)
		switch {
		case d > limit:
		case d < bestDist || (d == bestDist && df > bestDF):
			best, bestDist, bestDF, tie = term, d, df, false
		case d == bestDist && df == bestDF && term != best:
			tie = true
		}
	}
	if tie {
		return "tie", true
	}
	return best, best != ""
}

func abs(x int) int { return max(x, -x) }

// TestCorrectFindsWhatAFullScanFinds checks that the bucketed, filtered
// typo correction corrects every word as comparing it with every word of
// the vocabulary would.
func TestCorrectFindsWhatAFullScanFinds(t *testing.T) {
	db := mustOpenSeeded(t, synth.Grow(mustSeeds(t), 2000))
	v := db.vocab
	rng := rand.New(rand.NewPCG(3, 4))
	var words []string
	v.eachWord(func(w, _ string) { words = append(words, w) })
	slices.Sort(words)
	mangle := func(w string) string {
		r := []rune(w)
		for range 1 + rng.IntN(2) {
			i := rng.IntN(len(r))
			switch rng.IntN(4) {
			case 0: // substitute
				r[i] = rune('a' + rng.IntN(26))
			case 1: // delete
				if len(r) > 1 {
					r = slices.Delete(r, i, i+1)
				}
			case 2: // insert
				r = slices.Insert(r, i, rune('a'+rng.IntN(26)))
			default: // swap neighbours
				if i+1 < len(r) {
					r[i], r[i+1] = r[i+1], r[i]
				}
			}
		}
		return string(r)
	}
	corrected := 0
	for range 1500 {
		typo := mangle(words[rng.IntN(len(words))])
		want, wantOK := correctByScan(v, typo)
		if want == "tie" {
			continue
		}
		got, ok := v.correct(typo)
		if got != want || ok != wantOK {
			t.Errorf("correct(%q) = %q, %v; a full scan gives %q, %v", typo, got, ok, want, wantOK)
		}
		if ok {
			corrected++
		}
	}
	if corrected < 500 {
		t.Errorf("only %d of 1500 typos were corrected; the test says little", corrected)
	}
}

// A question's word counts in full for a fact that writes a form of it or
// a word derived from it, not for one the stemmer merely makes alike.
func TestSameWord(t *testing.T) {
	db := mustOpenSeeded(t, mustSeeds(t))
	for word, want := range map[string]bool{
		"exports":      true, // the facts write "exports" and "export"
		"announcement": true, // "announced"
		"produced":     true, // "producing"
	} {
		term := understand.Stem(word)
		if got := db.vocab.sameWord(word, term); got != want {
			var surfaces []string
			db.vocab.eachSurface(term, func(s string) bool { surfaces = append(surfaces, s); return true })
			t.Errorf("sameWord(%q, %q) = %v, want %v (the facts write %q)", word, term, got, want, surfaces)
		}
	}
	for _, c := range []struct {
		long, short string
		want        bool
	}{
		{"exports", "export", true},
		{"announcement", "announce", true},
		{"units", "unit", true},
		{"organization", "organ", false}, // too short to be a root of a long word
		{"institution", "institute", true},
		{"community", "communication", false},
		{"university", "universal", false},
	} {
		if got := derived(c.long, c.short); got != c.want {
			t.Errorf("derived(%q, %q) = %v, want %v", c.long, c.short, got, c.want)
		}
	}
}

// TestNewestFirst orders a listing by the end of each fact's period, and
// of periods that end alike, the one that starts later first: a month's
// figure is newer news than the five months it ends. Of facts dated
// alike, one stating a figure leads.
func TestNewestFirst(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	entries := []listed{
		{date: day("2024-06-30"), start: day("2023-07-01"), position: 0, id: 1},               // FY 2023-24
		{date: day("2024-11-30"), start: day("2024-07-01"), position: 1, id: 2},               // July to November 2024
		{date: day("2024-11-30"), start: day("2024-11-01"), position: 2, id: 3},               // November 2024
		{date: day("2024-11-30"), start: day("2024-11-01"), position: 3, id: 4},               // November 2024 too
		{date: day("2024-06-30"), start: day("2023-07-01"), figure: true, position: 4, id: 5}, // FY 2023-24, with a figure
	}
	slices.SortFunc(entries, newestFirst)
	var got []uint32
	for _, e := range entries {
		got = append(got, e.id)
	}
	if want := []uint32{3, 4, 2, 5, 1}; !slices.Equal(got, want) {
		t.Errorf("listed in order %v, want %v", got, want)
	}
}
