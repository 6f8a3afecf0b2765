//go:build unix

package knowledge

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the open file f read-only, so that only the pages a
// question reads are loaded, and are shared with every process that maps
// it.
func mapFile(f *os.File) (data []byte, unmap func() error, err error) {
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.Size() == 0 {
		return nil, func() error { return nil }, nil
	}
	if int64(int(st.Size())) != st.Size() {
		return nil, nil, fmt.Errorf("%s: too large to map", f.Name())
	}
	data, err = unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot map %s: %w", f.Name(), err)
	}
	// Questions read a few scattered pages: reading ahead of them would
	// only load pages no question needs.
	_ = unix.Madvise(data, unix.MADV_RANDOM)
	return data, func() error { return unix.Munmap(data) }, nil
}
