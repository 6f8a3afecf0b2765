package understand

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// This file reads which kind of fact can answer a question (a price, a
// reason, a date still to come, a ranking, what was done so far, several
// names) and what kind of answer a fact's text gives, which search
// matches against each other.

// readKinds marks the kinds of answer q asks for, from the words typed
// (fillers and Urdu script too: "hoga", "tha", "اب تک") and the tokens
// read from them, once its words are read.
func (q *Question) readKinds(words []string, toks []token) {
	cost := costVerb(toks)
	if q.Want == WantWhat && cost {
		q.Want = WantQuantity // "what does it cost"
	}
	q.Future = q.Want == WantTime && future(words)
	q.Superlative = asksSuperlative(toks) || urduSuperlative(words)
	q.Long = q.Want == WantQuantity && asksHowLong(toks)
	// "What were IT exports last year?", "how many jobs did the park
	// create?": a figure in the past tense is one that happened, unless
	// the question asks for what was planned or expected. So is what
	// there is now, when no period is named ("kitne freelancers hain",
	// not "2027 tak").
	q.Done = asksDone(words) || q.Want == WantQuantity && (pastTense(words) || thereAre(words) && !future(words) && q.Period.IsZero()) && !asksPlan(words)
	if q.Want == WantWhat && calledAtEnd(toks) {
		q.Want = WantWhich // "what is the e-commerce university called": its name
		q.NameOf = headBefore(toks, len(toks)-1)
	}
	if n := len(toks); q.Want == WantAny && n >= 2 && (toks[n-1].text == "name" || toks[n-1].text == "names") {
		q.Want = WantWhich // "nitb ceo name?", "alibaba portal name": its name
		q.NameOf = headBefore(toks, n-1)
	}
	if q.NameOf == "" {
		q.NameOf = nameOf(toks)
	}
	if roles[q.NameOf] && (q.Want == WantWhich || q.Want == WantWhat) {
		// "What's the name of the NITB CEO?" asks who holds the title,
		// as "who is the NITB CEO" does: a fact must name the person.
		for i := range q.Words {
			if q.Words[i].Text == q.NameOf {
				q.Words[i].Focus, q.Words[i].Common = true, false
			}
		}
	}
	q.Rank = (q.Want == WantWhat || q.Want == WantAny) && asksRank(toks)
	if q.Want == WantWhich || q.Want == WantWhat {
		var noun string
		var adj string
		if q.Firm, noun, q.FirmKind, adj = asksFirm(toks); q.Firm && q.NameOf == "" {
			q.NameOf = noun
		}
		// "Which foreign company did NITB work with?": a firm from
		// abroad, which a fact naming only the board and the ministry
		// does not give. Whether a firm is local, a fact seldom says:
		// its name tells.
		q.Abroad = fromAbroad[adj]
	}
	q.YesNo = q.Want == WantAny && len(toks) > 0 && auxiliaries[toks[0].text]
	if q.Want == WantTime && sinceWhen(words) && slices.ContainsFunc(toks, func(t token) bool { return roles[t.text] }) {
		// "Irfan Neziroglu kab se ambassador hain?", "since when has
		// she been minister": when someone took the post, which a fact
		// that only says they held it does not tell.
		q.Words = append(q.Words, Word{Text: "appointed", Share: 1, Salience: 1, Focus: true, Relation: true, English: true,
			Alts: []Alt{{Text: "became", Weight: alikeWeight}, {Text: "sworn", Weight: alikeWeight}, {Text: "took", Weight: wordNetWeight}}})
	}
	if q.Want == WantPerson || q.Want == WantWhich || q.Want == WantTime {
		q.markRelation(toks, pastTense(words) || urduPast(words), asksPlan(words), slices.ContainsFunc(words, func(w string) bool { return dueAsks[w] }))
	}
	var places bool
	q.Many, places = namesAsked(toks)
	q.PlaceName = q.PlaceName || q.Many > 0 && places
	// A share is no count: "wat % of ppl … r women" asks a percentage.
	q.Count = q.Want == WantQuantity && !asksShare(toks) && (countQuestion(toks) || countsPeople(toks, q.Words))
	q.Money = cost
	if q.Want == WantQuantity {
		var rest int
		q.OfTotal, rest = ofTotal(toks)
		if q.OfTotal == "" {
			q.OfTotal, rest = ofTotalUrdu(words, toks)
		}
		if q.OfTotal != "" {
			// "How many of the 278 players are women?": which part is
			// counted is what a fact must tell, as a relation is.
			for _, t := range toks[rest:] {
				if i := wordIndex(q.Words, t.text); i >= 0 && !IsStopWord(t.text) {
					q.Words[i].askRelation()
				}
			}
		}
		for i := range q.Words {
			if w := &q.Words[i]; figureUnits[w.Text] {
				// "How many million dollars did exports reach?", "kitne
				// arab dollar": the unit the figure is written in, not
				// what it is of; in a currency, it is money.
				w.Focus, w.Common = false, true
				q.Money = q.Money || moneyWords[w.Text]
			}
		}
	}
	if q.Want == WantQuantity || q.Want == WantWhat || cost {
		for i := range q.Words {
			w := &q.Words[i]
			if (w.Focus || q.Want == WantQuantity || q.Want == WantWhat) && moneyNouns[w.Text] {
				// A salary, a price or a fee is that kind of money,
				// said so: "earnings" in foreign exchange are no salary.
				// Asked how much or what, it is what is asked wherever
				// it stands: "office ka rent per square foot kitna
				// hai", "what will the monthly rent per square foot
				// be".
				q.Money = true
				w.askRelation()
			}
			if moneyWords[w.Text] && q.Want == WantQuantity && !q.Count {
				q.Money = true
			}
			if costWords[w.Text] && q.Want == WantQuantity {
				// "How much will the Karachi IT Park cost?", "what does
				// it cost": its cost is asked for, which a fact must
				// name (a price, a cost); an amount it will earn is
				// none.
				q.Money = true
				w.claim()
			}
		}
	}
	if q.Want == WantQuantity && slices.ContainsFunc(toks, func(t token) bool { return t.text == "much" }) {
		// "How much did the country make selling software abroad?":
		// the verb says money is asked for, which a fact gives as an
		// amount, whatever verb it has ("exports reached $3.2 billion").
		for i, w := range q.Words {
			if w.Focus && earnVerbs[w.Text] {
				q.Money = true
				q.Words[i].Focus, q.Words[i].Common = false, true
			}
		}
	}
	// "How much did the players earn", "players ne kitna kamaya" (Urdu's
	// kitna is both many and much), "how much did the govt spend": how
	// much of what the verb does is asked, and earning or spending is
	// money ("make" is as often "make decisions").
	if q.Want == WantQuantity && muchOfVerb(toks) && slices.ContainsFunc(q.Words, func(w Word) bool { return spendVerbs[Base(w.Text)] }) {
		q.Money = true
	}
}

// StatesWhen reports whether text says when something is due, not only
// when the fact was reported: a time after "by", "until", "due",
// "expected", "set" and the like ("projected to be operational by 2027",
// "due to become operational in FY 2024-25"), or before "deadline". "As
// of the FY 2023-24 review, … an auction still to come" says no such
// time. A year after the fact's own (after) says one too. A "when will"
// question is answered by a fact that does.
func StatesWhen(text string, after int) bool {
	fields := strings.Fields(strings.ToLower(text))
	for i, f := range fields {
		f = strings.Trim(f, ".,;:()")
		if !isTimeWord(f) {
			continue
		}
		y, err := strconv.Atoi(f[:min(4, len(f))])
		if err == nil && y > after {
			return true
		}
		for _, w := range fields[max(0, i-dueWindow):i] {
			// "By 2021, Starlink had been registered": by the fact's own
			// year is as of then, no time something is due.
			if w = strings.Trim(w, ".,;:()"); dueWords[w] && !(err == nil && y <= after && asOfWords[w]) {
				return true
			}
		}
		for _, w := range fields[i+1 : min(len(fields), i+dueWindow)] {
			if strings.HasPrefix(w, "deadline") {
				return true
			}
		}
	}
	return false
}

// superlative reports a word that ranks something above all others:
// "largest", "fastest", "biggest" (whose comparative is a word too:
// "honest" is none), or the irregular ones.
func superlative(w string) bool {
	if irregularSuperlatives[w] {
		return true
	}
	if len(w) < 6 || !strings.HasSuffix(w, "est") {
		return false
	}
	_, ok := lookupWord(w[:len(w)-2] + "r") // largest: larger
	return ok
}

var irregularSuperlatives = setOf(`best worst most least top record`, "")

// StatesSuperlative reports whether text ranks something above others
// ("the largest", "a record $3.2 billion", "ranked 29th", "top 30"): what
// "which … the most" or "the fastest" questions ask for.
func StatesSuperlative(text string) bool {
	for _, w := range Words(Fold(text)) {
		if superlative(w) || ordinal(w) {
			return true
		}
	}
	return false
}

// ordinal reports a rank written as a word or a figure: "third", "29th".
func ordinal(w string) bool {
	if ordinalWords[w] {
		return true
	}
	digits := strings.TrimRight(w, "abcdefghijklmnopqrstuvwxyz")
	suffix := w[len(digits):]
	return digits != "" && strings.Trim(digits, "0123456789") == "" && (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th")
}

// ordinalWords leave out "first": "the first e-commerce portal" ranks
// nothing against others.
var ordinalWords = setOf(`second third fourth fifth sixth seventh eighth ninth tenth`, "")

// asksSuperlative reports a question for what ranks above the rest:
// "which is the largest", "which city has the most freelancers", "what is
// the fastest speed". A superlative elsewhere describes what is asked
// about ("the largest province's revenue office", "reach the top tier"),
// and "most freelancers" alone is the majority of them.
func asksSuperlative(toks []token) bool {
	for i, t := range toks {
		if !superlative(t.text) || t.text == "record" {
			continue
		}
		j := i - 1
		if j >= 0 && toks[j].text == "the" {
			j--
		}
		if j >= 0 && j < i-1 && superlativeLinks[toks[j].text] {
			return true
		}
		if (t.text == "most" || t.text == "least") && j < i-1 && nounAt(toks, i+1) {
			return true // "which bank issues the most credit cards"
		}
	}
	return false
}

// urduSuperlative reports Urdu's superlative, "sab se" (سب سے) before an
// adjective or "zyada": "sab se bari company", "sab se zyada freelancers".
func urduSuperlative(words []string) bool {
	for i := 0; i+2 < len(words); i++ {
		if (words[i] == "sab" || words[i] == "sub" || words[i] == "sb") && (words[i+1] == "se" || words[i+1] == "say" || words[i+1] == "sy") {
			return true
		}
	}
	return hasPair(words, "سب", "سے")
}

// superlativeLinks link a superlative to the question: "which is the
// largest", "which city has the most".
var superlativeLinks = setOf(`is are was were has have had`, "")

// StatesPlan reports whether text tells of a plan or an expectation, not
// of what was done: "planned to set up about 250 centres", "is expected
// to create 13,400 jobs". "How many have been set up so far?" is not told
// by it.
func StatesPlan(text string) bool {
	words := Words(Fold(text))
	for i, w := range words {
		if planWords[w] || w == "to" && i+1 < len(words) && words[i+1] == "be" && i > 0 && (words[i-1] == "due" || words[i-1] == "set") {
			return true
		}
		// Still to come: "reported to be coming to Pakistan soon", not
		// "soon after the launch".
		if w == "soon" && (i+1 == len(words) || words[i+1] != "after") {
			return true
		}
		// Under way, not done: "was being set up in Bagh", "under
		// construction".
		if i > 0 && i+1 < len(words) && (w == "being" && beingAux[words[i-1]] || w == "under" && underWay[words[i+1]]) {
			return true
		}
	}
	return false
}

var planWords = setOf(`plan plans planned planning aim aims aimed aiming expected expects projected proposed intends intended
will would target targets targeted envisaged envisages deadline deadlines goal goals hope hopes hoped seeks sought`, "")

var (
	beingAux = setOf(`is are was were`, "")
	underWay = setOf(`construction way development`, "")
)

// dueWindow is how many words before a time may say it is a plan's.
const dueWindow = 5

// dueWords say that the time after them is when something is due.
var dueWords = setOf(`by until till before due expected scheduled planned projected set target targeted targets deadline`, "")

// DatesOnlyReport reports a text whose every time is when something was
// reported or stood ("as reported in early 2025", "according to FY
// 2023-24 reports", "as of early 2025"): it does not say when what it
// tells happened, which "on what date was the cable damaged" asks.
func DatesOnlyReport(text string) bool {
	fields := strings.Fields(strings.ToLower(text))
	dated := false
	for i, f := range fields {
		if !isTimeWord(strings.Trim(f, ".,;:()")) {
			continue
		}
		dated = true
		reported := false
		for j := max(0, i-4); j < i; j++ {
			w := strings.Trim(fields[j], ".,;:()")
			if reportCues[w] || w == "of" && j > 0 && strings.Trim(fields[j-1], ".,;:()") == "as" {
				reported = true
			}
		}
		if !reported {
			return false
		}
	}
	return dated
}

var reportCues = setOf(`reported report reports according`, "")

// asOfWords are the due words that, before a year that is not yet to
// come, say as of when rather than by when.
var asOfWords = setOf(`by until till before`, "")

// isTimeWord reports a year ("2027", "2024-25", "FY"), or a month's name.
func isTimeWord(f string) bool {
	if f == "fy" || f == "fiscal" {
		return true
	}
	if y, _, _ := strings.Cut(strings.ReplaceAll(f, "/", "-"), "-"); isYear(y) {
		return true
	}
	return isMonthName(f) && len(f) >= 3 && !stopWords[f] // "may" the month, not the verb: stop words are left out
}

// namesAsked reads how many names a question asks for: a number after
// "which", "name" or "list" (and "all" or "the"), before a noun; and
// whether they are places' ("the ten countries").
func namesAsked(toks []token) (int, bool) {
	for i, t := range toks {
		if t.text != "which" && t.text != "name" && t.text != "list" {
			continue
		}
		j := i + 1
		for j < len(toks) && (toks[j].text == "the" || toks[j].text == "all") {
			j++
		}
		if j+1 >= len(toks) || !nounAt(toks, j+1) || typeNouns[toks[j+1].text] == WantTime {
			continue // "which two months": times, not names
		}
		if n := slices.Index(digitWords, toks[j].text); n >= 2 {
			return n, namedPlaceNouns[toks[j+1].text]
		}
		if n, err := strconv.Atoi(toks[j].text); err == nil && n >= 2 && n < 1000 {
			return n, namedPlaceNouns[toks[j+1].text]
		}
	}
	return 0, false
}

// rankNouns are what a position in a ranking is called.
var rankNouns = setOf(`rank ranks ranked ranking rankings position positions standing placing placement`, "")

// asksRank reports a what or where question for a position in a
// ranking: a word for it close after the question word ("where did
// Pakistan rank"), or after "what" and only a copula or stop words ("what
// exact rank", "what is Pakistan's position").
func asksRank(toks []token) bool {
	for i, t := range toks {
		if t.lexicon && rankNouns[t.text] {
			return true // "EGDI mein kaunsa number hai": which rank
		}
		if t.text != "what" && t.text != "where" {
			continue
		}
		for _, u := range toks[i+1 : min(len(toks), i+1+rankWindow)] {
			if rankNouns[u.text] {
				return true
			}
			if t.text == "what" && (!IsStopWord(u.text) || auxiliaries[u.text] && !copulas[u.text]) {
				return false // "what did the ranking say": the ranking is no answer
			}
		}
		return false
	}
	return false
}

// rankWindow is how many words after the question word may name the rank.
const rankWindow = 4

// calledAtEnd reports a what question that ends asking what something
// is called or named: "what is the university called?".
func calledAtEnd(toks []token) bool {
	n := len(toks)
	return n >= 3 && (toks[n-1].text == "called" || toks[n-1].text == "named") && slices.ContainsFunc(toks[:n-1], func(t token) bool { return copulas[t.text] })
}

// nameOf returns the noun whose name "the name of the X" asks, its last
// word: "cable" of "the name of the PTCL submarine cable that…".
func nameOf(toks []token) string {
	for i := 1; i+1 < len(toks); i++ {
		// Urdu puts the named before: "startups ke naam kya hain",
		// "اسٹارٹ اپس کے نام کیا ہیں".
		if (toks[i].text == "name" || toks[i].text == "names") && toks[i+1].question && whWords[toks[i+1].text] != "" &&
			nounAt(toks, i-1) && !IsStopWord(toks[i-1].text) {
			return toks[i-1].text
		}
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].text != "name" && toks[i].text != "names" || toks[i+1].text != "of" {
			continue
		}
		head := ""
		for j := i + 2; j < len(toks) && j <= i+2+2*maxFocusPhrase; j++ {
			t := toks[j]
			if head == "" && (articles[t.text] || t.possessive && IsStopWord(t.text)) {
				continue
			}
			_, known := lookupWord(t.text)
			if IsStopWord(t.text) && !itInitials(t) || known && !nounAt(toks, j) && !adjectiveAt(toks, j) ||
				head != "" && progressive(t.text) {
				break // "the foreign company building the gateway": a clause follows
			}
			head = t.text
		}
		return head
	}
	return ""
}

// headBefore returns the last word of the noun phrase that ends before
// toks[end]: "cable" of "what was the PTCL cable called".
func headBefore(toks []token, end int) string {
	if end > 0 && !IsStopWord(toks[end-1].text) {
		return toks[end-1].text
	}
	return ""
}

// asksDone reports a question about what has been done so far.
func asksDone(words []string) bool {
	for i, w := range words {
		if doneWords[w] || i+1 < len(words) && pairIn(doneWords, w, words[i+1]) {
			return true
		}
	}
	return slices.Contains(words, "تاحال") || hasPair(words, "اب", "تک")
}

// thereAre reports a count of what exists: "how many freelancers are
// there", "kitne freelancers hain". A plan to have some does not tell it.
func thereAre(words []string) bool {
	if hasPair(words, "are", "there") || hasPair(words, "is", "there") {
		return true
	}
	n := len(words)
	if n < 3 {
		return false
	}
	// "How many freelancers does Pakistan have?"
	if words[n-1] == "have" && slices.ContainsFunc(words, func(w string) bool { return w == "does" || w == "do" }) {
		return true
	}
	// "pakistan mein kitne freelancers hain", "فری لانسرز کتنے ہیں": the
	// count and its noun, then the copula alone.
	return presentCopulas[words[n-1]] && slices.ContainsFunc(words[max(0, n-4):n-1], func(w string) bool { return countWords[w] })
}

var (
	presentCopulas = setOf(`hain hai hein hy ہیں ہے`, "")
	countWords     = setOf(`kitne kitni kitna kitnay ktne ktni کتنے کتنی کتنا`, "")
)

// pastTense reports a question in the past tense: was, were, did, had;
// Roman Urdu tha, thi, thay; Urdu تھا، تھی، تھے.
func pastTense(words []string) bool {
	for _, w := range words {
		if pastWords[w] {
			return true
		}
	}
	return false
}

var pastWords = setOf(`was were did had tha thi thay thy thee تھا تھی تھے`, "")

// urduPast reports a Roman Urdu or Urdu verb's past form that says what
// happened: "hua", "hui", "khula", "ہوا", "ہوئی", "کھلا".
func urduPast(words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return urduPastWords[w] })
}

var urduPastWords = setOf(`hua hui huwa hoa hoi khula khuli ہوا ہوئی ہوئے کھلا کھلی`, "")

// asksPlan reports a question about what was planned or expected.
func asksPlan(words []string) bool {
	for _, w := range words {
		if planWords[w] || w == "supposed" || w == "due" || w == "meant" {
			return true
		}
	}
	return false
}

// doneWords ask what has been done, not what is planned: "already",
// "so far", whether it "actually", "finally", "eventually" or "ever"
// happened, whether they "went on to" do it or "ended up" doing it, and
// Roman Urdu's "ban chuke hain" (have been built).
var doneWords = setOf(`already so_far to_date till_now until_now up_to_now ab_tak abhi_tak abi_tak ab_tk actually finally
eventually ever go_on went_on gone_on end_up ended_up chuka chuki chuke chukay chukey چکا چکی چکے`, "_")

// asksHowLong reports "how long" among the tokens.
func asksHowLong(toks []token) bool {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].text == "how" && toks[i+1].text == "long" {
			return true
		}
	}
	return false
}

// LengthTerms returns the index terms of the units a figure gives a
// duration or a length in: what "how long" asks. They are stemmed when
// first asked for, as few questions need them.
var LengthTerms = sync.OnceValue(func() []string {
	var terms []string
	for w := range strings.FieldsSeq(`year years month months week weeks day days hour hours minute minutes km kms kilometre kilometres
		kilometer kilometers metre metres meter meters mile miles foot feet ft`) {
		if t := Stem(w); !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	return terms
})

// ReasonTerms returns the index terms of the words a sentence gives a
// cause or a purpose with ("because", "due to", "blamed on", "aimed to",
// "to help"): a why question is answered by a fact that has one. Stemmed
// when first asked for, as LengthTerms.
var ReasonTerms = sync.OnceValue(func() []string {
	var terms []string
	for w := range strings.FieldsSeq(`because due owing cause caused causes blamed blame reason reasons result resulted
		resulting amid driven thanks aim aims aimed help helps helped purpose so-that consequence`) {
		for _, part := range Words(w) {
			if t := Stem(part); !IsStopWord(part) && !slices.Contains(terms, t) {
				terms = append(terms, t)
			}
		}
	}
	return terms
})

// future reports a question in the future tense: English "will",
// "going to", "due", "expected"; Roman Urdu "hoga", "jayega", "kab tak";
// Urdu verbs ending in گا, گی or گے.
func future(words []string) bool {
	for i, w := range words {
		if futureWords[w] || i+1 < len(words) && pairIn(futureWords, w, words[i+1]) {
			return true
		}
		if !IsLatin(w) && (strings.HasSuffix(w, "گا") || strings.HasSuffix(w, "گی") || strings.HasSuffix(w, "گے")) {
			return true
		}
		// Roman Urdu's future ends so: "khulega", "lagegi", "milenge",
		// "aayengi"; typed apart too: "aye ga", "bane gi", "kare ge".
		if len(w) >= 5 && IsLatin(w) && (strings.HasSuffix(w, "ega") || strings.HasSuffix(w, "egi") || strings.HasSuffix(w, "enge") || strings.HasSuffix(w, "engi")) {
			if _, english := lookupWord(w); !english {
				return true
			}
		}
		if i+1 < len(words) && futureEndings[words[i+1]] && IsLatin(w) && len(w) >= 2 && strings.ContainsRune("aeiouy", rune(w[len(w)-1])) {
			if _, english := lookupWord(w); !english || i > 0 && (words[i-1] == "kab" || words[i-1] == "kb") {
				return true
			}
		}
		// "When is the park opening?", "kab aa raha hai": asked when,
		// what is under way is still to come.
		if progressiveWords[w] || (w == "is" || w == "are") && slices.ContainsFunc(words[i+1:], func(v string) bool {
			return len(v) > 5 && strings.HasSuffix(v, "ing") && verbLike(v)
		}) {
			return true
		}
	}
	return false
}

// progressiveWords make Roman Urdu's present progressive: "aa raha hai".
var progressiveWords = setOf(`raha rahi rahe rahay rha rhi rhe`, "")

// futureEndings are Roman Urdu's future endings typed as words of their
// own: "aye ga", "bane gi".
var futureEndings = setOf(`ga gi ge gy`, "")

var futureWords = setOf(`will shall gonna going_to expected due scheduled planned supposed set_to slated kab_tak next upcoming
hoga hogi honge hongay hoge hongi jayega jayegi jaega jaegi jaenge jayenge karega karegi karenge banega banegi banenge
ayega aayega aega aegi milega milegi milenge chalega chalegi shuru_hoga ho_ga ho_gi ho_jayega`, "_")

// moneyNouns are the measure nouns whose figure is an amount of money.
var moneyNouns = setOf(`price prices cost costs salary salaries wage wages budget budgets fee fees tariff tariffs fare fares
rent rents pay spending spendings expense expenses expenditure expenditures outlay`, "")

// moneyWords name money itself: asked how much of them, a fact must give
// an amount of money, in whatever words ("how much money was allocated to
// the projects" is not told by how many projects there are).
var moneyWords = setOf(`money cash funding funds investment investments dollars dollar rupees rupee paisa paise raqam usd rs pkr`, "")

// figureUnits are the units a figure is written in: scales (the
// lexicon reads crore as "ten million") and currencies, which are
// moneyWords too.
var figureUnits = setOf(`ten hundred hundreds thousand thousands million millions billion billions trillion trillions lakh lakhs crore crores arab kharab
dollar dollars usd rupee rupees rs pkr`, "")

// earnVerbs say that "how much" asks for money: "how much did it make".
var earnVerbs = setOf(`make makes made making earn earns earned earning generate generates generated fetch fetches fetched
raise raises raised net nets netted pay pays paid spend spends spent invest invests invested charge charges charged`, "")

// sinceWhen reports a question for when something began that still
// holds: "since when", "kab se", "کب سے".
func sinceWhen(words []string) bool {
	return slices.Contains(words, "since") || hasPair(words, "kab", "se") || hasPair(words, "kb", "se") || hasPair(words, "کب", "سے")
}

// spendVerbs are the verbs of earning and spending, whose "how much" is
// always money.
var spendVerbs = setOf(`earn spend invest pay charge`, "")

// costVerb reports "cost" as the verb of a what question: "What does
// Spotify Premium cost?", "what did the park cost".
func costVerb(toks []token) bool {
	what := slices.IndexFunc(toks, func(t token) bool { return t.text == "what" })
	if what < 0 || what+1 >= len(toks) || !auxiliaries[toks[what+1].text] {
		return false
	}
	return slices.ContainsFunc(toks[what+2:], func(t token) bool { return t.text == "cost" || t.text == "costs" })
}

// costWords ask what something costs.
var costWords = setOf(`cost costs costing`, "")

// hasPair reports the words a and b one after the other.
func hasPair(words []string, a, b string) bool {
	for i := 0; i+1 < len(words); i++ {
		if words[i] == a && words[i+1] == b {
			return true
		}
	}
	return false
}

// pairIn reports "a b" in set, without making the string.
func pairIn(set map[string]bool, a, b string) bool {
	var buf [48]byte
	if len(a)+1+len(b) > len(buf) {
		return false
	}
	return set[string(append(append(append(buf[:0], a...), ' '), b...))]
}

// firmNouns are the common nouns of firms and bodies: what "which
// company" asks the name of, and what a fact speaks of without naming
// ("a foreign company").
var firmNouns = setOf(`company companies firm firms business businesses enterprise enterprises organisation organisations
organization organizations body bodies agency agencies institution institutions brand brands operator operators provider
providers lender lenders bank banks developer developers vendor vendors contractor contractors manufacturer manufacturers
maker makers partner partners consultant consultants startup startups investor investors financier financiers donor donors sponsor sponsors
telco telcos carrier carriers ministry ministries`, "")

// asksFirm reports "which company", "which foreign firm", "what telecom
// operator": the name of a firm or a body is asked for, noun is the
// word for it, and kind the noun that says which kind ("consultancy"),
// if one comes just before it.
func asksFirm(toks []token) (ok bool, noun, kind, adj string) {
	for i, t := range toks {
		if w := whWords[t.text]; w != WantWhich && w != WantWhat {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			if firmNouns[toks[j].text] {
				// The noun just before it is the kind of firm asked
				// for: "which consultancy firm"; an adjective says
				// which: "which foreign company".
				if before := toks[j-1].text; j > i+1 && !IsStopWord(before) && !verbLike(before) {
					if adjective(before) {
						adj = before
					} else {
						kind = before
					}
				}
				return true, toks[j].text, kind, adj
			}
			if IsStopWord(toks[j].text) {
				break
			}
		}
		return false, "", "", ""
	}
	return false, "", "", ""
}

// fromAbroad are the adjectives that ask for a firm from abroad.
var fromAbroad = setOf(`foreign overseas multinational`, "")

// UnnamedFirm stands among a fact's names (Names) for a firm or a body
// the text speaks of without naming it: "a dedicated team was working
// with a foreign company". "Which foreign company…" is not answered by
// it.
const UnnamedFirm = "~firm"

// Unnamed starts the marks among a fact's names (Names) of the things its
// text speaks of without naming them, each followed by the index term of
// the thing: "~a:cabl" for "a PTCL submarine cable was damaged". "What
// was the name of the PTCL cable?" is not answered by it.
const Unnamed = "~a:"

// unnamed returns the heads of the noun phrases a text opens with "a" or
// "an" and does not name: not "a foreign company, Ant Group," nor "an
// app called X", nor "Samsung, a South Korean company".
func unnamed(fields []string) []string {
	var heads []string
	for i, f := range fields {
		if f != "a" && f != "an" && f != "A" && f != "An" || i > 0 && strings.HasSuffix(fields[i-1], ",") {
			continue
		}
		head := ""
		for j := i + 1; j < len(fields) && j <= i+5; j++ {
			core := strings.TrimFunc(fields[j], notHyphenatedWordRune)
			if core == "" || strings.IndexFunc(core, unicode.IsLetter) < 0 || IsStopWord(Fold(core)) {
				break // "a record $3.223 billion": a figure is no thing's name
			}
			if f := strings.Fields(Fold(core)); len(f) > 0 {
				head = f[len(f)-1] // folding may spell a sign out: "0%a" is "0 percent a"
			}
			if core != fields[j] {
				break // punctuation ends the noun phrase
			}
			if next := j + 1; next < len(fields) && IsStopWord(Fold(fields[next])) {
				break
			}
		}
		if head == "" {
			continue
		}
		last := i + 1
		for last < len(fields) && Fold(strings.TrimFunc(fields[last], notHyphenatedWordRune)) != head {
			last++
		}
		if next := last + 1; next < len(fields) && (fields[next] == "called" || fields[next] == "named" ||
			startsUpper(fields[next]) && !IsStopWord(Fold(fields[next]))) {
			continue // named right after
		}
		if !slices.Contains(heads, head) {
			heads = append(heads, head)
		}
	}
	return heads
}

// kindsUnnamed returns the plural nouns a text speaks of as a kind, with
// no figure counting them, no names after them and no list before them:
// "the aim of telecom operators", "to hire experienced consultants",
// "rules for social media platforms". "Which telecom operator installed
// the tower?" and "which platforms will the rules cover?" are not
// answered by it; "which body was allowed to hire consultants" may be,
// and "which sectors use AI" is by "the healthcare, agriculture and
// finance sectors".
func kindsUnnamed(fields []string) []string {
	var kinds []string
	for i, f := range fields {
		core := strings.TrimRight(f, "'’,.;:")
		w := Fold(core)
		if !strings.HasSuffix(w, "s") || slices.Contains(kinds, w) || !firmNouns[w] && !pluralNoun(w) {
			continue
		}
		if i > 0 && (isFigure(fields[i-1]) || numberWords[Fold(fields[i-1])] || startsUpper(fields[i-1])) {
			continue // "350 companies", "Samsung's partners"
		}
		if core == f && i+1 < len(fields) && (startsUpper(fields[i+1]) || namingWords[fields[i+1]]) {
			continue // "firms Samsung and Nokia", "partners such as"
		}
		if namedAfter(fields, i) || listedBefore(fields, i) {
			continue // "regions of Pakistan including", "healthcare, agriculture and finance sectors"
		}
		kinds = append(kinds, w)
	}
	return kinds
}

// pluralNoun reports an everyday English noun in the plural that may be
// a kind of thing asked for: not a unit, a measure or a stop word.
func pluralNoun(w string) bool {
	if len(w) < 4 || IsStopWord(w) || units[w] || measureNouns[w] || figureUnits[w] {
		return false
	}
	info, ok := lookupWord(w)
	return ok && info.noun() && !info.proper()
}

// namedAfter reports a word that introduces names a few words after
// fields[i], in the same clause: "regions of Pakistan including".
func namedAfter(fields []string, i int) bool {
	for j := i + 1; j < len(fields) && j <= i+4; j++ {
		if namingWords[strings.TrimRight(fields[j], ",:")] || strings.HasSuffix(fields[j-1], ":") {
			return true
		}
		if strings.ContainsAny(fields[j-1], ",.;") {
			return false
		}
	}
	return false
}

// listedBefore reports a list of everyday words that ends at fields[i]:
// "healthcare, agriculture and finance sectors", not "the PTA's and
// telecom operators'".
func listedBefore(fields []string, i int) bool {
	for j := i - 1; j > 0 && j >= i-3; j-- {
		f := fields[j]
		if strings.HasSuffix(f, ".") {
			return false
		}
		item := fields[j-1]
		if f == "and" || f == "or" || f == "&" {
			return !startsUpper(item) && !strings.HasSuffix(item, "'s") && !strings.HasSuffix(item, "’s")
		}
		if strings.HasSuffix(f, ",") {
			// "healthcare, agriculture": not "In 2023, new startups",
			// nor "Meanwhile, startups".
			info, ok := lookupWord(Fold(strings.TrimRight(f, ",")))
			return !startsUpper(f) && ok && info.noun()
		}
	}
	return false
}

// namingWords introduce the names of what comes before them.
var namingWords = setOf(`called named such like including`, "")

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// markRelation finds the relation a who, which or when question asks
// about anywhere in its first clause: "which bank or donor is funding
// DEEP", "when was Lucky Motor founded", as readWords finds it right
// after the question word ("who owns Careem"). A fact must say it.
func (q *Question) markRelation(toks []token, past, plan, due bool) {
	if slices.ContainsFunc(q.Words, func(w Word) bool { return w.Relation }) {
		return
	}
	asked := false
	for i, t := range toks {
		if whWords[t.text] != "" {
			if asked {
				return // a second question
			}
			asked = true
			if w := i - 1; t.question && q.Want == WantTime && w >= 0 && eventVerb(toks[w].text) && !q.Future && !plan && past && !due {
				// Urdu puts the event before its question word:
				// "سینٹر کا افتتاح کب ہوا" (when was the centre's
				// inauguration).
				if k := wordIndex(q.Words, toks[w].text); k >= 0 {
					q.Words[k].askRelation()
					q.Done = true
					return
				}
			}
			continue
		}
		if !asked {
			continue
		}
		if t.text == "and" || t.text == "but" {
			return
		}
		// Not inside a compound ("state-run"), nor what something is for
		// ("who was given the go-ahead to hire consultants"). When
		// something happened is told only of that happening: "when did
		// the centre open" not by the plan for it.
		// An event verb is read so only when the question says it
		// happened ("when did it open", "on what date was it
		// inaugurated", "kab khula tha", "کب کھلا"), not what was
		// planned ("supposed to be completed").
		happened := !q.Future && !plan && (past || strings.HasSuffix(t.text, "ed") || t.text == "born" || becameUrdu[t.surface] || becameUrdu[t.text] || i > 0 && toks[i-1].text == "went")
		// Who did it is asked with the verb's past form ("who
		// inaugurated it"), or Roman Urdu's base form ("kis ne
		// inaugurate kiya tha"); "the 5g launch" is a noun.
		asksWho := q.Want == WantPerson && (strings.HasSuffix(t.text, "ed") || t.romanUrdu)
		event := (q.Want == WantTime || asksWho) && happened &&
			((eventVerb(t.text) || becameRole(toks, i)) && (i == 0 || !articles[toks[i-1].text] && !adjective(toks[i-1].text)) || wentLive(toks, i))
		isRelation := relationVerb(t.text) || event
		// A word of a name is no verb: the "Fund" of the Universal
		// Service Fund funds nothing in "when was it established".
		if isRelation && !t.compound && !t.name && (i == 0 || toks[i-1].text != "to") {
			// When it happened is not told by the plan for it: "plans
			// surfaced for Multan to host the centre" does not say
			// when it was inaugurated.
			q.Done = q.Done || event && q.Want == WantTime && !due && !asksDue(toks, i)
			live := wentLive(toks, i)
			if i := wordIndex(q.Words, t.text); i >= 0 {
				w := &q.Words[i]
				w.askRelation()
				switch {
				case live:
					// Going live is a launch, however a fact says it.
					w.Alts = append(w.Alts, Alt{Text: "launch", Weight: alikeWeight}, Alt{Text: "start", Weight: alikeWeight})
				case startVerbs[t.text]:
					// So is a service's start: "when did Spotify start
					// in Pakistan" is told by its launch.
					w.Alts = append(w.Alts, Alt{Text: "launch", Weight: alikeWeight}, Alt{Text: "began", Weight: alikeWeight})
				}
			}
			return
		}
	}
}

// ofTotal returns the figure a question counts part of, "83" in "how many
// of the 83 projects were finished", "out of 250 centres": a fact whose
// only figure is that total does not give the part. rest is where the
// words that say which part begin, after the verb ("were finished").
func ofTotal(toks []token) (figure string, rest int) {
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].text != "of" || !ofTotalBefore[toks[i-1].text] {
			continue
		}
		j := i + 1
		// "of the 83 projects", "of Pakistan's 181 million users".
		for j < len(toks) && (articles[toks[j].text] || toks[j].text == "all" || toks[j].text == "these" || toks[j].text == "those" || toks[j].possessive) {
			j++
		}
		if j < len(toks) {
			if n, ok := figureOf(toks[j].text); ok {
				rest = slices.IndexFunc(toks[j:], func(t token) bool { return auxiliaries[t.text] })
				if rest < 0 {
					return n, len(toks)
				}
				return n, j + rest + 1
			}
		}
	}
	return "", len(toks)
}

var ofTotalBefore = setOf(`many much out`, "")

// ofTotalUrdu is ofTotal for Roman Urdu and Urdu, which put the total
// first: "83 projects mein se kitne … mukammal hue", "83 منصوبوں میں سے
// کتنے". The words typed say "mein se kitne"; the tokens read from them
// give the figure before the question words and what follows them.
func ofTotalUrdu(words []string, toks []token) (figure string, rest int) {
	asked := false
	for i := 2; i < len(words); i++ {
		if countWords[words[i]] && (words[i-1] == "se" || words[i-1] == "سے") && inWords[words[i-2]] {
			asked = true
			break
		}
	}
	ask := slices.IndexFunc(toks, func(t token) bool { return t.question })
	if !asked || ask < 0 {
		return "", len(toks)
	}
	for _, t := range toks[:ask] {
		if n, ok := figureOf(t.text); ok {
			rest = ask
			for rest < len(toks) && toks[rest].question {
				rest++
			}
			return n, rest
		}
	}
	return "", len(toks)
}

var inWords = setOf(`mein me main mai men میں`, "")

// muchOfVerb reports "how much" asked of a verb, not of a thing: "how
// much did they earn" (an auxiliary follows), "kitna kamaya" (Urdu's
// question word before the verb or at the end).
func muchOfVerb(toks []token) bool {
	for i, t := range toks {
		switch {
		case t.text == "much" && i+1 < len(toks) && auxiliaries[toks[i+1].text]:
			return true
		case t.question && t.text == "many" && (i+1 == len(toks) || urduVerbAt(toks, i+1)):
			return true
		}
	}
	return false
}

// eventVerbs are the verbs of a thing's or a person's beginnings and
// ends: a when question about one that happened is told only by a fact
// that says it did, not by one about a plan, a meeting or a later year.
// Verbs of aspect ("start", "become") say little of what happened.
var eventVerbs = setOf(`open opens opened die dies died launch launches launched inaugurate inaugurates inaugurated
close closes closed join joins joined resign resigns resigned establish establishes established born retire retires retired
elect elects elected marry marries married complete completes completed finish finishes finished approve approves approved
inauguration completion approval establishment closure death retirement resignation disruption outage breakdown
damage damages damaged destroy destroys destroyed hack hacks hacked ban bans banned block blocks blocked suspend suspends suspended
restore restores restored repair repairs repaired disrupt disrupts disrupted start starts started begin begins began begun commence commences commenced`, "")

// becameRole reports "become" said of a title, an event as those of
// eventVerbs are: "when did he become minister", "minister kab bane the"
// ask when someone took office, which a fact that only says they held it
// does not tell. Of anything else "become" says little ("when did
// e-sports become an official sport").
func becameRole(toks []token, i int) bool {
	t := toks[i]
	if Base(t.text) != "become" && !becameUrdu[t.surface] && !becameUrdu[t.text] {
		return false
	}
	for j := max(0, i-3); j < min(len(toks), i+4); j++ {
		if roles[toks[j].text] {
			return true
		}
	}
	return false
}

// asksDue reports a when question that asks by when something was to
// happen, which its plan tells: "by what date were the projects to be
// completed", "supposed to be finished". toks[i] is its event verb.
// The typed words tell the rest (dueAsks: "kab tak mukammal hone the").
func asksDue(toks []token, i int) bool {
	if i >= 2 && toks[i-1].text == "be" && toks[i-2].text == "to" {
		return true
	}
	for j, t := range toks {
		if dueAsks[t.text] || t.text == "by" && j+1 < len(toks) && whWords[toks[j+1].text] != "" {
			return true
		}
	}
	return false
}

var dueAsks = setOf(`until till tak تک deadline supposed meant due scheduled`, "")

// wentLive reports "live" of "went live", "go live" or Roman Urdu's
// "live hua": a launch, as the event verbs say one.
func wentLive(toks []token, i int) bool {
	return toks[i].text == "live" && (toks[i].romanUrdu || i > 0 && goForms[toks[i-1].text])
}

var goForms = setOf(`go goes going gone went`, "")

// becameUrdu are the forms of Roman Urdu and Urdu "banna" (to become)
// that the lexicon reads with "banana" (to make) as "make".
var becameUrdu = setOf(`bane bani bana banay baney banin banen banein بنے بنی بنا`, "")

// eventVerb reports one of eventVerbs as typed or by its base.
// startVerbs are the event verbs of beginning.
var startVerbs = setOf(`start starts started begin begins began begun commence commences commenced`, "")

func eventVerb(w string) bool { return eventVerbs[w] || eventVerbs[Base(w)] }
