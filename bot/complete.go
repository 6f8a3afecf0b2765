package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/sahilm/fuzzy"
)

// Complete suggests what a user typing partial into a question box may
// mean: topic titles and the phrases facts are known by, ranked with
// sahilm/fuzzy, best first, at most limit. An empty partial lists topics.
func (e *Engine) Complete(ctx context.Context, partial string, limit int) ([]string, error) {
	topics, err := e.kb.Topics(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot complete: %w", err)
	}
	partial = strings.ToLower(CleanText(partial))
	var candidates []string
	seen := map[string]bool{}
	addCand := func(s string) {
		if k := strings.ToLower(s); s != "" && !seen[k] {
			seen[k] = true
			candidates = append(candidates, s)
		}
	}
	for _, t := range topics {
		addCand(t.Title)
	}
	if partial == "" {
		return candidates[:min(limit, len(candidates))], nil
	}
	for _, t := range topics {
		facts, err := e.kb.TopicFacts(ctx, t.Name)
		if err != nil {
			return nil, fmt.Errorf("cannot complete: %w", err)
		}
		for _, f := range facts {
			for _, k := range f.Keywords {
				addCand(k)
			}
			for _, a := range f.Aliases {
				addCand(a)
			}
		}
	}
	matches := fuzzy.Find(partial, candidates)
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
