package knowledge

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// decodeStringList decodes a JSON array of strings as stored in the
// keywords and aliases columns. Search reads them for every fact it
// returns, and encoding/json took a third of the time spent turning rows
// into facts; the arrays json.Marshal writes for ordinary words (no
// escapes) are split directly, anything else goes through encoding/json.
func decodeStringList(s string, dst *[]string) error {
	if s == "[]" {
		*dst = []string{}
		return nil
	}
	inner, prefixed := strings.CutPrefix(s, `["`)
	inner, suffixed := strings.CutSuffix(inner, `"]`)
	if !prefixed || !suffixed || !plainJSONString(inner) {
		return json.Unmarshal([]byte(s), dst)
	}
	// Without escapes a quote only ever delimits: `a","b` is two strings,
	// and a quote in any other place means the text is not a plain list.
	list := strings.Split(inner, `","`)
	for _, item := range list {
		if strings.ContainsRune(item, '"') {
			return json.Unmarshal([]byte(s), dst)
		}
	}
	*dst = list
	return nil
}

// plainJSONString reports whether s can stand in a JSON string as it is:
// valid UTF-8 without escapes or control characters.
func plainJSONString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '\\' {
			return false
		}
	}
	return utf8.ValidString(s)
}
