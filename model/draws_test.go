package model

import (
	"fmt"
	"math"
	"testing"
)

// The tests of this file check the hot loop's own samplers against closed
// forms, with tolerances of 4 standard errors of the Monte Carlo estimate
// (a false failure about once in 16,000 checks per statistic).

// within reports whether the estimate is within 4 standard errors of want.
func within(t *testing.T, what string, got, want, se float64) {
	t.Helper()
	if d := (got - want) / se; math.Abs(d) > 4 {
		t.Errorf("%s: %.6g, want %.6g (%+.2f se)", what, got, want, d)
	} else {
		t.Logf("%s: %.6g, want %.6g (%+.2f se)", what, got, want, d)
	}
}

// TestZigguratNormal checks the ziggurat (Rand.Norm, the rectangles, the
// wedges and the tail) against the standard normal: mean, variance, and
// the probabilities beyond 1 and beyond the tail's start zigR, which only
// the tail path can produce.
func TestZigguratNormal(t *testing.T) {
	const n = 2_000_000
	g := NewRand()
	var sum, sum2 float64
	var beyond1, tail int
	for i := range n {
		if i%1000 == 0 {
			g.Reset(21, 0, uint64(i/1000), 0, PurposeVisits)
		}
		z := g.Norm()
		sum += z
		sum2 += z * z
		if math.Abs(z) > 1 {
			beyond1++
		}
		if math.Abs(z) > zigR {
			tail++
		}
	}
	within(t, "mean", sum/n, 0, 1/math.Sqrt(n))
	within(t, "variance", sum2/n, 1, math.Sqrt(2.0/n))
	for _, c := range []struct {
		name  string
		count int
		at    float64
	}{{"P(|z| > 1)", beyond1, 1}, {"P(|z| > zigR)", tail, zigR}} {
		p := math.Erfc(c.at / math.Sqrt2)
		within(t, c.name, float64(c.count)/n, p, math.Sqrt(p*(1-p)/n))
	}
}

// TestLevelAndMonthDraws checks the level chosen by a word's top bits and
// the months drawn two per word: level shares as the cumulative
// probabilities say; months uniform over the months present when their
// means are equal, in proportion to the means otherwise.
func TestLevelAndMonthDraws(t *testing.T) {
	const n = 1_000_000
	g := NewRand()
	g.Reset(22, 0, 0, 0, PurposeVisits)
	cum := [NumLevels]float64{0.45, 0.75, 1}
	thr := levelThresholds(&cum)
	var levels [NumLevels]int
	for range n {
		levels[thr.level(g.Uint64())]++
	}
	prev := 0.0
	for l := range levels {
		p := cum[l] - prev
		prev = cum[l]
		within(t, "share of "+LevelNames[l], float64(levels[l])/n, p, math.Sqrt(p*(1-p)/n))
	}

	for _, c := range []struct {
		name   string
		m0, m1 int
		flat   bool
		mean   func(m int) float64
	}{
		{"months 2-11, equal means", 2, 11, true, func(int) float64 { return 1 }},
		{"months 0-11, means 1 then 3", 0, 11, false, func(m int) float64 { return 1 + 2*float64(m/6) }},
		{"months 3-10, means 1, 0.2 and 2.5", 3, 10, false, func(m int) float64 { return []float64{1, 1, 1, 1, 1, 0.2, 0.2, 0.2, 2.5, 2.5, 2.5, 2.5}[m] }},
	} {
		var lam [12]float64
		var total float64
		for m := c.m0; m <= c.m1; m++ {
			lam[m] = c.mean(m)
			total += lam[m]
		}
		var cnt [12]int32
		for k := 0; k < n; k += 999 { // odd counts use the half word too
			drawMonths(g, min(999, n-k), &lam, total, c.m0, c.m1, c.flat, &cnt)
		}
		for m := range cnt {
			p := lam[m] / total
			if p == 0 {
				if cnt[m] != 0 {
					t.Errorf("%s: %d claims in month %d, which has no mean", c.name, cnt[m], m)
				}
				continue
			}
			within(t, fmt.Sprintf("%s: month %d", c.name, m), float64(cnt[m])/n, p, math.Sqrt(p*(1-p)/n))
		}
	}
}

// TestCostCells checks the cells of the visit costs (costcells.go) against
// the lognormal they stand for, for cvs from 0.3 to 4: each inner cell's
// quadratic rises from the exact quantile at its start to the exact
// quantile at its end, so the cells join; its mean over the cell equals
// the exact mean there, integrated here by Simpson's rule; and the
// distribution function it makes is within 10⁻⁶ of the lognormal's
// everywhere (measured about 4·10⁻⁷, at the cells next to the tails).
func TestCostCells(t *testing.T) {
	for _, cv := range []float64{0.3, 1, 2, 4} {
		sigma := math.Sqrt(math.Log1p(cv * cv))
		c := newCostCells(sigma)
		worst, at := 0.0, 0
		for j := costLow; j < costHigh; j++ {
			q := c.cell[j]
			at0, at1 := math.Exp(sigma*cellZ[j]), math.Exp(sigma*cellZ[j+1])
			if q[0] != at0 || math.Abs(q[0]+q[1]+q[2]-at1) > 1e-12*at1 {
				t.Fatalf("cv %v, cell %d: runs from %v to %v, want %v to %v", cv, j, q[0], q[0]+q[1]+q[2], at0, at1)
			}
			if !(q[1] > 0 && q[1]+2*q[2] > 0) {
				t.Fatalf("cv %v, cell %d: %v does not rise across the cell", cv, j, q)
			}
			// costCells·∫ e^(σz) φ(z) dz over the cell, Simpson's rule in z.
			const steps = 400
			z0, z1 := cellZ[j], cellZ[j+1]
			h := (z1 - z0) / steps
			var sum float64
			for k := 0; k <= steps; k++ {
				z := z0 + float64(k)*h
				wt := 2.0 + 2*float64(k%2)
				if k == 0 || k == steps {
					wt = 1
				}
				sum += wt * math.Exp(sigma*z-z*z/2)
			}
			want := costCells * sum * h / 3 / math.Sqrt(2*math.Pi)
			if got := q[0] + q[1]/2 + q[2]/3; math.Abs(got-want) > 1e-9*want {
				t.Fatalf("cv %v, cell %d: mean %.15g, want %.15g", cv, j, got, want)
			}
			for k := 0; k <= 100; k++ {
				f := float64(k) / 100
				v := q[0] + f*(q[1]+f*q[2])
				d := math.Abs(0.5*math.Erfc(-math.Log(v)/sigma/math.Sqrt2) - (float64(j)+f)/costCells)
				if d > worst {
					worst, at = d, j
				}
			}
		}
		if worst > 1e-6 {
			t.Errorf("cv %v: distribution function off by %.3g in cell %d, want below 1e-6", cv, worst, at)
		} else {
			t.Logf("cv %v: distribution function off by at most %.3g (cell %d)", cv, worst, at)
		}
	}
}

// TestVisitCostDraws checks visit costs as the hot loop draws them (the
// cells, and the tails completed from the retry stream) against the
// lognormal: the mean; the mean and the variance of the logarithm; and the
// probability below or above quantiles in the body, in the cells next to
// the tails and inside the tails, each within 4 standard errors.
func TestVisitCostDraws(t *testing.T) {
	const n, chunk = 4_000_000, 1000
	cum := [NumLevels]float64{1, 1, 1}
	thr := levelThresholds(&cum)
	for c, tc := range []struct{ mean, cv float64 }{{110, 0.9}, {380, 2}} {
		t.Run(fmt.Sprintf("%v,%v", tc.mean, tc.cv), func(t *testing.T) {
			var log [NumLevels]LogCost
			for l := range log {
				log[l] = logCost(Cost{Mean: tc.mean, CV: tc.cv})
			}
			cells := (*costCache)(nil).cells(&log)
			x := make([]float64, n)
			levels := make([]Level, chunk)
			g, retry := NewRand(), NewRand()
			for k := 0; k < n; k += chunk {
				g.Reset(31, c, uint64(k/chunk), 0, PurposeVisits)
				retry.Reset(31, c, uint64(k/chunk), 0, PurposeVisitRetries)
				start := *g
				if drawCosts(g, &thr, &log, cells, x[k:k+chunk], levels) {
					completeCosts(&start, retry, &log, x[k:k+chunk], levels)
				}
			}
			mean, _ := moments(x)
			checkMean(t, "mean", mean, tc.mean, tc.mean*tc.cv/math.Sqrt(n))
			s2 := math.Log1p(tc.cv * tc.cv)
			mu := math.Log(tc.mean) - s2/2
			quantile := func(p float64) float64 { return math.Exp(mu + math.Sqrt(s2)*normQuantile(p)) }
			ps := []float64{1e-4, 0.002, 0.0045, 0.1, 0.5, 0.9, 0.99, 0.993, 0.999, 0.9999}
			below := make([]int, len(ps))
			for i, v := range x {
				for k, p := range ps {
					if v < quantile(p) {
						below[k]++
					}
				}
				x[i] = math.Log(v)
			}
			lmean, ls2 := moments(x)
			checkMean(t, "mean of ln", lmean, mu, math.Sqrt(s2/n))
			checkVariance(t, "variance of ln", ls2, s2, n-1)
			for k, p := range ps {
				checkMean(t, fmt.Sprintf("P(cost < %.4g quantile)", p), float64(below[k])/n, p, math.Sqrt(p*(1-p)/n))
			}
		})
	}
}

// TestPoissonGrid checks the Poisson sampler's tables against the
// probability mass function computed another way (from ln Γ): every
// grid mean's distribution function to 1e-13, until the table ends in
// ones where less than 1e-18 of the tail is left; and every guide entry
// is the least value whose distribution function exceeds its bucket's
// start.
func TestPoissonGrid(t *testing.T) {
	for j := range poissonGridN {
		lambda := float64(j) / poissonGridPerUnit
		cdf := &poissonGrid.cdf[j]
		f := 0.0
		for k := range cdf {
			lg, _ := math.Lgamma(float64(k) + 1)
			if lambda > 0 {
				f += math.Exp(-lambda + float64(k)*math.Log(lambda) - lg)
			} else if k == 0 {
				f = 1
			}
			if cdf[k] == 1 && 1-f < 1e-18 {
				break
			}
			if math.Abs(cdf[k]-f) > 1e-13 {
				t.Fatalf("λ %v: F(%d) = %.17g, want %.17g", lambda, k, cdf[k], f)
			}
		}
		for m, k := range poissonGrid.guide[j] {
			at := float64(m) / poissonGuides
			if !(cdf[k] > at && (k == 0 || cdf[k-1] <= at)) {
				t.Fatalf("λ %v: guide %d is %d, where F = %v (before: %v)", lambda, m, k, cdf[k], cdf[max(k-1, 0)])
			}
		}
	}
}
