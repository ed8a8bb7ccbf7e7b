package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
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

// TestSummaryV1Compatible: a v1 summary (no intervals) reads back without
// intervals and is written again as v1, byte for byte; a v2 summary keeps
// its intervals through a write and a read; another schema is refused,
// naming the two it reads.
func TestSummaryV1Compatible(t *testing.T) {
	sum := Summarize(solvencyResult(), testBands)
	var v2 bytes.Buffer
	if err := sum.WriteJSON(&v2); err != nil {
		t.Fatal(err)
	}
	var back Summary
	if err := json.Unmarshal(v2.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if m := back.Metric("pool_months"); m == nil || len(m.P05CI.Lo) != len(back.Years) || len(back.Solvency.PDeficitCI.Hi) != len(back.Years) {
		t.Errorf("a v2 summary read back lost its intervals")
	}
	v1 := *sum
	v1.Schema = summaryV1
	v1.Metrics = slices.Clone(sum.Metrics)
	for i := range v1.Metrics {
		for _, ci := range v1.Metrics[i].intervals() {
			*ci = Bounds{}
		}
	}
	for _, f := range v1.Solvency.shareIntervals() {
		*f.ci = Bounds{}
	}
	var a bytes.Buffer
	if err := v1.WriteJSON(&a); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(a.Bytes(), []byte("_lo")) || bytes.Contains(a.Bytes(), []byte("ci_level")) {
		t.Errorf("a v1 summary written with intervals")
	}
	var r1 Summary
	if err := json.Unmarshal(a.Bytes(), &r1); err != nil {
		t.Fatalf("reading a v1 summary: %v", err)
	}
	if r1.Metrics[0].P05CI.Lo != nil || r1.Schema != summaryV1 {
		t.Errorf("a v1 summary read back with intervals or another schema %q", r1.Schema)
	}
	var b bytes.Buffer
	r1.WriteJSON(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("a v1 summary is not written back as it was read")
	}
	err := json.Unmarshal(bytes.Replace(a.Bytes(), []byte("summary/v1"), []byte("summary/v3"), 1), &r1)
	if err == nil || !strings.Contains(err.Error(), `want "simulate/summary/v2" (or "simulate/summary/v1", without intervals)`) {
		t.Errorf("a v3 summary: %v", err)
	}
}
