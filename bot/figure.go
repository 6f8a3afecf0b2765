package bot

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pakbot/pakbot/internal/lazyre"
)

// Figure is the number a fact states, with its unit ("3.223", "USD bn").
// Charts are drawn from figures, never from parsing sentences, so a figure
// is curated like the text: in the seeds, by moderators, in exports. The
// zero Figure means the fact states no figure.
type Figure struct {
	Value float64
	// Unit says what Value counts ("USD bn", "million subscribers"); every
	// figure has one, and only figures with the same unit share an axis.
	Unit string
}

// IsZero reports whether the fact states no figure.
func (f Figure) IsZero() bool { return f.Unit == "" }

// String renders the figure for people: "3.223 USD bn", or "" for none.
func (f Figure) String() string {
	if f.IsZero() {
		return ""
	}
	return FormatValue(f.Value) + " " + f.Unit
}

// FormatValue writes a figure's value as briefly as it is exact: 3.223,
// 100, 0.5.
func FormatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// MaxUnit is the longest unit a figure may have, in characters.
const MaxUnit = 30

// numberPattern is a plain decimal number, digits optionally grouped by
// commas: 3.223, 1,530, -2.5. Exponents, hex, "Inf" and "NaN", all of
// which strconv.ParseFloat takes, are refused.
var numberPattern = lazyre.New(`^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$`)

// ParseFigure reads a figure as moderators write it: a number, then its
// unit ("3.223 USD bn", "139 million subscribers"). An empty string, or
// "none", is the zero Figure (no figure).
func ParseFigure(s string) (Figure, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") {
		return Figure{}, nil
	}
	number, unit, _ := strings.Cut(s, " ")
	v, ok := ParseValue(number)
	if !ok {
		return Figure{}, FieldErrorf(FieldFigure, "%q is not a figure: write the number, then its unit, like 3.223 USD bn (or none for no figure).", s)
	}
	f := Figure{Value: v, Unit: CleanText(unit)}
	return f, ValidateFigure(f)
}

// ParseValue reads a figure's number as people write it: a plain decimal,
// digits optionally grouped by commas (3.223, 1,530, -2.5). It reports
// false for anything else, exponents and "NaN" included.
func ParseValue(s string) (float64, bool) {
	if !numberPattern().MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return v, err == nil
}

// ValidateFigure checks a figure: a finite value and a unit of plain
// text, at most MaxUnit characters. The zero Figure is valid.
func ValidateFigure(f Figure) error {
	if f.IsZero() {
		if f.Value != 0 {
			return FieldErrorf(FieldFigure, "The figure %s has no unit: say what it counts, like %s USD bn.", FormatValue(f.Value), FormatValue(f.Value))
		}
		return nil
	}
	if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
		return FieldErrorf(FieldFigure, "A figure must be a finite number.")
	}
	u := f.Unit
	if !utf8.ValidString(u) || strings.TrimSpace(u) != u || utf8.RuneCountInString(u) > MaxUnit ||
		strings.IndexFunc(u, unicode.IsControl) >= 0 || strings.IndexFunc(u, func(r rune) bool { return unicode.IsLetter(r) || r == '%' }) < 0 {
		return FieldErrorf(FieldFigure, "The unit %q must be plain text with letters (or %%), at most %d characters, like USD bn.", u, MaxUnit)
	}
	return nil
}
