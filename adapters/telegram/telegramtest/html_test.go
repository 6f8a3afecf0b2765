package telegramtest_test

import (
	"testing"

	"github.com/pakbot/pakbot/adapters/telegram/telegramtest"
)

// TestParseHTML checks the fake's HTML checker, since the adapter's tests
// rely on it to say what Telegram would reject.
func TestParseHTML(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		wantErr  bool
	}{
		{in: `<b>bold</b> &lt;1% &amp; <a href="https://x.pk/?a=1&amp;b=2">[1]</a>`, want: "bold <1% & [1]"},
		{in: "&#128512; &#x41; &quot;q&quot;", want: `😀 A "q"`},
		{in: "<b>open", wantErr: true},
		{in: "<b><i>x</b></i>", wantErr: true},
		{in: "x < y", wantErr: true},
		{in: "R&D", wantErr: true},
		{in: "&nbsp;", wantErr: true},
		{in: "<script>x</script>", wantErr: true},
		{in: `<a href="javascript:alert(1)">x</a>`, wantErr: true},
		{in: `<a>x</a>`, wantErr: true},
	} {
		got, err := telegramtest.ParseHTML(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseHTML(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestMentions(t *testing.T) {
	got := telegramtest.Mentions("hi @alice, mail bob@example.org or @\u2060everyone; @")
	if len(got) != 1 || got[0] != "@alice" {
		t.Errorf("Mentions = %q, want [@alice]", got)
	}
}
