//go:build windows

package reports

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// errLink is openNoFollow's refusal of a symbolic link.
var errLink = errors.New("a symbolic link")

// openNoFollow opens p as os.OpenFile does, but refuses a symbolic link at
// p, as O_NOFOLLOW does elsewhere: p is checked before the open
// and the opened file must be the one checked.
func openNoFollow(p string, flag int, perm fs.FileMode) (*os.File, error) {
	before, err := os.Lstat(p)
	if err == nil && before.Mode()&fs.ModeSymlink != 0 {
		return nil, &fs.PathError{Op: "open", Path: p, Err: errLink}
	}
	f, err := os.OpenFile(p, flag, perm)
	if err != nil {
		return nil, err
	}
	after, err1 := os.Lstat(p)
	opened, err2 := f.Stat()
	if err1 != nil || err2 != nil || after.Mode()&fs.ModeSymlink != 0 || !os.SameFile(after, opened) {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: p, Err: errLink}
	}
	return f, nil
}

// isLink reports whether err is openNoFollow's refusal of a symbolic link.
func isLink(err error) bool { return errors.Is(err, errLink) }

// lockFile takes an exclusive lock on f without waiting: an error when
// another process holds it. Closing f releases it. The locked byte lies far
// past the end of the file, so that others can still read who holds it.
func lockFile(f *os.File) error {
	ol := windows.Overlapped{Offset: 0, OffsetHigh: 0x7fffffff}
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
}
