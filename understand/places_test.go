package understand

import (
	"strings"
	"testing"
)

func TestIsPlaceTerm(t *testing.T) {
	for _, w := range []string{"Karachi", "Lahore", "Multan", "Pakistan", "India", "Dubai", "Sindh"} {
		if !IsPlaceTerm(Stem(Fold(w))) {
			t.Errorf("%s is not a place", w)
		}
	}
	// Names that are also something else, and words that are no names.
	for _, w := range []string{"Amazon", "Turkey", "Nice", "Apple", "Spotify", "NITB", "park", "city"} {
		if IsPlaceTerm(Stem(Fold(w))) {
			t.Errorf("%s is a place", w)
		}
	}
}

func TestMayBePlaceTerm(t *testing.T) {
	// Countries whose names are also other words, and one renamed since
	// WordNet 3.0.
	for _, w := range []string{"Turkey", "Türkiye", "China", "Jordan", "Karachi", "India"} {
		if !MayBePlaceTerm(Stem(Fold(w))) {
			t.Errorf("%s may be no place", w)
		}
	}
	for _, w := range []string{"Amazon", "Apple", "NITB", "park", "tt"} {
		if MayBePlaceTerm(Stem(Fold(w))) {
			t.Errorf("%s may be a place", w)
		}
	}
}

// TestPlacesAreTerms checks places.txt against the stemmer: its terms are
// what Stem makes of its words today. After a change to the stemmer's
// exceptions, go generate writes it again.
func TestPlacesAreTerms(t *testing.T) {
	n := 0
	for line := range strings.Lines(placesTable) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		word, term, ok := strings.Cut(strings.TrimSpace(line), "\t")
		term, kind, _ := strings.Cut(term, "\t")
		if !ok || kind != "" && kind != "country" && kind != "country?" {
			t.Fatalf("malformed line %q", line)
		}
		if got := Stem(Fold(word)); got != term {
			t.Errorf("%s: term %q, but Stem gives %q; run go generate ./understand", word, term, got)
		}
		n++
	}
	if n < 1000 {
		t.Errorf("places.txt has %d places; WordNet alone gives over a thousand", n)
	}
}

func TestIsCalendarTerm(t *testing.T) {
	for _, w := range []string{"February", "Dec", "September", "Monday", "FY"} {
		if !IsCalendarTerm(Stem(Fold(w))) {
			t.Errorf("%s is no calendar word", w)
		}
	}
	for _, w := range []string{"Karachi", "NITB", "Spotify", "Marchand"} {
		if IsCalendarTerm(Stem(Fold(w))) {
			t.Errorf("%s is a calendar word", w)
		}
	}
}

// TestPakistanPlacesInTable checks that places.txt holds the places of
// Pakistan placegen adds, as a sure place each: the list and the table
// are written apart, by hand and by go generate.
func TestPakistanPlacesInTable(t *testing.T) {
	for _, w := range PakistanPlaces() {
		if !IsPlaceTerm(Stem(Fold(w))) {
			t.Errorf("%s is not a sure place in places.txt; run go generate ./understand", w)
		}
	}
}

// Countries and their adjectives are countries; cities and provinces
// are not. A country whose name is also a word is one, if no sure place.
func TestCountryTerms(t *testing.T) {
	for w, want := range map[string]bool{"pakistan": true, "india": true, "china": true, "chinese": true, "swedish": true, "türkiye": true,
		"karachi": false, "punjab": false, "tokyo": false, "bagh": false} {
		if got := IsCountryTerm(Stem(Fold(w))); got != want {
			t.Errorf("IsCountryTerm(%s) = %v, want %v", w, got, want)
		}
	}
	if !IsPlaceTerm("india") || IsPlaceTerm("china") {
		t.Error("India is a sure place, China (also porcelain) is not")
	}
	a := NewAnalyzer(NewLexicon(seedLexicon(t)))
	eachCase(t, "Analyze(%q).PlaceKind = %q, want %q", func(q string) string { return a.Analyze(q).PlaceKind }, map[string]string{
		"Which country is financing the park?": "country", "In which city are Oppo's plants?": "city",
		"Which province has the most parks?": "", "Where is the park?": "", "Islamabad IT park kis mulk ke qarz se ban raha hai": "country"})
}
