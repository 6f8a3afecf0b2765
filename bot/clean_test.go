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
