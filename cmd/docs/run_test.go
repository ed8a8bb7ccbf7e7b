package main

import (
	"context"
	"fmt"
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
	tools := filepath.Join(t.TempDir(), "tools")
	if err := os.Mkdir(tools, 0o755); err != nil {
		t.Fatal(err)
	}
	path := bin + string(os.PathListSeparator) + tools + string(os.PathListSeparator) + os.Getenv("PATH")
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
				for _, need := range analysisTools {
					if !strings.Contains(b.Text, need.name+" ") {
						continue
					}
					if err := linkTool(tools, need.name, need.check...); err != nil {
						if os.Getenv("CI") == "true" {
							t.Fatalf("%s: %v (scripts/test installs it)", name, err)
						}
						t.Skipf("%s: %v", name, err)
					}
				}
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				defer cancel()
				text := strings.ReplaceAll(b.Text, "go run ./cmd/simulate", "simulate")
				cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", text)
				cmd.Dir = work
				cmd.Env = append(os.Environ(), "PATH="+path)
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

// analysisTools are the interpreters the analysis snippets run with, each
// with the arguments that check it has the library they need.
var analysisTools = []struct {
	name  string
	check []string
}{
	{"python3", []string{"-c", "import pandas"}},
	{"Rscript", []string{"-e", "library(jsonlite)"}},
}

// linkTool links the first executable name on the PATH that runs check
// successfully into dir (which comes first on the blocks' PATH), so that
// a python3 without pandas earlier on the PATH (a version manager's) does
// not hide one with it.
func linkTool(dir, name string, check ...string) error {
	link := filepath.Join(dir, name)
	if _, err := os.Lstat(link); err == nil {
		return nil
	}
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			continue
		}
		if exec.Command(p, check...).Run() == nil {
			return os.Symlink(p, link)
		}
	}
	return fmt.Errorf("no %s on the PATH runs %q", name, strings.Join(check, " "))
}

// TestAnalysisExcerpts checks that every python and r block of
// docs/analysis.md is, line for line, a part of the script the docs test
// runs (docs/snippets/read.py, read.R): the excerpts cannot drift from
// code that runs.
func TestAnalysisExcerpts(t *testing.T) {
	doc := filepath.Join("..", "..", "docs", "analysis.md")
	for _, c := range []struct{ info, script string }{{"python", "read.py"}, {"r", "read.R"}} {
		blocks, err := shtest.Fenced(doc, c.info)
		if err != nil {
			t.Fatal(err)
		}
		if len(blocks) == 0 {
			t.Errorf("%s has no %s block", doc, c.info)
		}
		src, err := os.ReadFile(filepath.Join("..", "..", "docs", "snippets", c.script))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range blocks {
			if !strings.Contains(string(src), b.Text) {
				t.Errorf("%s:%d: the %s excerpt is not a part of docs/snippets/%s:\n%s", doc, b.Line, c.info, c.script, b.Text)
			}
		}
	}
}

// TestLinkTool checks that linkTool passes over an interpreter that lacks
// the library (a version manager's python3 earlier on the PATH) for one
// that has it, and fails when none has.
func TestLinkTool(t *testing.T) {
	without, with, dir := t.TempDir(), t.TempDir(), t.TempDir()
	for _, c := range []struct{ dir, body string }{{without, "exit 1"}, {with, "exit 0"}} {
		if err := os.WriteFile(filepath.Join(c.dir, "tool"), []byte("#!/bin/sh\n"+c.body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", without+string(os.PathListSeparator)+with)
	if err := linkTool(dir, "tool", "-c", "check"); err != nil {
		t.Fatalf("linkTool: %v", err)
	}
	if got, err := os.Readlink(filepath.Join(dir, "tool")); err != nil || got != filepath.Join(with, "tool") {
		t.Errorf("linked %q (%v), want %q", got, err, filepath.Join(with, "tool"))
	}
	t.Setenv("PATH", without)
	if err := linkTool(t.TempDir(), "tool", "-c", "check"); err == nil {
		t.Error("linkTool found a tool though none on the PATH passes the check")
	}
}

// smallWrapper is a shell script that runs the program real, adding
// --scale small to the commands that simulate.
func smallWrapper(real string) string {
	return "#!/bin/sh\n" +
		"case \"$1\" in run|sweep|compare|solve|sensitivity|calibrate) c=$1; shift; exec '" + real + "' \"$c\" --scale small \"$@\";; esac\n" +
		"exec '" + real + "' \"$@\"\n"
}
