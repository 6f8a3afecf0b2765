package understand

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/internal/editdist"
	"github.com/pakbot/pakbot/internal/lazyre"

	"golang.org/x/text/transform"
)

// TestStemKeepsMeaningsApart: the stemmer cuts some unrelated words to one
// stem; stems.txt keeps them apart, and leaves each word's own forms
// together.
func TestStemKeepsMeaningsApart(t *testing.T) {
	apart := [][2]string{
		{"universities", "universal"}, {"university", "universe"}, {"import", "important"},
		{"imported", "importance"}, {"experiment", "experience"}, {"authority", "author"},
		{"international", "internal"}, {"organization", "organ"}, {"several", "sever"},
		{"united", "units"}, {"added", "ads"},
	}
	for _, p := range apart {
		if Stem(p[0]) == Stem(p[1]) {
			t.Errorf("Stem(%q) = Stem(%q) = %q; they mean different things", p[0], p[1], Stem(p[0]))
		}
	}
	together := [][]string{
		{"university", "universities"}, {"import", "imports", "imported", "importing"},
		{"experiment", "experiments", "experimental"}, {"authority", "authorities"},
		{"international", "internationally"}, {"universal", "universally"}, {"export", "exports", "exported"},
	}
	for _, forms := range together {
		for _, f := range forms[1:] {
			if Stem(f) != Stem(forms[0]) {
				t.Errorf("Stem(%q) = %q, Stem(%q) = %q; want one term", f, Stem(f), forms[0], Stem(forms[0]))
			}
		}
	}
}

// TestStemRemembersRightly: Stem gives what stemming gives, for words it
// remembers, words that took another's slot, and words stemmed at once
// from many goroutines.
func TestStemRemembersRightly(t *testing.T) {
	var words []string
	for line := range strings.Lines(wordTable) {
		if w, _, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(w, "#") {
			words = append(words, w)
		}
	}
	words = append(words, "2024", "colour", "universities", "")
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for round := range 2 {
				for i := g; i < len(words); i += 3 {
					if got, want := Stem(words[i]), stem(words[i]); got != want {
						t.Errorf("round %d: Stem(%q) = %q, want %q", round, words[i], got, want)
						return
					}
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// TestLookupWordRemembersRightly: lookupWord finds what searching the
// table finds, for listed words, plurals it is not listed as and words
// it does not list, from many goroutines at once.
func TestLookupWordRemembersRightly(t *testing.T) {
	var words []string
	for line := range strings.Lines(wordTable) {
		if w, _, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(w, "#") {
			words = append(words, w, w+"s", w+"xq")
		}
	}
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for i := g; i < len(words); i += 3 {
				got, gotOK := lookupWord(words[i])
				want, wantOK := lookupWordLine(words[i])
				if gotOK != wantOK || got.zipf != want.zipf || got.pos != want.pos || !slices.Equal(got.alts, want.alts) {
					t.Errorf("lookupWord(%q) = %+v, %v; want %+v, %v", words[i], got, gotOK, want, wantOK)
					return
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// TestStripDiacriticsSkipsOnlyWhatTheTransformKeeps: the text Fold passes
// over without the Unicode transform is text the transform leaves as it
// is.
func TestStripDiacriticsSkipsOnlyWhatTheTransformKeeps(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() rune {
		switch rng.IntN(4) {
		case 0:
			return rune(0x20 + rng.IntN(0x5f))
		case 1:
			return rune(0xa0 + rng.IntN(0x1e0)) // Latin-1 and Latin Extended
		default:
			return rune(0x600 + rng.IntN(0x100)) // Arabic, with its marks
		}
	}
	for range 20000 {
		r := make([]rune, 1+rng.IntN(8))
		for i := range r {
			r[i] = pick()
		}
		s := string(r)
		slow, _, err := transform.String(diacriticFolders.Get().(transform.Transformer), s)
		if err != nil {
			t.Fatal(err)
		}
		if got := stripDiacritics(s); got != slow {
			t.Fatalf("stripDiacritics(%q) = %q, the transform gives %q", s, got, slow)
		}
	}
}

// TestPairedMeanings: selling and abroad, apart in a sentence, each stand
// for exports; selling alone does not.
func TestPairedMeanings(t *testing.T) {
	a := mustAnalyzer(t)
	alts := func(q Question, word string) []string {
		for _, w := range q.Words {
			if w.Text == word {
				var out []string
				for _, alt := range w.Alts {
					out = append(out, alt.Text)
				}
				return out
			}
		}
		t.Fatalf("no word %q in %v", word, texts(q))
		return nil
	}
	q := a.Analyze("How much did Pakistan earn from selling software services abroad?")
	for _, w := range []string{"selling", "abroad"} {
		if !slices.Contains(alts(q, w), "exports") {
			t.Errorf("%q may not stand for exports: %v", w, alts(q, w))
		}
	}
	if q := a.Analyze("How many sellers are on Amazon?"); slices.Contains(alts(q, "sellers"), "exports") {
		t.Error("sellers alone stand for exports")
	}
	// Sales and shipments overseas are exports too.
	if q := a.Analyze("By what percentage did software sales overseas jump?"); !slices.Contains(alts(q, "sales"), "exports") {
		t.Errorf("sales overseas are not exports: %v", alts(q, "sales"))
	}
	if q := a.Analyze("Which phones were bought from overseas?"); !slices.Contains(alts(q, "bought"), "imports") {
		t.Errorf("bought from overseas is not imports: %v", alts(q, "bought"))
	}
}

// TestFigureNounsAskOnlyForAFigure: "value" and "total" say a figure is
// wanted and name no subject; "population" names its kind of figure.
func TestFigureNounsAskOnlyForAFigure(t *testing.T) {
	a := mustAnalyzer(t)
	for _, c := range []struct {
		question, word string
		common         bool
	}{
		{"What was the total value of IT exports in FY24?", "value", true},
		{"What was the total value of IT exports in FY24?", "exports", false},
		{"What is the population of Karachi?", "population", false},
	} {
		for _, w := range a.Analyze(c.question).Words {
			if w.Text == c.word && w.Common != c.common {
				t.Errorf("%q: %q common = %v, want %v", c.question, w.Text, w.Common, c.common)
			}
		}
	}
}

// TestAbbreviationsKeepTheirMeaning: WordNet's first sense of "AI" is an
// army agency; its broader terms must not stand for AI.
func TestAbbreviationsKeepTheirMeaning(t *testing.T) {
	for _, w := range mustAnalyzer(t).Analyze("Which sectors use AI solutions?").Words {
		if w.Text != "ai" {
			continue
		}
		for _, alt := range w.Alts {
			if alt.Text == "office" || alt.Text == "bureau" {
				t.Errorf("AI may stand for %q", alt.Text)
			}
		}
	}
}

// TestStemNeverEmpty: every word stems.txt lists has a term.
func TestStemNeverEmpty(t *testing.T) {
	for line := range strings.Lines(StemRules()) {
		word, _, _ := strings.Cut(strings.TrimSpace(line), "\t")
		if word != "" && !strings.HasPrefix(word, "#") && Stem(word) == "" {
			t.Errorf("Stem(%q) is empty", word)
		}
	}
}

// TestWhoVerbWeighs: in "Who founded Amazon?" the founding is what a fact
// must tell of, and weighs as a noun would; a common verb does not.
func TestWhoVerbWeighs(t *testing.T) {
	a := mustAnalyzer(t)
	if who, what := wordSalience(t, a, "Who founded Amazon?", "founded"), wordSalience(t, a, "Amazon was founded by whom and when", "founded"); who <= what {
		t.Errorf("founded weighs %.2f after who, %.2f elsewhere", who, what)
	}
}

// Letters stretched for emphasis are read as the word meant.
func TestUnstretch(t *testing.T) {
	lex := mustAnalyzer(t).lexicon.Load()
	for in, want := range map[string]string{
		"heyyyyy sooooo how manyyyy broadbanddd subscriberssss": "hey so how many broadband subscribers",
		"goood news, accccess to internet":                      "good news, access to internet",
		"it exports in 2000000 pkr":                             "it exports in 2000000 pkr", // digits are not stretched
		"کتنیییی":                                               "کتنیییی",                   // only Latin letters
		"wowwww":                                                "wow",
	} {
		if got := unstretch(in, lex); got != want {
			t.Errorf("unstretch(%q) = %q, want %q", in, got, want)
		}
		if got := unstretch(in, nil); len(got) > len(in) {
			t.Errorf("unstretch(%q) without a lexicon grew to %q", in, got)
		}
	}
}

// Noise reads as noise: a cat on the keyboard weighs nothing, and a grammar
// word with two letters swapped is that word; short names are left alone.
func TestTyposOfEverydayWords(t *testing.T) {
	for w, want := range map[string]string{"teh": "the", "waht": "what", "psl": "", "zong": "", "karachi": "", "cuontry": "country", "compnay": "company", "ctiy": "city"} {
		if got, _ := swappedStopWord(w); got != want {
			t.Errorf("swappedStopWord(%q) = %q, want %q", w, got, want)
		}
	}
	for w, want := range map[string]bool{"asdfghjkl": true, "qwrtpz": true, "strengths": false, "karachi": false, "5g": false} {
		if got := gibberish(w); got != want {
			t.Errorf("gibberish(%q) = %v, want %v", w, got, want)
		}
	}
	if nb, ok := commonNeighbour("accordng"); !ok || nb.zipf < 4 {
		t.Errorf("accordng finds no everyday neighbour: %+v", nb)
	}
	if _, ok := commonNeighbour("starlink"); ok {
		t.Error("starlink, a name, was taken for a typo")
	}
	// One edit from a word people use, a letter swapped, left out or
	// added, keeping the first: the typo's intent.
	for typo, want := range map[string]string{"operaets": "operates", "delvieries": "deliveries", "institutinos": "institutions",
		"hnadling": "handling", "xqzvbn": "", "exprots": "exports", "nvoember": "november"} {
		if got, _, _ := typoOf(typo); got != want {
			t.Errorf("typoOf(%q) = %q, want %q", typo, got, want)
		}
	}
	// A month's full name one edit off is that month, unless it is an
	// English word of its own.
	var lex *Lexicon
	for w, want := range map[string]string{"nvoember": "november", "decembr": "december", "marsh": "", "june": "", "jule": ""} {
		if got, _ := lex.month(w); got != want {
			t.Errorf("month(%q) = %q, want %q", w, got, want)
		}
	}
	if q := mustAnalyzer(t).Analyze("Which company operaets Starlink?"); !slices.ContainsFunc(q.Words, func(w Word) bool {
		return w.Text == "operaets" && len(w.Typo) > 0 && w.Typo[0].Text == "operates"
	}) {
		t.Errorf("operaets stands for no typo's word: %+v", q.Words)
	}
}

// TestHasFigure: a figure is a number a fact states, not the year or the
// day of a date it is dated to.
func TestHasFigure(t *testing.T) {
	eachCase(t, "HasFigure(%q) = %v, want %v", HasFigure, map[string]bool{
		"In FY 2023-24, IT exports reached $3.223 billion.":                  true,
		"Pakistan had 43 Software Technology Parks.":                         true,
		"On 21 May 2021, Amazon added Pakistan to its list.":                 false,
		"The deadline for the projects was December 31, 2023.":               false,
		"In February 2021, the ministry unveiled plans.":                     false,
		"About 25 freelancers joined in May 2021.":                           true,
		"Samsung began producing mobile devices in Pakistan in 2021.":        false,
		"Vivo's plant in Faisalabad employs 3 May-born engineers, a record.": true,
	})
	got := strings.Join(Figures("On 21 May 2021, exports rose 32.7% to $3.223 billion, or Rs260 million, from 600,000 in FY 2023-24."), " ")
	if want := "32.7 3.223 260 600000"; got != want {
		t.Errorf("Figures = %q, want %q", got, want)
	}
}

// TestTypoScansInFrequencyOrder checks commonNeighbour and scanTypo, which
// scan runs of words of one length, against scanning the table's words of
// each first letter in frequency order, as they once did: for typos of
// table words (each kind of edit) and for words of no table.
func TestTypoScansInFrequencyOrder(t *testing.T) {
	frequent, typoCands := commonWords(6, 4), commonWords(4, minTypoZipf)
	wantNeighbour := func(w string) (wordInfo, bool) {
		if len(w) < 7 || !IsLatin(w) {
			return wordInfo{}, false
		}
		for _, c := range frequent[w[0]] {
			if d := len(c) - len(w); d <= 1 && d >= -1 && editdist.WithinOne(w, c) {
				return lookupLine(c)
			}
		}
		return wordInfo{}, false
	}
	wantTypo := func(w string) string {
		byFirst := typoCands[w[0]]
		for _, n := range []int{len(w), len(w) - 1, len(w) + 1} {
			for _, c := range byFirst {
				if len(c) == n && editdist.WithinOne(w, c) {
					return c
				}
			}
		}
		return ""
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var words []string
	for _, ws := range commonWords(5, 3) {
		for range 40 {
			w := []byte(ws[rng.IntN(len(ws))])
			i := 1 + rng.IntN(len(w)-1)
			switch rng.IntN(4) {
			case 0: // a letter left out
				w = append(w[:i], w[i+1:]...)
			case 1: // one added
				w = slices.Insert(w, i, byte('a'+rng.IntN(26)))
			case 2: // one changed
				w[i] = byte('a' + rng.IntN(26))
			default: // two swapped
				if i+1 < len(w) {
					w[i], w[i+1] = w[i+1], w[i]
				}
			}
			words = append(words, string(w))
		}
	}
	words = append(words, "katanqorhal", "vryxopler", "accordng", "starlink", "nushabekim", "dormizebsha", "exprots", "ünïcode")
	for _, w := range words {
		if len(w) == 0 {
			continue
		}
		gotInfo, gotOK := commonNeighbour(w)
		wantInfo, wantOK := wantNeighbour(w)
		if gotOK != wantOK || !reflect.DeepEqual(gotInfo, wantInfo) {
			t.Errorf("commonNeighbour(%q) = %+v, %v; the scan in frequency order gives %+v, %v", w, gotInfo, gotOK, wantInfo, wantOK)
		}
		if len(w) < 5 || !IsLatin(w) {
			continue
		}
		if got, _, _ := scanTypo(w); got != wantTypo(w) {
			t.Errorf("scanTypo(%q) = %q; the scan in frequency order gives %q", w, got, wantTypo(w))
		}
	}
}

// TestLazyPatternsCompile compiles every pattern compiled when first
// needed: a mistake in one must not wait for the message that needs it.
func TestLazyPatternsCompile(t *testing.T) {
	if n := len(lazyre.Patterns()); n < 30 {
		t.Fatalf("%d lazy patterns; the talk, instruction, advice, period and part ones are 30 or more", n)
	}
	if p, err := lazyre.CheckAll(); err != nil {
		t.Errorf("%q: %v", p, err)
	}
}
