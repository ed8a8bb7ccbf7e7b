package reports

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	errWrite := errors.New("disk on fire")
	tests := []struct {
		name    string
		write   func(w io.Writer) error
		panics  bool
		want    string // content afterwards
		wantErr bool
	}{
		{"success replaces", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, false, "new", false},
		{"error keeps old", func(w io.Writer) error { io.WriteString(w, "partial"); return errWrite }, false, "old", true},
		{"panic keeps old", func(w io.Writer) error { io.WriteString(w, "partial"); panic("boom") }, true, "old", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv")
			if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			var err error
			func() {
				defer func() {
					if r := recover(); (r != nil) != tt.panics {
						t.Errorf("panic = %v, want panic %v", r, tt.panics)
					}
				}()
				err = WriteFileAtomic(path, tt.write)
			}()
			if (err != nil) != tt.wantErr {
				t.Errorf("WriteFileAtomic error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), path) || !errors.Is(err, errWrite) {
					t.Errorf("error %q does not name %s and wrap the cause", err, path)
				}
			}
			got, _ := os.ReadFile(path)
			if string(got) != tt.want {
				t.Errorf("content = %q, want %q", got, tt.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("directory holds %v, want only out.csv (temporary file left behind)", names)
			}
		})
	}
}

func TestWriteFileAtomicMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "x.json")
	err := WriteFileAtomic(path, func(w io.Writer) error { return nil })
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("WriteFileAtomic(%s) error = %v, want one naming the path", path, err)
	}
}
