package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDryRun checks that --dry-run prints the memory and time estimate of a
// run, within the limit, and writes nothing.
func TestDryRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := simulate(t, "run", "-s", "bench-v1", "-n", "1e6", "-r", "40", "--workers", "2", "--max-memory", "64G", "--dry-run", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"bench-v1: 40 replications × 1000000 members × 10 years", "(limit 64.0 GiB)", "replications in flight", "time: about", "member-years on 2 workers"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, stdout)
		}
	}
	// About 40 bytes a member in each replication in flight: between 20
	// and 200 MB for a million members on two workers.
	m := regexp.MustCompile(`memory: about ([0-9.]+) (MiB|GiB)`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no memory estimate in:\n%s", stdout)
	}
	mb, _ := strconv.ParseFloat(m[1], 64)
	if m[2] == "GiB" {
		mb *= 1024
	}
	if mb < 20 || mb > 400 {
		t.Errorf("memory estimate %s %s for 1e6 members on 2 workers, want 20 MiB to 400 MiB", m[1], m[2])
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the dry run created %s (%v)", dir, err)
	}
}

// TestSizeGuard checks that a run estimated above --max-memory is refused
// before anything is written, with the estimate, the limit and what to do,
// and that --dry-run reports the same refusal after the estimate.
func TestSizeGuard(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	args := []string{"run", "-s", "bench-v1", "-n", "1e7", "-r", "4", "--max-memory", "100M", "-o", dir}
	code, _, stderr := simulate(t, args...)
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"this run needs about", "more than the limit of 100 MiB (--max-memory)", "--members", "--shard"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("refusal lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the refused run created %s (%v)", dir, err)
	}
	code, stdout, stderr := simulate(t, append(args, "--dry-run")...)
	if code != 2 || !strings.Contains(stdout, "memory: about") || !strings.Contains(stderr, "more than the limit") {
		t.Errorf("--dry-run over the limit: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestDryRunEveryCommand checks that --dry-run on every simulating command
// (sweep, compare, run --against, solve, sensitivity) prints the memory and
// time of the whole job and simulates and writes nothing, and that a job
// above --max-memory is refused (exit 2) before anything is written.
func TestDryRunEveryCommand(t *testing.T) {
	jobs := []struct {
		what string
		args []string
	}{
		{"sweep of qiannan-2022: 3 points", []string{"sweep", "-s", "qiannan-2022", "--vary", "outpatient.cap=1000,2000,3000"}},
		{"comparison of status-quo, national-2021: 2 scenarios and 0 breakdown steps", []string{"compare", "-s", "status-quo", "-s", "national-2021"}},
		{"comparison of status-quo, national-2021: 2 scenarios", []string{"run", "--against", "status-quo"}},
		{"solve of qiannan-2022 over outpatient.ratio.primary: at most 23 evaluations", []string{"solve", "-s", "qiannan-2022", "--free", "outpatient.ratio.primary=0.5:0.9", "--target", "pool_months.p05@all >= 6"}},
		{"sensitivity of qiannan-2022: 5 runs for 2 keys", []string{"sensitivity", "-s", "qiannan-2022", "--keys", "outpatient.cap,outpatient.ratio.primary"}},
	}
	for _, j := range jobs {
		t.Run(j.args[0], func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := append(j.args, "-r", "40", "-n", "1e6", "--workers", "2", "--dry-run", "-o", dir)
			code, stdout, stderr := simulate(t, args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			for _, want := range []string{j.what, "each 40 replications × 1000000 members", "memory: about", "time: about", "nothing simulated or written"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("dry run lacks %q:\n%s", want, stdout)
				}
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("the dry run created %s (%v)", dir, err)
			}
			code, _, stderr = simulate(t, append(j.args, "-r", "4", "-n", "1e7", "--max-memory", "100M", "-o", dir)...)
			if code != 2 || !strings.Contains(stderr, "this job needs about") || !strings.Contains(stderr, "more than the limit of 100 MiB (--max-memory)") {
				t.Errorf("a job above --max-memory: exit %d, stderr:\n%s", code, stderr)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("the refused job created %s (%v)", dir, err)
			}
		})
	}
}
