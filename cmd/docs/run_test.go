package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// block is a fenced `sh test` block of a Markdown file.
type block struct {
	file string
	line int
	text string
}

// shTestBlocks returns the fenced blocks tagged `sh test` of path.
func shTestBlocks(t *testing.T, path string) []block {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []block
	var cur *block
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			if strings.Fields(strings.TrimPrefix(trimmed, "```")) != nil {
				f := strings.Fields(strings.TrimPrefix(trimmed, "```"))
				if len(f) >= 2 && f[0] == "sh" && f[1] == "test" {
					cur = &block{file: path, line: n}
					continue
				}
			}
			cur = &block{line: -1} // another fenced block: skip it
		case cur != nil && trimmed == "```":
			if cur.line >= 0 {
				out = append(out, *cur)
			}
			cur = nil
		case cur != nil && cur.line >= 0:
			cur.text += line + "\n"
		}
	}
	return out
}

// TestDocsRun runs every fenced block tagged `sh test` in the README and
// docs/*.md, in order, in a copy of the module (so that the documents'
// committed outputs are never overwritten), at the small documented scale
// (SIMULATE_SCALE=small caps -n at 2000 and -r at 4), with a freshly built
// simulate on the PATH. A failing command fails the test. (No block runs
// the test command itself, installs packages, Slurm or Kubernetes: those
// are not tagged.)
func TestDocsRun(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "simulate"), "./cmd/simulate")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	files := []string{filepath.Join(root, "README.md")}
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files = append(files, docs...)
	work := filepath.Join(t.TempDir(), "module")
	if out, err := exec.Command("cp", "-a", root, work).CombinedOutput(); err != nil {
		t.Fatalf("copy the module: %v\n%s", err, out)
	}
	os.RemoveAll(filepath.Join(work, ".git"))
	os.RemoveAll(filepath.Join(work, "out"))
	total := 0
	for _, file := range files {
		for _, b := range shTestBlocks(t, file) {
			total++
			name := filepath.Base(b.file) + ":" + strconv.Itoa(b.line)
			t.Run(name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", b.text)
				cmd.Dir = work
				cmd.Env = append(os.Environ(), "SIMULATE_SCALE=small", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s: %v\n--- block:\n%s--- output:\n%s", name, err, b.text, out)
				}
			})
		}
	}
	if total == 0 {
		t.Fatal("no `sh test` blocks found")
	}
	t.Logf("ran %d documented blocks", total)
}
