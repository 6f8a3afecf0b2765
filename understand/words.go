package understand

import (
	_ "embed"
	"hash/maphash"
	"strconv"
	"strings"
	"sync/atomic"
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
}

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
	table := wordTable
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
		key, _, _ := strings.Cut(line, "\t")
		switch {
		case key == word:
			return parseWordLine(line), true
		case key < word:
			lo = end + 1
		default:
			hi = start
		}
	}
	return wordInfo{}, false
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
