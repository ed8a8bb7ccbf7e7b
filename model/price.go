package model

import "math"

// The effective price of general outpatient care, on which induced demand
// acts (docs/model.md section 5): the member's expected out-of-pocket share
// of a year's outpatient cost, all rules together — the share out of policy
// scope, per-visit and annual deductibles, the ratio by level and the annual
// cap. The share is the class average for members of one status and age
// (their mean visits), so it needs no member's own history and is the same on
// every worker and shard. It is computed in closed form, once per year:
//
//   - visits per year N are negative binomial (mean v, the shape of the
//     members' frailty; Poisson when the shape is 0), as the engine draws
//     them;
//   - a visit's level follows the rules' level probabilities; its cost is
//     lognormal by level; the part above the per-visit deductible of its
//     in-scope cost, e, has exact first two moments (lognormal partial
//     moments);
//   - a single visit's payment is exact; the year's eligible cost of n ≥ 2
//     visits, S_n = e_1 + … + e_n, is taken as
//     lognormal with S_n's exact mean and variance (Fenton–Wilkinson), and
//     the pool pays r̄·[(S_n − D)⁺ − (S_n − D − K/r̄)⁺], r̄ the ratio averaged
//     over levels with weights P(l)·E[e | l], D the annual deductible and K
//     the cap, by the lognormal's stop-loss transform.
//
// The pool's expected payment over the expected total cost v·Σ P(l)·mean(l)
// is the effective pooled share; one minus it is the out-of-pocket share.

// visitPrice holds one set of outpatient rules for one status, as the
// out-of-pocket share needs them.
type visitPrice struct {
	Level      [NumLevels]float64 // level probabilities P(l)
	Cost       [NumLevels]Cost    // cost per visit by level, nominal
	InScope    float64            // in-scope share of a visit's cost
	PerVisit   [NumLevels]float64 // per-visit deductible by level
	Ratio      [NumLevels]float64 // ratio by level
	Deductible float64            // annual deductible
	Cap        float64            // annual cap on pool payments (+Inf: none)
	Shape      float64            // negative binomial shape of visits; 0: Poisson
}

// oopShare returns the expected out-of-pocket share of the outpatient cost
// of a member with v visits a year on average under rules p (1 when v is 0
// or the rules pay nothing).
func (p *visitPrice) oopShare(v float64) float64 {
	var a1, a2, rw, mean float64
	for l := range Level(NumLevels) {
		q := p.Level[l]
		if q == 0 {
			continue
		}
		in := p.Cost[l]
		in.Mean *= p.InScope
		m1, m2 := excessMoments(in, p.PerVisit[l])
		a1 += q * m1
		a2 += q * m2
		rw += q * p.Ratio[l] * m1
		mean += q * p.Cost[l].Mean
	}
	if v <= 0 || mean <= 0 || a1 <= 0 || rw <= 0 {
		return 1
	}
	rbar := rw / a1
	vare := math.Max(a2-a1*a1, 0)
	var pool float64
	limit := p.Deductible + p.Cap/rbar // +Inf when there is no cap
	one := p.singleVisitPool()
	countProbabilities(v, p.Shape, func(n int, pn float64) {
		if n == 1 {
			pool += pn * one
			return
		}
		nf := float64(n)
		mu, va := nf*a1, nf*vare
		paid := stopLoss(mu, va, p.Deductible)
		if !math.IsInf(limit, 1) {
			paid -= stopLoss(mu, va, limit)
		}
		pool += pn * rbar * paid
	})
	q := 1 - pool/(v*mean)
	if math.IsNaN(q) {
		return 1
	}
	return math.Min(1, math.Max(0, q))
}

// singleVisitPool returns the pool's expected payment for a member's only
// visit of the year, exactly: Σ P(l)·r_l·[(X_l − d_l − D)⁺ − (X_l − d_l − D − K/r_l)⁺]
// with X_l the visit's lognormal in-scope cost, d_l the per-visit deductible.
func (p *visitPrice) singleVisitPool() float64 {
	var pool float64
	for l := range Level(NumLevels) {
		q, r := p.Level[l], p.Ratio[l]
		if q == 0 || r == 0 {
			continue
		}
		in := p.Cost[l]
		in.Mean *= p.InScope
		d := p.PerVisit[l] + p.Deductible
		paid, _ := excessMoments(in, d)
		if lim := d + p.Cap/r; !math.IsInf(lim, 1) {
			over, _ := excessMoments(in, lim)
			paid -= over
		}
		pool += q * r * paid
	}
	return pool
}

// countProbabilities calls f(n, P(N = n)) for n = 1, 2, … of a negative
// binomial N of mean v and shape k (Poisson when k is 0), until the
// probabilities left are below 1e-12.
func countProbabilities(v, k float64, f func(n int, p float64)) {
	var p, step float64
	if k > 0 {
		p = math.Exp(k * math.Log(k/(k+v)))
		step = v / (k + v)
	} else {
		p = math.Exp(-v)
	}
	cum := p
	for n := 0; n < 100000; n++ {
		if k > 0 {
			p *= (float64(n) + k) / float64(n+1) * step
		} else {
			p *= v / float64(n+1)
		}
		cum += p
		f(n+1, p)
		if 1-cum < 1e-12 && float64(n) > v {
			return
		}
	}
}

// excessMoments returns E[(X − d)⁺] and E[((X − d)⁺)²] of a lognormal X of
// cost c (CV 0: the constant mean), d ≥ 0.
func excessMoments(c Cost, d float64) (m1, m2 float64) {
	if c.CV <= 0 || c.Mean <= 0 {
		x := math.Max(c.Mean-d, 0)
		return x, x * x
	}
	s2 := math.Log1p(c.CV * c.CV)
	s, mu := math.Sqrt(s2), math.Log(c.Mean)-s2/2
	if d <= 0 {
		return c.Mean, c.Mean * c.Mean * (1 + c.CV*c.CV)
	}
	ld := math.Log(d)
	// E[X^k; X > d] = exp(kμ + k²σ²/2)·Φ((μ + kσ² − ln d)/σ).
	tail := func(k float64) float64 {
		return math.Exp(k*mu+k*k*s2/2) * normalCDF((mu+k*s2-ld)/s)
	}
	p0, e1, e2 := tail(0), tail(1), tail(2)
	m1 = e1 - d*p0
	if !(m1 > 0) { // also when d is so far in the tail that the terms round off
		return 0, 0
	}
	return m1, math.Max(e2-2*d*e1+d*d*p0, m1*m1)
}

// stopLoss returns E[(Y − d)⁺] for Y lognormal of mean mu and variance va
// (va 0: Y is the constant mu), d ≥ 0.
func stopLoss(mu, va, d float64) float64 {
	if mu <= 0 {
		return 0
	}
	if va <= 0 || d <= 0 {
		return math.Max(mu-d, 0)
	}
	s2 := math.Log1p(va / (mu * mu))
	if math.IsInf(s2, 1) { // a mean that rounds to nothing beside its spread
		return 0
	}
	s, m := math.Sqrt(s2), math.Log(mu)-s2/2
	ld := math.Log(d)
	return math.Min(mu, math.Max(0, mu*normalCDF((m+s2-ld)/s)-d*normalCDF((m-ld)/s)))
}

// normalCDF is Φ, the standard normal distribution function.
func normalCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}
