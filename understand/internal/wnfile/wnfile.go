// Package wnfile reads the files of a WordNet 3.0 dict directory, for the
// generators that compile tables from it (wordgen, placegen).
package wnfile

import (
	"bufio"
	"os"
	"strings"
)

// EachLine calls fn with the fields of every data line of a WordNet file
// (the licence header lines start with spaces).
func EachLine(path string, fn func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" && line[0] != ' ' {
			fn(strings.Fields(line))
		}
	}
	return sc.Err()
}
