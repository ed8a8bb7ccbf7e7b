// Command study reruns the Qiannan study of docs/study-qiannan.md at full
// scale and rewrites its tables from the saved outputs. Run it from the
// module root:
//
//	go run ./cmd/study            # every `sh test` block in order (about 2½ hours on 2 shared cores), then -prune and -tables
//	go run ./cmd/study -tables    # only rewrite the tables of both documents from docs/study/
//	go run ./cmd/study -prune     # only remove the bulky files the study does not keep
//	go run ./cmd/study -from 3    # the blocks from the third on (-list numbers them), then -prune and -tables
//
// The blocks run with bash -euo pipefail at full scale, with a freshly
// built simulate first on the PATH. The tables of docs/study-qiannan.md and docs/study-qiannan.zh.md sit
// between <!-- table:NAME --> and <!-- /table --> and are generated from the
// files under docs/study/ (tables.go); a test fails while they are stale.
package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"simulate/internal/shtest"
)

const (
	docEN    = "docs/study-qiannan.md"
	docZH    = "docs/study-qiannan.zh.md"
	studyDir = "docs/study"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "study:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("study", flag.ContinueOnError)
	fl.SetOutput(stderr)
	tablesOnly := fl.Bool("tables", false, "only rewrite the tables of both documents from docs/study/")
	pruneOnly := fl.Bool("prune", false, "only remove bulky files (PDF, SVG, xlsx, years.csv, replications.csv, sweep points, breakdown runs) from docs/study/")
	list := fl.Bool("list", false, "print the commands and stop")
	from := fl.Int("from", 1, "start at block `K` (1-based, as -list numbers them): the blocks before it were run and their outputs are kept")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	switch {
	case *tablesOnly:
		return writeTables(stdout)
	case *pruneOnly:
		return prune(stdout)
	}
	blocks, err := shtest.Blocks(docEN)
	if err != nil {
		return err
	}
	if len(blocks) == 0 {
		return fmt.Errorf("%s has no `sh test` blocks", docEN)
	}
	if *list {
		for i, b := range blocks {
			fmt.Fprintf(stdout, "# block %d, %s:%d\n%s\n", i+1, docEN, b.Line, b.Text)
		}
		return nil
	}
	if *from < 1 || *from > len(blocks) {
		return fmt.Errorf("-from %d: want a block from 1 to %d", *from, len(blocks))
	}
	bin, err := os.MkdirTemp("", "study-bin")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bin)
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "simulate"), "./cmd/simulate")
	build.Stdout, build.Stderr = stdout, stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/simulate: %w", err)
	}
	env := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	all := time.Now()
	for i, b := range blocks {
		if i+1 < *from {
			fmt.Fprintf(stdout, "== block %d/%d (%s:%d) kept from an earlier run\n", i+1, len(blocks), docEN, b.Line)
			continue
		}
		fmt.Fprintf(stdout, "== block %d/%d (%s:%d)\n%s", i+1, len(blocks), docEN, b.Line, b.Text)
		start := time.Now()
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", b.Text)
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("block at %s:%d: %w", docEN, b.Line, err)
		}
		fmt.Fprintf(stdout, "== block %d took %s\n", i+1, time.Since(start).Round(time.Second))
	}
	fmt.Fprintf(stdout, "== all blocks took %s\n", time.Since(all).Round(time.Second))
	if err := prune(stdout); err != nil {
		return err
	}
	return writeTables(stdout)
}

// imageRe finds the charts a document embeds: ![title](study/....png).
var imageRe = regexp.MustCompile(`!\[[^\]]+\]\((study/[^)]+\.png)\)`)

// prune removes from docs/study/ what the study does not keep: charts the
// documents do not embed, drawings other than PNG, workbooks, per-replication and per-year tables that duplicate
// summary.json, the sweep's per-point directories (sweep.csv holds what the
// study uses) and the breakdown's per-step runs (breakdown.csv holds them).
func prune(stdout io.Writer) error {
	embedded := map[string]bool{} // PNG paths relative to docs/, as the documents embed them
	for _, doc := range []string{docEN, docZH} {
		b, err := os.ReadFile(doc)
		if err != nil {
			return err
		}
		for _, m := range imageRe.FindAllStringSubmatch(string(b), -1) {
			embedded[m[1]] = true
		}
	}
	var drop []string
	err := filepath.WalkDir(studyDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(studyDir, path)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if d.IsDir() {
			if (len(parts) == 2 && parts[0] == "ratio-cap" && parts[1] == "points") ||
				(len(parts) == 2 && parts[0] == "breakdown" && parts[1] == "runs") {
				drop = append(drop, path)
				return filepath.SkipDir
			}
			return nil
		}
		base := d.Name()
		switch {
		case strings.HasSuffix(base, ".pdf"), strings.HasSuffix(base, ".svg"), strings.HasSuffix(base, ".xlsx"),
			base == "years.csv", base == "replications.csv", base == "groups-replications.csv":
			drop = append(drop, path)
		case strings.HasSuffix(base, ".png") && !embedded["study/"+filepath.ToSlash(rel)]:
			drop = append(drop, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range drop {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	// Remove the subdirectories left empty (charts/, runs/), deepest first; the
	// output directories themselves stay, as a run in progress may be writing there.
	var dirs []string
	_ = filepath.WalkDir(studyDir, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(studyDir, path)
		if err == nil && d.IsDir() && strings.Count(filepath.ToSlash(rel), "/") >= 1 {
			dirs = append(dirs, path)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if entries, err := os.ReadDir(dirs[i]); err == nil && len(entries) == 0 {
			os.Remove(dirs[i])
		}
	}
	fmt.Fprintf(stdout, "pruned %d paths from %s\n", len(drop), studyDir)
	return nil
}
