package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFastExp checks fastExp against math.Exp to within 4 ulp over the
// arguments the model uses (lognormal exponents, −λ of Poisson draws).
func TestFastExp(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for i := range 2_000_000 {
		x := (r.Float64()*2 - 1) * 40
		if i%3 == 0 {
			x = (r.Float64()*2 - 1) * 700
		}
		got, want := fastExp(x), math.Exp(x)
		if rel := math.Abs(got-want) / want; rel > worst {
			worst = rel
		}
	}
	if worst > 4*0x1p-52 {
		t.Errorf("fastExp: worst relative error %g, want within 4 ulp (%g)", worst, 4*0x1p-52)
	}
	for _, x := range []float64{0, 1, -1, 700, -700, 710, -750, math.Inf(1), math.Inf(-1)} {
		got, want := fastExp(x), math.Exp(x)
		if got != want && math.Abs(got-want)/want > 4*0x1p-52 {
			t.Errorf("fastExp(%v) = %v, want %v", x, got, want)
		}
	}
	if !math.IsNaN(fastExp(math.NaN())) {
		t.Errorf("fastExp(NaN) is not NaN")
	}
}

func BenchmarkExp(b *testing.B) {
	x := 0.0
	for i := 0; b.Loop(); i++ {
		x += fastExp(float64(i&1023) * 0.01)
	}
	_ = x
}

func BenchmarkMathExp(b *testing.B) {
	x := 0.0
	for i := 0; b.Loop(); i++ {
		x += math.Exp(float64(i&1023) * 0.01)
	}
	_ = x
}
