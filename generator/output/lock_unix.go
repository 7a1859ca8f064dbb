//go:build unix

package output

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// lockWait bounds how long a build waits for another build of the same output folder: far
// longer than any build we know of, short enough that a CI job stuck behind a hung build
// fails with a reason. A variable so that a test can shorten it.
var lockWait = 10 * time.Minute

// lockPoll is how often a waiting build tries the lock again. flock cannot wait with a
// deadline or a context, so we try without blocking on a ticker instead.
const lockPoll = 20 * time.Millisecond

// An outputLock is held by one Writer for its whole life: no other build of the same output
// folder may stage, swap or clear leftovers meanwhile, since each of those steps assumes the
// staging folder is its own.
type outputLock struct {
	f    *os.File
	path string
}

// lockOutput takes the lock of the output folder abs (named out in messages): an flock on
// "."+base(abs)+".lock" beside it. When another build holds it, lockOutput calls waiting
// once and tries again until ctx is done or lockWait has passed. The kernel drops an flock
// when its process exits however it exits, so a killed build never leaves the output locked.
// On a read-only file system it returns a nil lock: no build can write there, so none can
// race, and staging reports the file system as it always has.
func lockOutput(ctx context.Context, out, abs string, waiting func()) (*outputLock, error) {
	path := filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".lock")
	deadline := time.Now().Add(lockWait)
	var tick *time.Ticker
	for {
		l, err := tryLock(path)
		switch {
		case errors.Is(err, syscall.EROFS):
			return nil, nil
		case err != nil:
			return nil, failed(out, "cannot create the lock file "+filepath.Base(path)+" beside "+beside(out, abs), err)
		case l != nil:
			return l, nil
		}
		if tick == nil {
			if waiting != nil {
				waiting()
			}
			tick = time.NewTicker(lockPoll)
			defer tick.Stop()
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("another build of this output is running and has held %s for %v: let it finish, or stop it, and build again", out, lockWait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

// tryLock takes the lock at path without waiting. It returns a nil lock and no error when
// another build holds it.
func tryLock(path string) (*outputLock, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == unix.EWOULDBLOCK || err == unix.EINTR:
			f.Close()
			return nil, nil
		case err == unix.ENOLCK || err == unix.EOPNOTSUPP:
			// A file system without locks (some network and FUSE ones): build unlocked,
			// as every build did before there was a lock, rather than not at all.
			return &outputLock{f, path}, nil
		case err != nil:
			f.Close()
			return nil, err
		}
		// The holder before us removes the file as it lets go, so that no lock file stays
		// beside the output. If it did so after we opened it, we hold a file nobody else
		// will open: try again with the one at path now.
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return &outputLock{f, path}, nil
		}
		f.Close()
	}
}

// unlock removes the lock file, while still holding it (see tryLock), and lets go.
func (l *outputLock) unlock() {
	if l == nil {
		return
	}
	_ = os.Remove(l.path)
	_ = l.f.Close()
}
