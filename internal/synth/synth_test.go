package synth_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/synth"
	"github.com/pakbot/pakbot/seeds"
)

func mustSeeds(t *testing.T) bot.Seeds {
	t.Helper()
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestGrow(t *testing.T) {
	base := mustSeeds(t)
	set := synth.Grow(base, 5000)

	t.Run("KeepsRealFacts", func(t *testing.T) {
		if len(set.Facts) != 5000 {
			t.Fatalf("got %d facts, want 5000", len(set.Facts))
		}
		if !reflect.DeepEqual(set.Facts[:len(base.Facts)], base.Facts) {
			t.Error("the real seed facts were changed")
		}
		if !reflect.DeepEqual(set.Topics, base.Topics) {
			t.Error("topics changed; synthetic facts must use the real topics")
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		if again := synth.Grow(base, 5000); !reflect.DeepEqual(again, set) {
			t.Error("two runs gave different facts")
		}
	})

	t.Run("Valid", func(t *testing.T) {
		keys := map[string]bool{}
		sources := map[string]bool{}
		for _, s := range set.Sources {
			sources[s.ID] = true
		}
		topics := map[string]bool{}
		for _, tp := range set.Topics {
			topics[tp.Name] = true
		}
		for _, f := range set.Facts {
			if keys[f.Key] {
				t.Fatalf("duplicate key %s", f.Key)
			}
			keys[f.Key] = true
			if len(f.Key) > 60 || !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(f.Key) {
				t.Errorf("key %q is not kebab-case of at most 60 characters", f.Key)
			}
			if err := bot.ValidateFactText(f.Text); err != nil {
				t.Errorf("fact %s: %v", f.Key, err)
			}
			if !sources[f.SourceID] || !topics[f.Topic] {
				t.Errorf("fact %s cites unknown source %q or topic %q", f.Key, f.SourceID, f.Topic)
			}
			if _, err := bot.ParsePeriod(f.Period.Raw); err != nil {
				t.Errorf("fact %s: %v", f.Key, err)
			}
		}
	})

	t.Run("ShapedLikeSeeds", func(t *testing.T) {
		synthetic := set.Facts[len(base.Facts):]
		if got, want := meanLen(synthetic), meanLen(base.Facts); got < 0.85*want || got > 1.15*want {
			t.Errorf("mean text length %.0f, seeds have %.0f", got, want)
		}
		if got, want := shareWithDigits(synthetic), shareWithDigits(base.Facts); got < want-0.1 || got > want+0.1 {
			t.Errorf("%.0f%% of texts hold figures, seeds %.0f%%", 100*got, 100*want)
		}
		series := 0
		for _, f := range synthetic {
			if f.Series != "" {
				series++
			}
		}
		if series == 0 {
			t.Error("no synthetic fact belongs to a series")
		}
	})

	t.Run("VocabularyGrows", func(t *testing.T) {
		// Heaps' law: five times the text holds 5^β times the words, with β
		// between 0.4 and 0.7 for real text (0.55 fits the seeds).
		small, large := distinctWords(synth.Grow(base, 1000).Facts), distinctWords(set.Facts)
		if r := float64(large) / float64(small); r < 1.9 || r > 3.1 {
			t.Errorf("1,000 facts hold %d distinct words and 5,000 hold %d (%.1f times); want 1.9-3.1 times, as real text grows", small, large, r)
		}
	})
}

func TestQuestions(t *testing.T) {
	set := synth.Grow(mustSeeds(t), 2000)
	qs := synth.Questions(set, 500)
	if len(qs) != 500 {
		t.Fatalf("got %d questions, want 500", len(qs))
	}
	if !reflect.DeepEqual(qs, synth.Questions(set, 500)) {
		t.Error("two runs gave different questions")
	}
	distinct := map[string]bool{}
	for _, q := range qs {
		if strings.TrimSpace(q) == "" {
			t.Error("empty question")
		}
		distinct[q] = true
	}
	if len(distinct) < 400 {
		t.Errorf("only %d distinct questions of 500", len(distinct))
	}
}

func meanLen(facts []bot.Fact) float64 {
	total := 0
	for _, f := range facts {
		total += len(f.Text)
	}
	return float64(total) / float64(len(facts))
}

func shareWithDigits(facts []bot.Fact) float64 {
	n := 0
	for _, f := range facts {
		if strings.ContainsAny(f.Text, "0123456789") {
			n++
		}
	}
	return float64(n) / float64(len(facts))
}

func distinctWords(facts []bot.Fact) int {
	seen := map[string]bool{}
	for _, f := range facts {
		for _, w := range strings.FieldsFunc(strings.ToLower(f.Text+" "+strings.Join(f.Keywords, " ")), func(r rune) bool {
			return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
		}) {
			seen[w] = true
		}
	}
	return len(seen)
}
