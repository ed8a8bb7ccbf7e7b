package studies

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"simulate/reports"
	"simulate/scenarios"
	"testing"
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
	o := Options{Seed: 2, Replications: 3, Members: 1500, MemoryLimit: 1 << 40}
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
	so := Options{Command: "solve", Scenario: file, Out: dir, Seed: 2, Replications: 3, Members: 1500, Workers: 2,
		Quiet: true, MemoryLimit: 1 << 40, Lang: "en", Unit: "yi"}
	spec := SolveSpec{Free: "outpatient.ratio.primary=0.5:0.9", Target: fmt.Sprintf("pool_outpatient_general.mean@horizon <= %v", threshold), Tol: tol}
	if err := Solve(context.Background(), &so, spec, testEnv()); err != nil {
		t.Fatal(err)
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
}

// testEnv is the Env of a study in a test: text discarded, the output
// folder opened as the command opens it (without its refusals).
func testEnv() Env {
	return Env{
		Stdout: io.Discard,
		Stderr: io.Discard,
		Open: func(o *Options, kind, id string, inputs []string) (*reports.Folder, bool, error) {
			f, err := reports.OpenFolder(o.Out, "simulate "+o.Command)
			if err != nil {
				return nil, false, err
			}
			return f, kind == "sweep" && f.Kind == kind && f.ID == id, nil
		},
	}
}
