package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pakbot/pakbot/bot"
)

// TestRepliesGolden renders replies from the real seeds and search exactly
// as the console shows them, and compares them with testdata/*.golden. A
// change in ranking, wording or citations shows up as a readable diff;
// accept an intended one with
//
//	go test -tags sqlite_fts5 ./cmd/pakbot -run TestRepliesGolden -update
func TestRepliesGolden(t *testing.T) {
	engine := bot.New(MustOpenSeeded(t))
	tests := []struct{ name, text string }{
		{"answer_it_exports_fy2023_24", "What were Pakistan's IT exports in FY 2023-24?"},
		{"topic_exports", "/exports"},
		{"topic_5g", "/5g"},
		{"topic_5g_page_2", "/5g 2"},
		{"decline_capital_of_france", "What is the capital of France?"},
		{"help", "/help"},
		{"sources", "/sources"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply := engine.Handle(context.Background(), bot.Request{Platform: bot.Console, ChatID: "golden", UserID: "golden", Text: tt.text})
			got := "> " + tt.text + "\n" + bot.RenderText(reply) + "\n"
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("reply differs from %s (rerun with -update if the change is intended)\n--- got\n%s--- want\n%s", path, got, want)
			}
		})
	}
}
