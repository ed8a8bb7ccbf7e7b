package model

import "math"

// fundYear closes year y of one replication on the official basis (docs/model.md
// section 3.7): it weights the members' flows up to the population, computes
// the pool's interest on its mid-year balance (none on a negative balance),
// moves the pool balance by income − expenditure and writes every metric of
// the year into v. pool is the opening balance; fundYear returns the closing
// one.
func fundYear(s *Scenario, r *Rules, acc *yearAcc, weight, pool float64, v []float64) float64 {
	w := weight
	set := func(m Metric, x float64) { v[m] = x }
	collected := acc.collected * w
	retireeCredit := acc.credit[Retired] * w
	credits := (acc.credit[Active] + acc.credit[Flexible] + acc.credit[Retired]) * w
	other := acc.otherIncome * w
	serious := acc.serious * w
	expenditure := (acc.poolOutGeneral + acc.poolChronic + acc.poolInpatient + acc.poolMaternity + acc.poolEpidemic) * w
	if r.SeriousPool {
		expenditure += serious
	}
	pre := collected - credits + other
	interest := r.PoolInterest * math.Max(0, pool+0.5*(pre-expenditure))
	income := pre + interest
	closing := pool + income - expenditure

	set(PoolIncome, income)
	set(PoolContributions, collected-credits)
	set(PoolOtherIncome, other)
	set(PoolInterest, interest)
	set(PoolExpenditure, expenditure)
	set(PoolOutpatientGeneral, acc.poolOutGeneral*w)
	set(PoolOutpatientPharmacy, acc.poolPharmacy*w)
	set(PoolOutpatientChronic, acc.poolChronic*w)
	set(PoolInpatient, acc.poolInpatient*w)
	set(PoolMaternity, acc.poolMaternity*w)
	set(PoolEpidemic, acc.poolEpidemic*w)
	set(PoolSeriousIllness, serious)
	set(PoolRetireeCredit, retireeCredit)
	set(PoolSurplus, income-expenditure)
	set(PoolSurplusRate, ratioOrNaN(income-expenditure, income))
	set(PoolBalance, closing)
	set(PoolMonths, ratioOrNaN(closing, expenditure/12))

	accInterest := acc.accInterest * w
	spending := (acc.accOwn + acc.accFamily) * w
	set(AccountCredit, credits)
	set(AccountInterest, accInterest)
	set(AccountSpending, spending)
	set(AccountSpendingFamily, acc.accFamily*w)
	set(AccountOutflow, acc.accOutflow*w)
	set(AccountBalance, acc.accBalance*w)
	set(FundIncomeTotal, income+credits+accInterest)
	set(FundExpenditureTotal, expenditure+spending)
	set(MemberCash, acc.cash*w)
	set(MemberBurden, (acc.cash+acc.accOwn)*w)

	active, flexible, retired := acc.end[Active]*w, acc.end[Flexible]*w, acc.end[Retired]*w
	set(MembersActive, active)
	set(MembersFlexible, flexible)
	set(MembersRetired, retired)
	set(DependencyRatio, ratioOrNaN(active+flexible, retired))
	set(ContributionBaseTotal, acc.bases*w)
	set(BreakevenEmployerRate, r.EmployerRate+ratioOrNaN(expenditure-income, acc.employerBases*w))
	set(VisitsOutpatient, acc.visits*w)
	set(Admissions, acc.admissions*w)
	set(InpatientRate, ratioOrNaN(acc.admissions*w, active+flexible+retired))
	set(CostPerAdmission, ratioOrNaN(acc.inpatientCost, acc.admissions))
	set(InpatientCostTotal, acc.inpatientCost*w)
	set(CollectedContributions, collected)
	set(ClaimsTotal, acc.claims*w)
	return closing
}

// ratioOrNaN returns a/b, or NaN (undefined) when b is 0.
func ratioOrNaN(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
