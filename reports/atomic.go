package reports

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteNewFile writes b into a new file at path, whole (WriteFileAtomic
// writes it under a temporary name, which is then linked into place) and
// never over an existing file: that is an error wrapping fs.ErrExist.
func WriteNewFile(path string, b []byte) error {
	tmp := path + ".tmp-new"
	if err := WriteFileAtomic(tmp, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteFileAtomic writes the file at path with write: the bytes go to a
// temporary file in the same directory, which is flushed, synced, closed
// and renamed over path, so path holds either its old content or the
// complete new one, never a part. On any error (including one returned by
// write) the temporary file is removed, path is left as it was, and the
// error names path. The new file has mode 0644.
func WriteFileAtomic(path string, write func(w io.Writer) error) error {
	return WriteFilesAtomic([]File{{Path: path, Write: write}})
}

// File is one file for WriteFilesAtomic.
type File struct {
	Path  string
	Write func(w io.Writer) error
}

// WriteFilesAtomic writes every file to a temporary name first and, only
// when all are complete, renames them in order: a failure (a full disk, say)
// leaves every earlier file as it was, so a directory never mixes two runs.
// Put the file that marks a complete set (run.json) last.
func WriteFilesAtomic(files []File) error {
	tmps := make([]string, 0, len(files))
	defer func() {
		for _, t := range tmps {
			if t != "" {
				os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		tmp, err := writeTemp(f.Path, f.Write)
		if err != nil {
			return err
		}
		tmps = append(tmps, tmp)
	}
	dirs := map[string]bool{}
	for i, f := range files {
		if err := os.Rename(tmps[i], f.Path); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, plain(err))
		}
		tmps[i] = ""
		dirs[filepath.Dir(f.Path)] = true
	}
	// Make the renames durable; not every platform can sync a directory,
	// and the files are complete either way.
	for dir := range dirs {
		if d, err := os.Open(dir); err == nil {
			d.Sync()
			d.Close()
		}
	}
	return nil
}

// writeTemp writes a complete, synced temporary file beside path and
// returns its name.
func writeTemp(path string, write func(w io.Writer) error) (tmp string, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, plain(err))
	}
	name := f.Name()
	killHook(base, f, write) // a test hook, in a binary built with -tags testhooks only
	defer func() {
		// Runs on errors and on panics in write alike.
		if r := recover(); r != nil {
			f.Close()
			os.Remove(name)
			panic(r)
		}
		if err != nil {
			f.Close()
			os.Remove(name)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return "", fmt.Errorf("write %s: %w", path, plain(err))
	}
	if err := bw.Flush(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, plain(err))
	}
	if err := f.Chmod(0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", path, plain(err))
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, plain(err))
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, plain(err))
	}
	return name, nil
}

// plain drops the temporary file's name that an *fs.PathError repeats, so
// that a message names the file the user knows.
func plain(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
