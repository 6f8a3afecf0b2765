package main

import (
	"path/filepath"
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
