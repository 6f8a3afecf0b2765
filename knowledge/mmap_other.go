//go:build !unix

package knowledge

import (
	"io"
	"os"
)

// mapFile reads the open file f into memory where mapping it is not
// supported.
func mapFile(f *os.File) (data []byte, unmap func() error, err error) {
	data, err = io.ReadAll(io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}
