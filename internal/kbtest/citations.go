package kbtest

import "github.com/pakbot/pakbot/bot"

// CitationCombinations returns citations with each field known, empty or
// blank (only spaces), in every combination, for checking that a renderer
// leaves out what is unknown without leaving its separators behind.
func CitationCombinations() []bot.Citation {
	values := [][]string{
		{"src", "", " "},
		{"A title", "", " \t"},
		{"A publisher", "", "  "},
		{"2023-08", "", " "},
		{"https://example.org/a", "", " "},
	}
	var out []bot.Citation
	var walk func(i int, fields []string)
	walk = func(i int, fields []string) {
		if i == len(values) {
			out = append(out, bot.Citation{SourceID: fields[0], Title: fields[1], Publisher: fields[2], Published: fields[3], URL: fields[4]})
			return
		}
		for _, v := range values[i] {
			walk(i+1, append(fields[:i:i], v))
		}
	}
	walk(0, nil)
	return out
}
