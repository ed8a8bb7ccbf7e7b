package studies

import (
	"math"
	"testing"

	"simulate/reports"
)

// TestJudge checks verdicts against hand-made intervals: met when the whole
// interval meets the target, not met when none of it does, undecided when
// it straddles the value or an end is unbounded; over every year the least
// favourable end decides.
func TestJudge(t *testing.T) {
	nan := math.NaN()
	sum := &reports.Summary{Years: []int{2030, 2031}, Replications: 200, Metrics: []reports.MetricSummary{{
		Name: "pool_months",
		Mean: []float64{7, 8}, SE: []float64{0.1, 0.1}, SD: []float64{1, 1},
		P05: []float64{6.5, 5.8}, P25: []float64{0, 0}, P50: []float64{0, 0}, P75: []float64{0, 0}, P95: []float64{0, 0},
		P05CI: reports.Bounds{Lo: []float64{6.2, 5.1}, Hi: []float64{6.9, 6.4}},
		P25CI: reports.Bounds{Lo: []float64{nan, nan}, Hi: []float64{1, 1}},
	}}}
	sum.Solvency.PDepleted = []float64{0.02, 0.04}
	sum.Solvency.PDepletedCI = reports.Bounds{Lo: []float64{0.01, 0.02}, Hi: []float64{0.04, 0.07}}
	for _, c := range []struct {
		target string
		lo, hi float64
		want   Verdict
	}{
		{"pool_months.p05@2030 >= 6", 6.2, 6.9, Met},
		{"pool_months.p05@2031 >= 6", 5.1, 6.4, Undecided},
		{"pool_months.p05@2031 >= 7", 5.1, 6.4, NotMet},
		{"pool_months.p05@all >= 6", 5.1, 6.4, Undecided},
		{"pool_months.p05@all >= 5", 5.1, 6.4, Met},
		{"pool_months.p05@all <= 6.5", 6.2, 6.9, Undecided},
		{"pool_months.p25@2031 <= 2", math.Inf(-1), 1, Met},
		{"pool_months.p25@2031 >= 0", math.Inf(-1), 1, Undecided},
		{"p_depleted@all <= 0.1", 0.02, 0.07, Met},
		{"p_depleted <= 0.05", 0.02, 0.07, Undecided},
		{"p_depleted@2030 < 0.01", 0.01, 0.04, NotMet},
	} {
		tg, err := ParseTarget(c.target)
		if err != nil {
			t.Fatal(err)
		}
		_, lo, hi, v, err := tg.Judge(sum)
		if err != nil {
			t.Fatalf("%s: %v", c.target, err)
		}
		if lo != c.lo || hi != c.hi || v != c.want {
			t.Errorf("%s: [%v, %v] %s, want [%v, %v] %s", c.target, lo, hi, v, c.lo, c.hi, c.want)
		}
	}
	// The mean's interval is mean ± t·SE with t of 199 degrees of freedom.
	tg, _ := ParseTarget("pool_months@2031 >= 7.9")
	_, lo, hi, v, err := tg.Judge(sum)
	if err != nil || math.Abs(lo-(8-1.9720*0.1)) > 1e-4 || math.Abs(hi-(8+1.9720*0.1)) > 1e-4 || v != Undecided {
		t.Errorf("mean: [%v, %v] %s %v, want 8 ∓ 1.972·0.1, undecided", lo, hi, v, err)
	}
}

// TestStatAlias: p5 is read as p05 in targets and precision targets.
func TestStatAlias(t *testing.T) {
	tg, err := ParseTarget("pool_months.p5@2031 >= 6")
	if err != nil || tg.Stat != "p05" {
		t.Errorf("ParseTarget(p5): %+v, %v; want stat p05", tg, err)
	}
	p, err := ParsePrecision("pool_months.p5@2031=±0.5")
	if err != nil || p.Stat != "p05" || p.Year != 2031 || p.HalfWidth != 0.5 {
		t.Errorf("ParsePrecision(p5): %+v, %v; want p05 at 2031, ±0.5", p, err)
	}
}
