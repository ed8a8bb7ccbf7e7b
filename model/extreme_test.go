package model

import (
	"math"
	"sync"
	"testing"
)

// extreme modifies a scenario to one corner of the valid parameter space.
type extreme func(s *Scenario)

var (
	// Every ratio 1 (bonuses 0, as ratio + bonus ≤ 1), no deductible.
	ratioOne extreme = func(s *Scenario) {
		one, zero := Const(1), Const(0)
		s.Outpatient.Ratio, s.Outpatient.RetireeBonus, s.Outpatient.Deductible, s.Outpatient.PerVisitDeductible = one, zero, zero, zero
		s.Outpatient.Legacy.Ratio, s.Outpatient.Legacy.RetireeBonus, s.Outpatient.Legacy.Deductible = one, zero, zero
		s.Chronic.Ratio, s.Chronic.RetireeBonus, s.Chronic.Deductible = one, zero, zero
		s.Inpatient.Ratio, s.Inpatient.RetireeBonus, s.Inpatient.Deductible = one, zero, zero
		s.Inpatient.SeriousIllness.Ratio = 1
	}
	// Every cap 0: the pool pays no claim.
	capZero extreme = func(s *Scenario) {
		zero := Const(0)
		s.Outpatient.Cap, s.Outpatient.Legacy.Cap, s.Chronic.Cap, s.Inpatient.Cap, s.Inpatient.SeriousIllness.Cap = zero, zero, zero, zero, zero
	}
	// Deductibles above any cost (10¹⁵ yuan).
	deductibleHuge extreme = func(s *Scenario) {
		huge := Const(1e15)
		s.Outpatient.Deductible, s.Outpatient.PerVisitDeductible, s.Outpatient.Legacy.Deductible = huge, huge, huge
		s.Chronic.Deductible, s.Inpatient.Deductible = huge, huge
	}
	// 100 years, 400 million represented by a few hundred members.
	horizon100 extreme = func(s *Scenario) {
		s.Horizon = 100
		s.Population.Insured = 4e8
	}
	// Tiny contributions and no other income from an empty pool: the
	// balance is negative for decades.
	negativePool extreme = func(s *Scenario) {
		tiny := Const(1e-6)
		c := &s.Contributions
		c.EmployerRate, c.EmployeeRate, c.FlexibleRate, c.RetireeRate, c.FlexiblePoolOnly.Rate = tiny, tiny, tiny, tiny, tiny
		s.Accounts.ActiveCreditRate, s.Accounts.FlexibleCreditRate = tiny, tiny
		s.Fund.InitialBalance, s.Fund.OtherIncome = 0, Const(0)
		s.Horizon = 40
	}
	zeroCollection extreme = func(s *Scenario) {
		s.Contributions.CollectionRate = Const(0)
	}
	// Every optional mechanism off.
	allOff extreme = func(s *Scenario) {
		s.Chronic.Enabled, s.Inpatient.Enabled, s.Pharmacy.Enabled, s.Maternity.Enabled = false, false, false, false
		s.Accounts.Family.Enabled, s.Inpatient.SeriousIllness.Enabled = false, false
		s.Economy.Epidemic.Probability = 0
		s.Management.ContributionAdjustment.Enabled = false
	}
	// No pool income at all: nothing collected, no credits, no other
	// income, no opening balance to earn interest.
	noIncome extreme = func(s *Scenario) {
		zero := Const(0)
		s.Contributions.CollectionRate = zero
		a := &s.Accounts
		a.ActiveCreditRate, a.FlexibleCreditRate, a.RetireeQuota = zero, zero, zero
		a.Legacy.EmployerCreditRateByAge = AgeBands{Bounds: []int{0}, Values: []float64{0}}
		a.Legacy.RetireeRateByAge = AgeBands{Bounds: []int{0}, Values: []float64{0}}
		s.Contributions.EmployeeRate = zero // the legacy active credit is the employee's own contribution
		s.Fund.InitialBalance, s.Fund.OtherIncome = 0, zero
	}
	// Young actives only, for a few years: nobody retires.
	noRetirees extreme = func(s *Scenario) {
		p := &s.Population
		p.RetiredShare, p.FlexibleShare = 0, 0
		young := AgeBands{Bounds: []int{18, 25}, Values: []float64{0.5, 0.5}}
		p.AgeStructure.Weights[Active] = [2]AgeBands{young, young}
		p.EntrantAges = AgeBands{Bounds: []int{18}, Values: []float64{1}}
		s.Horizon = 3
	}
	// Flexible workers and retirees only: no active contribution base.
	noActives extreme = func(s *Scenario) {
		s.Population.FlexibleShare = 1 - s.Population.RetiredShare
		s.Population.EntrantFlexibleShare = Const(1)
	}
	// No entrants, heavy mortality and exits: the population dies out.
	diesOut extreme = func(s *Scenario) {
		s.Population.EntrantRate, s.Population.ExitRate = Const(0), Const(0.5)
		s.Population.MortalityScale = 10
		s.Horizon = 60
	}
)

// TestExtremeParameters runs corners of the valid parameter space and
// checks that every metric value is finite except the undefined ones
// (NaN, written as null), which are NaN exactly when their condition holds:
//
//	pool_months              pool expenditure is 0
//	cost_per_admission       there are no admissions
//	pool_surplus_rate        pool income is 0
//	dependency_ratio         there are no retirees at year end
//	breakeven_employer_rate  there is no collected active contribution base
//	inpatient_rate           there are no members at year end
//
// and that the conservation identities of TestConservation still hold.
func TestExtremeParameters(t *testing.T) {
	tests := []struct {
		name    string
		mods    []extreme
		members int
		// must lists undefined metrics that the case exists to produce,
		// in at least one year.
		must []Metric
	}{
		{"ratio 1 everywhere", []extreme{ratioOne}, 2000, nil},
		{"cap 0", []extreme{capZero}, 2000, nil},
		{"deductible above any cost", []extreme{deductibleHuge}, 2000, nil},
		{"horizon 100 with 400 million represented", []extreme{horizon100}, 300, nil},
		{"pool negative for decades", []extreme{negativePool}, 1000, nil},
		{"zero collection rate", []extreme{zeroCollection}, 2000, []Metric{BreakevenEmployerRate}},
		{"every optional mechanism off", []extreme{allOff}, 2000, []Metric{CostPerAdmission}},
		{"no pool income, no pool expenditure", []extreme{allOff, capZero, noIncome}, 1000, []Metric{PoolMonths, PoolSurplusRate, BreakevenEmployerRate}},
		{"no retirees", []extreme{noRetirees}, 1000, []Metric{DependencyRatio}},
		{"no actives", []extreme{noActives}, 1000, []Metric{BreakevenEmployerRate}},
		{"population dies out", []extreme{diesOut}, 300, []Metric{DependencyRatio, InpatientRate, CostPerAdmission, PoolMonths}},
		{"everything at once", []extreme{ratioOne, capZero, deductibleHuge, horizon100, negativePool, zeroCollection, allOff}, 300, []Metric{PoolMonths, BreakevenEmployerRate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testScenario()
			for _, m := range tt.mods {
				m(s)
			}
			// The collected active contribution base of every replication
			// and year, which the results do not report, seen through the
			// step.
			var mu sync.Mutex
			employerBases := map[[2]int]float64{}
			opt := Options{Seed: 5, Replications: 2, Members: tt.members, Workers: 2}
			opt.stepFn = func(w *worker, i int, r *Rules, acc *yearAcc) bool {
				before := acc.employerBases
				left := w.step(i, r, acc)
				if d := acc.employerBases - before; d != 0 {
					mu.Lock()
					employerBases[[2]int{w.rep, r.Y}] += d
					mu.Unlock()
				}
				return left
			}
			res := run(t, s, opt)
			checkConservation(t, s, res)
			seen := map[Metric]bool{}
			for i, rep := range res.Reps {
				for y, year := range res.Years {
					v := func(m Metric) float64 { return res.Value(i, y, m) }
					undefined := map[Metric]bool{
						PoolMonths:            v(PoolExpenditure) == 0,
						CostPerAdmission:      v(Admissions) == 0,
						PoolSurplusRate:       v(PoolIncome) == 0,
						DependencyRatio:       v(MembersRetired) == 0,
						BreakevenEmployerRate: employerBases[[2]int{rep, y}] == 0,
						InpatientRate:         v(MembersActive)+v(MembersFlexible)+v(MembersRetired) == 0,
					}
					for m := range NumMetrics {
						x := v(m)
						switch {
						case math.IsInf(x, 0):
							t.Errorf("rep %d %d: %s = %v", rep, year, Metrics[m].Name, x)
						case math.IsNaN(x) && !undefined[m]:
							t.Errorf("rep %d %d: %s is NaN but defined", rep, year, Metrics[m].Name)
						case !math.IsNaN(x) && undefined[m]:
							t.Errorf("rep %d %d: %s = %v, want NaN (undefined)", rep, year, Metrics[m].Name, x)
						}
						if math.IsNaN(x) {
							seen[m] = true
						}
					}
				}
			}
			for _, m := range tt.must {
				if !seen[m] {
					t.Errorf("%s is never undefined: the case does not reach its corner", Metrics[m].Name)
				}
			}
		})
	}
}

// TestExtremeNegativePool checks that the pool of the negative-pool case is
// indeed below 0 for decades and earns no interest there.
func TestExtremeNegativePool(t *testing.T) {
	s := testScenario()
	negativePool(s)
	res := run(t, s, Options{Seed: 5, Replications: 1, Members: 1000, Workers: 1})
	negative := 0
	for y := range res.Years {
		if res.Value(0, y, PoolBalance) < 0 {
			negative++
			if y > 0 && res.Value(0, y-1, PoolBalance) < 0 && res.Value(0, y, PoolInterest) != 0 {
				t.Errorf("%d: interest %v on a negative pool", res.Years[y], res.Value(0, y, PoolInterest))
			}
		}
	}
	if negative < 30 {
		t.Errorf("the pool is negative in %d of %d years, want decades", negative, len(res.Years))
	}
}

// checkConservation checks docs/model.md section 3's identities on every
// replication and year of res, as TestConservation does.
func checkConservation(t *testing.T, s *Scenario, res *Result) {
	t.Helper()
	for i := range res.Reps {
		pool := s.Fund.InitialBalance
		acct := res.OpeningAccountBalance[i]
		for y, year := range res.Years {
			v := func(m Metric) float64 { return res.Value(i, y, m) }
			// Tolerance: 1e-9 of the largest term, as near, since a
			// balance near 0 is the difference of large flows.
			check := func(what string, got, want float64, terms ...float64) {
				t.Helper()
				scale := math.Max(1, math.Max(math.Abs(got), math.Abs(want)))
				for _, x := range terms {
					scale = math.Max(scale, math.Abs(x))
				}
				if math.Abs(got-want) > 1e-9*scale {
					t.Errorf("rep %d %d: %s: %v, want %v", i, year, what, got, want)
				}
			}
			check("pool balance = opening + income − expenditure", v(PoolBalance), pool+v(PoolIncome)-v(PoolExpenditure),
				pool, v(PoolIncome), v(PoolExpenditure))
			check("collected = pool contributions + credits", v(CollectedContributions), v(PoolContributions)+v(AccountCredit))
			check("pool income = its parts", v(PoolIncome), v(PoolContributions)+v(PoolOtherIncome)+v(PoolInterest))
			parts := v(PoolOutpatientGeneral) + v(PoolOutpatientChronic) + v(PoolInpatient) + v(PoolMaternity) + v(PoolEpidemic)
			if s.Inpatient.SeriousIllness.Financing == "pool" {
				parts += v(PoolSeriousIllness)
			}
			check("pool expenditure = its parts", v(PoolExpenditure), parts)
			check("account balance = opening + flows", v(AccountBalance),
				acct+v(AccountCredit)+v(AccountInterest)-v(AccountSpending)-v(AccountOutflow),
				acct, v(AccountCredit), v(AccountSpending), v(AccountOutflow))
			check("claims = pool + account + cash", v(ClaimsTotal),
				v(PoolOutpatientGeneral)+v(PoolOutpatientChronic)+v(PoolInpatient)+v(PoolSeriousIllness)+
					(v(AccountSpending)-v(AccountSpendingFamily))+v(MemberCash))
			pool, acct = v(PoolBalance), v(AccountBalance)
		}
	}
}
