//go:build unix

package reports

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// openNoFollow opens p as os.OpenFile does, but refuses a symbolic link at
// p (an error for which isLink holds).
func openNoFollow(p string, flag int, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(p, flag|syscall.O_NOFOLLOW, perm)
}

// isLink reports whether err is openNoFollow's refusal of a symbolic link.
func isLink(err error) bool { return errors.Is(err, syscall.ELOOP) }

// lockFile takes an exclusive lock on f without waiting: an error when
// another process holds it. Closing f releases it.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
