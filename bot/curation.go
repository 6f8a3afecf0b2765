package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on fact text, for seeds and for moderators alike.
const (
	MinFactText = 10
	MaxFactText = 500
)

// Actor is who made a change, and where.
type Actor struct {
	Platform Platform
	ChatID   string
	UserID   string
	// Name is shown in histories ("added by …").
	Name string
}

// ActorFrom returns the actor behind a request.
func ActorFrom(req Request) Actor {
	name := req.UserName
	if name == "" {
		name = req.UserID
	}
	return Actor{Platform: req.Platform, ChatID: req.ChatID, UserID: req.UserID, Name: name}
}

// NewFact is what a moderator supplies to add a fact.
type NewFact struct {
	// Topic is an existing topic's name, or "new:name" to create a topic.
	Topic       string
	Text        string
	SourceURL   string
	SourceTitle string
	Period      string
}

// Version is one entry of a fact's history.
type Version struct {
	Fact Fact
	// Change is seed, seed-update, add, edit, remove, restore or import.
	Change   string
	Author   string
	Platform Platform
	ChatID   string
	At       time.Time
}

// Suggestion is a fact proposed by someone who is not a moderator, waiting
// for review.
type Suggestion struct {
	ID          int64
	Text        string
	SourceURL   string
	SourceTitle string
	Topic       string
	By          Actor
	At          time.Time
	// Status is pending, approved or rejected.
	Status    string
	DecidedBy string
	Reason    string
	// FactKey is the fact an approved suggestion became.
	FactKey string
}

// Curator is what moderation needs from a fact store. Every change is a new
// version written together with its audit entry; nothing is overwritten.
type Curator interface {
	AddFact(ctx context.Context, f NewFact, by Actor) (Fact, error)
	EditFact(ctx context.Context, key, text string, by Actor) (Fact, error)
	RemoveFact(ctx context.Context, key string, by Actor) (Fact, error)
	RestoreFact(ctx context.Context, key string, by Actor) (Fact, error)
	// Fact returns the current version of a fact, removed or not.
	Fact(ctx context.Context, key string) (Fact, error)
	History(ctx context.Context, key string) ([]Version, error)
	AddAlias(ctx context.Context, topic, alias string, by Actor) error
	Suggest(ctx context.Context, s Suggestion) (Suggestion, error)
	PendingSuggestions(ctx context.Context) ([]Suggestion, error)
	Approve(ctx context.Context, id int64, by Actor) (Suggestion, Fact, error)
	Reject(ctx context.Context, id int64, reason string, by Actor) (Suggestion, error)
}

// UserError is an error whose message is written for the person who caused
// it (a validation failure, a duplicate), safe to show in chat.
type UserError struct{ Msg string }

func (e *UserError) Error() string { return e.Msg }

// Userf returns a UserError.
func Userf(format string, args ...any) error { return &UserError{Msg: fmt.Sprintf(format, args...)} }

// UserMessage returns the message to show for err when it is meant for
// users, and false otherwise.
func UserMessage(err error) (string, bool) {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Msg, true
	}
	if errors.Is(err, ErrNotFound) {
		return "I have no such fact. /fact KEY shows one; keys appear in /history and `pakbot facts list`.", true
	}
	return "", false
}

// ValidateFactText checks a fact's text: its length and that it holds no
// control characters.
func ValidateFactText(s string) error {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return Userf("The text is not valid UTF-8.")
	}
	if n := utf8.RuneCountInString(s); n < MinFactText || n > MaxFactText {
		return Userf("The text has %s; a fact needs %d to %d.", Count(n, "character", "characters"), MinFactText, MaxFactText)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return Userf("The text contains a control character (%U); please remove it.", r)
		}
	}
	return nil
}

// ValidateSourceURL accepts absolute http and https URLs with a host.
func ValidateSourceURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(raw, " \t\n") {
		return Userf("%q is not a valid source: give an http(s) URL with a host, like https://example.com/article.", raw)
	}
	return nil
}
