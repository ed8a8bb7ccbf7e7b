package model_test

import (
	"context"
	"fmt"

	"simulate/model"
	"simulate/scenarios"
)

// Two general outpatient visits under Qiannan's 2022 rules (seed document
// 002: an annual deductible of 150 yuan, 70% at a primary clinic, an annual
// cap of 2000 yuan). The first visit's 120 yuan all go to the deductible;
// the second pays 30 more of it, then 70% of the remaining 270.
func ExampleSettleOutpatient() {
	var used model.Used
	for _, cost := range []float64{120, 300} {
		var pay float64
		pay, used = model.SettleOutpatient(cost, 0, 150, 0.70, 2000, used)
		fmt.Printf("visit of %.0f: the pool pays %.0f (deductible used %.0f, cap used %.0f)\n", cost, pay, used.DeductibleUsed, used.CapUsed)
	}
	// Output:
	// visit of 120: the pool pays 0 (deductible used 120, cap used 0)
	// visit of 300: the pool pays 189 (deductible used 150, cap used 189)
}

// An admission of 60,000 yuan in scope with a deductible of 1,000, a ratio
// of 85% and an annual cap of 40,000 of which 10,000 are used: the pool
// pays the 30,000 left of its cap, which covers 30,000/0.85 ≈ 35,294 of
// the 59,000 above the deductible; a serious-illness layer pays 60% of the
// other 23,706, up to its own cap of 300,000.
func ExampleSettleAdmission() {
	capUsed, seriousUsed := 10000.0, 0.0
	pool, serious := model.SettleAdmission(60000, 1000, 0.85, 40000, &capUsed, 0.60, 300000, &seriousUsed)
	fmt.Printf("pool %.0f, serious-illness layer %.0f; cap used %.0f\n", pool, serious, capUsed)
	// Output:
	// pool 30000, serious-illness layer 14224; cap used 40000
}

// A chronic-disease claim of 800 yuan with an annual deductible of 500 of
// which 300 are used, a ratio of 60% and a cap of 5,000.
func ExampleSettleChronic() {
	dedUsed, capUsed := 300.0, 0.0
	pay := model.SettleChronic(800, 500, 0.60, 5000, &dedUsed, &capUsed)
	fmt.Printf("the pool pays %.0f; deductible used %.0f\n", pay, dedUsed)
	// Output:
	// the pool pays 360; deductible used 500
}

// A member's share of 250 yuan, 40 of it self-pay, with 180 yuan in the
// personal account: where the account may not pay the self-pay part, it
// pays 180 of the other 210 and cash the rest.
func ExamplePayShare() {
	for _, paysSelfPay := range []bool{false, true} {
		account, cash, left := model.PayShare(250, 40, paysSelfPay, 180)
		fmt.Printf("pays self-pay %v: account %.0f, cash %.0f, balance left %.0f\n", paysSelfPay, account, cash, left)
	}
	// Output:
	// pays self-pay false: account 180, cash 70, balance left 0
	// pays self-pay true: account 180, cash 70, balance left 0
}

// A rule parameter dated by year and split by status: in force from 2024
// for the active (a flexible worker falls back to their value), and from
// 2026 with a retired entry of its own; before that a retiree has none.
func ExampleParam_Benefit() {
	active := model.LevelValue{All: 0.70}
	retired := model.LevelValue{All: 0.80}
	var by2024, by2026 model.StatusValue
	by2024.ByStatus, by2024.Has[model.Active], by2024.Statuses[model.Active] = true, true, active
	by2026 = by2024
	by2026.Has[model.Retired], by2026.Statuses[model.Retired] = true, retired
	ratio := model.Param{Dates: []model.DatedValue{{Year: 2024, Value: by2024}, {Year: 2026, Value: by2026}}}
	for _, year := range []int{2023, 2025, 2026} {
		for _, s := range []model.Status{model.Retired, model.Flexible} {
			v, own, ok := ratio.Benefit(year, s, model.Primary)
			fmt.Printf("%d %s: %.2f (own entry %v, in force %v)\n", year, s, v, own, ok)
		}
	}
	// Output:
	// 2023 retired: 0.00 (own entry false, in force false)
	// 2023 flexible: 0.00 (own entry false, in force false)
	// 2025 retired: 0.00 (own entry false, in force false)
	// 2025 flexible: 0.70 (own entry false, in force true)
	// 2026 retired: 0.80 (own entry true, in force true)
	// 2026 flexible: 0.70 (own entry false, in force true)
}

// Running a scenario from Go: resolve a built-in (or a file) with
// scenarios, change a rule by its key path, and run it. The result holds
// every replication's metrics by year; the same seed gives the same
// numbers whatever the number of workers.
func ExampleRun() {
	r, err := scenarios.Resolve("qiannan-2022")
	if err != nil {
		panic(err)
	}
	s := r.Scenario
	s.Horizon = 3
	if err := s.Set("outpatient.ratio.primary", 0.75); err != nil {
		panic(err)
	}
	res, err := model.Run(context.Background(), s, model.Options{Seed: 1, Replications: 4, Members: 2000})
	if err != nil {
		panic(err)
	}
	last := len(res.Years) - 1
	var balance float64
	for i := range res.Values {
		balance += res.Value(i, last, model.PoolBalance) / float64(len(res.Values))
	}
	fmt.Printf("%s, %d–%d, %d replications of %d members (weight %.0f)\n", res.Scenario, res.Years[0], res.Years[last], res.Replications, res.Members, res.Weight)
	fmt.Printf("mean pool balance at the end of %d: %.1f 亿 yuan\n", res.Years[last], balance/1e8)
	for _, w := range model.Warnings(s, res.Replications, res.Members) {
		fmt.Println("warning:", w.Condition())
	}
	// Output:
	// qiannan-2022, 2022–2024, 4 replications of 2000 members (weight 260)
	// mean pool balance at the end of 2024: 11.8 亿 yuan
	// warning: each synthetic member stands for 260 people (weight > 1): member-level noise is scaled up, which widens the bands and inflates solvency probabilities
	// warning: open-loop projection: no management rule (management.contribution_adjustment) raises contributions when the fund runs low, so deficits run on unchecked
	// warning: only 4 replications: percentiles and probabilities are rough
}

// The warnings of a run are values: what they are about and their
// figures, for a program to word in its own terms.
func ExampleWarnings() {
	r, err := scenarios.Resolve("qiannan-2022")
	if err != nil {
		panic(err)
	}
	for _, w := range model.Warnings(r.Scenario, 10, 52000) {
		switch w.Kind {
		case model.Weighted:
			fmt.Printf("weight %.0f: a run at weight 1 has %.0f members\n", w.Weight, w.Insured)
		case model.FewReplications:
			fmt.Printf("only %d replications\n", w.Replications)
		default:
			fmt.Println(w.Condition())
		}
	}
	// Output:
	// weight 10: a run at weight 1 has 520000 members
	// open-loop projection: no management rule (management.contribution_adjustment) raises contributions when the fund runs low, so deficits run on unchecked
	// only 10 replications
}

// Key paths name any number of a scenario: a rule parameter by status and
// level (and by year where it is dated), a cost, a rate. Set changes one
// in place (Clone first to keep the original) and refuses a value outside
// its range or a year the parameter does not have; Range gives the values
// it may take.
func ExampleScenario_Set() {
	r, err := scenarios.Resolve("qiannan-2022")
	if err != nil {
		panic(err)
	}
	s := r.Scenario.Clone()
	for _, kv := range []struct {
		key string
		v   float64
	}{{"outpatient.cap", 2500}, {"outpatient.deductible.retired", 100}, {"outpatient.ratio.primary", 1.2}, {"outpatient.ratio.2025.primary", 0.8}} {
		if err := s.Set(kv.key, kv.v); err != nil {
			fmt.Println("Set:", err)
		}
	}
	for _, key := range []string{"outpatient.cap", "outpatient.deductible.retired", "outpatient.deductible.active", "outpatient.ratio.primary"} {
		v, err := s.Get(key)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s = %g\n", key, v)
	}
	lo, hi, _ := s.Range("outpatient.ratio.primary")
	fmt.Printf("outpatient.ratio.primary ranges over [%g, %g]\n", lo, hi)
	// Output:
	// Set: outpatient.ratio.primary: 1.2 is above 1
	// Set: outpatient.ratio.2025.primary: the parameter is not dated; name no year
	// outpatient.cap = 2500
	// outpatient.deductible.retired = 100
	// outpatient.deductible.active = 150
	// outpatient.ratio.primary = 0.7
	// outpatient.ratio.primary ranges over [0, 1]
}
