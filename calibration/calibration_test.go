package calibration

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"simulate/model"
	"simulate/scenarios"
)

// Run settings of TestNational2021Calibration: enough replications and
// members that the Monte Carlo error (se) of every target is below a third
// of its tolerance (below 0.5% for all but maternity, whose births are few
// per replication, and general outpatient pooling, which carries the
// per-replication draw of the induced-demand elasticity), within about 20 s
// on 2 cores.
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
	// 9 demographic, 6 fund totals, 2 pooled income, 2 pooled expenditure,
	// 2 pooled balances, 2 account income, 2 account spending, 3 account
	// balances, 1 maternity, 1 general outpatient pooling (cumulative) and
	// 1 of it at pharmacies (January–August 2023), 2
	// inpatient rates, 1 cost; 1 family mutual aid (2024).
	if len(targets) != 35 {
		t.Errorf("%d targets, want 35", len(targets))
	}
	for _, tg := range targets {
		if tg.Source == "" && tg.Status != "D" {
			t.Errorf("%d %s has no source", tg.Year, tg.Item)
		}
		want := 0.03
		if tg.Year == 2023 && (tg.Item == "income_pool" || tg.Item == "balance_pool" || tg.Item == "outpatient_pooling_paid_to_aug" || tg.Item == "pharmacy_pooling_paid_to_aug") {
			want = 0.05
		}
		if tg.Map.NoData {
			t.Errorf("%d %s: a line without data is a target", tg.Year, tg.Item)
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

// TestNational2021Calibration runs national-2021 over 2021–2024 and checks
// every target of uebmi-national.csv (2021–2023, and family mutual aid in
// 2024) within its tolerance, with a Monte Carlo error below a third of it.
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
	s.Horizon = 4
	start := time.Now()
	res, err := model.Run(context.Background(), s, model.Options{Seed: TestSeed, Replications: TestReplications, Members: TestMembers, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rows := Compare(res)
	t.Logf("national-2021, %d replications × %d members, %.1f s\n%s", TestReplications, TestMembers, time.Since(start).Seconds(), Table(rows))
	if len(rows) != 35 {
		t.Errorf("%d rows, want 35", len(rows))
	}
	for _, r := range rows {
		if !r.Pass() {
			t.Errorf("%d %s: simulated %.4g, target %.4g, error %+.2f%% beyond %.0f%%", r.Year, r.Item, r.Simulated, r.Target, 100*r.RelError, 100*r.Tolerance)
		}
		if r.SERatio() >= r.Tolerance/3 {
			t.Errorf("%d %s: Monte Carlo error %.2f%% of the target, want below a third of the tolerance", r.Year, r.Item, 100*r.SERatio())
		}
	}
}

// TestSpan checks the cumulative span of general outpatient pooling: 2022
// and 8/12 of 2023.
func TestSpan(t *testing.T) {
	res := &model.Result{Years: []int{2021, 2022, 2023}, Values: [][]float64{make([]float64, 3*int(model.NumMetrics))}}
	for y := range res.Years {
		res.Values[0][y*int(model.NumMetrics)+int(model.PoolOutpatientGeneral)] = float64(y+1) * 1e8
	}
	var m Mapping
	for _, x := range Mappings {
		if x.Item == "outpatient_pooling_paid_to_aug" {
			m = x
		}
	}
	if got, want := m.value(res, 0, 2), 2+3*8.0/12; math.Abs(got-want) > 1e-12 {
		t.Errorf("span value %v, want %v", got, want)
	}
	if got := m.value(res, 0, 0); !math.IsNaN(got) {
		t.Errorf("span before its start: %v, want NaN", got)
	}
}

// TestGrowthCheck checks the growth check's lines on a synthetic result:
// the official side read from Data, the flexible share as a ratio.
func TestGrowthCheck(t *testing.T) {
	years := []int{2023, 2024, 2025}
	res := &model.Result{Years: years, Values: [][]float64{make([]float64, len(years)*int(model.NumMetrics))}}
	set := func(y int, m model.Metric, v float64) { res.Values[0][y*int(model.NumMetrics)+int(m)] = v }
	for y := range years {
		set(y, model.MembersActive, 2e8)
		set(y, model.MembersFlexible, 0.5e8)
		set(y, model.MembersRetired, 1e8)
		set(y, model.PoolIncome, float64(y+1)*1e12)
	}
	rows, err := GrowthCheck(res)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(GrowthItems) {
		t.Fatalf("%d rows, want %d", len(rows), len(GrowthItems))
	}
	for _, r := range rows {
		switch r.Item {
		case "income_pool":
			if r.Official[1] != 17342.45 || r.Simulated[2] != 30000 {
				t.Errorf("income_pool: official %v, simulated %v", r.Official, r.Simulated)
			}
		case "flexible_and_other":
			if math.Abs(r.Official[1]-6615.91/37948.34) > 1e-12 || math.Abs(r.Simulated[0]-0.5/3.5) > 1e-12 || !math.IsNaN(r.Official[0]) {
				t.Errorf("flexible share: official %v, simulated %v", r.Official, r.Simulated)
			}
		}
	}
	if tab := GrowthTable(rows); !strings.Contains(tab, "| flexible share (flexible_and_other) | – | 14.3% |") {
		t.Errorf("growth table:\n%s", tab)
	}
}
