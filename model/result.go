package model

import "fmt"

// Unit names the unit of a metric in outputs.
type Unit string

// The units of docs/model.md section 5.
const (
	Yuan    Unit = "yuan"
	Persons Unit = "persons"
	Visits  Unit = "visits"
	Months  Unit = "months"
	Ratio   Unit = "ratio"
	Count   Unit = "count"
)

// Metric indexes the per-replication, per-year values of a Result.
type Metric int

// The metrics of docs/model.md section 5, in table order.
const (
	PoolIncome Metric = iota
	PoolContributions
	PoolOtherIncome
	PoolInterest
	PoolExpenditure
	PoolOutpatientGeneral
	PoolOutpatientChronic
	PoolInpatient
	PoolMaternity
	PoolEpidemic
	PoolSeriousIllness
	PoolRetireeCredit
	PoolSurplus
	PoolSurplusRate
	PoolBalance
	PoolMonths
	FundIncomeTotal
	FundExpenditureTotal
	AccountCredit
	AccountInterest
	AccountSpending
	AccountOutflow
	AccountBalance
	MemberCash
	MemberBurden
	MembersActive
	MembersFlexible
	MembersRetired
	DependencyRatio
	ContributionBaseTotal
	BreakevenEmployerRate
	VisitsOutpatient
	Admissions
	InpatientRate
	CostPerAdmission
	InpatientCostTotal
	CollectedContributions
	ClaimsTotal
	AccountSpendingFamily
	PoolOutpatientPharmacy
	NumMetrics
)

// MetricInfo is the stable name and unit of a metric.
type MetricInfo struct {
	Name string
	Unit Unit
}

// Metrics describes every metric, indexed by Metric.
var Metrics = [NumMetrics]MetricInfo{
	PoolIncome:             {"pool_income", Yuan},
	PoolContributions:      {"pool_contributions", Yuan},
	PoolOtherIncome:        {"pool_other_income", Yuan},
	PoolInterest:           {"pool_interest", Yuan},
	PoolExpenditure:        {"pool_expenditure", Yuan},
	PoolOutpatientGeneral:  {"pool_outpatient_general", Yuan},
	PoolOutpatientChronic:  {"pool_outpatient_chronic", Yuan},
	PoolInpatient:          {"pool_inpatient", Yuan},
	PoolMaternity:          {"pool_maternity", Yuan},
	PoolEpidemic:           {"pool_epidemic", Yuan},
	PoolSeriousIllness:     {"pool_serious_illness", Yuan},
	PoolRetireeCredit:      {"pool_retiree_credit", Yuan},
	PoolSurplus:            {"pool_surplus", Yuan},
	PoolSurplusRate:        {"pool_surplus_rate", Ratio},
	PoolBalance:            {"pool_balance", Yuan},
	PoolMonths:             {"pool_months", Months},
	FundIncomeTotal:        {"fund_income_total", Yuan},
	FundExpenditureTotal:   {"fund_expenditure_total", Yuan},
	AccountCredit:          {"account_credit", Yuan},
	AccountInterest:        {"account_interest", Yuan},
	AccountSpending:        {"account_spending", Yuan},
	AccountOutflow:         {"account_outflow", Yuan},
	AccountBalance:         {"account_balance", Yuan},
	MemberCash:             {"member_cash", Yuan},
	MemberBurden:           {"member_burden", Yuan},
	MembersActive:          {"members_active", Persons},
	MembersFlexible:        {"members_flexible", Persons},
	MembersRetired:         {"members_retired", Persons},
	DependencyRatio:        {"dependency_ratio", Ratio},
	ContributionBaseTotal:  {"contribution_base_total", Yuan},
	BreakevenEmployerRate:  {"breakeven_employer_rate", Ratio},
	VisitsOutpatient:       {"visits_outpatient", Visits},
	Admissions:             {"admissions", Count},
	InpatientRate:          {"inpatient_rate", Ratio},
	CostPerAdmission:       {"cost_per_admission", Yuan},
	InpatientCostTotal:     {"inpatient_cost_total", Yuan},
	CollectedContributions: {"contributions_collected", Yuan},
	ClaimsTotal:            {"claims_total", Yuan},
	AccountSpendingFamily:  {"account_spending_family", Yuan},
	PoolOutpatientPharmacy: {"pool_outpatient_pharmacy", Yuan},
}

// MetricByName returns the metric with the given name.
func MetricByName(name string) (Metric, bool) {
	for m, info := range Metrics {
		if info.Name == name {
			return Metric(m), true
		}
	}
	return 0, false
}

// GroupStatuses are the status labels of member groups: every member, each
// status, and the contribution-base quintiles.
var GroupStatuses = []string{"all", "active", "flexible", "retired", "base_q1", "base_q2", "base_q3", "base_q4", "base_q5"}

// NumAgeBands is the number of age-band labels of member groups: every age,
// then ten-year bands 0-9 … 80-89 and 90+.
const NumAgeBands = 11

// AgeBandLabel returns the label of age band b (0: "all").
func AgeBandLabel(b int) string {
	switch {
	case b == 0:
		return "all"
	case b == NumAgeBands-1:
		return "90+"
	default:
		lo := (b - 1) * 10
		return itoa(lo) + "-" + itoa(lo+9)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [8]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// NumGroups is the number of member groups: statuses × age bands.
var NumGroups = len(GroupStatuses) * NumAgeBands

// Burden histogram layout: bin 0 holds zero burdens; bins 1… cover
// [HistMin, HistMin·10^(k/HistPerDecade)) up to HistDecades decades; larger
// burdens fall in the last bin.
const (
	HistMin       = 1.0
	HistPerDecade = 50
	HistDecades   = 8
	HistBins      = 1 + HistPerDecade*HistDecades
)

// GroupYear accumulates member burdens of one group in one year over all
// replications of a run: sums in fen (exact, so shards merge exactly),
// the number of members and histograms for percentiles.
type GroupYear struct {
	Members    int64
	CashFen    int64
	BurdenFen  int64
	CashHist   [HistBins]uint32
	BurdenHist [HistBins]uint32
}

// GroupSum is one replication's sums over the members of one group in one
// year: the members counted and their cash and total burden in fen, exact
// integers. A group's mean per member in the replication is CashFen /
// Members fen; the spread of these between replications is the Monte
// Carlo error of the group's mean (Result.RepGroups).
type GroupSum struct {
	Members   int64
	CashFen   int64
	BurdenFen int64
}

// Result is what a run computes: per-replication values of every metric in
// every year, the member-group burden accumulators, and warnings.
type Result struct {
	Scenario     string
	Seed         uint64
	Replications int // replications of the whole run
	// Design is how the replications' inputs were drawn: with
	// LatinHypercube, replication r is in block r / Design.Block().
	Design Design
	// Reps lists the replication indices this result holds (all of
	// 0…Replications−1 unless sharded), in ascending order.
	Reps       []int
	Members    int
	Population float64
	Weight     float64
	Years      []int
	// Values[i][y*NumMetrics+m] is metric m in year Years[y] of replication
	// Reps[i]. An undefined value (pool_months with no expenditure) is NaN;
	// writers turn it into null or an empty cell.
	Values [][]float64
	// Groups[y*NumGroups+g] accumulates group g = status index ×
	// NumAgeBands + age band.
	Groups []GroupYear
	// RepGroups[i][y*NumGroups+g] are group g's sums in year Years[y] of
	// replication Reps[i]; summed over i they are Groups' sums. Nil in a
	// result merged from shards of an earlier version, which did not keep
	// them.
	RepGroups [][]GroupSum
	// OpeningAccountBalance[i] is the represented account balance at the
	// start of the base year in the i-th replication held.
	OpeningAccountBalance []float64
	// Warnings are the conditions of the run a reader of its results must
	// know about (Warnings), as values: a program words them (Warning.Error,
	// or in its own terms).
	Warnings []Warning
	// MemberYears is the sum over replications and years of members alive
	// in the year. Seconds is the wall time of set-up and replications,
	// set by the caller that timed Run (the model reads no clock).
	MemberYears float64
	Seconds     float64
	// PeakSlots is the largest number of member slots a replication used.
	PeakSlots int
}

// Value returns metric m in year index y of the i-th replication held.
func (r *Result) Value(i, y int, m Metric) float64 {
	return r.Values[i][y*int(NumMetrics)+int(m)]
}

// Append adds the replications of o, a later slice of the same run (the
// same scenario, seed, members and years, replications after r's), to r:
// their values, groups and member-years. r's Replications becomes o's.
func (r *Result) Append(o *Result) error {
	if o.Scenario != r.Scenario || o.Seed != r.Seed || o.Members != r.Members || o.Design != r.Design || len(o.Years) != len(r.Years) ||
		len(o.Groups) != len(r.Groups) || len(r.Reps) > 0 && len(o.Reps) > 0 && o.Reps[0] <= r.Reps[len(r.Reps)-1] {
		return fmt.Errorf("append replications of %s to %s: not a later slice of the same run", o.Scenario, r.Scenario)
	}
	r.Replications = o.Replications
	r.Reps = append(r.Reps, o.Reps...)
	r.Values = append(r.Values, o.Values...)
	r.RepGroups = append(r.RepGroups, o.RepGroups...)
	r.OpeningAccountBalance = append(r.OpeningAccountBalance, o.OpeningAccountBalance...)
	addGroups(r.Groups, o.Groups)
	r.MemberYears += o.MemberYears
	r.Seconds += o.Seconds
	r.PeakSlots = max(r.PeakSlots, o.PeakSlots)
	r.Warnings = o.Warnings
	return nil
}
