package reports

import (
	"math"
	"slices"
	"strconv"
)

// defined reports whether v is a number a writer may print: NaN marks an
// undefined value, and an infinity cannot be written either, so both count
// as undefined.
func defined(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// stats are the statistics over replications of one metric in one year.
// Every field is NaN when no replication has a defined value.
type stats struct {
	mean, sd, se            float64
	p05, p25, p50, p75, p95 float64
}

// summarize computes the statistics of the defined values among xs. It
// reorders nothing in xs; buf is scratch space reused between calls.
//
// The mean is summed in the order of xs (replication order), so a merge of
// shards that restores that order reproduces it bit for bit. sd uses the
// n − 1 denominator and is 0 for a single value; se = sd / √n.
func summarize(xs []float64, buf []float64) (stats, []float64) {
	buf = buf[:0]
	for _, x := range xs {
		if defined(x) {
			buf = append(buf, x)
		}
	}
	n := len(buf)
	if n == 0 {
		nan := math.NaN()
		return stats{nan, nan, nan, nan, nan, nan, nan, nan}, buf
	}
	var sum float64
	for _, x := range buf {
		sum += x
	}
	mean := sum / float64(n)
	var sd float64
	if n > 1 {
		var ss float64
		for _, x := range buf {
			d := x - mean
			ss += d * d
		}
		sd = math.Sqrt(ss / float64(n-1))
	}
	slices.Sort(buf)
	return stats{
		mean: mean,
		sd:   sd,
		se:   sd / math.Sqrt(float64(n)),
		p05:  quantile7(buf, 0.05),
		p25:  quantile7(buf, 0.25),
		p50:  quantile7(buf, 0.50),
		p75:  quantile7(buf, 0.75),
		p95:  quantile7(buf, 0.95),
	}, buf
}

// quantile7 returns the p-quantile of the sorted, non-empty values xs by
// linear interpolation between order statistics (Hyndman and Fan 1996,
// type 7; R's default): h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
func quantile7(xs []float64, p float64) float64 {
	n := len(xs)
	if n == 1 {
		return xs[0]
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return xs[n-1]
	}
	f := h - float64(lo)
	if f == 0 {
		return xs[lo]
	}
	return xs[lo] + f*(xs[lo+1]-xs[lo])
}

// orderStat returns the ⌈pct·n/100⌉-th smallest of the sorted values xs
// (at least the first), computed in integers so that 95 % of 20 is exactly
// the 19th. xs must not be empty.
func orderStat(xs []int, pct int) int {
	n := len(xs)
	k := (pct*n + 99) / 100
	if k < 1 {
		k = 1
	}
	if k > n {
		k = n
	}
	return xs[k-1]
}

// formatNumber formats a defined number as the shortest decimal that reads
// back to the same float64, in plain notation when 1e-6 ≤ |v| < 1e21 and
// in exponent notation otherwise — the rule of encoding/json and of
// JavaScript, so JSON and CSV print every number the same way. Negative
// zero prints as 0. v must be defined.
func formatNumber(v float64) string {
	return string(appendNumber(nil, v))
}

func appendNumber(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	abs := math.Abs(v)
	if abs < 1e-6 || abs >= 1e21 {
		n := len(b)
		b = strconv.AppendFloat(b, v, 'e', -1, 64)
		// Clean up e-09 to e-9, as encoding/json does.
		if m := len(b); m-n >= 4 && b[m-4] == 'e' && b[m-3] == '-' && b[m-2] == '0' {
			b[m-2] = b[m-1]
			b = b[:m-1]
		}
		return b
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// cell formats v for a CSV cell: the shortest round-trip decimal, or empty
// when v is undefined.
func cell(v float64) string {
	if !defined(v) {
		return ""
	}
	return formatNumber(v)
}

// yearCell formats a year for a CSV cell: empty for 0 (undefined).
func yearCell(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// boolCell formats a flag for a CSV cell: TRUE or FALSE, which R, pandas
// and spreadsheets all read as a logical value.
func boolCell(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}
