package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"simulate/internal/shtest"
)

// TestDocsRun runs every fenced block tagged `sh test` in the README and
// docs/*.md, in order, in a copy of the module (so that the documents'
// committed outputs are never overwritten), at the small documented scale
// (the hidden --scale small caps -n at 2000 and -r at 4), with a freshly
// built simulate on the PATH behind a wrapper that adds the flag to every
// simulating command; "go run ./cmd/simulate" in a block runs the wrapper. A failing command fails the test. (No block runs
// the test command itself, installs packages, Slurm or Kubernetes: those
// are not tagged.)
func TestDocsRun(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	real := filepath.Join(t.TempDir(), "simulate")
	build := exec.Command("go", "build", "-o", real, "./cmd/simulate")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(bin, "simulate"), []byte(smallWrapper(real)), 0o755); err != nil {
		t.Fatal(err)
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
		blocks, err := shtest.Blocks(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range blocks {
			total++
			name := filepath.Base(file) + ":" + strconv.Itoa(b.Line)
			t.Run(name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				defer cancel()
				text := strings.ReplaceAll(b.Text, "go run ./cmd/simulate", "simulate")
				cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", text)
				cmd.Dir = work
				cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s: %v\n--- block:\n%s--- output:\n%s", name, err, text, out)
				}
			})
		}
	}
	if total == 0 {
		t.Fatal("no `sh test` blocks found")
	}
	t.Logf("ran %d documented blocks", total)
}

// smallWrapper is a shell script that runs the program real, adding
// --scale small to the commands that simulate.
func smallWrapper(real string) string {
	return "#!/bin/sh\n" +
		"case \"$1\" in run|sweep|compare|solve|sensitivity|calibrate) c=$1; shift; exec '" + real + "' \"$c\" --scale small \"$@\";; esac\n" +
		"exec '" + real + "' \"$@\"\n"
}
