package model

import (
	"slices"
	"strings"
	"testing"
)

func TestSetGet(t *testing.T) {
	tests := []struct {
		path    string
		x       float64
		checks  map[string]float64 // path → value after Set
		wantErr string
	}{
		{"outpatient.ratio.primary", 0.8, map[string]float64{"outpatient.ratio.primary": 0.8, "outpatient.ratio.2025.primary": 0.8, "outpatient.ratio.secondary": 0.6, "outpatient.ratio.2025.secondary": 0.65}, ""},
		{"outpatient.ratio.2025.primary", 0.9, map[string]float64{"outpatient.ratio.2022.primary": 0.6, "outpatient.ratio.2025.primary": 0.9}, ""},
		{"outpatient.ratio.2024", 0.7, map[string]float64{"outpatient.ratio.2023": 0.6, "outpatient.ratio.2024": 0.7, "outpatient.ratio.2025": 0.65}, ""},
		{"outpatient.cap.retired", 3000, map[string]float64{"outpatient.cap.retired": 3000, "outpatient.cap.active": 2000}, ""},
		{"outpatient.deductible", 300, map[string]float64{"outpatient.deductible.retired": 300, "outpatient.deductible.active": 300}, ""},
		{"inpatient.deductible.tertiary", 1000, map[string]float64{"inpatient.deductible.tertiary": 1000, "inpatient.deductible.primary": 300}, ""},
		{"economy.wage_growth.mean", 0.04, map[string]float64{"economy.wage_growth.mean": 0.04}, ""},
		{"economy.wage_growth.sd", 0.02, map[string]float64{"economy.wage_growth.sd": 0.02}, ""},
		{"outpatient.cost_per_visit.tertiary.mean", 400, map[string]float64{"outpatient.cost_per_visit.tertiary.mean": 400, "outpatient.cost_per_visit.primary.mean": 110}, ""},
		{"chronic.conditions.diabetes.certified_share", 0.5, map[string]float64{"chronic.conditions.diabetes.certified_share": 0.5}, ""},
		{"chronic.conditions.hypertension.prevalence.60", 0.35, map[string]float64{"chronic.conditions.hypertension.prevalence.60": 0.35}, ""},
		{"outpatient.visits_per_year.retired.70", 14, map[string]float64{"outpatient.visits_per_year.retired.70": 14}, ""},
		{"outpatient.legacy.ratio", 0.2, map[string]float64{"outpatient.legacy.ratio": 0.2, "outpatient.ratio.primary": 0.6}, ""},
		{"accounts.reform_start_month", 7, map[string]float64{"accounts.reform_start_month": 7}, ""},
		{"contributions.employer_rate", 0.08, map[string]float64{"contributions.employer_rate": 0.08}, ""},
		{"outpatient.ratio.primary", 1.2, nil, "above 1"},
		{"outpatient.cap", -1, nil, "below 0"},
		{"outpatient.nonsense", 1, nil, `"nonsense" is not a key of outpatient`},
		{"outpatient", 1, nil, "section"},
		{"chronic.conditions.gout.certified_share", 0.5, nil, "no condition"},
		{"accounts.reform_start_month", 7.5, nil, "whole number"},
		{"outpatient.ratio.sideways", 0.5, nil, "not a year, status or level"},
		{"population.age_structure.retired.female.60", 0.3, map[string]float64{"population.age_structure.retired.female.60": 0.3, "population.age_structure.retired.male.60": 0.2}, ""},
		{"population.age_structure.retired.female.65", 0.3, nil, "no age band starts at 65"},
		{"population.age_structure.retired.child.60", 0.3, nil, "does not name a number"},
		{"outpatient.ratio.primary.2025", 0.7, nil, "a year key is not allowed here: expected no further key"},
		{"outpatient.cap.primary.retired", 900, nil, "a status key is not allowed here"},
		{"outpatient.ratio.25", 0.7, nil, "year 25 is not a four-digit year"},
		{"outpatient.ratio.02025", 0.7, nil, "year 02025 is not a four-digit year"},
		{"outpatient.cap.2025", 900, nil, "not dated; name no year"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			orig := testScenario()
			s := orig.Clone()
			err := s.Set(tt.path, tt.x)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Set(%s, %v) error %v, want %q", tt.path, tt.x, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Set(%s, %v): %v", tt.path, tt.x, err)
			}
			for p, want := range tt.checks {
				got, err := s.Get(p)
				if err != nil || got != want {
					t.Errorf("after Set(%s, %v): Get(%s) = %v, %v; want %v", tt.path, tt.x, p, got, err, want)
				}
			}
			// The original is untouched.
			fresh := testScenario()
			for p := range tt.checks {
				a, _ := orig.Get(p)
				b, _ := fresh.Get(p)
				if a != b {
					t.Errorf("Set on a clone changed the original's %s: %v, want %v", p, a, b)
				}
			}
		})
	}
}

// TestUncertaintyDraws checks that an uncertainty: entry is drawn once per
// replication within its range: the opening pool balance implied by the
// first year's flows is the drawn initial balance.
func TestUncertaintyDraws(t *testing.T) {
	s := testScenario()
	s.Uncertainty = []Uncertain{{Key: "fund.initial_balance", Kind: "uniform", Args: []float64{1e7, 2e7}}}
	res := run(t, s, Options{Seed: 4, Replications: 6, Members: 500, Workers: 2})
	seen := map[float64]bool{}
	for i := range res.Reps {
		open := res.Value(i, 0, PoolBalance) - res.Value(i, 0, PoolIncome) + res.Value(i, 0, PoolExpenditure)
		if open < 1e7-1 || open > 2e7+1 {
			t.Errorf("replication %d: opening balance %v outside the drawn range [1e7, 2e7]", i, open)
		}
		seen[open] = true
	}
	if len(seen) < 6 {
		t.Errorf("%d distinct draws in 6 replications", len(seen))
	}
	again := run(t, s, Options{Seed: 4, Replications: 6, Members: 500, Workers: 1})
	for i := range res.Values {
		for k := range res.Values[i] {
			if a, b := res.Values[i][k], again.Values[i][k]; a != b && !(a != a && b != b) {
				t.Fatalf("same seed, different result with uncertainty: %v vs %v", a, b)
			}
		}
	}
}

// TestManagementRule checks seed 003's dynamic adjustment: in a scenario
// whose months of payment fall below 6 without it, the contribution
// adjustment (trigger 6 months) raises the employer rate until months of
// payment are back above the trigger by the horizon.
func TestManagementRule(t *testing.T) {
	s := testScenario()
	s.Horizon = 12
	s.Contributions.EmployerRate = Const(0.03)
	s.Economy.Epidemic.Probability = 0
	open := run(t, s, Options{Seed: 6, Replications: 3, Members: 2000, Workers: 2})
	last := len(open.Years) - 1
	for i := range open.Reps {
		if m := open.Value(i, last, PoolMonths); !(m < 6) {
			t.Fatalf("without the rule months of payment end at %v in replication %d; the test needs a falling fund", m, i)
		}
	}
	s.Management.ContributionAdjustment = ContributionAdjustment{Enabled: true, TriggerMonths: 6, Step: 0.01, MaxRate: 0.2}
	managed := run(t, s, Options{Seed: 6, Replications: 3, Members: 2000, Workers: 2})
	for i := range managed.Reps {
		if m := managed.Value(i, last, PoolMonths); !(m >= 6) {
			t.Errorf("with the rule months of payment end at %v in replication %d, want at least the trigger 6", m, i)
		}
	}
	if slices.ContainsFunc(Warnings(s, 100, 1), isOpenLoop) {
		t.Errorf("a managed scenario is called open-loop")
	}
	s.Management.ContributionAdjustment.Enabled = false
	if !slices.ContainsFunc(Warnings(s, 100, 1), isOpenLoop) {
		t.Errorf("an unmanaged scenario is not called open-loop")
	}
}

// TestManyConditions checks that every certified condition is paid, however
// many a scenario lists: twelve copies of one condition cost twelve times
// as much as one.
func TestManyConditions(t *testing.T) {
	one := testScenario()
	one.Horizon = 1
	one.Chronic.Conditions = one.Chronic.Conditions[:1]
	one.Chronic.Conditions[0].VisitMultiplier = 1
	one.Chronic.Cap = Param{}         // no cap
	one.Chronic.Deductible = Const(0) // linear in cost
	many := one.Clone()
	for k := 1; k < 12; k++ {
		c := one.Chronic.Conditions[0]
		c.Name = c.Name + itoa(k)
		many.Chronic.Conditions = append(many.Chronic.Conditions, c)
	}
	opt := Options{Seed: 2, Replications: 1, Members: 3000, Workers: 2}
	a, b := run(t, one, opt), run(t, many, opt)
	pa, pb := a.Value(0, 0, PoolOutpatientChronic), b.Value(0, 0, PoolOutpatientChronic)
	// Conditions draw independent prevalence and certification, so the
	// twelve-condition pool is about twelve times the one-condition pool:
	// well above eight times, which a limit of eight conditions would give.
	if !(pb > 9*pa) {
		t.Errorf("12 conditions cost %v, one costs %v: want about 12 times", pb, pa)
	}
}

func isOpenLoop(w Warning) bool { return w.Kind == OpenLoop }
