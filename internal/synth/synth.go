// Package synth grows the seed knowledge into a large, deterministic set of
// made-up facts shaped like the real ones, and makes up questions about
// them, so benchmarks can measure how the bot behaves when a community has
// added tens of thousands of facts.
//
// Every synthetic fact is a real seed fact rewritten: its numbers, years and
// periods change, some of its names become invented ones and some of its
// words are swapped for words drawn from the seeds with their real
// frequencies. Texts therefore keep the seeds' lengths, topics, vocabulary
// and number formats, while the vocabulary keeps growing with new names the
// way a real knowledge base's does. The real seed facts are kept unchanged.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
)

// Version names the generator's output. Change it whenever generation
// changes, so databases cached from an older generator are not reused.
const Version = 1

// FactsPerSource is roughly how many facts one made-up source holds; the
// real seeds hold about 34 per article.
const FactsPerSource = 30

// Grow returns base with synthetic facts and sources added until it holds
// n facts (base alone when n is not larger). The same base and n always
// give the same result. Keys of synthetic facts start with "syn".
func Grow(base bot.Seeds, n int) bot.Seeds {
	out := bot.Seeds{
		Sources: append([]bot.Source(nil), base.Sources...),
		Topics:  append([]bot.Topic(nil), base.Topics...),
		Facts:   append([]bot.Fact(nil), base.Facts...),
	}
	extra := n - len(base.Facts)
	if extra <= 0 || len(base.Facts) == 0 {
		return out
	}
	g := newGenerator(base, extra)
	for len(out.Facts) < n {
		i := len(out.Facts) - len(base.Facts)
		if i%FactsPerSource == 0 {
			out.Sources = append(out.Sources, g.source(len(out.Sources)))
		}
		src := out.Sources[len(out.Sources)-1].ID
		if g.rng.IntN(100) < 4 {
			// A series: one measure reported for consecutive periods.
			for _, f := range g.series(i, min(2+g.rng.IntN(9), n-len(out.Facts))) {
				f.SourceID = src
				out.Facts = append(out.Facts, f)
			}
			continue
		}
		f := g.fact(i)
		f.SourceID = src
		out.Facts = append(out.Facts, f)
	}
	return out
}

type generator struct {
	rng       *rand.Rand
	base      bot.Seeds
	dated     []bot.Fact // base facts with a plain year, month or fiscal-year period
	words     []string   // seed words, one entry per occurrence, for sampling by frequency
	names     []string   // invented proper names, sampled Zipf-like
	nameZipf  *rand.Zipf
	coined    []string // invented lowercase words (new products, jargon), sampled Zipf-like
	coinZipf  *rand.Zipf
	publisher []string
}

func newGenerator(base bot.Seeds, extra int) *generator {
	g := &generator{rng: rand.New(rand.NewPCG(uint64(Version), uint64(extra)))}
	g.base = base
	for _, f := range base.Facts {
		if p := f.Period.Raw; p != "" && !strings.Contains(p, "..") && len(p) != len("2006-01-02") {
			g.dated = append(g.dated, f)
		}
		for _, w := range strings.FieldsFunc(f.Text, notWordRune) {
			if utf8.RuneCountInString(w) >= 5 && isLowerWord(w) && !functionWords[w] {
				g.words = append(g.words, w)
			}
		}
	}
	// Heaps' law: a real corpus keeps meeting new words, about as many as
	// its length to the power 0.5-0.6. The seeds hold 1,348 distinct words
	// in 6,172; the pools of invented names and lowercase words are sized
	// so that 100,000 facts hold about 38,000 (10,000 about 8,000).
	seen := map[string]bool{}
	pool := max(50, int(25*math.Pow(float64(extra), 0.6)))
	for len(g.names) < pool {
		name := g.inventName()
		if !seen[name] {
			seen[name] = true
			g.names = append(g.names, name)
		}
	}
	g.nameZipf = rand.NewZipf(g.rng, 1.1, 2, uint64(len(g.names)-1))
	for len(g.coined) < pool {
		if w := strings.ToLower(g.inventName()); !seen[w] {
			seen[w] = true
			g.coined = append(g.coined, w)
		}
	}
	g.coinZipf = rand.NewZipf(g.rng, 1.1, 2, uint64(len(g.coined)-1))
	for range 40 {
		g.publisher = append(g.publisher, g.inventName()+" "+[]string{"Tech", "News", "Review", "Digital", "Times"}[g.rng.IntN(5)])
	}
	return g
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }

func isLowerWord(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLower(r) }) < 0
}

// keepCapitalized are capitalised words that are not names to invent.
var keepCapitalized = map[string]bool{"January": true, "February": true, "March": true, "April": true,
	"May": true, "June": true, "July": true, "August": true, "September": true, "October": true,
	"November": true, "December": true, "FY": true}

// functionWords are common words that swapping would turn into nonsense
// that no real fact reads like.
var functionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`about above after again before being below between could doing during
		either every further having itself might other please should their there these those through under
		until where whether which while would since within without among along across around against
		towards because though although according`) {
		functionWords[w] = true
	}
}

var (
	syllables = strings.Fields("ka ra za ba lo mi nu sha dar vel qor tan zeb hal pur gul nis ran bek oz im ul ar fen dor")
	// numberRe finds figures, with a fiscal year ("2023-24") as one match.
	numberRe = regexp.MustCompile(`\b(?:19|20)\d\d-\d\d\b|\d+(?:,\d{3})*(?:\.\d+)?`)
	yearRe   = regexp.MustCompile(`^(?:19|20)\d\d$`)
	fyRe     = regexp.MustCompile(`^((?:19|20)\d\d)-(\d\d)$`)
	anyYear  = regexp.MustCompile(`(?:19|20)\d\d`)
)

func (g *generator) inventName() string {
	var b strings.Builder
	for range 2 + g.rng.IntN(3) {
		b.WriteString(syllables[g.rng.IntN(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *generator) name() string { return g.names[g.pick(g.nameZipf, len(g.names))] }

func (g *generator) coin() string { return g.coined[g.pick(g.coinZipf, len(g.coined))] }

// pick returns an index below n: half the time Zipf-distributed, so some
// invented words become common, half the time uniform, so the long tail
// of words used once or twice keeps growing.
func (g *generator) pick(z *rand.Zipf, n int) int {
	if g.rng.IntN(2) == 0 {
		return int(z.Uint64())
	}
	return g.rng.IntN(n)
}

func (g *generator) source(i int) bot.Source {
	tmpl := g.base.Sources[g.rng.IntN(len(g.base.Sources))]
	s := bot.Source{
		ID:        fmt.Sprintf("syn_%05d_%08x", i, g.rng.Uint32()),
		Title:     g.swapWords(tmpl.Title, nil),
		Publisher: g.publisher[g.rng.IntN(len(g.publisher))],
	}
	if g.rng.IntN(3) > 0 {
		s.Published = fmt.Sprintf("%d-%02d-%02d", 2015+g.rng.IntN(11), 1+g.rng.IntN(12), 1+g.rng.IntN(28))
		s.URL = fmt.Sprintf("https://news%d.example.org/%s", i%97, strings.ToLower(strings.ReplaceAll(s.Title, " ", "-")))
		s.ApproxDate = s.Published
	} else if g.rng.IntN(2) == 0 {
		s.ApproxDate = strconv.Itoa(2015 + g.rng.IntN(11))
	}
	return s
}

// fact rewrites a random seed fact into synthetic fact number i.
func (g *generator) fact(i int) bot.Fact {
	tmpl := g.base.Facts[g.rng.IntN(len(g.base.Facts))]
	names := map[string]string{}
	f := tmpl
	f.Key = key(i, tmpl.Key)
	f.Series = ""
	f.Text = g.swapWords(tmpl.Text, names)
	shift := 0
	if tmpl.Period.Raw != "" {
		shift = g.rng.IntN(17) - 12
		f.Period = shiftPeriod(tmpl.Period, shift)
	}
	f.Text = g.swapNumbers(f.Text, shift)
	f.Keywords, f.Aliases = g.terms(tmpl, names)
	return f
}

// series rewrites one dated seed fact into count facts that report the same
// measure for consecutive periods, as a curated series does.
func (g *generator) series(i, count int) []bot.Fact {
	tmpl := g.dated[g.rng.IntN(len(g.dated))]
	names := map[string]string{}
	text := g.swapWords(tmpl.Text, names)
	keywords, aliases := g.terms(tmpl, names)
	start := g.rng.IntN(10) - 12
	series := fmt.Sprintf("syn-series-%06d", i)
	var facts []bot.Fact
	for k := range count {
		f := tmpl
		f.Key = key(i+k, tmpl.Key)
		f.Series = series
		f.Period = shiftPeriod(tmpl.Period, start+k)
		f.Text = g.swapNumbers(text, start+k)
		f.Keywords, f.Aliases = keywords, aliases
		facts = append(facts, f)
	}
	return facts
}

func key(i int, tmpl string) string {
	k := fmt.Sprintf("syn%06d-%s", i, tmpl)
	if len(k) > 60 {
		k = strings.TrimRight(k[:60], "-")
	}
	return k
}

// swapWords replaces some capitalised words (names) with invented names,
// consistently within one fact through names, and some longer lowercase
// words with seed words drawn by frequency.
func (g *generator) swapWords(text string, names map[string]string) string {
	var b strings.Builder
	first := true
	for text != "" {
		i := strings.IndexFunc(text, func(r rune) bool { return !notWordRune(r) })
		if i < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		text = text[i:]
		j := strings.IndexFunc(text, notWordRune)
		if j < 0 {
			j = len(text)
		}
		w := text[:j]
		text = text[j:]
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r) && !first && utf8.RuneCountInString(w) >= 3 && !keepCapitalized[w] && !strings.HasPrefix(w, "Pakistan"):
			if n, ok := names[w]; ok {
				w = n
			} else if g.rng.IntN(5) < 2 {
				n := g.name()
				if names != nil {
					names[w] = n
				}
				w = n
			}
		case utf8.RuneCountInString(w) >= 5 && isLowerWord(w) && !functionWords[w] && g.rng.IntN(4) == 0:
			if g.rng.IntN(100) < 40 {
				w = g.coin()
			} else {
				w = g.words[g.rng.IntN(len(g.words))]
			}
		}
		b.WriteString(w)
		first = false
	}
	return b.String()
}

// swapNumbers moves years and fiscal years by shift and replaces other
// figures with random ones of the same shape ("135,506" stays six digits
// with a comma).
func (g *generator) swapNumbers(text string, shift int) string {
	return numberRe.ReplaceAllStringFunc(text, func(num string) string {
		if m := fyRe.FindStringSubmatch(num); m != nil {
			y, _ := strconv.Atoi(m[1])
			if next, _ := strconv.Atoi(m[2]); next != (y+1)%100 {
				return strconv.Itoa(y+shift) + num[4:]
			}
			return fmt.Sprintf("%d-%02d", y+shift, (y+shift+1)%100)
		}
		if yearRe.MatchString(num) {
			y, _ := strconv.Atoi(num)
			return strconv.Itoa(y + shift)
		}
		return g.sameShape(num)
	})
}

func (g *generator) sameShape(num string) string {
	out := []byte(num)
	for i, c := range out {
		if c >= '0' && c <= '9' {
			d := g.rng.IntN(10)
			if i == 0 && len(out) > 1 {
				d = 1 + g.rng.IntN(9)
			}
			out[i] = byte('0' + d)
		}
	}
	return string(out)
}

// terms returns keywords and aliases for a fact rewritten from tmpl: most
// of the template's, with the invented names mixed in.
func (g *generator) terms(tmpl bot.Fact, names map[string]string) (keywords, aliases []string) {
	for _, k := range tmpl.Keywords {
		if g.rng.IntN(10) < 7 {
			keywords = append(keywords, k)
		} else {
			keywords = append(keywords, g.words[g.rng.IntN(len(g.words))])
		}
	}
	for _, a := range tmpl.Aliases {
		if g.rng.IntN(2) == 0 {
			aliases = append(aliases, a)
		}
	}
	invented := make([]string, 0, len(names))
	for _, n := range names {
		invented = append(invented, n)
	}
	slices.Sort(invented) // map order is random; the output must not be
	for _, n := range invented {
		if g.rng.IntN(3) == 0 {
			aliases = append(aliases, n)
		} else {
			keywords = append(keywords, strings.ToLower(n))
		}
	}
	return keywords, aliases
}

// shiftPeriod moves a period by years, keeping its form; a period that
// would not exist (29 February) stays as it was.
func shiftPeriod(p bot.Period, years int) bot.Period {
	if years == 0 || p.Raw == "" {
		return p
	}
	var raw string
	if rest, ok := strings.CutPrefix(p.Raw, "FY"); ok {
		y, _ := strconv.Atoi(rest[:4])
		raw = fmt.Sprintf("FY%d-%02d", y+years, (y+years+1)%100)
	} else {
		raw = anyYear.ReplaceAllStringFunc(p.Raw, func(m string) string {
			y, _ := strconv.Atoi(m)
			return strconv.Itoa(y + years)
		})
	}
	if np, err := bot.ParsePeriod(raw); err == nil {
		return np
	}
	return p
}
