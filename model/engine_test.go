package model

import (
	"context"
	"math"
	"testing"
)

func run(t *testing.T, s *Scenario, opt Options) *Result {
	t.Helper()
	opt.checkClaims = true
	res, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestConservation checks docs/model.md section 3's identities, and every
// claim's split (run's checkClaims), on every replication and year of a run
// with every mechanism on, and of one without pharmacy and family spending
// (the only monthly payments besides claims, which the settlement loops
// apart).
func TestConservation(t *testing.T) {
	noMonthly := testScenario()
	noMonthly.Pharmacy.Enabled = false
	noMonthly.Accounts.Family.Enabled = false
	for name, s := range map[string]*Scenario{"every mechanism": testScenario(), "no pharmacy or family": noMonthly} {
		t.Run(name, func(t *testing.T) { conserves(t, s) })
	}
}

func conserves(t *testing.T, s *Scenario) {
	res := run(t, s, Options{Seed: 7, Replications: 4, Members: 3000, Workers: 2})
	for i := range res.Reps {
		pool := s.Fund.InitialBalance
		acct := res.OpeningAccountBalance[i]
		for y, year := range res.Years {
			v := func(m Metric) float64 { return res.Value(i, y, m) }
			if got, want := v(PoolBalance), pool+v(PoolIncome)-v(PoolExpenditure); !near(got, want) {
				t.Errorf("rep %d %d: pool balance %v, want opening + income − expenditure = %v", i, year, got, want)
			}
			if got, want := v(CollectedContributions), v(PoolContributions)+v(AccountCredit); !near(got, want) {
				t.Errorf("rep %d %d: collected %v, want pool contributions + credits %v", i, year, got, want)
			}
			if got, want := v(PoolIncome), v(PoolContributions)+v(PoolOtherIncome)+v(PoolInterest); !near(got, want) {
				t.Errorf("rep %d %d: pool income %v, want its parts %v", i, year, got, want)
			}
			parts := v(PoolOutpatientGeneral) + v(PoolOutpatientChronic) + v(PoolInpatient) + v(PoolMaternity) + v(PoolEpidemic) + v(PoolSeriousIllness)
			if got := v(PoolExpenditure); !near(got, parts) {
				t.Errorf("rep %d %d: pool expenditure %v, want its parts %v", i, year, got, parts)
			}
			want := acct + v(AccountCredit) + v(AccountInterest) - v(AccountSpending) - v(AccountOutflow)
			if got := v(AccountBalance); !near(got, want) {
				t.Errorf("rep %d %d: account balance %v, want opening + flows %v", i, year, got, want)
			}
			claims := v(PoolOutpatientGeneral) + v(PoolOutpatientChronic) + v(PoolInpatient) + v(PoolSeriousIllness) +
				(v(AccountSpending) - v(AccountSpendingFamily)) + v(MemberCash)
			if got := v(ClaimsTotal); !near(got, claims) {
				t.Errorf("rep %d %d: claims %v, want pool + account + cash %v", i, year, got, claims)
			}
			for m := range NumMetrics {
				if x := v(m); math.IsInf(x, 0) {
					t.Errorf("rep %d %d: %s is infinite", i, year, Metrics[m].Name)
				}
			}
			pool, acct = v(PoolBalance), v(AccountBalance)
		}
	}
}

// TestWorkersDeterminism checks that the result does not depend on the
// number of workers, in both scheduling modes.
func TestWorkersDeterminism(t *testing.T) {
	s := testScenario()
	for _, reps := range []int{1, 3} {
		a := run(t, s, Options{Seed: 3, Replications: reps, Members: 5000, Workers: 1})
		for _, workers := range []int{2, 3} {
			b := run(t, s, Options{Seed: 3, Replications: reps, Members: 5000, Workers: workers})
			for i := range a.Values {
				for k := range a.Values[i] {
					x, y := a.Values[i][k], b.Values[i][k]
					if math.Float64bits(x) != math.Float64bits(y) {
						t.Fatalf("reps %d workers %d: value %d of rep %d = %v, want %v (1 worker)", reps, workers, k, i, y, x)
					}
				}
			}
			for g := range a.Groups {
				if a.Groups[g].BurdenFen != b.Groups[g].BurdenFen || a.Groups[g].Members != b.Groups[g].Members {
					t.Fatalf("reps %d workers %d: group %d differs", reps, workers, g)
				}
			}
		}
	}
}

// TestYearsProgress checks Options.Years: called once per simulated year of
// every replication, counting up to replications × horizon, in both
// scheduling modes.
func TestYearsProgress(t *testing.T) {
	s := testScenario()
	for _, opt := range []Options{
		{Seed: 3, Replications: 1, Members: 500, Workers: 2}, // blocks of one replication
		{Seed: 3, Replications: 4, Members: 500, Workers: 2}, // whole replications
	} {
		var calls []int
		total := -1
		opt.Years = func(done, tot int) {
			calls = append(calls, done)
			total = tot
		}
		if _, err := Run(context.Background(), s, opt); err != nil {
			t.Fatal(err)
		}
		want := opt.Replications * s.Horizon
		if total != want || len(calls) != want {
			t.Fatalf("%d replications: %d calls, total %d; want %d", opt.Replications, len(calls), total, want)
		}
		for i, d := range calls {
			if d != i+1 {
				t.Fatalf("call %d reported %d done", i, d)
			}
		}
	}
}

// TestRepGroupsAddUpToGroups checks that each replication's group sums
// (Result.RepGroups) add up, over the replications, to the run's group
// accumulators exactly, whether the workers take whole replications (4
// replications, 2 workers) or the members of one (1 replication, 2
// workers), and that they do not depend on the number of workers.
func TestRepGroupsAddUpToGroups(t *testing.T) {
	for _, reps := range []int{1, 4} {
		res := run(t, testScenario(), Options{Seed: 3, Replications: reps, Members: 2000, Workers: 2})
		one := run(t, testScenario(), Options{Seed: 3, Replications: reps, Members: 2000, Workers: 1})
		if len(res.RepGroups) != reps {
			t.Fatalf("%d replications: %d rows of group sums", reps, len(res.RepGroups))
		}
		for g := range res.Groups {
			var sum GroupSum
			for i := range res.RepGroups {
				r := res.RepGroups[i][g]
				sum.Members += r.Members
				sum.CashFen += r.CashFen
				sum.BurdenFen += r.BurdenFen
				if r != one.RepGroups[i][g] {
					t.Fatalf("replication %d, group %d: %+v with 2 workers, %+v with 1", i, g, r, one.RepGroups[i][g])
				}
			}
			want := GroupSum{res.Groups[g].Members, res.Groups[g].CashFen, res.Groups[g].BurdenFen}
			if sum != want {
				t.Errorf("%d replications, group %d: replications add up to %+v, want the accumulator's %+v", reps, g, sum, want)
			}
		}
	}
}
