package synth

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
)

// offTopic are questions no fact should answer; the bot must decline them.
var offTopic = []string{
	"What is the capital of France?",
	"Who won the 2023 Cricket World Cup?",
	"How do I bake bread?",
	"What is the boiling point of water?",
	"Who is the best footballer in the world?",
	"Recommend a good biryani place in Lahore",
	"How tall is Mount Everest?",
	"What time is it in Tokyo?",
	"asdfghjkl qwerty",
	"Will it rain tomorrow?",
}

// Questions returns n questions about the synthetic facts of set, mixed the
// way a chat sees them: figure questions with and without a period, what
// and who questions, bare keyword searches, about one in seven with a typo,
// and one in ten about something else entirely (to be declined). The same
// set and n always give the same questions.
func Questions(set bot.Seeds, n int) []string {
	rng := rand.New(rand.NewPCG(uint64(Version), uint64(n)+1))
	var synthetic []bot.Fact
	for _, f := range set.Facts {
		if strings.HasPrefix(f.Key, "syn") {
			synthetic = append(synthetic, f)
		}
	}
	if len(synthetic) == 0 {
		synthetic = set.Facts
	}
	qs := make([]string, 0, n)
	for len(qs) < n {
		if rng.IntN(10) == 0 {
			if rng.IntN(2) == 0 {
				qs = append(qs, offTopic[rng.IntN(len(offTopic))])
			} else {
				// A name nobody has written about.
				qs = append(qs, "Who is "+unknownName(rng)+" "+unknownName(rng)+"?")
			}
			continue
		}
		f := synthetic[rng.IntN(len(synthetic))]
		words := pick(rng, contentWords(f.Text), 2+rng.IntN(2))
		if len(words) == 0 {
			continue
		}
		if rng.IntN(7) == 0 {
			i := rng.IntN(len(words))
			words[i] = typo(rng, words[i])
		}
		subject := strings.Join(words, " ")
		var q string
		switch rng.IntN(5) {
		case 0:
			q = "How many " + subject
		case 1:
			q = "What is the " + subject
		case 2:
			q = "Who " + subject
		case 3:
			q = "Tell me about " + subject
		default:
			q = strings.ToLower(subject)
		}
		if p := f.Period.String(); p != "" && rng.IntN(3) == 0 {
			q += " in " + p
		}
		if !strings.HasPrefix(q, strings.ToLower(subject)) {
			q += "?"
		}
		qs = append(qs, q)
	}
	return qs
}

// contentWords are the words of text a person might ask with.
func contentWords(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(text, notWordRune) {
		if utf8.RuneCountInString(w) >= 4 && !functionWords[strings.ToLower(w)] && !strings.HasPrefix(w, "Pakistan") {
			out = append(out, strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
		}
	}
	return out
}

// pick returns up to k of words, chosen at random, in their original order.
func pick(rng *rand.Rand, words []string, k int) []string {
	if len(words) <= k {
		return words
	}
	idx := rng.Perm(len(words))[:k]
	keep := make([]bool, len(words))
	for _, i := range idx {
		keep[i] = true
	}
	var out []string
	for i, w := range words {
		if keep[i] {
			out = append(out, w)
		}
	}
	return out
}

// typo swaps two neighbouring letters after the first, the commonest slip.
func typo(rng *rand.Rand, w string) string {
	r := []rune(w)
	if len(r) < 5 {
		return w
	}
	i := 1 + rng.IntN(len(r)-2)
	r[i], r[i+1] = r[i+1], r[i]
	return string(r)
}

// unknownName invents a name from syllables Grow never uses.
func unknownName(rng *rand.Rand) string {
	syl := strings.Fields("xo quil vry thep ngu owk jix pler stav wum")
	var b strings.Builder
	for range 2 + rng.IntN(2) {
		b.WriteString(syl[rng.IntN(len(syl))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}
