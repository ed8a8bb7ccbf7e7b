package main

import (
	"math"
	"path/filepath"
	"testing"

	"simulate/scenarios"
)

func TestSolveBadTargets(t *testing.T) {
	for _, target := range []string{"pool_months.p05@all = 6", "nonsense.p05 >= 1", "pool_months.p99 >= 6", "pool_months@2099 >= 6"} {
		code, _, stderr := simulate(t, "solve", "--free", "outpatient.ratio.primary=0.5:0.9", "--target", target, "-o", filepath.Join(t.TempDir(), "x"), "-r", "1", "-n", "10")
		if code != 2 {
			t.Errorf("--target %q: exit %d, want 2:\n%s", target, code, stderr)
		}
	}
}

func TestSensitivity(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sens")
	code, _, stderr := simulate(t, "sensitivity", "-s", "national-2021", "-r", "3", "-n", "1000", "--horizon", "2", "--trajectories", "2", "--quiet", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readRows(t, filepath.Join(dir, "tornado.csv"))
	s, _, err := scenarios.Load("national-2021")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(s.Uncertainty) {
		t.Fatalf("tornado.csv has %d rows, want one per uncertainty entry (%d)", len(rows), len(s.Uncertainty))
	}
	prev := math.Inf(1)
	for _, r := range rows {
		e := math.Max(math.Abs(num(t, r["low_effect"])), math.Abs(num(t, r["high_effect"])))
		if e > prev {
			t.Errorf("tornado.csv not ranked by effect: %v after %v", e, prev)
		}
		prev = e
	}
	if m := readRows(t, filepath.Join(dir, "morris.csv")); len(m) != len(s.Uncertainty) || m[0]["trajectories"] != "2" {
		t.Errorf("morris.csv: %v", m)
	}
}
