//go:build !linux

package knowledge

import "os"

// dropCached and readRandomly are hints to Linux's page cache (see
// pagecache_linux.go); elsewhere they do nothing.
func dropCached(*os.File)   {}
func readRandomly(*os.File) {}
