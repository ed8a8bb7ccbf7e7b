package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// simulateSoon is simulate that fails the test, rather than hanging it,
// when the command has not returned within 20 seconds.
func simulateSoon(t *testing.T, args ...string) (int, string) {
	t.Helper()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, _, stderr := simulate(t, args...)
		done <- result{code, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stderr
	case <-time.After(20 * time.Second):
		t.Fatalf("simulate %v still running after 20 s", args)
		return 0, ""
	}
}

// TestInputNonRegular checks that every input file a command names (the
// scenario, its parents, --breakdown, --font) is refused at once, with exit
// 2 and a message naming it, when it is a named pipe or a device: opening
// a FIFO would block until a writer came.
func TestInputNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	child := filepath.Join(dir, "child.yaml")
	if err := os.WriteFile(child, []byte("extends: fifo.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	run := func(args ...string) []string { return append(args, small...) }
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"scenario", run("run", "-s", fifo, "-o", out), fifo + ": not a regular file (a named pipe)"},
		{"device as scenario", []string{"validate", "/dev/zero"}, "/dev/zero: not a regular file (a character device)"},
		{"parent", run("run", "-s", child, "-o", out), child + ":1: extends: " + fifo + ": not a regular file (a named pipe)"},
		{"breakdown", run("compare", "-s", "status-quo", "-s", "national-2021", "--breakdown", fifo, "-o", out), "--breakdown: " + fifo + ": not a regular file (a named pipe)"},
		{"breakdown device", run("compare", "-s", "status-quo", "-s", "national-2021", "--breakdown", "/dev/zero", "-o", out), "--breakdown: /dev/zero: not a regular file (a character device)"},
		{"font", run("run", "--font", fifo, "-o", out), "--font " + fifo + ": not a regular file (a named pipe)"},
		{"font of chart", []string{"chart", "--font", "/dev/zero", out}, "--font /dev/zero: not a regular file (a character device)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stderr := simulateSoon(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %s", code, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was created", out)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestInputCountOverflow checks that counts (-r, -n, --samples), sizes
// (--max-memory) and the other numeric flags refuse a value that overflows
// or passes their documented maximum, and a number not written as a plain
// decimal, with exit 2 and a message saying what is accepted; the messages
// are golden in testdata/bad-flags.txt (go test -update rewrites it).
func TestInputCountOverflow(t *testing.T) {
	dryRun := func(args ...string) []string { return append([]string{"run", "--dry-run", "--quiet"}, args...) }
	sweep := func(args ...string) []string {
		return append([]string{"sweep", "--dry-run", "--quiet", "--vary", "economy.interest_rate=0.01:0.02"}, args...)
	}
	tests := [][]string{
		dryRun("-r", "9223372036854775808"),
		dryRun("-r", "1e30"),
		dryRun("--replications", "1000000001"),
		dryRun("-r", "-1e40"),
		dryRun("-n", "1e19"),
		dryRun("-n", "99999999999999999999"),
		dryRun("-n", "1e400"),
		dryRun("-n", "2.5"),
		dryRun("-r", "1_000"),
		dryRun("-r", "0x10"),
		dryRun("-r", "010"),
		dryRun("--max-memory", "99999999999P"),
		dryRun("--max-memory", "99999999999T"),
		dryRun("--max-memory", "2P"),
		dryRun("--max-memory", "1e400G"),
		dryRun("--max-memory", "010G"),
		dryRun("--horizon", "010"),
		dryRun("--horizon", "99999999999999999999"),
		dryRun("--workers", "0x4"),
		dryRun("--seed", "99999999999999999999"),
		dryRun("--seed", "0o7"),
		sweep("--samples", "99999999999999999999"),
		sweep("--samples", "1000001"),
		dryRun("--max-memory", "0.5"),
		{"sweep", "--dry-run", "--vary", "economy.interest_rate=0.01,0x1"},
		{"sweep", "--dry-run", "--vary", "economy.interest_rate=0.01:0.05:.01"},
		{"solve", "--tol", "0x1"},
		{"sensitivity", "--step", "1e999"},
		{"sensitivity", "--trajectories", "010"},
	}
	var got strings.Builder
	for _, args := range tests {
		code, stderr := simulateSoon(t, args...)
		if code != 2 {
			t.Errorf("simulate %s: exit %d, want 2; stderr:\n%s", strings.Join(args, " "), code, stderr)
		}
		fmt.Fprintf(&got, "$ simulate %s\n%s", strings.Join(args, " "), stderr)
	}
	golden := filepath.Join("testdata", "bad-flags.txt")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if got.String() != string(want) {
		t.Errorf("messages:\n%s\nwant (%s):\n%s", got.String(), golden, want)
	}
}
