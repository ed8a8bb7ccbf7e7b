package model

import (
	"fmt"
	"math"
	"strings"
)

// Design is how a run draws the random inputs of each replication as a
// whole: the uncertain parameters of the uncertainty: section, the
// economy's yearly shocks and its epidemic draws. Member draws are always
// independent. The zero value is LatinHypercube.
type Design uint8

// The designs of a run.
const (
	// LatinHypercube stratifies every replication-level input within blocks
	// of DesignBlock consecutive replications (0…19, 20…39, …): in each
	// block, each input's uniform falls once in each of the DesignBlock
	// equal strata of (0, 1), the strata matched to the replications by a
	// random permutation of its own for each block and input, the place
	// within the stratum drawn from the replication's own stream. Every
	// replication's inputs keep their distribution exactly (so every
	// estimate stays unbiased), the blocks are independent of each other,
	// and estimates vary less (McKay, Beckman and Conover 1979; never more
	// than by a factor B/(B−1) in variance, Owen 1997); the blocks, as
	// independent replicates, measure how much less (reports' intervals).
	LatinHypercube Design = iota
	// Independent draws every replication's inputs independently: plain
	// Monte Carlo, to measure against.
	Independent
)

// DesignBlock is the number of replications in a block of the Latin
// hypercube design: with 20 strata the 5% tails are each one stratum.
const DesignBlock = 20

// DesignNames are the flag spellings of the designs, indexed by Design.
var DesignNames = [...]string{"latin-hypercube", "independent"}

// String returns the flag spelling of d.
func (d Design) String() string {
	if int(d) < len(DesignNames) {
		return DesignNames[d]
	}
	return fmt.Sprintf("design(%d)", d)
}

// ParseDesign returns the design named s (one of DesignNames).
func ParseDesign(s string) (Design, error) {
	for d, name := range DesignNames {
		if s == name {
			return Design(d), nil
		}
	}
	return 0, fmt.Errorf("design %q is not one of %s", s, strings.Join(DesignNames[:], ", "))
}

// MarshalText writes d's flag spelling (a flag's default shows it).
func (d Design) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a design by its flag spelling (ParseDesign).
func (d *Design) UnmarshalText(text []byte) error {
	v, err := ParseDesign(string(text))
	if err == nil {
		*d = v
	}
	return err
}

// Block returns the number of replications in a block of design d: the
// replications whose inputs are stratified together (1: independent).
func (d Design) Block() int {
	if d == LatinHypercube {
		return DesignBlock
	}
	return 1
}

// strata makes the stratified uniforms of one replication's inputs (see
// LatinHypercube). It draws the permutations from streams of their own,
// keyed by the block, the input's purpose and its index, so that the
// replication's own streams are drawn as under Independent.
type strata struct {
	seed  uint64
	rep   int
	block int // replications per block; 1: independent
	g     *Rand
	perm  []int
}

// newStrata returns the strata of design d for the replications of seed.
func newStrata(seed uint64, d Design) *strata {
	b := d.Block()
	return &strata{seed: seed, block: b, g: NewRand(), perm: make([]int, b)}
}

// uniform returns input dim (of purpose p) of the replication for its own
// uniform v in (0, 1): (π(j) + v)/B, π the block's permutation of the
// input and j the replication's place in its block; v itself when
// independent.
func (st *strata) uniform(p Purpose, dim int, v float64) float64 {
	if st.block == 1 {
		return v
	}
	k, j := st.rep/st.block, st.rep%st.block
	st.g.Reset(st.seed, k, uint64(p), dim, PurposeDesign)
	perm := st.perm
	for i := range perm {
		perm[i] = i
	}
	for i := len(perm) - 1; i > 0; i-- {
		r := st.g.IntN(i + 1)
		perm[i], perm[r] = perm[r], perm[i]
	}
	return (float64(perm[j]) + v) / float64(st.block)
}

// normal returns the standard normal of input dim for the replication's
// own uniform v in (0, 1).
func (st *strata) normal(p Purpose, dim int, v float64) float64 {
	return NormalQuantile(st.uniform(p, dim, v))
}

// open returns a uniform number in (0, 1), never 0: (k + ½)/2⁵³ from the
// top 53 bits of a word.
func (g *Rand) open() float64 {
	return (float64(g.Uint64()>>11) + 0.5) * (1.0 / (1 << 53))
}

// NormalQuantile returns the p-quantile of the standard normal
// distribution, Φ⁻¹(p), for p in (0, 1) (±Inf at 0 and 1): Wichura's
// algorithm AS 241 (PPND16, 1988), accurate to about 1e-16 relative in
// both tails, where Φ⁻¹(p) = −√2·erfc⁻¹(2p) loses digits to the
// cancellation in math.Erfcinv's 1 − x.
func NormalQuantile(p float64) float64 {
	switch {
	case p <= 0:
		return math.Inf(-1)
	case p >= 1:
		return math.Inf(1)
	case math.IsNaN(p):
		return p
	}
	q := p - 0.5
	if math.Abs(q) <= 0.425 {
		r := 0.180625 - q*q
		return q * (((((((r*2509.0809287301226727+33430.575583588128105)*r+67265.770927008700853)*r+45921.953931549871457)*r+13731.693765509461125)*r+1971.5909503065514427)*r+133.14166789178437745)*r + 3.387132872796366608) /
			(((((((r*5226.495278852545925+28729.085735721942674)*r+39307.89580009271061)*r+21213.794301586595867)*r+5394.1960214247511077)*r+687.1870074920579083)*r+42.313330701600911252)*r + 1)
	}
	r := p
	if q > 0 {
		r = 1 - p
	}
	r = math.Sqrt(-math.Log(r))
	var x float64
	if r <= 5 {
		r -= 1.6
		x = (((((((r*7.7454501427834140764e-4+0.0227238449892691845833)*r+0.24178072517745061177)*r+1.27045825245236838258)*r+3.64784832476320460504)*r+5.7694972214606914055)*r+4.6303378461565452959)*r + 1.42343711074968357734) /
			(((((((r*1.05075007164441684324e-9+5.475938084995344946e-4)*r+0.0151986665636164571966)*r+0.14810397642748007459)*r+0.68976733498510000455)*r+1.6763848301838038494)*r+2.05319162663775882187)*r + 1)
	} else {
		r -= 5
		x = (((((((r*2.01033439929228813265e-7+2.71155556874348757815e-5)*r+0.0012426609473880784386)*r+0.026532189526576123093)*r+0.29656057182850489123)*r+1.7848265399172913358)*r+5.4637849111641143699)*r + 6.6579046435011037772) /
			(((((((r*2.04426310338993978564e-15+1.4215117583164458887e-7)*r+1.8463183175100546818e-5)*r+7.868691311456132591e-4)*r+0.0148753612908506148525)*r+0.13692988092273580531)*r+0.59983220655588793769)*r + 1)
	}
	if q < 0 {
		x = -x
	}
	return x
}
