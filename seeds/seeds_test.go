package seeds_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

func TestLoadEmbedded(t *testing.T) {
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(set.Sources); got != 5 {
		t.Errorf("got %d sources, want the 5 seed articles", got)
	}
	if got := len(set.Facts); got < 100 {
		t.Errorf("got %d facts, want well over 100", got)
	}
	perSource := map[string]int{}
	for _, f := range set.Facts {
		perSource[f.SourceID]++
		if len(f.Keywords) == 0 {
			t.Errorf("fact %s has no keywords", f.Key)
		}
	}
	for _, s := range set.Sources {
		if perSource[s.ID] < 10 {
			t.Errorf("source %s has only %d facts", s.ID, perSource[s.ID])
		}
	}
	for _, name := range []string{"exports", "broadband", "5g", "startups", "techparks", "esports", "freelancing"} {
		found := false
		for _, tp := range set.Topics {
			found = found || tp.Name == name
		}
		if !found {
			t.Errorf("topic %q missing", name)
		}
	}
}

// validFS is a minimal seed set; cases below break one thing at a time.
func validFS() fstest.MapFS {
	return fstest.MapFS{
		"sources.yaml": {Data: []byte("- id: s1\n  title: A source\n  published: \"2021-12-18\"\n  url: https://example.com/a\n")},
		"topics.yaml":  {Data: []byte("- name: exports\n  title: IT exports\n  description: Export figures\n")},
		"facts/s1.yaml": {Data: []byte(`source: s1
facts:
  - key: it-exports-2021
    topic: exports
    period: "2021"
    text: "In 2021, IT exports grew by a lot, says the source."
    keywords: [exports]
`)},
	}
}

func TestLoad(t *testing.T) {
	t.Run("Valid", func(t *testing.T) {
		set, err := seeds.Load(validFS())
		if err != nil {
			t.Fatal(err)
		}
		if len(set.Facts) != 1 || set.Facts[0].Period.String() != "2021" || set.Facts[0].SourceID != "s1" {
			t.Fatalf("unexpected facts: %+v", set.Facts)
		}
	})

	tests := []struct {
		name, file, from, to, wantErr string
	}{
		{"DuplicateKey", "facts/s1.yaml", "facts:\n", "facts:\n  - {key: it-exports-2021, topic: exports, text: \"Another fact about exports here.\"}\n", "key already used"},
		{"UnknownTopic", "facts/s1.yaml", "topic: exports", "topic: nosuch", `unknown topic "nosuch"`},
		{"UnknownSource", "facts/s1.yaml", "source: s1", "source: s2", `unknown source "s2"`},
		{"ShortText", "facts/s1.yaml", "In 2021, IT exports grew by a lot, says the source.", "short", "text has 5 characters"},
		{"BadPeriod", "facts/s1.yaml", `period: "2021"`, `period: "last year"`, `period "last year"`},
		{"BadKey", "facts/s1.yaml", "key: it-exports-2021", "key: IT Exports", "kebab-case"},
		{"BadTopicName", "topics.yaml", "name: exports", "name: IT-Exports", "a-z, 0-9 and _"},
		{"BadURL", "sources.yaml", "https://example.com/a", "ftp://example.com", "not a valid source"},
		{"PublishedIsAFiscalYear", "sources.yaml", `published: "2021-12-18"`, `published: "FY2021-22"`, `"FY2021-22" is not a date`},
		{"PublishedIsARange", "sources.yaml", `published: "2021-12-18"`, `published: "2021-11..2021-12"`, "is not a date"},
		{"UnknownField", "facts/s1.yaml", "keywords:", "keywrods:", "keywrods"},
		{"ValueWithoutUnit", "facts/s1.yaml", "keywords:", "value: 2.1\n    keywords:", "value and unit go together"},
		{"UnitWithoutValue", "facts/s1.yaml", "keywords:", "unit: USD bn\n    keywords:", "value and unit go together"},
		{"ValueNotANumber", "facts/s1.yaml", "keywords:", "value: lots\n    unit: USD bn\n    keywords:", "cannot parse"},
		{"UnitWithoutLetters", "facts/s1.yaml", "keywords:", "value: 2\n    unit: \"$$\"\n    keywords:", "must be plain text"},
		{"SeriesHalfWithFigures", "facts/s1.yaml", "keywords: [exports]\n", "series: it-exports\n    value: 2.1\n    unit: USD bn\n    keywords: [exports]\n" +
			"  - {key: it-exports-2022, topic: exports, period: \"2022\", series: it-exports, text: \"In 2022, IT exports grew again, says the source.\"}\n", `fact "it-exports-2022" has no value and unit`},
		{"SeriesMixedUnits", "facts/s1.yaml", "keywords: [exports]\n", "series: it-exports\n    value: 2.1\n    unit: USD bn\n    keywords: [exports]\n" +
			"  - {key: it-exports-2022, topic: exports, period: \"2022\", series: it-exports, value: 2100, unit: USD m, text: \"In 2022, IT exports grew again, says the source.\"}\n", `has unit "USD m", but the series uses "USD bn"`},
		{"EmptyTopic", "topics.yaml", "description: Export figures\n", "description: Export figures\n- {name: empty, title: Empty, description: Nothing here}\n", `topic "empty" has no facts`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validFS()
			data := string(fsys[tt.file].Data)
			if !strings.Contains(data, tt.from) {
				t.Fatalf("test setup: %q not in %s", tt.from, tt.file)
			}
			fsys[tt.file] = &fstest.MapFile{Data: []byte(strings.Replace(data, tt.from, tt.to, 1))}
			_, err := seeds.Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestEmbeddedFigures checks the figures recorded for charts against the
// sentences they come from: each figure's number is written in its fact's
// text, and every series that measures something has its figures.
func TestEmbeddedFigures(t *testing.T) {
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	charted := map[string]int{}
	for _, f := range set.Facts {
		if f.Figure.IsZero() {
			continue
		}
		charted[f.Series]++
		if n := bot.FormatValue(f.Figure.Value); !strings.Contains(f.Text, n) {
			t.Errorf("fact %s: figure %s, but its text does not say %s: %q", f.Key, f.Figure, n, f.Text)
		}
	}
	for _, series := range []string{"it-exports-annual", "broadband-subscribers", "ict-remittances-jul-nov"} {
		if charted[series] < 2 {
			t.Errorf("series %s has %d facts with figures, want at least 2 to chart it", series, charted[series])
		}
	}
}

func TestLexiconLoads(t *testing.T) {
	entries, err := seeds.LoadLexicon(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 500 {
		t.Errorf("the lexicon has %d entries; want the whole file", len(entries))
	}
}

// TestCompiledLexicon: lexicon.txt, which pakbot reads, says what
// lexicon.yaml says, entry by entry.
func TestCompiledLexicon(t *testing.T) {
	source, err := seeds.LoadLexiconSource(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := seeds.LoadLexicon(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(compiled, source) {
		t.Fatal("seeds/lexicon.txt is out of date with lexicon.yaml: run go generate ./seeds")
	}
	inPlace, err := seeds.Lexicon()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inPlace, compiled) {
		t.Fatal("the lexicon read in place differs from the one read from seeds.FS")
	}
}

// TestHash: the hash pakbot compares with a database's, to skip reading
// the seeds, is the hash of the seeds it would otherwise read.
func TestHash(t *testing.T) {
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	want, err := knowledge.SeedHash(set)
	if err != nil {
		t.Fatal(err)
	}
	if seeds.Hash != want {
		t.Fatal("seeds/seeds.hash is out of date with the seeds: run go generate ./seeds")
	}
}
