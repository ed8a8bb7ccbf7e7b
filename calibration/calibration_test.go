package calibration

import (
	"context"
	"math"
	"testing"
	"time"

	"simulate/model"
	"simulate/scenarios"
)

// Run settings of TestNational2021Calibration: enough replications and
// members that the Monte Carlo error (se) of every target is below 0.5% of
// it, within about 20 s on 2 cores.
const (
	TestReplications = 48
	TestMembers      = 60000
	TestSeed         = 1
)

func TestTargets(t *testing.T) {
	targets, err := Targets()
	if err != nil {
		t.Fatal(err)
	}
	// 9 demographic, 5 fund totals, 1 pooled income, 2 pooled balances,
	// 2 account balances, 1 account income, 2 inpatient rates, 1 cost.
	if len(targets) != 23 {
		t.Errorf("%d targets, want 23", len(targets))
	}
	for _, tg := range targets {
		if tg.Source == "" && tg.Status != "D" {
			t.Errorf("%d %s has no source", tg.Year, tg.Item)
		}
		want := 0.03
		if tg.Year == 2023 && (tg.Item == "income_pool" || tg.Item == "balance_pool") {
			want = 0.05
		}
		if tg.Tolerance != want {
			t.Errorf("%d %s: tolerance %v, want %v", tg.Year, tg.Item, tg.Tolerance, want)
		}
	}
}

func TestMeanSE(t *testing.T) {
	m, se := MeanSE([]float64{1, 2, 3, 4})
	if m != 2.5 || math.Abs(se-math.Sqrt(5.0/3)/2) > 1e-12 {
		t.Errorf("MeanSE = %v, %v", m, se)
	}
}

// TestNational2021Calibration runs national-2021 over 2021–2023 and checks
// every target of uebmi-national.csv within its tolerance, with a Monte
// Carlo error below 0.5% of the target.
func TestNational2021Calibration(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration run skipped in -short mode")
	}
	s, warns, err := scenarios.Load("national-2021")
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) > 0 {
		t.Errorf("national-2021 loads with warnings: %q", warns)
	}
	s.Horizon = 3
	start := time.Now()
	res, err := model.Run(context.Background(), s, model.Options{Seed: TestSeed, Replications: TestReplications, Members: TestMembers, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rows := Compare(res)
	t.Logf("national-2021, %d replications × %d members, %.1f s\n%s", TestReplications, TestMembers, time.Since(start).Seconds(), Table(rows))
	if len(rows) != 23 {
		t.Errorf("%d rows, want 23", len(rows))
	}
	for _, r := range rows {
		if !r.Pass() {
			t.Errorf("%d %s: simulated %.4g, target %.4g, error %+.2f%% beyond %.0f%%", r.Year, r.Item, r.Simulated, r.Target, 100*r.RelError, 100*r.Tolerance)
		}
		if r.SERatio() >= 0.005 {
			t.Errorf("%d %s: Monte Carlo error %.2f%% of the target, want below 0.5%%", r.Year, r.Item, 100*r.SERatio())
		}
	}
}
