package workbook

import (
	"os"
	"testing"
)

func TestTry(t *testing.T) {
	dir := os.Getenv("WB_DIR")
	if dir == "" {
		t.Skip()
	}
	if err := WriteDir(dir, Options{Lang: os.Getenv("WB_LANG")}); err != nil {
		t.Fatal(err)
	}
}
