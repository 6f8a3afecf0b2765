package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeShowsRealOutput checks the README's sample answer against what
// pakbot prints for the question the README asks, so the two cannot drift
// apart, and that the README points at no file outside the repository.
func TestReadmeShowsRealOutput(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	ask := regexp.MustCompile(`(?m)^pakbot ask "([^"]+)"$`).FindStringSubmatch(readme)
	if ask == nil {
		t.Fatal(`the README shows no pakbot ask "…" command`)
	}
	_, after, ok := strings.Cut(readme, "An answer looks like this:\n\n```\n")
	sample, _, closed := strings.Cut(after, "```\n")
	if !ok || !closed {
		t.Fatal("the README has no sample answer")
	}
	got := MustRunPakbot(t, map[string]string{"PAKBOT_DB": ":memory:"}, "", "ask", ask[1]).stdout
	if got != sample {
		t.Errorf("the README's sample answer differs from pakbot ask %q:\n--- README\n%s--- pakbot\n%s", ask[1], sample, got)
	}
	if m := regexp.MustCompile(`\.\./[\w./-]+|\]\((?:\.\./|/)[^)]*\)`).FindString(readme); m != "" {
		t.Errorf("the README points outside the repository: %s", m)
	}
	if !strings.Contains(readme, "go build -tags sqlite_fts5 -o pakbot ./cmd/pakbot") || !strings.Contains(readme, "go install -tags sqlite_fts5 ./cmd/pakbot") {
		t.Error("the README does not say how to build or install pakbot")
	}
}
