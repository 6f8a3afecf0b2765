package knowledge

import (
	"os"

	"golang.org/x/sys/unix"
)

// Linux keeps a file that was written or read ahead in large page-cache
// folios, and maps a whole folio, up to 2 MiB, into a process at the first
// touch of any of its bytes: a question touching a few scattered pages of
// the snapshot then made tens of megabytes resident. The snapshot is
// written, then dropped from the cache, and read without read-ahead, so it
// is cached in single pages and a question maps only what it reads.

// dropCached asks the kernel to forget the cached pages of f, which must
// be synced.
func dropCached(f *os.File) { _ = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED) }

// readRandomly turns off read-ahead for reads through f.
func readRandomly(f *os.File) { _ = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_RANDOM) }
