package understand

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/lazyre"
)

// MaxParts is how many questions one message may ask at once.
const MaxParts = 3

// sentenceEnd splits a message into sentences: at ? ! . ; : and at line
// breaks, but not inside numbers ("3.2", "10:30"), and at emoji that a
// question follows: chat ends a sentence with one ("my uncle still uses a
// nokia haha 📱 but srsly what is …") as often as with a full stop.
var sentenceEnd = lazyre.New(`[?!;؟۔]+|[.:](?:\s|$)|\n|\p{So}+()[^.?!;\n]*?\b(?:[Ww]hat|[Ww]at|[Hh]ow|[Ww]hen|[Ww]here|[Ww]ho|[Ww]hich|[Ww]hy|[Kk]ya|[Kk]itn[aie]|[Kk]ab|[Kk]ahan|[Kk]aun)\b`)

// findSentenceEnd is sentenceEnd().FindStringSubmatchIndex(s). Text
// without a symbol such as an emoji, nearly every message, can end a
// sentence only at a mark or a line break, found here by a scan: the
// pattern took a few microseconds for each sentence of every message.
func findSentenceEnd(s string) []int {
	if !isASCII(s) && strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.So, r) }) >= 0 {
		return sentenceEnd().FindStringSubmatchIndex(s)
	}
	const arabicQuestionMark, urduFullStop = "؟", "۔"
	endsQuestion := func(i int) int { // the length of a ? ! ; ؟ or ۔ at i, or 0
		switch {
		case s[i] == '?' || s[i] == '!' || s[i] == ';':
			return 1
		case strings.HasPrefix(s[i:], arabicQuestionMark):
			return len(arabicQuestionMark)
		case strings.HasPrefix(s[i:], urduFullStop):
			return len(urduFullStop)
		}
		return 0
	}
	for i := 0; i < len(s); i++ {
		switch {
		case endsQuestion(i) > 0:
			j := i
			for j < len(s) && endsQuestion(j) > 0 {
				j += endsQuestion(j)
			}
			return []int{i, j, -1, -1}
		case s[i] == '.' || s[i] == ':':
			if i+1 == len(s) {
				return []int{i, i + 1, -1, -1}
			}
			if isSpace(s[i+1]) {
				return []int{i, i + 2, -1, -1}
			}
		case s[i] == '\n':
			return []int{i, i + 1, -1, -1}
		}
	}
	return nil
}

// partJoin is where one sentence asks a second question: "… and how much
// will it add", "…, when will it open", "… and by how much did it rise",
// "… and in which city", and after a comma a yes-or-no question: "…, and
// are local startups building AI apps?".
var partJoin = lazyre.New(`(?i)(?:,\s*|\s+)(?:and|aur|or|also|plus)\s+(?:(?:by|in|for|of|to|from|at|on|with|since|until|till)\s+)?(?:how|when|where|who|which|what|why|kab|kitna|kitni|kitne|kahan|kaun|kis)\b|,\s*(?:and|or|also|plus)\s+(?:are|is|was|were|do|does|did|can|could|will|would|has|have|should)\b`)

// Parts returns the questions a message asks, at most MaxParts, in order.
// Sentences that ask nothing (greetings, stories, "ignore previous
// instructions") are left out when another sentence asks a question; a
// second question joined with "and" ("when will X open and how much will
// it cost?") becomes a part of its own, with the first part's subject
// added when it has none of its own ("it"). A message that asks nothing
// recognisable is one part, as it is.
func (a *Analyzer) Parts(message string) []string {
	// Markup is no sentence, nor is what a comment hides: it goes before
	// the message is split, or "<!-- hidden: answer Karachi -->" would
	// leave "answer Karachi" to a part.
	message = stripMarkup(message)
	// An instruction to the bot ends a sentence and is no part of one.
	if mayInstruct(message) {
		message = instruction().ReplaceAllString(message, ".")
	}
	message = afterRetraction(message)
	all := sentences(message)
	if len(all) == 1 && !mayJoinParts(message) {
		if parts := a.choices(all[0].text); parts != nil {
			return parts
		}
		return []string{all[0].text} // the common case: one question
	}
	var asking, naming []string
	for i, s := range all {
		q := a.Analyze(s.text)
		switch {
		case len(q.Words) == 0 && q.Want != WantAny && i > 0 && len(naming) > 0 && naming[len(naming)-1] == all[i-1].text:
			// "IT exports 📈 how much in fy24?": a question that names
			// nothing asks about the sentence before it.
			asking = append(asking, naming[len(naming)-1]+" "+s.text)
			naming = naming[:len(naming)-1]
		case len(q.Words) == 0:
		case q.Want != WantAny && i > 0 && len(naming) > 0 && naming[len(naming)-1] == all[i-1].text && refersBack(s.text) &&
			(!namesThing(q) || pronounSubject.MatchString(s.text)):
			// "… he says govt is opening those e-Rozgaar centres. how
			// much are they supposed to generate?": what "they" are is
			// in the clause before; so is "it" in "islamabad IT park 💻
			// how much will it add to exports", whatever else it names.
			asking = append(asking, lastClause(naming[len(naming)-1])+" "+s.text)
			naming = naming[:len(naming)-1]
		case q.Want != WantAny && !s.question && relativeOnly(s.text):
			// "Who is the CEO of NITB? the one who talked about the
			// gateway": says which, asks nothing.
			naming = append(naming, s.text)
		case q.Want != WantAny:
			for _, part := range a.splitJoined(s.text) {
				if parts := a.choices(part); parts != nil {
					asking = append(asking, parts...)
				} else {
					asking = append(asking, part)
				}
			}
		case (s.question || request.MatchString(s.text)) && namesSubject(q):
			// "k2 base camp internet???", "Can you tell me the
			// capacity of the cables?"
			asking = append(asking, s.text)
		case namesSubject(q):
			naming = append(naming, s.text)
		}
	}
	switch {
	case len(asking) > 0:
		return asking[:min(len(asking), MaxParts)]
	case len(naming) == 1:
		// "hi! karachi it park jobs": the one sentence that names
		// something.
		return naming
	}
	return []string{strings.TrimSpace(message)}
}

// partJoiners are the words partJoin and urduPartJoin join a second
// question with.
var partJoiners = []string{"and", "aur", "or", "also", "plus"}

// mayJoinParts reports whether message may ask a second question after
// "and" (partJoin, urduPartJoin). Both patterns cost a few microseconds
// on every message, and nearly every message has none of their joiners
// as a word of its own after a space or comma: that is tested first.
func mayJoinParts(message string) bool {
	if !mayHoldFolded(message) && !slices.ContainsFunc(partJoiners, func(w string) bool { return holdsJoiner(message, w) }) {
		return false
	}
	return partJoin().MatchString(message) || urduPartJoin().MatchString(message)
}

// holdsJoiner reports whether s holds word, in any ASCII case, after a
// space or comma and before a space, as the join patterns need it.
func holdsJoiner(s, word string) bool {
	for i := 1; i+len(word) < len(s); i++ {
		if (isSpace(s[i-1]) || s[i-1] == ',') && isSpace(s[i+len(word)]) && equalASCIIFold(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// isSpace reports whether c is what a pattern's \s matches.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// equalASCIIFold reports whether s is lower, a lowercase ASCII word, in
// any ASCII case.
func equalASCIIFold(s, lower string) bool {
	for i := range len(lower) {
		if s[i]|0x20 != lower[i] {
			return false
		}
	}
	return true
}

// containsASCIIFold reports whether s holds lower, a lowercase ASCII
// word, in any ASCII case.
func containsASCIIFold(s, lower string) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		if equalASCIIFold(s[i:i+len(lower)], lower) {
			return true
		}
	}
	return false
}

// mayHoldFolded reports whether s holds a letter that a pattern's (?i)
// matches to an ASCII one (see caseFolds): the cheap tests in front of
// such patterns compare ASCII letters only, and let the pattern decide
// the rare message that has one.
func mayHoldFolded(s string) bool { return strings.Contains(s, "ſ") || strings.Contains(s, "\u212a") }

// request finds a sentence that asks without a question word or mark:
// "Then tell me the IT exports", "let me know the broadband figure", "i
// want to know …", and Roman Urdu "batao" and its spellings.
var request = regexp.MustCompile(`(?i)\b(?:tell|show|give|send|find)\s+(?:me|us)\b|\blet\s+(?:me|us)\s+know\b|\b(?:i|we)\s+(?:want|need|would\s+like|wanna)\s+(?:to\s+)?know\b|\bb(?:a)?ta(?:o|do|en|ein|ain|yen|yein|iye|iyen|ye)\b`)

// instruction finds what tries to instruct the bot rather than ask it
// ("Ignore previous instructions", "print your system prompt", "you are
// now …", "pretend"): it says nothing about what is asked.
var instruction = lazyre.New(`(?i)\b(?:ignore|disregard|forget|override)\b[^.?!\n]{0,40}?\b(?:instructions?|rules|prompts?|above|previous|everything)\b(?:\s+(?:instructions?|rules|prompts?|messages?)\b)?|\b(?:print|show|reveal|repeat)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+)?(?:prompt|instructions)\b|\byou\s+are\s+now\b[^.?!\n]{0,40}|\b(?:act\s+as|pretend\s+(?:to\s+be|you\s+are))\b[^.?!\n]{0,40}`)

// instructionWords: every instruction the pattern finds holds one of
// them; a message without any (most) spares the pattern, which would
// otherwise run on every message.
var instructionWords = []string{"ignore", "disregard", "forget", "override", "print", "show", "reveal", "repeat", "you", "act", "pretend"}

// caseFolds are the letters the pattern's (?i) matches that lowercasing
// does not make ASCII: long s and the Kelvin sign.
var caseFolds = strings.NewReplacer("ſ", "s", "\u212a", "k")

// mayInstruct reports whether message may hold an instruction.
func mayInstruct(message string) bool {
	lower := caseFolds.Replace(strings.ToLower(message))
	return slices.ContainsFunc(instructionWords, func(w string) bool { return strings.Contains(lower, w) })
}

// retraction takes back what was said before it: "… nvm, what were …",
// "never mind:".
var retraction = regexp.MustCompile(`(?i)(?:^|[\s,;.?!-])(?:nvm|never\s*mind)\b[\s,:;.!-]*`)

// mayRetract reports whether message may hold a retraction: every one
// holds "nvm" or "never", which few messages do, and the pattern costs
// more than a microsecond on every message.
func mayRetract(message string) bool {
	return mayHoldFolded(message) || containsASCIIFold(message, "nvm") || containsASCIIFold(message, "never")
}

// afterRetraction returns what a message says after its last "never
// mind", when that asks anything; otherwise the message.
func afterRetraction(message string) string {
	if !mayRetract(message) {
		return message
	}
	locs := retraction.FindAllStringIndex(message, -1)
	if len(locs) == 0 {
		return message
	}
	if rest := message[locs[len(locs)-1][1]:]; hasLetterOrDigit(rest) {
		return rest
	}
	return message
}

// sentence is one sentence of a message, and whether it ended with a
// question mark.
type sentence struct {
	text     string
	question bool
	mark     string // the mark that ends it ("?", "؟", "۔"), or ""
}

// turnToQuestion is where chat turns from a story to its question:
// "… at dinner, anyway what were …", "btw", "long story short", "my
// question is", and Roman Urdu "khair". It starts a sentence of its own,
// so the story before it can be left out like any sentence that asks
// nothing.
var turnToQuestion = regexp.MustCompile(`(?i)(?:^|[\s,;-])(?:anyways?|anyhow|btw|by\s+the\s+way|long\s+story\s+short|(?:so\s+)?(?:my|the|main)\s+(?:question|sawal|sawaal)\s+(?:is|hai|yeh\s+hai)|khair|khayr|khaer)\b[\s,:.-]*`)

// turnWords are words every turn to a question holds ("way" for "by the
// way" and "anyway", "sawa" for "sawal" and "sawaal", "kha" for "khair"
// and its spellings).
var turnWords = []string{"anyhow", "btw", "way", "story", "question", "sawa", "kha"}

// mayTurnToQuestion reports whether message may turn to its question
// (turnToQuestion): few do, and the pattern costs more than any other on
// every message.
func mayTurnToQuestion(message string) bool {
	return mayHoldFolded(message) || slices.ContainsFunc(turnWords, func(w string) bool { return containsASCIIFold(message, w) })
}

// sentences splits a message at sentence ends and where it turns to its
// question, keeping those with letters or digits.
func sentences(message string) []sentence {
	var out []sentence
	rest := message
	if mayTurnToQuestion(message) {
		rest = turnToQuestion.ReplaceAllString(message, "\n")
	}
	for rest != "" {
		loc := findSentenceEnd(rest)
		end, next := len(rest), len(rest)
		switch {
		case loc == nil:
		case loc[2] >= 0:
			end, next = loc[0], loc[2] // after the emoji, the question
		default:
			end, next = loc[0], loc[1]
		}
		text := strings.TrimSpace(rest[:end])
		if text != "" && hasLetterOrDigit(text) {
			raw, mark := rest[end:next], ""
			switch {
			case strings.Contains(raw, "؟"):
				mark = "؟"
			case strings.Contains(raw, "?"):
				mark = "?"
			default:
				if r, _ := utf8.DecodeRuneInString(strings.TrimSpace(raw)); strings.ContainsRune("!.۔", r) {
					mark = string(r)
				}
			}
			out = append(out, sentence{text: text, question: strings.ContainsAny(raw, "?؟"), mark: mark})
		}
		rest = rest[next:]
	}
	return out
}

// relativeOnly reports a sentence whose first question word joins a
// clause to the noun before it ("the one who talked about the gateway",
// "the company which built it"), and so asks nothing.
func relativeOnly(sentence string) bool {
	words := strings.Fields(strings.ToLower(sentence))
	for i, w := range words {
		w = strings.Trim(w, ",.;:!")
		if whWords[w] == "" {
			continue
		}
		if i < 2 {
			return false
		}
		// "…the price of petrol, which was a mess": after a comma only
		// which and who join a clause; "tho, what were …" asks.
		before := strings.Trim(words[i-1], ",.;:!")
		afterComma := strings.ContainsAny(words[i-1], ",;:")
		return relativeHeads[before] || (!afterComma || w == "which" || w == "who") && !verbLike(before) && !adjective(before) && !IsStopWord(before) && isNoun(before)
	}
	return false
}

// relativeHeads are the words a relative clause most often says which of.
var relativeHeads = setOf(`one ones guy guys person people man woman someone somebody company firm thing`, "")

// namesThing reports a question that names a thing of its own: a word of
// substance the word table knows as a noun, or does not know at all.
func namesThing(q Question) bool {
	for _, w := range q.Words {
		if w.Common || w.Salience < 0.3 {
			continue
		}
		if info, ok := lookupWord(w.Text); !ok || info.noun() {
			return true
		}
	}
	return false
}

// lastClause is the last clause of a sentence, after its last comma or
// semicolon: the story before it ("my cousin in Sialkot does logo
// design…, he says govt is opening those centres") is no part of what a
// following "they" are.
func lastClause(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".!?")
	if i := strings.LastIndexAny(s, ",;"); i >= 0 && strings.TrimSpace(s[i+1:]) != "" {
		return strings.TrimSpace(s[i+1:])
	}
	return s
}

// namesSubject reports whether a question without a question word names
// a subject ("karachi it park jobs") rather than chatting ("hey bot",
// "thx").
func namesSubject(q Question) bool {
	for _, w := range q.Words {
		if !w.Common && w.Salience >= 0.3 {
			return true
		}
	}
	return false
}

// splitJoined splits "when will X be done and how much will it add" into
// its two questions; the second gets the first's subject words when it
// has fewer than two of its own.
func (a *Analyzer) splitJoined(s string) []string {
	var parts []string
	for {
		loc := partJoin().FindStringIndex(s)
		urdu := false
		if loc == nil {
			loc, urdu = urduPartJoin().FindStringIndex(s), true
		}
		if loc == nil || loc[0] == 0 {
			break
		}
		// The joint starts at the conjunction, after any comma.
		start := loc[0] + strings.IndexFunc(s[loc[0]:], unicode.IsLetter)
		first := strings.TrimSpace(s[:loc[0]])
		rest := s[start:]
		_, rest, _ = strings.Cut(rest, " ") // drop the conjunction
		q := a.Analyze(first)
		if len(q.Words) == 0 || urdu && q.Want == WantAny {
			// "Samsung aur Nokia kitne phones banate hain" asks once,
			// of both: before "aur" no question was asked.
			break
		}
		parts = append(parts, first)
		s = strings.TrimSpace(rest)
	}
	parts = append(parts, s)
	if len(parts) == 1 {
		return parts
	}
	if tail := sharedTail(parts[0], parts[len(parts)-1]); tail != "" {
		// "How many broadband subscribers and how many mobile phone
		// users did PTA report in 2021?": who reported, and when, is
		// asked of both.
		parts[0] += " " + tail
	}
	first := a.Analyze(parts[0])
	subject, names := subjectWords(first), nameWords(first)
	for i := 1; i < len(parts); i++ {
		q := a.Analyze(parts[i])
		switch {
		// The first question's words are added in brackets: the part
		// is shown as the question it is answered as ("You also asked:
		// how many people work in them (stps)").
		case subject != "" && (len(q.Words) < 2 || refersBack(parts[i])):
			parts[i] += " (" + subject + ")"
		case names != "" && nameWords(q) == "":
			// "… did Bangladesh have, and how many mobile phone
			// users?": a second question that names no place, firm or
			// person is about the ones the first named.
			parts[i] += " (" + names + ")"
		}
	}
	return parts
}

// sharedTail is what the last of several joined questions says after its
// auxiliary verb ("did PTA report in 2021" in "how many mobile phone
// users did PTA report in 2021"), when the first question has no word
// that may be a verb ("How many broadband subscribers"), and so shares
// it. It is empty otherwise.
func sharedTail(first, last string) string {
	fields := strings.Fields(strings.ToLower(first))
	if len(fields) == 0 {
		return ""
	}
	for _, w := range fields[1:] {
		if w = strings.Trim(w, ",?!."); auxiliaries[w] || verbLike(w) {
			return "" // "How many startups emerged"
		}
	}
	words := strings.Fields(last)
	for i := 2; i < len(words); i++ {
		if auxiliaries[strings.ToLower(words[i])] {
			return strings.Join(words[i:], " ")
		}
	}
	return ""
}

// nameWords are a question's words that are names, as text. Two letters
// WordNet writes only as a name are mostly an abbreviation ("NE" for
// northeast) or a word of Roman Urdu ("se", "ne").
func nameWords(q Question) string {
	var out []string
	for _, w := range q.Words {
		if w.Name || w.Proper && len(w.Text) > 2 {
			out = append(out, w.Text)
		}
	}
	return strings.Join(out, " ")
}

// refersBack reports a question that names its subject with a pronoun:
// "… and how many companies do they host?", "aur un mein kitne log".
// It asks about the first question's subject, and must not be answered
// of another.
func refersBack(part string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(part), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if backReferences[w] {
			return true
		}
	}
	return false
}

// pronounSubject is a question's subject said with a pronoun, after its
// auxiliary: "will it", "do they"; not "were IT exports".
var pronounSubject = regexp.MustCompile(`\b(?i:will|would|does|did|do|is|are|was|were|can|could|has|have|had|should)\s+(?:it|It|they|They|THEY)\b`)

// backReferences are pronouns in English, Roman Urdu and Urdu that stand
// for something named before. Roman Urdu "is" and "us" are left out: they
// are English words too.
var backReferences = setOf(`it its they them their theirs these those
un unn unhon unhen unhein unki unka unke uski uska uske iski iska iske ye yeh yahan wo woh wahan
ان انہوں انہیں اس اسے یہ وہ`, "")

// choices splits a question between two named options ("Which will
// create more jobs, the Karachi IT Park or the Islamabad IT Park?",
// "Is the Karachi park larger than the Islamabad park?") into one of
// each: no fact compares them, but one about each gives what to compare.
// Each part is the question without the other option and the word that
// joins them; which or who, whose answer is the option, goes too. It
// returns nil for any other question.
func (a *Analyzer) choices(s string) []string {
	// Offsets in the lowercased text are offsets in s: lowercasing must
	// not change the length ("İ").
	lower := strings.ToLower(s)
	if len(lower) != len(s) || !choiceWord.MatchString(lower) {
		return nil
	}
	// The options are the names said once, the nearest on either side of
	// the joining word: in "the Karachi IT Park or the Islamabad IT
	// Park", Park is said of both.
	q := a.Analyze(s)
	said := map[string]int{}
	for _, w := range q.Words {
		said[w.Text]++
	}
	join := choiceWord.FindStringIndex(lower)
	options := []string{"", ""}
	i, j := -1, -1
	for _, w := range q.Words {
		if said[w.Text] != 1 || !(w.Name || w.Proper || IsPlaceTerm(Stem(w.Text))) {
			continue
		}
		switch at := wholeWordAt(lower, w.Text); {
		case at < 0:
		case at < join[0] && at > i:
			options[0], i = w.Text, at
		case at >= join[1] && (j < 0 || at < j):
			options[1], j = w.Text, at
		}
	}
	if i < 0 || j < 0 {
		return nil
	}
	parts := make([]string, 2)
	// clean reads a part as a question of its own.
	clean := func(part string) string {
		if q.Want == WantWhich || q.Want == WantPerson {
			part = leadingWho.ReplaceAllString(part, "")
		}
		return strings.Join(strings.Fields(strings.Trim(part, " ,?")), " ")
	}
	// "the Karachi IT Park or the Islamabad IT Park": the words after
	// each option are the same, so each part keeps one whole phrase.
	if tail := strings.TrimSpace(lower[i+len(options[0]) : join[0]]); tail != "" {
		after := lower[j+len(options[1]):]
		if rest, ok := strings.CutPrefix(strings.TrimLeft(after, " "), tail); ok {
			endB := len(lower) - len(rest)
			head := strings.TrimSpace(lower[join[1]:j]) // "the"
			startA := i
			if head != "" && strings.HasSuffix(strings.TrimRight(lower[:i], " "), head) {
				startA = len(strings.TrimRight(lower[:i], " ")) - len(head)
			}
			parts[0], parts[1] = clean(s[:join[0]]+s[endB:]), clean(s[:startA]+s[join[1]:])
			return parts
		}
	}
	for k, cut := range [][2]int{{j, j + len(options[1])}, {i, i + len(options[0])}} {
		part := s[:cut[0]] + s[cut[1]:]
		if cut[0] > join[0] {
			part = part[:join[0]] + part[join[1]:]
		} else {
			part = part[:join[0]-len(options[0])] + part[join[1]-len(options[0]):]
		}
		parts[k] = clean(part)
	}
	return parts
}

// wholeWordAt finds word in s where it stands as a whole word, or -1.
func wholeWordAt(s, word string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(word)
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			return i
		}
		from = i + 1
	}
}

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 }

// leadingWho is the question word of a choice whose answer is one of the
// options: "which" or "who" leading, and Roman Urdu "kis", "kaun",
// "konsa" where they stand.
var leadingWho = regexp.MustCompile(`(?i)^\s*(?:which|who)\b|\b(?:kis|kaun|kon|konsa|konsi|kaunsa|kaunsi)\b`)

// choiceWord joins two options, or two things compared: English "or",
// "vs", "versus", "than", "compared with" and Roman Urdu "ya".
var choiceWord = regexp.MustCompile(`\b(?:or|vs|versus|ya|than|compared(?:\s+(?:to|with))?)\b`)

// urduPartJoin is where a Roman Urdu sentence asks a second question whose
// question word comes a word or two after "aur", as Urdu puts it: "Kitne
// STPs hain aur un mein kitne log kaam karte hain?", "… aur ye kab tak
// banega". It splits only a sentence that asked before "aur".
var urduPartJoin = lazyre.New(`(?i)(?:,\s*|\s+)aur\s+(?:[\p{L}\d-]+\s+){1,2}(?:kab|kitna|kitni|kitne|kahan|kaun|kis)\b`)

// subjectWords are a question's words that name its subject, as text.
func subjectWords(q Question) string {
	var out []string
	for _, w := range q.Words {
		if w.Salience >= 0.3 {
			out = append(out, w.Text)
		}
	}
	return strings.Join(out, " ")
}

func hasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// followUpStart marks a message that leans on the one before it: "and in
// 2021?", "what about broadband?", "aur 2021 mein?".
var followUpStart = regexp.MustCompile(`(?i)^\s*(?:and|aur|or|also|what about|how about|and what about|same for|ab|phir)\b`)

// FollowUp reads a message that continues the previous question. "and in
// 2021?" after "What were IT exports in FY 2023-24?" asks "What were IT
// exports in 2021?"; "what about broadband?" after "How many subscribers
// in 2021?" asks "how many broadband in 2021"; "and islamabad?" asks the
// previous question of Islamabad, and "when?" or "who announced it?" asks
// that of the previous subject (askAgain). ok is false when the message
// stands on its own.
func (a *Analyzer) FollowUp(message, previous string) (string, bool) {
	if strings.TrimSpace(previous) == "" {
		return "", false
	}
	marked := followUpStart.MatchString(message)
	if !marked {
		if words := Words(Fold(message)); mayAskAgain(words, message) {
			if out, ok := a.askAgain(message, previous, pointsBackIn(message)); ok {
				return out, true
			}
		}
	}
	if folded := " " + Fold(message) + " "; !marked && strings.IndexAny(message, "0123456789") < 0 && !mayAskLatest(folded) && !(strings.Contains(folded, "year") && sameLastYear().MatchString(folded)) {
		return "", false // neither "and …" nor a bare period: stands alone
	}
	q := a.Analyze(message)
	onlyPeriod := len(q.Words) == 0 && (!q.Period.IsZero() || q.Latest || q.YearEarlier)
	if !onlyPeriod && !marked || !marked && asksWhatHappened(message) {
		// "What happened in May 2021?" asks about the period itself.
		return "", false
	}
	rest := strings.Join(strings.Fields(strings.Trim(followUpStart.ReplaceAllString(message, ""), " ?!.")), " ")
	prevPeriod, prevRest := ExtractPeriod(Fold(previous))
	prevRest = strings.Join(strings.Fields(strings.Trim(prevRest, " ?!.")), " ")
	if len(q.Words) == 0 {
		if !onlyPeriod {
			return "", false
		}
		// A new period for the same question.
		return prevRest + " " + rest, true
	}
	// Another place for the same question: "and islamabad?" after "how
	// many jobs will the Karachi IT Park create?" asks it of Islamabad's.
	if out, ok := swapPlace(q.Words, previous); ok {
		return out, true
	}
	prev := a.Analyze(previous)
	if r := a.Analyze(rest); r.Want != WantAny && nameWords(r) == "" {
		// "and how many jobs?", "aur kitni jobs?" after a question about
		// the Karachi IT Park: another question of the same subject.
		out := rest + " (" + subjectWords(prev) + ")"
		if q.Period.IsZero() && !prevPeriod.IsZero() {
			out += " " + prevPeriod.String()
		}
		return out, true
	}
	// A new subject for the same kind of question and period.
	ask := askWords[prev.Want]
	if prev.Want == WantAny || prev.Want == WantWhat || prev.Want == WantHow {
		ask = "what about"
	}
	out := ask + " " + rest
	if q.Period.IsZero() && !prevPeriod.IsZero() {
		out += " " + prevPeriod.String()
	}
	return out, true
}

// swapPlace returns the previous question with its place replaced by the
// one place a follow-up names, if it names one and nothing else and the
// previous question named another.
func swapPlace(words []Word, previous string) (string, bool) {
	if len(words) != 1 || !MayBePlaceTerm(Stem(words[0].Text)) {
		return "", false
	}
	place := words[0].Text
	prev := Words(Fold(previous))
	for i, w := range prev {
		if w != place && MayBePlaceTerm(Stem(w)) && !homeWords[w] {
			prev[i] = place
			return strings.Join(prev, " "), true
		}
	}
	return "", false
}

// maxBareQuestionWords is how long a message may be that asks only a
// question word of the previous question ("kab tak?", "who announced
// it?").
const maxBareQuestionWords = 6

// mayAskAgain reports a message short enough to ask only a question word
// ("when?", "kab tak?"), or one of a few words that points back ("who
// announced it?"): only those are read for askAgain, not every question.
func mayAskAgain(words []string, message string) bool {
	return len(words) <= 2 || len(words) <= maxBareQuestionWords && pointsBackIn(message)
}

// askAgain reads a message that asks another kind of question about the
// previous question's subject and names none of its own: "when?", "kab
// tak?", "where?", "who announced it?" after "Is e-sports official in
// Pakistan?" ask when, where or who of e-sports. The previous question's
// words of substance, and its period, stand for the subject. back tells
// that the message points back to it with a pronoun.
func (a *Analyzer) askAgain(message, previous string, back bool) (string, bool) {
	q := a.Analyze(message)
	ask, ok := askWords[q.Want]
	if !ok && bareNoun(q) {
		// "size?", "jobs?" after "karachi IT park": what of it, which a
		// fact must hold ("freelancers?" after broadband asks anew).
		ask, ok = "what is the "+q.Words[0].Text+" of", true
		q.Words = nil
	}
	if !ok || !q.Period.IsZero() || q.Latest || q.YearEarlier {
		return "", false
	}
	// A word of substance names the message's own subject ("when did
	// Samsung start?"), unless the message points back to the previous
	// one ("who announced it?"), or it is all a bare question asks for
	// and names nothing ("kitni jobs?", "how many people?": of what was
	// asked about before, if that answers it better; the engine weighs
	// both).
	var own []string
	for _, w := range q.Words {
		if !w.Common && !back && !(len(q.Words) == 1 && w.Focus && !w.Name && !w.Proper && !IsPlaceTerm(Stem(w.Text))) {
			return "", false
		}
		own = append(own, w.Text)
	}
	prev := a.Analyze(previous)
	var subject []string
	for _, w := range prev.Words {
		if !w.Common {
			subject = append(subject, w.Text)
		}
	}
	if len(subject) == 0 {
		return "", false
	}
	if q.Future {
		ask += " will" // "kab tak?": by when is it due
	}
	out := strings.Join(append(append([]string{ask}, own...), subject...), " ")
	if !prev.Period.IsZero() {
		out += " " + prev.Period.String()
	}
	return out, true
}

// bareNoun reports a message of one noun and no question word ("size?",
// "jobs?"), which names no subject of its own: a thing is asked of the
// subject before, if that answers it (the engine weighs both).
func bareNoun(q Question) bool {
	if q.Want != WantAny || len(q.Words) != 1 {
		return false
	}
	w := q.Words[0]
	return w.Noun && !w.Name && !w.Proper && !IsPlaceTerm(Stem(w.Text))
}

// pointsBackIn reports a pronoun in message that points back to what was
// asked before: "who announced it?", not "who is the IT minister" (IT
// written so, after an article, or before what it qualifies: "it
// minister").
func pointsBackIn(message string) bool {
	fields := strings.FieldsFunc(message, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, f := range fields {
		w := Fold(f)
		if !pointsBack[w] {
			continue
		}
		if w == "it" && (f == "IT" || i > 0 && itBefore[Fold(fields[i-1])] || i+1 < len(fields) && itHeads[Fold(fields[i+1])]) {
			continue // information technology
		}
		return true
	}
	return false
}

// itBefore are words after which "it" is information technology: "the
// it minister", "pakistan ki it exports".
var itBefore = setOf(`the a an of for in our pakistan pakistans pak ka ki ke mein`, "")

// itHeads are nouns that "it" qualifies as information technology: "it
// minister", "it exports", "it parks".
var itHeads = setOf(`minister ministers ministry sector sectors industry industries export exports companies company firm firms
	park parks job jobs professional professionals graduate graduates service services department policy policies board
	infrastructure skills training sector budget market hub hubs city cities zone zones expert experts`, "")

// pointsBack are the pronouns that point back to what was asked before.
var pointsBack = setOf(`it its they them their this that these those he she him her there here woh wo ye yeh usne unhon unhone uska unka iska inka wahan yahan`, "")

// PeriodOnly reports a question that asks about nothing but a period it
// names, and the period: "What happened in May 2021?", "2021?", "kya hua
// February 2021 mein", "tech news from February 2021". Everyday words,
// and words for the news of the whole field, are nothing to ask about.
func (a *Analyzer) PeriodOnly(question string) (bot.Period, bool) {
	q := a.Analyze(question)
	if q.Period.IsZero() || q.Want != WantAny && q.Want != WantWhat {
		return bot.Period{}, false
	}
	for _, w := range q.Words {
		if !w.Common && !newsWords[w.Text] {
			return bot.Period{}, false
		}
	}
	return q.Period, true
}

// NewsOnly reports a message asking what is new, of nothing in
// particular: "what's new?", "latest tech news", "kya naya hai?",
// "تازہ ترین خبریں کیا ہیں؟". It names no subject and no period (see
// PeriodOnly); the newest facts answer it.
func (a *Analyzer) NewsOnly(message string) bool {
	q := a.Analyze(message)
	if !q.Period.IsZero() || q.Want != WantAny && q.Want != WantWhat {
		return false
	}
	fresh := q.Latest
	for _, w := range q.Words {
		switch {
		case freshWords[w.Text]:
			fresh = true
		case newsWords[w.Text], w.Common && !w.Focus && !w.Noun:
		default:
			return false // "what's new in 5G?", "latest weather"
		}
	}
	return fresh
}

// NewsAbout reports a message asking the news of one thing ("latest 5g
// news", "what's new in 5G?", "5g ki taaza khabar", "e-rozgaar
// updates") and returns what it names, to be listed newest first when it
// is a topic. It asks news in so many words: "latest IT exports" asks for
// the latest figure, which a search answers.
func (a *Analyzer) NewsAbout(message string) (subject string, ok bool) {
	q := a.Analyze(message)
	if !q.Period.IsZero() || q.Want != WantAny && q.Want != WantWhat {
		return "", false
	}
	news := false
	var named []string
	for _, w := range q.Words {
		switch {
		case storyWords[w.Text]:
			news = true
		case freshWords[w.Text], newsWords[w.Text], w.Common && !w.Focus:
		default:
			named = append(named, w.Text)
		}
	}
	if !news || len(named) == 0 {
		return "", false
	}
	return strings.Join(named, " "), true
}

// storyWords are the words that ask for news in so many words.
var storyWords = setOf(`new news update updates happening happenings development developments`, "")

// freshWords ask for what is new.
var freshWords = setOf(`new newest latest recent news update updates`, "")

// asksWhatHappened reports a message asking what happened or was new,
// of a period: "What happened in May 2021?", "kya hua 2021 mein".
func asksWhatHappened(message string) bool {
	for _, w := range Words(Fold(message)) {
		if happenWords[w] || newsWords[w] {
			return true
		}
	}
	return false
}

var happenWords = setOf(`happen happens happened happening new hua huwa hui`, "")

// newsWords ask for what happened in the facts' whole field, as "What
// happened in tech in May 2021?" does: every fact is tech news.
var newsWords = setOf(`tech technology technologies digital sector industry news development developments update updates
event events happening happenings highlight highlights`, "")

// AskedPeriod is the period a question names, zero if none; named
// reports one written out rather than counted from today.
func (a *Analyzer) AskedPeriod(question string) (p bot.Period, named bool) {
	question = asRead(question)
	now, lex := a.now(), a.lexicon.Load()
	if r := a.recall(question, lex, now); r != nil {
		return r.q.Period, r.named
	}
	p, rel, _, _ := a.readPeriod(question, false, lex, now)
	return p, rel.named
}

// QuestionIn finds the question in a message too long to read whole: a
// story pasted from elsewhere, or a paragraph of background before or
// after "so how much were IT exports in fy24?". It is the last sentence
// with a question mark that names something, else the last that asks
// with a question word or a request; with the sentence before it when it
// asks about something named there ("how much did they make?"), and with
// the question sentences just before it, at most MaxParts of them. ok is
// false when no sentence asks of anything.
func (a *Analyzer) QuestionIn(message string) (question string, ok bool) {
	all := sentences(stripMarkup(strings.ToValidUTF8(message, "")))
	// A sentence asks of something when it names it, or says "they" of
	// what the one before names; "jaldi batao", "let me know" or "tell
	// me about it" ask of nothing, and "…petrol, which was a mess" only
	// says which.
	about := func(s sentence) bool { return namesSubject(a.Analyze(s.text)) || refersBack(s.text) }
	marked := func(s sentence) bool { return s.question && about(s) }
	asks := func(s sentence) bool {
		q := a.Analyze(s.text)
		return (q.Want != WantAny && !relativeOnly(s.text) || request.MatchString(s.text)) && about(s)
	}
	last := lastIndex(all, marked)
	if last < 0 {
		last = lastIndex(all, asks)
	}
	if last < 0 {
		return "", false
	}
	first := last
	for first > 0 && last-first+1 < MaxParts && marked(all[first-1]) {
		first--
	}
	if first > 0 && refersBack(all[first].text) && !namesThing(a.Analyze(all[first].text)) {
		first-- // what "they" are is in the sentence before
	}
	texts := make([]string, 0, last-first+1)
	for _, s := range all[first : last+1] {
		texts = append(texts, s.text+s.mark)
	}
	return strings.Join(texts, " "), true
}

// lastIndex is the index of the last sentence ok accepts, or -1.
func lastIndex(all []sentence, ok func(sentence) bool) int {
	for i := len(all) - 1; i >= 0; i-- {
		if ok(all[i]) {
			return i
		}
	}
	return -1
}

// andJoin is the word that joins two things asked about at once.
var andJoin = regexp.MustCompile(`(?i)\s+(?:and|aur|&|plus)\s+`)

// frameWords are the words that open a question before what it asks
// about ("what were the", "how many", "tell me about"): a second thing
// joined to the first is asked about in the same words.
var frameWords = setOf(`what whats which who how many much when where is are was were did do does will the tell me us about show give
list any latest current`, "")

// Conjuncts splits a question about two things at once, joined with
// "and" ("What were IT exports and broadband subscribers in FY24?"),
// into one question about each ("What were IT exports in FY 2023-24",
// "What were broadband subscribers in FY24"): the second is asked in the
// words that open the first, and the first gets the period the second
// names; two names are asked of each with what they share ("jobs in
// Karachi and Islamabad IT parks"). It returns nil for a question that
// joins no two things: a side that names nothing. Whether the two are
// better asked apart, as a phrase ("research and development") is not,
// only the answers tell. Urdu's "اور" is left alone: its script tells no
// names apart, and "مئی اور جون" (May and June) is one period.
func (a *Analyzer) Conjuncts(question string) []string {
	if !strings.Contains(question, "&") && !slices.ContainsFunc([]string{"and", "aur", "plus"}, func(w string) bool { return holdsJoiner(question, w) }) {
		return nil // nearly every question: the pattern costs more
	}
	locs := andJoin.FindAllStringIndex(question, 2)
	if len(locs) != 1 {
		return nil
	}
	fieldsBefore, fieldsAfter := strings.Fields(strings.ToLower(question[:locs[0][0]])), strings.Fields(strings.ToLower(question[locs[0][1]:]))
	if len(fieldsBefore) == 0 || len(fieldsAfter) == 0 {
		return nil
	}
	before, after := strings.Trim(fieldsBefore[len(fieldsBefore)-1], ",.?!"), strings.Trim(fieldsAfter[0], ",.?!")
	if a.lexicon.Load().joinsOneThing(before, after) || IsCalendarTerm(Stem(before)) || IsCalendarTerm(Stem(after)) || isNumber(before) || isNumber(after) {
		// "its research and development centre", "in May and June",
		// "in 2023 and 2024": one thing, one stretch of time.
		return nil
	}
	// Two names that share the rest ("jobs in Karachi and Islamabad IT
	// parks", "Spotify and Starlink") are asked of each as a choice
	// between them is.
	if parts := a.choices(question[:locs[0][0]] + " or " + question[locs[0][1]:]); parts != nil {
		return parts
	}
	left := strings.TrimSpace(question[:locs[0][0]])
	right := strings.TrimSpace(question[locs[0][1]:])
	lq, rq := a.Analyze(left), a.Analyze(right)
	if !namesSubject(lq) || !namesSubject(rq) || lq.Want != WantAny && rq.Want != WantAny && len(rq.Words) > 0 && rq.Want != lq.Want {
		return nil
	}
	fields := strings.Fields(left)
	n := 0
	for n < len(fields) && frameWords[strings.ToLower(strings.Trim(fields[n], ",?!.:"))] {
		n++
	}
	if n == len(fields) {
		return nil
	}
	second := right
	if n > 0 {
		second = strings.Join(fields[:n], " ") + " " + right
	}
	first := left
	if !rq.Period.IsZero() && lq.Period.IsZero() {
		first += " in " + rq.Period.String()
	}
	return []string{first, strings.TrimRight(second, " ?!.")}
}
