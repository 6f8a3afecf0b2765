package understand

// Some meanings take two words that stand apart in a sentence: selling
// software abroad is exporting it, buying goods from abroad importing
// them. pairedMeanings finds a word of each half of such a pair among a
// question's tokens and lets both stand for the meaning, as a lexicon's
// alike word does, so a fact that says "exports" covers "sold" and
// "abroad" alike. The pairs are general English (WordNet defines export
// as "sell or transfer abroad"), with their Roman Urdu words.
var wordPairs = []struct {
	first, second map[string]bool
	means         string
}{
	{sellWords, abroadWords, "exports"},
	{buyWords, abroadWords, "imports"},
}

var (
	sellWords   = setOf(`sell sells sold selling seller sellers sale sales ship ships shipped shipping shipment shipments bech bechna bechne bechte bechi`, "")
	buyWords    = setOf(`buy buys bought buying buyer buyers purchase purchases purchased purchasing kharid kharidna kharidne kharidte`, "")
	abroadWords = setOf(`abroad overseas foreign foreigners international internationally worldwide globally countries bahar baahar bairun bairoon bairon`, "")
)

// pairedMeanings adds the meaning of every pair the tokens hold to the
// alike words of both halves.
func pairedMeanings(toks []token) {
	for _, p := range wordPairs {
		first, second := -1, -1
		for i, t := range toks {
			switch {
			case first < 0 && p.first[t.text]:
				first = i
			case second < 0 && p.second[t.text]:
				second = i
			}
		}
		if first < 0 || second < 0 {
			continue
		}
		for _, i := range []int{first, second} {
			toks[i].alike = append(toks[i].alike, p.means)
		}
	}
}
