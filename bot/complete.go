package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sahilm/fuzzy"
)

// completionTTL is how long the list of completion candidates is reused;
// moderators' new facts show up in suggestions after at most this long.
const completionTTL = time.Minute

// completions caches the candidates Complete ranks: building them reads
// every fact, which is too much for each keystroke.
type completions struct {
	mu     sync.Mutex
	built  time.Time
	topics []string // topic titles, shown when nothing is typed yet
	all    []string // topic titles, then the phrases facts are known by
}

// Complete suggests what a user typing partial into a question box may
// mean: topic titles and the phrases facts are known by, ranked with
// sahilm/fuzzy, best first, at most limit. An empty partial lists topics.
func (e *Engine) Complete(ctx context.Context, partial string, limit int) ([]string, error) {
	topics, all, err := e.completionCandidates(ctx)
	if err != nil {
		return nil, err
	}
	partial = strings.ToLower(CleanText(partial))
	if partial == "" {
		return topics[:min(limit, len(topics))], nil
	}
	matches := fuzzy.Find(partial, all)
	sort.Stable(matches)
	var out []string
	for _, m := range matches {
		if len(out) == limit {
			break
		}
		out = append(out, m.Str)
	}
	return out, nil
}

func (e *Engine) completionCandidates(ctx context.Context) (topics, all []string, err error) {
	c := &e.completions
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.all != nil && e.now().Sub(c.built) < completionTTL {
		return c.topics, c.all, nil
	}
	list, err := e.kb.Topics(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot complete: %w", err)
	}
	seen := map[string]bool{}
	add := func(s string) {
		if k := strings.ToLower(s); s != "" && !seen[k] {
			seen[k] = true
			all = append(all, s)
		}
	}
	for _, t := range list {
		add(t.Title)
	}
	topics = all[:len(all):len(all)]
	for _, t := range list {
		phrases, err := e.topicPhrases(ctx, t.Name)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot complete: %w", err)
		}
		for _, p := range phrases {
			add(p)
		}
	}
	c.topics, c.all, c.built = topics, all, e.now()
	return topics, all, nil
}

// PhraseLister is a Knowledge that lists the phrases a topic's facts are
// known by (their keywords, then their aliases, in TopicFacts order)
// without reading the facts whole. Completion uses it when the store has
// it: the first completion otherwise reads every fact.
type PhraseLister interface {
	TopicPhrases(ctx context.Context, topic string) ([]string, error)
}

// topicPhrases lists the phrases of a topic's facts, from the store's
// PhraseLister if it has one.
func (e *Engine) topicPhrases(ctx context.Context, topic string) ([]string, error) {
	if pl, ok := e.kb.(PhraseLister); ok {
		return pl.TopicPhrases(ctx, topic)
	}
	facts, err := e.kb.TopicFacts(ctx, topic)
	if err != nil {
		return nil, err
	}
	var phrases []string
	for _, f := range facts {
		phrases = append(append(phrases, f.Keywords...), f.Aliases...)
	}
	return phrases, nil
}
