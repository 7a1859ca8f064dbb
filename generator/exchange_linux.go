package generator

import (
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps two folders in one step with renameat2(RENAME_EXCHANGE): there is no moment
// at which the output folder is missing or half written.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err == unix.ENOSYS || err == unix.EINVAL {
		return exchangeByRename(a, b)
	}
	if err != nil {
		return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: err}
	}
	return nil
}
