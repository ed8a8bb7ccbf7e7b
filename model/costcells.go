package model

import "math"

// A visit's lognormal cost is drawn by inversion from a table instead of
// from a normal number and an exponential (the ziggurat and fastExp cost
// about 70 instructions a visit; a table about 10). The low 39 bits of the
// visit's word are a uniform u: its top costCellBits bits choose one of
// costCells cells of equal probability, the rest its place f in the cell.
// In an inner cell, from z_j = Φ⁻¹(j/costCells) to z_{j+1}, the unit cost
// e^(σz) is the quadratic a + f·(b + f·c) that takes the exact values
// e^(σz_j) at f = 0 and e^(σz_{j+1}) at f = 1 and has the exact mean of
// e^(σz) over the cell, so the mean of every cell, and of the whole
// distribution, is exact, and the distribution function is off by at most
// 5·10⁻⁷ anywhere for any cv from 0.3 to 4 (TestCostCells measures it). The
// outer cells, where the quantile function bends too fast for a quadratic,
// are drawn exactly instead: the normal conditioned to lie beyond their
// boundary (Marsaglia's tail method), e^(σz) by fastExp. They are 1.2% of
// visits (as many as left the ziggurat's rectangles when visits drew their
// normal from it, before version 0.5.0).

// costCellBits is the number of a word's bits that choose the cell; the
// cells below costLow and from costHigh on are the exact tails.
const (
	costCellBits = 10
	costCells    = 1 << costCellBits
	costFracBits = 39 - costCellBits
	costLow      = 4
	costHigh     = costCells - 8
)

// cellZ holds z_j = Φ⁻¹(j/costCells) for j = 0…costCells (±∞ at the ends).
// It is computed once and never written after.
var cellZ = func() (z [costCells + 1]float64) {
	z[0], z[costCells] = math.Inf(-1), math.Inf(1)
	for j := 1; j < costCells; j++ {
		z[j] = math.Sqrt2 * math.Erfinv(2*float64(j)/costCells-1)
	}
	return z
}()

// costCellsOf holds the inner cells' quadratics of e^(σz) for one σ:
// cell[j] = (a, b, c). The tail cells hold zeros.
type costCellsOf struct {
	sigma float64
	cell  [costCells][3]float64
}

// VisitCells holds the cost cells of every level's visits; levels with
// the same σ share theirs, which keeps the hot loop's tables small (24 KB
// for one σ).
type VisitCells [NumLevels]*costCellsOf

// newCostCells builds the cells of e^(σz).
func newCostCells(sigma float64) costCellsOf {
	t := costCellsOf{sigma: sigma}
	for j := costLow; j < costHigh; j++ {
		if sigma == 0 {
			t.cell[j] = [3]float64{1, 0, 0} // exactly the mean
			continue
		}
		t.cell[j] = cellQuadratic(sigma, j)
	}
	return t
}

// cellQuadratic returns (a, b, c) of cell j for σ: a + b + c and a are the
// ends' exact values, and a + b/2 + c/3, the quadratic's mean over the
// cell, is the exact mean costCells·∫e^(σz)φ(z)dz over it, which is
// costCells·e^(σ²/2)·(Φ(z_{j+1}−σ) − Φ(z_j−σ)).
func cellQuadratic(sigma float64, j int) [3]float64 {
	z0, z1 := cellZ[j], cellZ[j+1]
	lo, hi := math.Exp(sigma*z0), math.Exp(sigma*z1)
	mean := costCells * math.Exp(sigma*sigma/2) * normalMass(z0-sigma, z1-sigma)
	c := 3*(lo+hi) - 6*mean
	return [3]float64{lo, hi - lo - c, c}
}

// normalMass returns Φ(z1) − Φ(z0) for z0 ≤ z1, from the side where the
// two are small, so that little is lost to cancellation.
func normalMass(z0, z1 float64) float64 {
	if z0 > 0 {
		return 0.5 * (math.Erfc(z0/math.Sqrt2) - math.Erfc(z1/math.Sqrt2))
	}
	return 0.5 * (math.Erfc(-z1/math.Sqrt2) - math.Erfc(-z0/math.Sqrt2))
}

// costCell returns the cell of w's low 39 bits and w's place in it, in
// (0, 1).
func costCell(w uint64) (int, float64) {
	return int(w >> costFracBits & (costCells - 1)), (float64(w&(1<<costFracBits-1)) + 0.5) * (1.0 / (1 << costFracBits))
}

// tailNormal returns the standard normal number of a word whose cell is
// one of the tails: conditioned to lie below z_costLow for a low cell,
// above z_costHigh for a high one, drawn from g.
func (g *Rand) tailNormal(w uint64) float64 {
	if j, _ := costCell(w); j < costLow {
		return -g.normalBeyond(-cellZ[costLow])
	}
	return g.normalBeyond(cellZ[costHigh])
}

// normalBeyond returns a standard normal number conditioned to exceed r >
// 0, by Marsaglia's (1964) tail method: x = −ln(u₁)/r, y = −ln(u₂), kept
// when 2y > x²; then r + x.
func (g *Rand) normalBeyond(r float64) float64 {
	for {
		x := -math.Log(1-g.Float64()) / r
		y := -math.Log(1 - g.Float64())
		if y+y > x*x {
			return r + x
		}
	}
}

// costCache keeps the cells built for each σ met, so that a replication
// builds them once and not every year (each σ takes about 0.1 ms). It
// belongs to one goroutine.
type costCache struct {
	tabs []*costCellsOf
}

// cells returns the cells of the lognormal costs of every level; a nil
// cache builds them anew.
func (cc *costCache) cells(log *[NumLevels]LogCost) *VisitCells {
	if cc == nil {
		cc = &costCache{}
	}
	var v VisitCells
	for l := range v {
		v[l] = cc.of(log[l].Sigma)
	}
	return &v
}

// of returns the cells of σ.
func (cc *costCache) of(sigma float64) *costCellsOf {
	for _, t := range cc.tabs {
		if t.sigma == sigma {
			return t
		}
	}
	if len(cc.tabs) >= 3*NumLevels { // cvs drawn anew by each replication
		cc.tabs = cc.tabs[:0]
	}
	t := new(costCellsOf)
	*t = newCostCells(sigma)
	cc.tabs = append(cc.tabs, t)
	return t
}
