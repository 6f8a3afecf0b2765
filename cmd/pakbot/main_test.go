package main

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"log/slog"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current replies")

// result is what one run of pakbot produced.
type result struct {
	stdout, stderr string
	err            error
}

// runPakbot runs pakbot in-process with args, stdin and an environment
// holding only env, the way main would run it.
func runPakbot(tb testing.TB, env map[string]string, stdin string, args ...string) result {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{
		Stdin:  strings.NewReader(stdin),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
		Logger: slog.New(slog.NewTextHandler(&stderr, nil)),
	}
	err := m.Run(context.Background(), args)
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// MustRunPakbot is runPakbot for runs that must succeed.
func MustRunPakbot(tb testing.TB, env map[string]string, stdin string, args ...string) result {
	tb.Helper()
	r := runPakbot(tb, env, stdin, args...)
	if r.err != nil {
		tb.Fatalf("pakbot %s: %v\nstderr:\n%s", strings.Join(args, " "), r.err, r.stderr)
	}
	return r
}

// MustOpenSeeded returns a fresh in-memory knowledge base holding the
// built-in seeds, closed when the test ends.
func MustOpenSeeded(tb testing.TB) *knowledge.DB {
	tb.Helper()
	ctx := context.Background()
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		tb.Fatalf("loading seeds: %v", err)
	}
	db, err := knowledge.Open(ctx, ":memory:")
	if err != nil {
		tb.Fatalf("opening knowledge base: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Seed(ctx, set); err != nil {
		tb.Fatalf("seeding: %v", err)
	}
	return db
}

// MustCountRows counts each table's rows in the database file at path.
func MustCountRows(tb testing.TB, path string, tables ...string) map[string]int {
	tb.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	counts := map[string]int{}
	for _, table := range tables {
		var n int
		if err := conn.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
			tb.Fatalf("counting %s in %s: %v", table, path, err)
		}
		counts[table] = n
	}
	return counts
}

// lines splits output into lines without dropping empty ones.
func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
