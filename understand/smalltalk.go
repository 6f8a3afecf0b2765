package understand

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/pakbot/pakbot/bot"
)

var (
	greetingWords = setOf(`hi hii hiii hello helo hey heyy hiya yo salam salaam slm aoa asalam assalam assalamualaikum asalamualaikum alaikum walaikum morning evening afternoon adaab howdy greetings`, "")
	thanksWords   = setOf(`thanks thank thx thnx thnks thanx ty tysm thanku shukriya shukria shukriyah shukrya jazakallah jazakallahkhair jzk mehrbani meherbani meharbani`, "")
	// aboutBot asks what the bot is or does, in English or Roman Urdu.
	aboutBot = regexp.MustCompile(`\b(?:what\s+(?:can|do)\s+you\s+do|who\s+are\s+you|what\s+are\s+you|how\s+do\s+you\s+work|what\s+do\s+you\s+know|help|kya\s+kar\s+(?:sakte|sakti|skte)|(?:tum|aap|ap)\s+kaun\s+(?:ho|hain)|kya\s+(?:karte|krte)\s+(?:ho|hain))\b`)
)

// advice asks for advice or an opinion, in English, Roman Urdu or Urdu:
// what the user should do, or what the bot thinks.
var advice = regexp.MustCompile(`\b(?:should\s+(?:i|we|one|my|our|pakistanis|people)|shall\s+i|would\s+you\s+(?:recommend|advise|suggest)|do\s+you\s+(?:recommend|suggest|advise)|(?:what\s+)?do\s+you\s+think\s+(?:of|about|i|we|it\s+is\s+(?:good|worth|wise|smart))|is\s+it\s+(?:a\s+)?(?:good|bad|wise|smart|right|safe)\s+(?:time|idea|choice|move|option|decision|career)|is\s+it\s+worth\s+(?:it|\w+ing)|worth\s+it|your\s+(?:opinion|view|advice|recommendation)|any\s+(?:advice|tips|suggestions)|(?:recommend|advise)\s+me|kya\s+(?:mujhe|mujhay|hamein|humein)|mujhe\s+kya\s+karna|(?:mashwara|mashwarah|salah)\s+(?:do|dein|den|chahiye))\b`)

// adviceWords are words of which every match of advice holds one.
var adviceWords = []string{"should", "shall", "you", "worth", "advice", "tips", "suggestions", "recommend", "advise", "is it",
	"kya", "mujhe", "mashwara", "salah"}

// urduAdvice are the same in Urdu script, which \b does not bound.
var urduAdvice = []string{Fold("مشورہ"), Fold("کیا مجھے"), Fold("کیا ہمیں"), Fold("آپ کی رائے")}

// AsksAdvice reports a question that asks what the user should do, or
// what the bot thinks ("Should I invest in Pakistani startups?", "is it
// a good time to become a freelancer", "kya mujhe freelancing karni
// chahiye"): the facts can inform it, but they do not answer it.
func (a *Analyzer) AsksAdvice(question string) bool {
	if len(question) > MaxQuestionBytes {
		question = strings.ToValidUTF8(question[:MaxQuestionBytes], "")
	}
	folded := Fold(question)
	if slices.ContainsFunc(urduAdvice, func(w string) bool { return strings.Contains(folded, w) }) {
		return true
	}
	// The pattern costs microseconds on every answered question, and few
	// hold any of the words each of its branches needs.
	return slices.ContainsFunc(adviceWords, func(w string) bool { return strings.Contains(folded, w) }) && advice.MatchString(folded)
}

// aboutBotWords are words every question aboutBot finds holds.
var aboutBotWords = []string{"you", "help", "kya", "kaun"}

// mayAskAboutBot reports whether folded text may ask about the bot: the
// pattern costs more than a microsecond on every message, and few hold
// any of its words.
func mayAskAboutBot(folded string) bool {
	for _, w := range aboutBotWords {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}

// SmallTalk reports what a message that names no subject says: a
// greeting, thanks, or a question about the bot itself. A message with a
// subject ("thanks, and what were exports in 2021?") is TalkNone, and so
// is one that says nothing recognisable.
func (a *Analyzer) SmallTalk(message string) bot.Talk {
	if len(message) > 200 {
		return bot.TalkNone
	}
	// What the message says, if it names no subject; most messages are
	// questions, which hold none of these and are not read again.
	folded := Fold(message)
	talk := bot.TalkNone
	if mayAskAboutBot(folded) && aboutBot.MatchString(folded) {
		talk = bot.TalkAbout
	} else {
		for _, w := range strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if thanksWords[w] {
				talk = bot.TalkThanks
				break
			}
			if greetingWords[w] {
				talk = bot.TalkGreeting
			}
		}
	}
	if talk == bot.TalkNone {
		return talk
	}
	for _, w := range a.Analyze(message).Words {
		if !w.Common && !greetingWords[w.Text] && !thanksWords[w.Text] {
			return bot.TalkNone
		}
	}
	return talk
}
