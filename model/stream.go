package model

import (
	"math"
	"math/bits"
)

// Purpose names what a stream's draws are for. Adding a purpose never moves
// the draws of another, so switching a mechanism off changes nothing else.
type Purpose uint64

// The purposes of draws.
const (
	PurposeTraits Purpose = iota + 1
	PurposeDemography
	PurposeOutpatient
	PurposeInpatient
	PurposePharmacy
	PurposeMaternity
	PurposeFamily
	PurposeEntrants
	PurposeEconomy
	PurposeChronic
	PurposeAccount
	PurposeUncertainty
	PurposeVisits
	PurposeAdmissions
	PurposeVisitRetries // the normals of visits' costs in a tail cell
	PurposeVisitMonths  // the months of visits
	PurposeDesign       // the permutations of a block of the Latin hypercube design
)

// NoMember is the member key of streams that belong to a replication or a
// year rather than to a member.
const NoMember = ^uint64(0)

// golden is 2⁶⁴/φ, the increment of SplitMix64's own sequence.
const golden = 0x9e3779b97f4a7c15

// mix is the SplitMix64 finaliser (Stafford's variant 13): a cheap
// bijective mixer, and the output function of Rand.
func mix(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}

// mixGamma turns z into a stream increment the way SplittableRandom does
// (Steele, Lea and Flood 2014): MurmurHash3's finaliser, made odd, with
// its bit pattern flipped when it has too few 01 or 10 transitions (such
// increments make poorly mixed Weyl sequences).
func mixGamma(z uint64) uint64 {
	z = (z ^ z>>33) * 0xff51afd7ed558ccd
	z = (z ^ z>>33) * 0xc4ceb9fe1a85ec53
	z = (z ^ z>>33) | 1
	if bits.OnesCount64(z^z>>1) < 24 {
		z ^= 0xaaaaaaaaaaaaaaaa
	}
	return z
}

// repKey is the key of replication rep of a run with this seed.
func repKey(seed uint64, rep int) uint64 {
	return mix(mix(seed^golden) ^ uint64(rep)*0xd1b54a32d192ed03)
}

// yearKey is the key of a member's (or, with NoMember, a replication's)
// streams in year t, from its replication's key. It never depends on
// scheduling or on the scenario, which is what makes results independent
// of workers and shards and makes common random numbers work across
// scenarios.
func yearKey(rk, member uint64, year int) uint64 {
	return mix(mix(rk^member) ^ uint64(int64(year))*0xaf251af3b0f025b5)
}

// Uniform returns a uniform number in [0, 1) that is a pure function of its
// key: for persistent traits read many times (chronic conditions).
func Uniform(seed uint64, rep int, member uint64, year int, p Purpose, k uint64) float64 {
	return uniformAt(purposeKey(yearKey(repKey(seed, rep), member, year), p), k)
}

// purposeKey is the key of purpose p's draws under the year key yk.
func purposeKey(yk uint64, p Purpose) uint64 {
	return yk ^ uint64(p)*0x8cb92ba72f3d8dd7
}

// uniformAt returns the k-th keyed uniform of purpose key pk (see
// Uniform).
func uniformAt(pk, k uint64) float64 {
	return float64(mix(mix(pk)^k*golden)>>11) * (1.0 / (1 << 53))
}

// Rand is one stream of random numbers: a SplitMix64 generator (Steele, Lea
// and Flood 2014), a Weyl sequence s += γ whose terms are mixed into the
// output. Each stream of (seed, replication, member, year, purpose) has its
// own start and its own odd increment γ, so streams are distinct sequences,
// and starting one costs two mixes: cheap enough to start five streams per
// member-year. A Rand is a plain value with no interface between it and
// its callers; its methods implement the samplers the model needs.
type Rand struct {
	s, gamma uint64
}

// NewRand returns a Rand; Reset or Start it before drawing.
func NewRand() *Rand {
	return &Rand{gamma: golden}
}

// Start positions g at the start of purpose p's stream under the year key
// yk (see yearKey).
func (g *Rand) Start(yk uint64, p Purpose) {
	g.startWith(yk, streamGamma(yk), p)
}

// streamGamma is the increment of the streams under the year key yk: the
// purposes of a member-year share it and start at unrelated points of its
// sequence (two of them overlap within a thousand draws with probability
// about 10⁻¹⁶), so that the hot loop computes it once per member-year.
func streamGamma(yk uint64) uint64 {
	return mixGamma(yk + golden)
}

// startWith is Start with the increment streamGamma(yk) computed by the
// caller.
func (g *Rand) startWith(yk, gamma uint64, p Purpose) {
	g.s = mix(purposeKey(yk, p))
	g.gamma = gamma
}

// Reset positions g at the start of the stream of (seed, replication,
// member, year, purpose).
func (g *Rand) Reset(seed uint64, rep int, member uint64, year int, p Purpose) {
	g.Start(yearKey(repKey(seed, rep), member, year), p)
}

// Uint64 returns 64 uniform bits.
func (g *Rand) Uint64() uint64 {
	g.s += g.gamma
	return mix(g.s)
}

// Float64 returns a uniform number in [0, 1) from the top 53 bits of a word.
func (g *Rand) Float64() float64 {
	return float64(g.Uint64()>>11) * (1.0 / (1 << 53))
}

// Halves returns two uniform numbers in (0, 1) from one word: its 32-bit
// halves, (u + ½)/2³² each (low half first); fine enough for comparisons
// with probabilities, at half the draws.
func (g *Rand) Halves() (float64, float64) {
	x := g.Uint64()
	return (float64(x&(1<<32-1)) + 0.5) * (1.0 / (1 << 32)), (float64(x>>32) + 0.5) * (1.0 / (1 << 32))
}

// Norm returns a standard normal number.
func (g *Rand) Norm() float64 { return g.normal(g.Uint64()) }

// IntN returns a uniform integer in [0, n), n > 0, by Lemire's
// multiply-shift (bias below n/2⁶⁴).
func (g *Rand) IntN(n int) int {
	hi, _ := bits.Mul64(g.Uint64(), uint64(n))
	return int(hi)
}

// Lognormal returns a lognormal number with the given mean and coefficient
// of variation (cv 0: the mean itself). It always consumes one normal, so
// that the draws after it do not depend on cv.
func (g *Rand) Lognormal(mean, cv float64) float64 {
	return lognormalZ(mean, cv, g.Norm())
}

// Gamma returns a gamma number with the given shape and scale 1/shape (mean
// 1, variance 1/shape), by Marsaglia and Tsang (2000).
func (g *Rand) Gamma(shape float64) float64 {
	if shape <= 0 {
		return 1
	}
	boost := 1.0
	a := shape
	if a < 1 {
		// Gamma(a) = Gamma(a+1) · U^(1/a).
		boost = math.Pow(1-g.Float64(), 1/a)
		a++
	}
	d := a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		var x, v float64
		for {
			x = g.Norm()
			v = 1 + c*x
			if v > 0 {
				break
			}
		}
		v = v * v * v
		u := 1 - g.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v * boost / shape
		}
	}
}

// StochasticRound rounds x ≥ 0 up with probability equal to its fractional
// part, using one uniform u.
func StochasticRound(x, u float64) int {
	f := math.Floor(x)
	if u < x-f {
		return int(f) + 1
	}
	return int(f)
}
