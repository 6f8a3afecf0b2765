// Package kbtest is a small in-memory bot.Knowledge for tests of the
// adapters, which need replies with citations, mentions and long answers but
// none of the search quality (or the cgo build) of the SQLite store.
package kbtest

import (
	"context"
	"slices"
	"strings"

	"github.com/pakbot/pakbot/bot"
)

// Memory holds topics, facts and sources in memory. A fact matches a
// question when one of its keywords occurs in it; more matching keywords
// rank higher. Every match has full confidence.
type Memory struct {
	TopicList  []bot.Topic
	Facts      []bot.Fact
	SourceList []bot.Source
	// BeforeSearch, when set, runs as each search starts: tests use it to
	// slow searches down or to learn that one has begun. An error fails the
	// search.
	BeforeSearch func(ctx context.Context) error
}

var _ bot.Knowledge = (*Memory)(nil)

// Search returns the facts whose keywords occur in question.
func (m *Memory) Search(ctx context.Context, question string, limit int) ([]bot.Hit, error) {
	if m.BeforeSearch != nil {
		if err := m.BeforeSearch(ctx); err != nil {
			return nil, err
		}
	}
	q := strings.ToLower(question)
	var hits []bot.Hit
	for _, f := range m.Facts {
		n := 0
		for _, k := range f.Keywords {
			if strings.Contains(q, k) {
				n++
			}
		}
		if n > 0 {
			hits = append(hits, bot.Hit{Fact: f, Score: float64(n), Confidence: 1})
		}
	}
	slices.SortStableFunc(hits, func(a, b bot.Hit) int { return int(b.Score - a.Score) })
	return hits[:min(len(hits), limit)], nil
}

// Topics lists the topics.
func (m *Memory) Topics(context.Context) ([]bot.Topic, error) { return m.TopicList, nil }

// TopicFacts lists a topic's facts in the order they were given.
func (m *Memory) TopicFacts(_ context.Context, topic string) ([]bot.Fact, error) {
	return m.where(func(f bot.Fact) bool { return f.Topic == topic }), nil
}

// SeriesFacts lists a series' facts in the order they were given.
func (m *Memory) SeriesFacts(_ context.Context, series string) ([]bot.Fact, error) {
	return m.where(func(f bot.Fact) bool { return f.Series == series }), nil
}

// Sources lists the sources.
func (m *Memory) Sources(context.Context) ([]bot.Source, error) { return m.SourceList, nil }

func (m *Memory) where(keep func(bot.Fact) bool) []bot.Fact {
	var out []bot.Fact
	for _, f := range m.Facts {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}
