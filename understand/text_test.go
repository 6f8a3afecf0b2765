package understand

import "testing"

// TestStemKeepsMeaningsApart: the stemmer cuts some unrelated words to one
// stem; stems.txt keeps them apart, and leaves each word's own forms
// together.
func TestStemKeepsMeaningsApart(t *testing.T) {
	apart := [][2]string{
		{"universities", "universal"}, {"university", "universe"}, {"import", "important"},
		{"imported", "importance"}, {"experiment", "experience"}, {"authority", "author"},
		{"international", "internal"}, {"organization", "organ"}, {"several", "sever"},
	}
	for _, p := range apart {
		if Stem(p[0]) == Stem(p[1]) {
			t.Errorf("Stem(%q) = Stem(%q) = %q; they mean different things", p[0], p[1], Stem(p[0]))
		}
	}
	together := [][]string{
		{"university", "universities"}, {"import", "imports", "imported", "importing"},
		{"experiment", "experiments", "experimental"}, {"authority", "authorities"},
		{"international", "internationally"}, {"universal", "universally"}, {"export", "exports", "exported"},
	}
	for _, forms := range together {
		for _, f := range forms[1:] {
			if Stem(f) != Stem(forms[0]) {
				t.Errorf("Stem(%q) = %q, Stem(%q) = %q; want one term", f, Stem(f), forms[0], Stem(forms[0]))
			}
		}
	}
}
