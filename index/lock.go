package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrLocked marks an index that another process holds open for writing.
var ErrLocked = errors.New("index in use")

// ErrReadOnly marks a write to an index opened read-only (its folder
// cannot be written).
var ErrReadOnly = errors.New("index is read-only")

// LockedError says which process holds the index.
type LockedError struct {
	Path string
	PID  int // 0: unknown
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "pid " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("index %s is in use by %s; stop it or use --wait", e.Path, who)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// lockName is the file in the index folder that one process at a time
// holds locked (flock), and in which it writes its pid. Bleve's own lock
// (on root.bolt) blocks forever without saying who holds it; this one is
// taken first, so a second process learns at once who is in the way.
const lockName = "sitrep.lock"

// lockPoll is how often a waiting Open tries the lock again.
const lockPoll = 200 * time.Millisecond

// indexLock is a held lock; release drops it.
type indexLock struct{ f *os.File }

func (l *indexLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	// Closing the file drops the flock; the pid stays in the file but
	// means nothing without the lock.
	return l.f.Close()
}

// errNoWrite is returned by acquireLock when the folder cannot be written.
var errNoWrite = errors.New("index folder is not writable")

// acquireLock takes the lock of the index at path, creating the folder if
// needed. When another process holds it: with wait false it returns a
// LockedError at once; with wait true it tries again until ctx ends,
// calling onWait once with the holder's pid. It returns errNoWrite when
// the folder exists but cannot be written (a read-only folder or file
// system).
func acquireLock(ctx context.Context, path string, wait bool, onWait func(pid int)) (*indexLock, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		if isNoWrite(err) {
			if _, serr := os.Stat(path); serr == nil {
				return nil, errNoWrite
			}
		}
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	name := filepath.Join(path, lockName)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		if isNoWrite(err) {
			return nil, errNoWrite
		}
		return nil, fmt.Errorf("lock index %s: %w", path, err)
	}
	waited := false
	for {
		err := tryLock(f)
		if err == nil {
			break
		}
		if !errors.Is(err, errWouldBlock) {
			f.Close()
			return nil, fmt.Errorf("lock index %s: %w", path, err)
		}
		pid := readPID(name)
		if !wait {
			f.Close()
			return nil, &LockedError{Path: path, PID: pid}
		}
		if !waited && onWait != nil {
			onWait(pid)
		}
		waited = true
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("stopped while waiting for %s: %w", (&LockedError{Path: path, PID: pid}).holder(), ctx.Err())
		case <-time.After(lockPoll):
		}
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &indexLock{f: f}, nil
}

func (e *LockedError) holder() string {
	if e.PID > 0 {
		return "pid " + strconv.Itoa(e.PID) + " to release index " + e.Path
	}
	return "another process to release index " + e.Path
}

func readPID(name string) int {
	b, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

func isNoWrite(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}
