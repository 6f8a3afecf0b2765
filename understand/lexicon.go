package understand

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/pakbot/pakbot/internal/editdist"
	"github.com/pakbot/pakbot/internal/lazyre"
)

// Want is the kind of answer a question asks for.
type Want string

// Kinds of answer. WantAny is a question that does not say ("tell me about
// 5G"); the others match facts that hold such an answer.
const (
	WantAny      Want = ""
	WantQuantity Want = "quantity" // how many, how much, kitna
	WantPerson   Want = "person"   // who, kaun
	WantPlace    Want = "place"    // where, which city, kahan
	WantTime     Want = "time"     // when, kab
	WantWhich    Want = "which"    // which, kaunsa: an organisation or a name
	WantWhat     Want = "what"     // what, kya
	WantWhy      Want = "why"      // why, kyun
	WantHow      Want = "how"      // how, kaise
)

var wants = map[Want]bool{WantQuantity: true, WantPerson: true, WantPlace: true, WantTime: true, WantWhich: true, WantWhat: true, WantWhy: true, WantHow: true}

// Entry is one lexicon entry: words people type and what they stand for.
// Exactly one of Means, Asks and Filler is set.
type Entry struct {
	// Words are the spellings, in Latin or Urdu script; a word may be a
	// phrase of a few words ("ab tak", "wazir e azam").
	Words []string `yaml:"words" json:"words"`
	// Means is the English word or phrase the words stand for.
	Means string `yaml:"means,omitempty" json:"means,omitempty"`
	// Asks marks question words: the kind of answer they ask for.
	Asks Want `yaml:"asks,omitempty" json:"asks,omitempty"`
	// Filler marks words that carry no subject (grammar words, greetings).
	Filler bool `yaml:"filler,omitempty" json:"filler,omitempty"`
	// Alike marks English words that stand for one another in questions
	// about figures ("rise", "increase", "jump"): each is kept and the
	// others become its alternatives.
	Alike bool `yaml:"alike,omitempty" json:"alike,omitempty"`

	// keys are the spellings' lexicon keys (see joinedKey), by word, when
	// one of them is not its own: worked out as the lexicon file is
	// checked and written into the compiled lexicon, so that building a
	// lexicon does not fold them again. Folding the Urdu spellings was a
	// quarter of what building the built-in lexicon cost. Entries made
	// otherwise, such as the moderators', have none.
	keys []string
}

// withKeys sets e's keys from its words.
func (e *Entry) withKeys() {
	e.keys = nil
	for i, w := range e.Words {
		key, _ := joinedKey(w)
		if key != w && e.keys == nil {
			e.keys = slices.Clone(e.Words[:i])
		}
		if e.keys != nil {
			e.keys = append(e.keys, key)
		}
	}
}

// Limits on lexicon entries, which moderators write too.
const (
	MaxLexiconWordRunes = 40
	maxPhraseWords      = 5
)

var meansPattern = lazyre.New(`^[a-z0-9]+(?:[ -][a-z0-9]+){0,4}$`)

// Validate reports what is wrong with an entry, in words a moderator can
// act on.
func (e Entry) Validate() error {
	kinds := 0
	if e.Means != "" {
		kinds++
		if !meansPattern().MatchString(e.Means) {
			return fmt.Errorf("the meaning %q must be English: lowercase letters and digits, at most %d words", e.Means, maxPhraseWords)
		}
	}
	if e.Asks != "" {
		kinds++
		if !wants[e.Asks] {
			return fmt.Errorf("unknown question kind %q", e.Asks)
		}
	}
	if e.Filler {
		kinds++
	}
	if e.Alike {
		kinds++
		for _, w := range e.Words {
			if !meansPattern().MatchString(w) || strings.Contains(w, " ") {
				return fmt.Errorf("alike words must be single English words: %q", w)
			}
		}
	}
	if kinds != 1 {
		return errors.New("an entry needs exactly one of means, asks, filler and alike")
	}
	if len(e.Words) == 0 {
		return errors.New("an entry needs at least one word")
	}
	for _, w := range e.Words {
		if err := validWord(w); err != nil {
			return err
		}
	}
	return nil
}

// validWord checks one spelling: letters, digits and single spaces or
// hyphens between them.
func validWord(w string) error {
	if !utf8.ValidString(w) || strings.TrimSpace(w) != w || w == "" {
		return fmt.Errorf("%q is not a word", w)
	}
	if n := utf8.RuneCountInString(w); n > MaxLexiconWordRunes {
		return fmt.Errorf("%q is too long (%d characters, at most %d)", w, n, MaxLexiconWordRunes)
	}
	if len(strings.Fields(w)) > maxPhraseWords {
		return fmt.Errorf("%q has more than %d words", w, maxPhraseWords)
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && r != ' ' && r != '-' {
			return fmt.Errorf("%q may hold only letters, digits, spaces and hyphens", w)
		}
	}
	if len(lexiconKey(w)) == 0 {
		return fmt.Errorf("%q has no letters or digits", w)
	}
	return nil
}

// ParseLexicon reads a lexicon file (seeds/lexicon.yaml) and checks every
// entry, reporting all problems at once. A spelling may appear in one entry
// only.
func ParseLexicon(data []byte) ([]Entry, error) {
	var file struct {
		Entries []Entry `yaml:"entries"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("cannot read lexicon: %w", err)
	}
	var errs []error
	seen := map[string]int{}
	for i, e := range file.Entries {
		if err := e.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("lexicon entry %d %v: %w", i+1, e.Words, err))
			continue
		}
		for _, w := range e.Words {
			k := strings.Join(lexiconKey(w), " ")
			// Two spellings of one entry may fold alike ("لئے", "لیے").
			if j, dup := seen[k]; dup && j != i+1 {
				errs = append(errs, fmt.Errorf("lexicon entry %d: %q is already in entry %d", i+1, w, j))
			}
			seen[k] = i + 1
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for i := range file.Entries {
		file.Entries[i].withKeys()
	}
	return file.Entries, nil
}

// The compiled lexicon is the lexicon file's entries as lines of
// tab-separated fields, "kind TAB value TAB spelling TAB spelling…", kind
// one of means, asks, filler and alike: what ParseLexicon reads from YAML,
// in a form read at every start in a fraction of the time. A spelling
// that is not its own lexicon key is written with its key after an equals
// sign ("آج=اج"), which no spelling holds. It is written from a checked
// lexicon file only, so reading it checks nothing.

// CompileLexicon writes entries as a compiled lexicon.
func CompileLexicon(entries []Entry) []byte {
	var b strings.Builder
	b.WriteString("# Compiled from lexicon.yaml by go generate; do not edit.\n")
	for _, e := range entries {
		switch {
		case e.Means != "":
			b.WriteString("means\t" + e.Means)
		case e.Asks != "":
			b.WriteString("asks\t" + string(e.Asks))
		case e.Filler:
			b.WriteString("filler\t")
		case e.Alike:
			b.WriteString("alike\t")
		}
		for _, w := range e.Words {
			b.WriteString("\t" + w)
			if key, _ := joinedKey(w); key != w {
				b.WriteString("=" + key)
			}
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// ParseCompiledLexicon reads a compiled lexicon (see CompileLexicon).
func ParseCompiledLexicon(data []byte) ([]Entry, error) {
	return ParseCompiledLexiconText(string(data))
}

// ParseCompiledLexiconText is ParseCompiledLexicon of text; the entries'
// words are slices of it, not copies, so the lexicon embedded in the
// binary is read where it lies.
func ParseCompiledLexiconText(text string) ([]Entry, error) {
	entries := make([]Entry, 0, strings.Count(text, "\n")+1)
	// The fields of every line in one array, rather than one a line.
	fields := make([]string, 0, strings.Count(text, "\t")+cap(entries))
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		start := len(fields)
		for field := range strings.SplitSeq(line, "\t") {
			fields = append(fields, field)
		}
		f := fields[start:len(fields):len(fields)]
		if len(f) < 3 {
			return nil, fmt.Errorf("compiled lexicon line %d: no words", n)
		}
		e := Entry{Words: f[2:]}
		if strings.Contains(line, "=") {
			e.keys = make([]string, len(e.Words))
			for i, w := range e.Words {
				e.Words[i], e.keys[i], _ = strings.Cut(w, "=")
				if e.keys[i] == "" {
					e.keys[i] = w
				}
			}
		}
		switch f[0] {
		case "means":
			e.Means = f[1]
		case "asks":
			e.Asks = Want(f[1])
		case "filler":
			e.Filler = true
		case "alike":
			e.Alike = true
		default:
			return nil, fmt.Errorf("compiled lexicon line %d: unknown kind %q", n, f[0])
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// lexiconKey folds a spelling into the words a question is split into, so
// lookups match however the user typed it (case, diacritics, Arabic or
// Urdu letters, a hyphen or a space).
func lexiconKey(w string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(Fold(w), notWordRune) {
		out = append(out, f)
	}
	return out
}

// joinedKey returns lexiconKey(w) space-joined, and how many words it
// has. Nearly every spelling and question word is already its own key
// (lowercase ASCII letters and digits or Urdu letters, one space between
// words); those are returned as they are, without folding and splitting,
// which was most of the time a one-shot ask spent building the lexicon.
func joinedKey(w string) (string, int) {
	if n := plainKeyWords(w); n > 0 {
		return w, n
	}
	key := lexiconKey(w)
	return strings.Join(key, " "), len(key)
}

// plainKeyWords returns how many words w has if it is its own lexicon
// key, and 0 if it is not (or is empty).
func plainKeyWords(w string) int {
	n := 1
	for i, r := range w {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		case r == ' ' && i > 0 && i+1 < len(w) && w[i-1] != ' ':
			n++
		case r >= utf8.RuneSelf && foldsToItself(r):
		default:
			return 0
		}
	}
	if w == "" {
		return 0
	}
	return n
}

// foldsToItself reports whether Fold leaves the letter r as it is and
// lexiconKey keeps it: an Arabic-script letter with no decomposition
// (see hasDiacritics) that arabicScript does not replace or remove.
func foldsToItself(r rune) bool {
	switch r {
	case 0x0640, 0x0643, 0x0647, 0x0649, 0x064a, 0x06c0, 0x06c2, 0x06d3:
		return false
	}
	return 0x0600 <= r && r <= 0x06ff && !(0x0622 <= r && r <= 0x0626) && unicode.IsLetter(r)
}

// Lexicon looks up the words of a question, longest phrase first. It is
// immutable; Analyzer swaps in a new one when moderators change entries.
type Lexicon struct {
	// entries are by the folded words of a spelling, space-joined; they
	// point into the lists given to NewLexicon and With, which must not
	// change afterwards. A pointer keeps the map a quarter of the size of
	// one of entries, which a one-shot ask builds before its question.
	entries map[string]*Entry
	longest int // the most words a spelling has
	// phrases holds, for the first word of each spelling of two or more
	// words, the most words such a spelling has.
	phrases map[string]int
	// alike maps a word to the words that stand for it (Entry.Alike).
	alike map[string][]string
	// months maps one-word spellings of month names ("nawambar",
	// "نومبر") to English, so periods are found before translation.
	months map[string]string
	// voweled maps the spellings with doubled vowels, written with
	// single ones, to the spelling ("hisab" to "hisaab"), to find a
	// Roman Urdu spelling the lexicon does not list by the form it
	// shares with one it does; "" marks a form two entries share.
	voweled map[string]string
	// pairs holds the meanings that join two words with "and" ("research
	// and development"): one thing, not two to ask about apart.
	pairs map[string]bool
}

// NewLexicon builds a lexicon; later entries win over earlier ones for the
// same spelling, so moderators' entries given after the seeds override them.
// The lexicon keeps the lists: they must not change afterwards.
func NewLexicon(entries ...[]Entry) *Lexicon {
	// The maps are sized for the spellings, so that they are not grown
	// and rehashed a dozen times on the way.
	spellings, phrases, alike := 0, 0, 0
	for _, list := range entries {
		for _, e := range list {
			if e.Alike {
				alike += len(e.Words)
				continue
			}
			spellings += len(e.Words)
			for _, w := range e.Words {
				if strings.ContainsAny(w, " -") {
					phrases++
				}
			}
		}
	}
	l := &Lexicon{entries: make(map[string]*Entry, spellings), longest: 1, months: map[string]string{}, phrases: make(map[string]int, phrases),
		alike: make(map[string][]string, alike), pairs: map[string]bool{}}
	for _, list := range entries {
		l.add(list)
	}
	l.findVoweled()
	return l
}

// With returns the lexicon NewLexicon would build from l's entries and
// then more, and leaves l as it is. The built-in lexicon is built once,
// while a database opens, and the moderators' entries are laid on a copy:
// building it is most of what a one-shot ask spends on the lexicon. A
// lexicon is not changed once built, so with nothing to add it is l.
func (l *Lexicon) With(more ...[]Entry) *Lexicon {
	if !slices.ContainsFunc(more, func(list []Entry) bool { return len(list) > 0 }) {
		return l
	}
	w := &Lexicon{entries: maps.Clone(l.entries), longest: l.longest, months: maps.Clone(l.months), phrases: maps.Clone(l.phrases),
		alike: maps.Clone(l.alike), pairs: maps.Clone(l.pairs)}
	for _, list := range more {
		w.add(list)
	}
	w.findVoweled()
	return w
}

// add adds entries to the lexicon, later ones winning.
func (l *Lexicon) add(entries []Entry) {
	for i := range entries {
		e := &entries[i]
		if e.Alike {
			// Each word's others are cut from one array for the entry,
			// after those it had already. Clipped: they may be shared
			// with the lexicon this one was copied from.
			block := make([]string, 0, len(e.Words)*(len(e.Words)-1))
			for _, w := range e.Words {
				from := len(block)
				for _, other := range e.Words {
					if other != w {
						block = append(block, other)
					}
				}
				others := block[from:len(block):len(block)]
				if prev := l.alike[w]; len(prev) > 0 {
					others = append(slices.Clip(prev), others...)
				}
				l.alike[w] = others
			}
			continue
		}
		if strings.Contains(e.Means, " and ") {
			l.pairs[strings.ToLower(e.Means)] = true
		}
		// Whether the entry names a month is the same for each of its
		// spellings.
		month := e.Means != "" && slices.Contains(fullMonthNames, e.Means)
		for j, w := range e.Words {
			var key string
			var n int
			if e.keys != nil {
				key, n = e.keys[j], strings.Count(e.keys[j], " ")+1
			} else {
				key, n = joinedKey(w)
			}
			if n == 0 || key == "" {
				continue
			}
			l.entries[key] = e
			l.longest = max(l.longest, n)
			if n > 1 {
				first, _, _ := strings.Cut(key, " ")
				l.phrases[first] = max(l.phrases[first], n)
			}
			if n == 1 && month {
				l.months[key] = e.Means
			}
		}
	}
}

// findVoweled works out voweled from every entry.
func (l *Lexicon) findVoweled() {
	// About one Roman Urdu spelling in ten has a doubled vowel.
	l.voweled = make(map[string]string, len(l.entries)/8)
	for key, e := range l.entries {
		v := singleVowels(key)
		if v == key {
			continue
		}
		if prev, ok := l.voweled[v]; ok && (prev == "" || !sameEntry(*l.entries[prev], *e)) {
			l.voweled[v] = "" // two entries share the form
			continue
		}
		l.voweled[v] = key
	}
}

// joinsOneThing reports whether the words on either side of an "and"
// are one thing the lexicon knows ("research and development").
func (l *Lexicon) joinsOneThing(before, after string) bool {
	if l == nil || len(l.pairs) == 0 {
		return false
	}
	for pair := range l.pairs {
		first, second, _ := strings.Cut(pair, " and ")
		if (first == before || strings.HasSuffix(first, " "+before)) && (second == after || strings.HasPrefix(second, after+" ")) {
			return true
		}
	}
	return false
}

// voweledEntry is the entry whose spelling, with its doubled vowels
// written once, is v: one listed so ("hisab") or with doubled vowels
// ("hisaab"), when only one entry has that form.
func (l *Lexicon) voweledEntry(v string) (Entry, bool) {
	own, hasOwn := l.entry(v)
	key, hasDoubled := l.voweled[v]
	switch {
	case hasDoubled && (key == "" || hasOwn && !sameEntry(own, *l.entries[key])):
		return Entry{}, false
	case hasOwn:
		return own, true
	case hasDoubled:
		return *l.entries[key], true
	}
	return Entry{}, false
}

// entry returns the entry of a spelling's key.
func (l *Lexicon) entry(key string) (Entry, bool) {
	if e, ok := l.entries[key]; ok {
		return *e, true
	}
	return Entry{}, false
}

// sameEntry reports two entries of the same meaning and role.
func sameEntry(a, b Entry) bool {
	return a.Means == b.Means && a.Asks == b.Asks && a.Filler == b.Filler && a.Alike == b.Alike && slices.Equal(a.Words, b.Words)
}

// singleVowels writes a word's doubled vowels once, as Roman Urdu spells
// them either way: "hisaab" is "hisab", "zameen" "zamin", "khoob"
// "khub".
func singleVowels(w string) string {
	if !hasDoubledVowel(w) {
		return w
	}
	// Left to right, a pair at a time, as a strings.Replacer of the five
	// pairs would, without its cost: building the lexicon writes a few
	// thousand spellings so.
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i+1 < len(w) && w[i+1] == c {
			switch c {
			case 'a':
				b, i = append(b, 'a'), i+1
				continue
			case 'e', 'i':
				b, i = append(b, 'i'), i+1
				continue
			case 'o', 'u':
				b, i = append(b, 'u'), i+1
				continue
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// hasDoubledVowel reports whether w holds "aa", "ee", "ii", "oo" or
// "uu", in one pass rather than one a pair.
func hasDoubledVowel(w string) bool {
	for i := 1; i < len(w); i++ {
		if w[i] == w[i-1] {
			switch w[i] {
			case 'a', 'e', 'i', 'o', 'u':
				return true
			}
		}
	}
	return false
}

// monthFull lists the English month names, space-delimited.
const monthFull = " january february march april may june july august september october november december "

// alikeWords returns the words that stand for w, if any.
func (l *Lexicon) alikeWords(w string) []string {
	if l == nil {
		return nil
	}
	return l.alike[w]
}

// englishMonths replaces the month names of other languages in folded
// text with English ones.
func (l *Lexicon) englishMonths(text string) string {
	fields := strings.Fields(text)
	changed := false
	for i, f := range fields {
		if m, ok := l.month(f); ok {
			fields[i], changed = m, true
		}
	}
	// Urdu says a range with "se" (from) between its ends, and "tak"
	// (until) after: "july se november 2024 tak", "جولائی سے نومبر".
	for i := 1; i+1 < len(fields); i++ {
		if rangeWords[fields[i]] && rangeEnd(fields[i-1]) && rangeEnd(fields[i+1]) {
			fields[i], changed = "to", true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(fields, " ")
}

// rangeWords say "to" between the ends of a range in Urdu.
var rangeWords = setOf(`se sy say sey سے تا`, "")

// rangeEnd reports a word that may end a range of time: an English
// month or a year.
func rangeEnd(w string) bool {
	return isYear(w) || slices.Contains(fullMonthNames, w)
}

// month returns the English month a word names: in another language, as
// the lexicon knows it, or one edit from an English month's full name
// ("nvoember", "septmber"), a typo no English word is.
func (l *Lexicon) month(w string) (string, bool) {
	if l != nil {
		if m, ok := l.months[w]; ok {
			return m, true
		}
	}
	if len(w) < 5 || !strings.ContainsRune("jfmasond", rune(w[0])) {
		return "", false
	}
	for _, m := range longMonths {
		if m[0] == w[0] && m != w && editdist.WithinOne(w, m) {
			if _, known := lookupWord(w); !known {
				return m, true
			}
		}
	}
	return "", false
}

// longMonths are the months whose names are long enough for a typo of
// one letter to be told from other words ("june" and "jule" are not).
var longMonths = slices.DeleteFunc(slices.Clone(fullMonthNames), func(m string) bool { return len(m) < 5 })

// urduEndings are the endings Urdu nouns take in the plural and before a
// postposition, with the ending of the form the lexicon lists: مہارتوں and
// مہارتیں are forms of مہارت, اداروں and ادارے of ادارہ, کمپنیوں of کمپنی.
var urduEndings = [][2]string{
	{"یوں", "ی"}, {"یاں", "ی"}, {"وں", ""}, {"وں", "ہ"}, {"یں", ""}, {"ے", "ہ"}, {"ات", ""},
}

// romanUrduEndings are the same endings as Roman Urdu spells them:
// naukriyon and naukriyan of naukri, idaron and idaray of idara.
var romanUrduEndings = [][2]string{
	{"iyon", "i"}, {"iyan", "i"}, {"yon", "i"}, {"yan", "i"}, {"on", ""}, {"on", "a"}, {"ain", ""}, {"ein", ""}, {"ay", "a"}, {"e", "a"},
}

// matchVoweled finds a Roman Urdu phrase or word the lexicon lacks by its
// doubled vowels written as the lexicon writes them ("ke hisaab se",
// "naukriyaan"). The longest phrase wins; the words must not all be
// English ("book" is no "buk").
func (l *Lexicon) matchVoweled(words []string) (Entry, int) {
	first, _, _ := strings.Cut(words[0], " ")
	for n := min(max(l.phrases[first], l.phrases[singleVowels(first)], 1), len(words)); n >= 1; n-- {
		phrase := strings.Join(words[:n], " ")
		v := singleVowels(phrase)
		if v == phrase {
			continue
		}
		e, ok := l.voweledEntry(v)
		if !ok {
			continue
		}
		if slices.ContainsFunc(words[:n], func(w string) bool {
			if !IsLatin(w) {
				return true
			}
			_, english := lookupLine(w)
			return !english
		}) {
			return e, n
		}
	}
	return Entry{}, 0
}

// urduBase finds an Urdu or Roman Urdu word the lexicon lacks by the form
// it lists, for words that mean something (not question or filler words,
// whose forms the lexicon spells out). A Roman Urdu word must be no
// English word: "person" is not a form of "pers".
func (l *Lexicon) urduBase(w string) (Entry, bool) {
	latin := !InUrduLetters(w)
	endings := urduEndings
	if latin {
		if !IsLatin(w) || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			return Entry{}, false
		}
		endings = romanUrduEndings
	}
	for _, e := range endings {
		stem, ok := strings.CutSuffix(w, e[0])
		if !ok || utf8.RuneCountInString(stem) < 2 {
			continue
		}
		if entry, ok := l.entry(stem + e[1]); ok && entry.Means != "" {
			// An English word is not Roman Urdu however it ends; the
			// word table is searched only for a word that would
			// otherwise be read so (most words end in no listed stem).
			if latin {
				if _, english := lookupLine(w); english {
					return Entry{}, false
				}
			}
			return entry, true
		}
	}
	return Entry{}, false
}

// Known reports whether a folded word is one of the lexicon's spellings.
func (l *Lexicon) Known(word string) bool {
	_, ok := l.entries[word]
	return ok
}

// match returns the entry for the longest phrase that starts words, and
// how many words it spans.
func (l *Lexicon) match(words []string) (Entry, int) {
	if l == nil {
		return Entry{}, 0
	}
	if len(words) == 0 {
		return Entry{}, 0
	}
	// A hyphenated word is one key of several words ("all time" of
	// "all-time"): phrases are known by their first word.
	first, _, _ := strings.Cut(words[0], " ")
	for n := min(l.phrases[first], len(words)); n > 1; n-- {
		if e, ok := l.entry(strings.Join(words[:n], " ")); ok {
			return e, n
		}
	}
	if e, ok := l.entry(words[0]); ok {
		return e, 1
	}
	if e, ok := l.urduBase(words[0]); ok {
		return e, 1
	}
	if e, n := l.matchVoweled(words); n > 0 {
		return e, n
	}
	// The plural of a shorthand the lexicon knows ("unis", "govts"),
	// unless it is an English word of its own (one WordNet knows).
	if one, ok := strings.CutSuffix(words[0], "s"); ok && len(one) > 1 {
		if e, ok := l.entry(one); ok && e.Means != "" {
			if info, ok := lookupLine(words[0]); !ok || info.pos == "" {
				return e, 1
			}
		}
	}
	return Entry{}, 0
}
