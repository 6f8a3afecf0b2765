package editdist_test

import (
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
