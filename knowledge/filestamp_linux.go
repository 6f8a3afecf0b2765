package knowledge

import (
	"os"

	"golang.org/x/sys/unix"
)

// stampOf returns what the file system says of the contents of f.
func stampOf(f *os.File) (fileStamp, bool) {
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return fileStamp{}, false
	}
	return fileStamp{dev: st.Dev, ino: st.Ino, size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}, true
}
