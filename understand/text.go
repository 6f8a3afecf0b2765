package understand

import (
	_ "embed"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Terms are what the search index holds and what questions are turned into:
// lowercase, without diacritics, British spellings folded to American ones,
// stemmed with the Snowball English stemmer, and without stop words. The same
// function serves both sides, so "Exports", "exported" and "export" meet.

// stopWords carry no meaning on their own: question words, function words,
// and words that every fact shares (every fact is about Pakistan).
var stopWords = setOf(`a about above after again all also am an and any are as at be been before being
both but by can could did do does doing done during each either else ever few for from further get got
had has have having he her here hers him his how i if in into is isn it its itself just kindly know
let like many may me might more most much must my no nor not now of off on once only or other our ours
out over own please pls same say says she should show so some such tell than thank thanks that the
their theirs them then there these they this those through to too under until up upon us very was we
were what whats when where whether which while who whom whose why will with would yes yet you your
yours currently current latest recent recently today total number numbers amount happened happen
combined overall entire whole exact exactly precise precisely actual actually approximately roughly
pakistan pakistans pakistani pakistanis country nation want wants wanted need needs`, "")

// spellings folds British spellings (used by the articles) and common
// variants to one form before stemming.
var spellings = map[string]string{
	"centre": "center", "centres": "centers", "fibre": "fiber", "programme": "program",
	"programmes": "programs", "fulfilment": "fulfillment", "organisation": "organization",
	"organisations": "organizations", "licence": "license", "digitisation": "digitization",
	"labour": "labor", "modernise": "modernize", "favour": "favor", "cheque": "check",
	"turkey": "turkiye", "turkish": "turkiye", "chinese": "china", "swedish": "sweden",
	"american": "america", "british": "britain", "percentage": "percent", "percentages": "percent",
}

// spelledFrom holds the words spellings folds others to.
var spelledFrom = func() map[string]bool {
	m := map[string]bool{}
	for _, to := range spellings {
		m[to] = true
	}
	return m
}()

// setOf makes a set of the space-separated words, with space in place of
// the given character (for phrases: "how_many").
func setOf(words string, space string) map[string]bool {
	// Sized first: a hundred sets grown one rehash at a time were a
	// fifth of what starting this package cost.
	n := 0
	for range strings.FieldsSeq(words) {
		n++
	}
	m := make(map[string]bool, n)
	for w := range strings.FieldsSeq(words) {
		if space != "" {
			w = strings.ReplaceAll(w, space, " ")
		}
		m[w] = true
	}
	return m
}

// diacriticFolders hold transformers that strip diacritics ("Türkiye" to
// "Turkiye"). A transform chain keeps state while it runs, so each
// goroutine takes its own from the pool.
var diacriticFolders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Fold lowercases s, strips diacritics, replaces invalid UTF-8 and
// spells out "%" so "24%" meets "percent" and "percentage".
func Fold(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.ReplaceAll(s, "%", " percent ")
	if !isASCII(s) {
		s = stripDiacritics(s)
		// After the diacritics go: stripping the hamza of "ئ" leaves an
		// Arabic yeh, which must become the Urdu one.
		s = arabicScript.Replace(s)
	}
	return strings.ToLower(s)
}

// stripDiacritics removes the combining marks of s, after splitting the
// letters that hold one ("ü", "ئ"). Most Urdu has neither, and is
// returned as it is without running the transform.
func stripDiacritics(s string) string {
	if !hasDiacritics(s) {
		return s
	}
	t := diacriticFolders.Get().(transform.Transformer)
	defer diacriticFolders.Put(t)
	if folded, _, err := transform.String(t, s); err == nil {
		return folded
	}
	return s
}

// hasDiacritics reports whether s may change under NFD, removing marks,
// NFC: it holds a combining mark, or a letter that is not ASCII and not
// one of the Arabic script's letters that have no decomposition.
func hasDiacritics(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case unicode.Is(unicode.Mn, r):
			return true
		case r >= 0x0600 && r <= 0x06ff:
			// Alef with madda or hamza, waw and yeh with hamza, heh
			// with yeh or hamza, yeh barree with hamza decompose.
			if r >= 0x0622 && r <= 0x0626 || r == 0x06c0 || r == 0x06c2 || r == 0x06d3 {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// arabicScript folds the Arabic letters that Urdu keyboards and pasted text
// use for Urdu ones, Urdu and Arabic digits to ASCII, and the percent sign
// and joiners of the script, so every way of typing an Urdu word meets the
// lexicon's one.
var arabicScript = strings.NewReplacer(
	"\u064a", "\u06cc", "\u0649", "\u06cc", // Arabic yeh, alef maksura -> Farsi yeh
	"\u0643", "\u06a9", // Arabic kaf -> keheh
	"\u0647", "\u06c1", // heh -> heh goal
	"\u06c0", "\u06c1", "\u06c2", "\u06c1", // heh with hamza -> heh goal
	"\u06d3", "\u06d2", // yeh barree with hamza -> yeh barree
	"\u066a", " percent ",
	"\u200c", "", "\u200d", "", "\u0640", "", // joiners and tatweel
	"\u06f0", "0", "\u06f1", "1", "\u06f2", "2", "\u06f3", "3", "\u06f4", "4",
	"\u06f5", "5", "\u06f6", "6", "\u06f7", "7", "\u06f8", "8", "\u06f9", "9",
	"\u0660", "0", "\u0661", "1", "\u0662", "2", "\u0663", "3", "\u0664", "4",
	"\u0665", "5", "\u0666", "6", "\u0667", "7", "\u0668", "8", "\u0669", "9",
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Words splits folded text into words. A hyphenated word that starts
// with a short part ("e-sports", "wi-fi") also yields its joined form, so
// "e-Rozgaar" finds "erozgaar". Single characters are dropped.
func Words(s string) []string {
	var out []string
	EachWord(s, func(parts []string, joined string) {
		out = append(out, parts...)
		if joined != "" {
			out = append(out, joined)
		}
	})
	return out
}

// EachWord calls fn for every chunk of s with its parts of two or more
// characters and, for hyphenated words that start with a short part of
// letters, the joined form.
func EachWord(s string, fn func(parts []string, joined string)) {
	// Chunks are read as they are found, and most have no hyphen: they
	// are their own only part. Every question's words and their
	// alternatives come through here, and splitting into slices first
	// was several allocations a word.
	for chunk := range strings.FieldsFuncSeq(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	}) {
		if !strings.Contains(chunk, "-") {
			if utf8.RuneCountInString(chunk) > 1 {
				fn([]string{chunk}, "")
			}
			continue
		}
		raw := strings.FieldsFunc(chunk, func(r rune) bool { return r == '-' })
		var parts []string
		for _, p := range raw {
			if utf8.RuneCountInString(p) > 1 {
				parts = append(parts, p)
			}
		}
		joined := ""
		if len(raw) > 1 && utf8.RuneCountInString(raw[0]) <= 2 && strings.IndexFunc(chunk, unicode.IsDigit) < 0 {
			joined = strings.Join(raw, "")
		}
		if len(parts) > 0 || joined != "" {
			fn(parts, joined)
		}
	}
}

// Stem maps one folded word to its index term: its Snowball stem, unless
// the stemmer cuts words of unrelated meanings to one stem ("university"
// and "universal", "import" and "important"), when stems.txt keeps them
// apart.
func Stem(w string) string {
	slot := &stemmed[maphash.String(stemSeed, w)%uint64(len(stemmed))]
	if s := slot.Load(); s != nil && s.word == w {
		return s.term
	}
	term := stem(w)
	slot.Store(&stemmedWord{word: strings.Clone(w), term: strings.Clone(term)})
	return term
}

func stem(w string) string {
	if v, ok := spellings[w]; ok {
		w = v
	}
	if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return w
	}
	if t, ok := stemSplits[w]; ok {
		return t
	}
	return english.Stem(w, false)
}

// stemmed remembers the stems of words stemmed lately, one word a slot
// chosen by its hash, a newer word taking an older one's place: the
// Snowball stemmer costs about a microsecond a word, and a question's
// words and their alternatives recur from one question to the next. It
// is safe for concurrent use and bounded, whatever words come. A
// question stems about thirty words, its own and their alternatives; with
// 4,096 slots the benchmark's 2,000 questions still missed one stem in
// six, nearly all words that kept taking each other's slot.
var stemmed [16384]atomic.Pointer[stemmedWord]

var stemSeed = maphash.MakeSeed()

type stemmedWord struct{ word, term string }

// stemsTable is stems.txt: "word TAB term" for the words whose Snowball
// stem another family of words has.
//
//go:embed stems.txt
var stemsTable string

// StemRules returns stems.txt, the exceptions Stem makes to the Snowball
// stemmer, so that an index can tell the rules its terms were written by.
func StemRules() string { return stemsTable }

// stemSplits is stems.txt as a map, read at start: it has a few hundred
// lines, and Stem runs for every word indexed or asked.
var stemSplits = func() map[string]string {
	m := map[string]string{}
	for line := range strings.Lines(stemsTable) {
		if word, term, ok := strings.Cut(strings.TrimSpace(line), "\t"); ok && !strings.HasPrefix(word, "#") {
			m[word] = term
		}
	}
	return m
}()

// Base strips a folded English word's common inflections: "countries" is
// "country", "exported" "export", "growing" "grow". It is for comparing
// words, not a stemmer.
func Base(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && strings.HasSuffix(w, "ing"):
		return w[:len(w)-3]
	case len(w) > 3 && strings.HasSuffix(w, "ed"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "es") && strings.ContainsAny(w[len(w)-3:len(w)-2], "sxzh"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// StopWords lists the stop words, sorted: for spotting misspelt ones,
// and for an index to tell the rules its terms were written by.
func StopWords() []string { return stopWordList }

var stopWordList = func() []string {
	var out []string
	for w := range stopWords {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}()

// IsStopWord reports whether a folded word carries no meaning of its own.
func IsStopWord(w string) bool { return stopWords[w] }

// unstretch undoes the letters chat stretches for emphasis ("heyyyyy",
// "manyyyy", "broadbanddd", "subscriberssss"): a run of three or more of
// one letter becomes two where that makes a word the word table or lex
// knows ("goood": good), else one ("sooooo": so). English spells no word
// with a letter three times over.
func unstretch(s string, lex *Lexicon) string {
	if !hasStretch(s) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexFunc(s, isASCIILetter)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexFunc(s, func(r rune) bool { return !isASCIILetter(r) })
		if j < 0 {
			j = len(s)
		}
		w := s[:j]
		if hasStretch(w) {
			two, one := squeeze(w, 2), squeeze(w, 1)
			_, known := lookupLine(two)
			if known || lex != nil && lex.Known(two) {
				w = two
			} else {
				w = one
			}
		}
		b.WriteString(w)
		s = s[j:]
	}
	return b.String()
}

func isASCIILetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }

// notWordRune reports a rune that is neither a letter nor a digit: the
// punctuation and signs around and between words.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// notHyphenatedWordRune is notWordRune, a hyphen kept inside the word
// ("e-commerce", "state-run").
func notHyphenatedWordRune(r rune) bool { return notWordRune(r) && r != '-' }

// hasStretch reports a letter three times in a row.
func hasStretch(s string) bool {
	for i := 2; i < len(s); i++ {
		if s[i] == s[i-1] && s[i] == s[i-2] && isASCIILetter(rune(s[i])) {
			return true
		}
	}
	return false
}

// squeeze cuts every run of three or more of one letter to n.
func squeeze(w string, n int) string {
	out := make([]byte, 0, len(w))
	for i := 0; i < len(w); {
		j := i + 1
		for j < len(w) && w[j] == w[i] {
			j++
		}
		if j-i >= 3 && isASCIILetter(rune(w[i])) {
			out = append(out, w[i:i+n]...)
		} else {
			out = append(out, w[i:j]...)
		}
		i = j
	}
	return string(out)
}
