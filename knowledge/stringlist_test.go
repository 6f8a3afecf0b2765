package knowledge

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeStringList checks that decodeStringList agrees with
// encoding/json on any input: same list when json accepts it, an error
// when json rejects it.
func FuzzDecodeStringList(f *testing.F) {
	for _, s := range []string{`[]`, `[""]`, `["",""]`, `["it exports","PTA"]`, `["a\"b"]`, `["\u003c"]`,
		`[ "a" ]`, `["a", "b"]`, `["a","b"`, `["a"]x`, `["a\tb"]`, "[\"\xff\"]", `["é","ü"]`, `null`, `["a"",""]`, `"]`, `["`, `["]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want []string
		gotErr := decodeStringList(s, &got)
		wantErr := json.Unmarshal([]byte(s), &want)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("decodeStringList(%q) error %v, encoding/json error %v", s, gotErr, wantErr)
		}
		if wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeStringList(%q) = %q, encoding/json gives %q", s, got, want)
		}
	})
}

// TestDecodeStringListRoundTrip checks lists as json.Marshal stores them.
func TestDecodeStringListRoundTrip(t *testing.T) {
	for _, list := range [][]string{{}, {""}, {"it exports", "how much", "2023"}, {`say "hi"`, "a<b", "tab\there", "naïve", `back\slash`}} {
		data, err := json.Marshal(list)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := decodeStringList(string(data), &got); err != nil || !reflect.DeepEqual(got, list) {
			t.Errorf("decodeStringList(%s) = %q, %v; want %q", data, got, err, list)
		}
	}
}
