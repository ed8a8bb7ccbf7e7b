package model

import (
	"math"
)

// Retirement categories of docs/model.md section 2.
const (
	catMale uint8 = iota
	catFemaleCadre
	catFemaleWorker
)

// Member flags.
const (
	flagFloor    uint8 = 1 << iota // a flexible member declaring the base floor
	flagPoolOnly                   // a flexible member in the pool-only option
)

// population holds the members of one replication in a struct of arrays.
// A slot holds a member while live; a departed member's slot is reused by a
// later entrant, whose streams are keyed by its own entrant id.
type population struct {
	id         []uint64
	live       []bool
	status     []Status
	male       []bool
	cat        []uint8
	flags      []uint8
	birthYear  []int16
	birthMonth []uint8
	entryMonth []uint8 // month of the current year from which the member is present
	dependents []uint8
	quintile   []uint8
	rho        []float32 // persistent relative contribution base (and pension)
	frailty    []float32 // persistent gamma frailty, mean 1
	balance    []float64 // account balance, yuan
}

func (p *population) len() int { return len(p.id) }

// reset empties p, keeping its memory.
func (p *population) reset() {
	p.id = p.id[:0]
	p.live = p.live[:0]
	p.status = p.status[:0]
	p.male = p.male[:0]
	p.cat = p.cat[:0]
	p.flags = p.flags[:0]
	p.birthYear = p.birthYear[:0]
	p.birthMonth = p.birthMonth[:0]
	p.entryMonth = p.entryMonth[:0]
	p.dependents = p.dependents[:0]
	p.quintile = p.quintile[:0]
	p.rho = p.rho[:0]
	p.frailty = p.frailty[:0]
	p.balance = p.balance[:0]
}

// reserve makes room for n slots without reallocating.
func (p *population) reserve(n int) {
	if cap(p.id) >= n {
		return
	}
	p.id = make([]uint64, 0, n)
	p.live = make([]bool, 0, n)
	p.status = make([]Status, 0, n)
	p.male = make([]bool, 0, n)
	p.cat = make([]uint8, 0, n)
	p.flags = make([]uint8, 0, n)
	p.birthYear = make([]int16, 0, n)
	p.birthMonth = make([]uint8, 0, n)
	p.entryMonth = make([]uint8, 0, n)
	p.dependents = make([]uint8, 0, n)
	p.quintile = make([]uint8, 0, n)
	p.rho = make([]float32, 0, n)
	p.frailty = make([]float32, 0, n)
	p.balance = make([]float64, 0, n)
}

// grow appends one empty slot and returns its index.
func (p *population) grow() int {
	p.id = append(p.id, 0)
	p.live = append(p.live, false)
	p.status = append(p.status, 0)
	p.male = append(p.male, false)
	p.cat = append(p.cat, 0)
	p.flags = append(p.flags, 0)
	p.birthYear = append(p.birthYear, 0)
	p.birthMonth = append(p.birthMonth, 0)
	p.entryMonth = append(p.entryMonth, 0)
	p.dependents = append(p.dependents, 0)
	p.quintile = append(p.quintile, 0)
	p.rho = append(p.rho, 0)
	p.frailty = append(p.frailty, 0)
	p.balance = append(p.balance, 0)
	return len(p.id) - 1
}

// demography holds what member creation needs, resolved once per run.
type demography struct {
	statusCum   [NumStatus]float64 // cumulative status shares: retired, flexible, active
	ageCum      [NumStatus][]float64
	ageLo       [NumStatus][]int
	ageHi       [NumStatus][]int
	ageMale     [NumStatus][]bool
	entrantCum  []float64
	entrantLo   []int
	entrantHi   []int
	maleShare   float64 // among actives, for entrants
	quintileCut [4]float64
	baseLog     LogCost // the relative base (mean 1)
	balanceLog  LogCost // initial account balances
}

func bandRange(b AgeBands, i int) (int, int) {
	lo := b.Bounds[i]
	if i+1 < len(b.Bounds) {
		return lo, b.Bounds[i+1]
	}
	return lo, lo + 10
}

func newDemography(s *Scenario) *demography {
	d := &demography{}
	p := &s.Population
	d.baseLog = logCost(Cost{Mean: 1, CV: s.Contributions.BaseCV})
	d.balanceLog = logCost(Cost{Mean: s.Accounts.InitialBalanceMean, CV: s.Accounts.InitialBalanceCV})
	d.statusCum[Retired] = p.RetiredShare
	d.statusCum[Flexible] = p.RetiredShare + p.FlexibleShare
	d.statusCum[Active] = 1
	for st := range Status(NumStatus) {
		var total float64
		for sex := range 2 {
			b := p.AgeStructure.Weights[st][sex]
			for i := range b.Bounds {
				lo, hi := bandRange(b, i)
				total += b.Values[i]
				d.ageCum[st] = append(d.ageCum[st], total)
				d.ageLo[st] = append(d.ageLo[st], lo)
				d.ageHi[st] = append(d.ageHi[st], hi)
				d.ageMale[st] = append(d.ageMale[st], sex == 0)
			}
		}
		if st == Active {
			var male float64
			for _, v := range p.AgeStructure.Weights[st][0].Values {
				male += v
			}
			d.maleShare = 0.5
			if total > 0 {
				d.maleShare = male / total
			}
		}
		for i := range d.ageCum[st] {
			d.ageCum[st][i] /= total
		}
	}
	var cum float64
	for i := range p.EntrantAges.Bounds {
		lo, hi := bandRange(p.EntrantAges, i)
		cum += p.EntrantAges.Values[i]
		d.entrantCum = append(d.entrantCum, cum)
		d.entrantLo = append(d.entrantLo, lo)
		d.entrantHi = append(d.entrantHi, hi)
	}
	// Quintiles of the lognormal relative base: exp(μ + σ·z_k/5).
	cv := s.Contributions.BaseCV
	s2 := math.Log1p(cv * cv)
	for k := range 4 {
		z := math.Sqrt2 * math.Erfinv(2*float64(k+1)/5-1)
		d.quintileCut[k] = math.Exp(math.Sqrt(s2)*z - s2/2)
	}
	return d
}

// pick returns the index of the first cumulative share above u.
func pick(cum []float64, u float64) int {
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

// setTraits draws a new member's persistent traits from g, positioned in
// the member's traits stream, in a fixed order.
func (w *worker) setTraits(i int, g *Rand, male bool) {
	s, p := w.s, w.pop
	c := &s.Contributions
	p.male[i] = male
	p.birthMonth[i] = uint8(1 + g.IntN(12))
	rho := w.demo.baseLog.at(g.Norm())
	p.rho[i] = float32(rho)
	q := 0
	for q < 4 && rho >= w.demo.quintileCut[q] {
		q++
	}
	p.quintile[i] = uint8(q)
	uCat, uFloor, uPool := g.Float64(), g.Float64(), g.Float64()
	switch {
	case male:
		p.cat[i] = catMale
	case uCat < s.Population.Retirement.FemaleWorkerShare:
		p.cat[i] = catFemaleWorker
	default:
		p.cat[i] = catFemaleCadre
	}
	p.flags[i] = 0
	if uFloor < c.FlexibleFloorShare {
		p.flags[i] |= flagFloor
	}
	if uPool < c.FlexiblePoolOnly.Share {
		p.flags[i] |= flagPoolOnly
	}
	p.dependents[i] = uint8(min(255, g.Poisson(s.Population.DependentsMean)))
	p.frailty[i] = 1
	if k := s.Outpatient.Dispersion; k > 0 {
		g.Reset(w.seed, w.rep, p.id[i], -1, PurposeTraits)
		p.frailty[i] = float32(g.Gamma(k))
	}
	p.live[i] = true
}

// initial creates member slot i (id i) of the base year's population.
func (w *worker) initial(i int) {
	s, p, d, g := w.s, w.pop, w.demo, w.g
	id := uint64(i)
	p.id[i] = id
	g.Reset(w.seed, w.rep, id, s.BaseYear, PurposeTraits)
	u := g.Float64()
	st := Active
	switch {
	case u < d.statusCum[Retired]:
		st = Retired
	case u < d.statusCum[Flexible]:
		st = Flexible
	}
	b := pick(d.ageCum[st], g.Float64())
	lo, hi := d.ageLo[st][b], d.ageHi[st][b]
	age := lo + int(g.Float64()*float64(hi-lo))
	p.status[i] = st
	p.birthYear[i] = int16(s.BaseYear - age)
	p.entryMonth[i] = 1
	p.balance[i] = d.balanceLog.at(g.Norm())
	w.setTraits(i, g, d.ageMale[st][b])
}

// entrantID returns the id of the k-th entrant of year t: disjoint from the
// initial members' ids and from other years' entrants.
func entrantID(t, k int) uint64 {
	return 1<<62 | uint64(t)<<40 | uint64(k)
}

// entrant creates the k-th entrant of year t in slot i.
func (w *worker) entrant(i, t, k int) {
	s, p, d, g := w.s, w.pop, w.demo, w.g
	id := entrantID(t, k)
	p.id[i] = id
	g.Reset(w.seed, w.rep, id, t, PurposeTraits)
	month := 1 + g.IntN(12)
	uFlex, uAge, uIn, uSex := g.Float64(), g.Float64(), g.Float64(), g.Float64()
	st := Active
	if uFlex < s.Population.EntrantFlexibleShare.Value(t) {
		st = Flexible
	}
	b := pick(d.entrantCum, uAge)
	lo, hi := d.entrantLo[b], d.entrantHi[b]
	age := lo + int(uIn*float64(hi-lo))
	p.status[i] = st
	p.birthYear[i] = int16(t - age)
	p.entryMonth[i] = uint8(month)
	p.balance[i] = 0
	w.setTraits(i, g, uSex < d.maleShare)
}

// retirementMonth returns the absolute month index (year·12 + month − 1) at
// which a member born in (birthYear, birthMonth) of category cat reaches
// retirement age under r: the original ages, and with the prc-2025
// schedule (Decision of the NPC Standing Committee, September 2024;
// local-rules.csv row retirement_age_2025_reform) one month of delay per
// delay_step_months of original retirement date from January of delay_from,
// up to delay_max_months. The numbers come from the scenario.
func retirementMonth(birthYear, birthMonth int, cat uint8, r *Retirement) int {
	orig := (birthYear+r.Ages.at(cat))*12 + birthMonth - 1
	if r.Schedule != "prc-2025" {
		return orig
	}
	k := orig - r.DelayFrom*12
	if k < 0 {
		return orig
	}
	return orig + min(r.DelayMaxMonths.at(cat), k/r.DelayStepMonths.at(cat)+1)
}
