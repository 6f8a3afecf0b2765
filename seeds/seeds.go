// Package seeds holds pakbot's built-in knowledge: the sources, the topics
// and the facts, as YAML files that people edit and review in pull requests.
// They are embedded in the binary, so a fresh install needs no data files.
package seeds

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/understand"
)

// Lexicon is LoadLexicon(FS), read where the binary holds it: its
// words are slices of the embedded text, not copies of it, which spares a
// one-shot ask two copies of the file and their page faults.
func Lexicon() ([]understand.Entry, error) {
	entries, err := understand.ParseCompiledLexiconText(compiledLexicon)
	if err != nil {
		return nil, fmt.Errorf("seeds: %w", err)
	}
	return entries, nil
}

//go:embed lexicon.txt
var compiledLexicon string

// LoadLexicon reads the lexicon: the abbreviations, local names, Roman
// Urdu and Urdu words questions are read with. It reads lexicon.txt, which
// go generate compiles from lexicon.yaml (see understand.CompileLexicon,
// and TestCompiledLexicon, which fails while it is out of date), or else
// reads and checks lexicon.yaml itself.
func LoadLexicon(fsys fs.FS) ([]understand.Entry, error) {
	if data, err := fs.ReadFile(fsys, "lexicon.txt"); err == nil {
		entries, err := understand.ParseCompiledLexicon(data)
		if err != nil {
			return nil, fmt.Errorf("seeds: %w", err)
		}
		return entries, nil
	}
	return LoadLexiconSource(fsys)
}

// LoadLexiconSource reads and checks lexicon.yaml (see
// understand.ParseLexicon).
func LoadLexiconSource(fsys fs.FS) ([]understand.Entry, error) {
	data, err := fs.ReadFile(fsys, "lexicon.yaml")
	if err != nil {
		return nil, fmt.Errorf("cannot read seeds: %w", err)
	}
	entries, err := understand.ParseLexicon(data)
	if err != nil {
		return nil, fmt.Errorf("seeds: %w", err)
	}
	return entries, nil
}

// FS holds sources.yaml, topics.yaml, lexicon.yaml and its compiled form
// lexicon.txt, and facts/*.yaml.
//
//go:embed sources.yaml topics.yaml lexicon.yaml lexicon.txt facts/*.yaml
var FS embed.FS

//go:generate go run ./internal/lexgen
//go:generate go run -tags sqlite_fts5 ./internal/hashgen

// Hash is the hash knowledge.SeedHash gives the seeds in FS, which a
// database records when it has them; go generate writes it to seeds.hash
// (TestHash fails while it is out of date). Comparing it with the
// database's spares reading and checking the seeds at every start.
var Hash = strings.TrimSpace(hashFile)

//go:embed seeds.hash
var hashFile string

var (
	keyPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	topicPattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
)

type sourceFile struct {
	ID         string `yaml:"id"`
	Title      string `yaml:"title"`
	Publisher  string `yaml:"publisher"`
	Published  string `yaml:"published"`
	URL        string `yaml:"url"`
	ApproxDate string `yaml:"approx_date"`
	Note       string `yaml:"note"`
}

type topicFile struct {
	Name        string   `yaml:"name"`
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Aliases     []string `yaml:"aliases"`
}

type factFile struct {
	Source string `yaml:"source"`
	Facts  []struct {
		Key      string   `yaml:"key"`
		Topic    string   `yaml:"topic"`
		Period   string   `yaml:"period"`
		Series   string   `yaml:"series"`
		Value    *float64 `yaml:"value"`
		Unit     string   `yaml:"unit"`
		Text     string   `yaml:"text"`
		Keywords []string `yaml:"keywords"`
		Aliases  []string `yaml:"aliases"`
	} `yaml:"facts"`
}

// Load reads and validates the seed files in fsys. It reports every problem
// it finds, not only the first, so one review round fixes them all.
func Load(fsys fs.FS) (bot.Seeds, error) {
	var set bot.Seeds
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	var sources []sourceFile
	if err := decodeFile(fsys, "sources.yaml", &sources); err != nil {
		return set, err
	}
	known := map[string]bool{}
	for i, s := range sources {
		where := fmt.Sprintf("sources.yaml: source %d (%q)", i+1, s.ID)
		switch {
		case s.ID == "":
			fail("%s: missing id", where)
		case known[s.ID]:
			fail("%s: duplicate id", where)
		}
		known[s.ID] = true
		if strings.TrimSpace(s.Title) == "" {
			fail("%s: missing title", where)
		}
		for _, d := range []string{s.Published, s.ApproxDate} {
			if err := bot.ValidateSourceDate(d); err != nil {
				fail("%s: %v", where, err)
			}
		}
		if s.URL != "" {
			if err := bot.ValidateSourceURL(s.URL); err != nil {
				fail("%s: %v", where, err)
			}
		}
		set.Sources = append(set.Sources, bot.Source{ID: s.ID, Title: s.Title, Publisher: s.Publisher, Published: s.Published, URL: s.URL, ApproxDate: s.ApproxDate})
	}

	var topics []topicFile
	if err := decodeFile(fsys, "topics.yaml", &topics); err != nil {
		return set, err
	}
	topicNames := map[string]bool{}
	for i, t := range topics {
		where := fmt.Sprintf("topics.yaml: topic %d (%q)", i+1, t.Name)
		if !topicPattern.MatchString(t.Name) {
			fail("%s: name must be 1-32 characters of a-z, 0-9 and _", where)
		}
		if topicNames[t.Name] {
			fail("%s: duplicate name", where)
		}
		topicNames[t.Name] = true
		if strings.TrimSpace(t.Title) == "" {
			fail("%s: missing title", where)
		}
		if n := utf8.RuneCountInString(t.Description); n < 3 || n > 100 {
			fail("%s: description has %d characters, want 3-100", where, n)
		}
		set.Topics = append(set.Topics, bot.Topic{Name: t.Name, Title: t.Title, Description: t.Description, Aliases: t.Aliases})
	}

	files, err := fs.Glob(fsys, "facts/*.yaml")
	if err != nil {
		return set, fmt.Errorf("cannot list fact files: %w", err)
	}
	sort.Strings(files)
	keys := map[string]string{}
	perTopic := map[string]int{}
	for _, name := range files {
		var ff factFile
		if err := decodeFile(fsys, name, &ff); err != nil {
			errs = append(errs, err)
			continue
		}
		if !known[ff.Source] {
			fail("%s: unknown source %q", name, ff.Source)
		}
		if want := strings.TrimSuffix(path.Base(name), ".yaml"); ff.Source != want {
			fail("%s: source %q does not match the file name", name, ff.Source)
		}
		for i, f := range ff.Facts {
			where := fmt.Sprintf("%s: fact %d (%q)", name, i+1, f.Key)
			if !keyPattern.MatchString(f.Key) || len(f.Key) > 60 {
				fail("%s: key must be lowercase kebab-case, at most 60 characters", where)
			}
			if other, dup := keys[f.Key]; dup {
				fail("%s: key already used in %s", where, other)
			}
			keys[f.Key] = name
			if !topicNames[f.Topic] {
				fail("%s: unknown topic %q", where, f.Topic)
			}
			perTopic[f.Topic]++
			if err := bot.ValidateFactText(f.Text); err != nil {
				fail("%s: %v", where, err)
			}
			period, err := bot.ParsePeriod(f.Period)
			if err != nil {
				fail("%s: %v", where, err)
			}
			if f.Series != "" && !keyPattern.MatchString(f.Series) {
				fail("%s: series must be lowercase kebab-case", where)
			}
			var fig bot.Figure
			switch {
			case (f.Value == nil) != (f.Unit == ""):
				fail("%s: value and unit go together: give both or neither", where)
			case f.Value != nil:
				fig = bot.Figure{Value: *f.Value, Unit: f.Unit}
				if err := bot.ValidateFigure(fig); err != nil {
					fail("%s: %v", where, err)
				}
			}
			set.Facts = append(set.Facts, bot.Fact{
				Key: f.Key, Topic: f.Topic, Text: strings.TrimSpace(f.Text), Period: period, Series: f.Series,
				Figure: fig, Keywords: f.Keywords, Aliases: f.Aliases, SourceID: ff.Source, Origin: "seed",
			})
		}
	}
	checkSeriesFigures(set.Facts, fail)
	for _, t := range set.Topics {
		if perTopic[t.Name] == 0 {
			fail("topics.yaml: topic %q has no facts", t.Name)
		}
	}
	if len(errs) > 0 {
		return bot.Seeds{}, fmt.Errorf("invalid seeds: %w", errors.Join(errs...))
	}
	return set, nil
}

// checkSeriesFigures requires the facts of a series to agree about
// figures: where one states a figure, every one does, in the same unit and
// with a period, so the series charts whole and on one axis.
func checkSeriesFigures(facts []bot.Fact, fail func(string, ...any)) {
	bySeries := map[string][]bot.Fact{}
	var order []string
	for _, f := range facts {
		if f.Series == "" {
			continue
		}
		if _, ok := bySeries[f.Series]; !ok {
			order = append(order, f.Series)
		}
		bySeries[f.Series] = append(bySeries[f.Series], f)
	}
	for _, name := range order {
		members := bySeries[name]
		unit := ""
		for _, f := range members {
			if !f.Figure.IsZero() {
				unit = f.Figure.Unit
				break
			}
		}
		if unit == "" {
			continue
		}
		for _, f := range members {
			switch {
			case f.Figure.IsZero():
				fail("series %q: fact %q has no value and unit, but other facts of the series do", name, f.Key)
			case f.Figure.Unit != unit:
				fail("series %q: fact %q has unit %q, but the series uses %q", name, f.Key, f.Figure.Unit, unit)
			case f.Period.IsZero():
				fail("series %q: fact %q has a figure but no period to chart it at", name, f.Key)
			}
		}
	}
}

func decodeFile(fsys fs.FS, name string, v any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", name, err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("cannot parse %s: %w", name, err)
	}
	return nil
}
