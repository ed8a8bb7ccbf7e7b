package reports

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"

	"simulate/model"
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

// MinBlocks is the fewest blocks of a Latin hypercube design (see
// model.LatinHypercube) from whose spread a summary measures its precision.
// With fewer, or with independent draws, the intervals are those of
// independent replications, which a Latin hypercube's never exceed by
// more than a factor B/(B−1) in variance (Owen 1997).
const MinBlocks = 10

// blocking is the block of every replication a summary holds, under a
// Latin hypercube design with at least MinBlocks blocks: the blocks are
// independent replicates of the design, and the spread of an estimate
// between them is its Monte Carlo variance (Wolter, Introduction to
// Variance Estimation, 2007, ch. 2: random groups).
type blocking struct {
	of    []int   // the block, 0…k−1, of each replication held
	k     int     // blocks
	size  float64 // replications per block
	t     float64 // Student's t quantile at (1 + CILevel)/2, k − 1 degrees of freedom
	sums  []float64
	count []float64
	held  []float64 // replications held in each block
}

// newBlocking returns the blocking of res, or nil when res's intervals are
// those of independent replications.
func newBlocking(res *model.Result) *blocking {
	if res.Design != model.LatinHypercube || len(res.Reps) != len(res.Values) {
		return nil
	}
	b := res.Design.Block()
	bl := &blocking{of: make([]int, len(res.Reps)), size: float64(b)}
	last := -1
	for i, r := range res.Reps {
		if r/b != last {
			last = r / b
			bl.k++
		}
		bl.of[i] = bl.k - 1
	}
	if bl.k < MinBlocks {
		return nil
	}
	bl.t = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(bl.k - 1)}.Quantile((1 + CILevel) / 2)
	bl.sums, bl.count, bl.held = make([]float64, bl.k), make([]float64, bl.k), make([]float64, bl.k)
	for _, j := range bl.of {
		bl.held[j]++
	}
	return bl
}

// ratio returns the estimate Σaᵢ/n over the n replications whose aᵢ is
// defined, and its variance between blocks (between). It is (NaN, NaN)
// with nothing defined.
func (bl *blocking) ratio(a []float64) (est, v float64) {
	clear(bl.sums)
	clear(bl.count)
	n := 0.0
	for i, x := range a {
		if !defined(x) {
			continue
		}
		bl.sums[bl.of[i]] += x
		bl.count[bl.of[i]]++
		n++
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	var s float64
	for j := range bl.sums {
		s += bl.sums[j]
	}
	est = s / n
	return est, bl.between(bl.sums, bl.count, est, n)
}

// between is the random-group variance of a ratio est = ΣSⱼ/n over the
// blocks, Sⱼ their sums and nⱼ their counts: k/(k−1)·Σ(Sⱼ − est·nⱼ)²/n².
func (bl *blocking) between(sums, counts []float64, est, n float64) float64 {
	var ss float64
	for j, s := range sums {
		d := s - est*counts[j]
		ss += d * d
	}
	k := float64(bl.k)
	return k / (k - 1) * ss / (n * n)
}

// shareVariance returns the variance between blocks of a share est of
// all the replications held, sums its count in each block.
func (bl *blocking) shareVariance(sums []float64, est float64) float64 {
	return bl.between(sums, bl.held, est, float64(len(bl.of)))
}

// floor returns v, raised to the variance iid/size when below it: a
// design effect is never taken as smaller than 1/B, the most B strata
// can remove, so that blocks that happen to agree (or an estimate without
// spread) never give an interval of width zero.
func (bl *blocking) floor(v, iid float64) float64 {
	return math.Max(v, iid/bl.size)
}

// quantileInterval returns the interval of the p-quantile q of the sorted,
// defined values sorted, the values xs in replication order (NaN where
// undefined), by inverting the interval of the distribution function at
// q (Woodruff 1952): the quantiles of sorted at F̂(q) ∓ t·se, se measured
// between blocks. A side beyond 0 or 1 is unbounded (NaN).
func (bl *blocking) quantileInterval(xs, sorted, ind []float64, p, q float64) (lo, hi float64) {
	for i, x := range xs {
		switch {
		case !defined(x):
			ind[i] = math.NaN()
		case x <= q:
			ind[i] = 1
		default:
			ind[i] = 0
		}
	}
	f, v := bl.ratio(ind)
	n := float64(len(sorted))
	se := math.Sqrt(bl.floor(v, f*(1-f)/n))
	lo, hi = math.NaN(), math.NaN()
	if a := p - bl.t*se; a >= 0 {
		lo = quantile7(sorted, a)
	}
	if b := p + bl.t*se; b <= 1 {
		hi = quantile7(sorted, b)
	}
	return lo, hi
}

// shareInterval returns the interval of a share p̂ of n replications whose
// variance between blocks is v: the Wilson interval for the effective
// number of replications p̂(1 − p̂)/v (Korn and Graubard 1998), with t for
// the normal quantile. A share of 0 or 1 has no spread to measure: its
// interval is that of n independent replications.
func (bl *blocking) shareInterval(p, v float64, n int) (lo, hi float64) {
	nEff := float64(n)
	if p > 0 && p < 1 {
		iid := p * (1 - p) / float64(n)
		nEff = p * (1 - p) / bl.floor(v, iid)
	}
	return wilson(p, nEff, bl.t)
}

// wilson is the Wilson score interval for a share p of n (not necessarily
// whole) trials at the normal quantile z.
func wilson(p, n, z float64) (lo, hi float64) {
	z2 := z * z
	centre := (p + z2/(2*n)) / (1 + z2/n)
	half := z / (1 + z2/n) * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// MeanInterval returns the confidence interval, at CILevel, of metric m's
// mean in year index y: mean ± t·SE, t Student's with Blocks − 1 degrees
// of freedom when the summary's precision was measured between blocks,
// else with Replications − 1. It is (NaN, NaN) when undefined.
func (s *Summary) MeanInterval(m *MetricSummary, y int) (lo, hi float64) {
	df := float64(s.Replications - 1)
	if s.Blocks > 0 {
		df = float64(s.Blocks - 1)
	}
	if df < 1 || !defined(m.Mean[y]) || !defined(m.SE[y]) {
		return math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile((1 + CILevel) / 2)
	return m.Mean[y] - t*m.SE[y], m.Mean[y] + t*m.SE[y]
}
