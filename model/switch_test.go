package model

import (
	"math"
	"testing"
)

// derived are the pool totals that move with any pool flow.
var derived = []Metric{PoolIncome, PoolInterest, PoolExpenditure, PoolSurplus, PoolSurplusRate, PoolBalance,
	PoolMonths, FundIncomeTotal, FundExpenditureTotal, BreakevenEmployerRate}

// accountLinked are the metrics that move with any account payment.
var accountLinked = []Metric{AccountInterest, AccountSpending, AccountOutflow, AccountBalance, MemberCash,
	MemberBurden, ClaimsTotal, AccountSpendingFamily}

// TestSwitchOff checks that switching a mechanism off removes exactly its
// flows: its own lines become zero and every metric outside its own lines
// and what they feed stays bit for bit the same.
func TestSwitchOff(t *testing.T) {
	base := func() *Scenario {
		s := testScenario()
		for i := range s.Chronic.Conditions {
			s.Chronic.Conditions[i].VisitMultiplier = 1 // chronic then leaves visits alone
		}
		return s
	}
	with := func(ms ...[]Metric) map[Metric]bool {
		m := map[Metric]bool{}
		for _, l := range ms {
			for _, x := range l {
				m[x] = true
			}
		}
		return m
	}
	tests := []struct {
		name  string
		off   func(s *Scenario)
		zero  []Metric
		moves map[Metric]bool
	}{
		{"maternity", func(s *Scenario) { s.Maternity.Enabled = false }, []Metric{PoolMaternity},
			with(derived, []Metric{PoolMaternity})},
		{"maternity rate 0", func(s *Scenario) { s.Maternity.BirthsPerMember = Const(0) }, []Metric{PoolMaternity},
			with(derived, []Metric{PoolMaternity})},
		{"epidemic", func(s *Scenario) { s.Economy.Epidemic.ExtraCostPerMember = 0 }, []Metric{PoolEpidemic},
			with(derived, []Metric{PoolEpidemic})},
		{"other income", func(s *Scenario) { s.Fund.OtherIncome = Const(0) }, []Metric{PoolOtherIncome},
			with(derived, []Metric{PoolOtherIncome})},
		{"serious illness", func(s *Scenario) { s.Inpatient.SeriousIllness.Enabled = false }, []Metric{PoolSeriousIllness},
			with(derived, accountLinked, []Metric{PoolSeriousIllness})},
		{"chronic", func(s *Scenario) { s.Chronic.Enabled = false }, []Metric{PoolOutpatientChronic},
			with(derived, accountLinked, []Metric{PoolOutpatientChronic})},
		// Pharmacy purchases on outpatient-pooling prescriptions share the
		// visits' deductible and cap and are paid from their line.
		{"pharmacy", func(s *Scenario) { s.Pharmacy.Enabled = false }, []Metric{PoolOutpatientPharmacy},
			with(derived, accountLinked, []Metric{PoolOutpatientGeneral, PoolOutpatientPharmacy})},
		{"family", func(s *Scenario) { s.Accounts.Family.Enabled = false }, []Metric{AccountSpendingFamily},
			with(derived, accountLinked)},
		{"retiree contributions", func(s *Scenario) { s.Contributions.RetireeRate = Const(0) }, nil,
			with(derived, []Metric{PoolContributions, CollectedContributions})},
		{"inpatient", func(s *Scenario) { s.Inpatient.Enabled = false },
			[]Metric{PoolInpatient, PoolSeriousIllness, Admissions, InpatientCostTotal, InpatientRate},
			with(derived, accountLinked, []Metric{PoolInpatient, PoolSeriousIllness, Admissions, InpatientCostTotal, InpatientRate, CostPerAdmission})},
	}
	opt := Options{Seed: 11, Replications: 2, Members: 2000, Workers: 2}
	on := run(t, base(), opt)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.off(s)
			off := run(t, s, opt)
			for i := range on.Values {
				for y := range on.Years {
					for _, m := range tt.zero {
						if x := off.Value(i, y, m); x != 0 && !math.IsNaN(x) {
							t.Errorf("%s = %v after switching off, want 0", Metrics[m].Name, x)
						}
					}
					for m := range NumMetrics {
						if tt.moves[m] {
							continue
						}
						a, b := on.Value(i, y, m), off.Value(i, y, m)
						if math.Float64bits(a) != math.Float64bits(b) {
							t.Errorf("rep %d year %d: %s moved from %v to %v", i, on.Years[y], Metrics[m].Name, a, b)
						}
					}
				}
			}
		})
	}
}
