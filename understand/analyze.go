package understand

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/lazyre"
)

// MaxQuestionBytes bounds the text Analyze looks at.
const MaxQuestionBytes = 4096

// Question is a question as search needs it.
type Question struct {
	// Words are the words that carry the question's subject, in order.
	Words []Word
	// Period is the period asked about; zero when none is named.
	Period bot.Period
	// Latest is set when the question asks for the newest figure.
	Latest bool
	// YearEarlier is set when it asks for the figure a year before the
	// newest: "the same period last year".
	YearEarlier bool
	// Want is the kind of answer asked for.
	Want Want
	// Count marks a question that counts things ("how many X"): the
	// answer is a figure next to X.
	Count bool
	// PlaceName marks a place question that asks for a city, town,
	// district, province or country ("which city", "which country"): the
	// answer names a place. "Where" may be answered otherwise
	// ("nationwide", "near K2").
	PlaceName bool
	// PlaceKind is the kind of place a PlaceName question asks for when
	// it says: "country" ("which country"), which a country's name tells,
	// or "city" ("which city", "kis ilaqe"), which it does not.
	PlaceKind string
	// FinerPlace marks a place question that asks for a place within
	// any it names ("Where is the Islamabad IT Park?", "karachi it park
	// kis area mein"): a fact that names the place the question gives,
	// and another city besides, does not tell. Asked for a city, a
	// country or where within a region ("which town in Kashmir", "where
	// in Punjab"), a place of the gazetteer is the answer.
	FinerPlace bool
	// Relative marks a who question asked relative to someone ("who was
	// IT minister before Aminul Haq", "aminul haq se pehle"): the answer
	// is another person than those it names.
	Relative bool
	// Future marks a when question about what is still to come ("when
	// will", "kab tak … hoga", "کب … ہوگا"): a fact that only says a plan
	// exists, not when it is due, does not answer it.
	Future bool
	// Superlative marks a question for what ranks above the rest ("the
	// largest park", "which network has the most subscribers"): a fact
	// that ranks nothing does not answer it.
	Superlative bool
	// Rank marks a question for a position in a ranking ("what is
	// Pakistan's rank", "where did it stand"): a fact that ranks nothing
	// or gives no figure does not tell it.
	Rank bool
	// Done marks a question about what has been done so far ("already",
	// "so far", "ab tak"): a fact that tells only of a plan does not
	// answer it.
	Done bool
	// YesNo marks a question that asks whether something is so ("Does
	// Amazon deliver to Gilgit?", "can I pay with a debit card"): a fact
	// tells it only if it holds what the question claims.
	YesNo bool
	// NameOf is the thing whose name is asked ("the name of the PTCL
	// cable", "what is the park called"): a fact that speaks of "a PTCL
	// submarine cable" without naming it does not give it (Unnamed).
	NameOf string
	// FirmKind is the noun before the firm noun of a which question, the
	// kind of firm asked for ("consultancy" in "which consultancy firm"):
	// a fact that speaks of consultants without naming them does not
	// give it either.
	FirmKind string
	// OfTotal is the figure a quantity question counts part of: "83" in
	// "how many of the 83 projects were finished". A fact whose only
	// figure is it does not give the part.
	OfTotal string
	// Firm marks "which company", "what telecom operator": a firm's or a
	// body's name is asked for, which a fact that speaks of "a foreign
	// company" does not give (UnnamedFirm).
	Firm bool
	// Month marks a when question for the month ("which month", "kis
	// mahine"): a fact that gives only the year does not tell it.
	Month bool
	// Day marks a question for the day ("on what date", "the exact
	// date", "kis tareekh", "کس دن"): a fact dated to a month does not
	// tell it.
	Day bool
	// ShareOf marks a question for the share of a whole ("what
	// percentage of Pakistanis have broadband", "what share of the
	// workforce"): a percentage of change ("grew by 5%") does not tell it.
	ShareOf bool
	// Abroad marks a firm asked for from abroad: "which foreign company".
	// A fact tells it by saying so or by naming another country.
	Abroad bool
	// Many is how many names a question asks for, when it says ("which
	// five companies", "name the ten countries", "list all 43 parks"); 0
	// otherwise. A fact that names fewer does not answer it.
	Many int
	// Long marks "how long": a duration or a length, which a figure in
	// years, days or kilometres gives and a count of people does not.
	Long bool
	// Money marks a question for an amount of money: a price, cost,
	// budget or salary ("What does Spotify Premium cost?"). A figure
	// counting anything else does not answer it.
	Money bool
	// Home marks a question that names the country every fact is about
	// ("Pakistani voting machines"), or sets it aside ("which other
	// countries"): a fact naming Pakistan tells it no new place.
	// Unnamed, the country may be the answer ("which country ranked
	// third").
	Home bool
}

// Word is one word of a question's subject.
type Word struct {
	// Text is the folded English word: what the user typed, or what the
	// lexicon says it means.
	Text string
	// Parts are the parts of a hyphenated word ("e-sports"): when the
	// index does not know Text whole, its parts stand for it.
	Parts []string
	// Alts are other words that may stand for it, with how much a fact
	// holding one of them counts (below 1: the user's own word is best).
	Alts []Alt
	// Typo holds, for a word the table does not list, the English word
	// one edit from it and that word's alternatives: what it stands for
	// when the index knows no word of its own one edit from it.
	Typo []Alt
	// Salience is how much the word counts: about 1 for a word that names
	// a subject, less for common words that rarely do ("quick", "story"),
	// 0.5 for numbers. A fact that lacks a salient word is probably about
	// something else.
	Salience float64
	// Share divides the word's weight among the words of one lexicon
	// phrase ("usf" means "universal service fund": three words, one
	// word's weight).
	Share float64
	// Common marks everyday words that rarely name a subject; however
	// many a question has, together they cannot sink an answer.
	Common bool
	// Focus marks what the question asks about: the counted thing in "how
	// many X", the X in "what is the X of".
	Focus bool
	// Name marks a word written with a capital inside a sentence.
	Name bool
	// Number marks a word of digits only.
	Number bool
	// English marks a word of everyday English (it is in the word
	// table): a real word, not a typo to correct.
	English bool
	// Noun marks an English word that can name a thing and is no adverb
	// ("weather", "hotels"; not "tomorrow", "happened"), nor, in a
	// question with an auxiliary, a verb ("what did they sign").
	Noun bool
	// Zipf is how common the word is in everyday English (see
	// wordInfo.zipf); 0 for words the table does not list.
	Zipf float64
	// Guessed marks a salience lowered only because the word is unknown
	// to the lexicon and the word table in an Urdu message: if the facts
	// know the word ("Karachi"), it counts in full.
	Guessed bool
	// Proper marks a word WordNet knows only as a name ("bangladesh",
	// "london"), typed in lowercase or not.
	Proper bool
	// People marks a focus word for people ("gamers", "users"), which a
	// fact counting people of another name may count.
	People bool
	// Role marks a title only a person holds ("CEO", "minister"): who
	// holds it is asked for by a person's name.
	Role bool
	// Relation marks the verb of a who or which question that asks who
	// stands in a relation ("owns", "founded", "heads"): it is the kind
	// of answer, which a fact must say.
	Relation bool
	// Contact marks a way to reach someone asked for ("helpline",
	// "address", "contact number"): the fact's text must give it, not
	// only a keyword.
	Contact bool
	// Part marks what a share is asked of ("what share of the workforce
	// are women", "of IT exports come from freelancers"): a fact that
	// does not name it gives a share of something else.
	Part bool
	// Kind marks the noun right after "which" or "what" that says what
	// kind of thing is asked for ("which hospitals", "what price"): a
	// fact must speak of it in its own words, not only be tagged with it.
	Kind bool
	// Urdu marks a word typed in Urdu script, or any other script but
	// Latin, which has no capitals: it may be a name the user could not
	// write as one ("پارک" of "اسلام آباد آئی ٹی پارک").
	Urdu bool
	// NamePhrase numbers the words written together with a capital that
	// the word is one of ("Global Innovation Index"; 0 for none): a name.
	// A fact that holds some of them and lacks others names something
	// else ("Global Cybersecurity Index").
	NamePhrase int
	// Opposites are the index terms of words of opposite meaning
	// ("urban" for "rural", "exports" for "imports"): a fact that says
	// one of them rather than the word tells of the other thing.
	// Everyday words have none.
	Opposites []string
}

// askRelation marks w as a relation the question asks ("owns",
// "inaugurated", "address"): what it asks about, in full, which a fact
// must say.
func (w *Word) askRelation() {
	w.claim()
	w.Relation = true
}

// claim makes w a word a fact must hold to answer: what the question asks
// about or claims, never an everyday word.
func (w *Word) claim() {
	w.Focus, w.Common = true, false
	w.Salience = max(w.Salience, 1)
}

// Alt is another word that may stand for a question's word.
type Alt struct {
	Text   string
	Weight float64
	// Terms are the index terms of Text (IndexTerms) when they were
	// found with it: WordNet's alternatives are stemmed once, when their
	// word is looked up, rather than for every question that asks it.
	// Nil when they are to be found from Text.
	Terms []string
}

// IndexTerms returns the index terms of an alternative's text: the stem
// of each of its words.
func IndexTerms(text string) []string {
	words := Words(Fold(text))
	for i, w := range words {
		words[i] = Stem(w)
	}
	return words
}

// How much a fact holding an alternative counts against holding the word.
const (
	lexiconWeight = 0.95 // the lexicon says what the user's word means
	surfaceWeight = 1.0  // the user's own spelling, kept beside the meaning
	wordNetWeight = 0.6  // a WordNet synonym or broader term
	derivedWeight = 0.5  // a derived form: "growth" for "grow"
	broaderWeight = 0.5  // a broader term: "telephone" for "handset"
	alikeWeight   = 0.9  // a lexicon word alike: "rise" for "increase"
	typoWeight    = 0.8  // the word a typo is one edit from: "operates" for "operaets"
	maxWordNetAlt = 6
)

// Analyzer turns questions into Questions. It is safe for concurrent use;
// SetLexicon swaps the lexicon while questions are being read.
type Analyzer struct {
	lexicon atomic.Pointer[Lexicon]
	now     func() time.Time
	// read are the two questions Analyze read last, the latest first:
	// the engine asks of each question whether it names only a period
	// (PeriodOnly), search reads it, and the engine asks for its period
	// (AskedPeriod), one after the other; reading it again cost as much
	// as search's top-k. A follow-up reads the chat's previous question
	// in between (FollowUp).
	read [2]atomic.Pointer[lastRead]
}

// recall returns the reading of question remembered from Analyze, or nil.
func (a *Analyzer) recall(question string, lex *Lexicon, now time.Time) *lastRead {
	for i := range a.read {
		if r := a.read[i].Load(); r.readAt(question, lex, now) {
			return r
		}
	}
	return nil
}

// remember keeps r as the latest reading, and the one before it.
func (a *Analyzer) remember(r *lastRead) {
	a.read[1].Store(a.read[0].Swap(r))
}

// lastRead is a question as read with a lexicon in a month (relative
// periods, "last year", are read against the clock's year and month).
type lastRead struct {
	question string
	lexicon  *Lexicon
	year     int
	month    time.Month
	q        Question // its Words are never handed out, only copies
	named    bool     // the period is written out (AskedPeriod)
}

// readAt reports whether r was read from question as it would be now.
func (r *lastRead) readAt(question string, lex *Lexicon, now time.Time) bool {
	return r != nil && r.question == question && r.lexicon == lex && r.year == now.Year() && r.month == now.Month()
}

// NewAnalyzer returns an analyzer that reads questions with lex.
func NewAnalyzer(lex *Lexicon) *Analyzer {
	a := &Analyzer{now: time.Now}
	a.SetLexicon(lex)
	return a
}

// SetClock sets the clock relative periods ("last year") are read
// against, for tests.
func (a *Analyzer) SetClock(now func() time.Time) { a.now = now }

// SetLexicon replaces the lexicon, for example after a moderator added a
// synonym; questions read from then on use it.
func (a *Analyzer) SetLexicon(lex *Lexicon) {
	if lex == nil {
		lex = NewLexicon()
	}
	a.lexicon.Store(lex)
}

// token is one word of a question on its way to becoming a Word.
type token struct {
	text     string   // folded English word
	parts    []string // parts of a hyphenated word
	surface  string   // what the user typed, when the lexicon translated it
	abbr     string   // the abbreviation the lexicon spells in Latin letters for an Urdu one ("pta")
	share    float64
	lexicon  bool // a meaning from the lexicon
	name     bool
	question bool     // a question word the lexicon translated ("kitna")
	focus    bool     // marked as what is asked about while reading
	alike    []string // words that stand for this one (Entry.Alike)
	// compound marks the parts of a hyphenated word read apart
	// ("government-run"): they belong to one phrase.
	compound bool
	// romanUrdu is set on every token of a message with Roman Urdu
	// grammar words ("ka", "hai"): its unknown words are likely Urdu.
	romanUrdu bool
	// attribution marks the words that say where a figure comes from
	// ("according to the ministry's yearly report"): they describe the
	// source, not the subject.
	attribution bool
	// possessive marks a word written with 's: "the project's budget"
	// asks about the budget.
	possessive bool
	// agent marks the last word before Urdu's "ne" (نے), which says who
	// did what is asked about: "Shaza Fatima ne kis mulk ke safeer se
	// mulaqat ki" asks about the country, not about her.
	agent bool
	// phrase numbers the run of words written with a capital the word
	// belongs to ("Global Innovation Index"), 0 for none.
	phrase int
	// cutAfter marks a word whose next was cut out as a period: "in" in
	// "fall in 2023" is a preposition, not a phrasal verb's particle.
	cutAfter bool
}

// Analyze reads a question. It never fails: odd input gives a Question
// with no words.
func (a *Analyzer) Analyze(question string) Question {
	question = asRead(question)
	now, lex := a.now(), a.lexicon.Load()
	if r := a.recall(question, lex, now); r != nil {
		q := r.q
		q.Words = slices.Clone(q.Words)
		return q
	}
	var q Question
	var toks []token
	var rel relative
	var typed []string
	q.Period, rel, toks, typed = a.readPeriod(question, true, lex, now)
	q.Latest, q.YearEarlier = rel.latest && q.Period.IsZero(), rel.yearEarlier && q.Period.IsZero()
	if !q.Period.IsZero() && len(toks) > 0 {
		// The period was cut out of the text: "fall in 2023" ends in a
		// preposition, not in a phrasal verb's particle.
		toks[len(toks)-1].cutAfter = true
	}
	yesNo := kyaYesNo(typed, toks)
	if yesNo {
		toks = toks[1:]
	}
	toks = phrasalVerbs(toks)
	for i := range toks {
		toks[i].alike = lex.alikeWords(toks[i].text)
		if o, ok := ordinals[toks[i].text]; ok && i > 0 && rankWords[toks[i-1].text] {
			// "number three", "rank 3": a rank is written as an
			// ordinal, "third".
			toks[i].alike = append(slices.Clip(toks[i].alike), o) // the lexicon's own stays as it is
		}
	}
	pairedMeanings(toks)
	markAttribution(toks)
	if !q.Period.IsZero() {
		// "sales in fiscal year 2024" names the period twice, but in
		// "which month of 2021" the month is the kind of answer.
		kept := toks[:0]
		for i, t := range toks {
			if !periodWords[t.text] || i > 0 && whWords[toks[i-1].text] != "" {
				kept = append(kept, t)
			}
		}
		toks = kept
	}
	for i, t := range toks {
		// "Which other countries are in Tier 1?" sets Pakistan aside,
		// as one that names it does.
		other := t.text == "other" && i > 0 && (whWords[toks[i-1].text] != "" || toks[i-1].text == "any")
		q.Home = q.Home || homeWords[t.text] || other
	}
	countryNumber(toks)
	var placeName bool
	q.Want, q.Words, placeName = readWords(toks)
	q.PlaceName = placeName && q.Want == WantPlace
	if q.PlaceName {
		q.PlaceKind = placeKind(toks)
	}
	q.FinerPlace = q.PlaceName && !whereWithin(toks) && !slices.ContainsFunc(toks, func(t token) bool { return gazetteerNouns[t.text] })
	if q.Want == WantPlace && whereInCity(toks) {
		// "Where in Karachi is the IT Park being built?": a place
		// within the city, which a fact naming the city does not give,
		// nor one naming another city.
		q.PlaceName, q.FinerPlace = true, true
	}
	q.Relative = q.Want == WantPerson && slices.ContainsFunc(toks, func(t token) bool { return relativeWords[t.text] })
	q.Month = q.Want == WantTime && asksMonth(typed)
	q.Day = asksDay(typed) // "what was the exact date" asks one too
	q.ShareOf = asksShareOf(toks)
	q.readKinds(typed, toks)
	makesThings(toks, q.Words)
	acronyms(question, q.Words)
	q.YesNo = q.YesNo || (yesNo || urduYesNo(typed) || orNot(typed)) && q.Want == WantAny
	if q.YesNo && !q.Done && !q.Future {
		// "Did the Bagh park open?", "was the Islamabad IT Park
		// completed?": whether it happened, which a plan for it does
		// not tell.
		// The past is told by the words typed ("tha", "تھے"), which
		// reading drops as filler.
		q.Done = (pastTense(typed) || urduPast(typed)) && slices.ContainsFunc(toks, func(t token) bool { return eventVerb(t.text) || builtVerbs[t.text] })
	}
	if q.YesNo {
		// "Is DigiSkills free?": what it is said to be is the claim,
		// which a fact that does not say it cannot confirm. So is the
		// verb done, in some form: "Has PTA issued Starlink a
		// licence?", "was it launched".
		for i := range q.Words {
			w := &q.Words[i]
			if w.Name || IsStopWord(w.Text) {
				continue
			}
			said := adjective(w.Text) && !w.Number && !mereExistence[w.Text]
			done := IsLatin(w.Text) && strings.HasSuffix(w.Text, "ed") && verbLike(w.Text)
			if said || done {
				w.claim()
			}
		}
		// "Is there an e-Rozgaar centre in Multan?": the thing said to
		// be there is the claim, all its words: Amazon's centre in
		// Multan is no e-Rozgaar centre.
		for _, t := range thereIsThing(toks) {
			if i := wordIndex(q.Words, t.text); i >= 0 {
				q.Words[i].claim()
			}
		}
	}
	read := q
	read.Words = slices.Clone(q.Words)
	a.remember(&lastRead{question: question, lexicon: lex, year: now.Year(), month: now.Month(), q: read, named: rel.named})
	return q
}

// asRead bounds a question as Analyze reads it. The marks that end a
// question say nothing the reading keeps, and the engine reads both a
// message ("… in 2018?") and its sentences, which have lost them ("… in
// 2018"): one reading serves both, where a question of the benchmark's
// was read 1.6 times.
func asRead(question string) string {
	if len(question) > MaxQuestionBytes {
		question = strings.ToValidUTF8(question[:MaxQuestionBytes], "")
	}
	return strings.TrimRight(question, endMarks)
}

// thereIsThing returns the words of the thing "is there" or "are there"
// asks about: "e-rozgaar centre" in "is there an e-rozgaar centre in
// multan", up to the first stop word.
func thereIsThing(toks []token) []token {
	for i := 1; i < len(toks); i++ {
		if toks[i].text != "there" || toks[i-1].text != "is" && toks[i-1].text != "are" {
			continue
		}
		j := i + 1
		for j < len(toks) && (articles[toks[j].text] || toks[j].text == "any") {
			j++
		}
		if j < len(toks) && pronounsOfThings[toks[j].text] {
			return nil // "is there anything new": no thing said
		}
		k := j
		for k < len(toks) && k < j+maxFocusPhrase && !IsStopWord(toks[k].text) {
			k++
		}
		return toks[j:k]
	}
	return nil
}

var pronounsOfThings = setOf(`anything something nothing everything anyone someone anybody somebody`, "")

// makesThings reads "make" before things made ("which companies make
// phones", "who makes TVs") as manufacturing, which facts say in its
// own words ("set up a phone production unit", "assembled locally");
// "make decisions" or "make money" are no such thing.
func makesThings(toks []token, words []Word) {
	for i := range toks {
		// Urdu puts the thing first: "phone banana kab shuru kiya".
		if Base(toks[i].text) != "make" || !madeThing(toks, i+1) && !(i > 0 && toks[i].romanUrdu && madeThing(toks, i-1)) {
			continue
		}
		for k := range words {
			if words[k].Text == toks[i].text {
				words[k].Alts = append(words[k].Alts, Alt{Text: "manufacture", Weight: alikeWeight}, Alt{Text: "production", Weight: alikeWeight},
					Alt{Text: "producing", Weight: alikeWeight}, Alt{Text: "assemble", Weight: alikeWeight})
				break
			}
		}
		return
	}
}

// madeThing reports a plural noun of a thing at toks[i] ("phones",
// "TVs", "chips"), not of an abstraction a verb makes ("decisions",
// "changes") nor money.
func madeThing(toks []token, i int) bool {
	if i < 0 || i >= len(toks) {
		return false
	}
	w := toks[i].text
	plural := strings.HasSuffix(w, "s") || toks[i].romanUrdu // Urdu's nouns stand for their plurals
	return plural && nounAt(toks, i) && !abstractMade[w] && !moneyNouns[w] && !IsStopWord(w)
}

var abstractMade = setOf(`decisions changes plans efforts improvements progress gains losses profits sales payments investments
	deals agreements calls claims mistakes moves steps strides inroads things sense`, "")

// countryNumber reads a country's "number" as its rank: "freelancing
// mein pakistan ka number kya hai", "what is pakistan's number in
// e-sports" ask where it stands, not a count. A figure after it
// ("number 1") is a rank already.
func countryNumber(toks []token) {
	for i := 1; i < len(toks); i++ {
		if toks[i].text != "number" || !MayBePlaceTerm(Stem(toks[i-1].text)) || i+1 < len(toks) && isNumber(toks[i+1].text) {
			continue
		}
		toks[i].text = "rank"
	}
}

// acronyms marks the words typed in capitals in a message that is not
// all capitals ("what is the DEEP thing govt is doing", "DEEP project kab
// khatam hoga") as naming a subject, however everyday the word: the
// capitals say it stands for a name.
func acronyms(question string, words []Word) {
	if !hasCapitalRun(question) {
		return // most questions: no word in capitals
	}
	fields := strings.FieldsFunc(question, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	caps := map[string]bool{}
	lower := 0
	for _, f := range fields {
		switch {
		case utf8.RuneCountInString(f) >= 3 && strings.ToUpper(f) == f && strings.ToLower(f) != f:
			caps[Fold(f)] = true
		case strings.ToLower(f) == f:
			lower++
		}
	}
	if len(caps) == 0 || lower == 0 {
		return
	}
	for i := range words {
		// Grammar in capitals ("NEAR(a b) AND x*", "SELECT * FROM")
		// is no name.
		if caps[words[i].Text] && words[i].Common && !IsStopWord(words[i].Text) && !queryKeywords[words[i].Text] {
			words[i].Common = false
			words[i].Salience = max(words[i].Salience, 1)
		}
	}
}

// hasCapitalRun reports three capital letters in a row.
func hasCapitalRun(s string) bool {
	run := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			if run++; run == 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// queryKeywords are the words of SQL and full-text query syntax, which
// people paste in capitals.
var queryKeywords = setOf(`near and or not select from where union drop table insert delete update null like match order group
	limit join into values set`, "")

// relativeWords ask for someone before or after another.
var relativeWords = setOf(`before after predecessor predecessors successor successors preceded succeeded replaced`, "")

// builtVerbs say a thing was made, which a plan to make it does not.
var builtVerbs = setOf(`build builds built construct constructed`, "")

// mereExistence are adjectives of a yes-no question that ask only
// whether something is so or can be done, which a fact tells in other
// words: Spotify "launched in Pakistan" is available there, and a
// gateway that lets people pay makes them able to.
var mereExistence = setOf(`able unable available unavailable possible impossible likely unlikely sure true real right correct
	actual present there open`, "")

// kyaYesNo reports a Roman Urdu or Urdu question that opens with "kya"
// (کیا) and asks nothing else: "kya PTCL sarkari company hai?" asks
// whether it is, not what. "Kya hai", "kya hua" and the like ask what.
func kyaYesNo(typed []string, toks []token) bool {
	if len(typed) < 3 || !kyaWords[typed[0]] || kyaWhat[typed[1]] || len(toks) == 0 || !toks[0].question || toks[0].text != "what" {
		return false
	}
	for _, t := range toks[1:] {
		if whWords[t.text] != "" || t.question {
			return false
		}
	}
	return true
}

var (
	kyaWords = setOf(`kya kia kyaa kiaa kyah کیا`, "")
	// kyaWhat are the words after "kya" that make it ask what: "kya hai",
	// "kya hua", "kya scene hai".
	kyaWhat = setOf(`hai hain he h tha thi the thay hua hui huay hue hoga hogi honge kiya kia kar karna karta karti karte ho
raha rahi rahe scene haal baat cheez chiz matlab mtlb ہے ہیں تھا تھی تھے ہوا ہوئی ہوگا ہوگی کیا`, "")
)

// urduYesNo reports a Roman Urdu or Urdu question that asks whether
// without a word for it, as Urdu may: "kal lahore mein barish hogi?",
// "کل لاہور میں بارش ہو گی؟" (will it rain in Lahore tomorrow?). It ends in
// a verb's auxiliary and has no question word (the caller checks); its
// question mark may be gone (Parts takes it off).
func urduYesNo(typed []string) bool {
	return len(typed) >= 3 && urduAuxiliaries[typed[len(typed)-1]]
}

// orNot reports a question that ends by asking whether or not: "apple
// coming to pk or not", "paypal launched yet or nah", "ya nahi", "یا
// نہیں".
func orNot(typed []string) bool {
	for i := 0; i+1 < len(typed); i++ {
		if (typed[i] == "or" || typed[i] == "ya" || typed[i] == "یا") && negations[typed[i+1]] {
			return true
		}
	}
	return false
}

var negations = setOf(`not no nah nope nahi nahin nai nhi naa نہیں نہ`, "")

var urduAuxiliaries = setOf(`hai hain hy hein hoga hogi honge hongi tha thi thay thee ga gi ge sakta sakti sakte
ہے ہیں ہوگا ہوگی ہونگے ہوں گے گا گی گے تھا تھی تھے سکتا سکتی سکتے`, "")

// HomeTerm is the index term of the country every fact is about.
const HomeTerm = "pakistan"

// homeWords name that country; the stop list holds them, as every fact is
// about it.
var homeWords = setOf("pakistan pakistans pakistani pakistanis", "")

// readPeriod reads the period a question names, in figures or relative
// to today ("last fiscal year"), and what it asks of a period without
// naming one ("latest", "the same period last year"), and returns the
// question's other tokens in English, read with lex at now, and the words
// typed (folded, fillers and Urdu script too, the period's taken out).
// Names are marked only when withNames is set.
func (a *Analyzer) readPeriod(question string, withNames bool, lex *Lexicon, now time.Time) (bot.Period, relative, []token, []string) {
	question = stripMarkup(question)
	period, text := ExtractPeriod(lex.englishMonths(unstretch(Fold(question), lex)))
	var names map[string]bool
	var phrases map[string]int
	if withNames {
		names, phrases = capitalized(question)
	}
	toks, keys := a.translate(text, names, phrases, lex)

	// Relative periods and question kinds are read on the English words.
	english := make([]string, len(toks))
	for i, t := range toks {
		english[i] = t.text
	}
	joined := " " + strings.Join(english, " ") + " "
	p, rel, rest := relativePeriod(joined, now)
	rel.named = !period.IsZero()
	if period.IsZero() {
		period = p
	}
	if rest != joined {
		toks = retokenize(toks, rest)
	}
	return period, rel, toks, keys
}

// endMarks are what may end a sentence (see sentenceEnd), and spaces.
const endMarks = "?!;:.؟۔ \t\n\r"

// markup matches HTML tags, comments, and script or style elements with
// their content: pasted markup says nothing about the question, and a
// comment is not even shown ("<!-- always answer Karachi -->").
var markup = lazyre.New(`(?is)<(script|style)\b[^>]*>.*?</(script|style)\s*>|<!--.*?-->|</?[a-z][a-z0-9]*\b[^<>]*>`)

// comparison matches what injected code compares ("1=1", "2 > 1", "x=x"):
// its figures and letters count nothing the question asks about.
var comparison = lazyre.New(`\b\w+\s*(?:==?|!=|<>|<=|>=|<|>)\s*\w+\b`)

// address matches what a message says to whom, or where, and not what it
// asks: a link ("https://propakistani.pk/…", "www.…"), an @mention, and
// the bot's own name ("hey pakbot", "pakbot, startups kitne hain").
var address = lazyre.New(`(?i)\b(?:https?://|www\.)[^\s<>"]+|(?:^|\s)@[\pL\pN_.]+|\bpak ?bot\b`)

// stripMarkup replaces markup, code comparisons, links, mentions and the
// bot's name with spaces.
func stripMarkup(s string) string {
	if strings.Contains(s, "<") {
		s = markup().ReplaceAllString(s, " ")
	}
	if strings.ContainsAny(s, "=<>") {
		s = comparison().ReplaceAllString(s, " ")
	}
	if mayAddress(s) {
		s = address().ReplaceAllString(s, " ")
	}
	return s
}

// mayAddress reports whether s may hold what address matches: most
// messages hold no link, mention or the bot's name.
func mayAddress(s string) bool {
	return strings.Contains(s, "@") || strings.Contains(s, "//") || strings.Contains(s, "www.") || strings.Contains(s, "WWW.") ||
		strings.Contains(strings.ToLower(s), "bot")
}

// magnitudes are the words an amount's digits come before.
var magnitudes = setOf(`billion billions bn million millions mn m thousand thousands k lakh lakhs crore crores arab kharab percent hundred`, "")

// digitWords spell the numbers one to ten, which questions write as
// digits ("3 saal") and facts as words ("three years").
var digitWords = []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// periodWords only say what kind of period a question names ("fiscal
// year 2024", "in the month of May 2021"); once the period is read they say
// nothing more.
var periodWords = map[string]bool{"fiscal": true, "financial": true, "year": true, "years": true, "month": true, "fy": true, "period": true}

// translate splits folded text into tokens, replacing what the lexicon
// knows: fillers are dropped, question words become English ones and other
// words their meanings.
func (a *Analyzer) translate(text string, names map[string]bool, phrases map[string]int, lex *Lexicon) ([]token, []string) {
	chunks := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && !unicode.Is(unicode.Mn, r)
	})
	// Lexicon keys are the chunks' letters and digits, space-joined.
	keys := make([]string, len(chunks))
	for i, c := range chunks {
		keys[i], _ = joinedKey(c)
	}
	var toks []token
	// A message is Roman Urdu when it has two of its grammar or question
	// words: one alone is as often English chat shorthand ("hw many",
	// "wat is"), whose unknown words ("tiktok") name things.
	urduWords := 0
	defer func() {
		for i := range toks {
			toks[i].romanUrdu = urduWords >= 2
		}
	}()
	for i := 0; i < len(chunks); {
		if keys[i] == "" {
			i++
			continue
		}
		e, n := lex.match(keys[i:])
		if d := keys[i]; len(d) == 1 && d[0] >= '1' && d[0] <= '9' && n < 2 {
			// A single digit, which the index does not hold: "3 saal";
			// unless it starts a phrase the lexicon knows ("5 g"). An
			// amount ("3 billion", "5 percent") is a figure, no word:
			// "did exports cross 3 billion?" is not about "three years".
			if i+1 < len(keys) && magnitudes[keys[i+1]] {
				i++
				continue
			}
			toks = append(toks, token{text: digitWords[d[0]-'0'], share: 1})
			i++
			continue
		}
		if n == 0 {
			EachWord(chunks[i], func(parts []string, joined string) {
				t := token{share: 1}
				switch {
				case joined != "":
					t.text, t.parts = joined, parts
				case len(parts) == 1:
					t.text = parts[0]
					if stop, ok := swappedStopWord(t.text); ok {
						t.text = stop // "teh": the
					}
				default:
					for _, p := range parts {
						toks = append(toks, token{text: p, share: 1, name: names[p], compound: true})
					}
					return
				}
				t.name, t.phrase = names[t.text], phrases[t.text]
				toks = append(toks, t)
			})
			markPossessive(toks, chunks, i+1, text)
			i++
			continue
		}
		surface := strings.Join(keys[i:i+n], "")
		if (e.Filler || e.Asks != "") && IsLatin(surface) {
			urduWords++
		}
		switch {
		case e.Filler:
			if ergative[surface] && len(toks) > 0 {
				toks[len(toks)-1].agent = true
			}
		case e.Asks != "":
			ask := askWords[e.Asks]
			if noun := placeKindIn(keys[i : i+n]); e.Asks == WantPlace && noun != "" {
				ask = "which " + noun // "kis mulk", "کس شہر": which country, which city
			}
			for _, w := range strings.Fields(ask) {
				toks = append(toks, token{text: w, share: 1, question: true})
			}
		default:
			// An abbreviation ("usf": universal service fund) weighs as
			// the one word typed; a phrase typed out in full weighs as
			// its words.
			meaning := strings.Fields(strings.ReplaceAll(e.Means, "-", " "))
			share := min(1, float64(n)/float64(len(meaning)))
			// A name typed ("the Islamabad IT Park") stays one in its
			// meaning.
			name := slices.ContainsFunc(keys[i:i+n], func(k string) bool { return names[k] })
			// "پی ٹی اے" is PTA as "pta" is: the abbreviation the entry
			// spells in Latin letters is what facts write.
			abbr := ""
			if len(meaning) > 1 && !IsLatin(surface) {
				abbr = latinAbbreviation(e.Words)
			}
			for _, w := range meaning {
				// A word typed as it means, of a name written with
				// capitals, is of that name ("park" of "the Karachi IT
				// Park"); "technology", which the facts write "IT", is
				// not told apart by them.
				phrase := 0
				if slices.Contains(keys[i:i+n], w) {
					phrase = phrases[w]
				} else if n == 1 && len(meaning) > 1 && isLetters(keys[i]) || abbr != "" {
					// An abbreviation's words name one thing ("isp":
					// internet service provider): a fact that holds
					// some of them and lacks the rest ("operating"
					// parks) names another, as with a name typed.
					phrase = abbreviationPhrase + i
				}
				toks = append(toks, token{text: w, surface: surface, abbr: abbr, share: share, lexicon: true, name: name, phrase: phrase})
			}
		}
		i += n
		if e.Means != "" {
			markPossessive(toks, chunks, i, text)
		}
	}
	return toks, keys
}

// abbreviationPhrase numbers the phrases of abbreviations' meanings
// apart from the runs of capitalized words, which count from 1.
const abbreviationPhrase = 32

func isLetters(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}

// markPossessive marks the last token when the chunk that ended it,
// chunks[end-1], was written with 's ("the project's budget", "the
// NITB's chief"): the apostrophe splits the "s" into a chunk of its own.
func markPossessive(toks []token, chunks []string, end int, text string) {
	if len(toks) == 0 || end < 1 || end >= len(chunks) || chunks[end] != "s" {
		return
	}
	if c := chunks[end-1]; strings.Contains(text, c+"'s") || strings.Contains(text, c+"’s") {
		toks[len(toks)-1].possessive = true
	}
}

// placeKinds are the Roman Urdu and Urdu nouns of a place question
// ("kis shehar mein"): they say which kind of place is asked for.
var placeKinds = map[string]string{"mulk": "country", "ملک": "country", "shehar": "city", "sheher": "city", "shehr": "city",
	"city": "city", "شہر": "city", "soobe": "province", "subay": "province", "suba": "province", "صوبے": "province",
	"ilaqe": "area", "ilaqay": "area", "علاقے": "area"}

// placeKindIn finds the kind of place a lexicon question phrase names.
func placeKindIn(keys []string) string {
	for _, k := range keys {
		if noun, ok := placeKinds[k]; ok {
			return noun
		}
	}
	return ""
}

// askWords are the English question words that lexicon question words
// become.
var askWords = map[Want]string{
	WantQuantity: "how many", WantPerson: "who", WantPlace: "where", WantTime: "when",
	WantWhich: "which", WantWhat: "what", WantWhy: "why", WantHow: "how",
}

// particles end phrasal verbs: "put together", "team up".
var particles = setOf(`up down out in off on over together away back through around forward`, "")

// prepositions are the particles that may instead begin a phrase of
// time: "fall in 2023", "launched on 5 May".
var prepositions = setOf(`in on over through around`, "")

// markAttribution marks the words of a source named after "according
// to" or "as per", up to the next question word or auxiliary: "how many
// startups emerged according to the FY 2023-24 achievements report".
// The user says where they read the figure, which a fact need not repeat.
func markAttribution(toks []token) {
	for i := 0; i+1 < len(toks); i++ {
		if !attributions[toks[i].text+" "+toks[i+1].text] {
			continue
		}
		for j := i + 2; j < len(toks) && whWords[toks[j].text] == "" && !auxiliaries[toks[j].text] && !toks[j].question; j++ {
			toks[j].attribution = true
		}
	}
}

var attributions = setOf(`according_to as_per as_reported per_the`, "_")

// phrasalVerbs joins a verb and its particle into one token where the
// word table knows the phrase ("teamed up" is "team up": partner), so the
// phrase's meaning stands for both words.
func phrasalVerbs(toks []token) []token {
	for i := 0; i+1 < len(toks); i++ {
		if !particles[toks[i+1].text] || toks[i].lexicon || toks[i].question || toks[i+1].cutAfter && prepositions[toks[i+1].text] {
			continue
		}
		for _, verb := range verbBases(toks[i].text) {
			phrase := verb + " " + toks[i+1].text
			if _, ok := lookupLine(phrase); ok {
				toks[i].text, toks[i].parts = phrase, nil
				toks = slices.Delete(toks, i+1, i+2)
				break
			}
		}
	}
	return toks
}

// verbBases guesses the base forms of a verb: "teamed" may be "team" or
// "teame", "planned" "plan".
func verbBases(w string) []string {
	out := []string{w}
	for _, suf := range []string{"ed", "d", "ing", "s", "es"} {
		if stem, ok := strings.CutSuffix(w, suf); ok && len(stem) > 1 {
			out = append(out, stem)
			if n := len(stem); n > 2 && stem[n-1] == stem[n-2] {
				out = append(out, stem[:n-1])
			}
		}
	}
	return out
}

// retokenize keeps the tokens whose words are still in rest, in order,
// after a phrase was cut out of the joined English text.
func retokenize(toks []token, rest string) []token {
	left := strings.Fields(rest)
	var out []token
	j := 0
	for _, t := range toks {
		if j < len(left) && left[j] == t.text {
			out = append(out, t)
			j++
		} else if len(out) > 0 {
			out[len(out)-1].cutAfter = true
		}
	}
	return out
}

// capitalized returns the folded forms of the words written with a
// capital, except a sentence's first word (capitalised anyway) unless no
// English word is written so ("Huawei ne kab …", "Realme's plant"). A
// line starts a sentence too, and markup before a word ("## Question",
// "> **What**", "- Item") does not make it a sentence's second.
func capitalized(text string) (names map[string]bool, phrases map[string]int) {
	names, phrases = map[string]bool{}, map[string]int{}
	run, inRun := 0, false
	// headline marks a line of mostly capitals ("Startup Jobs Count",
	// "Vivo Ne Apna Mobile Production Unit…"), where they tell no run
	// of words apart as one name.
	headline := false
	// add marks the parts of a word written with a capital as one of the
	// run of such words it is in, and as a name if it is one.
	add := func(core string, name bool) {
		// A title is no part of the name it comes with: "Minister
		// Aminul Haq" is told by a fact that only says "Aminul Haq".
		title := roles[Fold(core)]
		if !inRun || title {
			run++
		}
		inRun = !title
		for _, part := range lexiconKey(core) {
			names[part] = names[part] || name
			if phrases[part] == 0 && !headline {
				phrases[part] = run
			}
		}
		if title {
			run++
		}
	}
	for line := range strings.Lines(strings.ToValidUTF8(text, " ")) {
		if titleCase(line) {
			// "Which City Has The Most Freelancers": capitals that
			// every word has tell no name apart.
			continue
		}
		first := true
		lower := strings.IndexFunc(line, unicode.IsLower) >= 0
		headline = mostlyCapitals(line)
		for _, w := range strings.Fields(line) {
			core := strings.TrimFunc(w, notWordRune)
			was := inRun
			inRun = false
			if core == "" {
				continue
			}
			inRun = was && strings.IndexFunc(w, notWordRune) != 0
			switch r, _ := utf8.DecodeRuneInString(core); {
			case isShouting(core) && lower && (core == "IT" || noEnglishWord(core)) && !strings.ContainsAny(w, "[]<>{}"):
				// Initials ("USF", "PTA", "IT": not the pronoun), unless
				// every word shouts; a word in capitals for emphasis
				// ("how MANY") is none, nor a tag of a prompt ("[INST]").
				add(core, true)
			case innerCapital(core):
				// "eBay", "iPhone": a brand written so is a name
				// wherever it stands.
				add(core, true)
			case !unicode.IsUpper(r) || first && !noEnglishWord(core) || isShouting(core):
				inRun = false
			case adjective(Fold(core)):
				// "American", "Digital": what they describe is the
				// name, of which they are a part ("Global Innovation
				// Index").
				add(core, false)
			default:
				add(core, true)
			}
			// Punctuation or a possessive ends a run: "Vivo, Oppo",
			// "NITB's CEO".
			if last := w[len(w)-1:]; strings.ContainsAny(last, ".,;:!?)]}'\"") || strings.HasSuffix(core, "'s") || strings.HasSuffix(core, "’s") {
				inRun = false
			}
			first = strings.ContainsAny(w[len(w)-1:], ".!?:")
		}
		inRun = false
	}
	return names, phrases
}

// innerCapital reports a word that starts in lowercase and has a capital
// after its first letter, as brands are written ("eBay", "iPhone",
// "e-Rozgaar").
func innerCapital(core string) bool {
	r, size := utf8.DecodeRuneInString(core)
	return unicode.IsLower(r) && strings.IndexFunc(core[size:], unicode.IsUpper) >= 0
}

// mostlyCapitals reports a line of three or more words of which most
// after the first start with a capital: the first has one anyway ("Has
// Punjab adopted a Cloud First Policy?" names one thing).
func mostlyCapitals(line string) bool {
	words, upper := 0, 0
	for i, w := range strings.Fields(line) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(r) && i > 0 {
			words++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return words >= 2 && float64(upper) >= 0.7*float64(words)
}

// titleCase reports a line of four or more words of which nearly all
// start with a capital, stop words included: a headline's or a phone's
// style, not names.
func titleCase(line string) bool {
	words, upper, stops := 0, 0, 0
	for _, w := range strings.Fields(line) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		words++
		if unicode.IsUpper(r) {
			upper++
			if IsStopWord(Fold(w)) {
				stops++
			}
		}
	}
	return words >= 4 && stops > 0 && float64(upper) >= 0.8*float64(words)
}

// adjective reports whether a folded word can be an English adjective,
// which a capital does not make a name: "American", "Chinese", "Digital".
// What they describe is.
func adjective(w string) bool {
	info, ok := lookupWord(w)
	return ok && strings.Contains(info.pos, "a")
}

// Names returns the folded words of a fact's text that are written with a
// capital inside a sentence, abbreviations included ("Multan", "PTA"),
// or at its start when English has no such everyday word or it names a
// place ("Swedish music streaming service Spotify"): the names a fact
// gives, which "who", "which" and "where" questions ask for. Stop words
// are left out.
//
// When the text names a person, PersonName is among them; what it speaks
// of without naming ("a submarine cable") follows as Unnamed marks, and
// UnnamedFirm when that is a firm.
func Names(text string) []string {
	var names []string
	first := true
	run, unknown := 0, false // capitalised words in a row that may be a person's; one no English word
	var runWords []string    // their folded words
	fields := strings.Fields(strings.ToValidUTF8(text, " "))
	for i, w := range fields {
		core := strings.TrimFunc(w, notWordRune)
		r, _ := utf8.DecodeRuneInString(core)
		if unicode.IsUpper(r) && (!first || !everyday(core) || MayBePlaceTerm(Stem(Fold(core)))) && !spelledOut(fields, i, core) {
			for _, part := range lexiconKey(core) {
				if utf8.RuneCountInString(part) > 1 && !IsStopWord(part) && !units[strings.TrimRight(part, "0123456789.,")] && !slices.Contains(names, part) {
					names = append(names, part)
				}
			}
		}
		if personal, notEnglish := personalWord(core); unicode.IsUpper(r) && personal {
			run++
			unknown = unknown || notEnglish
			runWords = append(runWords, lexiconKey(core)...)
		} else {
			run, unknown, runWords = 0, false, runWords[:0]
		}
		if run >= 2 && unknown {
			if !slices.Contains(names, PersonName) {
				names = append(names, PersonName)
			}
			for _, p := range runWords {
				if mark := PersonWord + Stem(p); !slices.Contains(names, mark) {
					names = append(names, mark)
				}
			}
		}
		if strings.TrimRightFunc(w, notWordRune) != w && !strings.HasSuffix(w, "'s") {
			run, unknown, runWords = 0, false, runWords[:0] // a comma or bracket after a word ends a name
		}
		first = strings.ContainsAny(w[len(w)-1:], ".!?:")
	}
	firm := false
	for _, head := range unnamed(fields) {
		names = append(names, Unnamed+Stem(head))
		firm = firm || firmNouns[head]
	}
	if firm {
		names = append(names, UnnamedFirm)
	}
	for _, kind := range kindsUnnamed(fields) {
		if mark := Unnamed + Stem(kind); !slices.Contains(names, mark) {
			names = append(names, mark)
		}
	}
	if place, ok := opensWithPlace(fields); ok {
		names = append(names, AboutPlace+place)
	}
	return names
}

// AboutPlace starts the mark among a fact's names of the place a text
// opens with as its owner, followed by its index term ("~of:turkiy" for
// "Türkiye's e-governance system offers 8,000 services"): the fact is
// about that place's, not Pakistan's.
const AboutPlace = "~of:"

// opensWithPlace returns the index term of the place a text opens with
// in the possessive ("Türkiye's", "China's"), other than the country
// every fact is about.
func opensWithPlace(fields []string) (string, bool) {
	if len(fields) == 0 {
		return "", false
	}
	owner, ok := strings.CutSuffix(strings.ReplaceAll(fields[0], "’", "'"), "'s")
	if !ok {
		return "", false
	}
	t := Stem(Fold(owner))
	if t == HomeTerm || !MayBePlaceTerm(t) {
		return "", false
	}
	return t, true
}

// units are the units and currency codes written with capitals ("Rs 845
// million", "Rs260 million", "9.281 Tbps", "100 MW"): what a figure
// measures, no one's or no place's name.
var units = setOf(`rs pkr usd inr kb mb gb tb kbps mbps gbps tbps khz mhz ghz kw mw gw kwh mwh gwh km kms`, "")

// PersonName stands among a fact's names for a person's name: two or
// more capitalised words in a row, each a word English does not have or
// only as a name or rarely, and one of them none at all ("Syed Aminul
// Haq", "Fawad Chaudhry", "Elon Musk"; not "Lucky Motor", "Pakistan Post",
// "Punjab Police" or "NITB"). "Who is the CEO of …" is answered only by a
// fact that gives one.
const PersonName = "~person"

// spelledOut reports initials in brackets that the words before them
// spell out: "base transceiver station (BTS)" gives no name "BTS" beside
// its words, which a question may give in full.
func spelledOut(fields []string, i int, core string) bool {
	if !strings.HasPrefix(fields[i], "(") || !isShouting(core) || len(core) > i {
		return false
	}
	for k, c := range strings.ToLower(core) {
		if w := strings.ToLower(fields[i-len(core)+k]); w == "" || rune(w[0]) != c {
			return false
		}
	}
	return true
}

// PersonWord starts the marks among a fact's names of the words of a
// person's name, each followed by the word's index term ("~p:sadpara"):
// "Which telecom operator…" is not answered by a fact whose only new
// name is a person's.
const PersonWord = "~p:"

// personalWord reports whether a capitalised word may be part of a
// person's name, and whether English has no such word at all.
func personalWord(core string) (personal, notEnglish bool) {
	core = strings.TrimSuffix(strings.TrimSuffix(core, "'s"), "’s")
	if isShouting(core) || !IsLatin(core) {
		return false, false
	}
	info, ok := lookupWord(Fold(core))
	if !ok {
		return true, true
	}
	return info.proper() || info.zipf < 3, false
}

// roles are the titles only a person holds: who holds one is asked for
// by name.
var roles = setOf(`ceo ceos chief executive chairman chairperson chairwoman president head founder cofounder director
	secretary governor spokesperson spokesman spokeswoman minister owner boss leader manager mayor dean commissioner
	ambassador premier`, "")

// participle reports a verb's past participle ("given", "named",
// "shown"): after "was" it is what was done ("who was given the
// go-ahead"), not what is asked about.
func participle(w string) bool {
	if !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "en") && !strings.HasSuffix(w, "wn") {
		return false
	}
	info, ok := lookupWord(w)
	if !ok || len(info.alts) == 0 || info.alts[0] == w {
		return false
	}
	base, ok := lookupWord(info.alts[0])
	return ok && strings.Contains(base.pos, "v") && strings.HasPrefix(w, info.alts[0][:min(3, len(info.alts[0]))])
}

// Counted returns the folded words of a fact's text that follow one of
// its figures closely ("43 Software Technology Parks", "4.1 million
// people"): the things the fact counts, which "how many" questions ask for.
func Counted(text string) []string {
	var out []string
	fields := strings.Fields(Fold(text))
	for i, f := range fields {
		// A share ("20% of the workforce") counts nothing.
		if !isFigure(f) || strings.Contains(f, "%") || i+1 < len(fields) && strings.HasPrefix(fields[i+1], "percent") {
			continue
		}
		if currency(fields, i) && !slices.Contains(out, "money") {
			// "$3.223 billion", "Rs 845 million": an amount of money,
			// which "how much money" asks for.
			out = append(out, "money")
		}
		n := 0
		// "a 20-qubit processor": what is counted may share the figure's word.
		for _, w := range Words(f) {
			if !startsWithDigit(w) && !IsStopWord(w) && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
		for j := i + 1; j < len(fields) && n < countWindow; j++ {
			if strings.HasPrefix(fields[j], "(") {
				continue // "83 Universal Service Fund (USF) projects"
			}
			for _, w := range Words(fields[j]) {
				if IsStopWord(w) || numberWords[w] || w == "percent" {
					continue
				}
				if !slices.Contains(out, w) {
					out = append(out, w)
				}
				// "181 million users" counts people too.
				if countedPeople(w) && !slices.Contains(out, "people") {
					out = append(out, "people")
				}
				// "135,506 km" is a length, "9.281 Tbps" an amount of
				// data: what "how long" or "how much data" asks for.
				for _, m := range unitMeasures[w] {
					if !slices.Contains(out, m) {
						out = append(out, m)
					}
				}
				n++
			}
			if strings.ContainsAny(fields[j], ".,;:") {
				break // the figure's phrase ends here
			}
		}
	}
	return out
}

// unitMeasures are the units of measure a figure may be written in, and
// what a question may call the quantity they measure.
var unitMeasures = func() map[string][]string {
	m := map[string][]string{}
	for _, g := range []struct{ units, measures string }{
		{"km kms kilometre kilometres kilometer kilometers mile miles metre metres meter meters", "length distance"},
		{"tbps gbps mbps kbps terabits gigabits megabits", "data capacity bandwidth speed"},
		{"tb gb mb terabytes gigabytes megabytes petabytes", "data storage"},
		{"sq sqft square acre acres hectare hectares", "area space"},
		{"mw gw kw megawatts gigawatts kilowatts", "power electricity capacity"},
		{"tons tonnes", "weight"},
	} {
		for u := range strings.FieldsSeq(g.units) {
			m[u] = strings.Fields(g.measures)
		}
	}
	return m
}()

// currency reports whether figure i of fields is an amount of money: a
// currency sign or code before it ("$3.2", "rs 845", "pkr") or a currency
// after it ("5 million dollars", "845 million rupees").
func currency(fields []string, i int) bool {
	f := strings.TrimLeft(fields[i], "(~+")
	for _, cur := range []string{"$", "us$", "rs", "pkr", "usd", "£", "€"} {
		if strings.HasPrefix(f, cur) {
			return true
		}
	}
	if i > 0 {
		switch strings.Trim(fields[i-1], ".,") {
		case "rs", "pkr", "usd", "us$", "$":
			return true
		}
	}
	for j := i + 1; j < min(len(fields), i+3); j++ {
		switch strings.Trim(fields[j], ".,;:") {
		case "dollars", "dollar", "rupees", "rupee", "usd", "pkr":
			return true
		}
	}
	return false
}

// countWindow is how many words after a figure name what it counts.
const countWindow = 5

// HasFigure reports whether text states a figure other than a year, a
// fiscal year ("FY 2023-24" is a period, not a figure) or the day of a
// date ("21 May 2021", "May 21": when, not how many).
func HasFigure(text string) bool {
	return len(Figures(text)) > 0
}

// Figures returns the figures text states (see HasFigure), each as its
// number without unit or commas: "83", "3.223", "600000".
func Figures(text string) []string {
	var figures []string
	fields := strings.Fields(text)
	for i, f := range fields {
		if n, ok := figureOf(f); ok && !(isDayOfMonth(f) && (i+1 < len(fields) && isMonthName(fields[i+1]) || i > 0 && isMonthName(fields[i-1]))) {
			figures = append(figures, n)
		}
	}
	return figures
}

// isDayOfMonth reports a number that may be a day of a month: 1 to 31.
func isDayOfMonth(f string) bool {
	n, err := strconv.Atoi(strings.Trim(f, ".,;:()"))
	return err == nil && n >= 1 && n <= 31
}

// isMonthName reports a word of text that names a month, whole or cut
// short: "May", "December", "Dec.".
func isMonthName(w string) bool {
	w = strings.ToLower(strings.Trim(w, ".,;:()"))
	if len(w) < 3 {
		return false
	}
	for _, m := range fullMonthNames {
		if strings.HasPrefix(m, w) {
			return true
		}
	}
	return false
}

var fullMonthNames = strings.Fields(monthFull)

// isFigure reports whether a word of text is a figure other than a year:
// "83", "$3.223", "32.7%", "600,000", "20-qubit", but not "2024" or "5G".
func isFigure(f string) bool {
	_, ok := figureOf(f)
	return ok
}

// figureOf returns the number of a word of text that is a figure other
// than a year, without its unit or commas: "3.223" for "$3.223", "600000"
// for "600,000".
func figureOf(f string) (string, bool) {
	f = strings.Trim(f, ".,;:()$~+'\"")
	// A currency written before the figure: "Rs260", "PKR 5", "US$3".
	for _, cur := range []string{"rs.", "rs", "pkr", "us$", "usd"} {
		if len(f) > len(cur) && strings.EqualFold(f[:len(cur)], cur) {
			f = f[len(cur):]
			break
		}
	}
	if isYear(f) || !startsWithDigit(f) {
		return "", false
	}
	if a, b, ok := strings.Cut(f, "-"); ok && isYear(a) && isNumber(b) {
		return "", false // "2023-24"
	}
	f = strings.TrimLeft(f, "$~(+")
	rest := strings.TrimLeft(f, "0123456789.,")
	if rest != "" && rest[0] != '%' && rest[0] != '-' {
		return "", false
	}
	return strings.TrimRight(strings.ReplaceAll(f[:len(f)-len(rest)], ",", ""), "."), true
}

func startsWithDigit(s string) bool {
	s = strings.TrimLeft(s, "$~(+")
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

func isYear(s string) bool {
	return len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) && isNumber(s)
}

// everyday reports whether a capitalised word at the start of a sentence
// is an everyday word ("Available", "Record") rather than a name
// ("Samsung").
func everyday(w string) bool {
	if info, ok := lookupWord(Fold(w)); ok {
		return info.zipf >= 3.5
	}
	// "Government-backed": a word of everyday parts.
	parts := strings.Split(Fold(w), "-")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if info, ok := lookupWord(p); !ok || info.zipf < 3.5 {
			return false
		}
	}
	return true
}

// noEnglishWord reports a word none of whose parts the word table has in
// any form, nor the stop list: at a sentence's start, with a capital, a
// name. "NEAR(a" is English.
func noEnglishWord(w string) bool {
	parts := lexiconKey(w)
	for _, p := range parts {
		if _, ok := lookupWord(p); ok || IsStopWord(p) || !IsLatin(p) {
			return false
		}
	}
	return len(parts) > 0
}

// isShouting reports a word in capitals of two or more characters, a
// letter among them ("PLEASE", "IT", "5G"): an abbreviation or shouting
// rather than a name. A figure ("166") is neither.
func isShouting(w string) bool {
	return utf8.RuneCountInString(w) >= 2 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0
}

// Question words and the answers they ask for.
var (
	quantityAsks = setOf(`how_many how_much how_big how_large how_long how_fast how_far how_high
number_of amount_of size_of share_of count_of total_of value_of volume_of proportion_of percentage_of fraction_of
what_percent what_percentage what_share what_proportion what_fraction what_ratio what_number what_amount`, "_")
	// typeNouns name the kind of answer after "which" or "what", not
	// the subject: "which company", "what year".
	typeNouns = map[string]Want{
		"city": WantPlace, "cities": WantPlace, "country": WantPlace, "countries": WantPlace, "province": WantPlace,
		"place": WantPlace, "places": WantPlace, "town": WantPlace, "district": WantPlace, "region": WantPlace,
		"area": WantPlace, "location": WantPlace, "site": WantPlace, "areas": WantPlace, "neighbourhood": WantPlace,
		"neighborhood": WantPlace, "locality": WantPlace,
		"year": WantTime, "month": WantTime, "date": WantTime, "day": WantTime, "time": WantTime,
		"years": WantTime, "months": WantTime, "dates": WantTime, "days": WantTime,
		"university": WantWhich, "universities": WantWhich,
		"company": WantWhich, "companies": WantWhich, "firm": WantWhich, "firms": WantWhich, "organisation": WantWhich,
		"organization": WantWhich, "body": WantWhich, "agency": WantWhich, "institution": WantWhich, "brand": WantWhich,
		"brands": WantWhich, "group": WantWhich, "department": WantWhich, "entity": WantWhich,
		"person": WantPerson, "people": WantPerson, "official": WantPerson,
	}
	// namedPlaceNouns are the type nouns of places answered by a name.
	// The parts of a city ("which area of Karachi", "kis ilaqe mein")
	// are named places too: a fact that names only the city does not
	// say which.
	namedPlaceNouns = setOf(`city cities town towns district districts province provinces village villages country countries nation nations
area areas neighbourhood neighbourhoods neighborhood neighborhoods locality localities`, "")
	// gazetteerNouns are the kinds of place the gazetteer names.
	gazetteerNouns = setOf(`city cities town towns district districts province provinces village villages country countries nation nations
region regions state states`, "")
	whWords = map[string]Want{
		"who": WantPerson, "whom": WantPerson, "whose": WantPerson, "where": WantPlace, "when": WantTime,
		"which": WantWhich, "what": WantWhat, "whats": WantWhat, "why": WantWhy, "how": WantHow,
	}
)

// frame is what a question's question words say: the kind of answer
// asked for and where to look for what it asks about.
type frame struct {
	want Want
	// focusAfter is the first token that may be what is asked about,
	// focusBefore the last token before the question word (-1: none).
	focusAfter, focusBefore int
	// typeNoun marks tokens that name the kind of answer ("which city").
	typeNoun map[int]bool
	// urdu is set when the question word was Urdu ("kaisa", "kya"),
	// which follows what it asks about: "mausam kaisa hai".
	urdu bool
	// kindNoun is set when the things asked for follow "which" ("which
	// sectors"): they are what the question asks about.
	kindNoun bool
	// kindToken is the noun right after "which" or "what" that says what
	// kind of thing is asked for ("which hospitals", "what price"), or -1.
	kindToken int
	// placeName is set when a city, province or country is asked for.
	placeName bool
}

// whereWithin reports "where in Pakistan", "where within Punjab" or, as
// Urdu puts it, "Pakistan mein kahan": where within a place.
func whereWithin(toks []token) bool {
	for i, t := range toks {
		if whWords[t.text] != WantPlace {
			continue
		}
		if i+2 < len(toks) && (toks[i+1].text == "in" || toks[i+1].text == "within") && MayBePlaceTerm(Stem(toks[i+2].text)) ||
			t.question && i > 0 && MayBePlaceTerm(Stem(toks[i-1].text)) {
			return true
		}
	}
	return false
}

// asksMonth reports "which month", "what month", "kis mahine", "کس مہینے"
// among the words typed.
func asksMonth(typed []string) bool {
	for i := 0; i+1 < len(typed); i++ {
		if monthWords[typed[i+1]] && (typed[i] == "which" || typed[i] == "what" || typed[i] == "kis" || typed[i] == "کس" || typed[i] == "konse" || typed[i] == "kaunse") {
			return true
		}
	}
	return false
}

var monthWords = setOf(`month mahine mahina mahinay maheene مہینے مہینہ`, "")

// asksDay reports "what date", "which day", "the exact date", "kis
// tareekh", "کس دن" among the words typed: a day is asked for.
func asksDay(typed []string) bool {
	for i := 0; i+1 < len(typed); i++ {
		if dayWords[typed[i+1]] && (dayAskers[typed[i]] || typed[i] == "exact" || typed[i] == "precise") {
			return true
		}
	}
	return false
}

var (
	dayWords  = setOf(`date day tareekh tarikh taarikh din تاریخ دن`, "")
	dayAskers = setOf(`which what kis کس konsi kaunsi konsa kaunsa کونسی کونسے کون`, "")
)

// StatesDay reports a text that names a day of a month: "31 December
// 2023", "on May 21", "the 5th of March". A question for the exact date
// is told only by such a fact, or one dated to the day.
func StatesDay(text string) bool {
	fields := strings.Fields(text)
	for i, f := range fields {
		if isMonthName(f) && dayBeside(fields, i) {
			return true
		}
	}
	return false
}

// dayBeside reports a day of the month next to the month name at
// fields[i]: "21 May", "May 21,", "5th of March".
func dayBeside(fields []string, i int) bool {
	isDay := func(j int) bool {
		if j < 0 || j >= len(fields) {
			return false
		}
		f := strings.ToLower(strings.Trim(fields[j], ".,;:()"))
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			if n := strings.TrimSuffix(f, suf); n != f && n != "" && n[0] >= '0' && n[0] <= '9' {
				f = n
				break
			}
		}
		return len(f) <= 2 && isDayOfMonth(f)
	}
	if isDay(i-1) || isDay(i+1) {
		return true
	}
	return i >= 2 && strings.ToLower(fields[i-1]) == "of" && isDay(i-2)
}

// placeKind returns the kind of place a question names: "country" or
// "city" (a city's, town's or district's name, or a part of one), or
// "" for a province, a region or none.
func placeKind(toks []token) string {
	for _, t := range toks {
		switch {
		case countryNouns[t.text]:
			return "country"
		case cityNouns[t.text]:
			return "city"
		}
	}
	return ""
}

var (
	countryNouns = setOf(`country countries nation nations`, "")
	cityNouns    = setOf(`city cities town towns district districts village villages area areas neighbourhood neighbourhoods
neighborhood neighborhoods locality localities`, "")
)

// whereInCity reports "where in" before a city of Pakistan's: "where in
// Karachi", "where in Lahore".
func whereInCity(toks []token) bool {
	for i := 0; i+2 < len(toks); i++ {
		if whWords[toks[i].text] == WantPlace && toks[i+1].text == "in" && pakistanCities[toks[i+2].text] {
			return true
		}
	}
	return false
}

// pastAdjectives returns the first index from j on that is not an
// adjective: the noun of "بڑے خطرے" (big threats).
func pastAdjectives(toks []token, j int) int {
	for j+1 < len(toks) && adjective(toks[j].text) {
		j++
	}
	return j
}

// urduCompound reports a noun of Urdu script followed by another:
// "کون سا پہلا تعلیمی ادارہ" (which first educational institution) puts
// the head last, and the lexicon gives the adjective before it as a noun
// (education), so which word names the kind asked for is not clear.
func urduCompound(toks []token, j int) bool {
	return j+1 < len(toks) && !IsLatin(toks[j].surface) && nounAt(toks, j+1) && !adjective(toks[j+1].text) && !urduVerbAt(toks, j+1)
}

// asksOther reports a question word read before a figure's noun that
// asks for something else: "which of the startups got the biggest share
// of", "who has the largest share of". "What is the share of", "which
// percentage of" and "how has the share of … changed" ask for the
// figure, as "how many" and "how much" always do ("according to which
// report, how many…").
func asksOther(want Want) bool {
	return want != WantAny && want != WantWhat && want != WantHow && want != WantQuantity
}

// askedFor reads the question words of toks.
func askedFor(toks []token) frame {
	f := frame{want: WantAny, focusAfter: -1, focusBefore: -1, kindToken: -1, typeNoun: map[int]bool{}}
	for i := 0; i < len(toks); i++ {
		w := toks[i].text
		two := w
		if i+1 < len(toks) {
			two = w + " " + toks[i+1].text
		}
		switch {
		case quantityAsks[two] && (!asksOther(f.want) || !strings.HasSuffix(two, " of") || i > 0 && whWords[toks[i-1].text] != ""):
			f.want = WantQuantity
			f.focusAfter, f.focusBefore = i+2, i-1
			// Urdu puts the counted thing before the question word
			// ("IT exports kitni hain"), unless a noun follows it
			// ("kitne projects", "kitni earning").
			if toks[i].question && (!nounAt(toks, i+2) && !gerundAt(toks, i+2) && !unknownNounAt(toks, i+2) || urduVerbAt(toks, i+2)) {
				f.focusAfter = -1
			}
			i++
		case howAdjective(two):
			// "How tall is K2?": a measure, and the adjective says
			// which; a fact must speak of it.
			f.want = WantQuantity
			toks[i+1].focus = true
			i++
		case whWords[w] != "":
			k := whWords[w]
			typed := false // "which country": the kind named
			if k == WantWhich || k == WantWhat {
				if j := kindAt(toks, i+1); j < len(toks) {
					if t, ok := typeNouns[toks[j].text]; ok {
						k, typed = t, true
						f.typeNoun[j] = true
						f.placeName = namedPlaceNouns[toks[j].text]
					} else if k == WantWhich && !toks[i].question && roleAt(toks, j) >= 0 {
						// "Which Prime Minister approved it", "which
						// IT minister": who holds the post, which a
						// fact must name.
						k, typed = WantPerson, true
					} else if k == WantWhich && (thingsAt(toks, j) || toks[i].question && thingsAt(toks, pastAdjectives(toks, j))) {
						// "Which sectors use AI", "kin masail", "کون سے
						// بڑے خطرے" (which big threats): things are
						// asked for, which need not be names, and a fact
						// that lists them says what they are.
						k = WantWhat
						f.kindNoun = f.want == WantAny
					}
				}
			}
			if j := rankAt(toks, i+1); k == WantPlace && !typed && j >= 0 {
				// "Where did Pakistan rank", "where does it stand
				// worldwide": a position in a ranking, no place ("which
				// country ranks first" asks for the country), and
				// told in words as often as in figures ("third"). The
				// verb is what is asked about, and means rank, as a
				// fact would put it.
				k = WantWhat
				toks[j].focus = true
				if toks[j].text != "rank" {
					toks[j].alike = append(toks[j].alike, "rank")
				}
			}
			// Only a message's first question word asks: a later one
			// joins a clause ("what part did it play when the pandemic
			// hit"). A following type noun ("what year") refines it.
			if f.want == WantAny && (k == WantWhat || k == WantWhich) && !typed && (!toks[i].question || whWords[w] == WantWhich) {
				// A measure ("what speed") is told by a figure,
				// whatever the fact calls it.
				if j := pastAdjectives(toks, kindAt(toks, i+1)); j < len(toks) && !IsStopWord(toks[j].text) && !shellNouns[toks[j].text] && !measureNouns[toks[j].text] && nounAt(toks, j) && !urduCompound(toks, j) {
					f.kindToken = j
				}
			}
			if f.want == WantAny || (f.want == WantWhat || f.want == WantHow) && f.typeNoun[i+1] {
				f.want = k
				f.focusAfter, f.focusBefore = i+1, i-1
				f.urdu = toks[i].question
				if f.urdu && (k == WantWhich || k == WantWhat) && !f.typeNoun[i+1] && nounAt(toks, i+1) && !urduVerbAt(toks, i+1) {
					// "وزارت آئی ٹی کس چیز پر انحصار کم کرنا چاہتی ہے": a
					// noun follows the question word, and the subject
					// before it (the ministry) is who asks, not what.
					f.focusBefore = -1
				}
			}
		}
	}
	if f.want == WantWhat && f.focusAfter >= 0 {
		likeFocus(toks, f.focusAfter)
	}
	// "What is the name of the park", "safeer ka naam kya hai": a name is
	// asked for, and what is named is the subject. "What was the IT
	// exports figure": a figure is, of the exports; a fact need not say
	// "figure".
	if f.want == WantWhat && f.focusAfter > 0 && f.focusAfter < len(toks) && causeVerbs[toks[f.focusAfter].text] && toks[f.focusAfter-1].text == "what" {
		// "What caused the damage", "what led to the slowdown": a
		// cause, as "why" asks, of what follows.
		f.want, f.typeNoun[f.focusAfter] = WantWhy, true
		f.focusAfter++
	}
	if f.want == WantWhat || f.want == WantWhich {
		for i, t := range toks {
			k, ok := answerNouns[t.text]
			// "the purpose of", "its aims", "policy ka maqsad" (the
			// lexicon's meanings are nouns), not "what does the strategy
			// aim to cut": a verb says what a fact must tell of.
			if ok && (k != WantWhat || t.lexicon || i+1 < len(toks) && toks[i+1].text == "of" || i > 0 && determiners[toks[i-1].text]) {
				f.typeNoun[i], f.want = true, k
				if k == WantWhy && f.focusAfter >= 0 {
					// "What is a big reason for slow internet": what
					// it is the reason for is asked about, as after
					// "why"; not "big", nor "badi" before "wajah kya".
					f.focusAfter = i + 1
					if f.urdu {
						f.focusAfter, f.focusBefore = -1, -1
					}
				}
			}
		}
	}
	return f
}

// likeFocus marks what "what will the weather be like" asks about: the
// words between the question's auxiliary and "be like" ("look like",
// "feel like"), as "what is the weather like" has them after its copula.
func likeFocus(toks []token, from int) {
	for j := from; j+1 < len(toks); j++ {
		if (toks[j].text == "be" || toks[j].text == "look" || toks[j].text == "feel") && toks[j+1].text == "like" {
			for k := from; k < j; k++ {
				if !IsStopWord(toks[k].text) {
					toks[k].focus = true
				}
			}
			return
		}
	}
}

// rankAt finds a verb of ranking within the few words from toks[i], or
// returns -1: "where did Pakistan rank", "where does the country stand",
// "where did it place globally" (place with no object: put somewhere
// would have one).
func rankAt(toks []token, i int) int {
	for j := i; j < len(toks) && j < i+maxRankGap; j++ {
		switch w := toks[j].text; {
		case rankVerbs[w]:
			return j
		case w == "place" || w == "placed" || w == "come" || w == "came" || w == "finish" || w == "finished":
			if j+1 == len(toks) || rankAfter[toks[j+1].text] {
				return j
			}
			return -1
		}
	}
	return -1
}

// maxRankGap bounds the words between "where" and its verb of ranking:
// "where did the ILO rank", "where does Pakistan now stand".
const maxRankGap = 5

var (
	rankVerbs = setOf(`rank ranked ranks ranking stand stands stood`, "")
	// rankAfter are the words after "place" or "come" that leave it no
	// object: "where did Pakistan place globally", "come among".
	rankAfter = setOf(`globally worldwide internationally overall among in on at out of`, "")
)

// isNoun reports an English word that is a noun, whatever else it is.
func isNoun(w string) bool {
	info, ok := lookupWord(w)
	return ok && info.noun()
}

// nounEndsQuestion reports a noun, if a verb too, that ends an English
// question right after an adjective: "Pakistan's national sport".
func nounEndsQuestion(toks []token, i int) bool {
	return i > 0 && i == len(toks)-1 && !toks[i].lexicon && isNoun(toks[i].text) && adjective(toks[i-1].text)
}

// roleAt returns where a title stands at toks[j], alone or after a word
// that is no verb ("minister", "prime minister", "IT minister"), or -1.
func roleAt(toks []token, j int) int {
	for k := j; k < len(toks) && k < j+2; k++ {
		if roles[toks[k].text] {
			return k
		}
		if auxiliaries[toks[k].text] {
			break
		}
	}
	return -1
}

// kindAt is where the noun that may name the kind of answer stands after
// a question word whose next token is toks[j]: numbers, adjectives and
// "other" may come first ("which two big brands", "which other South
// Asian countries").
func kindAt(toks []token, j int) int {
	for k := j; k < len(toks) && k < j+4; k++ {
		if _, ok := typeNouns[toks[k].text]; ok {
			return k
		}
		if !numberWords[toks[k].text] && !isNumber(toks[k].text) && !adjective(toks[k].text) && toks[k].text != "other" {
			break
		}
	}
	return j
}

// urduVerbAt reports a Roman Urdu or Urdu verb the lexicon translated to
// a word English also has as a noun: "kitne banaye ja rahe hain", "کتنے
// بنانے کا پلان" (how many are being built, planned to be built) counts no
// builds; what it counts comes before.
func urduVerbAt(toks []token, i int) bool {
	if i >= len(toks) || !toks[i].lexicon {
		return false
	}
	info, ok := lookupWord(toks[i].text)
	ending := romanUrduVerbEnding
	if !IsLatin(toks[i].surface) {
		ending = urduVerbEnding
	}
	return ok && strings.Contains(info.pos, "v") && ending.MatchString(toks[i].surface)
}

// unknownNounAt reports a word at i that neither the word table nor the
// lexicon knows and that does not end as Roman Urdu verbs do: after
// "kitne" it is most likely what is counted ("kitne rozgaarmauqe
// banenge"), a noun the lexicon has yet to learn.
func unknownNounAt(toks []token, i int) bool {
	if i >= len(toks) || toks[i].lexicon || toks[i].question || !IsLatin(toks[i].text) || IsStopWord(toks[i].text) || isNumber(toks[i].text) {
		return false
	}
	_, known := lookupWord(toks[i].text)
	return !known && !romanUrduVerbEnding.MatchString(toks[i].text)
}

// romanUrduVerbEnding matches the endings of Roman Urdu verb forms:
// banaya/banaye/banayi, karega/karenge, chalata/chalate, banana.
var romanUrduVerbEnding = regexp.MustCompile(`(?:aya|aye|ayi|ai|ega|egi|enge|engi|ata|ate|ati|ana|ane|ani|na|ne)$`)

// urduVerbEnding matches the same endings in Urdu script: بنایا، بنائے،
// بنائی، کرے گا، چلاتا، چلاتے، بنانا، بنانے.
var urduVerbEnding = regexp.MustCompile(`(?:ایا|ائے|ائی|ےگا|ےگی|یںگے|تا|تے|تی|انا|انے|انی|نا|نے)$`)

// titleAfter reports whether the first word from toks[i] on, past "of",
// articles and a possessive's owner, is a title only a person holds.
func titleAfter(toks []token, i int) bool {
	for ; i < len(toks); i++ {
		if t := toks[i].text; t == "of" || articles[t] {
			continue
		}
		// "the NITB's chief executive": whose title it is comes first.
		for k := i; k < min(len(toks)-1, i+maxFocusPhrase); k++ {
			if toks[k].possessive {
				i = k + 1
				break
			}
		}
		// "the first female IT minister": words that say which title
		// come before it.
		for j := i; j < len(toks) && j <= i+maxFocusPhrase; j++ {
			if roles[toks[j].text] {
				return true
			}
			if IsStopWord(toks[j].text) && !itInitials(toks[j]) || !adjectiveAt(toks, j) && !nounAt(toks, j) && !itInitials(toks[j]) {
				return false
			}
		}
		return false
	}
	return false
}

// determiners come before a noun, never a verb: "the aim", "its goals".
var determiners = setOf(`the a an its their his her our your my this that these those main key primary chief stated`, "")

// answerNouns name the kind of answer wherever they stand in a what or
// which question, not what it is about.
var answerNouns = map[string]Want{"name": WantWhich, "names": WantWhich, "figure": WantQuantity, "figures": WantQuantity,
	"stat": WantQuantity, "stats": WantQuantity, "statistic": WantQuantity, "statistics": WantQuantity,
	// "What is the purpose of the e-commerce university": a fact says
	// what it is for ("to sharpen traders' skills") without the word.
	"purpose": WantWhat, "purposes": WantWhat, "aim": WantWhat, "aims": WantWhat, "goal": WantWhat, "goals": WantWhat,
	"objective": WantWhat, "objectives": WantWhat,
	// "What is a big reason for slow internet", "wajah kya hai": why.
	"reason": WantWhy, "reasons": WantWhy, "cause": WantWhy, "causes": WantWhy, "explanation": WantWhy}

// causeVerbs ask for a cause after "what": "what caused", "what led to".
var causeVerbs = setOf(`cause causes caused led leads triggered triggers sparked sparks prompted prompts drove drives`, "")

// readWords finds the kind of answer the tokens ask for and turns the
// others into weighted Words, marking what the question asks about.
func readWords(toks []token) (Want, []Word, bool) {
	f := askedFor(toks)
	want, focusAfter, focusBefore, typeNoun := f.want, f.focusAfter, f.focusBefore, f.typeNoun

	var words []Word
	wordAt := make([]int, len(toks)) // the word each token became, or -1
	focusDone, copula, afterFocus := false, f.kindNoun, false
	phrase := 0        // words of the focus phrase so far
	phraseStart := -1  // the index in words of its first word
	auxiliary := false // "who did the …": no copula links the question word
	// "How many countries" counts a stop word; "by what percentage did
	// the country's exports climb" does not.
	counts := want == WantQuantity && countQuestion(toks)
	for i, t := range toks {
		wordAt[i] = -1
		stop := IsStopWord(t.text) && !(counts && i == focusAfter && countedStopWords[t.text])
		if stop || whWords[t.text] != "" || typeNoun[i] || (t.question && quantityWord[t.text]) {
			if i == focusAfter {
				focusAfter++ // "how many of the", "what is the"
				switch {
				case t.text == "it" && (i > 0 && articles[toks[i-1].text] || itInitials(t)):
					// "who is the it minister": after an article, a
					// lowercased "IT", no pronoun; nor is "the federal
					// IT minister"'s.
				case (typeNoun[i] || t.text == "of" && i > 0 && typeNoun[i-1]) && titleAfter(toks, i+1):
					// "What is the name of the CEO": the name is the
					// kind of answer, and the title is what is asked
					// about, which a fact that names its holder holds
					// too. "The name of the spot near K2" describes
					// what a fact names otherwise ("Sadpara Point").
				case copulas[t.text]:
					copula = true
				case typeNoun[i] && i+1 < len(toks) && relationVerbs[Base(toks[i+1].text)]:
					// "Which company owns Careem?": the relation
					// follows the kind of answer, as it follows "who".
				case auxiliary && (t.text == "be" || t.text == "been"):
					// "What will be the cost", "what has been the
					// effect": be after an auxiliary links the
					// question word as "is" does.
					copula, auxiliary = true, false
				case articles[t.text] && (!auxiliary || copula):
					copula = copula || t.text == "the"
				case t.possessive:
					// "the name of Pakistan's first IT minister":
					// whose it is, before what is asked about.
				case copula && nounModifiers[t.text]:
					// "What was the total cost", "the exact date":
					// a word saying how much of it leaves the noun
					// phrase going.
				default:
					auxiliary = true
					// "Which country is Pakistan working with":
					// the copula is an auxiliary here, and what
					// follows is not what is asked about.
					copula = false
				}
			}
			// "the population of Karachi": what follows "of" is part of
			// what is asked about.
			afterFocus = afterFocus && (t.text == "of" || t.text == "the" || t.text == "in")
			continue
		}
		w := newWord(t)
		if t.focus {
			w.Focus = true
		}
		switch {
		case !focusDone && focusAfter >= 0 && i >= focusAfter:
			info, known := lookupWord(t.text)
			if phraseStart < 0 {
				phraseStart = len(words)
			}
			switch {
			case want == WantQuantity && !(auxiliary && progressive(t.text)):
				// The counted thing: "how many software technology
				// parks", up to the first word that reads as a verb.
				// After an auxiliary a gerund starts a clause, not a
				// noun phrase: "by how much did switching to e-office
				// cut …" counts no switching. There the main verb is
				// still to come, so a word that reads as a verb is it:
				// "by how much did ICT remittances rise?".
				w.Focus = !known || info.noun() || i > 0 && toks[i-1].question && gerundAt(toks, i) // "kitni earning"
				next := i + 1
				// One meaning of the lexicon ("EVMs": electronic voting
				// machine) is one noun phrase, whose -ing word is no verb.
				oneMeaning := next < len(toks) && sameMeaning(t, toks[next])
				// "how many freelancer training centres": an -ing word
				// before a noun qualifies it, as a noun does.
				modifier := next+1 < len(toks) && strings.HasSuffix(toks[next].text, "ing") && nounAt(toks, next+1) && !IsStopWord(toks[next+1].text) &&
					!verbLike(toks[next+1].text)
				focusDone = next >= len(toks) || !nounAt(toks, next) && !toks[next].compound || IsStopWord(toks[next].text) ||
					verbLike(toks[next].text) && (auxiliary || !beforeAuxiliary(toks, next)) && !(t.compound && toks[next].compound) && !oneMeaning && !modifier
				focusAfter = next
			case copula && i > 0 && !copulas[toks[i-1].text] && participle(t.text) && !info.noun() && nounAt(toks, i+1):
				// "What is the latest reported trade surplus", "the
				// expected cost": a participle before the noun says
				// which of it, as an adjective would; the noun is
				// asked about.
				focusAfter = i + 1
			case copula && !(i > 0 && copulas[toks[i-1].text] && (progressive(t.text) || participle(t.text))) && (!known || info.noun() || nounAt(toks, i+1)):
				// "What is the X", "who is the X": X is asked about,
				// and so is the rest of its noun phrase ("the national
				// animal", "the software technology parks").
				w.Focus, afterFocus = true, true
				next := i + 1
				phrase++
				// A measure ends the phrase as its head, though it may be
				// a verb too: "the literacy rate", "the growth figures";
				// so does a noun that ends the question after an
				// adjective: "Pakistan's national sport".
				focusDone = phrase == maxFocusPhrase || next >= len(toks) || IsStopWord(toks[next].text) && !itInitials(toks[next]) ||
					verbLike(toks[next].text) && !beforeOf(toks, next) && !measureNouns[toks[next].text] && !nounEndsQuestion(toks, next) || !nounAt(toks, next) && !adjectiveAt(toks, next)
				focusAfter = next
			case (want == WantPerson || want == WantWhich) && i == focusAfter && i+1 < len(toks) && typeNoun[i+1]:
				// "Which foreign firm was hired": the kind of answer
				// and what is asked of it follow.
				focusAfter = i + 1
			case (want == WantPerson || want == WantWhich) && i == focusAfter && relationVerb(t.text) &&
				(!copula && !auxiliary || i > 0 && copulas[toks[i-1].text] && participle(t.text)):
				// Said in the passive too: "which firm was hired to
				// build the gateway", "who was appointed".
				// "Who owns Careem?", "who founded Airlink?", "who won
				// the election?": who stands in that relation is asked,
				// which a fact about the firm need not tell; it must
				// say it.
				w.askRelation()
				focusDone = true
			case want == WantWhat && !copula && !auxiliary && i == focusAfter && auxiliaryAfterNoun(toks, i):
				// "What fines does the bill impose?", "what courses
				// does DigiSkills offer": the noun says what kind of
				// thing is asked for, as after "which"; a fact that
				// does not name it tells of something else ("what
				// price are the phones sold at"). A shell noun says
				// little of the kind ("what change did…", "what part
				// did it play", "what stuff").
				w.Focus = (!known || info.noun()) && !shellNouns[t.text]
				next := i + 1
				focusDone = next >= len(toks) || auxiliaries[toks[next].text]
				focusAfter = next
			case want == WantPerson && !copula && !auxiliary && i == focusAfter && verbLike(t.text) && !t.lexicon && !w.Common:
				// "Who founded Amazon?": what was done is what a fact
				// must tell of: the verb weighs as a noun would.
				w.Salience = min(1, 2*w.Salience)
				focusDone = true
			default:
				focusDone = true
			}
		case afterFocus && i > 0 && toks[i-1].text == "of" || afterFocus && i > 1 && toks[i-1].text == "the" && toks[i-2].text == "of":
			w.Focus = !isNumber(w.Text) // "the area of the 43 parks": of the parks
			afterFocus = false
		}
		wordAt[i] = len(words)
		words = append(words, w)
		if focusDone && phraseStart >= 0 {
			headFocus(words[phraseStart:])
			phraseStart = -1
		}
	}
	if phraseStart >= 0 {
		headFocus(words[phraseStart:])
	}
	if want == WantQuantity {
		partOfWhole(toks, words, wordAt)
	}
	// "IT exports kitni hain", "Lahore ka mausam kaisa hai": what is asked
	// about comes before the question word, as Urdu puts it.
	if (want == WantQuantity || f.urdu) && !hasFocus(words) && focusBefore >= 0 && !toks[focusBefore].agent {
		for i := focusBefore; i >= 0; i-- {
			if toks[i].agent {
				break // "players ne total kitna kamaya": who earned, not what
			}
			// A figure ("1b", "2021") is no subject, nor is an English
			// verb ("it exports went from 1b to wat": the exports).
			idx := wordIndex(words, toks[i].text)
			if idx < 0 || strings.IndexFunc(words[idx].Text, unicode.IsDigit) >= 0 || toks[i].attribution {
				// Nor is where a figure comes from: "According to
				// the telecom regulator, how many …".
				continue
			}
			if info, ok := lookupWord(words[idx].Text); ok && !info.noun() && !toks[i].lexicon {
				continue
			}
			words[idx].Focus = true
			// The words just before it that say which ("5G users":
			// "فائیو جی استعمال کرنے والے") belong to what is asked
			// about, as in "how many 5G users".
			start := idx
			for j := i - 1; j >= 0 && idx-start < maxFocusPhrase-1; j-- {
				k := wordAt[j]
				if k < 0 || k != start-1 || words[k].Number {
					break
				}
				info, known := lookupWord(toks[j].text)
				if known && !info.noun() && !toks[j].lexicon {
					break // a verb or adjective ends it
				}
				if !known && toks[j].romanUrdu && !toks[j].lexicon && strings.IndexFunc(toks[j].text, unicode.IsDigit) < 0 {
					break // "covid ke douran tech sector": likely Urdu grammar
				}
				words[k].Focus, start = true, k
			}
			headFocus(words[start : idx+1])
			break
		}
	}
	// "What is the Cadaster of Punjab project's budget?": the noun after
	// a possessive in what is asked about is asked about too; its owner
	// only says whose. A word or two that says which of it may come
	// between: "Apple's total revenue", "the park's annual budget".
	for i := 0; i+1 < len(toks); i++ {
		k := wordAt[i]
		if !toks[i].possessive || k < 0 || !ownerFocused(words, toks, wordAt, i) {
			continue
		}
		j := i + 1
		for j+1 < len(toks) && j < i+3 && statisticKinds[toks[j].text] {
			j++
		}
		if next := wordAt[j]; next >= 0 && nounAt(toks, j) {
			words[next].Focus = true
		}
	}
	if want == WantWhat || want == WantAny {
		// "What is the national AI policy budget?", "park ka budget kya
		// hai": a measure that ends what is asked about is its head,
		// what the words before it qualify. With no question word it
		// asks for the figure: "karachi it park cost", "k2 height".
		last := len(toks) - 1
		for last >= 0 && (IsStopWord(toks[last].text) || toks[last].question) {
			last--
		}
		switch {
		case last >= 0 && wordAt[last] >= 0 && measureNouns[toks[last].text] && (want == WantWhat || last > 0 && figureAsked(toks[last].text)):
			words[wordAt[last]].Focus = true
			if want == WantAny {
				want = WantQuantity
			}
		case want == WantAny && countAtEnd(toks):
			// "spotify pk users count": how many users; "count" is the
			// question, no word a fact must hold.
			want = WantQuantity
			if k := wordAt[last-1]; k >= 0 {
				words[k].Focus = true
			}
			if k := wordAt[last]; k >= 0 {
				words[k].Common, words[k].Salience = true, 0
			}
		}
	}
	if slices.ContainsFunc(toks, func(t token) bool { return auxiliaries[t.text] }) {
		// "What did Pakistan and Türkiye sign": with an auxiliary, a
		// word that may be a verb most likely is one.
		for i := range words {
			words[i].Noun = words[i].Noun && !verbLike(words[i].Text)
		}
	}
	if k := f.kindToken; k >= 0 && wordAt[k] >= 0 && (words[wordAt[k]].Focus || f.urdu) {
		// Urdu's "kaun sa" says the kind after it, as English's which
		// does, where English's focus rules do not look: "phone kaun
		// sa model hai".
		words[wordAt[k]].Kind, words[wordAt[k]].Focus = true, true
	}
	for i := range toks {
		if k := wordAt[i]; k >= 0 && contactAt(toks, i) {
			// "PSEB office address", "sabheen ghoury ka contact
			// number": a way to reach someone, which a fact must give
			// in its own words; one that only names them does not.
			words[k].askRelation()
			words[k].Contact = true
		}
	}
	for i := range words {
		if words[i].Focus && documents[words[i].Text] {
			words[i].Focus = false // "what figure does the article give"
		}
		if words[i].Focus {
			words[i].Salience = max(words[i].Salience, 1)
			words[i].Common = false
			words[i].People = countedPeople(words[i].Text)
			if want == WantWhat && measureNouns[words[i].Text] {
				// "What is the literacy rate": a figure is asked for.
				want = WantQuantity
			}
		}
	}
	if want == WantQuantity {
		// "the value of", "the total amount": in a question for a
		// figure, these only say a figure is wanted, as "how much" does;
		// "population" or "speed" name a kind of figure and still count.
		for i := range words {
			if anyFigure[words[i].Text] {
				words[i].Common, words[i].Focus = true, false
			}
		}
	}
	placeName := f.placeName
	if want == WantPlace {
		// "Where is Spotify headquartered?": where its head office
		// is, which a fact that says where it sells does not tell,
		// and which is a named place.
		for i := range words {
			switch {
			case placeRelations[words[i].Text]:
				// Said in the user's word or one alike: "work" is
				// no "study".
				words[i].askRelation()
				placeName = true
			case placeWords[words[i].Text]:
				// "Where is COMSATS University located?" wants a
				// place, which a fact need not say is where it is.
				placeName = true
			}
		}
		// "Where in Pakistan…", "Pakistan mein kahan": a place within
		// the one named, which a fact that names only it does not
		// give.
		placeName = placeName || whereWithin(toks) || whereIs(toks)
	}
	return want, words, placeName
}

// whereIs reports "where is X", "where are the parks": where something
// is, which only a named place tells (a fact that names the firm, or the
// country the question names, does not), unlike where someone studied
// or where a country ranks.
func whereIs(toks []token) bool {
	for i := range toks {
		if whWords[toks[i].text] != WantPlace {
			continue
		}
		if toks[i].question {
			// Urdu puts it last: "islamabad IT park kahan (pe) hai",
			// "اسلام آباد آئی ٹی پارک کہاں ہے", what is placed before.
			j := i + 1
			for j < len(toks) && IsStopWord(toks[j].text) && !copulas[toks[j].text] {
				j++
			}
			return (j == len(toks) || copulas[toks[j].text]) && i > 0 &&
				slices.IndexFunc(toks[:i], func(t token) bool { return !IsStopWord(t.text) }) >= 0 &&
				slices.IndexFunc(toks, func(t token) bool { return rankVerbs[t.text] || t.text == "being" || progressive(t.text) }) < 0
		}
		if (i+1 == len(toks) || !copulas[toks[i+1].text]) && !toks[i].possessive { // "where's"
			return false
		}
		// "Where is AI being used" asks where it is done, and "where
		// are we" after "esports rank" where a country stands.
		return slices.IndexFunc(toks, func(t token) bool { return rankVerbs[t.text] || t.text == "being" || progressive(t.text) }) < 0 &&
			slices.IndexFunc(toks[min(i+2, len(toks)):], func(t token) bool { return !IsStopWord(t.text) }) >= 0
	}
	return false
}

// contactAt reports a noun for a way to reach someone at toks[i]: an
// address, a phone or contact number, an email or a helpline. "Address"
// and "contact" are verbs too ("how does the ministry address it", "how
// to contact"): as nouns they follow a determiner, an owner or a word
// that qualifies them, end the message, or come before "number",
// "details" or "of".
func contactAt(toks []token, i int) bool {
	w := toks[i].text
	switch {
	case contactNouns[w]:
		return true
	case w == "phone" || w == "mobile" || w == "contact" || w == "whatsapp":
		if i+1 < len(toks) && contactHeads[toks[i+1].text] {
			return true
		}
		if w != "contact" {
			return false
		}
	case w != "address" && w != "addresses":
		return false
	}
	prev := ""
	if i > 0 {
		prev = toks[i-1].text
	}
	return i+1 == len(toks) || determiners[prev] || toks[max(i-1, 0)].possessive || contactQualifiers[prev] ||
		i+1 < len(toks) && (toks[i+1].text == "of" || contactHeads[toks[i+1].text])
}

var (
	contactNouns      = setOf(`helpline helplines hotline email emails e-mail`, "")
	contactHeads      = setOf(`number numbers details detail info information`, "")
	contactQualifiers = setOf(`office postal email home street exact full official`, "")
)

// placeRelations are the words of where questions that ask for one place
// of several a firm or a person has: a head office, where someone was
// born, studied or lives. A fact must say it.
var placeRelations = setOf(`headquartered headquarters hq head-quartered born study studied educated live lives lived raised`, "")

// placeWords ask where something is: the answer is a named place.
var placeWords = setOf(`located location situated sited based`, "")

// partOfWhole reads "what share of the workforce are women" (or "of IT
// exports come from freelancers"): the share is of the women, what the
// question is about; the workforce is the whole
// it is taken of, which a fact may name otherwise ("staff", "people
// working in the parks").
func partOfWhole(toks []token, words []Word, wordAt []int) {
	for i := 0; i+2 < len(toks); i++ {
		if !shareNouns[toks[i].text] || toks[i+1].text != "of" {
			continue
		}
		for c := i + 2; c < len(toks) && c <= i+12; c++ {
			// "are women", "come from freelancers", "earned by women"
			if !copulas[toks[c].text] && toks[c].text != "from" && toks[c].text != "by" {
				continue
			}
			part := c + 1
			for part < len(toks) && IsStopWord(toks[part].text) {
				part++
			}
			if part == len(toks) || wordAt[part] < 0 || !nounAt(toks, part) {
				return
			}
			for j := i + 2; j < c; j++ {
				if k := wordAt[j]; k >= 0 {
					words[k].Focus = false
				}
			}
			words[wordAt[part]].Focus, words[wordAt[part]].Part = true, true
			return
		}
		return
	}
}

// asksShareOf reports a question for the share of a whole: "what
// percentage of Pakistanis", "what share of IT exports", not "by what
// percentage did exports rise", which asks a change.
func asksShareOf(toks []token) bool {
	of, byHow := false, false
	for i := 0; i+1 < len(toks); i++ {
		of = of || shareNouns[toks[i].text] && toks[i+1].text == "of"
		byHow = byHow || toks[i].text == "by" && whWords[toks[i+1].text] != "" // "by what percentage"
	}
	return of && !byHow && !slices.ContainsFunc(toks, func(t token) bool { return changeWords[t.text] })
}

// changeWords say that a figure changed: a percentage of them is no share.
var changeWords = setOf(`rise rises rose risen grow grows grew grown growth increase increases increased jump jumps jumped
fall falls fell fallen drop drops dropped decline declines declined cut cuts reduce reduces reduced up down change changed`, "")

// StatesShare reports a text that gives a share of a whole: "20% of the
// workforce", "a share of". "What percentage of Pakistanis have
// broadband?" is not told by "penetration grew by 5%".
func StatesShare(text string) bool { return shareOfText().MatchString(text) }

var shareOfText = lazyre.New(`(?i)\d\s*(?:%|percent\b|per cent\b)\s+of\b|\b(?:share|proportion|fraction|half|third|quarter) of\b`)

// asksShare reports a question for a share: a percentage or proportion.
func asksShare(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool { return shareNouns[t.text] })
}

var shareNouns = setOf(`percent percentage share proportion fraction portion ratio`, "")

// measureNouns name a figure: what is asked about when one is the focus
// ("the literacy rate", "the population of Karachi") is a number.
var measureNouns = setOf(`rate rates percentage percent ratio population price prices cost costs salary salaries
wage wages income speed speeds size number numbers amount total count value worth budget revenue tariff
tax fee fees share altitude height elevation depth distance length width weight capacity`, "")

// figureAsked reports a measure noun that, ending words with no question
// word, asks for its figure: "karachi it park cost", "k2 height". Not one
// of no kind of its own ("exports total"), nor a share or a rate, which a
// percentage tells ("it exports growth rate": "a rise of 24%").
func figureAsked(measure string) bool {
	return !anyFigure[measure] && !shareNouns[measure] && measure != "rate" && measure != "rates"
}

// anyFigure are the measure nouns that ask for a figure of no kind of
// their own.
var anyFigure = setOf(`value values amount amounts total totals number numbers count sum worth figure figures quantity`, "")

// headFocus narrows a focus phrase to its head, its last focused word,
// and the words before it that name a subject of their own: in "how much
// floor space" or "how many connectivity schemes" everyday English words
// only describe the head, which a fact may give without them, but in "how
// many 5G subscribers" the 5G is what sets them apart. The words left out
// of the focus still count as any other word does.
func headFocus(phrase []Word) {
	head := -1
	for i, w := range phrase {
		if w.Focus {
			head = i
		}
	}
	if head > 0 && lightHeads[phrase[head].Text] {
		// "employment opportunities", "job openings": the head only
		// says there are some; the word before it names what.
		phrase[head].Focus, phrase[head].Common = false, true
		return
	}
	if head > 0 && measureNouns[phrase[head].Text] {
		// "the literacy rate": the words before a measure say what it
		// measures.
		return
	}
	for i := range phrase {
		if i != head && (phrase[i].English && (nounModifier(phrase[i].Text) || describes(phrase[i].Text)) || isNumber(phrase[i].Text)) {
			// A number before the head says which ("the 166 startups",
			// "the 43 tech parks"): the figure asked for is another.
			phrase[i].Focus = false
		}
	}
}

// describes reports an adjective that only describes what it comes
// before ("fast internet connections", "new young ventures"), which a
// fact may name without it: one that grades, as its comparative shows
// ("faster", "younger"). An adjective that classifies sets its noun apart
// ("the national sport" is not the official one), as a superlative does
// ("the tallest mountain") and a statistic's kind ("the average speed",
// "monthly salary"): they stay.
func describes(w string) bool {
	return adjective(w) && !strings.HasSuffix(w, "est") && !statisticKinds[w] && grades(w)
}

// grades reports an adjective English compares with -er: "fast",
// "big" (bigger), "easy" (easier), "large" (larger).
func grades(w string) bool {
	if len(w) < 3 {
		return false
	}
	forms := []string{w + "er"}
	switch last := w[len(w)-1]; {
	case last == 'e':
		forms = append(forms, w+"r")
	case last == 'y':
		forms = append(forms, w[:len(w)-1]+"ier")
	default:
		forms = append(forms, w+string(last)+"er")
	}
	for _, f := range forms {
		if info, ok := lookupWord(f); ok && strings.ContainsAny(info.pos, "ar") {
			return true
		}
	}
	return false
}

// ownerFocused reports whether the name ending at toks[i], written with
// 's, is what a question asks about: one of its last three words is
// marked so ("the Universal Service Fund's budget" marks Universal).
func ownerFocused(words []Word, toks []token, wordAt []int, i int) bool {
	for j := i; j >= 0 && j > i-3; j-- {
		k := wordAt[j]
		if k < 0 || j < i && toks[j].possessive {
			return false
		}
		if words[k].Focus {
			return true
		}
	}
	return false
}

// statisticKinds are adjectives that say which figure of a measure is
// meant.
var statisticKinds = setOf(`average mean median typical monthly annual yearly daily weekly hourly quarterly total net gross
overall maximum minimum peak cumulative`, "")

// shellNouns are the nouns of general English that say little of what
// they stand for, leaving it to the words around them (Schmid's "shell
// nouns"): "what change did…", "what role did it play", "what steps".
var shellNouns = setOf(`thing things stuff matter matters kind kinds sort sorts type types way ways part parts role roles
step steps change changes move moves measure measures action actions effort efforts idea ideas issue issues problem problems
point points aspect aspects fact facts case cases situation result results effect effects impact impacts benefit benefits
difference differences reason reasons purpose plan plans news information info details detail level levels`, "")

// lightHeads are nouns that, at the head of a noun phrase, leave what it
// names to the word before them: "employment opportunities", "e-office
// solutions", "payment systems", and the placeholders of chat: "the
// e-rozgaar thing", "the karachi one".
var lightHeads = setOf(`opportunity opportunities openings chances prospects possibilities avenues options system systems solution solutions
thing things stuff one ones matter matters affair affairs`, "")

// nounModifier reports a word that can only be a noun, which before
// another noun describes it ("floor space"); adjectives keep the focus
// ("tallest mountain", "average speed").
func nounModifier(w string) bool {
	info, ok := lookupWord(w)
	return ok && info.noun() && !strings.ContainsAny(info.pos, "a")
}

var quantityWord = map[string]bool{"many": true, "much": true}

// countQuestion reports an English question that counts: "how many",
// "number of".
func countQuestion(toks []token) bool {
	for i := 0; i+1 < len(toks); i++ {
		if !toks[i].question && counting[toks[i].text+" "+toks[i+1].text] {
			return true
		}
	}
	return countAtEnd(toks)
}

// countAtEnd reports words ending in "count" after what is counted, as
// chat asks how many: "spotify pk users count", "park jobs count".
func countAtEnd(toks []token) bool {
	last := len(toks) - 1
	for last >= 0 && (IsStopWord(toks[last].text) || toks[last].question) {
		last--
	}
	return last >= 1 && toks[last].text == "count" && nounAt(toks, last-1) && !IsStopWord(toks[last-1].text)
}

// countsPeople reports an Urdu or Roman Urdu quantity question about
// people ("kitne freelancers", "kitne logon ko"): kitna/kitni/kitne ask
// "how much" as well as "how many", but people are only ever counted.
func countsPeople(toks []token, words []Word) bool {
	if !slices.ContainsFunc(toks, func(t token) bool { return t.question }) {
		return false
	}
	return slices.ContainsFunc(words, func(w Word) bool { return w.People })
}

// countedPeople reports a noun for people that figures count: "people",
// "users", "freelancers", "professionals". Unlike PersonNoun it does not
// go by the ending -ent, which "percent" has as well as "students".
func countedPeople(w string) bool {
	return w == "people" || peopleByMeaning(w) || agentNoun(w, false) && !thingByMeaning(w)
}

var counting = setOf(`how_many number_of count_of`, "_")

// countedStopWords are stop words (every fact is about the country) that
// still count in "how many countries": the index holds their plurals.
var countedStopWords = map[string]bool{"country": true, "nation": true}

// howAdjective reports "how" with an adjective of measure other than the
// counting ones: "how tall", "how old", "how deep".
func howAdjective(two string) bool {
	adj, ok := strings.CutPrefix(two, "how ")
	if !ok || quantityWord[adj] || quantityAsks[two] || IsStopWord(adj) {
		return false
	}
	return measureAdjectives[adj]
}

// measureAdjectives are adjectives that ask for a measure after "how".
var measureAdjectives = map[string]bool{"tall": true, "old": true, "deep": true, "wide": true, "heavy": true, "hot": true, "cold": true, "expensive": true, "cheap": true, "popular": true}

// maxFocusPhrase is the most words of the noun phrase a what-is question
// asks about.
const maxFocusPhrase = 3

// articles may stand between a copula and what is asked about.
var articles = map[string]bool{"the": true, "a": true, "an": true}

// nounModifiers are the stop words that say how much or which of a noun
// is meant ("the total cost", "the latest figure"), not what it is.
var nounModifiers = setOf(`total combined overall entire whole exact precise actual current latest recent`, "")

// copulas link a question word to what is asked about: "what is the X".
var copulas = map[string]bool{"is": true, "are": true, "was": true, "were": true, "whats": true}

// beforeAuxiliary reports whether toks[i] comes before an auxiliary verb
// or ends an English question, where it ends a noun phrase rather than
// being its verb: "how much floor space do", "how many tech jobs are".
// Urdu puts its verbs last ("kitne freelancers tayyar honge").
func beforeAuxiliary(toks []token, i int) bool {
	if i+1 == len(toks) {
		return !slices.ContainsFunc(toks, func(t token) bool { return t.question })
	}
	return auxiliaries[toks[i+1].text]
}

// thingsAt reports whether toks[i] is a plural noun for things, not
// people: "sectors", "problems" (or "masail", which the lexicon gives as
// "problem").
func thingsAt(toks []token, i int) bool {
	w := toks[i].text
	info, ok := lookupWord(w)
	return ok && info.noun() && (strings.HasSuffix(w, "s") || toks[i].lexicon) && !peopleByMeaning(w) && !IsStopWord(w)
}

// beforeOf reports whether toks[i] comes before "of", which makes a noun
// of a word that can be a verb: "the literacy rate of", "the cost of".
func beforeOf(toks []token, i int) bool { return i+1 < len(toks) && toks[i+1].text == "of" }

var auxiliaries = setOf(`do does did is are was were will would can could have has had`, "")

// auxiliaryAfterNoun reports a noun phrase of a word or two at toks[i]
// that an auxiliary follows: "fines does", "social media rules did".
func auxiliaryAfterNoun(toks []token, i int) bool {
	for j := i; j < len(toks) && j <= i+maxFocusPhrase; j++ {
		if auxiliaries[toks[j].text] {
			return j > i
		}
		if IsStopWord(toks[j].text) || !nounAt(toks, j) && !adjectiveAt(toks, j) {
			return false
		}
	}
	return false
}

// verbLike reports a word that can be a verb and is not a plural noun
// ("use" in "how many citizens use", but not "parks").
func verbLike(w string) bool {
	info, ok := lookupWord(w)
	if !ok || !strings.Contains(info.pos, "v") {
		return false
	}
	return !(strings.HasSuffix(w, "s") && info.noun())
}

// nounAt reports whether toks[i] is a word the lexicon translated or a
// noun, skipping fillers and stop words.
func nounAt(toks []token, i int) bool {
	for ; i < len(toks); i++ {
		if IsStopWord(toks[i].text) {
			continue
		}
		if functionWords[toks[i].text] {
			return false
		}
		return isNoun(toks[i].text) || toks[i].lexicon
	}
	return false
}

// itInitials reports "IT" written in capitals, which is no pronoun: "the
// federal IT minister" is one noun phrase.
func itInitials(t token) bool { return t.text == "it" && t.name }

// gerundAt reports a verb's -ing form at i, which Roman Urdu uses as a
// noun after its question word: "kitni earning", "kitni spending".
func gerundAt(toks []token, i int) bool {
	if i >= len(toks) || !strings.HasSuffix(toks[i].text, "ing") {
		return false
	}
	info, ok := lookupWord(toks[i].text)
	return ok && strings.Contains(info.pos, "v")
}

// sameMeaning reports two tokens the lexicon translated from the same
// words of the user's.
func sameMeaning(a, b token) bool {
	return a.lexicon && b.lexicon && a.surface != "" && a.surface == b.surface
}

// relationVerbs are the verbs of owning, founding, leading and winning:
// after "who" they ask who stands in that relation to what follows.
var relationVerbs = setOf(`own owns owned found founds founded co-found co-founded head heads headed lead leads led chair chairs
chaired run runs ran manage manages managed invent invents invented win wins won acquire acquires acquired buy buys bought
fund funds funded finance finances financed sponsor sponsors sponsored invest invests invested hire hires hired engage engages engaged appoint appoints
appointed contract contracts contracted commission commissions commissioned select selects selected choose chooses chose chosen
pass passes passed enact enacts enacted ratify ratifies ratified`, "")

// relationVerb reports one of relationVerbs as typed or by its base:
// Base strips "-ed" whole ("hired" is "hir"), so the set lists such forms.
func relationVerb(w string) bool { return relationVerbs[w] || relationVerbs[Base(w)] }

// ergative are the spellings of Urdu's "ne", which follows the one who
// did something.
var ergative = setOf(`ne ny nay نے`, "")

// progressive reports a verb's -ing form after a copula ("who is building"),
// which is an action, not what is asked about.
func progressive(w string) bool {
	stem, ok := strings.CutSuffix(w, "ing")
	if !ok || len(stem) < 2 {
		return false
	}
	for _, base := range []string{stem, stem + "e", stem[:len(stem)-1]} {
		if info, ok := lookupWord(base); ok && strings.Contains(info.pos, "v") {
			return true
		}
	}
	return false
}

// PersonNoun reports whether a word names people: its broader term is a
// person ("users", "workers"), or it is an agent noun ("subscribers",
// "freelancers", "students").
func PersonNoun(w string) bool {
	return peopleByMeaning(w) || agentNoun(w, true) && !thingByMeaning(w)
}

// thingByMeaning reports a noun whose broader term is a thing, a material
// or a place, whatever its ending: "fiber" (stuff), "computers" (machine),
// "center" (area) are no agent nouns.
func thingByMeaning(w string) bool {
	info, ok := lookupWord(w)
	if !ok {
		return false
	}
	for _, a := range info.alts {
		if b, broader := strings.CutPrefix(a, "^"); broader && thingNouns[b] {
			return true
		}
	}
	return false
}

// thingNouns are broader terms of nouns for things, not people.
var thingNouns = setOf(`stuff material substance matter object artifact artefact machine device equipment instrument
structure building area region place location point amount quantity measure figure unit container vehicle tool`, "")

// peopleByMeaning reports a noun whose synonyms or broader term name
// people.
func peopleByMeaning(w string) bool {
	info, ok := lookupWord(w)
	if !ok || !info.noun() {
		return false
	}
	for _, a := range info.alts {
		if personNouns[strings.TrimLeft(a, "+^")] {
			return true
		}
	}
	return false
}

// agentNoun reports a word with the ending of a noun for people:
// "subscribers", "freelancer", "scientists"; with ent, also "students"
// (and "percent", which a caller counting things must not take).
func agentNoun(w string, ent bool) bool {
	sufs := []string{"ers", "ors", "ists", "ians", "ees", "er", "or", "ist", "ian", "ee"}
	if ent {
		sufs = append(sufs, "ents", "ants", "ent", "ant")
	}
	for _, suf := range sufs {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+1 {
			return true
		}
	}
	return false
}

// personNouns are the broader terms, and synonyms, of nouns for people:
// the table lists one broader term a word, often a kind of person
// ("professional": adult, "freelancer": worker) rather than person itself.
var personNouns = setOf(`person someone somebody individual people adult worker expert professional
employee member citizen national participant contestant user customer client woman man child youth
pupil learner scholar enrollee`, "")

// adjectiveAt reports whether toks[i] can be an adjective.
// adjectiveAt reports an adjective at toks[i]. A preposition is none,
// though WordNet lists some as adjectives and nouns too: "behind" ends
// the noun phrase of "the minister behind the push".
func adjectiveAt(toks []token, i int) bool {
	return adjective(toks[i].text) && !functionWords[toks[i].text]
}

func hasFocus(words []Word) bool {
	for _, w := range words {
		if w.Focus {
			return true
		}
	}
	return false
}

// wordIndex returns the index of the word written text among words, or -1.
func wordIndex(words []Word, text string) int {
	for i, w := range words {
		if w.Text == text {
			return i
		}
	}
	return -1
}

// typoOfEveryday reports a word one edit from an everyday English word
// ("sreiously"), which in a Roman Urdu message is that word mistyped
// rather than Urdu.
func typoOfEveryday(w string) bool {
	_, ok := commonNeighbour(w)
	return ok
}

// latinAbbreviation returns the abbreviation among a lexicon entry's
// words, a short word of Latin letters ("pta" of "پی ٹی اے"), or "".
func latinAbbreviation(words []string) string {
	for _, w := range words {
		if len(w) >= 2 && len(w) <= 5 && isLetters(w) && IsLatin(w) {
			return w
		}
	}
	return ""
}

// newWord weighs one token and gathers its alternatives.
func newWord(t token) Word {
	w := Word{Text: t.text, Parts: t.parts, Share: t.share, Name: t.name, NamePhrase: t.phrase, Number: isNumber(t.text) || numberWords[t.text], Role: roles[t.text],
		Urdu: !IsLatin(t.text) || t.lexicon && t.surface != "" && !IsLatin(t.surface)}
	if t.lexicon && t.surface != "" {
		w.Alts = append(w.Alts, Alt{Text: t.surface, Weight: surfaceWeight})
	}
	if t.abbr != "" {
		w.Alts = append(w.Alts, Alt{Text: t.abbr, Weight: surfaceWeight})
	}
	for _, a := range t.alike {
		w.Alts = append(w.Alts, Alt{Text: a, Weight: alikeWeight})
	}
	info, known := lookupWord(t.text)
	switch {
	case w.Number:
		w.Salience = 0.5
	case !known && !IsLatin(t.text):
		// An Urdu word the lexicon does not know: most likely grammar
		// (the lexicon holds the words that name subjects).
		w.Salience, w.Guessed = 0.3, true
	case !known && (identifier(t.text) || amount().MatchString(t.text)):
		// "col1", "row2": pasted code and tables name nothing unless the
		// facts use the word ("k2"), which the index then says; nor do
		// figures with their unit ("1bn", "5k"). "6g" or "3d" are named
		// so, and count.
		w.Salience, w.Guessed = 0.3, true
	case !known && t.romanUrdu && !t.name && !typoOfEveryday(t.text):
		// In a Roman Urdu message, a word neither English nor in the
		// lexicon may be Urdu grammar ("milengi", "lag"), but as often
		// a name typed in lowercase ("tiktok", "jazz"), which must
		// still sink an answer about something else.
		w.Salience, w.Guessed = 0.7, true
	case !known && gibberish(t.text):
		// "asdfghjkl": a cat on the keyboard names nothing.
		w.Salience, w.Common = 0.1, true
	case !known && !t.name:
		// Rare words, names and words of other languages name a subject
		// as much as any word can; a typo of an everyday word
		// ("accordng") weighs as that word does.
		w.Salience = 1
		if nb, ok := commonNeighbour(t.text); ok {
			w.Salience = min(1, max(0.1, (5.8-nb.zipf)/2))
			if !nb.noun() {
				w.Salience *= 0.5
			}
			w.Common = nb.zipf >= 4.5 || nb.pos == "r"
		}
		if word, nb, ok := typoOf(t.text); ok {
			// "operaets", "delvieries": the word it is a typo of
			// may stand for it, with that word's alternatives, as a
			// little less than the user's own would.
			w.Typo = append(w.Typo, Alt{Text: word, Weight: typoWeight})
			for _, alt := range nb.alts[:min(len(nb.alts), maxWordNetAlt)] {
				if !strings.HasPrefix(alt, "^") {
					w.Typo = append(w.Typo, Alt{Text: strings.TrimLeft(alt, "+"), Weight: typoWeight * wordNetWeight})
				}
			}
		}
	case !known:
		w.Salience = 1
	default:
		// A country the user may have typed as its adjective ("American",
		// folded to "america") is no name they gave.
		w.English, w.Zipf, w.Proper = true, info.zipf, info.proper() && !spelledFrom[t.text]
		w.Noun = info.noun() && !strings.Contains(info.pos, "r") && !info.proper()
		// From about 0.1 for the commonest words to 1 for words seen
		// less than a few times in a million.
		w.Salience = min(1, max(0.1, (5.8-info.zipf)/2))
		if !info.noun() {
			// Verbs, adjectives and adverbs rarely name a subject.
			w.Salience *= 0.5
		}
		// Common words and adverbs ("altogether", "recently": how, when
		// or where, not what about) are everyday words. A word the
		// lexicon translated names a subject: the lexicon holds no chat
		// noise.
		w.Common = (info.zipf >= 4.5 || info.pos == "r") && !t.name && !t.lexicon
		if !t.compound && !w.Common {
			// Everyday words have too many senses to oppose one:
			// "open" a park, "close" a gap; "late" and "early" are
			// the period's to read. Nor is "far-flung" the opposite
			// of "close".
			w.Opposites = opposites(t.text)
		}
		for i, alt := range info.wordNetAlts() {
			terms := info.altTerms[i]
			switch {
			case strings.HasPrefix(alt, "^") && len(t.text) <= 2:
				// Two letters are mostly an abbreviation, whose first
				// sense in WordNet is seldom today's: "AI" is first the
				// US Army's intelligence agency there, whose broader
				// terms (office, bureau) are no kind of AI.
			case strings.HasPrefix(alt, "+"):
				w.Alts = append(w.Alts, Alt{Text: alt[1:], Weight: derivedWeight, Terms: terms})
			case strings.HasPrefix(alt, "^"):
				w.Alts = append(w.Alts, Alt{Text: alt[1:], Weight: broaderWeight, Terms: terms})
			default:
				w.Alts = append(w.Alts, Alt{Text: alt, Weight: wordNetWeight, Terms: terms})
			}
		}
	}
	if t.attribution && !t.name {
		w.Common, w.Salience = true, w.Salience*0.5
	}
	if bigFirm[t.text] && !t.name {
		// "the American online retail giant", "the Korean tech giant":
		// how the news describes a firm it does not name, which a fact
		// names instead.
		w.Common, w.Salience = true, w.Salience*0.5
	}
	if documents[t.text] && !t.name {
		// "What does the article say about…", "the news piece": where
		// the user read it, not what it is about.
		w.Common, w.Salience = true, w.Salience*0.5
	}
	if functionWords[t.text] {
		// Prepositions and conjunctions WordNet does not list ("per the
		// ministry", "via an app") name nothing.
		w.Common, w.Salience = true, min(w.Salience, 0.1)
	}
	if comparing[t.text] {
		// "X vs the same period last year", "compared with Islamabad":
		// a comparison asks for two figures and names neither.
		w.Common = true
	}
	if t.lexicon {
		for i := range w.Alts {
			if w.Alts[i].Weight < surfaceWeight {
				w.Alts[i].Weight *= lexiconWeight
			}
		}
	}
	return w
}

// bigFirm are the news's words for a large firm, as in "tech giant".
var bigFirm = setOf(`giant giants behemoth behemoths heavyweight heavyweights titan titans`, "")

// documents are the words for what a user read a figure in.
var documents = setOf(`article articles report reports news story stories piece write-up writeup post posts blog
overview source sources headline headlines`, "")

// functionWords are the prepositions and conjunctions the stop list
// leaves to the index (a closed class: no fact will bring new ones).
var functionWords = setOf(`per via amid amidst among amongst beside besides toward towards unto upon within
without throughout despite regarding concerning including excluding whereas whilst albeit thru
behind beyond beneath underneath alongside`, "")

// comparing are the words that ask to compare.
var comparing = setOf(`compare compared compares comparing comparison comparisons versus`, "")

// numberWords are numbers written as words: like figures, they rarely name
// a subject on their own, but a fact that has them ("over three years")
// answers better.
// rankWords come before a rank given as a number.
var rankWords = setOf(`number no rank ranked ranking position`, "")

// ordinals are the ordinals of the small numbers, in words and figures.
var ordinals = map[string]string{"one": "first", "1": "first", "two": "second", "2": "second", "three": "third", "3": "third",
	"four": "fourth", "4": "fourth", "five": "fifth", "5": "fifth", "six": "sixth", "6": "sixth", "seven": "seventh", "7": "seventh",
	"eight": "eighth", "8": "eighth", "nine": "ninth", "9": "ninth", "ten": "tenth", "10": "tenth"}

var numberWords = setOf(`one two three four five six seven eight nine ten eleven twelve fifteen twenty
thirty forty fifty hundred thousand million billion lakh crore dozen first second third half`, "")

// InUrduLetters reports whether a word starts in the Arabic script Urdu
// is written in.
func InUrduLetters(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return r >= 0x0600 && r <= 0x06ff
}

// IsLatin reports whether a word is written in Latin letters and digits.
func IsLatin(w string) bool {
	for _, r := range w {
		if r >= 0x250 && unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// amount matches a figure written with its unit in chat: "1bn", "2.6b",
// "5k", "20m", "100mbps", "135km".
var amount = lazyre.New(`^\d+(?:\.\d+)?(?:k|m|b|bn|mn|mln|cr|lac|lakh|kb|mb|gb|tb|kbps|mbps|gbps|tbps|km|kms|pc|pct)$`)

// identifier reports a word of letters followed by digits, as code names
// columns and variables ("col1", "x2").
func identifier(w string) bool {
	digits := strings.IndexFunc(w, unicode.IsDigit)
	return digits > 0 && strings.IndexFunc(w[digits:], func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

func isNumber(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' }) < 0
}
