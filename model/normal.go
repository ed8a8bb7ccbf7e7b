package model

import "math"

// The standard normal sampler is the ziggurat of Marsaglia and Tsang (2000,
// "The Ziggurat Method for Generating Random Variables", J. Stat. Softw.
// 5(8)) with 128 layers, the layer and the abscissa taken from separate
// bits of one word (as Go's math/rand does, avoiding the correlation of the
// original's shared bits): bits 0–31 are the signed abscissa, bits 32–38
// the layer. The remaining 25 bits (39–63) are free: an admission's word
// uses them for its level. (A visit's cost is drawn by inversion instead,
// from the same 39 low bits: costcells.go.)

// zigR is the start of the normal ziggurat's tail; zigV the area of each
// layer.
const (
	zigR = 3.442619855899
	zigV = 9.91256303526217e-3
)

// zigTables are the ziggurat's layer tables: k[i] the integer threshold
// below which |j| lies inside layer i's rectangle, w[i] = x_i/2³¹ and f[i]
// = e^(−x_i²/2).
type zigTables struct {
	k [128]uint32
	w [128]float64
	f [128]float64
}

// zig is computed once, as in the paper's zigset; it is never written
// after.
var zig = func() (z zigTables) {
	const m1 = 1 << 31
	dn, tn := zigR, zigR
	q := zigV / math.Exp(-0.5*dn*dn)
	z.k[0] = uint32(dn / q * m1)
	z.k[1] = 0
	z.w[0] = q / m1
	z.w[127] = dn / m1
	z.f[0] = 1
	z.f[127] = math.Exp(-0.5 * dn * dn)
	for i := 126; i >= 1; i-- {
		dn = math.Sqrt(-2 * math.Log(zigV/dn+math.Exp(-0.5*dn*dn)))
		z.k[i+1] = uint32(dn / tn * m1)
		tn = dn
		z.f[i] = math.Exp(-0.5 * dn * dn)
		z.w[i] = dn / m1
	}
	return z
}()

// normal returns a standard normal number from the low 39 bits of w,
// drawing further words from g only when they fall outside their layer's
// rectangle (about 1.2% of words). It is small enough to be inlined into
// the hot loop, which then makes no call for 98.8% of visits.
func (g *Rand) normal(w uint64) float64 {
	if z, ok := zigRect(w); ok {
		return z
	}
	return g.normalSlow(w)
}

// zigRect returns the abscissa of w's low 39 bits and whether it lies in
// its layer's rectangle, where it is a normal number as it stands.
func zigRect(w uint64) (float64, bool) {
	j := int32(w)
	i := w >> 32 & 127
	a := uint32(j)
	if j < 0 {
		a = uint32(-j)
	}
	return float64(j) * zig.w[i], a < zig.k[i]
}

// normalSlow is the ziggurat's rare path: the wedges and the tail.
func (g *Rand) normalSlow(w uint64) float64 {
	for {
		j := int32(w)
		i := w >> 32 & 127
		a := uint32(j)
		if j < 0 {
			a = uint32(-j)
		}
		x := float64(j) * zig.w[i]
		if a < zig.k[i] {
			return x
		}
		if i == 0 {
			// The tail beyond zigR (Marsaglia 1964).
			for {
				x = -math.Log(1-g.Float64()) / zigR
				y := -math.Log(1 - g.Float64())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		if zig.f[i]+g.Float64()*(zig.f[i-1]-zig.f[i]) < math.Exp(-0.5*x*x) {
			return x
		}
		w = g.Uint64()
	}
}

// levelBits is the number of bits of a visit's word that choose its level;
// levelOne is their range.
const (
	levelBits = 25
	levelOne  = 1 << levelBits
)

// LevelThresholds are cumulative level probabilities in units of 2⁻²⁵:
// a visit whose level bits v satisfy v < T[0] is at primary level, T[0] ≤
// v < T[1] secondary, else tertiary. T[l] = ⌈2²⁵·cum[l]⌉, so that v ≥ T[l]
// exactly when the uniform v·2⁻²⁵ ≥ cum[l]: probabilities are rounded up
// to multiples of 2⁻²⁵ (3·10⁻⁸).
type LevelThresholds [NumLevels - 1]uint32

// levelThresholds turns cumulative level probabilities into thresholds.
func levelThresholds(cum *[NumLevels]float64) LevelThresholds {
	var t LevelThresholds
	for l := range t {
		t[l] = uint32(math.Ceil(min(max(cum[l], 0), 1) * levelOne))
	}
	return t
}

// level returns the level chosen by the top 25 bits of w, without a
// branch (the choice is a coin toss the processor cannot predict): the
// level is 2 less one for each threshold above the bits, read off the sign
// of their difference.
func (t *LevelThresholds) level(w uint64) Level {
	v := w >> (64 - levelBits)
	return Level(2 - (v-uint64(t[0]))>>63 - (v-uint64(t[1]))>>63)
}
