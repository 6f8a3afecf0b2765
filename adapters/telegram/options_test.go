package telegram_test

import (
	"fmt"
	"testing"

	"github.com/pakbot/pakbot/adapters/telegram"
)

func TestParseUserIDs(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    []int64
		wantErr bool
	}{
		{"", nil, false},
		{"12345", []int64{12345}, false},
		{" 1, 2 ,3,", []int64{1, 2, 3}, false},
		{"1,@alice", nil, true},
	} {
		got, err := telegram.ParseUserIDs(tt.in)
		if (err != nil) != tt.wantErr || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("ParseUserIDs(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
