package inputfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// readSoon is ReadFile that fails the test, rather than hanging it, when
// the read does not return within a few seconds.
func readSoon(t *testing.T, path string, limit int64) ([]byte, error) {
	t.Helper()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := ReadFile(path, limit, "a test file")
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("ReadFile(%s) still blocked after 5 s", path)
		return nil, nil
	}
}

// TestInputNonRegular checks that only regular files are read, promptly,
// each refusal naming the path and the kind of file, and that the size
// limit holds.
func TestInputNonRegular(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "ok.yaml")
	if err := os.WriteFile(regular, []byte("horizon: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 300<<20); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, make([]byte, 2000), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(regular, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		limit      int64
		want       string
	}{
		{"regular", regular, 1 << 20, ""},
		{"symbolic link to a regular file", link, 1 << 20, ""},
		{"named pipe", fifo, 1 << 20, fifo + ": not a regular file (a named pipe)"},
		{"directory", dir, 1 << 20, dir + ": not a regular file (a directory)"},
		{"character device", "/dev/zero", 1 << 20, "/dev/zero: not a regular file (a character device)"},
		{"too large", big, 10 << 20, big + ": 300 MB is more than a test file may hold (10 MB)"},
		{"too large in bytes", small, 1000, small + ": 2000 bytes is more than a test file may hold (1000 bytes)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); err != nil {
				t.Skip(err)
			}
			data, err := readSoon(t, tt.path, tt.limit)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("ReadFile = %v, want no error", err)
			case tt.want == "" && string(data) != "horizon: 5\n":
				t.Errorf("ReadFile = %q", data)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("ReadFile = %v, want %s", err, tt.want)
			}
		})
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.yaml"), 1<<20, "a test file"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(missing) = %v, want fs.ErrNotExist", err)
	}
}
