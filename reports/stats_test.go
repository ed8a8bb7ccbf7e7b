package reports

import (
	"math"
	"testing"
)

func TestQuantile7(t *testing.T) {
	// Hand-computed: h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]);
	// the same values as R's quantile(x, p, type = 7).
	tests := []struct {
		xs   []float64
		p    float64
		want float64
	}{
		{[]float64{3}, 0.05, 3},
		{[]float64{3}, 0.95, 3},
		{[]float64{10, 20}, 0.05, 10.5},
		{[]float64{10, 20}, 0.5, 15},
		{[]float64{10, 20}, 0.95, 19.5},
		{[]float64{1, 2, 3, 4, 5}, 0, 1},
		{[]float64{1, 2, 3, 4, 5}, 0.05, 1.2},
		{[]float64{1, 2, 3, 4, 5}, 0.25, 2},
		{[]float64{1, 2, 3, 4, 5}, 0.5, 3},
		{[]float64{1, 2, 3, 4, 5}, 0.75, 4},
		{[]float64{1, 2, 3, 4, 5}, 0.95, 4.8},
		{[]float64{1, 2, 3, 4, 5}, 1, 5},
		{[]float64{-4, 0, 0, 8}, 0.25, -1},  // h = 0.75
		{[]float64{-4, 0, 0, 8}, 0.95, 6.8}, // h = 2.85
	}
	for _, tt := range tests {
		got := quantile7(tt.xs, tt.p)
		if math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("quantile7(%v, %v) = %v, want %v", tt.xs, tt.p, got, tt.want)
		}
	}
}

func TestSummarizeStats(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name               string
		xs                 []float64
		mean, sd, se       float64
		p05, p25, p50, p95 float64
	}{
		// sd = √(10/4), se = sd/√5 = √0.5.
		{"five", []float64{5, 1, 4, 2, 3}, 3, math.Sqrt(2.5), math.Sqrt(0.5), 1.2, 2, 3, 4.8},
		{"one replication", []float64{7}, 7, 0, 0, 7, 7, 7, 7},
		{"NaN excluded", []float64{nan, 5, 1, nan, 4, 2, 3}, 3, math.Sqrt(2.5), math.Sqrt(0.5), 1.2, 2, 3, 4.8},
		{"Inf excluded", []float64{math.Inf(1), 7}, 7, 0, 0, 7, 7, 7, 7},
		{"one defined", []float64{nan, 7, nan}, 7, 0, 0, 7, 7, 7, 7},
		{"all NaN", []float64{nan, nan}, nan, nan, nan, nan, nan, nan, nan},
		{"none", nil, nan, nan, nan, nan, nan, nan, nan},
	}
	same := func(a, b float64) bool {
		if a == b {
			return true
		}
		if math.IsNaN(a) || math.IsNaN(b) {
			return math.IsNaN(a) && math.IsNaN(b)
		}
		return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]float64(nil), tt.xs...)
			st, _ := summarize(in, nil)
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"mean", st.mean, tt.mean}, {"sd", st.sd, tt.sd}, {"se", st.se, tt.se}, {"p05", st.p05, tt.p05}, {"p25", st.p25, tt.p25}, {"p50", st.p50, tt.p50}, {"p95", st.p95, tt.p95}} {
				if !same(c.got, c.want) {
					t.Errorf("summarize(%v).%s = %v, want %v", tt.xs, c.name, c.got, c.want)
				}
			}
			for i := range in {
				if !same(in[i], tt.xs[i]) {
					t.Fatalf("summarize reordered its input: %v, was %v", in, tt.xs)
				}
			}
		})
	}
}

func TestOrderStat(t *testing.T) {
	// ⌈pct·n/100⌉-th smallest, at least the first.
	tests := []struct {
		n, pct, want int // xs = 1…n, so the k-th smallest is k
	}{
		{1, 5, 1}, {1, 95, 1},
		{4, 5, 1}, {4, 50, 2}, {4, 95, 4},
		{20, 5, 1}, {20, 50, 10}, {20, 95, 19},
		{21, 95, 20}, // ⌈19.95⌉
		{100, 5, 5}, {100, 95, 95},
		{101, 5, 6}, // ⌈5.05⌉
	}
	for _, tt := range tests {
		xs := make([]int, tt.n)
		for i := range xs {
			xs[i] = i + 1
		}
		if got := orderStat(xs, tt.pct); got != tt.want {
			t.Errorf("orderStat(1…%d, %d) = %d, want %d", tt.n, tt.pct, got, tt.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{1, "1"},
		{-2.5, "-2.5"},
		{1e6, "1000000"},
		{900000000, "900000000"},
		{0.1, "0.1"},
		{1.0 / 3, "0.3333333333333333"},
		{1e-6, "0.000001"},
		{1e-7, "1e-7"},
		{1.5e-10, "1.5e-10"},
		{1e20, "100000000000000000000"},
		{1e21, "1e+21"},
		{123456789.125, "123456789.125"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.v); got != tt.want {
			t.Errorf("formatNumber(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	if got := cell(math.NaN()); got != "" {
		t.Errorf("cell(NaN) = %q, want empty", got)
	}
	if got := cell(math.Inf(-1)); got != "" {
		t.Errorf("cell(-Inf) = %q, want empty", got)
	}
}
