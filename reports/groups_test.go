package reports

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"simulate/model"
)

// histBin is the engine's binning, which this package reads back.
func histBin(v float64) int { return model.HistBin(v) }

// TestHistBinEdges checks that the edges this package reads bins with
// agree with the engine's binning: the log-midpoint of each bin is binned
// into it.
func TestHistBinEdges(t *testing.T) {
	for k := 1; k < model.HistBins-1; k++ {
		mid := math.Sqrt(histLower(k) * histUpper(k))
		if got := histBin(mid); got != k {
			t.Errorf("histBin(%v) = %d, want %d (edges %v, %v)", mid, got, k, histLower(k), histUpper(k))
		}
	}
}

func TestHistQuantile(t *testing.T) {
	// One bin is 10^(1/HistPerDecade) times as wide at its top as at its
	// bottom; the histogram cannot place a percentile more closely.
	binRatio := math.Pow(10, 1.0/model.HistPerDecade)
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name      string
		zeroShare float64
		draw      func() float64
	}{
		{"lognormal", 0, func() float64 { return 800 * math.Exp(1.2*rng.NormFloat64()) }},
		{"with 30% zeros", 0.3, func() float64 { return 2000 * math.Exp(rng.NormFloat64()) }},
		{"uniform", 0, func() float64 { return 1 + 9999*rng.Float64() }},
		{"heavy tail", 0.1, func() float64 { return 100 / math.Pow(rng.Float64(), 1.5) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h [model.HistBins]uint32
			xs := make([]float64, 20000)
			for i := range xs {
				if rng.Float64() >= tt.zeroShare {
					xs[i] = math.Round(tt.draw()*100) / 100 // whole fen
				}
				h[histBin(xs[i])]++
			}
			slices.Sort(xs)
			want := quantile7(xs, 0.9)
			got := histQuantile(&h, 0.9)
			if got < want/binRatio || got > want*binRatio {
				t.Errorf("histQuantile(p90) = %v, want %v within a factor %v (one bin)", got, want, binRatio)
			}
		})
	}
}

func TestHistQuantileEdges(t *testing.T) {
	var empty [model.HistBins]uint32
	if got := histQuantile(&empty, 0.9); !math.IsNaN(got) {
		t.Errorf("histQuantile(empty) = %v, want NaN", got)
	}
	var zeros [model.HistBins]uint32
	zeros[0] = 95
	zeros[histBin(500)] = 5
	if got := histQuantile(&zeros, 0.9); got != 0 {
		t.Errorf("histQuantile(95%% zeros) = %v, want 0", got)
	}
	// All mass in one bin: the quantile lies inside it.
	var one [model.HistBins]uint32
	k := histBin(1234)
	one[k] = 10
	if got := histQuantile(&one, 0.9); got < histLower(k) || got > histUpper(k) {
		t.Errorf("histQuantile(one bin) = %v, want within [%v, %v]", got, histLower(k), histUpper(k))
	}
}
