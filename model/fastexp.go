package model

import "math"

// expTable holds 2^(k/256) for k = 0…255.
var expTable = func() (t [256]float64) {
	for k := range t {
		t[k] = math.Exp2(float64(k) / 256)
	}
	return t
}()

// fastExp returns e^x to within a few units in the last place, several
// times faster than math.Exp: x = (256n + k)·ln2/256 + r with |r| ≤
// ln2/512, e^x = 2^n · 2^(k/256) · e^r, e^r by its Taylor series to r⁴
// (truncation below 4·10⁻¹⁷), evaluated by Estrin's scheme to keep the
// dependency chain short. Arguments beyond ±700 fall back to math.Exp.
func fastExp(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	const (
		invLn2x256 = 256 / math.Ln2
		ln2by256hi = 6.93147180369123816490e-01 / 256 // fdlibm's ln2 split: m·hi is exact
		ln2by256lo = 1.90821492927058770002e-10 / 256
	)
	const shift = 0x1.8p52 // adding it rounds to an integer held in the low bits
	t := x*invLn2x256 + shift
	m := t - shift
	r := (x - m*ln2by256hi) - m*ln2by256lo
	i := int64(math.Float64bits(t)&(1<<52-1)) - 1<<51
	k := i & 255
	n := i >> 8
	r2 := r * r
	p := (1 + r) + r2*((1.0/2+r*(1.0/6))+r2*(1.0/24))
	return math.Float64frombits(math.Float64bits(expTable[k]*p) + uint64(n)<<52)
}
