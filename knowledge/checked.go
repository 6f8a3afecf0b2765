package knowledge

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

// A snapshot's checksum is read over the whole file, 84 MB at 100k facts:
// a third of the processor time a one-shot ask took. Once it has been
// found sound, a note beside it (checkedNote) records the checksum and
// what the file system says of the file, and the next Open that finds
// the file exactly so takes the checksum from the note instead of reading
// the file again. Any write to the file, a truncation, a copy or a rename
// over it changes its change time (ctime), which no program can set back,
// so a damaged snapshot is still never used. A note is only written once
// the file's change time lies settled in the past: a change within the
// same tick of the file system's clock as the note would not be told
// apart from the note's state.

// fileStamp is what the file system says of a file's contents without
// reading them.
type fileStamp struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64 // nanoseconds since 1970
}

// settledAfter is how long a file's change time must lie in the past
// before its stamp is trusted to change with its contents: longer than
// any file system's clock tick (FAT's is 2 s).
var settledAfter = 3 * time.Second

// checksumsRead counts the snapshot files whose checksum was worked out
// by reading them, for the tests.
var checksumsRead atomic.Int64

// checkedNote is where the note that the snapshot at path was found sound
// is kept. It can always be deleted.
func checkedNote(path string) string { return path + ".checked" }

// checkedNoteFormat is the note's one line: its version, the stamp and
// the checksum.
const checkedNoteFormat = "pakbot-checked 1 %d %d %d %d %d %d\n"

// noteChecked records that the snapshot at path, stamped st, has the
// checksum sum, if st has settled. The note is a cache: failing to write
// it costs the next Open a read of the file, so errors are not reported.
func noteChecked(path string, st fileStamp, sum uint32) {
	if time.Since(time.Unix(0, st.ctime)) < settledAfter {
		return
	}
	// Written aside and renamed, so that a process reading it, or two
	// writing it at once, never see half a note.
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(checkedNote(path))+".tmp*")
	if err != nil {
		return
	}
	defer os.Remove(f.Name())
	_, err = fmt.Fprintf(f, checkedNoteFormat, st.dev, st.ino, st.size, st.mtime, st.ctime, sum)
	if f.Close() == nil && err == nil {
		os.Rename(f.Name(), checkedNote(path))
	}
}

// checkedBefore returns the checksum the note beside the snapshot at path
// records, if the snapshot is stamped st as when the note was written.
func checkedBefore(path string, st fileStamp) (uint32, bool) {
	data, err := os.ReadFile(checkedNote(path))
	if err != nil {
		return 0, false
	}
	return parseCheckedNote(data, st)
}

// parseCheckedNote returns the checksum a note records, if it records the
// stamp st.
func parseCheckedNote(data []byte, st fileStamp) (uint32, bool) {
	if len(data) > 200 {
		return 0, false
	}
	var was fileStamp
	var sum uint32
	if _, err := fmt.Sscanf(string(data), checkedNoteFormat, &was.dev, &was.ino, &was.size, &was.mtime, &was.ctime, &sum); err != nil || was != st {
		return 0, false
	}
	return sum, true
}
