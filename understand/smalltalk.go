package understand

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/lazyre"
)

var (
	greetingWords = setOf(`hi hii hiii hello helo hey heyy hiya yo salam salaam slm aoa asalam assalam assalamualaikum asalamualaikum alaikum walaikum morning evening afternoon adaab howdy greetings gm haal khairiyat
سلام السلام اسلام علیکم وعلیکم آداب ہیلو ہائے حال خیریت`, "")
	thanksWords = setOf(`thanks thank thx thnx thnks thanx ty tysm thanku shukriya shukria shukriyah shukrya jazakallah jazakallahkhair jzk mehrbani meherbani meharbani
شکریہ شکریا مہربانی جزاک جزاکاللہ`, "")
	// aboutBot asks what the bot is or does, in English or Roman Urdu,
	// read on chatWords.
	aboutBot = lazyre.New(`\b(?:madad|commands|tell me about (?:yourself|you)|what (?:can|do) you do|(?:who|what) (?:are|is) (?:you|this bot)|how (?:do|does) (?:you|this bot) work|what do you know|help|(?:what is )?your name|who (?:made|built|created|developed|runs|owns|programmed) you|are you (?:an? )?(?:bot|chatbot|robot|human|ai|real|person|machine)|kya kar (?:sakte|sakti|sakta|skte)|(?:tum|aap) kaun (?:ho|hain|hai|hein)|(?:tumhara|aapka|aap ka|tum ka) naam|kya (?:karte|krte|karti) (?:ho|hain)|kis ?ne (?:banaya|bnaya))\b`)
	// asksTopics asks what the bot can be asked about.
	asksTopics = lazyre.New(`\b(?:what (?:topics|subjects|things) (?:do|can) you (?:know|cover|answer|talk)|what (?:do|can) you (?:cover|talk about|answer)|what (?:topics|subjects) do you|what (?:can|should) i ask|(?:list (?:of )?|your |all )?topics|kis (?:bare|baare|bary) (?:mein|main|me)|kya kya (?:pooch|puch|poochh))\b`)
	// asksSources asks where the bot's facts come from, or whether they
	// can be trusted.
	asksSources = lazyre.New(`\b(?:(?:where|how) (?:do|did) you get (?:your |these |the |this )?(?:data|info|information|facts|numbers)|where (?:is|are|does|do) (?:your|this|the|these) (?:data|info|information|facts|numbers) (?:come )?from|(?:is|are) (?:your|this|the|these) (?:data|info|information|facts|numbers) (?:up to date|current|recent|updated|old)|(?:what|which) (?:are )?(?:your )?sources|sources?|links? please|(?:is|are) (?:this|these|your|the) (?:data|info|information|facts|numbers) (?:reliable|accurate|correct|true|trustworthy)|data kahan se|source kya hai)\b`)
	// howAreYou greets by asking after the bot.
	howAreYou = lazyre.New(`\b(?:how are you(?: doing)?|whats up|wassup|hows it going|how is it going|(?:kaise|kaisay|kese|kesy|kaisi|kesi) (?:ho|hain|hai|hein)|(?:kya|kia) (?:haal|hal|hall)(?: (?:hai|hain|he))?|haal chaal)\b`)
)

// talkWords are the words of which every match of aboutBot, asksTopics,
// asksSources and howAreYou holds one.
var talkWords = setOf(`you your yourself bot help madad commands kya kia kaun naam kis kisne hows going whats wassup kaise kaisay kese kesy kaisi kesi haal
topics subjects things ask source sources link links data info information facts numbers`, "")

// chatShorthand are the spellings of chat for the words aboutBot and
// howAreYou read: "who r u", "wat can u do", "ap kon ho".
var chatShorthand = map[string]string{"u": "you", "r": "are", "ur": "your", "wat": "what", "wht": "what", "wot": "what", "wut": "what",
	"hw": "how", "kon": "kaun", "koun": "kaun", "kaon": "kaun", "ap": "aap", "tm": "tum", "apka": "aapka"}

// Urdu script has no \b for a pattern to stop at: these are looked for as
// they are written.
var (
	urduAboutBot  = foldAll("آپ کون", "تم کون", "آپ کا نام", "تمہارا نام", "آپ کیا کر سکتے", "تم کیا کر سکتے", "آپ کیا کرتے", "کس نے بنایا", "مدد")
	urduSources   = foldAll("ذرائع", "ماخذ", "معلومات کہاں سے")
	urduHowAreYou = foldAll("کیسے ہیں", "کیسے ہو", "کیسی ہیں", "کیا حال", "خیریت")
)

func foldAll(phrases ...string) []string {
	for i, p := range phrases {
		phrases[i] = Fold(p)
	}
	return phrases
}

// chatWords returns the words of folded text with chat shorthand spelled
// out, space-joined and spaced at both ends.
func chatWords(folded string) (string, []string) {
	words := strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	for i, w := range words {
		w = strings.ReplaceAll(w, "'", "") // "what's", "how's"
		if long, ok := chatShorthand[w]; ok {
			w = long
		}
		words[i] = w
	}
	return " " + strings.Join(words, " ") + " ", words
}

// adviceRules ask for advice or an opinion, in English, Roman Urdu or
// Urdu: what the user should do, what the bot thinks, whether something
// is good, or how to do something. Each runs only on a message that holds
// one of its words: the patterns cost microseconds, and most questions
// ("how many …") hold none of them. They are compiled when first needed,
// as most processes never need them: compiling them was a quarter of
// what starting this package cost.
var adviceRules = []struct {
	words []string
	re    func() *regexp.Regexp
}{
	// What the user should do, what the bot thinks.
	{[]string{"should", "shall", "you", " u ", "worth", "opinion", "view", "advice", "tips", "suggest", "recommend", "advise", "mujhe",
		"mujhay", "hamein", "humein", "mashwara", "salah", "kehte", "kehtay", "kahte", "sochte", "sochtay", "samajhte"},
		lazyre.New(`\b(?:should\s+(?:i|we|one|my|our|pakistanis|people)|shall\s+i|would\s+you\s+(?:recommend|advise|suggest)|do\s+you\s+(?:recommend|suggest|advise)|(?:what\s+)?do\s+(?:you|u)\s+think\s+(?:of|about|abt|i|we|it\s+is\s+(?:good|worth|wise|smart))|worth\s+(?:it|\w+ing)|your\s+(?:opinion|view|advice|recommendation)|any\s+(?:advice|tips|suggestions)|(?:recommend|advise)\s+me|kya\s+(?:mujhe|mujhay|hamein|humein)|mujhe\s+kya\s+karna|(?:mashwara|mashwarah|salah)\s+(?:do|dein|den|chahiye)|(?:aap|ap|tum)\s+(?:kya|kia)\s+(?:kehte|kehtay|kahte|sochte|sochtay|samajhte))\b`)},
	// Whether something is good, better or enough: an opinion.
	{[]string{"good", "bad", "great", "smart", "wise", "safe", "right", "better", "best", "worse", "enough", "behtar", "acha", "achha",
		"accha", "achi", "achhi", "acchi", "bura", "buri", "sahi", "chah", "chai"},
		lazyre.New(`\b(?:(?:is|are|r)\s+(?:\w+\s+){0,3}(?:a\s+)?(?:good|bad|great|smart|wise|safe|right)\s+(?:place|time|idea|choice|move|option|decision|career|investment|bet)|(?:is|are|r)\s+(?:\w+\s+){1,3}(?:better|worse)\s+than|which\s+(?:one\s+)?is\s+(?:better|best)|doing\s+enough` +
			`|(?:behtar|better|acha|achha|accha)\s+(?:hai|hain|he|h)\s+ya|kaun\s*(?:sa|si|se)\s+(?:behtar|better|acha|achha)|ya\s+(?:\w+\W+){1,3}(?:kya|kia|kaun\s*sa|konsa)\s+(?:behtar|better|acha|achha)|kya\s+(?:\w+\s+){0,4}(?:acha|achha|accha|achi|achhi|acchi|behtar|bura|buri|sahi)\s+(?:career|option|idea|faisla|fesla|investment|choice|kaam|field)|^\s*(?:kya|kia)\s+(?:\w+\s+){0,8}\w+(?:na|ni|ne|nay)\s+(?:chahiye|chahye|chahie|chahiay|chaiye))\b`)},
	// "is PTCL good", "are pakistani freelancers reliable?"
	{[]string{"good", "bad", "reliable", "legit", "trustworthy"},
		lazyre.New(`^\s*(?:is|are|r)\s+(?:\w+\s+){1,3}(?:good|bad|reliable|legit|trustworthy)\W*$`)},
	// How or where to do something oneself: steps, which the facts do
	// not give.
	{[]string{"how do", "how can", "how could", "how should", "how would", "how to", "step", "kaise", "kese", "kaisay", "kaisey", "kahan",
		"kahaan", "kidhar", "tips", "tareeqa", "tareeka", "tarika", "tariqa", "tareqa"},
		lazyre.New(`\b(?:how (?:do|can|could|should|would)\s+(?:i|we|one)|how to\s+(?:get|apply|register|open|start|become|join|make|find|learn|buy|set|sign|enrol|enroll|create|build|sell|earn|use|pay)|step\s*-?\s*by\s*-?\s*step|steps?\s+(?:batao|btao|bataen|bataein|bataiye|bata\s+do|samjhao)|kaise\s+(?:\w+\s+)?(?:karun|karoon|karu|karein|karen|banaun|banaoon|banayen|banaein|lagaun|lun|loon|milega|milegi)|(?:kaise|kese|kaisay|kaisey|kahan|kahaan|kidhar)\s+(?:se\s+)?(?:\w+\s+){0,2}(?:\w+(?:wayein|waen|waein|waun|waoon)|kar(?:ein|en|un|oon|u)|lun|loon|bhejun|bhejein)|tips\s+(?:for|on|to)|(?:tareeqa|tareeka|tarika|tariqa|tareqa))\b`)},
}

// urduHowTo asks how or where to do something oneself in Urdu: "کیسے"
// or "کہاں سے" and, within two words, a verb of the first person ("وی پی
// این کیسے رجسٹر کروں", "اسٹارلنک کیسے خریدوں": how do I register, buy).
var (
	urduHow   = Fold("کیسے")
	urduWhere = Fold("کہاں سے")
)

var urduHowTo = lazyre.New(`(?:` + Fold("کیسے") + `|` + Fold("کہاں سے") + `)(?:\s+\S+){0,2}?\s+\S+(?:` + Fold("وں") + `|` + Fold("ؤں") + `)(?:\s|$|[؟?])`)

// urduWhichBetter asks which of two is better in Urdu: "فری لانسنگ بہتر
// ہے یا نوکری؟", "… یا … کیا بہتر ہے".
var urduWhichBetter = []string{Fold("بہتر ہے یا"), Fold("بہتر ہیں یا"), Fold("کیا بہتر"), Fold("کون سا بہتر"), Fold("زیادہ بہتر")}

// urduShould is Urdu's "should" after an infinitive ("کھولنا چاہیے"),
// which a question that opens with کیا (whether) asks as advice; کیا
// later on asks what ("کردار کیا ہونا چاہیے": what its role should be).
var urduShould = []string{Fold("نا چاہی"), Fold("نی چاہی"), Fold("نے چاہی")}

// urduAdvice are the same in Urdu script, which \b does not bound.
var urduAdvice = []string{Fold("مشورہ"), Fold("کیا مجھے"), Fold("کیا ہمیں"), Fold("آپ کی رائے"), Fold("کیسے کروں"), Fold("کیسے کریں"),
	Fold("کیسے بنیں"), Fold("کیسے بناؤں"), Fold("طریقہ")}

// AsksAdvice reports a question that asks what the user should do, what
// the bot thinks, or how to do something ("Should I invest in Pakistani
// startups?", "is it a good time to become a freelancer", "kya mujhe
// freelancing karni chahiye", "how do I open an Amazon seller account",
// "register karne ka tareeqa"): the facts can inform it, but they do not
// answer it.
func (a *Analyzer) AsksAdvice(question string) bool {
	if len(question) > MaxQuestionBytes {
		question = strings.ToValidUTF8(question[:MaxQuestionBytes], "")
	}
	folded := Fold(question)
	if slices.ContainsFunc(urduAdvice, func(w string) bool { return strings.Contains(folded, w) }) {
		return true
	}
	if (strings.Contains(folded, urduHow) || strings.Contains(folded, urduWhere)) && urduHowTo().MatchString(folded) ||
		slices.ContainsFunc(urduWhichBetter, func(w string) bool { return strings.Contains(folded, w) }) {
		return true
	}
	if strings.HasPrefix(strings.TrimSpace(folded), Fold("کیا")) && slices.ContainsFunc(urduShould, func(w string) bool { return strings.Contains(folded, w) }) {
		return true
	}
	for _, r := range adviceRules {
		if slices.ContainsFunc(r.words, func(w string) bool { return strings.Contains(folded, w) }) && r.re().MatchString(folded) {
			return true
		}
	}
	return false
}

// SmallTalk reports what a message that names no subject says: a
// greeting, thanks, an acknowledgement, a farewell, asking for more, or a
// question about the bot, its topics or its sources. A message with a
// subject ("thanks, and what were exports in 2021?") is TalkNone, and so
// is one that says nothing recognisable.
func (a *Analyzer) SmallTalk(message string) bot.Talk {
	if len(message) > 200 {
		return bot.TalkNone
	}
	// What the message says, if it names no subject; most messages are
	// questions, which hold none of these and are not read again.
	folded := Fold(message)
	joined, words := chatWords(folded)
	has := func(phrases []string) bool {
		return slices.ContainsFunc(phrases, func(p string) bool { return strings.Contains(folded, p) })
	}
	// The patterns cost a microsecond or two; most messages hold none of
	// the words they need.
	chat := slices.ContainsFunc(words, func(w string) bool { return talkWords[w] })
	talk := bot.TalkNone
	switch {
	case mayAddress(message) && strings.TrimSpace(address().ReplaceAllString(message, " ")) == "":
		talk = bot.TalkGreeting // "@pakbot", "pakbot": called by name, and no more
	case chat && asksSources().MatchString(joined) || has(urduSources):
		talk = bot.TalkSources
	case chat && asksTopics().MatchString(joined):
		talk = bot.TalkTopics
	case chat && aboutBot().MatchString(joined) || has(urduAboutBot):
		talk = bot.TalkAbout
	case chat && howAreYou().MatchString(joined) || has(urduHowAreYou):
		talk = bot.TalkGreeting
	default:
		talk = wordsTalk(words, joined)
	}
	if talk == bot.TalkNone {
		return talk
	}
	namesBot := talk == bot.TalkAbout || talk == bot.TalkAck // "are you a bot?", "good bot"
	for _, w := range a.Analyze(message).Words {
		if !w.Common && !chatOnlyWord(w.Text) && !(namesBot && botWords[w.Text]) &&
			!(talk == bot.TalkSources && sourceWords[w.Text]) && !(talk == bot.TalkTopics && topicWords[w.Text]) {
			return bot.TalkNone
		}
	}
	return talk
}

// Words that say something to the bot, not about a subject.
var (
	ackWords = setOf(`ok okay okey okk k kk hmm hmmm hm lol lmao haha nice great cool good fine alright awesome perfect noted wow wah acha achha accha
theek thik theak sahi zabardast shabash got understood right ٹھیک اچھا زبردست شاباش`, "")
	byeWords  = setOf(`bye goodbye byebye bbye cya tata ciao hafiz khudahafiz allahhafiz gn goodnight farewell حافظ خداحافظ`, "")
	moreWords = setOf(`more next continue mazeed aage agay agla agle batao bataen bataiye مزید آگے اگلا بتائیں بتاؤ`, "")
)

// IsChatWord reports a word that says something to the bot and nothing of
// a subject: a greeting, thanks, "ok", "bye", "more". A moderator's
// synonym for one would turn chat into questions.
func IsChatWord(w string) bool { return chatOnlyWord(Fold(strings.TrimSpace(w))) }

// chatOnlyWord reports a word that says something to the bot and nothing
// of a subject.
func chatOnlyWord(w string) bool {
	return greetingWords[w] || thanksWords[w] || ackWords[w] || byeWords[w] || moreWords[w]
}

// wordsTalk reads what a message of chat words says: thanks before a
// farewell ("ok thanks bye"), a farewell before asking for more, and an
// acknowledgement last; a greeting among them is one.
func wordsTalk(words []string, joined string) bot.Talk {
	var thanks, bye, more, ack, greeting bool
	for _, w := range words {
		thanks = thanks || thanksWords[w]
		bye = bye || byeWords[w] || w == "night" && strings.Contains(joined, " good night ")
		more = more || moreWords[w]
		ack = ack || ackWords[w]
		greeting = greeting || greetingWords[w]
	}
	switch {
	case thanks:
		return bot.TalkThanks
	case bye:
		return bot.TalkBye
	case more || len(words) == 1 && (words[0] == "aur" || words[0] == "or"):
		return bot.TalkMore
	case greeting:
		return bot.TalkGreeting
	case ack:
		return bot.TalkAck
	}
	return bot.TalkNone
}

// sourceWords and topicWords are what questions about the bot's sources
// and topics speak of: "is this data reliable?", "what topics do you know?".
var (
	sourceWords = setOf(`source sources data info information link links reliable accurate correct true trustworthy numbers facts up date current recent updated old ذرائع ماخذ معلومات`, "")
	topicWords  = setOf(`topic topics subject subjects list ask cover talk`, "")
)

// botWords are what a question about the bot calls it: "are you a bot?",
// "what is your name?".
var botWords = setOf(`bot chatbot robot human ai real person machine name naam help support madad commands command yourself مدد`, "")
