package model

import "math"

// Economy paths of one replication (docs/model.md section 3.2), indexed by year
// offset y = t − base_year. Growth rates are the scenario means plus AR(1)
// deviations; wage growth and medical inflation are correlated.
type economyPath struct {
	wage     []float64 // reference wage W(t) for t = base_year−1 … last year: index y+1
	pension  []float64 // average pension P(t), same indexing as wage
	price    []float64 // medical price index I_t, 1 in the base year
	util     [4][]float64
	epidemic []bool
}

// Utilization trend benefits, indexing economyPath.util.
const (
	trendOutpatient = iota
	trendInpatient
	trendChronic
	trendPharmacy
)

// seriesAt returns a dated series' value at year t: the latest entry ≤ t,
// grown by growth(s) for the years after it. ok is false when no entry is ≤ t.
func seriesAt(p Param, t int, growth func(s int) float64) (float64, bool) {
	e, ok := p.entry(t)
	if !ok {
		return 0, false
	}
	v := e.All.All
	from := t
	for i := len(p.Dates) - 1; i >= 0; i-- {
		if p.Dates[i].Year <= t {
			from = p.Dates[i].Year
			break
		}
	}
	if from == Undated {
		return v, true
	}
	for s := from + 1; s <= t; s++ {
		v *= 1 + growth(s)
	}
	return v, true
}

// drawEconomy draws the economy of replication rep from its own stream,
// each yearly shock and epidemic draw an input of the run's design (st):
// input 8y+k for the k-th normal of year offset y, 8y+4 for its epidemic.
func drawEconomy(s *Scenario, seed uint64, rep int, g *Rand, st *strata) economyPath {
	e := &s.Economy
	n := s.Horizon
	base := s.BaseYear
	g.Reset(seed, rep, NoMember, 0, PurposeEconomy)
	ar := e.AR
	innov := math.Sqrt(1 - ar*ar)
	rho := e.Correlation
	var devW, devP, devPi, devU float64
	wg := make([]float64, n)
	pg := make([]float64, n)
	pi := make([]float64, n)
	ug := make([]float64, n)
	for y := range n {
		z1 := st.normal(PurposeEconomy, 8*y, g.open())
		z2 := st.normal(PurposeEconomy, 8*y+1, g.open())
		z3 := st.normal(PurposeEconomy, 8*y+2, g.open())
		z4 := st.normal(PurposeEconomy, 8*y+3, g.open())
		zPi := rho*z1 + math.Sqrt(1-rho*rho)*z2
		if y == 0 {
			devW, devPi, devP, devU = e.WageGrowth.SD*z1, e.MedicalInflation.SD*zPi, e.PensionGrowth.SD*z3, e.UtilizationSD*z4
		} else {
			devW = ar*devW + innov*e.WageGrowth.SD*z1
			devPi = ar*devPi + innov*e.MedicalInflation.SD*zPi
			devP = ar*devP + innov*e.PensionGrowth.SD*z3
			devU = ar*devU + innov*e.UtilizationSD*z4
		}
		t := base + y
		wg[y] = e.WageGrowth.Mean.Value(t) + devW
		pi[y] = e.MedicalInflation.Mean.Value(t) + devPi
		pg[y] = e.PensionGrowth.Mean.Value(t) + devP
		ug[y] = devU
	}
	// A growth is floored at −100%: a wage, a pension or a price falls to 0
	// at worst, never below (MaxGrowthSD; the loader keeps this out of
	// reach of any valid scenario's draws but for a chance below 3·10⁻⁷).
	growth := func(vals []float64, mean Param) func(int) float64 {
		return func(t int) float64 {
			if t >= base && t < base+n {
				return math.Max(-1, vals[t-base])
			}
			return math.Max(-1, mean.Value(t))
		}
	}
	p := economyPath{
		wage:     make([]float64, n+1),
		pension:  make([]float64, n+1),
		price:    make([]float64, n),
		epidemic: make([]bool, n),
	}
	for y := -1; y < n; y++ {
		p.wage[y+1], _ = seriesAt(e.ReferenceWage, base+y, growth(wg, e.WageGrowth.Mean))
		p.pension[y+1], _ = seriesAt(e.AveragePension, base+y, growth(pg, e.PensionGrowth.Mean))
	}
	trends := [4]Param{s.UtilizationTrend.Outpatient, s.UtilizationTrend.Inpatient, s.UtilizationTrend.Chronic, s.UtilizationTrend.Pharmacy}
	for b := range trends {
		p.util[b] = make([]float64, n)
	}
	for y := range n {
		if y == 0 {
			p.price[y] = 1
			for b := range trends {
				p.util[b][y] = 1
			}
			continue
		}
		t := base + y
		p.price[y] = p.price[y-1] * math.Max(0, 1+pi[y])
		for b, tr := range trends {
			p.util[b][y] = p.util[b][y-1] * math.Max(0, 1+tr.Value(t)+ug[y])
		}
	}
	forced := make(map[int]bool, len(e.Epidemic.Years))
	for _, y := range e.Epidemic.Years {
		forced[y] = true
	}
	for y := range n {
		u := st.uniform(PurposeEconomy, 8*y+4, g.open())
		p.epidemic[y] = forced[base+y] || u < e.Epidemic.Probability
	}
	return p
}
