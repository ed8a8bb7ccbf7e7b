package model

import "math"

// Poisson returns a Poisson number with mean lambda, exactly (up to the
// rounding of its probabilities): below 1 by inversion from 0 with one
// uniform; below 40 as Poisson(λ_j) + Poisson(λ − λ_j) on a grid of means
// λ_j = ⌊4λ⌋/4, the first by inversion from the table of its distribution
// function started where a guide table says (Chen and Asau 1974: one or
// two comparisons), the second, of mean below ¼, by inversion from 0 (no
// step three times in four), with a uniform each; above 40 by Hörmann's
// PTRS transformed rejection (1993). The grid replaced an inversion from 0
// whose loop ran λ steps with a chain of multiplications carried from step
// to step (engine 0.5.0).
func (g *Rand) Poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 1 {
		return poissonFrom0(g.Float64(), lambda)
	}
	if lambda < poissonGridMax {
		j := int(lambda * poissonGridPerUnit)
		u := g.Float64()
		cdf := &poissonGrid.cdf[j]
		k := int(poissonGrid.guide[j][int(u*poissonGuides)])
		for u > cdf[k] { // cdf ends in ones: the loop stops
			k++
		}
		return k + poissonFrom0(g.Float64(), lambda-float64(j)*(1.0/poissonGridPerUnit))
	}
	slam := math.Sqrt(lambda)
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
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lambda+k*math.Log(lambda)-lg {
			return int(k)
		}
	}
}

// poissonFrom0 returns the Poisson number of mean lambda (below 40) that
// the uniform u gives by inversion from 0.
func poissonFrom0(u, lambda float64) int {
	p := expScale(expReduce(-lambda))
	f := p
	k := 0
	for u > f && k < len(invK)-1 { // P(K ≥ 127) < 10⁻²⁷ for λ < 40
		k++
		p *= lambda * invK[k]
		f += p
	}
	return k
}

// invK[k] = 1/k, to keep divisions out of the Poisson inversion loop.
var invK = func() (t [128]float64) {
	for k := 1; k < len(t); k++ {
		t[k] = 1 / float64(k)
	}
	return t
}()

// The grid of Poisson means: λ_j = j/poissonGridPerUnit below
// poissonGridMax; each mean's distribution function to poissonGridK
// values and poissonGuides guide entries.
const (
	poissonGridPerUnit = 4
	poissonGridMax     = 40
	poissonGridN       = poissonGridMax * poissonGridPerUnit
	poissonGridK       = 128
	poissonGuides      = 64
)

// poissonGrid holds, for each mean λ_j of the grid, the distribution
// function F(k) = P(K ≤ k) for k = 0…poissonGridK−1, summed from e^(−λ_j)
// up and set to 1 from the first k above λ_j whose probability is below
// 10⁻²⁰ (the rest of the tail, below 10⁻¹⁹, is left out); and the guide:
// guide[m] is the least k with F(k) > m/poissonGuides, where the search for
// a uniform in [m/poissonGuides, (m+1)/poissonGuides) starts. It is
// computed once and never written after (about 170 KB).
var poissonGrid = func() *poissonTables {
	t := new(poissonTables)
	for j := range poissonGridN {
		lambda := float64(j) / poissonGridPerUnit
		cdf := &t.cdf[j]
		p := math.Exp(-lambda)
		f := p
		ended := false
		for k := range cdf {
			if k > 0 {
				p *= lambda / float64(k)
				f += p
			}
			if ended {
				f = 1
			}
			cdf[k] = f
			ended = ended || float64(k) > lambda && p < 1e-20
		}
		cdf[poissonGridK-1] = 1
		k := 0
		for m := range t.guide[j] {
			for cdf[k] <= float64(m)/poissonGuides {
				k++
			}
			t.guide[j][m] = uint8(k)
		}
	}
	return t
}()

// poissonTables are the grid's distribution functions and guides (see
// poissonGrid).
type poissonTables struct {
	cdf   [poissonGridN][poissonGridK]float64
	guide [poissonGridN][poissonGuides]uint8
}
