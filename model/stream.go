package model

import (
	"math"
	"math/rand/v2"
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
)

// NoMember is the member key of streams that belong to a replication or a
// year rather than to a member.
const NoMember = ^uint64(0)

// mix is the SplitMix64 finaliser: a cheap bijective mixer.
func mix(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}

// streamKey derives the two seed words of the stream of (seed, replication,
// member, year, purpose). It never depends on scheduling or on the scenario,
// which is what makes results independent of workers and shards and makes
// common random numbers work across scenarios.
func streamKey(seed uint64, rep int, member uint64, year int, p Purpose) (uint64, uint64) {
	h := mix(seed ^ 0x9e3779b97f4a7c15)
	h = mix(h ^ uint64(rep)*0xd1b54a32d192ed03)
	h = mix(h ^ member)
	h = mix(h ^ uint64(int64(year))*0xaf251af3b0f025b5)
	h = mix(h ^ uint64(p)*0x8cb92ba72f3d8dd7)
	return h, mix(h ^ 0x6a09e667f3bcc909)
}

// Uniform returns a uniform number in [0, 1) that is a pure function of its
// key: for persistent traits read many times (chronic conditions).
func Uniform(seed uint64, rep int, member uint64, year int, p Purpose, k uint64) float64 {
	a, _ := streamKey(seed, rep, member, year, p)
	return float64(mix(a^k*0x9e3779b97f4a7c15)>>11) * (1.0 / (1 << 53))
}

// Rand is a reseedable random source: one per worker, reseeded for each
// (member, year, purpose) stream it draws from. Its methods implement the
// samplers the model needs.
type Rand struct {
	pcg rand.PCG
	r   *rand.Rand
}

// NewRand returns a Rand; Reset it before drawing.
func NewRand() *Rand {
	g := &Rand{}
	g.r = rand.New(&g.pcg)
	return g
}

// Reset positions g at the start of the stream of (seed, replication,
// member, year, purpose).
func (g *Rand) Reset(seed uint64, rep int, member uint64, year int, p Purpose) {
	a, b := streamKey(seed, rep, member, year, p)
	g.pcg.Seed(a, b)
}

// Float64 returns a uniform number in [0, 1).
func (g *Rand) Float64() float64 { return g.r.Float64() }

// Norm returns a standard normal number.
func (g *Rand) Norm() float64 { return g.r.NormFloat64() }

// IntN returns a uniform integer in [0, n).
func (g *Rand) IntN(n int) int { return g.r.IntN(n) }

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

// Poisson returns a Poisson number with mean lambda: by inversion below 10,
// by Hörmann's PTRS transformed rejection (1993) above.
func (g *Rand) Poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 10 {
		u := g.Float64()
		p := fastExp(-lambda)
		f := p
		k := 0
		for u > f && k < 1000 {
			k++
			p *= lambda / float64(k)
			f += p
		}
		return k
	}
	slam := math.Sqrt(lambda)
	loglam := math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := g.Float64() - 0.5
		v := 1 - g.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lambda+k*loglam-lg {
			return int(k)
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
