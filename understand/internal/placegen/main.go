// Command placegen writes places.txt, the names of places: the one-word
// names WordNet 3.0 gives only to places (cities, countries, provinces,
// regions, rivers), and the cities, provinces and regions of Pakistan
// it lacks. A name that is also anything else ("Amazon", a river and a
// warrior woman; "Turkey", a country and a bird; "Nice", also an
// adjective) is left out: a place name tells that a fact naming only
// places cannot say who or which firm, so it must be sure.
//
// A country's name follows with a third field, "country": "which
// country" asks for one, and "which city" is not told by one. Countries
// whose names are also other words ("China", "Turkey", "Jordan"), and
// the adjectives of countries ("Swedish"), have "country?" there: they
// answer "which country" where a fact names one, but say nothing of
// what an unknown capitalised word is.
//
// Each line is "word TAB index term", sorted by term, as the index's
// names are terms. Run it with go generate in the understand package,
// after stems.txt: the terms are what Stem makes of the words.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/pakbot/pakbot/understand"
	"github.com/pakbot/pakbot/understand/internal/wnfile"
)

// renamed lists countries by the names they took after WordNet 3.0
// (2006), folded.
var renamed = strings.Fields(`turkiye czechia eswatini`)

type synset struct {
	words    []string
	broader  []int64 // hypernyms and instance hypernyms
	instance bool    // an instance of its broader synsets: a named thing
}

func main() {
	wordnet := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0 dict directory")
	out := flag.String("out", "places.txt", "file to write")
	flag.Parse()
	if err := run(*wordnet, *out); err != nil {
		log.Fatal("placegen: ", err)
	}
}

func run(dir, out string) error {
	synsets := map[int64]*synset{}
	if err := wnfile.EachLine(filepath.Join(dir, "data.noun"), func(f []string) {
		off := decimal(f[0])
		s := &synset{}
		n, _ := strconv.ParseInt(f[3], 16, 32)
		i := 4
		for range n {
			s.words = append(s.words, f[i])
			i += 2
		}
		p := decimal(f[i])
		i++
		for range p {
			if sym := f[i]; sym == "@" || sym == "@i" {
				s.broader = append(s.broader, decimal(f[i+1]))
				s.instance = s.instance || sym == "@i"
			}
			i += 4
		}
		synsets[off] = s
	}); err != nil {
		return err
	}
	senses := map[string][]int64{}
	if err := wnfile.EachLine(filepath.Join(dir, "index.noun"), func(f []string) {
		for _, o := range f[4+decimal(f[3])+2:] {
			senses[f[0]] = append(senses[f[0]], decimal(o))
		}
	}); err != nil {
		return err
	}
	other := map[string]bool{} // lemmas of verbs, adjectives and adverbs
	for _, name := range []string{"verb", "adj", "adv"} {
		if err := wnfile.EachLine(filepath.Join(dir, "index."+name), func(f []string) { other[f[0]] = true }); err != nil {
			return err
		}
	}
	if len(senses["location"]) == 0 {
		return fmt.Errorf("no noun 'location' in %s", dir)
	}
	if len(senses["country"]) < 2 {
		return fmt.Errorf("no noun 'country' in %s", dir)
	}
	// A point or extent in space; a politically organised nation, and
	// the territory it holds.
	isLocation := under(synsets, senses["location"][0])
	isCountry := under(synsets, senses["country"][0], senses["country"][1])
	// word: "" for a sure place, "country" for a sure country's name,
	// "country?" for a country's name that is also something else.
	names := map[string]string{}
	for lemma, offs := range senses {
		if strings.ContainsAny(lemma, "_-.'") || len(lemma) < 3 { // "tt": Trinidad and Tobago
			continue
		}
		place, country := !other[lemma], false
		for _, off := range offs {
			s := synsets[off]
			place = place && s != nil && s.instance && isLocation(off)
			country = country || s != nil && s.instance && isCountry(off)
		}
		switch {
		case place && country:
			names[lemma] = "country"
		case place:
			names[lemma] = ""
		case country:
			names[lemma] = "country?"
		}
	}
	// Adjectives of a country ("Swedish", "Chinese") name it as well:
	// "the Swedish streaming service" tells which country it is from.
	if err := wnfile.EachLine(filepath.Join(dir, "data.adj"), func(f []string) {
		n, _ := strconv.ParseInt(f[3], 16, 32)
		lemmas := make([]string, 0, n)
		i := 4
		for range n {
			lemma, _, _ := strings.Cut(strings.ToLower(f[i]), "(") // "big(a)"
			lemmas = append(lemmas, lemma)
			i += 2
		}
		p := decimal(f[i])
		i++
		for range p {
			if f[i] == "\\" && f[i+2] == "n" {
				if off := decimal(f[i+1]); synsets[off] != nil && synsets[off].instance && isCountry(off) {
					for _, l := range lemmas {
						if _, ok := names[l]; !ok && !strings.ContainsAny(l, "_-.'") {
							names[l] = "country?"
						}
					}
				}
			}
			i += 4
		}
	}); err != nil {
		return err
	}
	for _, w := range understand.PakistanPlaces() {
		names[w] = ""
	}
	for _, w := range renamed {
		names[w] = "country?"
	}
	var lines []string
	for w, kind := range names {
		lines = append(lines, strings.TrimSuffix(understand.Stem(understand.Fold(w))+"\t"+w+"\t"+kind, "\t"))
	}
	slices.Sort(lines)
	for i, l := range lines {
		term, word, _ := strings.Cut(l, "\t")
		word, kind, _ := strings.Cut(word, "\t")
		lines[i] = strings.TrimSuffix(word+"\t"+term+"\t"+kind, "\t")
	}
	header := "# Generated by understand/internal/placegen from WordNet 3.0 and a list of Pakistan's places; do not edit.\n" +
		"# word<TAB>index term[<TAB>country, or country? for a country's name that is also another word], sorted by term\n"
	return os.WriteFile(out, []byte(header+strings.Join(lines, "\n")+"\n"), 0o644)
}

// under returns a test of whether a synset is one of roots or below one
// of them, through hypernyms and instances.
func under(synsets map[int64]*synset, roots ...int64) func(off int64) bool {
	memo := map[int64]bool{}
	var is func(off int64, depth int) bool
	is = func(off int64, depth int) bool {
		if v, ok := memo[off]; ok {
			return v
		}
		v := slices.Contains(roots, off)
		if s := synsets[off]; s != nil && depth < 30 {
			for _, b := range s.broader {
				v = v || is(b, depth+1)
			}
		}
		memo[off] = v
		return v
	}
	return func(off int64) bool { return is(off, 0) }
}

// decimal reads WordNet's zero-padded decimal numbers ("08977211").
func decimal(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
