package knowledge

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
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

// TestPagesAreSlicesOfTheListing checks that a page of a topic or of a
// period, found without ordering the listing whole (pager), is the slice
// of the listing ordered whole, on a synthetic set whose facts share
// periods by the thousand: as the snapshot has them, and with facts added,
// moved to another period and removed since.
func TestPagesAreSlicesOfTheListing(t *testing.T) {
	ctx := context.Background()
	set := synth.Grow(mustSeeds(t), 3000)
	db := mustOpenSeeded(t, set)
	check := func(name string, all []bot.Fact, page func(offset, limit int) ([]bot.Fact, int, error)) {
		t.Helper()
		if len(all) == 0 {
			t.Fatalf("%s lists no facts", name)
		}
		for _, c := range []struct{ offset, limit int }{{0, 8}, {8, 8}, {0, 1}, {len(all) - 3, 8}, {len(all) / 2, 40},
			{len(all), 8}, {len(all) + 5, 8}, {0, 0}, {-1, 3}, {0, len(all) + 1}} {
			got, total, err := page(c.offset, c.limit)
			if err != nil {
				t.Fatal(err)
			}
			from := max(0, min(c.offset, len(all)))
			want := all[from:min(from+max(0, c.limit), len(all))]
			if total != len(all) || !slices.EqualFunc(got, want, func(a, b bot.Fact) bool { return a.Key == b.Key }) {
				t.Errorf("%s page (%d, %d): %d facts of %d, want %d of %d", name, c.offset, c.limit, len(got), total, len(want), len(all))
			}
		}
	}
	checkTopics := func() {
		t.Helper()
		for _, topic := range set.Topics {
			all, err := db.TopicFacts(ctx, topic.Name)
			if err != nil {
				t.Fatal(err)
			}
			if topic.Name == "exports" && len(all) < 100 {
				t.Fatalf("exports lists %d facts; the test needs many", len(all))
			}
			check("/"+topic.Name, all, func(offset, limit int) ([]bot.Fact, int, error) {
				return db.TopicPage(ctx, topic.Name, offset, limit)
			})
		}
	}
	// Unchanged since the snapshot, topics are pages of its lists.
	db.mu.RLock()
	fresh := len(db.vocab.facts) == 0 && len(db.vocab.sources) == 0
	db.mu.RUnlock()
	if !fresh {
		t.Fatal("the seeds left changes over the snapshot; the test needs it alone")
	}
	checkTopics()

	mod := bot.Actor{Platform: bot.Telegram, ChatID: "-100", UserID: "1", Name: "mod"}
	for period, text := range map[string]string{
		"FY2023-24": "Alpha Softworks exported accounting software to Kenya.",
		"2021":      "Bravo Labs sold mobile games in Brazil and Chile.",
		"2024-11":   "Charlie Systems shipped banking code to Norway.",
		"":          "Delta Data ran call centres for Canadian clinics.",
	} {
		f := bot.NewFact{Topic: "exports", Text: text,
			SourceURL: "https://example.com/pager", SourceTitle: "Pager test", Period: period}
		if _, err := db.AddFact(ctx, f, mod); err != nil {
			t.Fatal(err)
		}
	}
	topicFacts, err := db.TopicFacts(ctx, "exports")
	if err != nil {
		t.Fatal(err)
	}
	// A fact whose text names no period moves to another.
	moved, movedKey := "2021-05", ""
	for _, f := range topicFacts {
		if strings.HasPrefix(f.Text, "Alpha Softworks") {
			movedKey = f.Key
		}
	}
	if _, err := db.EditFact(ctx, movedKey, bot.FactEdit{Period: &moved}, mod); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemoveFact(ctx, topicFacts[1].Key, mod); err != nil {
		t.Fatal(err)
	}
	db.mu.RLock()
	changed := len(db.vocab.facts)
	db.mu.RUnlock()
	if changed == 0 {
		t.Fatal("the changes were folded into the snapshot; the test needs them apart")
	}

	checkTopics()
	for _, name := range []string{"2021", "FY2023-24", "2021-05", "2024-11", "2013", "FY2020-21", "1000..9999"} {
		p := bot.MustParsePeriod(name)
		check(name, periodListing(db, p), func(offset, limit int) ([]bot.Fact, int, error) {
			return db.PeriodPage(ctx, p, offset, limit)
		})
	}
}

// periodListing lists every fact within p, ordered whole: what PeriodPage
// pages.
func periodListing(db *DB, p bot.Period) []bot.Fact {
	db.mu.RLock()
	defer db.mu.RUnlock()
	v := db.vocab
	var all []listed
	for id := range uint32(len(v.base.periods) / 2) {
		m := v.meta(id)
		if f, ok := v.fact(id); ok && m.hasPeriod && !f.Period.Start.Before(p.Start) && !f.Period.End.After(p.End) {
			all = append(all, listedOf(id, m, v.source))
		}
	}
	for id, c := range v.facts {
		if int(id) >= len(v.base.periods)/2 && c.fact.Key != "" && c.meta.hasPeriod &&
			!c.fact.Period.Start.Before(p.Start) && !c.fact.Period.End.After(p.End) {
			all = append(all, listedOf(id, c.meta, v.source))
		}
	}
	slices.SortFunc(all, newestFirst)
	return v.decode(all)
}
