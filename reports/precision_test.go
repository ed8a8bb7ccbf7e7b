package reports

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestQuantileIntervalCoverage draws M samples of n values from the unit
// exponential, whose p-quantile is −ln(1 − p), and counts how often the
// interval holds it. The interval's exact coverage (returned with it) is
// at least the level by construction, and the share of the M samples it
// covers must lie within 4 binomial standard errors √(c(1 − c)/M) of it.
func TestQuantileIntervalCoverage(t *testing.T) {
	const m, level = 4000, 0.95
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 100)
	for _, n := range []int{20, 100} {
		for _, p := range []float64{0.05, 0.5, 0.95} {
			truth := -math.Log(1 - p)
			covered := 0
			var want float64
			for range m {
				x := xs[:n]
				for i := range x {
					x[i] = r.ExpFloat64()
				}
				slices.Sort(x)
				lo, hi, c := QuantileInterval(x, p, level)
				want = c
				if lo <= truth && truth <= hi {
					covered++
				}
			}
			if want < level {
				t.Errorf("n %d, p %v: exact coverage %.4f below the level %v", n, p, want, level)
			}
			got := float64(covered) / m
			se := math.Sqrt(want * (1 - want) / m)
			if math.Abs(got-want) > 4*se {
				t.Errorf("n %d, p %v: covered %.4f of %d samples, want %.4f ± %.4f (4 se)", n, p, got, m, want, 4*se)
			}
		}
	}
}

// TestQuantileIntervalHand checks the order statistics chosen for n = 20 at
// the median against the binomial table: P(B ≤ 5) = 0.0207 ≤ 0.025 <
// P(B ≤ 6) = 0.0577 for B ~ Binomial(20, ½), so l = 6 and, by symmetry,
// u = 15; the coverage is P(6 ≤ B ≤ 14) = 1 − 2·0.0207 = 0.9586.
func TestQuantileIntervalHand(t *testing.T) {
	xs := make([]float64, 20)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	lo, hi, c := QuantileInterval(xs, 0.5, 0.95)
	if lo != 6 || hi != 15 || math.Abs(c-0.958610) > 1e-6 {
		t.Errorf("QuantileInterval(1…20, 0.5, 0.95) = %v, %v, %.6f; want 6, 15, 0.958610", lo, hi, c)
	}
	// Too few values for a bound at the 5th percentile: P(B = 0) = 0.95²⁰
	// = 0.358 > 0.025, so no order statistic bounds it from below.
	if lo, _, _ := QuantileInterval(xs, 0.05, 0.95); !math.IsInf(lo, -1) {
		t.Errorf("the lower bound of P5 from 20 values = %v, want −Inf", lo)
	}
}

// TestWilsonIntervalCoverage draws M binomial counts and counts how often
// the Wilson interval holds the true probability. The interval's exact
// coverage is Σₖ P(K = k)·[p ∈ interval(k)]; the share covered must lie
// within 4 binomial standard errors of it, and the exact coverage may fall
// at most 0.02 below the level (the Wilson interval's coverage oscillates
// around its level, by less than that for these n and p: Brown, Cai and
// DasGupta 2001, fig. 4).
func TestWilsonIntervalCoverage(t *testing.T) {
	const m, level = 4000, 0.95
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{50, 200} {
		for _, p := range []float64{0.1, 0.3, 0.5} {
			b := distuv.Binomial{N: float64(n), P: p}
			var want float64
			for k := 0; k <= n; k++ {
				if lo, hi := WilsonInterval(k, n, level); lo <= p && p <= hi {
					want += b.Prob(float64(k))
				}
			}
			covered := 0
			for range m {
				k := 0
				for range n {
					if r.Float64() < p {
						k++
					}
				}
				if lo, hi := WilsonInterval(k, n, level); lo <= p && p <= hi {
					covered++
				}
			}
			got := float64(covered) / m
			se := math.Sqrt(want * (1 - want) / m)
			if math.Abs(got-want) > 4*se {
				t.Errorf("n %d, p %v: covered %.4f, want %.4f ± %.4f (4 se)", n, p, got, want, 4*se)
			}
			if want < level-0.02 {
				t.Errorf("n %d, p %v: exact coverage %.4f, more than 0.02 below %v", n, p, want, level)
			}
		}
	}
	// Hand case: 0 of 20 at 95% (z = 1.95996): [0, z²/(20 + z²)] = [0, 0.1611].
	if lo, hi := WilsonInterval(0, 20, 0.95); lo != 0 || math.Abs(hi-0.161125) > 1e-6 {
		t.Errorf("WilsonInterval(0, 20) = %v, %.6f; want 0, 0.161125", lo, hi)
	}
}
