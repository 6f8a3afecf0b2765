// Package editdist measures how far apart two words are, for typo tolerance
// in search and in command names.
package editdist

// Distance is the optimal string alignment distance between a and b:
// Levenshtein distance plus the swap of two neighbouring letters as one edit
// ("exprots" is one edit from "exports", where plain Levenshtein counts two).
// It stops early and returns limit+1 once the distance is known to exceed
// limit, which keeps scans over a large vocabulary cheap.
func Distance(a, b string, limit int) int {
	// Words are short: their runes and the rows of the table fit in
	// arrays on the stack, as a typo search measures thousands of them.
	var runesA, runesB [shortWord]rune
	ra, rb := appendRunes(runesA[:0], a), appendRunes(runesB[:0], b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	var rows [3][shortWord + 1]int
	var prev2, prev, cur []int
	if n := len(rb) + 1; n <= len(rows[0]) {
		prev2, prev, cur = rows[0][:n], rows[1][:n], rows[2][:n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit+1)
}

// WithinOne reports whether a and b are at most one edit apart, as
// Distance(a, b, 1) <= 1 does. Typo searches ask it of hundreds of words
// that are not: for ASCII words it compares them once from each end
// rather than filling Distance's table.
func WithinOne(a, b string) bool {
	if !isASCII(a) || !isASCII(b) {
		return Distance(a, b, 1) <= 1
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	i := 0 // where they first differ
	for i < len(b) && a[i] == b[i] {
		i++
	}
	switch len(a) - len(b) {
	case 0:
		return i == len(a) || a[i+1:] == b[i+1:] || // equal, or one letter changed
			i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // two swapped
	case 1:
		return a[i+1:] == b[i:] // a has one letter more
	}
	return false
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// shortWord is the length in runes up to which Distance allocates
// nothing.
const shortWord = 32

// appendRunes appends the runes of s to dst, as []rune(s) makes them.
func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}
