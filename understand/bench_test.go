package understand

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// benchQuestions are the eval questions of every kind, from English to
// Urdu, as the bot meets them.
func benchQuestions(b *testing.B) []string {
	b.Helper()
	var qs []string
	for _, path := range []string{"../eval/understanding.jsonl", "../eval/extra.jsonl"} {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q struct{ Q string }
			if json.Unmarshal(sc.Bytes(), &q) == nil && q.Q != "" {
				qs = append(qs, q.Q)
			}
		}
		f.Close()
	}
	return qs
}

// BenchmarkAnalyze measures reading one question, and in the same run the
// baseline it replaced: folding and splitting the text into words.
func BenchmarkAnalyze(b *testing.B) {
	qs := benchQuestions(b)
	a := NewAnalyzer(NewLexicon(seedLexicon(b)))
	b.Run("baseline-fold-and-split", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			_ = Words(Fold(qs[i%len(qs)]))
		}
	})
	b.Run("analyze", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			_ = a.Analyze(qs[i%len(qs)])
		}
	})
	b.Run("parts", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			_ = a.Parts(qs[i%len(qs)])
		}
	})
}

// BenchmarkNewLexicon measures building the built-in lexicon, which every
// one-shot `pakbot ask` does before it reads its question.
func BenchmarkNewLexicon(b *testing.B) {
	entries := seedLexicon(b)
	b.ReportAllocs()
	for b.Loop() {
		NewLexicon(entries)
	}
}
