package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"simulate/model"
	"simulate/scenarios"
)

// TestSweepMonotone runs a primary ratio × cap sweep with level choice and
// induced demand off: on common random numbers the pool's general
// outpatient spending never decreases along either axis, in every
// replication and year.
func TestSweepMonotone(t *testing.T) {
	base, _, err := scenarios.Load("national-2021")
	if err != nil {
		t.Fatal(err)
	}
	base.Horizon = 3
	base.Outpatient.LevelChoiceSensitivity = 0
	base.Outpatient.InducedDemandElasticity = 0
	ratios := []float64{0.5, 0.6, 0.7, 0.8}
	caps := []float64{500, 1500, 3000}
	vals := make([][]*model.Result, len(ratios))
	for i, r := range ratios {
		for _, c := range caps {
			s := base.Clone()
			if err := s.Set("outpatient.ratio.primary", r); err != nil {
				t.Fatal(err)
			}
			if err := s.Set("outpatient.cap", c); err != nil {
				t.Fatal(err)
			}
			res, err := model.Run(context.Background(), s, model.Options{Seed: 3, Replications: 3, Members: 1500, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			vals[i] = append(vals[i], res)
		}
	}
	for i := range ratios {
		for j := range caps {
			for rep := range 3 {
				for y := range 3 {
					x := vals[i][j].Value(rep, y, model.PoolOutpatientGeneral)
					if i > 0 {
						if p := vals[i-1][j].Value(rep, y, model.PoolOutpatientGeneral); x < p {
							t.Errorf("ratio %v→%v, cap %v, rep %d year %d: %v < %v", ratios[i-1], ratios[i], caps[j], rep, y, x, p)
						}
					}
					if j > 0 {
						if p := vals[i][j-1].Value(rep, y, model.PoolOutpatientGeneral); x < p {
							t.Errorf("cap %v→%v, ratio %v, rep %d year %d: %v < %v", caps[j-1], caps[j], ratios[i], rep, y, x, p)
						}
					}
				}
			}
		}
	}
	if vals[3][2].Value(0, 2, model.PoolOutpatientGeneral) <= vals[0][0].Value(0, 2, model.PoolOutpatientGeneral) {
		t.Errorf("the sweep moves nothing")
	}
}

var sweepArgs = []string{"sweep", "-s", "national-2021", "--vary", "outpatient.ratio.primary=0.5:0.7:0.1",
	"--vary", "outpatient.cap=1000,3000", "-r", "2", "-n", "1500", "--horizon", "2", "--workers", "1", "--quiet"}

func TestSweepWritesOneRowPerPoint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sw")
	code, _, stderr := simulate(t, append(sweepArgs, "-o", dir)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "sweep.csv"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 7 || !strings.HasPrefix(lines[0], "point,outpatient.ratio.primary,outpatient.cap,p_depleted_by_horizon,first_deficit_year_p50,depletion_year_p50,pool_months_p05,pool_months_p50") {
		t.Errorf("sweep.csv:\n%s", b)
	}
	for i := range 6 {
		for _, f := range []string{"summary.json", "years.csv", "solvency.csv"} {
			if _, err := os.Stat(filepath.Join(dir, "points", "000"+string(rune('0'+i)), f)); err != nil {
				t.Errorf("point %d: %v", i, err)
			}
		}
	}
}

// buildSimulate builds the program with its test hooks (-tags testhooks)
// for tests that signal or kill a real process.
func buildSimulate(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "simulate")
	out, err := exec.Command("go", "build", "-tags", "testhooks", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSweepResume interrupts a sweep after point 2 — by SIGKILL and by
// SIGINT, through a test hook rather than a sleep — and reruns it: the rerun
// finishes, recomputes no finished point and writes the same sweep.csv as
// an uninterrupted sweep.
func TestSweepResume(t *testing.T) {
	bin := buildSimulate(t)
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	if out, err := exec.Command(bin, append(sweepArgs, "-o", whole)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted sweep: %v\n%s", err, out)
	}
	want, _ := os.ReadFile(filepath.Join(whole, "sweep.csv"))
	for _, sig := range []struct {
		name string
		code int
	}{{"KILL", -1}, {"INT", 130}, {"TERM", 143}} {
		t.Run(sig.name, func(t *testing.T) {
			dir := filepath.Join(tmp, sig.name)
			cmd := exec.Command(bin, append(sweepArgs, "-o", dir)...)
			cmd.Env = append(os.Environ(), "SIMULATE_TEST_SIGNAL=2:"+sig.name)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != sig.code {
				t.Fatalf("interrupted sweep: %v, want exit %d\n%s", err, sig.code, out)
			}
			if _, err := os.Stat(filepath.Join(dir, "sweep.csv")); err == nil {
				t.Errorf("an interrupted sweep wrote sweep.csv")
			}
			kept := map[string]os.FileInfo{}
			for _, p := range []string{"0000", "0001", "0002"} {
				fi, err := os.Stat(filepath.Join(dir, "points", p, "summary.json"))
				if err != nil {
					t.Fatalf("finished point %s lost: %v", p, err)
				}
				kept[p] = fi
			}
			if out, err := exec.Command(bin, append(sweepArgs, "-o", dir)...).CombinedOutput(); err != nil {
				t.Fatalf("rerun: %v\n%s", err, out)
			}
			for p, before := range kept {
				after, err := os.Stat(filepath.Join(dir, "points", p, "summary.json"))
				if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
					t.Errorf("finished point %s was recomputed", p)
				}
			}
			got, _ := os.ReadFile(filepath.Join(dir, "sweep.csv"))
			if string(got) != string(want) {
				t.Errorf("resumed sweep.csv differs from the uninterrupted one:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestSweepBadSpecs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bad")
	tests := []struct {
		vary []string
		want string
	}{
		{[]string{"outpatient.nonsense=1,2"}, `--vary outpatient.nonsense: "nonsense" is not a key of outpatient (known keys: deductible,`},
		{[]string{"outpatient.capp=1,2"}, `--vary outpatient.capp: "capp" is not a key of outpatient (did you mean cap?)`},
		{[]string{"outpatient.cap.2025=1000,2000"}, "--vary outpatient.cap.2025: the parameter is not dated; name no year"},
		{[]string{"outpatient.cap=3000:1000:500"}, "empty range"},
		{[]string{"outpatient.cap=1000:3000:0"}, "step must be above 0"},
		{[]string{"outpatient.ratio.primary=0.9,1.2"}, "1.2 is above 1"},
		{[]string{"outpatient.cap=1000;2000"}, "not a number"},
	}
	for _, tt := range tests {
		args := []string{"sweep", "-o", dir, "-r", "1", "-n", "10"}
		for _, v := range tt.vary {
			args = append(args, "--vary", v)
		}
		code, _, stderr := simulate(t, args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, want 2 with %q:\n%s", tt.vary, code, tt.want, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "points")); err == nil {
			t.Errorf("%v: work started before the spec was checked", tt.vary)
		}
	}
}

// TestRunSignals stops a run by SIGINT and SIGTERM (sent by a test hook
// once 2 replications are done, not after a sleep): it exits 130 or 143
// within 2 seconds of the signal and leaves no output file, finished or
// partial, behind.
func TestRunSignals(t *testing.T) {
	bin := buildSimulate(t)
	for _, sig := range []struct {
		name string
		code int
	}{{"INT", 130}, {"TERM", 143}} {
		t.Run(sig.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			cmd := exec.Command(bin, "run", "-r", "400", "-n", "3000", "--horizon", "5", "--workers", "2", "-o", dir)
			cmd.Env = append(os.Environ(), "SIMULATE_TEST_SIGNAL=2:"+sig.name)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != sig.code {
				t.Fatalf("exit %v, want %d\n%s", err, sig.code, out)
			}
			// 400 replications take far longer than 2 s; the run must stop
			// soon after the signal, which comes after 2 of them.
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v to stop", d)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				t.Errorf("an interrupted run left %s", e.Name())
			}
			if strings.Contains(string(out), "goroutine ") {
				t.Errorf("a stack trace reached the user:\n%s", out)
			}
		})
	}
}

// TestSweepSection runs a sweep described by a scenario file's sweep:
// section instead of --vary flags.
func TestSweepSection(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "s.yaml")
	os.WriteFile(file, []byte("extends: national-2021\nhorizon: 2\nsweep:\n  vary: {outpatient.cap: \"1000,2000\", outpatient.ratio.primary: \"0.6:0.7:0.1\"}\n  metrics: [pool_outpatient_general]\n"), 0o644)
	dir := filepath.Join(tmp, "sw")
	code, _, stderr := simulate(t, "sweep", "-s", file, "-r", "2", "-n", "500", "--quiet", "--no-charts", "--no-report", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readRows(t, filepath.Join(dir, "sweep.csv"))
	if len(rows) != 4 || rows[3]["outpatient.cap"] != "2000" || rows[3]["outpatient.ratio.primary"] != "0.7" || rows[0]["pool_outpatient_general"] == "" {
		t.Errorf("sweep.csv from a sweep: section: %v", rows)
	}
}
