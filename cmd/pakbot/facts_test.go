package main

import (
	"path/filepath"
	"testing"
)

// dbEnv is an environment whose database is a fresh file in a temporary
// directory.
func dbEnv(tb testing.TB) map[string]string {
	tb.Helper()
	return map[string]string{"PAKBOT_DB": filepath.Join(tb.TempDir(), "pakbot.db"), "USER": "tester"}
}

func TestFactsRemoveRestoreSayWhatHappened(t *testing.T) {
	env := dbEnv(t)
	const key = "it-exports-fy2023-24"
	if got := MustRunPakbot(t, env, "", "facts", "remove", key).stdout; got != "removed "+key+" (version 2)\n" {
		t.Errorf("facts remove printed %q", got)
	}
	if got := MustRunPakbot(t, env, "", "facts", "restore", key).stdout; got != "restored "+key+" (version 3)\n" {
		t.Errorf("facts restore printed %q", got)
	}
}
