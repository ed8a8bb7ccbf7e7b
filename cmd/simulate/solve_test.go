package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"simulate/model"
	"simulate/scenarios"
)

// TestSolveMatchesGrid checks that solve on a monotone key returns a value
// within its tolerance of the boundary that a fine grid sweep finds.
func TestSolveMatchesGrid(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "mono.yaml")
	os.WriteFile(file, []byte("extends: national-2021\nhorizon: 3\noutpatient: {level_choice_sensitivity: 0, induced_demand_elasticity: 0}\nuncertainty: {}\n"), 0o644)
	base, _, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	o := runOptions{Seed: 2, Replications: 3, Members: 1500}
	f := func(x float64) float64 {
		s := base.Clone()
		if err := s.Set("outpatient.ratio.primary", x); err != nil {
			t.Fatal(err)
		}
		out, err := simulateScenario(context.Background(), s, nil, &o, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out.sum.Metric("pool_outpatient_general").Mean[2]
	}
	const step = 0.01
	lo, hi := 0.5, 0.9
	threshold := (f(lo) + f(hi)) / 2
	boundary := math.NaN()
	prev := math.Inf(-1)
	for i := 0; i <= 40; i++ {
		x := lo + float64(i)*step
		y := f(x)
		if y < prev {
			t.Fatalf("not monotone at %v: %v < %v", x, y, prev)
		}
		prev = y
		if y <= threshold {
			boundary = x
		}
	}
	const tol = 0.01
	dir := filepath.Join(tmp, "solve")
	code, _, stderr := simulate(t, "solve", "-s", file, "--free", "outpatient.ratio.primary=0.5:0.9",
		"--target", fmt.Sprintf("pool_outpatient_general.mean@horizon <= %v", threshold), "--tol", fmt.Sprint(tol),
		"-r", "3", "-n", "1500", "--seed", "2", "--quiet", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Value    float64 `json:"value"`
		Feasible bool    `json:"feasible"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "solve.json"))
	if err := json.Unmarshal(b, &got); err != nil || !got.Feasible {
		t.Fatalf("solve.json %s: %v", b, err)
	}
	// The true boundary lies in [boundary, boundary + step); bisection stops
	// within tol below it.
	if got.Value < boundary-tol-1e-9 || got.Value > boundary+step+1e-9 {
		t.Errorf("solve found %v, the grid's boundary is %v (step %v, tol %v)", got.Value, boundary, step, tol)
	}
	_ = model.Version
}

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
