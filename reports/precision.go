package reports

import (
	"math"
	"sort"

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
	l, u, coverage := orderIndices(len(xs), p, level)
	lo, hi = orderBounds(xs, l, u)
	return lo, hi, coverage
}

// orderBounds returns x₍l₎ and x₍u₎ of the sorted xs, −Inf for l = 0 and
// +Inf for u = len(xs) + 1.
func orderBounds(xs []float64, l, u int) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if l >= 1 {
		lo = xs[l-1]
	}
	if u <= len(xs) {
		hi = xs[u-1]
	}
	return lo, hi
}

// orderIndices returns the 1-based order statistics of QuantileInterval
// for n values (0 and n + 1 for an unbounded side) and their coverage.
// They depend on n, p and level only, not on the values.
func orderIndices(n int, p, level float64) (l, u int, coverage float64) {
	if n == 0 || !(p > 0 && p < 1) {
		return 0, n + 1, 1
	}
	alpha := (1 - level) / 2
	b := distuv.Binomial{N: float64(n), P: p}
	// cdf(k) = P(B ≤ k), rising in k.
	cdf := func(k int) float64 {
		if k < 0 {
			return 0
		}
		if k >= n {
			return 1
		}
		return b.CDF(float64(k))
	}
	// l: the largest k in 1…n with cdf(k − 1) ≤ alpha, else 0.
	l = sort.Search(n, func(i int) bool { return cdf(i) > alpha }) // first k−1 = i failing
	// u: the smallest k in 1…n with 1 − cdf(k − 1) ≤ alpha, else n + 1.
	u = 1 + sort.Search(n, func(i int) bool { return 1-cdf(i) <= alpha })
	return l, u, cdf(u-1) - cdf(l-1)
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
