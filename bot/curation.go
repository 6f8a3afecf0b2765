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

	"github.com/pakbot/pakbot/internal/lazyre"
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
	// Period is read with ReadPeriod; empty when the source states none.
	Period string
	// Series names the measure the fact reports, shared with the facts
	// that report it for other periods. Nil lets the store decide: a fact
	// that reads like a member of a series apart from its figures and
	// period joins that series. An empty name keeps the fact out of every
	// series.
	Series *string
	// Figure is the number the text states, if any (see Figure).
	Figure Figure
}

// FactEdit is a moderator's change to a fact. Fields left nil stay as they
// are; the edit as a whole becomes one new version.
type FactEdit struct {
	Text   *string
	Period *string
	// SourceURL moves the fact to the source with this URL, which is added
	// (titled SourceTitle when given) if it is new.
	SourceURL   *string
	SourceTitle *string
	// Topic is an existing topic's name or alias.
	Topic *string
	// Series is a series name, or empty to leave every series.
	Series *string
	// Figure replaces the fact's figure; a zero Figure removes it.
	Figure *Figure
}

// IsZero reports whether the edit changes nothing.
func (e FactEdit) IsZero() bool {
	return e.Text == nil && e.Period == nil && e.SourceURL == nil && e.SourceTitle == nil && e.Topic == nil && e.Series == nil &&
		e.Figure == nil
}

// The fields of a fact a user supplies, as UserError.Field names them.
const (
	FieldText   = "text"
	FieldPeriod = "period"
	FieldSource = "source"
	FieldTitle  = "title"
	FieldTopic  = "topic"
	FieldSeries = "series"
	FieldFigure = "figure"
)

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

// SourceEdit is a correction to a source. Each field that is not nil
// replaces the stored one; an empty value makes that field unknown, except
// the title, which every source has. The approximate date is not a field a
// moderator sets: it only orders undated facts.
type SourceEdit struct {
	Title, Publisher, URL, Published *string
}

// SourceFields names the fields of a source a moderator can correct, in
// the order commands list them.
func SourceFields() []string { return []string{"title", "publisher", "url", "published"} }

// Set sets the field with the given name (one of SourceFields) to value.
// An empty value, or the word "unknown", makes the field unknown.
func (e *SourceEdit) Set(field, value string) error {
	if value = strings.TrimSpace(value); strings.EqualFold(value, "unknown") {
		value = ""
	}
	switch field {
	case "title":
		e.Title = &value
	case "publisher":
		e.Publisher = &value
	case "url":
		e.URL = &value
	case "published":
		e.Published = &value
	default:
		return Userf("%q is not a field of a source; the fields are %s.", field, strings.Join(SourceFields(), ", "))
	}
	return nil
}

// IsZero reports whether the edit changes nothing.
func (e SourceEdit) IsZero() bool {
	return e.Title == nil && e.Publisher == nil && e.URL == nil && e.Published == nil
}

// FieldError is a value refused for one named field. Each surface names
// the field its own way (a chat parameter, a command-line flag); the
// wrapped error says what is wrong.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Err.Error() }

// Unwrap returns the error about the value.
func (e *FieldError) Unwrap() error { return e.Err }

// Validate checks every field the edit sets (see ValidateSourceField); a
// failure is a *FieldError naming the field.
func (e SourceEdit) Validate() error {
	for _, f := range []struct {
		name  string
		value *string
	}{{"title", e.Title}, {"publisher", e.Publisher}, {"url", e.URL}, {"published", e.Published}} {
		if f.value == nil {
			continue
		}
		if err := ValidateSourceField(f.name, *f.value); err != nil {
			return &FieldError{Field: f.name, Err: err}
		}
	}
	return nil
}

// Apply returns s with the fields the edit sets replaced, cleaned as
// CleanText cleans (trimmed, runs of spaces made one).
func (e SourceEdit) Apply(s Source) Source {
	for _, f := range []struct {
		value *string
		field *string
	}{{e.Title, &s.Title}, {e.Publisher, &s.Publisher}, {e.URL, &s.URL}, {e.Published, &s.Published}} {
		if f.value != nil {
			*f.field = CleanText(*f.value)
		}
	}
	return s
}

// Limits on a source's title and publisher, for moderators and imports.
const (
	MaxSourceTitle     = 200
	MaxSourcePublisher = 100
)

// ValidateSourceField checks a new value for a field of a source: a title
// is required plain text, a publisher optional plain text, a URL empty or
// http(s), and the publication date empty or a date (ValidateSourceDate).
// The messages name no command, so every surface can show them.
func ValidateSourceField(field, value string) error {
	value = strings.TrimSpace(value)
	// A citation joins title, publisher and date with commas, so a value
	// must say something and must not bring a comma of its own to a join.
	plain := func(max int) bool {
		return utf8.ValidString(value) && utf8.RuneCountInString(value) <= max && strings.IndexFunc(value, unicode.IsControl) < 0 &&
			strings.IndexFunc(value, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 &&
			!strings.HasPrefix(value, ",") && !strings.HasSuffix(value, ",")
	}
	switch field {
	case "title":
		if value == "" {
			return Userf("A source needs a title: give the one its page shows, or describe it.")
		}
		if !plain(MaxSourceTitle) {
			return Userf("The title must be plain text of at most %d characters, with letters or digits and no comma at either end.", MaxSourceTitle)
		}
	case "publisher":
		if value != "" && !plain(MaxSourcePublisher) {
			return Userf("The publisher must be plain text of at most %d characters, with letters or digits and no comma at either end.", MaxSourcePublisher)
		}
	case "url":
		if value != "" {
			return ValidateSourceURL(value)
		}
	case "published":
		return ValidateSourceDate(value)
	default:
		return Userf("%q is not a field of a source; the fields are %s.", field, strings.Join(SourceFields(), ", "))
	}
	return nil
}

// ValidateSourceDate accepts a publication date as precise as it is known:
// YYYY, YYYY-MM or YYYY-MM-DD, or empty when it is unknown.
func ValidateSourceDate(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if _, err := ParsePeriod(s); err != nil || strings.Contains(s, "..") || strings.HasPrefix(s, "FY") {
		return Userf("%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, like 2023-08-15.", s)
	}
	return nil
}

// Curator is what moderation needs from a fact store. Every change is a new
// version written together with its audit entry; nothing is overwritten.
type Curator interface {
	AddFact(ctx context.Context, f NewFact, by Actor) (Fact, error)
	// EditFact applies edit to a fact as one new version.
	EditFact(ctx context.Context, key string, edit FactEdit, by Actor) (Fact, error)
	RemoveFact(ctx context.Context, key string, by Actor) (Fact, error)
	RestoreFact(ctx context.Context, key string, by Actor) (Fact, error)
	// EditSource corrects a source as a new version. It returns an error
	// wrapping ErrNotFound when there is no source with that id.
	EditSource(ctx context.Context, id string, edit SourceEdit, by Actor) (Source, error)
	// Fact returns the current version of a fact, removed or not.
	Fact(ctx context.Context, key string) (Fact, error)
	History(ctx context.Context, key string) ([]Version, error)
	AddAlias(ctx context.Context, topic, alias string, by Actor) error
	// RemoveAlias takes a moderator's alias away again and returns the
	// topic it led to; the audit log keeps it.
	RemoveAlias(ctx context.Context, alias string, by Actor) (topic string, err error)
	Suggest(ctx context.Context, s Suggestion) (Suggestion, error)
	PendingSuggestions(ctx context.Context) ([]Suggestion, error)
	Approve(ctx context.Context, id int64, by Actor) (Suggestion, Fact, error)
	Reject(ctx context.Context, id int64, reason string, by Actor) (Suggestion, error)
}

// UserError is an error whose message is written for the person who caused
// it (a validation failure, a duplicate), safe to show in chat and in the
// shell alike: it names no command of either. Each surface adds, in its own
// words, which input was wrong (Field) and what to do next (Next).
type UserError struct {
	Msg string
	// Field is the input the message is about (FieldText, FieldPeriod…),
	// or empty.
	Field string
	// Next is what the user can do about it, if anything particular.
	Next NextStep
}

func (e *UserError) Error() string { return e.Msg }

// NextStep is an action a surface can suggest after an error, spelled as
// that surface's command ("/editfact key | text" in chat, "pakbot facts
// edit KEY --text …" in the shell).
type NextStep struct {
	// Action is NextEdit or NextRestore, or empty for none.
	Action string
	// Key is the fact the action applies to.
	Key string
}

// Next steps a UserError can suggest.
const (
	// NextEdit: change the existing fact Key instead of adding another.
	NextEdit = "edit"
	// NextRestore: bring the removed fact Key back.
	NextRestore = "restore"
)

// Userf returns a UserError.
func Userf(format string, args ...any) error { return &UserError{Msg: fmt.Sprintf(format, args...)} }

// FieldErrorf returns a UserError about one input field.
func FieldErrorf(field, format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...), Field: field}
}

// UserMessage returns the message to show in chat for err when it is
// meant for users, and false otherwise.
func UserMessage(err error) (string, bool) {
	var ue *UserError
	if errors.As(err, &ue) {
		switch ue.Next.Action {
		case NextEdit:
			return ue.Msg + " Edit it with /editfact " + ue.Next.Key + " | new text.", true
		case NextRestore:
			return ue.Msg + " /restorefact " + ue.Next.Key + " brings it back.", true
		}
		return ue.Msg, true
	}
	if errors.Is(err, ErrNotFound) {
		return "I have no fact with that key. Check its spelling: keys look like it-exports-fy2023-24, and every fact card (/fact) shows one.", true
	}
	return "", false
}

// ValidateFactText checks a fact's text: its length and that it holds no
// control characters.
func ValidateFactText(s string) error {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return FieldErrorf(FieldText, "The text is not valid UTF-8.")
	}
	if n := utf8.RuneCountInString(s); n < MinFactText || n > MaxFactText {
		return FieldErrorf(FieldText, "The text has %s; a fact needs %d to %d.", Count(n, "character", "characters"), MinFactText, MaxFactText)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return FieldErrorf(FieldText, "The text contains a control character (%U); please remove it.", r)
		}
	}
	// "--period FY2023-24" typed where the text goes is an option that
	// went astray, never a fact.
	if len(s) > 1 && s[0] == '-' && (s[1] == '-' || unicode.IsLetter(rune(s[1]))) {
		word, _, _ := strings.Cut(s, " ")
		return FieldErrorf(FieldText, "The text starts with %q, which looks like an option, not a sentence.", word)
	}
	return nil
}

// ValidateNewFactText checks the text of a fact being added or edited, or
// suggested: ValidateFactText, and plain words. Discord and Telegram
// render markup: a link in a fact's text would be clickable in every
// answer, outside the source it cites, and a mention would ping everyone.
// Facts written before this rule are restored as they were.
func ValidateNewFactText(s string) error {
	if err := ValidateFactText(s); err != nil {
		return err
	}
	if m := textMarkup().FindString(s); m != "" {
		return FieldErrorf(FieldText, "The text must be plain words: it holds %q. A link goes in the source; write the rest without markup or mentions.", m)
	}
	return nil
}

// textMarkup is what a platform would render in a fact's text: a link, an
// HTML tag, a Markdown link, emphasis or code, and mentions.
var textMarkup = lazyre.New(`(?i)https?://\S*|\bwww\.\S*|<[a-z/!@#][^<>]*>|\]\(|\*\*|__|` + "`" + `|\|\||@(?:everyone|here)\b`)

// ValidateSourceURL accepts absolute http and https URLs with a host.
func ValidateSourceURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(raw, " \t\n") {
		return FieldErrorf(FieldSource, "%q is not a valid source: give an http(s) URL with a host, like https://example.com/article.", raw)
	}
	return nil
}

// Synonym is a word a moderator taught the bot: questions that use Word
// are read as if they said Means.
type Synonym struct {
	Word    string
	Means   string
	Version int
	By      string
	At      time.Time
}

// LexiconCurator is what the synonym commands need from a store. Every
// change is versioned and audited, like facts, and reaches answers at once.
type LexiconCurator interface {
	AddSynonym(ctx context.Context, word, means string, by Actor) (Synonym, error)
	RemoveSynonym(ctx context.Context, word string, by Actor) (Synonym, error)
	Synonyms(ctx context.Context) ([]Synonym, error)
}

// seriesName is the syntax of a series name, as the seeds write it.
var seriesName = lazyre.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ReadSeries reads a series name a moderator gives: lowercase words joined
// by hyphens (it-exports-annual), at most 60 characters. "none" and "-"
// read as the empty name, which keeps a fact out of every series.
func ReadSeries(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "none" || s == "-" {
		return "", nil
	}
	if len(s) > 60 || !seriesName().MatchString(s) {
		return "", FieldErrorf(FieldSeries, "%q is not a series name: use lowercase words joined by hyphens, like it-exports-annual, or none.", s)
	}
	return s, nil
}
