package model

import "math"

// expTable holds 2^(k/2048) for k = 0…2047.
var expTable = func() (t [2048]float64) {
	for k := range t {
		t[k] = math.Exp2(float64(k) / 2048)
	}
	return t
}()

// fastExp returns e^x to within a few units in the last place, several
// times faster than math.Exp. Arguments beyond ±700 fall back to math.Exp.
func fastExp(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	return expNear(x)
}

// expNear returns e^x for |x| < 700 (the caller's guarantee): x =
// (2048n + k)·ln2/2048 + r with |r| ≤ ln2/4096, e^x = 2^n · 2^(k/2048) ·
// e^r, e^r by its Taylor series to r³ (truncation below 4·10⁻¹⁷; a 16 KB
// table buys the short polynomial and its short dependency chain). The hot
// loop calls its two halves, each small enough to be inlined, so that it
// makes no call.
func expNear(x float64) float64 {
	return expScale(expReduce(x))
}

// expReduce returns t, whose low bits hold 2048n + k, and r.
func expReduce(x float64) (t, r float64) {
	const (
		invLn2x2048 = 2048 / math.Ln2
		ln2by2048hi = 6.93147180369123816490e-01 / 2048 // fdlibm's ln2 split: m·hi is exact
		ln2by2048lo = 1.90821492927058770002e-10 / 2048
	)
	t = x*invLn2x2048 + expShift
	m := t - expShift
	return t, x - m*ln2by2048hi - m*ln2by2048lo
}

// expShift, added to a number below 2⁵¹ in magnitude, rounds it to an
// integer held in the low bits.
const expShift = 0x1.8p52

// expScale returns 2^n · 2^(k/2048) · e^r for t and r from expReduce.
func expScale(t, r float64) float64 {
	i := math.Float64bits(t)
	p := 1 + r + r*r*(1.0/2+r*(1.0/6))
	return math.Float64frombits(math.Float64bits(expTable[i&2047]*p) + (i-math.Float64bits(expShift))>>11<<52)
}
