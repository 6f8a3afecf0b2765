package knowledge

import (
	"strings"

	"github.com/pakbot/pakbot/understand"
)

// indexTerms turns text into the space-separated terms stored in the index:
// folded, stemmed words without stop words, as understand defines them, so
// that questions and facts meet. When surface is not nil it also records
// each word with its term.
func indexTerms(surface map[string]string, texts ...string) string {
	var b strings.Builder
	for _, t := range texts {
		for _, w := range understand.Words(understand.Fold(t)) {
			if understand.IsStopWord(w) {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			term := understand.Stem(w)
			b.WriteString(term)
			if surface != nil {
				surface[w] = term
			}
		}
	}
	return b.String()
}
