package model

import "math"

// Rules are the parameters of one year resolved into flat numbers, once per
// replication and year, so that the member loop reads no map or schedule.
// Amounts are nominal yuan of year T (prices and indexation applied).
type Rules struct {
	T int // calendar year
	Y int // year offset from base_year

	// Demography.
	MortalityFactor float64            // mortality_scale × improvement^(T − base_year)
	Mortality       [2]ageTable        // min(1, q × MortalityFactor) by age: [0] women, [1] men
	ExitRate        [NumStatus]float64 // per year
	// Retirement[(age·3 + cat)·12 + birthMonth − 1] is the month (0-based)
	// of year T in which an active or flexible member of that age,
	// retirement category and birth month (1–12) reaches retirement age
	// (retirementMonth), clamped to −1 (before T) … 12 (after T).
	Retirement *[tableAges * 3 * 12]int8

	// Contributions.
	WagePrev                 float64 // W(T−1)
	BaseFloor, BaseCeiling   float64 // yuan
	BaseMean                 float64 // base_ratio × W(T−1)
	EmployerRate             float64
	EmployeeRate             float64
	FlexibleRate             float64
	PoolOnlyRate             float64
	RetireeRate              float64
	Collection               float64 // collection rate × epidemic contribution factor
	Pension                  float64 // average pension P(T)
	Epidemic                 bool
	EpidemicExtraCost        float64 // per member-year, nominal
	OtherIncome              float64 // per member-year
	PoolInterest, AccountInt float64 // rates

	// Account credits.
	ReformWeight   float64  // w_T
	ReformMonth    int      // first month (1–12) under reform rules; 13: none this year
	ActiveCredit   float64  // rate
	FlexibleCredit float64  // rate
	RetireeQuota   float64  // yuan per year
	LegacyAvgWage  bool     // legacy employer share on the average wage
	LegacyAvgPens  bool     // legacy retiree credit on the average pension
	EmployerShare  ageTable // legacy employer share credited to active accounts, by age
	RetireeShare   ageTable // legacy retiree credit rate, by age

	// General outpatient: Out[0] legacy rules, Out[1] reform rules.
	Out          [2]OutpatientYear
	VisitFactor  [2][NumStatus]float64 // trend × epidemic, by regime
	VisitCost    [NumLevels]Cost       // nominal
	VisitLog     [NumLevels]LogCost    // VisitCost as the hot loop draws it
	VisitCells   *VisitCells           // VisitLog's unit costs by cell (costcells.go)
	VisitInScope float64
	// VisitRate[st] is visits_per_year/12 by age for status st (certified
	// chronic conditions' multipliers and VisitFactor not applied).
	VisitRate [NumStatus]ageTable
	// VisitInduced[st] is the induced-demand factor of visits under the
	// reform's rules by age for status st (1 under the legacy rules).
	VisitInduced [NumStatus]ageTable

	// Inpatient.
	InpatientOn        bool
	AdmissionFactor    float64 // trend × epidemic
	AdmissionLevelCum  [NumLevels]float64
	AdmissionThr       LevelThresholds
	AdmissionRate      [NumStatus]ageTable // admissions per month × AdmissionFactor, by age
	AdmissionCost      [NumLevels]Cost
	AdmissionLog       [NumLevels]LogCost
	InpatientInScope   float64
	InpatientDed       [NumStatus][NumLevels]float64
	InpatientRatio     [NumStatus][NumLevels]float64
	InpatientCap       [NumStatus]float64
	SubsequentDedScale float64
	SeriousOn          bool
	SeriousPool        bool
	SeriousRatio       float64
	SeriousCap         [NumStatus]float64

	// Chronic and special diseases.
	ChronicOn      bool
	ChronicRatio   [NumStatus]float64
	ChronicDed     [NumStatus]float64
	ChronicCap     [NumStatus]float64
	ChronicShared  bool
	ChronicInScope float64
	ChronicScale   float64   // trend × price
	ChronicLog     []LogCost // each condition's annual cost as the hot loop draws it
	// ChronicPrevalence[c] is condition c's prevalence by age.
	ChronicPrevalence []ageTable

	// Pharmacy.
	PharmacyOn    bool
	PharmacyScale float64 // trend × price
	PharmacyCV    float64
	PharmacyLog   LogCost // a purchase of mean 1 as the hot loop draws it (LogCost.times)
	// PharmacySpend[st] is the mean annual pharmacy spend × PharmacyScale
	// by age for status st.
	PharmacySpend  [NumStatus]ageTable
	CashPropensity float64
	// PharmacyPooled is the share of purchases settled under the general
	// outpatient rules of primary care (under the reform's rules only).
	PharmacyPooled float64

	// Maternity.
	MaternityOn   bool
	BirthRate     float64
	DeliveryCost  Cost
	AllowanceDays float64

	// Family mutual aid.
	FamilyOn      bool
	FamilyMonth   int // first month of family mutual aid this year; 13: none
	FamilyUptake  float64
	FamilySpend   Cost
	FamilyLog     LogCost // FamilySpend as the hot loop draws it
	Premium       float64
	PremiumUptake float64

	PaysSelfPay bool
}

// pharmacyPooled returns the share of pharmacy purchases settled under the
// general outpatient rules in regime reg (none under the legacy rules).
func (r *Rules) pharmacyPooled(reg int) float64 {
	if reg == 0 {
		return 0
	}
	return r.PharmacyPooled
}

// regime returns the rules in force in month m (0-based) of the year: 0
// the legacy rules, 1 the reform's (from ReformMonth on).
func (r *Rules) regime(m int) int {
	if m+1 >= r.ReformMonth {
		return 1
	}
	return 0
}

// OutpatientYear holds one set of general outpatient rules resolved for a
// year: deductibles and caps by status, ratios (retiree bonus applied) and
// level-choice probabilities by status and level.
type OutpatientYear struct {
	Deductible [NumStatus]float64
	PerVisit   [NumStatus][NumLevels]float64
	Cap        [NumStatus]float64
	Ratio      [NumStatus][NumLevels]float64
	LevelCum   [NumStatus][NumLevels]float64 // cumulative level probabilities
	LevelThr   [NumStatus]LevelThresholds    // LevelCum as the hot loop draws it
	Expected   [NumStatus]float64            // expected pooled share: Σ P(l)·ratio(l)
}

// indexer gives the growth factor of money rules from year y0 to year t.
type indexer struct {
	s    *Scenario
	path *economyPath
}

func (ix indexer) factor(kind string, y0, t int) float64 {
	base := ix.s.BaseYear
	if y0 < base {
		y0 = base
	}
	if kind == "" || kind == "none" || t <= y0 {
		return 1
	}
	at := func(v []float64, off, t int) float64 {
		i := t - base + off
		if i < 0 {
			i = 0
		}
		if i >= len(v) {
			i = len(v) - 1
		}
		return v[i]
	}
	switch kind {
	case "wage":
		return at(ix.path.wage, 1, t) / at(ix.path.wage, 1, y0)
	case "price":
		return at(ix.path.price, 0, t) / at(ix.path.price, 0, y0)
	case "pension":
		return at(ix.path.pension, 1, t) / at(ix.path.pension, 1, y0)
	}
	return 1
}

// entryYear returns the year of p's entry in force at t (base year when undated).
func entryYear(p Param, t int) int {
	y := Undated
	for _, d := range p.Dates {
		if d.Year <= t {
			y = d.Year
		}
	}
	return y
}

// money returns a money rule at t for s and l, indexed since its entry.
func (ix indexer) money(p Param, kind string, t int, s Status, l Level) float64 {
	v, _, _ := p.Benefit(t, s, l)
	if math.IsInf(v, 1) {
		return v
	}
	return v * ix.factor(kind, entryYear(p, t), t)
}

// ratio returns a ratio at t for s and l with the retiree bonus applied where
// the ratio has no retired entry of its own, capped at 1.
func ratio(r, bonus Param, t int, s Status, l Level) float64 {
	v, own, _ := r.Benefit(t, s, l)
	if s == Retired && !own {
		b, _, _ := bonus.Benefit(t, s, l)
		v += b
	}
	return math.Min(1, math.Max(0, v))
}

// resolveOutpatient resolves one set of outpatient rules, with the level
// choice logit of docs/model.md section 3.5.
func resolveOutpatient(s *Scenario, r *OutpatientRules, ix indexer, t int) OutpatientYear {
	var o OutpatientYear
	o2 := &s.Outpatient
	for st := range Status(NumStatus) {
		o.Deductible[st] = ix.money(r.Deductible, r.Indexation, t, st, Primary)
		o.Cap[st] = ix.money(r.Cap, r.Indexation, t, st, Primary)
		if !r.Cap.IsSet() {
			o.Cap[st] = math.Inf(1)
		}
		var w [NumLevels]float64
		var sum float64
		for l := range Level(NumLevels) {
			if r.PerVisitDeductible.IsSet() {
				o.PerVisit[st][l] = ix.money(r.PerVisitDeductible, r.Indexation, t, st, l)
			}
			o.Ratio[st][l] = ratio(r.Ratio, r.RetireeBonus, t, st, l)
			w[l] = o2.LevelShare.Levels[l] * math.Exp(o2.LevelChoiceSensitivity*o.Ratio[st][l])
			sum += w[l]
		}
		var cum float64
		for l := range Level(NumLevels) {
			p := 0.0
			if sum > 0 {
				p = w[l] / sum
			}
			cum += p
			o.LevelCum[st][l] = cum
			o.Expected[st] += p * o.Ratio[st][l]
		}
		o.LevelCum[st][NumLevels-1] = 1
		o.LevelThr[st] = levelThresholds(&o.LevelCum[st])
	}
	return o
}

// resolveRules resolves the rules of year t = base_year + y, taking the
// visits' cost cells from cc (nil: built anew), in the order of doc.go:
// demography, contributions, account credits, general outpatient, inpatient,
// chronic, pharmacy, maternity and family rules.
func resolveRules(s *Scenario, path *economyPath, y int, cc *costCache) Rules {
	ix := indexer{s: s, path: path}
	r := Rules{T: s.BaseYear + y, Y: y}
	r.resolveDemography(s)
	r.resolveContributions(s, path)
	r.resolveCredits(s, ix)
	r.resolveVisits(s, path, ix, cc)
	r.resolveInpatient(s, path, ix)
	r.resolveChronic(s, path, ix)
	r.resolvePharmacy(s, path)
	r.resolveMaternity(s, path)
	r.resolveFamily(s, path)
	return r
}

// epidemicFactors returns the year's epidemic factors of outpatient and
// inpatient utilization (1 outside an epidemic year).
func (r *Rules) epidemicFactors(s *Scenario) (out, in float64) {
	if !r.Epidemic {
		return 1, 1
	}
	epi := &s.Economy.Epidemic
	return epi.OutpatientFactor, epi.InpatientFactor
}

// resolveDemography resolves the year's mortality by age, exit rates and
// retirement months by age.
func (r *Rules) resolveDemography(s *Scenario) {
	p := &s.Population
	r.MortalityFactor = p.MortalityScale * math.Pow(1-p.MortalityImprovement, float64(r.Y))
	for sex := range r.Mortality {
		r.Mortality[sex] = newAgeTable(func(age int) float64 { return min(1, s.LifeTable.Q(age, sex == 1)*r.MortalityFactor) })
	}
	for st := range Status(NumStatus) {
		if st != Retired {
			r.ExitRate[st], _, _ = p.ExitRate.Benefit(r.T, st, Primary)
		}
	}
	r.Retirement = new([tableAges * 3 * 12]int8)
	for age := range tableAges {
		for cat := range 3 {
			for bm := 1; bm <= 12; bm++ {
				m := retirementMonth(r.T-age, bm, uint8(cat), &p.Retirement) - r.T*12
				r.Retirement[(age*3+cat)*12+bm-1] = int8(min(max(m, -1), 12))
			}
		}
	}
}

// resolveContributions resolves the year's contribution bases, rates and
// collection (with the epidemic's factor), the average pension, the
// epidemic's extra cost, other income and interest rates.
func (r *Rules) resolveContributions(s *Scenario, path *economyPath) {
	t, y := r.T, r.Y
	c := &s.Contributions
	r.WagePrev = path.wage[y]
	r.BaseFloor = c.BaseFloor * r.WagePrev
	r.BaseCeiling = c.BaseCeiling * r.WagePrev
	r.BaseMean = c.BaseRatio.Value(t) * r.WagePrev
	r.EmployerRate = c.EmployerRate.Value(t)
	r.EmployeeRate = c.EmployeeRate.Value(t)
	r.FlexibleRate = c.FlexibleRate.Value(t)
	r.PoolOnlyRate = c.FlexiblePoolOnly.Rate.Value(t)
	r.RetireeRate = c.RetireeRate.Value(t)
	r.Epidemic = path.epidemic[y]
	r.Collection = c.CollectionRate.Value(t)
	if r.Epidemic {
		epi := &s.Economy.Epidemic
		r.Collection *= epi.ContributionFactor
		r.EpidemicExtraCost = epi.ExtraCostPerMember * path.price[y]
	}
	r.Pension = path.pension[y+1]
	r.OtherIncome = s.Fund.OtherIncome.Value(t)
	r.PoolInterest = s.Economy.InterestRate.Value(t)
	r.AccountInt = s.Accounts.InterestRate.Value(t)
}

// resolveCredits resolves the year's account credits: the reform's month
// and weight, the reform's credit rates and retiree quota, and the legacy
// credits' bases and rates by age.
func (r *Rules) resolveCredits(s *Scenario, ix indexer) {
	t := r.T
	a := &s.Accounts
	r.ReformMonth = 13
	if a.ReformYear != 0 && t >= a.ReformYear {
		r.ReformMonth = 1
		if t == a.ReformYear {
			r.ReformMonth = a.ReformStartMonth
		}
		switch {
		case a.ReformWeight.IsSet():
			r.ReformWeight = a.ReformWeight.Value(t)
		case a.TransitionYears == 0:
			r.ReformWeight = 1
		default:
			r.ReformWeight = math.Min(1, math.Max(0, float64(t-a.ReformYear+1)/float64(a.TransitionYears)))
		}
	}
	r.ActiveCredit = a.ActiveCreditRate.Value(t)
	r.FlexibleCredit = a.FlexibleCreditRate.Value(t)
	quotaIdx := ""
	if a.RetireeQuotaIndexation == "pension" {
		quotaIdx = "pension"
	}
	r.RetireeQuota = a.RetireeQuota.Value(t)
	if quotaIdx != "" && a.ReformYear != 0 {
		y0 := max(entryYear(a.RetireeQuota, t), a.ReformYear)
		r.RetireeQuota *= ix.factor(quotaIdx, y0, t)
	}
	r.LegacyAvgWage = a.Legacy.ActiveBasis == "average_wage"
	r.LegacyAvgPens = a.Legacy.RetireeBasis == "average_pension"
	r.PaysSelfPay = a.PaysSelfPay
	r.EmployerShare = newAgeTable(a.Legacy.EmployerCreditRateByAge.At)
	r.RetireeShare = newAgeTable(a.Legacy.RetireeRateByAge.At)
}

// resolveVisits resolves the year's general outpatient rules, legacy
// and reform, their utilization factors (trend, induced demand, epidemic),
// the visits' costs and cost cells (from cc) and rates by age.
func (r *Rules) resolveVisits(s *Scenario, path *economyPath, ix indexer, cc *costCache) {
	t, y := r.T, r.Y
	o := &s.Outpatient
	outEpi, _ := r.epidemicFactors(s)
	r.Out[0] = resolveOutpatient(s, &o.Legacy, ix, t)
	r.Out[1] = resolveOutpatient(s, &o.OutpatientRules, ix, t)
	for l := range Level(NumLevels) {
		c := o.CostPerVisit.At(l)
		r.VisitCost[l] = Cost{Mean: c.Mean * path.price[y], CV: c.CV}
		r.VisitLog[l] = logCost(r.VisitCost[l])
	}
	r.VisitCells = cc.cells(&r.VisitLog)
	r.VisitInScope = o.InScopeShare
	for st := range Status(NumStatus) {
		base := path.util[trendOutpatient][y] * outEpi
		r.VisitFactor[0][st] = base
		r.VisitFactor[1][st] = base
		r.VisitRate[st] = newAgeTable(func(age int) float64 { return o.VisitsPerYear.At(st, age) / 12 })
		r.VisitInduced[st] = r.inducedDemand(o, st, base)
	}
}

// inducedDemand returns the induced-demand factor of visits under the
// reform's rules by age for status st (docs/model.md section 5):
// (max(q, 0.05) / max(q₀, 0.05))^ε, q and q₀ the expected out-of-pocket
// shares of the outpatient cost of a member of that age and status under
// the reform's and the legacy rules (price.go), with the year's mean visits
// before the response (base: trend × epidemic), ε
// induced_demand_elasticity. Visits under the legacy rules have factor 1.
func (r *Rules) inducedDemand(o *Outpatient, st Status, base float64) ageTable {
	eps := o.InducedDemandElasticity
	price := func(g int) visitPrice {
		out := &r.Out[g]
		p := visitPrice{
			Cost: r.VisitCost, InScope: o.InScopeShare, PerVisit: out.PerVisit[st],
			Ratio: out.Ratio[st], Deductible: out.Deductible[st], Cap: out.Cap[st],
			Shape: o.Dispersion,
		}
		prev := 0.0
		for l := range Level(NumLevels) {
			p.Level[l] = out.LevelCum[st][l] - prev
			prev = out.LevelCum[st][l]
		}
		return p
	}
	legacy, reform := price(0), price(1)
	memo := map[float64]float64{}
	return newAgeTable(func(age int) float64 {
		if eps == 0 {
			return 1
		}
		v := o.VisitsPerYear.At(st, age) * base
		if f, ok := memo[v]; ok {
			return f
		}
		q, q0 := reform.oopShare(v), legacy.oopShare(v)
		f := math.Pow(math.Max(q, 0.05)/math.Max(q0, 0.05), eps)
		memo[v] = f
		return f
	})
}

// resolveInpatient resolves the year's inpatient rules: admissions' levels,
// costs and rates by age, deductibles, ratios and caps, and the
// serious-illness layer.
func (r *Rules) resolveInpatient(s *Scenario, path *economyPath, ix indexer) {
	t, y := r.T, r.Y
	in := &s.Inpatient
	r.InpatientOn = in.Enabled
	if !in.Enabled {
		return
	}
	_, inEpi := r.epidemicFactors(s)
	r.AdmissionFactor = path.util[trendInpatient][y] * inEpi
	var cum float64
	for l := range Level(NumLevels) {
		cum += in.LevelShare.Levels[l]
		r.AdmissionLevelCum[l] = cum
		c := in.CostPerAdmission.At(l)
		r.AdmissionCost[l] = Cost{Mean: c.Mean * path.price[y], CV: c.CV}
		r.AdmissionLog[l] = logCost(r.AdmissionCost[l])
		for st := range Status(NumStatus) {
			r.InpatientDed[st][l] = ix.money(in.Deductible, in.Indexation, t, st, l)
			r.InpatientRatio[st][l] = ratio(in.Ratio, in.RetireeBonus, t, st, l)
		}
	}
	r.AdmissionLevelCum[NumLevels-1] = 1
	r.AdmissionThr = levelThresholds(&r.AdmissionLevelCum)
	for st := range Status(NumStatus) {
		r.AdmissionRate[st] = newAgeTable(func(age int) float64 {
			return in.AdmissionsPerYear.At(st, age) * r.AdmissionFactor / 12
		})
	}
	r.InpatientInScope = in.InScopeShare
	r.SubsequentDedScale = in.SubsequentDeductibleFactor
	for st := range Status(NumStatus) {
		r.InpatientCap[st] = math.Inf(1)
		if in.Cap.IsSet() {
			r.InpatientCap[st] = ix.money(in.Cap, in.Indexation, t, st, Primary)
		}
	}
	si := &in.SeriousIllness
	r.SeriousOn = si.Enabled
	r.SeriousPool = si.Financing == "pool"
	r.SeriousRatio = si.Ratio
	for st := range Status(NumStatus) {
		r.SeriousCap[st] = math.Inf(1)
		if si.Cap.IsSet() {
			r.SeriousCap[st] = ix.money(si.Cap, in.Indexation, t, st, Primary)
		}
	}
}

// resolveChronic resolves the year's rules of chronic and special diseases,
// and each condition's annual cost and prevalence by age.
func (r *Rules) resolveChronic(s *Scenario, path *economyPath, ix indexer) {
	t, y := r.T, r.Y
	ch := &s.Chronic
	r.ChronicOn = ch.Enabled && len(ch.Conditions) > 0
	if !r.ChronicOn {
		return
	}
	for st := range Status(NumStatus) {
		r.ChronicRatio[st] = ratio(ch.Ratio, ch.RetireeBonus, t, st, Primary)
		r.ChronicDed[st] = ix.money(ch.Deductible, ch.Indexation, t, st, Primary)
		r.ChronicCap[st] = math.Inf(1)
		if ch.Cap.IsSet() {
			r.ChronicCap[st] = ix.money(ch.Cap, ch.Indexation, t, st, Primary)
		}
	}
	r.ChronicShared = ch.CapScope == "shared_with_inpatient"
	r.ChronicInScope = ch.InScopeShare
	r.ChronicScale = path.util[trendChronic][y] * path.price[y]
	r.ChronicLog = make([]LogCost, len(ch.Conditions))
	r.ChronicPrevalence = make([]ageTable, len(ch.Conditions))
	for c, cond := range ch.Conditions {
		r.ChronicLog[c] = logCost(Cost{Mean: cond.AnnualCost.Mean * r.ChronicScale, CV: cond.AnnualCost.CV})
		r.ChronicPrevalence[c] = newAgeTable(cond.Prevalence.At)
	}
}

// resolvePharmacy resolves the year's pharmacy purchases: their scale and
// cost, the mean annual spend by status and age, and the cash propensity.
func (r *Rules) resolvePharmacy(s *Scenario, path *economyPath) {
	y := r.Y
	ph := &s.Pharmacy
	r.PharmacyOn = ph.Enabled
	if !ph.Enabled {
		return
	}
	r.PharmacyScale = path.util[trendPharmacy][y] * path.price[y]
	r.PharmacyCV = ph.CV
	r.PharmacyLog = logCost(Cost{Mean: 1, CV: ph.CV})
	for st := range Status(NumStatus) {
		r.PharmacySpend[st] = newAgeTable(func(age int) float64 { return ph.AnnualSpend.At(st, age) * r.PharmacyScale })
	}
	r.CashPropensity = ph.CashPropensity
	r.PharmacyPooled = ph.PooledShare.Value(r.T)
}

// resolveMaternity resolves the year's birth rate and maternity costs.
func (r *Rules) resolveMaternity(s *Scenario, path *economyPath) {
	m := &s.Maternity
	r.MaternityOn = m.Enabled
	if !m.Enabled {
		return
	}
	r.BirthRate = m.BirthsPerMember.Value(r.T)
	r.DeliveryCost = Cost{Mean: m.DeliveryCost.Mean * path.price[r.Y], CV: m.DeliveryCost.CV}
	r.AllowanceDays = m.AllowanceDays
}

// resolveFamily resolves the year's family mutual aid: its first month,
// uptake, spending and premiums.
func (r *Rules) resolveFamily(s *Scenario, path *economyPath) {
	t := r.T
	f := &s.Accounts.Family
	r.FamilyMonth = 13
	if !f.Enabled {
		return
	}
	start := f.StartYear
	if start == 0 {
		start = s.BaseYear
	}
	if t >= start {
		r.FamilyOn = true
		r.FamilyMonth = 1
		if t == start {
			r.FamilyMonth = max(1, f.StartMonth)
		}
	}
	r.FamilyUptake = f.Uptake.Value(t)
	r.FamilySpend = Cost{Mean: f.SpendPerDependent.Mean * path.price[r.Y], CV: f.SpendPerDependent.CV}
	r.FamilyLog = logCost(r.FamilySpend)
	r.Premium = f.ResidentPremium.Value(t)
	r.PremiumUptake = f.PremiumUptake
}

// tableAges is the number of ages an ageTable holds: ages from tableAges−1
// up share its last entry, which is exact because the loader keeps age
// bands' bounds at 150 or below.
const tableAges = 152

// ageTable is an age-banded value of one year looked up by age: one index
// instead of a binary search in the member loop.
type ageTable *[tableAges]float64

// newAgeTable tabulates f over ages 0…tableAges−1.
func newAgeTable(f func(age int) float64) ageTable {
	var t [tableAges]float64
	for a := range t {
		t[a] = f(a)
	}
	return &t
}

// at returns the table's value at age (clamped to its range).
func at(t ageTable, age int) float64 {
	return t[min(max(age, 0), tableAges-1)]
}
