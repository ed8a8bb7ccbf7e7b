package shtest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBlocks reads a document with a tagged block, an untagged one holding
// a fence-like line and text between them.
func TestBlocks(t *testing.T) {
	doc := "# Title\n\n```sh test\necho one\necho two\n```\n\ntext\n\n```sh\n```sh test\n```\n\n  ```sh test\n  echo three\n  ```\n"
	path := filepath.Join(t.TempDir(), "doc.md")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Blocks(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{{Line: 3, Text: "echo one\necho two\n"}, {Line: 14, Text: "  echo three\n"}}
	if len(got) != len(want) {
		t.Fatalf("got %d blocks %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if _, err := Blocks(filepath.Join(t.TempDir(), "missing.md")); err == nil {
		t.Error("a missing file gave no error")
	}
}
