package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The eval guard scores answer quality the way the official scorer
// (shared/eval/score) does: it sends every question of a set through
// `pakbot ask --json --db DB -` on a fresh database and checks the first
// fact of each reply. A question with a source is answered right when the
// reply says answered, its first fact cites one of the sources and that
// fact's text holds every expected string (alternatives split by "|"); a
// question whose source is null must be declined.

// evalQuestion is one line of eval/*.jsonl.
type evalQuestion struct {
	ID       string   `json:"id"`
	Question string   `json:"q"`
	Expect   []string `json:"expect"`
	// Sources are the acceptable source ids; nil means the question must
	// be declined (source is null in the file).
	Sources []string `json:"-"`
}

func (q *evalQuestion) UnmarshalJSON(data []byte) error {
	type plain evalQuestion
	var raw struct {
		plain
		Source json.RawMessage `json:"source"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*q = evalQuestion(raw.plain)
	switch s := bytes.TrimSpace(raw.Source); {
	case len(s) == 0 || string(s) == "null":
	case s[0] == '[':
		return json.Unmarshal(s, &q.Sources)
	default:
		q.Sources = []string{""}
		return json.Unmarshal(s, &q.Sources[0])
	}
	return nil
}

// MustReadEval reads a question set.
func MustReadEval(tb testing.TB, path string) []evalQuestion {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var qs []evalQuestion
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var q evalQuestion
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			tb.Fatalf("%s:%d: %v", path, i+1, err)
		}
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		tb.Fatalf("%s holds no questions", path)
	}
	return qs
}

// pySpace is what Python's \s matches in a str pattern: str.isspace(),
// which unlike Go's \s also takes \v, \x1c-\x1f, U+0085 and Unicode spaces.
const pySpace = `[\t\n\v\f\r\x{1c}-\x{1f}\x{85}\p{Z}]`

var (
	percentWord = regexp.MustCompile(pySpace + `*percent`)
	perCentWord = regexp.MustCompile(pySpace + `*per cent`)
	spaceRun    = regexp.MustCompile(pySpace + `+`)
)

// normalize is the scorer's norm(): &amp; to &, lowercase, thousands
// separators dropped between digits (600,000 -> 600000), "percent" and
// "per cent" to %, hyphens to spaces, runs of whitespace to one space.
func normalize(s string) string {
	s = strings.ReplaceAll(s, "&amp;", "&")
	s = strings.ToLower(s)
	s = dropThousandsCommas(s)
	s = replaceWord(s, percentWord, "%")
	s = replaceWord(s, perCentWord, "%")
	s = strings.NewReplacer("-", " ", "\u2011", " ").Replace(s)
	return spaceRun.ReplaceAllString(s, " ")
}

// dropThousandsCommas removes each comma that follows a digit and precedes
// three digits, judging every comma against the original text as Python's
// (?<=\d),(?=\d{3}) does.
func dropThousandsCommas(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ',' && i > 0 && unicode.IsDigit(rs[i-1]) && i+3 < len(rs) &&
			unicode.IsDigit(rs[i+1]) && unicode.IsDigit(rs[i+2]) && unicode.IsDigit(rs[i+3]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// replaceWord replaces matches of re that end at a word boundary, as a
// trailing \b does in Python, where word characters are Unicode letters,
// digits and the underscore.
func replaceWord(s string, re *regexp.Regexp, with string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if next := []rune(s[m[1]:]); len(next) > 0 && (unicode.IsLetter(next[0]) || unicode.IsNumber(next[0]) || next[0] == '_') {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(with)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// holds reports whether text contains every expected string, each of which
// may list alternatives split by "|".
func holds(text string, expect []string) bool {
	t := " " + normalize(text) + " "
	for _, e := range expect {
		if !slices.ContainsFunc(strings.Split(e, "|"), func(alt string) bool { return strings.Contains(t, normalize(alt)) }) {
			return false
		}
	}
	return true
}

// evalReply is the part of an `ask --json` line the scorer reads.
type evalReply struct {
	Answered *bool `json:"answered"`
	Facts    []struct {
		SourceID string `json:"source_id"`
		Text     string `json:"text"`
	} `json:"facts"`
}

// score runs the questions through pakbot and returns the share answered
// right or rightly declined, logging every miss.
func score(t *testing.T, qs []evalQuestion) float64 {
	var stdin strings.Builder
	for _, q := range qs {
		stdin.WriteString(strings.ReplaceAll(q.Question, "\n", " ") + "\n")
	}
	db := filepath.Join(t.TempDir(), "eval.db")
	r := MustRunPakbot(t, nil, stdin.String(), "ask", "--json", "--db", db, "-")

	var out []string
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			out = append(out, sc.Text())
		}
	}
	if len(out) != len(qs) {
		t.Fatalf("expected %d JSON lines from `pakbot ask --json -`, got %d", len(qs), len(out))
	}

	right, declined, answerable, unanswerable := 0, 0, 0, 0
	for i, q := range qs {
		var rep evalReply
		if err := json.Unmarshal([]byte(out[i]), &rep); err != nil {
			t.Errorf("%s: not JSON: %.200s", q.ID, out[i])
			continue
		}
		answered := rep.Answered != nil && *rep.Answered
		var ok bool
		if q.Sources == nil {
			unanswerable++
			ok = rep.Answered != nil && !*rep.Answered
			if ok {
				declined++
			}
		} else {
			answerable++
			ok = answered && len(rep.Facts) > 0 && slices.Contains(q.Sources, rep.Facts[0].SourceID) && holds(rep.Facts[0].Text, q.Expect)
			if ok {
				right++
			}
		}
		if !ok {
			got := "(no facts)"
			if len(rep.Facts) > 0 {
				got = fmt.Sprintf("[%s] %s", rep.Facts[0].SourceID, rep.Facts[0].Text)
			}
			t.Logf("MISS %s %q -> answered=%v %.220s", q.ID, q.Question, answered, got)
			if q.Sources != nil {
				t.Logf("       want %v holding %q", q.Sources, q.Expect)
			}
		}
	}
	total := answerable + unanswerable
	pct := 100 * float64(right+declined) / float64(total)
	t.Logf("answered right %d/%d · declined %d/%d · overall %d/%d = %.1f%%", right, answerable, declined, unanswerable, right+declined, total, pct)
	return pct
}

// TestEval fails when answer quality on the question sets drops below its
// bar. The misses are logged; run with -v to see them when it passes.
func TestEval(t *testing.T) {
	for _, tt := range []struct {
		file string
		min  float64
	}{
		{"dev.jsonl", 90},
		{"extra.jsonl", 90},
		// Written from the articles without seeing our facts: they measure
		// how well matching generalises, so their bars are lower.
		{"holdout.jsonl", 75},
		{"understanding.jsonl", 90},
		{"fresh.jsonl", 80},
		{"fresh3.jsonl", 80},
		{"fresh4.jsonl", 85},
		{"para6.jsonl", 75},     // paraphrases only
		{"offtopic2.jsonl", 75}, // questions near the facts that none answers
		{"fresh6.jsonl", 85},
		{"fresh7.jsonl", 75},  // the half worked from; fresh7_holdout.jsonl is set aside
		{"fresh8.jsonl", 80},  // likewise fresh8_holdout.jsonl
		{"fresh9.jsonl", 65},  // off-topic and paraphrases only; fresh9_holdout.jsonl is set aside
		{"fresh10.jsonl", 80}, // likewise fresh10_holdout.jsonl
	} {
		t.Run(tt.file, func(t *testing.T) {
			qs := MustReadEval(t, filepath.Join("..", "..", "eval", tt.file))
			if got := score(t, qs); got < tt.min {
				t.Errorf("%s scores %.1f%%, below the %.0f%% bar", tt.file, got, tt.min)
			}
		})
	}
}

// TestEvalNormalize pins the scorer's normalisation, so the Go port keeps
// agreeing with shared/eval/score.
func TestEvalNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"R&amp;D", "r&d"},
		{"600,000 people", "600000 people"},
		{"1,234,567", "1234567"},
		{"1,23", "1,23"},
		{"a,000", "a,000"},
		{"Rs 260 million, 5,000 jobs", "rs 260 million, 5000 jobs"},
		{"32.7 percent", "32.7%"},
		{"32.7 per cent rise", "32.7% rise"},
		{"percentage", "percentage"},
		{"Amin-ul Haq", "amin ul haq"},
		{"non\u2011breaking", "non breaking"},
		{"a \t\n b\u00a0c", "a b c"},
		{"  x  ", " x "},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !holds("DigiSkills trained over 600,000 people.", []string{"600,000"}) {
		t.Error(`"600,000" should hold in its own sentence`)
	}
	if !holds("Tier 1 in the index", []string{"Tier one|Tier 1"}) {
		t.Error("an alternative after | should count")
	}
	if holds("the IT minister", []string{"Aminul|Shaza"}) {
		t.Error("no alternative is present, yet holds said yes")
	}
	if holds("$3.223 billion", []string{"3.223", "record"}) {
		t.Error("every expected string must be present")
	}
}
