package editdist_test

import (
	"strings"
	"testing"

	"github.com/pakbot/pakbot/internal/editdist"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"export", "export", 2, 0},
		{"exprot", "export", 2, 1}, // transposition counts once
		{"digiskil", "digiskill", 2, 1},
		{"cybersecurti", "cybersecur", 2, 2},
		{"point", "joint", 1, 1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 1, 2}, // stops early: limit+1
		{"ab", "abcdef", 2, 3},
		{"", "abc", 5, 3},
		{"türkiye", "turkiye", 1, 1}, // runes, not bytes
	}
	for _, tt := range tests {
		if got := editdist.Distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// TestDistanceAllocatesNothingForWords checks that measuring words, as a
// typo search does thousands of times a question, allocates nothing.
func TestDistanceAllocatesNothingForWords(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		editdist.Distance("cybersecurity", "cybersecurty", 2)
		editdist.Distance("برآمدات", "برامدات", 1)
	})
	if allocs != 0 {
		t.Errorf("Distance allocated %v times, want 0", allocs)
	}
}

// TestDistanceOfLongWords checks words longer than Distance keeps on the
// stack against words that fit.
func TestDistanceOfLongWords(t *testing.T) {
	long := strings.Repeat("pneumonoultramicroscopic", 2)
	if got := editdist.Distance(long, long[1:], 2); got != 1 {
		t.Errorf("Distance of a long word and it less its first letter = %d, want 1", got)
	}
	if got := editdist.Distance(long+"ab", long+"ba", 2); got != 1 {
		t.Errorf("Distance of long words with two letters swapped = %d, want 1", got)
	}
}

// FuzzWithinOne holds WithinOne to Distance.
func FuzzWithinOne(f *testing.F) {
	for _, s := range [][2]string{{"accordng", "according"}, {"exprot", "export"}, {"export", "export"}, {"point", "joint"},
		{"ab", "ba"}, {"abc", "bca"}, {"", "a"}, {"", ""}, {"türkiye", "turkiye"}, {"\xff", "\xfe"}, {"abcd", "abdc"}, {"abcd", "acbd"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := editdist.WithinOne(a, b), editdist.Distance(a, b, 1) <= 1; got != want {
			t.Fatalf("WithinOne(%q, %q) = %v, want %v", a, b, got, want)
		}
	})
}
