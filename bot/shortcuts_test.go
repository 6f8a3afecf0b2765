package bot

import "testing"

// FuzzIsClean holds CleanText's shortcut for clean text to the full
// cleaning it skips.
func FuzzIsClean(f *testing.F) {
	for _, s := range []string{"What were IT exports in FY 2023-24?", "", " ", "a  b", " a", "a ", "a\tb", "a\x7fb", "\xff", "naïve", "a\u200bb", "~!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if isClean(s) && cleanText(s) != s {
			t.Fatalf("isClean(%q), but cleaning it gives %q", s, cleanText(s))
		}
	})
}

// FuzzSquashesTo holds bareTopic's comparison of names to squashing them.
func FuzzSquashesTo(f *testing.F) {
	for _, s := range [][2]string{{"Tech Parks", "techparks"}, {"tech_parks!", "Tech parks"}, {"IT Exports", "it-exports"}, {"", " "},
		{"ÉCOLE", "école"}, {"\xff", "\xfe"}, {"آئی ٹی", "آئیٹی"}, {"a", "ab"}, {"ab", "a"}, {"İ", "i̇"}, {"\u212a", "k"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, message string) {
		squashed := squash(message)
		if got, want := squashesTo(name, squashed), squash(name) == squashed; got != want {
			t.Fatalf("squashesTo(%q, %q) = %v, want %v", name, squashed, got, want)
		}
	})
}
