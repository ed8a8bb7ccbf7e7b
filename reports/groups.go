package reports

import (
	"math"

	"simulate/model"
)

// Member-burden histograms (model.GroupYear) are log-binned: bin 0 holds
// exact zeros; bin k ≥ 1 covers [HistMin·10^((k−1)/HistPerDecade),
// HistMin·10^(k/HistPerDecade)) yuan, so with HistPerDecade = 50 a bin is
// 10^(1/50) ≈ 1.047 times as wide at its top as at its bottom: a percentile
// read from it is within about 4.7 % of the true value. Bin 1 also takes
// positive amounts below HistMin and the last bin (upper edge
// HistMin·10^HistDecades = 1e8 yuan) everything above, so percentiles
// falling there are only bounded by that bin's edges.

// histLower and histUpper return the edges of bin k ≥ 1 in yuan, as the
// engine bins (model.HistEdge).
func histLower(k int) float64 { return model.HistEdge(k - 1) }

func histUpper(k int) float64 { return model.HistEdge(k) }

// histQuantile returns the p-quantile of the amounts counted in h: the
// point where the cumulative count reaches p × total, interpolating
// linearly in log(amount) within the bin (amounts assumed spread evenly on
// the log scale inside a bin), and 0 when the quantile falls among the
// exact zeros of bin 0. It returns NaN for an empty histogram.
func histQuantile(h *[model.HistBins]uint32, p float64) float64 {
	var total float64
	for _, c := range h {
		total += float64(c)
	}
	if total == 0 {
		return math.NaN()
	}
	target := p * total
	var cum float64
	for k, c := range h {
		if c == 0 {
			continue
		}
		next := cum + float64(c)
		if next >= target {
			if k == 0 {
				return 0
			}
			f := (target - cum) / float64(c)
			lo, hi := math.Log(histLower(k)), math.Log(histUpper(k))
			return math.Exp(lo + f*(hi-lo))
		}
		cum = next
	}
	// Rounding left target just above the total: the top of the last
	// non-empty bin.
	for k := len(h) - 1; k > 0; k-- {
		if h[k] > 0 {
			return histUpper(k)
		}
	}
	return 0
}
