// Package lazyre holds regular expressions compiled when first used.
//
// Every process pays at start for the patterns its packages compile in
// their variables, needed or not: for a one-shot ask that was milliseconds
// of patterns its question never ran, those for advice, markup, rarer
// periods or moderators' input. A pattern that runs only behind a cheap
// test, or off the question path, is declared with New instead.
package lazyre

import (
	"regexp"
	"sync"
)

var (
	mu       sync.Mutex
	patterns []string
)

// New returns a function that compiles pattern the first time it is
// called and returns the same Regexp ever after; it panics, as
// regexp.MustCompile does, if pattern does not compile. Patterns returns
// every pattern given to New, for a test to compile them all at once: a
// mistake in one must not wait for the message that needs it.
func New(pattern string) func() *regexp.Regexp {
	mu.Lock()
	patterns = append(patterns, pattern)
	mu.Unlock()
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// Patterns returns the patterns given to New so far, by the packages
// linked into the program.
func Patterns() []string {
	mu.Lock()
	defer mu.Unlock()
	return append([]string(nil), patterns...)
}

// CheckAll compiles every pattern given to New and returns the first
// that fails, with its error.
func CheckAll() (pattern string, err error) {
	for _, p := range Patterns() {
		if _, err := regexp.Compile(p); err != nil {
			return p, err
		}
	}
	return "", nil
}
