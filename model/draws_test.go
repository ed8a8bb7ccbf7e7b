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
