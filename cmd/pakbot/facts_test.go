package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/knowledge"
)

// dbEnv is an environment whose database is a fresh file in a temporary
// directory.
func dbEnv(tb testing.TB) map[string]string {
	tb.Helper()
	return map[string]string{"PAKBOT_DB": filepath.Join(tb.TempDir(), "pakbot.db"), "USER": "tester"}
}

// MustOpenAt opens the database file at path, closed when the test ends.
func MustOpenAt(tb testing.TB, path string) *knowledge.DB {
	tb.Helper()
	db, err := knowledge.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
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

// TestFactsAddReadsPrintedPeriods checks that --period takes a period the
// way answers print it, and stores it as the seeds do.
func TestFactsAddReadsPrintedPeriods(t *testing.T) {
	env := dbEnv(t)
	r := MustRunPakbot(t, env, "", "facts", "add", "--topic", "startups", "--period", "FY 2025-26",
		"--text", "In FY 2025-26, Pakistan's startups raised $90 million in seed funding.", "--source", "https://example.com/seed-funding")
	if !strings.Contains(r.stdout, "period:    FY 2025-26\n") {
		t.Fatalf("facts add --period \"FY 2025-26\" printed:\n%s", r.stdout)
	}
	key := strings.TrimPrefix(lines(r.stdout)[0], "added ")
	db := MustOpenAt(t, env["PAKBOT_DB"])
	f, err := db.Fact(context.Background(), key)
	if err != nil || f.Period.Raw != "FY2025-26" {
		t.Fatalf("stored period = %q, %v; want FY2025-26", f.Period.Raw, err)
	}
}
