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

	"simulate/model"
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

// lhsResult returns a Result of n replications under a Latin hypercube
// design whose pool_months is Y = Φ⁻¹(U) + s·ε in its one year, U
// stratified in blocks of model.DesignBlock and ε an independent normal:
// Y ~ N(0, 1 + s²).
func lhsResult(r *rand.Rand, n int, s float64, perm []int) *model.Result {
	b := model.DesignBlock
	res := &model.Result{Replications: n, Design: model.LatinHypercube, Years: []int{2030}, Members: 1}
	for i := range n {
		if i%b == 0 {
			for j := range perm {
				perm[j] = j
			}
			r.Shuffle(b, func(x, y int) { perm[x], perm[y] = perm[y], perm[x] })
		}
		u := (float64(perm[i%b]) + r.Float64()) / float64(b)
		row := make([]float64, model.NumMetrics)
		row[model.PoolMonths] = model.NormalQuantile(u) + s*r.NormFloat64()
		res.Reps = append(res.Reps, i)
		res.Values = append(res.Values, row)
	}
	return res
}

// TestBlockIntervalCoverage checks the intervals measured between the
// blocks of a Latin hypercube design: over M runs of Y = Φ⁻¹(U) + ε/2
// (U stratified, Y ~ N(0, 1.25)) with 10 and 30 blocks, the P5, P50 and
// P95 intervals and the interval of the share below the true 10% quantile
// must cover the truth at the nominal 95% within 4 binomial se of M runs
// (the intervals are asymptotic, so an exact coverage is not promised;
// one that fell short by more would fail). It also logs how much
// narrower they are than the intervals of independent replications.
func TestBlockIntervalCoverage(t *testing.T) {
	const m, s = 2000, 0.5
	r := rand.New(rand.NewPCG(5, 6))
	perm := make([]int, model.DesignBlock)
	sd := math.Sqrt(1 + s*s)
	bands := model.MonthBands{Insufficient: -100, Warning: sd * model.NormalQuantile(0.1), ReasonableMax: 100, Excess: 100}
	for _, n := range []int{10 * model.DesignBlock, 30 * model.DesignBlock} {
		covered := make([]int, 6)
		var width, widthIID [5]float64
		for range m {
			res := lhsResult(r, n, s, perm)
			sum := Summarize(res, bands)
			if sum.Blocks != n/model.DesignBlock {
				t.Fatalf("n %d: %d blocks, want %d", n, sum.Blocks, n/model.DesignBlock)
			}
			ms := sum.Metric("pool_months")
			for k, ci := range ms.intervals() {
				truth := sd * model.NormalQuantile(percentileLevels[k])
				if ci.Lo[0] <= truth && truth <= ci.Hi[0] {
					covered[k]++
				}
				width[k] += ci.Hi[0] - ci.Lo[0]
				xs := make([]float64, n)
				for i := range xs {
					xs[i] = res.Value(i, 0, model.PoolMonths)
				}
				slices.Sort(xs)
				lo, hi, _ := QuantileInterval(xs, percentileLevels[k], CILevel)
				widthIID[k] += hi - lo
			}
			if ci := sum.Solvency.PBelowWarningCI; ci.Lo[0] <= 0.1 && 0.1 <= ci.Hi[0] {
				covered[5]++
			}
		}
		se := math.Sqrt(0.95 * 0.05 / m)
		for k, c := range covered {
			name := "p_below_warning"
			if k < 5 {
				name = percentileNames[k]
			}
			got := float64(c) / m
			if got < 0.95-4*se {
				t.Errorf("n %d: %s interval covered %.4f of %d runs, want ≥ %.4f (0.95 − 4 se)", n, name, got, m, 0.95-4*se)
			}
			if k < 5 {
				t.Logf("n %d: %s covered %.4f, width %.3f of the independent-replication interval's", n, name, got, width[k]/widthIID[k])
			} else {
				t.Logf("n %d: %s covered %.4f", n, name, got)
			}
		}
	}
}
