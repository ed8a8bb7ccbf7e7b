package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestOOPShareHandComputed checks the out-of-pocket share against cases
// computed by hand.
func TestOOPShareHandComputed(t *testing.T) {
	primary := func(p visitPrice) visitPrice { p.Level = [NumLevels]float64{1, 0, 0}; return p }
	fixed := [NumLevels]Cost{{Mean: 100}, {Mean: 100}, {Mean: 100}}
	half := [NumLevels]float64{0.5, 0.5, 0.5}
	inf := math.Inf(1)
	tests := []struct {
		name string
		p    visitPrice
		v    float64
		want float64
	}{
		// No deductible, no cap: the pool pays ratio × in-scope share of
		// every yuan, 0.5 × 0.6, whatever the spread of costs.
		{"ratio and in-scope share only", primary(visitPrice{
			Cost: [NumLevels]Cost{{Mean: 150, CV: 1.2}}, InScope: 0.6, Ratio: half, Cap: inf,
		}), 3, 0.7},
		// N Poisson(2), 100 a visit, deductible 150: E[(100N − 150)⁺] =
		// 200 − 150 + 150·P(0) + 50·P(1) = 50 + 250e⁻²; the pool pays
		// half, of an expected 200.
		{"deductible crossed in the middle of a visit", primary(visitPrice{
			Cost: fixed, InScope: 1, Ratio: half, Deductible: 150, Cap: inf,
		}), 2, 1 - 0.5*(50+250*math.Exp(-2))/200},
		// The same with a cap of 30 on pool payments: the pool pays
		// min(30, 0.5·(100n − 150)⁺): 0 for n ≤ 1, 25 for n = 2, 30 after.
		{"cap reached", primary(visitPrice{
			Cost: fixed, InScope: 1, Ratio: half, Deductible: 150, Cap: 30,
		}), 2, 1 - (25*2*math.Exp(-2)+30*(1-3*math.Exp(-2)-2*math.Exp(-2)))/200},
		// A per-visit deductible of 40 on in-scope 100: 60 a visit is
		// eligible, ratio 0.5, no annual deductible: 30 of 100.
		{"per-visit deductible", primary(visitPrice{
			Cost: fixed, InScope: 1, Ratio: half, PerVisit: [NumLevels]float64{40, 40, 40}, Cap: inf,
		}), 4, 0.7},
		// Two levels at 50/50, 100 and 300 a visit, ratios 0.8 and 0.4:
		// the pool pays (0.8·100 + 0.4·300)/2 of a mean cost 200.
		{"levels", visitPrice{
			Level: [NumLevels]float64{0.5, 0.5, 0}, Cost: [NumLevels]Cost{{Mean: 100}, {Mean: 300}, {Mean: 1}},
			InScope: 1, Ratio: [NumLevels]float64{0.8, 0.4, 0}, Cap: inf,
		}, 5, 1 - 100.0/200},
		{"rules that pay nothing", primary(visitPrice{Cost: fixed, InScope: 1, Cap: inf}), 5, 1},
		{"no visits", primary(visitPrice{Cost: fixed, InScope: 1, Ratio: half, Cap: inf}), 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.oopShare(tt.v); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("oopShare(%g) = %.12f, want %.12f", tt.v, got, tt.want)
			}
		})
	}
}

// TestOOPShareMonteCarlo checks the closed form, whose only approximation
// is the lognormal for the year's sum of eligible costs, against a direct
// simulation of the rules as SettleOutpatient applies them: negative
// binomial visits, levels, lognormal costs, per-visit and annual
// deductibles, ratios by level and the cap. The tolerance is 4 Monte Carlo
// standard errors plus 0.01 for the approximation (the model's induced
// demand moves visits by (q/q₀)^ε, so 0.01 of q is 0.2% of visits at
// ε = −0.2).
func TestOOPShareMonteCarlo(t *testing.T) {
	p := visitPrice{
		Level:      [NumLevels]float64{0.5, 0.3, 0.2},
		Cost:       [NumLevels]Cost{{Mean: 90, CV: 1}, {Mean: 180, CV: 1.2}, {Mean: 320, CV: 1.5}},
		InScope:    0.62,
		PerVisit:   [NumLevels]float64{0, 10, 20},
		Ratio:      [NumLevels]float64{0.7, 0.6, 0.5},
		Deductible: 300,
		Cap:        2000,
		Shape:      1.5,
	}
	for _, v := range []float64{1, 4, 12, 30} {
		g := rand.New(rand.NewPCG(1, uint64(v)))
		const n = 200000
		var oop, oop2, total, total2, cross float64
		for range n {
			nv := poissonDraw(g, v*gammaDraw(g, p.Shape)/p.Shape)
			var u Used
			var cost, paid float64
			for range nv {
				x, l := g.Float64(), Level(0)
				for l < NumLevels-1 && x >= p.Level[l] {
					x -= p.Level[l]
					l++
				}
				lc := logCost(p.Cost[l])
				c := lc.Scale * math.Exp(lc.Sigma*g.NormFloat64())
				pay, u2 := SettleOutpatient(c*p.InScope, p.PerVisit[l], p.Deductible, p.Ratio[l], p.Cap, u)
				u = u2
				cost += c
				paid += pay
			}
			oop += cost - paid
			oop2 += (cost - paid) * (cost - paid)
			total += cost
			total2 += cost * cost
			cross += cost * (cost - paid)
		}
		// The ratio estimator's standard error by the delta method.
		mo, mt := oop/n, total/n
		ratio := mo / mt
		vo, vt, cov := oop2/n-mo*mo, total2/n-mt*mt, cross/n-mo*mt
		se := math.Sqrt((vo-2*ratio*cov+ratio*ratio*vt)/n) / mt
		got := p.oopShare(v)
		if d := math.Abs(got - ratio); d > 4*se+0.01 {
			t.Errorf("v %g: closed form %.4f, simulated %.4f ± %.4f", v, got, ratio, se)
		} else {
			t.Logf("v %g: closed form %.4f, simulated %.4f ± %.4f", v, got, ratio, se)
		}
	}
}

// gammaDraw returns a gamma variate of shape k and scale 1 (Marsaglia and
// Tsang), k ≥ 1.
func gammaDraw(g *rand.Rand, k float64) float64 {
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := g.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := g.Float64(); math.Log(u) < x*x/2+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// poissonDraw returns a Poisson variate of mean m by inversion.
func poissonDraw(g *rand.Rand, m float64) int {
	u, p := g.Float64(), math.Exp(-m)
	k, cum := 0, p
	for u > cum && p > 0 {
		k++
		p *= m / float64(k)
		cum += p
	}
	return k
}

// TestInducedDemandFactor checks the factor the engine applies to visits
// under the reform's rules: (q/q₀)^ε against a hand-computed case, and 1 under
// the legacy rules or with ε 0.
func TestInducedDemandFactor(t *testing.T) {
	s := testScenario()
	o := &s.Outpatient
	o.Dispersion = 0
	o.InScopeShare = 1
	o.CostPerVisit = LevelCost{All: Cost{Mean: 100}}
	o.LevelChoiceSensitivity = 0
	o.Deductible, o.PerVisitDeductible, o.Cap = Const(150), Const(0), Param{}
	o.Ratio, o.RetireeBonus = Const(0.5), Const(0)
	o.Indexation = "none"
	o.Legacy = OutpatientRules{Deductible: Const(0), PerVisitDeductible: Const(0), Ratio: Const(0), RetireeBonus: Const(0), Indexation: "none"}
	o.VisitsPerYear = StatusBands{All: Bands([]int{0}, []float64{2})}
	s.Economy.Epidemic.Years, s.Economy.Epidemic.Probability = nil, 0
	o.InducedDemandElasticity = -0.2
	path := drawEconomy(s, 1, 0, NewRand(), newStrata(1, Independent))
	r := resolveRules(s, &path, 0, nil)
	// q = 1 − 0.5·(50 + 250e⁻²)/200 as in TestOOPShareHandComputed, q₀ 1.
	q := 1 - 0.5*(50+250*math.Exp(-2))/200
	want := math.Pow(q, -0.2)
	for st := range Status(NumStatus) {
		if got := at(r.VisitInduced[st], 40); math.Abs(got-want) > 1e-9 {
			t.Errorf("%v: factor %.9f, want %.9f (q %.6f)", st, got, want, q)
		}
	}
	o.InducedDemandElasticity = 0
	r = resolveRules(s, &path, 0, nil)
	if got := at(r.VisitInduced[Active], 40); got != 1 {
		t.Errorf("ε 0: factor %g, want 1", got)
	}
}
