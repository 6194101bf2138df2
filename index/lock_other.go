//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package index

import (
	"errors"
	"os"
)

var errWouldBlock = errors.New("lock held")

// tryLock does nothing where flock is missing: Bleve's own lock (with a
// timeout, see Open) still keeps a second writer out.
func tryLock(*os.File) error { return nil }
