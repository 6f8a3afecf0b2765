package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/pakbot/pakbot/knowledge"
)

// runVersion prints the version, the commit and its date, the Go version
// and whether SQLite has FTS5, as the binary's build information
// (runtime/debug) records them. Go records no build time: the date is the
// commit's, which dates the source the binary was built from. A binary
// built outside a git checkout (or by go run) knows neither.
func (m *Main) runVersion(ctx context.Context) error {
	version, commit, date, goVersion := "(devel)", "unknown", "unknown", "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		goVersion = info.GoVersion
		if v := info.Main.Version; v != "" {
			version = v
		}
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.time":
				date = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit != "unknown" {
			commit += " (with uncommitted changes)"
		}
	}
	fts5 := "no: rebuild with -tags sqlite_fts5"
	if sqliteVersion, ok, err := knowledge.SQLiteFeatures(ctx); err != nil {
		fts5 = "unknown: " + err.Error()
	} else if ok {
		fts5 = "yes (SQLite " + sqliteVersion + ")"
	}
	fmt.Fprintf(m.Stdout, "pakbot %s\ncommit:  %s\ndate:    %s\ngo:      %s\nfts5:    %s\n", version, commit, date, goVersion, fts5)
	return nil
}
