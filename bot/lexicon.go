package bot

import (
	"context"
	"fmt"
	"strings"
)

// The synonym commands let moderators teach the bot words people use
// that the facts do not: "/synonym naukri = jobs". A synonym works at once,
// on every platform, and is versioned and audited like a fact.

func lexiconCommands() []builtin {
	word := Param{Name: "word", Description: "The word or short phrase people type, e.g. naukri", Required: true}
	return []builtin{
		{CommandInfo{Name: "synonym", Description: "Teach me a word: /synonym naukri = jobs", Moderator: true, Params: []Param{
			word, {Name: "means", Description: "The English word or phrase it means, e.g. jobs", Required: true}}}, (*Engine).addSynonym},
		{CommandInfo{Name: "synonyms", Description: "List the words moderators taught me", Moderator: true}, (*Engine).listSynonyms},
		{CommandInfo{Name: "removesynonym", Description: "Forget a word a moderator taught me", Moderator: true, Params: []Param{word}}, (*Engine).removeSynonym},
	}
}

func (e *Engine) lexiconCurator() LexiconCurator { c, _ := e.kb.(LexiconCurator); return c }

// addSynonym reads "word = meaning" (or "word | meaning", as Discord's
// typed options arrive).
func (e *Engine) addSynonym(ctx context.Context, req Request, args string) Reply {
	word, means, ok := strings.Cut(args, "=")
	if !ok {
		word, means, _ = strings.Cut(args, "|")
	}
	word, means = strings.TrimSpace(word), strings.TrimSpace(means)
	if word == "" || means == "" {
		return privateText(KindError, "Usage: /synonym word = meaning\nFor example: /synonym naukri = jobs")
	}
	s, err := e.lexiconCurator().AddSynonym(ctx, word, means, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "adding a synonym", err)
	}
	return privateText(KindInfo, fmt.Sprintf("From now on I read %q as %q (version %d). /removesynonym %s undoes it.", s.Word, s.Means, s.Version, s.Word))
}

func (e *Engine) removeSynonym(ctx context.Context, req Request, args string) Reply {
	if strings.TrimSpace(args) == "" {
		return privateText(KindError, "Usage: /removesynonym word\nFor example: /removesynonym naukri")
	}
	s, err := e.lexiconCurator().RemoveSynonym(ctx, args, ActorFrom(req))
	if err != nil {
		return e.changeFailed(ctx, "removing a synonym", err)
	}
	return privateText(KindInfo, fmt.Sprintf("I no longer read %q as %q. Its history is kept.", s.Word, s.Means))
}

func (e *Engine) listSynonyms(ctx context.Context, _ Request, _ string) Reply {
	syns, err := e.lexiconCurator().Synonyms(ctx)
	if err != nil {
		e.logger.ErrorContext(ctx, "listing synonyms failed", "err", err)
		return e.failure()
	}
	if len(syns) == 0 {
		return privateText(KindInfo, "Moderators have taught me no words yet. Add one with /synonym word = meaning.")
	}
	r := privateText(KindInfo)
	r.Title = "Words moderators taught me"
	for _, s := range syns {
		r.Blocks = append(r.Blocks, Block{Item: true, Text: fmt.Sprintf("%s = %s (by %s, %s)", s.Word, s.Means, s.By, day(s.At))})
	}
	return r
}
