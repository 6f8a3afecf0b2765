package understand

import (
	"regexp"
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
