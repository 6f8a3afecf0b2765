package understand

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// placesTable is places.txt: "word TAB index term" for the names of
// places, written by placegen from WordNet and a list of Pakistan's places.
//
//go:embed places.txt
var placesTable string

// placeSets are placesTable's terms, read the first time one is asked:
// in sure, true for the name of a place and nothing else, false for a
// country's name that is also another word; in countries, the terms of
// countries and their adjectives.
var placeSets = sync.OnceValue(func() (sets struct{ sure, countries map[string]bool }) {
	// Sized, and its lines cut rather than split: built on the way to a
	// one-shot ask's answer, it took a millisecond.
	lines := strings.Count(placesTable, "\n")
	sets.sure, sets.countries = make(map[string]bool, lines), make(map[string]bool, lines/4)
	for line := range strings.Lines(placesTable) {
		_, rest, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		term, kind, hasKind := strings.Cut(rest, "\t")
		kind, _, _ = strings.Cut(kind, "\t")
		sets.sure[term] = !hasKind || kind == "country"
		if hasKind && strings.HasPrefix(kind, "country") {
			sets.countries[term] = true
		}
	}
	return sets
})

// IsCountryTerm reports whether an index term names a country, or is
// its adjective's ("china" for "Chinese"): "which city" is not told by
// it, "which country" is.
func IsCountryTerm(term string) bool { return placeSets().countries[term] }

// pakistanCityNames are the larger cities and district towns of
// Pakistan, and pakistanRegionNames its provinces and regions: the places
// of Pakistan WordNet 3.0 does not name, or spells otherwise, which
// placegen adds to places.txt. "Where in Karachi" asks for a place within
// a city; "where in Punjab" is told by a city.
const (
	pakistanCityNames = `abbottabad attock bagh bahawalnagar bahawalpur bannu chakwal chaman chitral dadu faisalabad gujranwala
gujrat gwadar hafizabad haripur hunza hyderabad islamabad jacobabad jhang jhelum karachi kasur khairpur khanewal khuzdar kohat
kotli lahore larkana layyah lodhran mansehra mardan mianwali mirpur mirpurkhas multan muzaffarabad muzaffargarh nawabshah nowshera
okara pakpattan peshawar quetta rahimyar rawalakot rawalpindi sahiwal sargodha sheikhupura shikarpur sialkot skardu sukkur swabi
swat thatta turbat vehari zhob`
	pakistanRegionNames = `balochistan gilgit khyber pakhtunkhwa punjab sindh waziristan`
)

var pakistanCities = setOf(pakistanCityNames, "")

// PakistanPlaces lists the places of Pakistan placegen adds to WordNet's:
// its cities and towns, then its provinces and regions.
func PakistanPlaces() []string {
	return append(strings.Fields(pakistanCityNames), strings.Fields(pakistanRegionNames)...)
}

// IsPlaceTerm reports whether an index term is the name of a place and
// nothing else: "karachi", "lahor" (Lahore), "pakistan"; not "amazon",
// which is also a river's name.
func IsPlaceTerm(term string) bool { return placeSets().sure[term] }

// MayBePlaceTerm reports whether an index term is the name of a place,
// if perhaps also of something else: "china", "turkey", "turkiy"
// (Türkiye) too. A fact that names one answers "which country".
func MayBePlaceTerm(term string) bool {
	_, ok := placeSets().sure[term]
	return ok
}

// antonymsTable is antonyms.txt: "word TAB words of opposite meaning",
// written by wordgen from WordNet.
//
//go:embed antonyms.txt
var antonymsTable string

// opposites returns the index terms of the words of opposite meaning to
// an English word ("fell", "falling", "rise"… for "rose"), none that is
// also the word's own.
func opposites(word string) []string {
	line, ok := findLine(antonymsTable, word)
	if !ok {
		return nil
	}
	_, list, _ := strings.Cut(line, "\t")
	own := Stem(word)
	var terms []string
	for w := range strings.SplitSeq(list, ",") {
		if t := Stem(w); t != own && !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	return terms
}

// calendarTerms are the index terms of the words English capitalises
// that name a time: the months, their short forms, the weekdays and
// "FY".
var calendarTerms = sync.OnceValue(func() map[string]bool {
	terms := map[string]bool{}
	for _, w := range strings.Fields(monthFull + `jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday fy`) {
		terms[Stem(w)] = true
	}
	return terms
})

// Prepare builds now the tables Analyze and the Is…Term functions build
// when first needed, for a process with a core to spare before its first
// question: a one-shot ask spent a millisecond of it on the place table.
func Prepare() {
	placeSets()
	calendarTerms()
}

// IsCalendarTerm reports whether an index term names a month, a weekday
// or a fiscal year: capitalised, but no one's or no place's name.
func IsCalendarTerm(term string) bool { return calendarTerms()[term] }
