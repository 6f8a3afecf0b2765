package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

const (
	chatsID  = "003_f69ff775773641d5"
	chatsURL = "https://chatswithfolks.com/it-ministry-plans-5g-launch-in-pakistan/"
	usfAsked = "How many projects run through the Universal Service Fund?"
)

// MustCreatePreviousRelease writes a database at path the way the previous
// release left it: its seeds, in which source 003 had only the title of its
// first section and 001 neither publisher nor URL. edit, when set, runs on
// it before it is closed, as a moderator working with that release.
func MustCreatePreviousRelease(tb testing.TB, path string, edit func(*knowledge.DB) error) {
	tb.Helper()
	ctx := context.Background()
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		tb.Fatal(err)
	}
	for i, s := range set.Sources {
		switch s.ID {
		case chatsID:
			set.Sources[i] = bot.Source{ID: s.ID, Title: "Elevating Pakistan's IT Landscape & Economy", ApproxDate: s.ApproxDate}
		case "001_e5854e0f827ea82b":
			set.Sources[i] = bot.Source{ID: s.ID, Title: s.Title}
		}
	}
	db, err := knowledge.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Seed(ctx, set); err != nil {
		tb.Fatal(err)
	}
	if edit != nil {
		if err := edit(db); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestUpgradeCitesFoundSources(t *testing.T) {
	t.Run("FreshDatabase", func(t *testing.T) {
		r := MustRunPakbot(t, nil, "", "ask", "--db", filepath.Join(t.TempDir(), "pakbot.db"), usfAsked)
		if !strings.Contains(r.stdout, "83 Universal Service Fund") || !strings.Contains(r.stdout, "chatswithfolks.com. "+chatsURL) {
			t.Errorf("answer:\n%s\nwant the 83 projects cited with the chatswithfolks.com URL", r.stdout)
		}
	})

	t.Run("PreviousReleasesDatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pakbot.db")
		moderator := bot.Actor{Platform: bot.Telegram, ChatID: "-100", UserID: "1", Name: "alice"}
		MustCreatePreviousRelease(t, path, func(db *knowledge.DB) error {
			_, err := db.RemoveFact(context.Background(), "tech-industry-growth", moderator)
			return err
		})
		r := MustRunPakbot(t, nil, "", "ask", "--db", path, usfAsked)
		if !strings.Contains(r.stdout, "chatswithfolks.com. "+chatsURL) {
			t.Errorf("answer:\n%s\nwant the chatswithfolks.com URL", r.stdout)
		}
		if r := MustRunPakbot(t, nil, "", "facts", "--db", path, "show", "tech-industry-growth"); !strings.Contains(r.stdout, "removed:   true") {
			t.Errorf("the moderator's removal was undone:\n%s", r.stdout)
		}
		if r := MustRunPakbot(t, nil, "", "facts", "--db", path, "conflicts"); strings.TrimSpace(r.stdout) != "no seed conflicts" {
			t.Errorf("conflicts:\n%s\nwant none", r.stdout)
		}
	})

	t.Run("ModeratorCorrectedTheSource", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pakbot.db")
		MustCreatePreviousRelease(t, path, func(db *knowledge.DB) error {
			_, err := db.EditSource(context.Background(), chatsID, bot.SourceEdit{URL: ptr("https://example.org/usf-article")}, bot.Actor{Name: "alice"})
			return err
		})
		r := MustRunPakbot(t, nil, "", "ask", "--db", path, usfAsked)
		if !strings.Contains(r.stdout, "Elevating Pakistan's IT Landscape & Economy. https://example.org/usf-article") {
			t.Errorf("answer:\n%s\nwant the moderator's version of the source", r.stdout)
		}
		r = MustRunPakbot(t, nil, "", "facts", "--db", path, "conflicts")
		want := `source 003_f69ff775773641d5 (since `
		if !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, `the release says "IT Ministry's Plans to Propel 5G Launch and Tech Sector Growth, chatswithfolks.com. `+chatsURL+`"; the moderator's version was kept`) {
			t.Errorf("conflicts:\n%s\nwant source 003 with the release's citation", r.stdout)
		}
	})
}

func ptr(s string) *string { return &s }
