package understand

import (
	"cmp"
	_ "embed"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pakbot/pakbot/internal/editdist"
)

// wordTable is words.txt: one line per common English word, sorted, as
// "word TAB zipf TAB parts-of-speech TAB alternatives". It is searched in
// place, so loading it costs nothing at start-up.
//
//go:embed words.txt
var wordTable string

// wordInfo is what the table says about one English word.
type wordInfo struct {
	// zipf is log10 of the word's occurrences per billion words of
	// everyday English: 7 for "the", 5 for "story", 3 for "warehouse",
	// 0 for a word the table does not have.
	zipf float64
	// pos holds the parts of speech WordNet knows it as: n, v, a, r, and
	// p for a word it only writes as a name.
	pos string
	// alts are other words that can stand for it, most useful first;
	// derived forms ("growth" for "grow") start with a +, broader terms
	// ("telephone" for "handset") with a ^.
	alts []string
	// altTerms are the index terms of each of wordNetAlts, set by
	// lookupWord (see Alt.Terms).
	altTerms [][]string
}

// altText is an alternative's word without the mark of a derived form
// or a broader term.
func altText(alt string) string {
	if strings.HasPrefix(alt, "+") || strings.HasPrefix(alt, "^") {
		return alt[1:]
	}
	return alt
}

// wordNetAlts are the alternatives a question's word is given.
func (w wordInfo) wordNetAlts() []string { return w.alts[:min(len(w.alts), maxWordNetAlt)] }

func (w wordInfo) noun() bool { return strings.Contains(w.pos, "n") }

// proper reports a word WordNet only ever writes with a capital: a place,
// person or organisation ("bangladesh", "tokyo").
func (w wordInfo) proper() bool { return strings.Contains(w.pos, "p") }

// lookupWord finds a folded word in the table; a plural too rare to be
// listed ("handsets") is looked up as its singular.
func lookupWord(word string) (wordInfo, bool) {
	slot := &lookedUp[maphash.String(lookupSeed, word)%uint64(len(lookedUp))]
	if l := slot.Load(); l != nil && l.word == word {
		return l.info, l.ok
	}
	info, ok := lookupWordLine(word)
	for _, alt := range info.wordNetAlts() {
		info.altTerms = append(info.altTerms, IndexTerms(altText(alt)))
	}
	slot.Store(&lookup{word: strings.Clone(word), info: info, ok: ok})
	return info, ok
}

// lookedUp remembers words looked up lately, as stemmed does stems: a
// question asks the table about each of its words several times (its
// salience, part of speech, alternatives), each a binary search of the
// table's text, four for a word it does not list. An entry's info is
// shared: it must not be changed.
var lookedUp [4096]atomic.Pointer[lookup]

var lookupSeed = maphash.MakeSeed()

type lookup struct {
	word string
	info wordInfo
	ok   bool
}

// lookupWordLine is lookupWord without remembering.
func lookupWordLine(word string) (wordInfo, bool) {
	if info, ok := lookupLine(word); ok {
		return info, true
	}
	for _, r := range [][2]string{{"ies", "y"}, {"es", ""}, {"s", ""}} {
		if stem, ok := strings.CutSuffix(word, r[0]); ok && len(stem) > 2 {
			if info, ok := lookupLine(stem + r[1]); ok {
				return info, true
			}
		}
	}
	return wordInfo{}, false
}

// lookupLine finds a folded word in the table by binary search over its
// lines; ok is false for words it does not list.
func lookupLine(word string) (info wordInfo, ok bool) {
	if line, ok := findLine(wordTable, word); ok {
		return parseWordLine(line), true
	}
	return wordInfo{}, false
}

// findLine finds the line of a generated table, sorted by its first
// field, whose first field is key, by binary search over the text itself:
// the table is never parsed whole.
func findLine(table, key string) (string, bool) {
	// Skip the header comment.
	for strings.HasPrefix(table, "#") {
		i := strings.IndexByte(table, '\n')
		table = table[i+1:]
	}
	lo, hi := 0, len(table)
	for lo < hi {
		mid := lo + (hi-lo)/2
		// The line holding mid.
		start := strings.LastIndexByte(table[:mid], '\n') + 1
		end := start + strings.IndexByte(table[start:], '\n')
		line := table[start:end]
		k, _, _ := strings.Cut(line, "\t")
		switch {
		case k == key:
			return line, true
		case k < key:
			lo = end + 1
		default:
			hi = start
		}
	}
	return "", false
}

func parseWordLine(line string) wordInfo {
	f := strings.SplitN(line, "\t", 4)
	var info wordInfo
	if len(f) < 4 {
		return info
	}
	info.zipf, _ = strconv.ParseFloat(f[1], 64)
	info.pos = strings.Trim(f[2], "-")
	if f[3] != "" {
		info.alts = strings.Split(f[3], ",")
	}
	return info
}

// swappedStopWord finds the grammar word a short word the table does not
// list is a typo of, with two neighbouring letters swapped ("teh": the,
// "waht": what). Other edits are not tried: short names lie one edit
// from many words ("zong", "song").
//
// The nouns that name the kind of answer ("cuontry": country, "compnay":
// company) are found the same way, as they say what a question asks.
func swappedStopWord(w string) (string, bool) {
	if len(w) < 3 || len(w) > 12 || !IsLatin(w) {
		return "", false
	}
	if _, known := lookupWord(w); known {
		return "", false
	}
	var buf [12]byte
	b := buf[:copy(buf[:], w)]
	for i := 0; i+1 < len(b); i++ {
		b[i], b[i+1] = b[i+1], b[i]
		// Looked up as string(b) in place: no string is made for a
		// swap that is no word.
		if _, ok := typeNouns[string(b)]; ok {
			return string(b), true
		}
		if len(w) <= 6 && stopWords[string(b)] {
			// A grammar word of the language, not of chat ("pls" is
			// one swap from "PSL").
			if info, ok := lookupLine(string(b)); ok && info.zipf >= 5 {
				return string(b), true
			}
		}
		b[i], b[i+1] = b[i+1], b[i]
	}
	return "", false
}

// commonNeighbour finds the everyday English word a word of seven letters
// or more that the table does not list is a typo of: one edit from a word
// seen ten times in a million ("accordng": according).
func commonNeighbour(w string) (wordInfo, bool) {
	if len(w) < 7 || !IsLatin(w) {
		return wordInfo{}, false
	}
	// The first in frequency order of the words one edit away: the first
	// of each length that may be, the most frequent of those.
	byLength := frequentWords()[w[0]]
	best, rank := "", -1
	for n := len(w) - 1; n <= len(w)+1; n++ {
		if n >= len(byLength) {
			break
		}
		run := byLength[n]
		for i := range run.len() {
			if r := run.rank[i]; rank >= 0 && r > rank {
				break
			}
			if c := run.at(i); editdist.WithinOne(w, c) {
				best, rank = c, run.rank[i]
				break
			}
		}
	}
	if rank < 0 {
		return wordInfo{}, false
	}
	return lookupLine(best)
}

// typoOf finds the English word a word of five letters or more that the
// table does not list is one edit from (a letter left out, added, changed
// or two swapped), keeping its first letter: "operaets" is "operates",
// "delvieries" "deliveries". Of several, a word of the same length (a
// swap or a changed letter) wins over one a letter shorter or longer,
// then the most common; a word rarer than a few times in ten million is
// no likely intent.
func typoOf(w string) (string, wordInfo, bool) {
	if len(w) < 5 || !IsLatin(w) {
		return "", wordInfo{}, false
	}
	// A scan costs up to some 20 µs for a word that is no typo, and the
	// same unknown words (names typed in lowercase) come back: the
	// answers are remembered as lookupWord's are.
	slot := &typos[maphash.String(lookupSeed, w)%uint64(len(typos))]
	if t := slot.Load(); t != nil && t.typo == w {
		return t.word, t.info, t.ok
	}
	word, info, ok := scanTypo(w)
	slot.Store(&typo{typo: strings.Clone(w), word: word, info: info, ok: ok})
	return word, info, ok
}

// typos remembers typoOf's answers, as lookedUp does lookupWord's.
var typos [1024]atomic.Pointer[typo]

type typo struct {
	typo, word string
	info       wordInfo
	ok         bool
}

// scanTypo is typoOf without remembering.
func scanTypo(w string) (string, wordInfo, bool) {
	byLength := typoCandidates()[w[0]]
	for _, n := range []int{len(w), len(w) - 1, len(w) + 1} {
		if n >= len(byLength) {
			continue
		}
		run := byLength[n]
		for i := range run.len() {
			if c := run.at(i); editdist.WithinOne(w, c) {
				info, ok := lookupLine(c)
				return c, info, ok
			}
		}
	}
	return "", wordInfo{}, false
}

// typoCandidates are the table's words of four letters or more seen at
// least three times in ten million words, by first letter and length,
// most frequent first.
var typoCandidates = sync.OnceValue(func() map[byte][]wordRun { return wordRuns(commonWords(4, minTypoZipf)) })

// minTypoZipf is how common a word must be for a typo to be read as it.
const minTypoZipf = 2.5

// frequentWords are the table's words of six letters or more seen at
// least ten times in a million words, by first letter and length, most
// frequent first.
var frequentWords = sync.OnceValue(func() map[byte][]wordRun { return wordRuns(commonWords(6, 4)) })

// wordRun is words of one length written one after another, for the typo
// scans, which compare a word with each in turn: the table's words lie
// all over its 1.8 megabytes, and a scan read each from another place,
// mostly out of cache, where a run's words share a few cache lines.
type wordRun struct {
	n     int    // the words' length in bytes
	words string // the words, n bytes each
	// rank is each word's place among the words of its first letter,
	// most frequent first.
	rank []int
}

func (r wordRun) len() int {
	if r.n == 0 {
		return 0
	}
	return len(r.words) / r.n
}

func (r wordRun) at(i int) string { return r.words[i*r.n : (i+1)*r.n] }

// wordRuns turns commonWords' words into runs by length, indexed by it,
// the words of each run in the order they came.
func wordRuns(byFirst map[byte][]string) map[byte][]wordRun {
	out := make(map[byte][]wordRun, len(byFirst))
	for k, words := range byFirst {
		var runs []wordRun
		var text [][]byte
		for rank, w := range words {
			for len(runs) <= len(w) {
				runs = append(runs, wordRun{n: len(runs)})
				text = append(text, nil)
			}
			text[len(w)] = append(text[len(w)], w...)
			runs[len(w)].rank = append(runs[len(w)].rank, rank)
		}
		for n := range runs {
			runs[n].words = string(text[n])
		}
		out[k] = runs
	}
	return out
}

// commonWords lists the table's single words of minLen letters or more
// whose Zipf value is minZipf or more, by first letter, most frequent
// first.
func commonWords(minLen int, minZipf float64) map[byte][]string {
	type entry struct {
		word string
		zipf float64
	}
	by := map[byte][]entry{}
	for line := range strings.Lines(wordTable) {
		word, rest, _ := strings.Cut(line, "\t")
		if len(word) < minLen || line[0] == '#' || strings.Contains(word, " ") {
			continue
		}
		zipf, _, _ := strings.Cut(rest, "\t")
		if z, err := strconv.ParseFloat(zipf, 64); err == nil && z >= minZipf {
			by[word[0]] = append(by[word[0]], entry{word, z})
		}
	}
	out := map[byte][]string{}
	for k, es := range by {
		slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(b.zipf, a.zipf) })
		for _, e := range es {
			out[k] = append(out[k], e.word)
		}
	}
	return out
}

// gibberish reports a word no language writes: six consonants in a row
// that the word table does not list ("asdfghjkl", "qwrtpz").
func gibberish(w string) bool {
	run := 0
	for _, r := range w {
		switch {
		case !isASCIILetter(r):
			return false
		case strings.ContainsRune("aeiouyAEIOUY", r):
			run = 0
		default:
			run++
			if run >= 6 {
				return true
			}
		}
	}
	return false
}
