package model

import "math"

// expTable holds 2^(k/64) for k = 0…63.
var expTable = func() (t [64]float64) {
	for k := range t {
		t[k] = math.Exp2(float64(k) / 64)
	}
	return t
}()

// fastExp returns e^x to within a few units in the last place, several
// times faster than math.Exp: x = (64n + k)·ln2/64 + r with |r| ≤ ln2/128,
// e^x = 2^n · 2^(k/64) · e^r, e^r by its Taylor series to r⁶ (truncation
// below 1e-17). Arguments beyond ±700 fall back to math.Exp.
func fastExp(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	const (
		invLn2x64 = 64 / math.Ln2
		ln2by64hi = 6.93147180369123816490e-01 / 64 // fdlibm's ln2 split: m·hi is exact
		ln2by64lo = 1.90821492927058770002e-10 / 64
	)
	const shift = 0x1.8p52 // adding it rounds to an integer held in the low bits
	t := x*invLn2x64 + shift
	m := t - shift
	r := (x - m*ln2by64hi) - m*ln2by64lo
	i := int64(math.Float64bits(t)&(1<<52-1)) - 1<<51
	k := i & 63
	n := i >> 6
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	return math.Float64frombits(math.Float64bits(expTable[k]*p) + uint64(n)<<52)
}
