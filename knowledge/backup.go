package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database file at path to dest
// with SQLite's VACUUM INTO, through a read-only connection of its own:
// it reads one snapshot and blocks no writer, so it is safe while pakbot
// serve (or anything else) uses the database. The copy is written next to
// dest and renamed into place once complete and checked, so dest is never
// half written. dest must not exist yet.
func Backup(ctx context.Context, path, dest string) error {
	if path == "" || path == ":memory:" {
		return errors.New("cannot back up: an in-memory database has no file")
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("cannot back up %s: %w", path, err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("cannot back up to %s: it exists already; choose a new file", dest)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot back up to %s: %w", dest, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot back up to %s: %w", dest, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName) // VACUUM INTO wants to create the file itself
	defer os.Remove(tmpName)

	conn, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return fmt.Errorf("cannot open %s to back it up: %w", path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return fmt.Errorf("cannot back up %s: %w", path, err)
	}
	if err := checkCopy(ctx, tmpName); err != nil {
		return err
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return fmt.Errorf("cannot back up to %s: %w", dest, err)
	}
	return nil
}

// checkCopy runs SQLite's quick integrity check on a fresh copy.
func checkCopy(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return fmt.Errorf("cannot check the backup: %w", err)
	}
	defer conn.Close()
	var result string
	if err := conn.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&result); err != nil {
		return fmt.Errorf("cannot check the backup: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("the backup failed SQLite's integrity check: %s", result)
	}
	return nil
}
