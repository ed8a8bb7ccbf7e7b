package model

import "math"

// claim is a visit or an admission drawn for a member-year, settled in
// month order.
type claim struct {
	month int8
	level Level
	cost  float64
}

// yearAcc accumulates one block's flows of one year, in synthetic
// (unweighted) yuan and counts.
type yearAcc struct {
	collected      float64
	creditActive   float64
	creditFlexible float64
	creditRetiree  float64
	poolOutGeneral float64
	poolChronic    float64
	poolInpatient  float64
	poolMaternity  float64
	poolEpidemic   float64
	serious        float64
	otherIncome    float64
	accInterest    float64
	accOwn         float64 // account spending on own care (incl. pharmacy)
	accFamily      float64
	accOutflow     float64
	accBalance     float64 // year-end balances of members present
	cash           float64
	claims         float64 // cost of own-care claims (outpatient, chronic, inpatient, pharmacy)
	bases          float64 // contribution bases × months/12
	employerBases  float64 // active bases × months/12 × collection
	inpatientCost  float64
	visits         float64
	admissions     float64
	memberYears    float64
	end            [NumStatus]float64 // members present at year end
}

// sortByMonth orders claims by month, keeping draw order within a month: a
// counting sort through tmp (reused; it grows to the largest claim count).
func sortByMonth(c []claim, tmp []claim) []claim {
	if len(c) < 2 {
		return tmp
	}
	var start [13]int
	for i := range c {
		start[c[i].month+1]++
	}
	for m := 1; m < 13; m++ {
		start[m] += start[m-1]
	}
	tmp = append(tmp[:0], c...)
	for _, x := range tmp {
		c[start[x.month]] = x
		start[x.month]++
	}
	return tmp
}

// drawClaims draws a Poisson number of claims with monthly means lam[m]
// (m = 0…11), each in a month drawn in proportion to lam, with a level from
// the cumulative shares levelCum(month) and a lognormal cost, into w's
// buffer buf, ordered by month.
func (w *worker) drawClaims(buf []claim, lam *[12]float64, total, frailty float64,
	count, each Purpose, id uint64, t int,
	levelCum *[12]*[NumLevels]float64, cost *[NumLevels]LogCost) []claim {
	g := w.g
	buf = buf[:0]
	g.Reset(w.seed, w.rep, id, t, count)
	n := g.Poisson(frailty * total)
	if n == 0 {
		return buf
	}
	g.Reset(w.seed, w.rep, id, t, each)
	for range n {
		u := g.Float64() * total
		m := 0
		for m < 11 && (u >= lam[m] || lam[m] == 0) {
			u -= lam[m]
			m++
		}
		for lam[m] == 0 && m > 0 {
			m--
		}
		ul := g.Float64()
		cum := levelCum[m]
		l := Primary
		for l < NumLevels-1 && ul >= cum[l] {
			l++
		}
		buf = append(buf, claim{month: int8(m), level: l, cost: cost[l].at(g.Norm())})
	}
	w.sortBuf = sortByMonth(buf, w.sortBuf)
	return buf
}

// step simulates member slot i in the year of r (MODEL.md section 3, steps
// 1 and 3–6 for one member) and adds its flows to acc. It returns whether
// the member left during the year.
func (w *worker) step(i int, r *Rules, acc *yearAcc) (left bool) {
	s, p, g := w.s, w.pop, w.g
	t := r.T
	id := p.id[i]
	age := t - int(p.birthYear[i])
	st0 := p.status[i]
	m0 := int(p.entryMonth[i]) - 1 // first month present, 0-based
	exposed := float64(12-m0) / 12

	// 1. Demography: death, exit, retirement in drawn months.
	g.Reset(w.seed, w.rep, id, t, PurposeDemography)
	uD, uDM, uE, uEM := g.Float64(), g.Float64(), g.Float64(), g.Float64()
	end := 11 // last month present, 0-based
	q := min(1, s.LifeTable.Q(age, p.male[i])*r.MortalityFactor) * exposed
	if uD < q {
		end = m0 + int(uDM*float64(12-m0))
		left = true
	}
	if st0 != Retired {
		if uE < r.ExitRate[st0]*exposed {
			if me := m0 + int(uEM*float64(12-m0)); !left || me < end {
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
	base := min(max(rho*r.BaseMean, r.BaseFloor), r.BaseCeiling)
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
		switch st {
		case Active:
			acc.creditActive += c
		case Flexible:
			acc.creditFlexible += c
		case Retired:
			acc.creditRetiree += c
		}
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
				chronicAnnual[c] = lognormalZ(cond.AnnualCost.Mean*r.ChronicScale, cond.AnnualCost.CV, z)
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
	var levelAt [12]*[NumLevels]float64
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
		total += lam[m]
		levelAt[m] = &r.Out[regime].LevelCum[st]
	}
	w.visits = w.drawClaims(w.visits, &lam, total, frailty, PurposeOutpatient, PurposeVisits, id, t, &levelAt, &r.VisitLog)
	acc.visits += float64(len(w.visits))

	w.admissions = w.admissions[:0]
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
		var fixed [12]*[NumLevels]float64
		for m := range fixed {
			fixed[m] = &r.AdmissionLevelCum
		}
		w.admissions = w.drawClaims(w.admissions, &lam, total, 1, PurposeInpatient, PurposeAdmissions, id, t, &fixed, &r.AdmissionLog)
		acc.admissions += float64(len(w.admissions))
	}

	var pharmacy float64
	if r.PharmacyOn {
		g.Reset(w.seed, w.rep, id, t, PurposePharmacy)
		pharmacy = g.Lognormal(s.Pharmacy.AnnualSpend.At(st0, age)*r.PharmacyScale, r.PharmacyCV) / 12
	}

	if r.MaternityOn && st0 != Retired {
		contributing := float64(min(end, retire-1) - m0 + 1)
		if contributing > 0 {
			g.Reset(w.seed, w.rep, id, t, PurposeMaternity)
			births := g.Poisson(r.BirthRate * contributing / 12)
			for range births {
				acc.poolMaternity += g.Lognormal(r.DeliveryCost.Mean, r.DeliveryCost.CV) + r.AllowanceDays*base/365
			}
		}
	}

	var familySpend, premium float64
	if r.FamilyOn && p.dependents[i] > 0 {
		g.Reset(w.seed, w.rep, id, t, PurposeFamily)
		for range p.dependents[i] {
			uS, uP := g.Float64(), g.Float64()
			x := g.Lognormal(r.FamilySpend.Mean, r.FamilySpend.CV)
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
		for ; ai < len(w.admissions) && int(w.admissions[ai].month) == m; ai++ {
			c := w.admissions[ai]
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
			pool, ser := SettleAdmission(inScope, ded, r.InpatientRatio[st][c.level], r.InpatientCap[st], &inCapUsed, sr, r.SeriousCap[st], &seriousUsed)
			acc.poolInpatient += pool
			acc.serious += ser
			acc.inpatientCost += c.cost
			acc.claims += c.cost
			ac, ca := PayShare(c.cost-pool-ser, c.cost-inScope, paysSelf, &bal)
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
			pool := SettleChronic(inScope, r.ChronicDed[st], r.ChronicRatio[st], cap, &chDedUsed, capUsed)
			acc.poolChronic += pool
			acc.claims += amount
			ac, ca := PayShare(amount-pool, amount-inScope, paysSelf, &bal)
			own += ac
			cash += ca
			w.checkClaim(amount, pool, ac, ca)
		}
		regime := 0
		if m+1 >= r.ReformMonth {
			regime = 1
		}
		rules := &r.Out[regime]
		for ; vi < len(w.visits) && int(w.visits[vi].month) == m; vi++ {
			c := w.visits[vi]
			inScope := c.cost * r.VisitInScope
			pool := SettleOutpatient(inScope, rules.PerVisit[st][c.level], rules.Deductible[st], rules.Ratio[st][c.level], rules.Cap[st], &out[regime])
			acc.poolOutGeneral += pool
			acc.claims += c.cost
			ac, ca := PayShare(c.cost-pool, c.cost-inScope, paysSelf, &bal)
			own += ac
			cash += ca
			w.checkClaim(c.cost, pool, ac, ca)
		}
		if pharmacy > 0 {
			ac := min(max(0, bal), pharmacy)
			bal -= ac
			ca := (pharmacy - ac) * r.CashPropensity
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
			ac := min(max(0, bal), want)
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
		interest := r.AccountInt * max(0, open+0.5*(credits-spent))
		bal += interest
		acc.accInterest += interest
		acc.accBalance += bal
		acc.end[stEnd]++
	}
	p.balance[i] = bal
	p.status[i] = stEnd
	w.addGroup(r.Y, stEnd, age, p.quintile[i], cash, cash+own)
	return left
}

// lognormalZ returns the lognormal number with the given mean and cv for
// the standard normal z.
func lognormalZ(mean, cv, z float64) float64 {
	return logCost(Cost{Mean: mean, CV: cv}).at(z)
}

// LogCost is a lognormal cost in the form the hot loop draws it:
// Scale · e^(Sigma·z), Scale = mean · e^(−Sigma²/2), Sigma² = ln(1 + cv²).
type LogCost struct {
	Scale, Sigma float64
}

func logCost(c Cost) LogCost {
	if c.CV <= 0 {
		return LogCost{Scale: c.Mean}
	}
	s2 := math.Log1p(c.CV * c.CV)
	return LogCost{Scale: c.Mean * math.Exp(-s2/2), Sigma: math.Sqrt(s2)}
}

// at returns the cost for the standard normal z.
func (c LogCost) at(z float64) float64 {
	if c.Sigma == 0 {
		return c.Scale
	}
	return c.Scale * fastExp(c.Sigma*z)
}
