package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestFactsRemoveRestore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	if r := MustRunPakbot(t, nil, "", "facts", "--db", path, "remove", "tech-industry-growth"); r.stdout != "removed tech-industry-growth (version 2)\n" {
		t.Errorf("remove printed %q", r.stdout)
	}
	if r := MustRunPakbot(t, nil, "", "facts", "--db", path, "restore", "tech-industry-growth"); r.stdout != "restored tech-industry-growth (version 3)\n" {
		t.Errorf("restore printed %q", r.stdout)
	}
}

func TestFactsFigures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pakbot.db")
	run := func(args ...string) result {
		return runPakbot(t, nil, "", append([]string{"facts", "--db", path}, args...)...)
	}

	r := run("add", "--topic", "exports", "--text", "In FY 2024-25, Pakistan's IT exports reached $3.8 billion, a new record.",
		"--source", "https://example.com/pseb", "--period", "FY2024-25", "--value", "3.8", "--unit", "USD bn")
	if r.err != nil || !strings.Contains(r.stdout, "figure:    3.8 USD bn\n") {
		t.Fatalf("add with --value and --unit: %v\n%s", r.err, r.stdout)
	}
	key := strings.TrimSpace(strings.TrimPrefix(lines(r.stdout)[0], "added "))

	if r := run("edit", key, "--value", "3.81", "--unit", "USD bn"); r.err != nil || r.stdout != "saved version 2 of "+key+"\n" {
		t.Fatalf("edit --value: %v %q", r.err, r.stdout)
	}
	if r := run("show", key); !strings.Contains(r.stdout, "figure:    3.81 USD bn") || !strings.Contains(r.stdout, "a new record") {
		t.Errorf("after editing the figure:\n%s", r.stdout)
	}
	if r := run("edit", key, "--value", "none"); r.err != nil {
		t.Fatalf("edit --value none: %v", r.err)
	}
	if r := run("show", key); strings.Contains(r.stdout, "figure:") {
		t.Errorf("the figure is still shown after --value none:\n%s", r.stdout)
	}
	for _, bad := range [][]string{
		{"edit", key, "--value", "3.9"},
		{"edit", key, "--unit", "USD bn"},
		{"edit", key, "--value", "lots", "--unit", "USD bn"},
	} {
		if r := run(bad...); r.err == nil {
			t.Errorf("pakbot facts %s was accepted", strings.Join(bad, " "))
		}
	}
	if r := run("edit", key, "The", "old", "form", "still", "gives", "a", "fact", "new", "text."); r.err != nil || !strings.Contains(r.stdout, "version 4") {
		t.Errorf("edit KEY TEXT...: %v %q", r.err, r.stdout)
	}
}
