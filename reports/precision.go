package reports

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// The Monte Carlo precision of a summary's estimates: a distribution-free
// confidence interval for a quantile from the order statistics of the
// replications, and a Wilson score interval for a probability (a share of
// replications).

// QuantileInterval returns a confidence interval, at confidence level
// (e.g. 0.95), for the p-quantile of the distribution the sorted values
// xs were drawn from, independently, without assuming its form: the order
// statistics x₍l₎ and x₍u₎ (1-based) with l the largest and u the smallest
// index for which P(B < l) ≤ (1 − level)/2 and P(B ≥ u) ≤ (1 − level)/2,
// B ~ Binomial(n, p) the number of values below the quantile (Hahn and
// Meeker, Statistical Intervals, 1991, §5.2). Its coverage is at least
// level for a continuous distribution. When n is too small for such an
// index on a side, that side is unbounded (−Inf or +Inf). It also returns
// the interval's exact coverage, P(l ≤ B < u).
func QuantileInterval(xs []float64, p, level float64) (lo, hi, coverage float64) {
	n := len(xs)
	if n == 0 || !(p > 0 && p < 1) {
		return math.Inf(-1), math.Inf(1), 1
	}
	alpha := (1 - level) / 2
	b := distuv.Binomial{N: float64(n), P: p}
	// cdf(k) = P(B ≤ k).
	cdf := func(k int) float64 {
		if k < 0 {
			return 0
		}
		return b.CDF(float64(k))
	}
	l := 0 // 0: unbounded below
	for k := 1; k <= n && cdf(k-1) <= alpha; k++ {
		l = k
	}
	u := n + 1 // n+1: unbounded above
	for k := n; k >= 1 && 1-cdf(k-1) <= alpha; k-- {
		u = k
	}
	lo, hi = math.Inf(-1), math.Inf(1)
	if l >= 1 {
		lo = xs[l-1]
	}
	if u <= n {
		hi = xs[u-1]
	}
	return lo, hi, cdf(u-1) - cdf(l-1)
}

// WilsonInterval returns the Wilson score interval, at confidence level,
// for a probability estimated as k successes in n trials (Wilson 1927;
// Brown, Cai and DasGupta 2001 recommend it for any n): centre
// (k + z²/2)/(n + z²) and half-width z·√(k(n−k)/n + z²/4)/(n + z²), z the
// standard normal quantile of (1 + level)/2. It is [0, 1] when n is 0.
func WilsonInterval(k, n int, level float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	z := distuv.UnitNormal.Quantile((1 + level) / 2)
	fn, fk, z2 := float64(n), float64(k), z*z
	centre := (fk + z2/2) / (fn + z2)
	half := z * math.Sqrt(fk*(fn-fk)/fn+z2/4) / (fn + z2)
	return math.Max(0, centre-half), math.Min(1, centre+half)
}
