package knowledge

import (
	"context"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/seeds"
)

func mustSeeds(tb testing.TB) bot.Seeds {
	tb.Helper()
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

func mustOpenSeeded(tb testing.TB, set bot.Seeds) *DB {
	tb.Helper()
	db := mustSeededAt(tb, tb.TempDir()+"/kb.db", set)
	tb.Cleanup(func() { db.Close() })
	// Seeding many facts folds them into a new snapshot in the background;
	// tests that look into the index see the one it ends with.
	db.folds.Wait()
	return db
}

// mustSeededAt opens the database at path and seeds it with set; the
// caller closes it.
func mustSeededAt(tb testing.TB, path string, set bot.Seeds) *DB {
	tb.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Seed(context.Background(), set); err != nil {
		db.Close()
		tb.Fatal(err)
	}
	return db
}

// TestQuestionPathUsesIndexes checks with EXPLAIN QUERY PLAN that no query a
// question runs scans a table that grows with the knowledge base. The only
// scan allowed is of topics in Topics, which lists every topic (a few dozen)
// when the bot declines and has nothing better to suggest. Run with -v to
// see the plans.
func TestQuestionPathUsesIndexes(t *testing.T) {
	ctx := context.Background()
	db := mustOpenSeeded(t, mustSeeds(t))
	for _, c := range []struct {
		name, sql string
		args      []any
		scans     []string // tables this query may scan
	}{
		{"SearchSyncCheck", generationSQL, nil, nil},
		{"Topics", `SELECT t.name, t.title, t.description, COALESCE(group_concat(a.alias, char(31)), '')
			FROM topics t LEFT JOIN topic_aliases a ON a.topic = t.name
			GROUP BY t.name ORDER BY t.position, t.name`, nil, []string{"t"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := db.read.QueryContext(ctx, `EXPLAIN QUERY PLAN `+c.sql, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			t.Logf("plan:\n  %s", strings.Join(plan, "\n  "))
			for _, step := range plan {
				table, ok := strings.CutPrefix(step, "SCAN ")
				if !ok {
					continue
				}
				table, _, _ = strings.Cut(table, " ")
				allowed := false
				for _, s := range c.scans {
					allowed = allowed || s == table
				}
				if !allowed {
					t.Errorf("full scan of %s:\n%s", table, strings.Join(plan, "\n"))
				}
			}
		})
	}
}
