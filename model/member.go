package model

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// yearAcc accumulates one block's flows of one year, in synthetic
// (unweighted) yuan and counts.
type yearAcc struct {
	collected      float64
	credit         [NumStatus]float64 // credited to accounts, by status
	poolOutGeneral float64            // general outpatient, incl. pharmacy purchases pooled
	poolPharmacy   float64            // of which pharmacy purchases
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

// drawMonths draws the months of n claims into cnt, two claims per word
// (32 bits each): in proportion to the monthly means lam, which are zero
// outside the months present m0…end and sum to total. When every present
// month has the same mean (flat), the month is m0 + ⌊u·(end−m0+1)/2³²⌋ for
// the 32-bit u; otherwise it is the month whose share of the cumulative
// means holds (u + ½)·total/2³² (monthSegments), and lam and total are not
// read when flat (lam may be nil).
func drawMonths(g *Rand, n int, lam *[12]float64, total float64, m0, end int, flat bool, cnt *[12]int32) {
	const low = 1<<32 - 1
	if !flat {
		var sg monthSegments
		sg.init(lam, total, m0, end)
		for ; n >= 2; n -= 2 {
			x := g.Uint64()
			cnt[sg.month(x&low)]++
			cnt[sg.month(x>>32)]++
		}
		if n == 1 {
			cnt[sg.month(g.Uint64()&low)]++
		}
		return
	}
	nm := uint64(end - m0 + 1)
	for ; n >= 2; n -= 2 {
		x := g.Uint64()
		cnt[m0+int((x&low)*nm>>32)]++
		cnt[m0+int((x>>32)*nm>>32)]++
	}
	if n == 1 {
		cnt[m0+int((g.Uint64()&low)*nm>>32)]++
	}
}

// monthSegments finds months in proportion to monthly means that are
// constant over a few runs of months (a year with a retirement or a reform
// in it has two or three): the run by comparisons without a branch, the
// month within it by division.
type monthSegments struct {
	n     int         // runs of months with the same positive mean
	scale float64     // total/2³²: a 32-bit uniform's unit of the means
	from  [12]float64 // run j's cumulative mean before its first month
	inv   [12]float64 // 1 / run j's monthly mean
	first [12]int     // run j's first month
	last  [12]int     // run j's last month
}

// init splits the months m0…end of the monthly means lam (which sum to
// total) into runs of equal positive means.
func (sg *monthSegments) init(lam *[12]float64, total float64, m0, end int) {
	sg.scale = total / (1 << 32)
	cum := 0.0
	for m := m0; m <= end; m++ {
		if lam[m] <= 0 {
			continue
		}
		if j := sg.n - 1; j >= 0 && sg.last[j] == m-1 && lam[m] == lam[m-1] {
			sg.last[j] = m
		} else {
			sg.from[sg.n], sg.inv[sg.n], sg.first[sg.n], sg.last[sg.n] = cum, 1/lam[m], m, m
			sg.n++
		}
		cum += lam[m]
	}
}

// month returns the month whose share of the cumulative means holds
// (u + ½)·total/2³² for the 32-bit uniform u.
func (sg *monthSegments) month(u uint64) int {
	x := (float64(u) + 0.5) * sg.scale
	j := 0
	for k := 1; k < sg.n; k++ {
		if x >= sg.from[k] {
			j = k
		}
	}
	return min(sg.first[j]+int((x-sg.from[j])*sg.inv[j]), sg.last[j])
}

// sexIndex is 1 for men, 0 for women: Rules.Mortality's index, without a
// branch (the sexes alternate at random from member to member).
func sexIndex(male bool) int {
	if male {
		return 1
	}
	return 0
}

// memberYear is what the parts of step share about one member-year: the
// member and its streams; what demography decides (the months present, the
// status in each); the monthly credits; the claims utilization draws for
// settlement; and what settlement leaves for the year's end. step keeps it
// on its stack.
type memberYear struct {
	i         int    // the member's slot
	yk, gamma uint64 // the member-year's key and its streams' increment
	age       int
	st0       Status  // the status at the start of the year
	m0, end   int     // the first and the last month present, 0-based
	retire    int     // the first month as a retiree, 0-based; 12: not this year
	months    float64 // months present
	left      bool    // the member dies or leaves during the year
	// single: one status and one set of rules in every month present (the
	// common case), so that monthly amounts are the same each month.
	single  bool
	open    float64     // the account balance at the start of the year
	base    float64     // the contribution base
	credit  [12]float64 // credited to the account, by month
	credits float64     // credited in the year

	// Utilization: the visits, their levels and costs in the worker's
	// buffers, counted by month once their months are drawn; the
	// admissions counted by month, their levels and costs drawn from ga at
	// settlement; the annual costs of certified conditions in the
	// worker's buffer (w.chronic), the first nCond of them; the monthly
	// pharmacy purchase and family spending, and the premium paid once.
	nVisits     int
	visitMonths [12]int32
	admitted    bool
	admMonths   [12]int32
	ga          Rand
	nCond       int
	pharmacy    [2]float64 // monthly purchases wanted before the retirement month and from it
	familySpend float64
	premium     float64

	// Settlement: the account balance, the account's spending (own care
	// and family), and own care paid from the account and in cash besides
	// the visits' and admissions' settlers'.
	bal, spent, own, cash float64
}

// pharmacyAt returns the purchases the member wants in month m (0-based),
// at the spending of its status that month.
func (y *memberYear) pharmacyAt(m int) float64 {
	if m >= y.retire {
		return y.pharmacy[1]
	}
	return y.pharmacy[0]
}

// statusAt returns the member's status in month m (0-based).
func (y *memberYear) statusAt(m int) Status {
	if m >= y.retire {
		return Retired
	}
	return y.st0
}

// step simulates member slot i in the year of r (docs/model.md section 3, steps
// 1 and 3–6 for one member) and adds its flows to acc, in the order of
// doc.go: demography, contributions and credits, utilization, settlement
// and the year's end. It returns whether the member left during the year.
func (w *worker) step(i int, r *Rules, acc *yearAcc) (left bool) {
	var y memberYear
	w.stepDemography(&y, i, r, acc)
	w.stepContributions(&y, r, acc)
	// Utilization, each mechanism's draws called only when it is on.
	visitMult := 1.0
	if r.ChronicOn {
		visitMult = w.drawChronic(&y, r)
	}
	w.drawOutpatient(&y, r, acc, visitMult)
	if r.InpatientOn {
		w.drawInpatient(&y, r, acc)
	}
	if r.PharmacyOn || r.MaternityOn || r.FamilyOn {
		w.drawSpending(&y, r, acc)
	}
	// Settlement, which ends with the year's end (stepYearEnd).
	if y.nCond == 0 {
		w.settleRuns(&y, r, acc)
	} else {
		w.settleMonths(&y, r, acc)
	}
	return y.left
}

// stepDemography starts the member-year y of slot i (step 1): death, exit
// and retirement in drawn months, the months present, and the exposure in
// acc.
func (w *worker) stepDemography(y *memberYear, i int, r *Rules, acc *yearAcc) {
	s, p := w.s, w.pop
	t := r.T
	y.i = i
	y.yk = yearKey(w.rk, p.id[i], t)
	y.gamma = streamGamma(y.yk)
	y.age = t - int(p.birthYear[i])
	st0 := p.status[i]
	y.st0 = st0
	m0 := int(p.entryMonth[i]) - 1 // first month present, 0-based
	exposed := float64(12-m0) / 12

	var g Rand
	g.startWith(y.yk, y.gamma, PurposeDemography)
	// Death and exit from the halves of one word; the month of each
	// from a word of its own, drawn only when it happens.
	uD, uE := g.Halves()
	end := 11 // last month present, 0-based
	left := false
	q := at(r.Mortality[sexIndex(p.male[i])], y.age) * exposed
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
	retire := 12
	if st0 != Retired {
		// The month of retirement age in the year, from the year's table
		// (computed beyond its ages).
		var rm int
		if uint(y.age) < tableAges {
			rm = int(r.Retirement[(y.age*3+int(p.cat[i]))*12+int(p.birthMonth[i])-1])
		} else {
			rm = retirementMonth(int(p.birthYear[i]), int(p.birthMonth[i]), p.cat[i], &s.Population.Retirement) - t*12
		}
		if rm <= end {
			retire = max(rm, m0)
		}
	}
	y.m0, y.end, y.retire, y.left = m0, end, retire, left
	y.open = p.balance[i]
	y.months = float64(end - m0 + 1)
	acc.memberYears += y.months / 12
}

// monthly are the monthly amounts of a member-year in one status:
// contributions due, legacy and reform credits, contribution bases and
// employer bases.
type monthly struct{ due, legacy, reform, bases, employerBases float64 }

// stepContributions computes the member-year's contributions and account
// credits, monthly (steps 3 and 4): the credit of each month in y, and the
// contributions, bases and credits in acc.
func (w *worker) stepContributions(y *memberYear, r *Rules, acc *yearAcc) {
	p, i := w.pop, y.i
	st0, m0, end, retire := y.st0, y.m0, y.end, y.retire
	rho := float64(p.rho[i])
	base := min(max(rho*r.BaseMean, r.BaseFloor), r.BaseCeiling)
	if st0 == Flexible && p.flags[i]&flagFloor != 0 {
		base = r.BaseFloor
	}
	y.base = base
	pension := r.Pension * rho
	poolOnly := p.flags[i]&flagPoolOnly != 0
	employerShare, retireeShare := at(r.EmployerShare, y.age), at(r.RetireeShare, y.age)
	// The monthly amounts of the status at the start of the year (k = 0)
	// and, when the member retires this year, as a retiree (k = 1); a
	// closure, so that it is inlined.
	contribution := func(st Status) (c monthly) {
		switch st {
		case Active:
			c.due = (r.EmployerRate + r.EmployeeRate) * base / 12
			basis := base
			if r.LegacyAvgWage {
				basis = r.WagePrev
			}
			c.legacy = (r.EmployeeRate*base + employerShare*basis) / 12
			c.reform = r.ActiveCredit * base / 12
			c.bases = base / 12
			c.employerBases = base / 12 * r.Collection
		case Flexible:
			rate := r.FlexibleRate
			if poolOnly {
				rate = r.PoolOnlyRate
			} else {
				c.legacy = (r.EmployeeRate + employerShare) * base / 12
				c.reform = r.FlexibleCredit * base / 12
			}
			c.due = rate * base / 12
			c.bases = base / 12
		case Retired:
			c.due = r.RetireeRate * pension / 12
			basis := pension
			if r.LegacyAvgPens {
				basis = r.Pension
			}
			c.legacy = retireeShare * basis / 12
			c.reform = r.RetireeQuota / 12
		}
		return c
	}
	var mc [2]monthly
	mc[0] = contribution(st0)
	if retire <= end {
		mc[1] = contribution(Retired)
	}
	y.single = retire > end && r.regime(m0) == r.regime(end)
	var credited, inStatus [2]float64
	if y.single {
		wm := r.ReformWeight * float64(r.regime(m0))
		c := (1-wm)*mc[0].legacy + wm*mc[0].reform
		// Four at a time: a literal would be built on the stack and copied.
		for m := 0; m < len(y.credit); m += 4 {
			y.credit[m], y.credit[m+1], y.credit[m+2], y.credit[m+3] = c, c, c, c
		}
		credited[0], inStatus[0] = c*y.months, y.months
	}
	for m := m0; m <= end && !y.single; m++ {
		k := 0
		if m >= retire {
			k = 1
		}
		wm := r.ReformWeight * float64(r.regime(m))
		y.credit[m] = (1-wm)*mc[k].legacy + wm*mc[k].reform
		credited[k] += y.credit[m]
		inStatus[k]++
	}
	// The year's amounts of each status, k = 0 and 1 (a closure: inlined).
	add := func(c *monthly, st Status, n, credited float64) {
		if n == 0 {
			return
		}
		acc.collected += c.due * r.Collection * n
		acc.bases += c.bases * n
		acc.employerBases += c.employerBases * n
		acc.credit[st] += credited
	}
	add(&mc[0], st0, inStatus[0], credited[0])
	add(&mc[1], Retired, inStatus[1], credited[1])
	y.credits = credited[0] + credited[1]
	acc.poolEpidemic += r.EpidemicExtraCost * y.months / 12
	acc.otherIncome += r.OtherIncome * y.months / 12
}

// drawChronic draws the member-year's chronic conditions: the annual cost
// of each certified one into the worker's buffer (y.nCond: one past the
// last), and it returns the product of the visit multipliers of those
// prevalent but not certified.
func (w *worker) drawChronic(y *memberYear, r *Rules) (visitMult float64) {
	visitMult = 1.0
	conds := w.s.Chronic.Conditions
	// Certified conditions' annual costs, in a per-worker buffer sized to
	// the scenario's conditions.
	if cap(w.chronic) < len(conds) {
		w.chronic = make([]float64, len(conds))
	}
	chronicAnnual := w.chronic[:len(conds)]
	clear(chronicAnnual)
	var g Rand
	g.startWith(y.yk, y.gamma, PurposeChronic)
	chronicKey := purposeKey(yearKey(w.rk, w.pop.id[y.i], 0), PurposeChronic)
	for c := range conds {
		cond := &conds[c]
		z := g.Norm() // one draw per condition, used or not
		prevalent := uniformAt(chronicKey, uint64(2*c)) < at(r.ChronicPrevalence[c], y.age)
		if !prevalent {
			continue
		}
		if uniformAt(chronicKey, uint64(2*c+1)) < cond.CertifiedShare {
			chronicAnnual[c] = r.ChronicLog[c].at(z)
			y.nCond = max(y.nCond, c+1)
		} else {
			visitMult *= cond.VisitMultiplier
		}
	}
	return visitMult
}

// drawOutpatient draws the member-year's general outpatient visits: the
// monthly means (visitMult: the chronic conditions' multiplier), a Poisson
// count from its own stream, the months from theirs (unless the year is
// single: then at settlement, when they matter), and each visit's level and
// cost into the worker's buffers (drawVisits).
func (w *worker) drawOutpatient(y *memberYear, r *Rules, acc *yearAcc, visitMult float64) {
	st0, m0, end, retire, single := y.st0, y.m0, y.end, y.retire, y.single
	var total float64
	// visitRate[regime][k]: the monthly mean visits before retirement
	// (k 0) and after (k 1), under the legacy rules and the reform's.
	var visitRate [2][2]float64
	for k, st := range [2]Status{st0, Retired} {
		if k == 1 && retire > end {
			break
		}
		base := at(r.VisitRate[st], y.age) * visitMult
		visitRate[0][k] = base * r.VisitFactor[0][st]
		visitRate[1][k] = base * r.VisitFactor[1][st] * at(r.VisitInduced[st], y.age)
	}
	flat := true
	var lam *[12]float64 // the monthly means, unless single
	if single {
		total = visitRate[r.regime(m0)][0] * y.months
	} else {
		lam = new([12]float64)
		for m := m0; m <= end; m++ {
			k := 0
			if m >= retire {
				k = 1
			}
			lam[m] = visitRate[r.regime(m)][k]
			flat = flat && lam[m] == lam[m0]
			total += lam[m]
		}
	}
	var g Rand
	g.startWith(y.yk, y.gamma, PurposeOutpatient)
	n := g.Poisson(float64(w.pop.frailty[y.i]) * total)
	y.nVisits = n
	if n == 0 {
		return
	}
	var gv Rand
	gv.startWith(y.yk, y.gamma, PurposeVisits)
	if !single {
		// The months first: a month's status and regime choose its
		// visits' levels.
		var gm Rand
		gm.startWith(y.yk, y.gamma, PurposeVisitMonths)
		drawMonths(&gm, n, lam, total, m0, end, flat, &y.visitMonths)
	}
	w.drawVisits(&gv, y.yk, y.gamma, r, n, &y.visitMonths, m0, end, retire, st0, single)
	acc.visits += float64(n)
}

// drawInpatient draws the member-year's admissions: a Poisson count from
// its own stream and their months from the admissions' stream y.ga, which
// settlement draws their levels and costs from.
func (w *worker) drawInpatient(y *memberYear, r *Rules, acc *yearAcc) {
	m0, end, retire := y.m0, y.end, y.retire
	admRate := [2]float64{at(r.AdmissionRate[y.st0], y.age), 0}
	total := 0.0
	flat := true
	var lam *[12]float64 // the monthly means, when the member retires this year
	if retire > end {
		total = admRate[0] * y.months
	} else {
		admRate[1] = at(r.AdmissionRate[Retired], y.age)
		lam = new([12]float64)
		for m := range lam {
			if m >= m0 && m <= end {
				lam[m] = admRate[0]
				if m >= retire {
					lam[m] = admRate[1]
				}
				flat = flat && lam[m] == lam[m0]
			}
			total += lam[m]
		}
	}
	var g Rand
	g.startWith(y.yk, y.gamma, PurposeInpatient)
	if n := g.Poisson(total); n > 0 {
		y.ga.startWith(y.yk, y.gamma, PurposeAdmissions)
		drawMonths(&y.ga, n, lam, total, m0, end, flat, &y.admMonths)
		acc.admissions += float64(n)
		y.admitted = true
	}
}

// drawSpending draws the member-year's pharmacy purchases, births (their
// cost to acc) and family spending and premiums.
func (w *worker) drawSpending(y *memberYear, r *Rules, acc *yearAcc) {
	var g Rand
	if r.PharmacyOn {
		g.startWith(y.yk, y.gamma, PurposePharmacy)
		// One draw for the member's propensity to buy, at the spending of
		// each status the year holds.
		z := g.Norm()
		y.pharmacy[0] = r.PharmacyLog.times(at(r.PharmacySpend[y.st0], y.age)).at(z) / 12
		y.pharmacy[1] = y.pharmacy[0]
		if y.retire <= y.end {
			y.pharmacy[1] = r.PharmacyLog.times(at(r.PharmacySpend[Retired], y.age)).at(z) / 12
		}
	}

	if r.MaternityOn && y.st0 != Retired {
		contributing := float64(min(y.end, y.retire-1) - y.m0 + 1)
		if contributing > 0 {
			g.startWith(y.yk, y.gamma, PurposeMaternity)
			births := g.Poisson(r.BirthRate * contributing / 12)
			for range births {
				acc.poolMaternity += g.Lognormal(r.DeliveryCost.Mean, r.DeliveryCost.CV) + r.AllowanceDays*y.base/365
			}
		}
	}

	if dependents := w.pop.dependents[y.i]; r.FamilyOn && dependents > 0 {
		g.startWith(y.yk, y.gamma, PurposeFamily)
		var familySpend, premium float64
		for range dependents {
			uS, uP := g.Float64(), g.Float64()
			x := r.FamilyLog.at(g.Norm())
			if uS < r.FamilyUptake {
				familySpend += x
			}
			if uP < r.PremiumUptake {
				premium += r.Premium
			}
		}
		y.familySpend, y.premium = familySpend/12, premium
	}
}

// settleRuns settles the claims of a member-year with no chronic claim
// (step 6) in runs of months with one status and one regime, each run in
// one call-free loop over its visits (settleYear); an admission opens a
// run, settled after the month's credit and before its visits. The common
// member-year (one status and regime, no admission) is a single run. It
// adds the flows to acc, leaves the balance and the account's spending in
// y, and ends the year (stepYearEnd) with its settlers of the visits and
// the admissions.
func (w *worker) settleRuns(y *memberYear, r *Rules, acc *yearAcc) {
	m0, end := y.m0, y.end
	o := visitSettler{inScope: r.VisitInScope, paysSelf: r.PaysSelfPay, key: -1}
	var adm admissionSettler
	bal := y.open
	if y.single && y.nVisits > 0 && y.admitted {
		// The months of the visits, as an admission opens a run.
		var gm Rand
		gm.startWith(y.yk, y.gamma, PurposeVisitMonths)
		drawMonths(&gm, y.nVisits, nil, 0, m0, end, true, &y.visitMonths)
	}
	ys := yearSettlement{cashPropensity: r.CashPropensity,
		family: y.familySpend, premium: y.premium, familyFrom: r.FamilyMonth - 1}
	// Bit m of breaks: a run ends before month m (a retirement, the
	// reform, an admission).
	var breaks uint32
	if !y.single || y.admitted {
		if retire := y.retire; retire > m0 && retire <= end {
			breaks |= 1 << retire
		}
		if rm := r.ReformMonth - 1; rm > m0 && rm <= end {
			breaks |= 1 << rm
		}
		if y.admitted {
			for m := m0 + 1; m <= end; m++ {
				breaks |= uint32(min(y.admMonths[m], 1)) << m
			}
		}
	}
	for a := m0; a <= end; {
		st, reg := y.statusAt(a), r.regime(a)
		b := end
		if next := breaks >> (a + 1); next != 0 {
			b = a + bits.TrailingZeros32(next)
		}
		o.use(r, st, reg)
		ys.pharmacy, ys.pharmacyPooled = y.pharmacyAt(a), r.pharmacyPooled(reg)
		ys.credit, ys.credited = y.credit[a], false
		if na := y.admMonths[a]; na > 0 {
			bal = adm.settle(w, r, &y.ga, acc, int(na), st, bal+y.credit[a])
			ys.credited = true
		}
		nv := y.nVisits
		if b < end || a > m0 {
			nv = 0
			for m := a; m <= b; m++ {
				nv += int(y.visitMonths[m])
			}
		}
		o.bal = bal
		if y.single && !y.admitted && nv > 0 {
			// One run, the year (a = m0, b = end), whose months decide
			// only when credits reach the account. While the opening
			// balance with the first month's credit, less the year's
			// pharmacy and family spending, pays each visit's share in
			// full, when it falls does not matter: those visits are
			// settled without months, which are drawn only when a
			// visit's share exceeds what is left. Pharmacy purchases
			// settled under the outpatient rules share the visits'
			// deductible and cap: then every month matters.
			o.bal += y.credit[m0]
			ys.credited = true
			k := 0
			if ys.pharmacyPooled == 0 {
				k = o.payInFull(w, nv, o.bal-12*(y.pharmacy[0]+y.familySpend)-y.premium)
			}
			if k < nv {
				var gm Rand
				gm.startWith(y.yk, y.gamma, PurposeVisitMonths)
				drawMonths(&gm, nv, nil, 0, m0, end, true, &y.visitMonths)
				ys.skip = k
			}
			nv -= k
		}
		o.settleYear(w, &y.visitMonths, nv, a, b, &ys)
		bal = o.bal
		a = b + 1
	}
	acc.claims += ys.pharmacyClaims
	acc.accFamily += ys.familyPaid
	y.spent += ys.familyPaid
	y.bal = bal
	w.stepYearEnd(y, r, acc, &o, &adm)
}

// settleMonths settles the claims of a member-year with a chronic claim
// (step 6) month by month: the credit, then the month's admissions, chronic
// claims, visits (settleYear for the month alone), pharmacy purchase and
// family spending. It leaves what settleRuns leaves, and own care paid from
// the account and in cash besides the settlers' in y, and ends the year
// (stepYearEnd) as settleRuns does.
func (w *worker) settleMonths(y *memberYear, r *Rules, acc *yearAcc) {
	o := visitSettler{inScope: r.VisitInScope, paysSelf: r.PaysSelfPay, key: -1}
	var adm admissionSettler
	if y.single && y.nVisits > 0 {
		// The months of the visits, drawn at settlement in a single year.
		var gm Rand
		gm.startWith(y.yk, y.gamma, PurposeVisitMonths)
		drawMonths(&gm, y.nVisits, nil, 0, y.m0, y.end, true, &y.visitMonths)
	}
	chronicAnnual := w.chronic[:y.nCond]
	paysSelf := r.PaysSelfPay
	bal := y.open
	var own, cash, spent float64
	var chDedUsed, chCapUsed float64
	familyPaid := false
	for m := y.m0; m <= y.end; m++ {
		st := y.statusAt(m)
		bal += y.credit[m]
		bal = adm.settle(w, r, &y.ga, acc, int(y.admMonths[m]), st, bal)
		for _, annual := range chronicAnnual {
			amount := annual / 12
			if amount == 0 {
				continue
			}
			inScope := amount * r.ChronicInScope
			capUsed := &chCapUsed
			cap := r.ChronicCap[st]
			if r.ChronicShared {
				capUsed, cap = &adm.capUsed, r.InpatientCap[st]
			}
			pool := SettleChronic(inScope, r.ChronicDed[st], r.ChronicRatio[st], cap, &chDedUsed, capUsed)
			acc.poolChronic += pool
			acc.claims += amount
			ac, ca, left := PayShare(amount-pool, amount-inScope, paysSelf, bal)
			bal = left
			own += ac
			cash += ca
			w.checkClaim(amount, pool, ac, ca)
		}
		if nv := y.visitMonths[m]; nv > 0 {
			o.use(r, st, r.regime(m))
			o.bal = bal
			o.settleYear(w, &y.visitMonths, int(nv), m, m, &yearSettlement{}) // the month's visits alone
			bal = o.bal
		}
		if want := y.pharmacyAt(m); want > 0 {
			if reg := r.regime(m); r.pharmacyPooled(reg) > 0 {
				share := r.pharmacyPooled(reg)
				o.use(r, st, reg)
				var pool float64
				pool, o.used = SettleOutpatient(want*share, 0, o.ded, o.ratio[Primary], o.cap, o.used)
				o.pool += pool
				o.pharmacyPool += pool
				o.claims += pool
				want -= pool
			}
			ac := min(max(0, bal), want)
			bal -= ac
			ca := (want - ac) * r.CashPropensity
			own += ac
			cash += ca
			acc.claims += ac + ca
		}
		if m+1 >= r.FamilyMonth {
			want := y.familySpend
			if !familyPaid {
				want += y.premium
				familyPaid = true
			}
			ac := min(max(0, bal), want)
			bal -= ac
			acc.accFamily += ac
			spent += ac
		}
	}
	y.bal, y.own, y.cash, y.spent = bal, own, cash, spent
	w.stepYearEnd(y, r, acc, &o, &adm)
}

// stepYearEnd closes the member-year settled with the visits' settler o
// and the admissions' adm: its own care paid from the account and in cash,
// and the visits' flows, to acc; the account's interest on its
// mid-year balance (a member who left takes the balance out); the closing
// balance and status; and the member's cash and total burden in its group.
func (w *worker) stepYearEnd(y *memberYear, r *Rules, acc *yearAcc, o *visitSettler, adm *admissionSettler) {
	p, i := w.pop, y.i
	own, cash := y.own, y.cash
	own += adm.own
	cash += adm.cash
	own += o.own
	cash += o.cash
	if w.check && o.bad != [4]float64{} {
		w.checkClaim(o.bad[0], o.bad[1], o.bad[2], o.bad[3])
	}
	spent := y.spent + own
	acc.poolOutGeneral += o.pool
	acc.poolPharmacy += o.pharmacyPool
	acc.claims += o.claims
	acc.accOwn += own
	acc.cash += cash
	bal := y.bal
	stEnd := y.statusAt(y.end)
	if y.left {
		acc.accOutflow += bal
		bal = 0
	} else {
		interest := r.AccountInt * max(0, y.open+0.5*(y.credits-spent))
		bal += interest
		acc.accInterest += interest
		acc.accBalance += bal
		acc.end[stEnd]++
	}
	p.balance[i] = bal
	p.status[i] = stEnd
	w.addGroup(stEnd, y.age, p.quintile[i], cash, cash+own)
}

// visitSettler settles a member's general outpatient visits under the
// rules of one status and regime, and accrues what they cost.
type visitSettler struct {
	// The rules.
	perVisit, ratio   *[NumLevels]float64
	ded, cap, inScope float64
	paysSelf          bool
	next              int // the first visit of the buffers not settled
	// The rules' status and regime (key: status<<1 | regime, −1 before
	// the first), and the use of the other regime's deductible and cap.
	key, regime int
	out         [2]Used
	bad         [4]float64 // the last claim that did not add up (tests); a value, so that recording it is no call
	// What accrues: the use of the annual deductible and cap, the account
	// balance, and the pool's, the account's and cash payments of the
	// claims.
	used                         Used
	bal, pool, claims, own, cash float64
	pharmacyPool                 float64 // of pool: pharmacy purchases settled under these rules
}

// use loads the outpatient rules of status st in regime reg, unless they
// are loaded: the deductible and cap used so far carry over within the
// regime, and each regime keeps its own.
func (o *visitSettler) use(r *Rules, st Status, reg int) {
	k := int(st)<<1 | reg
	if k == o.key {
		return
	}
	if o.key >= 0 {
		o.out[o.regime] = o.used
	}
	o.key, o.regime, o.used = k, reg, o.out[reg]
	rules := &r.Out[reg]
	o.perVisit, o.ratio = &rules.PerVisit[st], &rules.Ratio[st]
	o.ded, o.cap = rules.Deductible[st], rules.Cap[st]
}

// admissionSettler settles a member-year's admissions and accrues what they
// cost.
type admissionSettler struct {
	later     bool    // an admission was settled: the next pays the subsequent deductible
	capUsed   float64 // the annual inpatient cap used (chronic claims may share it)
	serious   float64 // the serious-illness cap used
	own, cash float64 // paid from the account and in cash
}

// settle settles n admissions of a month in status st under the rules r,
// drawn from g (one word per admission, in month order), against the
// account balance bal, adds their flows to acc and returns the balance left.
func (a *admissionSettler) settle(w *worker, r *Rules, g *Rand, acc *yearAcc, n int, st Status, bal float64) float64 {
	for range n {
		x := g.Uint64()
		l := r.AdmissionThr.level(x)
		cost := r.AdmissionLog[l].at(g.normal(x))
		inScope := cost * r.InpatientInScope
		ded := r.InpatientDed[st][l]
		if a.later {
			ded *= r.SubsequentDedScale
		}
		a.later = true
		sr := 0.0
		if r.SeriousOn {
			sr = r.SeriousRatio
		}
		pool, ser := SettleAdmission(inScope, ded, r.InpatientRatio[st][l], r.InpatientCap[st], &a.capUsed, sr, r.SeriousCap[st], &a.serious)
		acc.poolInpatient += pool
		acc.serious += ser
		acc.inpatientCost += cost
		acc.claims += cost
		ac, ca, left := PayShare(cost-pool-ser, cost-inScope, r.PaysSelfPay, bal)
		bal = left
		a.own += ac
		a.cash += ca
		w.checkClaim(cost, pool+ser, ac, ca)
	}
	return bal
}

// payInFull settles the worker's next visits, up to n of them, as long as
// the account pays each one's share in full out of budget, without a look
// at the balance, and returns how many it settled: the first visit whose
// account share exceeds what is left of the budget stops it, unsettled.
func (o *visitSettler) payInFull(w *worker, n int, budget float64) int {
	costs := w.visitCost[o.next : o.next+n]
	levels := w.visitLevel[o.next : o.next+n]
	levels = levels[:len(costs)]
	perVisit, ratio := o.perVisit, o.ratio
	ded, capv, share, paysSelf := o.ded, o.cap, o.inScope, o.paysSelf
	used := o.used
	var pool, claims, paid, cash float64
	k := 0
	for ; k < len(costs); k++ {
		cost, l := costs[k], levels[k]
		inScope := cost * share
		p, u := SettleOutpatient(inScope, perVisit[l], ded, ratio[l], capv, used)
		ac, ca := cost-p, 0.0 // PayShare with an ample balance
		if !paysSelf {
			ac, ca = inScope-p, cost-inScope
		}
		if ac > budget {
			break
		}
		budget -= ac
		used = u
		pool += p
		claims += cost
		paid += ac
		cash += ca
		if w.check && !claimAddsUp(cost, p, ac, ca) {
			o.bad = [4]float64{cost, p, ac, ca}
		}
	}
	o.next += k
	o.used = used
	o.pool += pool
	o.claims += claims
	o.own += paid
	o.cash += cash
	o.bal -= paid
	return k
}

// yearSettlement holds the monthly amounts of a member-year settled by
// settleYear, and what they come to.
type yearSettlement struct {
	credit                   float64 // credited to the account each month
	pharmacy, cashPropensity float64 // monthly purchases; the share paid in cash when the account is empty
	pharmacyPooled           float64 // the share of purchases settled under the primary-care outpatient rules
	family, premium          float64 // monthly family spending; the premium, once
	familyFrom               int     // first month (0-based) of family spending
	credited                 bool    // the first month's credit is in the balance already
	premiumPaid              bool    // the premium was paid in an earlier run of months
	skip                     int     // visits counted in the first month's count but settled (payInFull)
	pharmacyClaims           float64 // pharmacy purchases paid (account and cash)
	familyPaid               float64 // paid from the account for the family
}

// expandMonths writes the months of the visits counted by month in cnt,
// m0…end, into months in order, as offsets from m0. It writes eight entries
// at once whatever the month's count (months has eight to spare), so that
// the usual month takes no branch on its count; in a function of its own,
// its loop keeps its values in registers.
func expandMonths(cnt *[12]int32, m0, end int, months []uint8) {
	j := 0
	for m := m0; m <= end; m++ {
		c := int(cnt[m])
		v := uint64(m-m0) * 0x0101010101010101
		binary.LittleEndian.PutUint64(months[j:], v)
		for i := 8; i < c; i += 8 {
			binary.LittleEndian.PutUint64(months[j+i:], v)
		}
		j += c
	}
}

// settleYear settles a run of months m0…end with one status and one regime,
// in the order of the settlement in step: month by month, the credit, the
// month's visits (the next n of the worker's buffers, counted by month in
// cnt, after y.skip visits payInFull settled), the pharmacy purchase and
// the family spending. When nothing is monthly but the credit, it settles
// the visits in one loop, crediting the months up to each visit's at once,
// so that the loop neither calls nor branches on the number of visits in a
// month. The month-by-month settlement of years with a chronic claim calls
// it for one month's visits alone, with nothing monthly (a zero
// yearSettlement).
func (o *visitSettler) settleYear(w *worker, cnt *[12]int32, n, m0, end int, y *yearSettlement) {
	costs := w.visitCost[o.next : o.next+n]
	levels := w.visitLevel[o.next : o.next+n]
	o.next += n
	// The visits' months, in order, as offsets from m0: all zero when
	// every visit falls in the first month (as when their months were not
	// drawn).
	months := w.visitZero[:n]
	if int(cnt[m0]) < y.skip+n {
		months = w.visitMonth[:y.skip+n+8]
		expandMonths(cnt, m0, end, months)
		months = months[y.skip:]
	}
	if !y.credited {
		o.bal += y.credit
	}
	if monthly := y.pharmacy > 0 || (y.familyFrom <= end && y.family+y.premium > 0); !monthly {
		// Nothing monthly but the credit: the visits in one loop.
		cur := o.settleVisits(w.check, costs, levels, months, m0, m0, y.credit)
		o.bal += y.credit * float64(end-cur)
		return
	}
	// Month by month: the month's visits, then its pharmacy purchase,
	// family spending and the next month's credit, in one loop with no
	// call (a call would have every running sum reloaded at each visit),
	// as settleVisits's but for the closing of the months.
	perVisit, ratio := o.perVisit, o.ratio
	ded, capv, share, paysSelf := o.ded, o.cap, o.inScope, o.paysSelf
	pharmacy, prop, credit := y.pharmacy, y.cashPropensity, y.credit
	phPooled := y.pharmacyPooled
	used, bal := o.used, o.bal
	pool, claims, own, cash := o.pool, o.claims, o.own, o.cash
	var pharmacyClaims, familyPaid, pharmacyPool float64
	check, paidPremium := w.check, y.premiumPaid
	cur := m0 // the month reached: credited, its events not yet settled
	for k := 0; ; k++ {
		next := end + 1
		if k < n {
			next = m0 + int(months[k])
		}
		for ; cur < next; cur++ {
			if pharmacy > 0 {
				want := pharmacy
				if phPooled > 0 {
					// The pooled part, settled with the visits'
					// deductible and cap at the primary-care ratio.
					var p float64
					p, used = SettleOutpatient(pharmacy*phPooled, 0, ded, ratio[Primary], capv, used)
					pool += p
					pharmacyPool += p
					claims += p
					want -= p
				}
				// min(max(0, bal), want) as a predicted branch:
				// accounts seldom run dry.
				ac := want
				if bal < ac {
					ac = max(0, bal)
				}
				bal -= ac
				ca := (want - ac) * prop
				own += ac
				cash += ca
				pharmacyClaims += ac + ca
			}
			if cur >= y.familyFrom {
				want := y.family
				if !paidPremium {
					want += y.premium
					paidPremium = true
				}
				ac := want
				if bal < ac {
					ac = max(0, bal)
				}
				bal -= ac
				familyPaid += ac
			}
			if cur < end {
				bal += credit
			}
		}
		if k == n {
			break
		}
		cost, l := costs[k], levels[k]
		inScope := cost * share
		var p float64
		p, used = SettleOutpatient(inScope, perVisit[l], ded, ratio[l], capv, used)
		ac, ca, left := PayShare(cost-p, cost-inScope, paysSelf, bal)
		bal = left
		pool += p
		claims += cost
		own += ac
		cash += ca
		if check && !claimAddsUp(cost, p, ac, ca) {
			o.bad = [4]float64{cost, p, ac, ca}
		}
	}
	o.used, o.bal = used, bal
	o.pool, o.claims, o.own, o.cash = pool, claims, own, cash
	o.pharmacyPool += pharmacyPool
	y.pharmacyClaims += pharmacyClaims
	y.familyPaid += familyPaid
	y.premiumPaid = paidPremium
}

// settleVisits settles the visits of costs and levels, whose months are in
// months (offsets from m0), from the month cur, whose credit is in the
// balance: it credits the months up to each visit's at once, and returns
// the month reached. Its loop makes no call: a call would have every
// running sum reloaded from memory at each visit.
func (o *visitSettler) settleVisits(check bool, costs []float64, levels []Level, months []uint8, m0, cur int, credit float64) int {
	levels, months = levels[:len(costs)], months[:len(costs)]
	perVisit, ratio := o.perVisit, o.ratio
	ded, capv, share, paysSelf := o.ded, o.cap, o.inScope, o.paysSelf
	// The sums run on from the member-year's, visit by visit.
	used, bal := o.used, o.bal
	pool, claims, own, cash := o.pool, o.claims, o.own, o.cash
	for k := range costs {
		next := m0 + int(months[k])
		bal += credit * float64(next-cur)
		cur = next
		cost, l := costs[k], levels[k]
		inScope := cost * share
		var p float64
		p, used = SettleOutpatient(inScope, perVisit[l], ded, ratio[l], capv, used)
		ac, ca, left := PayShare(cost-p, cost-inScope, paysSelf, bal)
		bal = left
		pool += p
		claims += cost
		own += ac
		cash += ca
		if check && !claimAddsUp(cost, p, ac, ca) {
			o.bad = [4]float64{cost, p, ac, ca}
		}
	}
	o.used, o.bal = used, bal
	o.pool, o.claims, o.own, o.cash = pool, claims, own, cash
	return cur
}

// drawVisits draws the level and the cost of each of the n visits of the
// months counted in cnt, in month order, into the worker's buffers: one
// word of g each, whose top bits choose the level by the month's status and
// regime and whose low bits the lognormal cost by the cells of r
// (costcells.go). When the low bits fall in a tail cell (1.2% of words),
// the cost is completed from the retry stream (PurposeVisitRetries of the
// member-year's key yk and increment gamma), visit by visit, after the
// draws (visit k's word is found again as g's (k+1)-th), so that the draw
// loop makes no call and keeps no word. A single year (one status and one
// regime in every month present) is drawn in one pass.
func (w *worker) drawVisits(g *Rand, yk, gamma uint64, r *Rules, n int, cnt *[12]int32, m0, end, retire int, st0 Status, single bool) {
	w.reserveVisits(n)
	costs, levels := w.visitCost[:n], w.visitLevel[:n]
	start := *g
	pending := false
	if single {
		// One status and one regime: the months' thresholds are the same,
		// so draw them all at once.
		pending = drawCosts(g, &r.Out[r.regime(m0)].LevelThr[st0], &r.VisitLog, r.VisitCells, costs, levels)
		m0 = end + 1 // skip the monthly draws
	}
	k := 0
	for m := m0; m <= end; m++ {
		c := int(cnt[m])
		if c == 0 {
			continue
		}
		st := st0
		if m >= retire {
			st = Retired
		}
		if drawCosts(g, &r.Out[r.regime(m)].LevelThr[st], &r.VisitLog, r.VisitCells, costs[k:k+c], levels[k:k+c]) {
			pending = true
		}
		k += c
	}
	if pending {
		var retry Rand
		retry.startWith(yk, gamma, PurposeVisitRetries)
		completeCosts(&start, &retry, &r.VisitLog, costs, levels)
	}
}

// completeCosts completes the costs drawCosts left NaN, those of words in a
// tail cell, in order: the normal from retry, beyond the tail's boundary,
// and e^(σz) by fastExp. Visit k's word is found again as the (k+1)-th of
// start, the stream drawCosts drew from.
func completeCosts(start, retry *Rand, log *[NumLevels]LogCost, costs []float64, levels []Level) {
	for k, c := range costs {
		if !math.IsNaN(c) {
			continue
		}
		lc := log[levels[k]]
		x := mix(start.s + uint64(k+1)*start.gamma)
		costs[k] = lc.Scale * fastExp(lc.Sigma*retry.tailNormal(x))
	}
}

// reserveVisits makes the worker's visit buffers hold n visits (the months'
// eight more, for expandMonths).
func (w *worker) reserveVisits(n int) {
	if cap(w.visitCost) < n {
		w.visitCost = make([]float64, n+n/2)
		w.visitLevel = make([]Level, n+n/2)
		w.visitMonth = make([]uint8, n+n/2+8)
		w.visitZero = make([]uint8, n+n/2)
	}
}

// drawCosts draws one word from g for each visit, its level from thr and,
// when the word's cell is an inner one, its cost from log and the level's
// cells; otherwise the cost is left NaN for completeCosts to complete from
// the word, and drawCosts reports so.
func drawCosts(g *Rand, thr *LevelThresholds, log *[NumLevels]LogCost, cells *VisitCells, costs []float64, levels []Level) (pending bool) {
	g.s, pending = drawCostsFrom(g.s, g.gamma, *thr, log, cells, costs, levels)
	return pending
}

// drawCostsFrom is drawCosts on the stream's state s and increment gamma,
// held in registers; it returns the state after the draws.
func drawCostsFrom(s, gamma uint64, thr LevelThresholds, log *[NumLevels]LogCost, cells *VisitCells, costs []float64, levels []Level) (uint64, bool) {
	levels = levels[:len(costs)]
	pending := false
	for j := range costs {
		s += gamma
		x := mix(s)
		l := thr.level(x)
		c, f := costCell(x)
		cost := math.NaN()
		if uint(c-costLow) < costHigh-costLow {
			q := &cells[l].cell[c]
			cost = log[l].Scale * (q[0] + f*(q[1]+f*q[2]))
		} else {
			pending = true
		}
		costs[j], levels[j] = cost, l
	}
	return s, pending
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

// times returns the lognormal cost of the same cv and mean times c's: with
// c of mean 1, the cost of mean m, bit for bit as logCost would make it.
func (c LogCost) times(m float64) LogCost {
	return LogCost{Scale: m * c.Scale, Sigma: c.Sigma}
}

// at returns the cost for the standard normal z.
func (c LogCost) at(z float64) float64 {
	if c.Sigma == 0 {
		return c.Scale
	}
	return c.Scale * fastExp(c.Sigma*z)
}
