package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/pakbot/pakbot/knowledge"
)

func init() { extraCommands["backup"] = (*Main).runBackup }

// runBackup writes a consistent copy of the live database to a new file,
// safely while pakbot serve uses it (see knowledge.Backup).
func (m *Main) runBackup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := m.dbFlag(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: pakbot backup [--db PATH] FILE\n\nWrites a consistent copy of the database to FILE, which must not exist yet.\nIt is safe while pakbot serve runs: the copy is one snapshot and blocks no writer.")
		fs.PrintDefaults()
	}
	rest, err := m.parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("give the file to write the backup to\nusage: pakbot backup [--db PATH] FILE")
	}
	if err := knowledge.Backup(ctx, *dbPath, rest[0]); err != nil {
		return err
	}
	size := ""
	if info, err := os.Stat(rest[0]); err == nil {
		size = fmt.Sprintf(" (%d bytes)", info.Size())
	}
	fmt.Fprintf(m.Stdout, "backed up %s to %s%s\n", *dbPath, rest[0], size)
	return nil
}
