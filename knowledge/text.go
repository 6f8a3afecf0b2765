package knowledge

import (
	"strings"
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
pakistan pakistans pakistani pakistanis country nation want wants wanted need needs`)

// spellings folds British spellings (used by the articles) and common
// variants to one form before stemming.
var spellings = map[string]string{
	"centre": "center", "centres": "centers", "fibre": "fiber", "programme": "program",
	"programmes": "programs", "fulfilment": "fulfillment", "organisation": "organization",
	"organisations": "organizations", "licence": "license", "digitisation": "digitization",
	"labour": "labor", "modernise": "modernize", "favour": "favor", "cheque": "check",
	"turkey": "turkiye", "türkiye": "turkiye", "cyber": "cyber",
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// foldText lowercases s, strips diacritics and replaces invalid UTF-8.
// ASCII text, most questions, has nothing to strip. A transform chain
// keeps state between calls, so each call builds its own: one shared by
// concurrent searches corrupted its buffers and crashed the bot.
func foldText(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	s = strings.ToValidUTF8(s, " ")
	foldDiacritics := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if folded, _, err := transform.String(foldDiacritics, s); err == nil {
		s = folded
	}
	return strings.ToLower(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// words splits folded text into words. A hyphenated word whose parts are
// short ("e-sports", "wi-fi") also yields its joined form, so "e-Rozgaar"
// finds "erozgaar". Single characters are dropped.
func words(s string) []string {
	var out []string
	emit := func(w string) {
		if utf8.RuneCountInString(w) > 1 {
			out = append(out, w)
		}
	}
	for _, chunk := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	}) {
		parts := strings.FieldsFunc(chunk, func(r rune) bool { return r == '-' })
		short, letters := false, true
		for _, p := range parts {
			emit(p)
			short = short || utf8.RuneCountInString(p) <= 2
			letters = letters && strings.IndexFunc(p, unicode.IsDigit) < 0
		}
		if len(parts) > 1 && short && letters {
			emit(strings.Join(parts, ""))
		}
	}
	return out
}

// stem maps one folded word to its index term.
func stem(w string) string {
	if v, ok := spellings[w]; ok {
		w = v
	}
	if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return w
	}
	return english.Stem(w, false)
}

// indexTerms turns text into the space-separated terms stored in the index.
// When surface is not nil it also records each word with its term.
func indexTerms(surface map[string]string, texts ...string) string {
	var b strings.Builder
	for _, t := range texts {
		for _, w := range words(foldText(t)) {
			if stopWords[w] {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			term := stem(w)
			b.WriteString(term)
			if surface != nil {
				surface[w] = term
			}
		}
	}
	return b.String()
}
