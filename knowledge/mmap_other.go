//go:build !unix

package knowledge

import "os"

// mapFile reads the file at path into memory where mapping it is not
// supported.
func mapFile(path string) (data []byte, unmap func() error, err error) {
	data, err = os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}
