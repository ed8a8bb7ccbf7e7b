package model

import (
	"math"
	"sort"
	"testing"
)

// This file keeps the plain reference implementation of the member-year
// step, as first written: math.Exp, math.Min and math.Max, lognormal
// parameters recomputed per draw, an insertion sort of claims. The engine's
// optimised step must give the same results (TestFastMatchesReference).

func refLognormalZ(mean, cv, z float64) float64 {
	if cv <= 0 {
		return mean
	}
	s2 := math.Log1p(cv * cv)
	return mean * math.Exp(math.Sqrt(s2)*z-s2/2)
}

// refCellCost is the visit cost of word x by the cells of costcells.go,
// written out: the cell of x's low 39 bits and x's place f in it; in an
// inner cell the quadratic through the exact quantiles at the cell's ends
// with the cell's exact mean, computed here from the normal's quantile and
// distribution functions; in a tail cell the normal beyond the tail's
// boundary from gr.
func refCellCost(mean, cv float64, x uint64, gr *Rand) float64 {
	const cells = 1 << 10
	j := int(x >> 29 & (cells - 1))
	f := (float64(x&(1<<29-1)) + 0.5) / (1 << 29)
	quantile := func(j int) float64 { return math.Sqrt2 * math.Erfinv(2*float64(j)/cells-1) }
	if j < 4 {
		return refLognormalZ(mean, cv, -gr.normalBeyond(-quantile(4)))
	}
	if j >= cells-8 {
		return refLognormalZ(mean, cv, gr.normalBeyond(quantile(cells-8)))
	}
	if cv <= 0 {
		return mean
	}
	s2 := math.Log1p(cv * cv)
	s := math.Sqrt(s2)
	z0, z1 := quantile(j), quantile(j+1)
	cdf := func(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
	sf := func(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }
	mass := cdf(z1-s) - cdf(z0-s)
	if z0-s > 0 {
		mass = sf(z0-s) - sf(z1-s)
	}
	lo, hi, m := math.Exp(s*z0), math.Exp(s*z1), cells*math.Exp(s2/2)*mass
	c := 3*(lo+hi) - 6*m
	b := hi - lo - c
	return mean * math.Exp(-s2/2) * (lo + f*(b+f*c))
}

func refLognormal(g *Rand, mean, cv float64) float64 {
	return refLognormalZ(mean, cv, g.Norm())
}

// refClaim is a visit or an admission of the reference step.
type refClaim struct {
	month int
	level Level
	cost  float64
}

// refDrawClaims draws a Poisson number of claims with mean `mean` from the
// count stream, then from the months' stream their months, two per word
// (the 32-bit halves, low first): uniform over the months present when the
// monthly means lam are equal there, else in proportion to lam; then from
// the claims' stream (which may be the months' too, continued), in month
// order, one word per claim whose top 25 bits choose the level from
// the cumulative shares levelAt(month) and whose low bits make its
// lognormal cost: with a retry purpose (visits), by the cells of
// refCellCost, the tails' normals from the stream of purpose retry;
// without (admissions), from the ziggurat normal of the low bits, completed
// from the claims' own stream when they fall outside its rectangle.
func refDrawClaims(g *Rand, lam *[12]float64, total, mean float64, count, each, months, retry Purpose, w *worker, id uint64, t, m0, end int,
	levelAt func(m int) *[NumLevels]float64, cost *[NumLevels]Cost) []refClaim {
	g.Reset(w.seed, w.rep, id, t, count)
	n := g.Poisson(mean)
	if n == 0 {
		return nil
	}
	g.Reset(w.seed, w.rep, id, t, months)
	flat := true
	for m := m0; m <= end; m++ {
		if lam[m] != lam[m0] {
			flat = false
		}
	}
	claims := make([]refClaim, n)
	var x uint64
	for k := range claims {
		if k%2 == 0 {
			x = g.Uint64()
		}
		u := float64(x >> (32 * (k % 2)) & 0xffffffff)
		if flat {
			claims[k].month = m0 + int(math.Floor(u/(1<<32)*float64(end-m0+1)))
			continue
		}
		v := (u + 0.5) * (total / (1 << 32))
		m := 0
		for m < 11 && (v >= lam[m] || lam[m] == 0) {
			v -= lam[m]
			m++
		}
		for lam[m] == 0 && m > 0 {
			m--
		}
		claims[k].month = m
	}
	sort.SliceStable(claims, func(i, j int) bool { return claims[i].month < claims[j].month })
	if months != each {
		g.Reset(w.seed, w.rep, id, t, each)
	}
	gr := g
	if retry != 0 {
		gr = NewRand()
		gr.Reset(w.seed, w.rep, id, t, retry)
	}
	for k := range claims {
		x := g.Uint64()
		u := float64(x>>39) / (1 << 25)
		cum := levelAt(claims[k].month)
		l := Primary
		for l < NumLevels-1 && u >= cum[l] {
			l++
		}
		claims[k].level = l
		if retry != 0 {
			claims[k].cost = refCellCost(cost[l].Mean, cost[l].CV, x, gr)
		} else {
			claims[k].cost = refLognormalZ(cost[l].Mean, cost[l].CV, gr.normal(x))
		}
	}
	return claims
}

// step simulates member slot i in the year of r (docs/model.md section 3, steps
// 1 and 3–6 for one member) and adds its flows to acc. It returns whether
// the member left during the year.
func (w *worker) referenceStep(i int, r *Rules, acc *yearAcc) (left bool) {
	s, p, g := w.s, w.pop, w.g
	t := r.T
	id := p.id[i]
	age := t - int(p.birthYear[i])
	st0 := p.status[i]
	m0 := int(p.entryMonth[i]) - 1 // first month present, 0-based
	exposed := float64(12-m0) / 12

	// 1. Demography: death, exit, retirement in drawn months.
	g.Reset(w.seed, w.rep, id, t, PurposeDemography)
	uD, uE := g.Halves()
	end := 11 // last month present, 0-based
	q := math.Min(1, s.LifeTable.Q(age, p.male[i])*r.MortalityFactor) * exposed
	if uD < q {
		end = m0 + int(g.Float64()*float64(12-m0))
		left = true
	}
	if st0 != Retired {
		if uE < r.ExitRate[st0]*exposed {
			if me := m0 + int(g.Float64()*float64(12-m0)); !left || me < end {
				end = me
				left = true
			}
		}
	}
	retire := 12 // first month as a retiree, 0-based; 12: not this year
	if st0 != Retired {
		rm := retirementMonth(int(p.birthYear[i]), int(p.birthMonth[i]), p.cat[i], &s.Population.Retirement) - t*12
		if rm <= end {
			retire = max(rm, m0)
		}
	}
	statusAt := func(m int) Status {
		if m >= retire {
			return Retired
		}
		return st0
	}
	months := float64(end - m0 + 1)
	acc.memberYears += months / 12

	// 3. Contributions and 4. account credits, monthly.
	rho := float64(p.rho[i])
	base := math.Min(math.Max(rho*r.BaseMean, r.BaseFloor), r.BaseCeiling)
	if st0 == Flexible && p.flags[i]&flagFloor != 0 {
		base = r.BaseFloor
	}
	pension := r.Pension * rho
	poolOnly := p.flags[i]&flagPoolOnly != 0
	a := &s.Accounts
	employerShare := a.Legacy.EmployerCreditRateByAge.At(age)
	retireeShare := a.Legacy.RetireeRateByAge.At(age)
	var credit [12]float64
	for m := m0; m <= end; m++ {
		st := statusAt(m)
		var due, legacy, reform float64
		switch st {
		case Active:
			due = (r.EmployerRate + r.EmployeeRate) * base / 12
			basis := base
			if r.LegacyAvgWage {
				basis = r.WagePrev
			}
			legacy = (r.EmployeeRate*base + employerShare*basis) / 12
			reform = r.ActiveCredit * base / 12
			acc.bases += base / 12
			acc.employerBases += base / 12 * r.Collection
		case Flexible:
			rate := r.FlexibleRate
			if poolOnly {
				rate = r.PoolOnlyRate
			} else {
				legacy = (r.EmployeeRate + employerShare) * base / 12
				reform = r.FlexibleCredit * base / 12
			}
			due = rate * base / 12
			acc.bases += base / 12
		case Retired:
			due = r.RetireeRate * pension / 12
			basis := pension
			if r.LegacyAvgPens {
				basis = r.Pension
			}
			legacy = retireeShare * basis / 12
			reform = r.RetireeQuota / 12
		}
		wm := 0.0
		if m+1 >= r.ReformMonth {
			wm = r.ReformWeight
		}
		c := (1-wm)*legacy + wm*reform
		credit[m] = c
		acc.collected += due * r.Collection
		acc.credit[st] += c
	}
	acc.poolEpidemic += r.EpidemicExtraCost * months / 12
	acc.otherIncome += r.OtherIncome * months / 12

	// 5. Utilization.
	frailty := float64(p.frailty[i])
	visitMult := 1.0
	// Certified conditions' annual costs, in a per-worker buffer sized to
	// the scenario's conditions.
	if cap(w.chronic) < len(s.Chronic.Conditions) {
		w.chronic = make([]float64, len(s.Chronic.Conditions))
	}
	chronicAnnual := w.chronic[:len(s.Chronic.Conditions)]
	clear(chronicAnnual)
	nCond := 0
	if r.ChronicOn {
		g.Reset(w.seed, w.rep, id, t, PurposeChronic)
		for c := range s.Chronic.Conditions {
			cond := &s.Chronic.Conditions[c]
			z := g.Norm() // one draw per condition, used or not
			prevalent := Uniform(w.seed, w.rep, id, 0, PurposeChronic, uint64(2*c)) < cond.Prevalence.At(age)
			if !prevalent {
				continue
			}
			if Uniform(w.seed, w.rep, id, 0, PurposeChronic, uint64(2*c+1)) < cond.CertifiedShare {
				chronicAnnual[c] = refLognormalZ(cond.AnnualCost.Mean*r.ChronicScale, cond.AnnualCost.CV, z)
				nCond = max(nCond, c+1)
			} else {
				visitMult *= cond.VisitMultiplier
			}
		}
	}
	var lam [12]float64
	var total float64
	o := &s.Outpatient
	visitRate := [2]float64{o.VisitsPerYear.At(st0, age) * visitMult / 12, 0}
	if retire <= end {
		visitRate[1] = o.VisitsPerYear.At(Retired, age) * visitMult / 12
	}
	for m := m0; m <= end; m++ {
		st, k := st0, 0
		if m >= retire {
			st, k = Retired, 1
		}
		regime := 0
		if m+1 >= r.ReformMonth {
			regime = 1
		}
		lam[m] = visitRate[k] * r.VisitFactor[regime][st]
		if regime == 1 {
			lam[m] *= at(r.VisitInduced[st], age)
		}
		total += lam[m]
	}
	levelAt := func(m int) *[NumLevels]float64 {
		regime := 0
		if m+1 >= r.ReformMonth {
			regime = 1
		}
		return &r.Out[regime].LevelCum[statusAt(m)]
	}
	visits := refDrawClaims(g, &lam, total, frailty*total, PurposeOutpatient, PurposeVisits, PurposeVisitMonths, PurposeVisitRetries, w, id, t, m0, end, levelAt, &r.VisitCost)
	acc.visits += float64(len(visits))

	var admissions []refClaim
	if r.InpatientOn {
		lam = [12]float64{}
		total = 0
		admRate := [2]float64{s.Inpatient.AdmissionsPerYear.At(st0, age) * r.AdmissionFactor / 12, 0}
		if retire <= end {
			admRate[1] = s.Inpatient.AdmissionsPerYear.At(Retired, age) * r.AdmissionFactor / 12
		}
		for m := m0; m <= end; m++ {
			k := 0
			if m >= retire {
				k = 1
			}
			lam[m] = admRate[k]
			total += lam[m]
		}
		fixed := func(int) *[NumLevels]float64 { return &r.AdmissionLevelCum }
		admissions = refDrawClaims(g, &lam, total, total, PurposeInpatient, PurposeAdmissions, PurposeAdmissions, 0, w, id, t, m0, end, fixed, &r.AdmissionCost)
		acc.admissions += float64(len(admissions))
	}

	// The monthly purchases before the retirement month and from it, of
	// one draw.
	var pharmacy [2]float64
	if r.PharmacyOn {
		g.Reset(w.seed, w.rep, id, t, PurposePharmacy)
		z := g.Norm()
		pharmacy[0] = refLognormalZ(s.Pharmacy.AnnualSpend.At(st0, age)*r.PharmacyScale, r.PharmacyCV, z) / 12
		pharmacy[1] = refLognormalZ(s.Pharmacy.AnnualSpend.At(Retired, age)*r.PharmacyScale, r.PharmacyCV, z) / 12
	}

	if r.MaternityOn && st0 != Retired {
		contributing := float64(min(end, retire-1) - m0 + 1)
		if contributing > 0 {
			g.Reset(w.seed, w.rep, id, t, PurposeMaternity)
			births := g.Poisson(r.BirthRate * contributing / 12)
			for range births {
				acc.poolMaternity += refLognormal(g, r.DeliveryCost.Mean, r.DeliveryCost.CV) + r.AllowanceDays*base/365
			}
		}
	}

	var familySpend, premium float64
	if r.FamilyOn && p.dependents[i] > 0 {
		g.Reset(w.seed, w.rep, id, t, PurposeFamily)
		for range p.dependents[i] {
			uS, uP := g.Float64(), g.Float64()
			x := refLognormal(g, r.FamilySpend.Mean, r.FamilySpend.CV)
			if uS < r.FamilyUptake {
				familySpend += x
			}
			if uP < r.PremiumUptake {
				premium += r.Premium
			}
		}
		familySpend /= 12
	}

	// 6. Settlement, month by month: credit, then inpatient, chronic,
	// outpatient, pharmacy and family claims.
	bal := p.balance[i]
	open := bal
	var credits, spent, own, cash float64
	var out [2]Used
	var inCapUsed, seriousUsed, chDedUsed, chCapUsed float64
	vi, ai := 0, 0
	first := true
	paysSelf := r.PaysSelfPay
	familyPaid := false
	for m := m0; m <= end; m++ {
		st := statusAt(m)
		bal += credit[m]
		credits += credit[m]
		for ; ai < len(admissions) && int(admissions[ai].month) == m; ai++ {
			c := admissions[ai]
			inScope := c.cost * r.InpatientInScope
			ded := r.InpatientDed[st][c.level]
			if !first {
				ded *= r.SubsequentDedScale
			}
			first = false
			sr := 0.0
			if r.SeriousOn {
				sr = r.SeriousRatio
			}
			pool, ser := refSettleAdmission(inScope, ded, r.InpatientRatio[st][c.level], r.InpatientCap[st], &inCapUsed, sr, r.SeriousCap[st], &seriousUsed)
			acc.poolInpatient += pool
			acc.serious += ser
			acc.inpatientCost += c.cost
			acc.claims += c.cost
			ac, ca := refPayShare(c.cost-pool-ser, c.cost-inScope, paysSelf, &bal)
			own += ac
			cash += ca
			w.checkClaim(c.cost, pool+ser, ac, ca)
		}
		for c := range nCond {
			amount := chronicAnnual[c] / 12
			if amount == 0 {
				continue
			}
			inScope := amount * r.ChronicInScope
			capUsed := &chCapUsed
			cap := r.ChronicCap[st]
			if r.ChronicShared {
				capUsed, cap = &inCapUsed, r.InpatientCap[st]
			}
			pool := refSettleChronic(inScope, r.ChronicDed[st], r.ChronicRatio[st], cap, &chDedUsed, capUsed)
			acc.poolChronic += pool
			acc.claims += amount
			ac, ca := refPayShare(amount-pool, amount-inScope, paysSelf, &bal)
			own += ac
			cash += ca
			w.checkClaim(amount, pool, ac, ca)
		}
		regime := 0
		if m+1 >= r.ReformMonth {
			regime = 1
		}
		rules := &r.Out[regime]
		for ; vi < len(visits) && int(visits[vi].month) == m; vi++ {
			c := visits[vi]
			inScope := c.cost * r.VisitInScope
			pool := refSettleOutpatient(inScope, rules.PerVisit[st][c.level], rules.Deductible[st], rules.Ratio[st][c.level], rules.Cap[st], &out[regime])
			acc.poolOutGeneral += pool
			acc.claims += c.cost
			ac, ca := refPayShare(c.cost-pool, c.cost-inScope, paysSelf, &bal)
			own += ac
			cash += ca
			w.checkClaim(c.cost, pool, ac, ca)
		}
		want := pharmacy[0]
		if m >= retire {
			want = pharmacy[1]
		}
		if want > 0 {
			if regime == 1 && r.PharmacyPooled > 0 {
				// Pooled at the primary-care rules, with the visits'
				// deductible and cap.
				pool := refSettleOutpatient(want*r.PharmacyPooled, 0, rules.Deductible[st], rules.Ratio[st][Primary], rules.Cap[st], &out[regime])
				acc.poolOutGeneral += pool
				acc.poolPharmacy += pool
				acc.claims += pool
				want -= pool
			}
			ac := math.Min(math.Max(0, bal), want)
			bal -= ac
			ca := (want - ac) * r.CashPropensity
			own += ac
			cash += ca
			acc.claims += ac + ca
		}
		if m+1 >= r.FamilyMonth {
			want := familySpend
			if !familyPaid {
				want += premium
				familyPaid = true
			}
			ac := math.Min(math.Max(0, bal), want)
			bal -= ac
			acc.accFamily += ac
			spent += ac
		}
	}
	spent += own
	acc.accOwn += own
	acc.cash += cash
	stEnd := statusAt(end)
	if left {
		acc.accOutflow += bal
		bal = 0
	} else {
		interest := r.AccountInt * math.Max(0, open+0.5*(credits-spent))
		bal += interest
		acc.accInterest += interest
		acc.accBalance += bal
		acc.end[stEnd]++
	}
	p.balance[i] = bal
	p.status[i] = stEnd
	w.addGroup(stEnd, age, p.quintile[i], cash, cash+own)
	return left
}

// SettleOutpatient returns the pool's payment for a general outpatient visit
// with in-scope cost inScope (docs/model.md section 3.6; seed 001's outpatient
// mutual aid, seed 002's Qiannan rules): a per-visit deductible perVisit
// first, then what remains of the annual deductible, then ratio × the rest,
// limited to what remains of the annual cap. u accrues the deductible and
// the payment.
func refSettleOutpatient(inScope, perVisit, deductible, ratio, cap float64, u *Used) float64 {
	x := math.Max(0, inScope-perVisit)
	d := math.Min(math.Max(0, deductible-u.DeductibleUsed), x)
	u.DeductibleUsed += d
	x -= d
	pay := math.Min(math.Max(0, cap-u.CapUsed), ratio*x)
	u.CapUsed += pay
	return pay
}

// SettleAdmission returns the pool's payment for an admission with in-scope
// cost inScope: ratio × the in-scope cost above the per-admission
// deductible, limited to what remains of the annual cap (capUsed accrues),
// and the serious-illness layer's payment: seriousRatio × the in-scope cost
// the cap left unpaid, limited to what remains of its own cap (seriousUsed
// accrues). A zero seriousRatio switches the layer off.
func refSettleAdmission(inScope, deductible, ratio, cap float64, capUsed *float64,
	seriousRatio, seriousCap float64, seriousUsed *float64) (pool, serious float64) {
	x := math.Max(0, inScope-deductible)
	want := ratio * x
	pool = math.Min(math.Max(0, cap-*capUsed), want)
	*capUsed += pool
	if seriousRatio > 0 && ratio > 0 && want > pool {
		uncovered := x - pool/ratio
		serious = math.Min(math.Max(0, seriousCap-*seriousUsed), seriousRatio*uncovered)
		*seriousUsed += serious
	}
	return pool, serious
}

// SettleChronic returns the pool's payment for a chronic or special disease
// claim with in-scope cost inScope under an annual deductible, a ratio and
// an annual cap; u accrues both. With cap_scope shared_with_inpatient the
// caller passes the inpatient cap's use.
func refSettleChronic(inScope, deductible, ratio, cap float64, dedUsed, capUsed *float64) float64 {
	d := math.Min(math.Max(0, deductible-*dedUsed), inScope)
	*dedUsed += d
	pay := math.Min(math.Max(0, cap-*capUsed), ratio*(inScope-d))
	*capUsed += pay
	return pay
}

// PayShare splits the member's share of a claim between the account and
// cash: the account pays up to its balance, and pays the self-pay part only
// when paysSelfPay (accounts.pays_self_pay). balance is debited.
func refPayShare(share, selfPay float64, paysSelfPay bool, balance *float64) (account, cash float64) {
	eligible := share
	if !paysSelfPay {
		eligible = math.Max(0, share-selfPay)
	}
	account = math.Min(math.Max(0, *balance), eligible)
	*balance -= account
	return account, share - account
}

// TestFastMatchesReference runs the optimised engine and the plain
// reference step on the same draws: every value must agree to 1e-12
// relative (fastExp differs from math.Exp by a few ulp), with every
// mechanism on and on the benchmark's shape.
func TestFastMatchesReference(t *testing.T) {
	for _, s := range []*Scenario{testScenario(), func() *Scenario {
		s := testScenario()
		s.Chronic.Enabled, s.Pharmacy.Enabled, s.Maternity.Enabled, s.Accounts.Family.Enabled = false, false, false, false
		return s
	}()} {
		opt := Options{Seed: 8, Replications: 2, Members: 3000, Workers: 2}
		fast := run(t, s, opt)
		opt.stepFn = (*worker).referenceStep
		ref := run(t, s, opt)
		for i := range fast.Values {
			for k, x := range fast.Values[i] {
				y := ref.Values[i][k]
				if math.IsNaN(x) && math.IsNaN(y) {
					continue
				}
				if math.Abs(x-y) > 1e-12*math.Max(1, math.Max(math.Abs(x), math.Abs(y))) {
					t.Fatalf("rep %d %s year %d: fast %v, reference %v", i, Metrics[k%int(NumMetrics)].Name, fast.Years[k/int(NumMetrics)], x, y)
				}
			}
		}
		for g := range fast.Groups {
			a, b := &fast.Groups[g], &ref.Groups[g]
			if a.Members != b.Members || abs64(a.BurdenFen-b.BurdenFen) > a.Members || abs64(a.CashFen-b.CashFen) > a.Members {
				t.Fatalf("group %d: fast %d members %d fen, reference %d members %d fen", g, a.Members, a.BurdenFen, b.Members, b.BurdenFen)
			}
		}
	}
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
