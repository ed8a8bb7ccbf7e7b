// Package inputfile reads the files a user names as inputs (a scenario and
// its parents, a --breakdown file, a --font file): regular files only, of a
// bounded size. It looks at the path before opening it, since opening a
// named pipe blocks until a writer comes, and opens without blocking, so
// that a FIFO, a device or a directory is refused at once with a message
// naming the file.
package inputfile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ReadFile returns the contents of the regular file at path, of at most
// limit bytes; what names the kind of file in the size message ("a
// scenario file"). Errors name the path: "x.yaml: not a regular file (a
// named pipe)", "x.yaml: 300 MB is more than a scenario file may hold (10
// MB)". An error from the file system is an *fs.PathError, so that
// errors.Is(err, fs.ErrNotExist) holds for a missing file.
func ReadFile(path string, limit int64, what string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, info, limit, what); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the path have become a FIFO since the Stat, the
	// open does not wait for a writer; Fstat then refuses it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err = f.Stat()
	if err != nil {
		return nil, err
	}
	if err := check(path, info, limit, what); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: more than %s may hold (%s)", path, what, size(limit))
	}
	return data, nil
}

// Check returns the error ReadFile would give for the file at path
// without opening it: it does not exist, is not a regular file or is
// larger than limit. A command checks its file flags with it up front.
func Check(path string, limit int64, what string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return check(path, info, limit, what)
}

// check refuses a file that is not regular or is larger than limit.
func check(path string, info fs.FileInfo, limit int64, what string) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file (%s)", path, Kind(info.Mode()))
	}
	if info.Size() > limit {
		return fmt.Errorf("%s: %s is more than %s may hold (%s)", path, size(info.Size()), what, size(limit))
	}
	return nil
}

// Kind names the kind of file of a mode: "a directory", "a named pipe".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a file that can be read"
}

// size formats a size in bytes: whole MB from 1 MB, else bytes.
func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}
