package telegramtest

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// allowedTags are the tags Telegram's HTML parse mode accepts.
var allowedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "code": true, "pre": true, "blockquote": true, "tg-emoji": true,
}

// ParseHTML checks s the way Telegram does for parse mode HTML and returns
// the text a user would see. It is independent of the adapter's renderer,
// so tests do not grade the renderer with its own code. It rejects unknown
// or unbalanced tags, a '<' or '&' that is not part of a tag or one of the
// supported entities, and links other than http(s), tg: and mailto:.
func ParseHTML(s string) (string, error) {
	var text strings.Builder
	var stack []string
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", fmt.Errorf("can't parse entities: unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+j]
			i += j + 1
			if name, ok := strings.CutPrefix(tag, "/"); ok {
				name = strings.ToLower(strings.TrimSpace(name))
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", fmt.Errorf("can't parse entities: unmatched end tag </%s>", name)
				}
				stack = stack[:len(stack)-1]
				continue
			}
			name, attrs, _ := strings.Cut(tag, " ")
			name = strings.ToLower(name)
			if !allowedTags[name] {
				return "", fmt.Errorf("can't parse entities: unsupported start tag %q", name)
			}
			if name == "a" {
				href, err := attr(attrs, "href")
				if err != nil {
					return "", err
				}
				u, err := url.Parse(href)
				if err != nil || !(u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "tg" || u.Scheme == "mailto") {
					return "", fmt.Errorf("can't parse entities: unsupported URL %q", href)
				}
			}
			stack = append(stack, name)
		case '&':
			j := strings.IndexByte(s[i:], ';')
			if j < 0 {
				return "", fmt.Errorf("can't parse entities: bare & at byte offset %d", i)
			}
			r, err := entity(s[i+1 : i+j])
			if err != nil {
				return "", err
			}
			text.WriteRune(r)
			i += j + 1
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			text.WriteString(s[i : i+size])
			i += size
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("can't parse entities: unclosed tags %v", stack)
	}
	return text.String(), nil
}

// attr returns the value of a double-quoted attribute, entities decoded.
func attr(attrs, name string) (string, error) {
	_, rest, ok := strings.Cut(attrs, name+`="`)
	if !ok {
		return "", fmt.Errorf("can't parse entities: <a> without %s", name)
	}
	raw, _, ok := strings.Cut(rest, `"`)
	if !ok {
		return "", fmt.Errorf("can't parse entities: unterminated %s", name)
	}
	if strings.ContainsAny(raw, "<>") {
		return "", fmt.Errorf("can't parse entities: unescaped < or > in %s", name)
	}
	return ParseHTML(raw)
}

func entity(name string) (rune, error) {
	switch name {
	case "lt":
		return '<', nil
	case "gt":
		return '>', nil
	case "amp":
		return '&', nil
	case "quot":
		return '"', nil
	}
	num, ok := strings.CutPrefix(name, "#")
	if ok {
		base := 10
		if hex, ok := strings.CutPrefix(num, "x"); ok {
			num, base = hex, 16
		}
		if v, err := strconv.ParseUint(num, base, 32); err == nil && utf8.ValidRune(rune(v)) {
			return rune(v), nil
		}
	}
	return 0, fmt.Errorf("can't parse entities: unsupported entity &%s;", name)
}

// Length is how long Telegram considers a text: UTF-16 code units.
func Length(text string) int { return len(utf16.Encode([]rune(text))) }

// Mentions lists the @usernames Telegram would turn into mentions in a
// text: an "@" at the start of a word followed by username characters.
func Mentions(text string) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || (i > 0 && isUsernameByte(text[i-1])) {
			continue
		}
		j := i + 1
		for j < len(text) && isUsernameByte(text[j]) {
			j++
		}
		if j > i+1 {
			out = append(out, text[i:j])
		}
	}
	return out
}

func isUsernameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
