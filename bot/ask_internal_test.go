package bot

import "testing"

// A fact names a period as it is written, a whole word: "2023" is not
// named by "FY 2023-24", nor "2027" by "20270".
func TestNamesPeriod(t *testing.T) {
	for _, c := range []struct {
		text, period string
		want         bool
	}{
		{"The centres should bring in $18-20 million by 2027.", "2027", true},
		{"In FY 2023-24, IT exports reached $3.223 billion.", "2023", false},
		{"In FY 2023-24, IT exports reached $3.223 billion.", "FY2023-24", true},
		{"Code 20270 and 2027a, then 2027", "2027", true},
		{"Code 20270 and 2027a", "2027", false},
		{"In November 2024, exports rose.", "2024-11", true},
	} {
		if got := namesPeriod(c.text, MustParsePeriod(c.period)); got != c.want {
			t.Errorf("namesPeriod(%q, %s) = %v, want %v", c.text, c.period, got, c.want)
		}
	}
}

// A suggestion names its subject as the fact's text writes it.
func TestAsWritten(t *testing.T) {
	for _, c := range []struct{ phrase, text, want string }{
		{"airlink", "In late February 2021, Airlink stepped forward to set up a unit in Lahore.", "Airlink"},
		{"it exports", "In FY 2023-24, Pakistan's IT exports reached a record.", "IT exports"},
		{"it ministry", "In 2023, Pakistan's Ministry of IT set out to bring in 5G.", "IT ministry"},
		{"link", "Airlink set up a unit.", "link"}, // not inside a word
		{"spectrum auction", "Pakistan was getting ready for 5G.", "spectrum auction"},
	} {
		if got := asWritten(c.phrase, c.text); got != c.want {
			t.Errorf("asWritten(%q, %q) = %q, want %q", c.phrase, c.text, got, c.want)
		}
	}
}

// A whole period is asked by "full", "total", "poore", "کل" as a word,
// not by a word that holds those letters ("کلاؤڈ", cloud).
func TestWholePeriod(t *testing.T) {
	for q, want := range map[string]bool{
		"IT exports for the full fiscal year 2024-25": true, "total IT exports in FY 2024-25": true,
		"poore saal ki exports": true, "آئی ٹی برآمدات کل کتنی رہیں؟": true, "پورے سال کی برآمدات": true,
		"IT exports in FY 2024-25": false, "کلاؤڈ پالیسی": false, "مشکل سال": false, "totally new": false,
	} {
		if got := wholePeriod().MatchString(q); got != want {
			t.Errorf("wholePeriod().MatchString(%q) = %v, want %v", q, got, want)
		}
	}
}
