package telegram

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxMessageLength is the longest message text Telegram accepts, counted
// after entities are parsed, in UTF-16 code units.
const MaxMessageLength = 4096

// SplitMessage cuts an HTML message into parts Telegram accepts, each at
// most limit characters as Telegram counts them: UTF-16 code units of the
// text once tags are removed and entities decoded.
//
// It cuts at a line break when the part has one, else at a space, else
// between two characters, but never inside a tag or an entity. Tags still
// open at a cut are closed at the end of the part and reopened at the start
// of the next, so every part is well-formed on its own. Line breaks and
// spaces at a cut are dropped.
func SplitMessage(html string, limit int) []string {
	if limit <= 0 || len(html) <= limit {
		return []string{html} // bytes never undercount what Telegram counts
	}
	toks := tokenize(html)
	if textWidth(toks) <= limit {
		return []string{html}
	}
	var parts []string
	var open []token // tags open where the current part starts
	start := 0
	for {
		for start < len(toks) && toks[start].separator() {
			start++
		}
		if start == len(toks) {
			return parts
		}
		end, next := len(toks), len(toks)
		width, cutKind := 0, cutNone
		for i := start; i < len(toks); i++ {
			t := toks[i]
			if t.width > 0 && width+t.width > limit {
				if cutKind == cutNone {
					// No line break or space in reach: cut before this
					// character, or take it alone if even it is too wide.
					end, next = i, i
					if width == 0 {
						end, next = i+1, i+1
					}
				}
				break
			}
			switch {
			case t.newline:
				end, next, cutKind = i, i+1, cutLine
			case t.space && cutKind != cutLine:
				end, next, cutKind = i, i+1, cutSpace
			}
			width += t.width
			if i == len(toks)-1 {
				end, next = len(toks), len(toks)
			}
		}
		// The tags open at the cut: those open at the start, updated by
		// the tags in the part.
		cutStack := slices.Clone(open)
		for _, t := range toks[start:end] {
			cutStack = t.apply(cutStack)
		}
		body := toks[start:end]
		for len(body) > 0 && body[len(body)-1].separator() {
			body = body[:len(body)-1]
		}
		if textWidth(body) > 0 {
			var b strings.Builder
			for _, t := range open {
				b.WriteString(t.raw)
			}
			for _, t := range body {
				b.WriteString(t.raw)
			}
			for i := len(cutStack) - 1; i >= 0; i-- {
				b.WriteString("</" + cutStack[i].tag + ">")
			}
			parts = append(parts, b.String())
		}
		open, start = cutStack, next
	}
}

// Where SplitMessage prefers to cut, weakest first.
const (
	cutNone = iota
	cutSpace
	cutLine
)

// token is an indivisible piece of an HTML message: a tag, an entity or
// one character.
type token struct {
	raw string
	// width is how many UTF-16 code units the token shows as.
	width int
	// tag is the lowercase tag name of a tag token, closing tells </b>
	// from <b>.
	tag     string
	closing bool
	space   bool
	newline bool
}

func (t token) separator() bool { return t.space || t.newline }

// apply returns the open-tag stack after t.
func (t token) apply(stack []token) []token {
	switch {
	case t.tag == "":
		return stack
	case !t.closing:
		return append(stack, t)
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].tag == t.tag {
			return append(stack[:i:i], stack[i+1:]...)
		}
	}
	return stack
}

func tokenize(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if j := strings.IndexByte(s[i:], '>'); j > 1 {
				raw := s[i : i+j+1]
				name, closing := tagName(raw)
				if name != "" {
					toks = append(toks, token{raw: raw, tag: name, closing: closing})
					i += j + 1
					continue
				}
			}
		case '&':
			if j := strings.IndexByte(s[i:], ';'); j > 1 && j <= 10 {
				if w, ok := entityWidth(s[i : i+j+1]); ok {
					toks = append(toks, token{raw: s[i : i+j+1], width: w})
					i += j + 1
					continue
				}
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		toks = append(toks, token{raw: s[i : i+size], width: utf16.RuneLen(r), space: r == ' ', newline: r == '\n'})
		i += size
	}
	return toks
}

func textWidth(toks []token) int {
	n := 0
	for _, t := range toks {
		n += t.width
	}
	return n
}

// tagName returns the lowercase name of a tag such as `<a href="…">` or
// `</b>`, or "" if raw is not a tag.
func tagName(raw string) (name string, closing bool) {
	s := strings.TrimSuffix(strings.TrimPrefix(raw, "<"), ">")
	s, closing = strings.CutPrefix(s, "/")
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
	})
	if end < 0 {
		end = len(s)
	}
	if end == 0 || (end < len(s) && s[end] != ' ') {
		return "", false
	}
	return strings.ToLower(s[:end]), closing
}

// entityWidth returns how many UTF-16 code units an HTML entity such as
// "&amp;" or "&#128512;" shows as.
func entityWidth(e string) (int, bool) {
	body := e[1 : len(e)-1]
	num, ok := strings.CutPrefix(body, "#")
	if !ok {
		for _, c := range []byte(body) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return 0, false
			}
		}
		return 1, true
	}
	base := 10
	if hex, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
		num, base = hex, 16
	}
	v, err := strconv.ParseUint(num, base, 32)
	if err != nil {
		return 0, false
	}
	if w := utf16.RuneLen(rune(v)); w > 0 {
		return w, true
	}
	return 0, false
}
