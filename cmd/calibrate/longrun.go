package main

import (
	"context"
	"math"
	"sort"
	"time"

	"simulate/model"
	"simulate/scenarios"
)

// longRun is the 20-year solvency summary of one scenario.
type longRun struct {
	Name               string
	Years              []int
	DepletionP50       int // 0: beyond the horizon
	FirstDeficitP50    int
	DepletionP05       int
	DepletionP95       int
	PDepleted          float64   // share of replications depleted by the horizon
	BalanceP50         []float64 // pool balance, 100m yuan
	IncomeMean         []float64
	ExpenditureMean    []float64
	RetireeShareMean   []float64
	ExpPerMemberGrowth float64 // mean annual growth of pool expenditure per member
	WageGrowth         float64
	Seconds            float64
}

// runLong runs scenario name from its base year for horizon years.
func runLong(ctx context.Context, name string, horizon, reps, members int, modify func(*model.Scenario)) (*longRun, error) {
	s, _, err := scenarios.Load(name)
	if err != nil {
		return nil, err
	}
	s.Horizon = horizon
	if modify != nil {
		modify(s)
	}
	runStart := time.Now()
	res, err := model.Run(ctx, s, model.Options{Seed: 1, Replications: reps, Members: members, Workers: 2})
	if res != nil {
		res.Seconds = time.Since(runStart).Seconds() // perf: set-up and replications
	}
	if err != nil {
		return nil, err
	}
	lr := &longRun{Name: name, Years: res.Years, Seconds: res.Seconds}
	n := len(res.Values)
	depl := make([]int, n)
	def := make([]int, n)
	beyond := s.LastYear() + 1
	depleted := 0
	for i := range res.Values {
		depl[i], def[i] = beyond, beyond
		for y, year := range res.Years {
			if def[i] == beyond && res.Value(i, y, model.PoolIncome) < res.Value(i, y, model.PoolExpenditure) {
				def[i] = year
			}
			if depl[i] == beyond && res.Value(i, y, model.PoolBalance) < 0 {
				depl[i] = year
			}
		}
		if depl[i] != beyond {
			depleted++
		}
	}
	lr.PDepleted = float64(depleted) / float64(n)
	pct := func(v []int, q float64) int {
		w := append([]int(nil), v...)
		sort.Ints(w)
		k := int(math.Ceil(q*float64(n))) - 1
		k = max(0, min(n-1, k))
		if w[k] == beyond {
			return 0
		}
		return w[k]
	}
	lr.DepletionP50, lr.DepletionP05, lr.DepletionP95 = pct(depl, 0.5), pct(depl, 0.05), pct(depl, 0.95)
	lr.FirstDeficitP50 = pct(def, 0.5)
	for y := range res.Years {
		vals := make([]float64, n)
		var inc, exp, ret, all float64
		for i := range res.Values {
			vals[i] = res.Value(i, y, model.PoolBalance) / 1e8
			inc += res.Value(i, y, model.PoolIncome) / 1e8
			exp += res.Value(i, y, model.PoolExpenditure) / 1e8
			ret += res.Value(i, y, model.MembersRetired)
			all += res.Value(i, y, model.MembersActive) + res.Value(i, y, model.MembersFlexible) + res.Value(i, y, model.MembersRetired)
		}
		sort.Float64s(vals)
		lr.BalanceP50 = append(lr.BalanceP50, quantile(vals, 0.5))
		lr.IncomeMean = append(lr.IncomeMean, inc/float64(n))
		lr.ExpenditureMean = append(lr.ExpenditureMean, exp/float64(n))
		lr.RetireeShareMean = append(lr.RetireeShareMean, ret/all)
	}
	return lr, nil
}

// quantile is the type-7 quantile of sorted xs.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	h := q * float64(len(xs)-1)
	lo := int(math.Floor(h))
	hi := min(lo+1, len(xs)-1)
	return xs[lo] + (h-float64(lo))*(xs[hi]-xs[lo])
}
