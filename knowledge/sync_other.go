//go:build !linux

package knowledge

import "errors"

// newFileWatcher has no implementation here: the database is polled
// instead (see pollWrites).
func newFileWatcher(string) (fileWatcher, error) {
	return nil, errors.New("no file watcher on this system")
}
