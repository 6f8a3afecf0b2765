package knowledge

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"unsafe"
)

// inotifyWatcher learns of writes to a database's files from inotify,
// watching their directory: the write-ahead log comes and goes, and other
// processes write to it.
type inotifyWatcher struct {
	f     *os.File // the inotify descriptor, non-blocking, so Close ends Wait
	names map[string]bool
	buf   []byte
}

// newFileWatcher watches the database file at path, its write-ahead log
// and its rollback journal.
func newFileWatcher(path string) (fileWatcher, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s: %w", path, err)
	}
	if _, err := syscall.InotifyAddWatch(fd, filepath.Dir(abs), syscall.IN_MODIFY|syscall.IN_CLOSE_WRITE|syscall.IN_CREATE|syscall.IN_MOVED_TO); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("cannot watch %s: %w", path, err)
	}
	base := filepath.Base(abs)
	return &inotifyWatcher{
		f:     os.NewFile(uintptr(fd), "inotify"),
		names: map[string]bool{base: true, base + "-wal": true, base + "-journal": true},
		buf:   make([]byte, 64*(syscall.SizeofInotifyEvent+syscall.NAME_MAX+1)),
	}, nil
}

// Wait returns once a batch of events holds one for the database's files.
func (w *inotifyWatcher) Wait() error {
	for {
		n, err := w.f.Read(w.buf)
		if err != nil {
			return err
		}
		for off := 0; off+syscall.SizeofInotifyEvent <= n; {
			ev := (*syscall.InotifyEvent)(unsafe.Pointer(&w.buf[off]))
			end := off + syscall.SizeofInotifyEvent + int(ev.Len)
			if end > n {
				break
			}
			name := w.buf[off+syscall.SizeofInotifyEvent : end]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if w.names[string(name)] {
				return nil
			}
			off = end
		}
	}
}

func (w *inotifyWatcher) Close() error { return w.f.Close() }
