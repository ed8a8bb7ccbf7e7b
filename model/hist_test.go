package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestHistBin checks the fast bin lookup against the definition: the
// smallest k ≥ 1 with v < HistEdge(k), zero for v ≤ 0, the last bin for
// the overflow; at random amounts over every decade and at every edge and
// its neighbours.
func TestHistBin(t *testing.T) {
	want := func(v float64) int {
		if v <= 0 {
			return 0
		}
		k := 1
		for k < HistBins-1 && v >= HistEdge(k) {
			k++
		}
		return k
	}
	check := func(v float64) {
		if got, w := HistBin(v), want(v); got != w {
			t.Fatalf("HistBin(%v) = %d, want %d", v, got, w)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200_000 {
		check(math.Pow(10, r.Float64()*(HistDecades+2)-1))
	}
	for k := range HistBins + 1 {
		e := HistEdge(k)
		check(e)
		check(math.Nextafter(e, 0))
		check(math.Nextafter(e, math.Inf(1)))
	}
	for _, v := range []float64{0, -1, math.SmallestNonzeroFloat64, 0.5, 1, 1e300, math.Inf(1)} {
		check(v)
	}
}
