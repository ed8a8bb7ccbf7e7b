package model

// Scenario is a full, resolved parameter set (docs/model.md section 6). The
// scenarios package builds it from YAML; field tags carry the scenario key
// (yaml), the unit, the valid range ("min,max", either side may be empty),
// the accepted words (enum) and the meaning (doc), from which the parameter
// reference and the validation are derived. Every policy number comes from a
// scenario file; the zero Scenario is not valid.
type Scenario struct {
	Name             string           `yaml:"name" doc:"scenario name, used in outputs"`
	Description      string           `yaml:"description" doc:"one line saying what the scenario is"`
	BaseYear         int              `yaml:"base_year" unit:"year" range:"1990,2200" doc:"first simulated year; population counts and balances are values at its start"`
	Horizon          int              `yaml:"horizon" unit:"years" range:"1,100" doc:"number of simulated years"`
	Population       Population       `yaml:"population"`
	Economy          Economy          `yaml:"economy"`
	Contributions    Contributions    `yaml:"contributions"`
	Accounts         Accounts         `yaml:"accounts"`
	UtilizationTrend UtilizationTrend `yaml:"utilization_trend" doc:"annual growth of use per benefit, separate from price inflation"`
	Outpatient       Outpatient       `yaml:"outpatient"`
	Chronic          Chronic          `yaml:"chronic"`
	Inpatient        Inpatient        `yaml:"inpatient"`
	Pharmacy         Pharmacy         `yaml:"pharmacy"`
	Maternity        Maternity        `yaml:"maternity"`
	Fund             Fund             `yaml:"fund"`
	Management       Management       `yaml:"management" doc:"rules by which the fund's managers react (seed 003's dynamic adjustment); none: an open-loop projection"`
	Uncertainty      []Uncertain      `yaml:"uncertainty" doc:"parameters drawn once per replication"`

	// LifeTable is the mortality table named by population.life_table,
	// filled in by the loader.
	LifeTable LifeTable `yaml:"-"`
}

// LastYear returns the last simulated year.
func (s *Scenario) LastYear() int { return s.BaseYear + s.Horizon - 1 }

// LifeTable holds annual death probabilities q(x) by single age x = 0, 1, …
// for men and women; ages beyond the table use its last value.
type LifeTable struct {
	Name   string
	Source string
	Male   []float64
	Female []float64
}

// Q returns the annual death probability at age for a man (male true) or a woman.
func (t *LifeTable) Q(age int, male bool) float64 {
	q := t.Female
	if male {
		q = t.Male
	}
	if len(q) == 0 {
		return 0
	}
	if age < 0 {
		age = 0
	}
	if age >= len(q) {
		age = len(q) - 1
	}
	return q[age]
}

// Population describes the insured population at the start of the base year
// and its movements (docs/model.md sections 2 and 3.1).
type Population struct {
	Insured              float64      `yaml:"insured" unit:"persons" range:"1," doc:"participants at the start of base_year"`
	RetiredShare         float64      `yaml:"retired_share" unit:"ratio" range:"0,1" doc:"retirees' share of participants"`
	FlexibleShare        float64      `yaml:"flexible_share" unit:"ratio" range:"0,1" doc:"flexible workers' share of participants; active = 1 − retired − flexible"`
	AgeStructure         AgeStructure `yaml:"age_structure" unit:"weight" doc:"age-banded weights by status and sex (male and female together are normalised per status)"`
	LifeTable            string       `yaml:"life_table" doc:"mortality table: the name of a table the program carries"`
	EntrantRate          Param        `yaml:"entrant_rate" unit:"ratio/year" range:"0,1" doc:"entrants per year as a share of active + flexible at the start of the year"`
	EntrantAges          AgeBands     `yaml:"entrant_ages" unit:"share" range:"0,1" doc:"age distribution of entrants (shares summing to 1; uniform within a band of up to 10 years)"`
	EntrantFlexibleShare Param        `yaml:"entrant_flexible_share" unit:"ratio" range:"0,1" doc:"share of entrants who join as flexible workers (dated: the entrants of each year)"`
	ExitRate             Param        `yaml:"exit_rate" unit:"ratio/year" range:"0,1" doc:"annual probability that an active or flexible member leaves for resident insurance"`
	MortalityScale       float64      `yaml:"mortality_scale" unit:"factor" range:"0,10" doc:"multiplier on the life table's q(x)"`
	MortalityImprovement float64      `yaml:"mortality_improvement" unit:"ratio/year" range:"-0.1,0.2" doc:"annual fall of mortality after base_year"`
	Retirement           Retirement   `yaml:"retirement"`
	DependentsMean       float64      `yaml:"dependents_mean" unit:"persons" range:"0,10" doc:"mean number of close relatives per member (Poisson), for family mutual aid"`
}

// AgeStructure holds age-banded weights by status and sex: Weights[s][0] for
// men and Weights[s][1] for women.
type AgeStructure struct {
	Weights [NumStatus][2]AgeBands
}

// SexNames are the scenario spellings of the sexes, indexed as
// AgeStructure.Weights' second index.
var SexNames = [2]string{"male", "female"}

// Retirement is the retirement-age schedule.
type Retirement struct {
	Schedule          string     `yaml:"schedule" enum:"legacy|prc-2025" doc:"legacy: retirement at the ages below; prc-2025: the 2025 reform's gradual delay on top of them"`
	FemaleWorkerShare float64    `yaml:"female_worker_share" unit:"ratio" range:"0,1" doc:"share of women in the female-worker category"`
	Ages              ByCategory `yaml:"ages" unit:"years" range:"30,80" doc:"original retirement age by category"`
	DelayFrom         int        `yaml:"delay_from" unit:"year" range:"1990,2200" doc:"prc-2025: original retirement dates from January of this year are delayed"`
	DelayStepMonths   ByCategory `yaml:"delay_step_months" unit:"months" range:"1,120" doc:"prc-2025: one month of delay per this many months of original retirement date"`
	DelayMaxMonths    ByCategory `yaml:"delay_max_months" unit:"months" range:"0,240" doc:"prc-2025: the largest delay"`
}

// ByCategory is a whole number for each retirement category.
type ByCategory struct {
	Male         int `yaml:"male" doc:"men"`
	FemaleCadre  int `yaml:"female_cadre" doc:"women in the cadre (white-collar) category"`
	FemaleWorker int `yaml:"female_worker" doc:"women in the worker (blue-collar) category"`
}

// at returns the value for retirement category cat (see catMale…).
func (b ByCategory) at(cat uint8) int {
	switch cat {
	case catFemaleCadre:
		return b.FemaleCadre
	case catFemaleWorker:
		return b.FemaleWorker
	}
	return b.Male
}

// Economy holds the macro assumptions (docs/model.md section 3.2).
type Economy struct {
	ReferenceWage    Param    `yaml:"reference_wage" unit:"yuan/year" range:"0," doc:"all-caliber urban average wage: a dated series, grown by wage_growth after its last year"`
	WageGrowth       Dist     `yaml:"wage_growth" unit:"ratio/year" range:"-0.5,1" doc:"annual growth of the reference wage"`
	AveragePension   Param    `yaml:"average_pension" unit:"yuan/year" range:"0," doc:"average basic pension: a dated series, grown by pension_growth after its last year"`
	PensionGrowth    Dist     `yaml:"pension_growth" unit:"ratio/year" range:"-0.5,1" doc:"annual growth of pensions"`
	MedicalInflation Dist     `yaml:"medical_inflation" unit:"ratio/year" range:"-0.5,1" doc:"annual medical price inflation"`
	UtilizationSD    float64  `yaml:"utilization_sd" unit:"ratio/year" range:"0,0.5" doc:"standard deviation of the AR(1) deviation added to every utilization trend"`
	AR               float64  `yaml:"ar" unit:"ratio" range:"0,0.99" doc:"AR(1) coefficient of the yearly deviations"`
	Correlation      float64  `yaml:"correlation" unit:"ratio" range:"-1,1" doc:"correlation of the wage-growth and medical-inflation innovations"`
	InterestRate     Param    `yaml:"interest_rate" unit:"ratio/year" range:"-0.1,0.5" doc:"interest on the pooling fund"`
	Epidemic         Epidemic `yaml:"epidemic"`
}

// Epidemic describes epidemic years: drawn with Probability each year, or
// forced in Years.
type Epidemic struct {
	Probability        float64 `yaml:"probability" unit:"ratio/year" range:"0,1" doc:"chance that a year is an epidemic year"`
	Years              []int   `yaml:"years" unit:"year" doc:"years that are epidemic years whatever the draw (history)"`
	OutpatientFactor   float64 `yaml:"outpatient_factor" unit:"factor" range:"0,10" doc:"multiplier on outpatient visits in an epidemic year"`
	InpatientFactor    float64 `yaml:"inpatient_factor" unit:"factor" range:"0,10" doc:"multiplier on admissions in an epidemic year"`
	ContributionFactor float64 `yaml:"contribution_factor" unit:"factor" range:"0,2" doc:"multiplier on collected contributions in an epidemic year"`
	ExtraCostPerMember float64 `yaml:"extra_cost_per_member" unit:"yuan/member" range:"0," doc:"extra pool cost per member in an epidemic year (testing, treatment), in base-year prices"`
}

// Contributions holds the contribution rules (docs/model.md section 3.3).
type Contributions struct {
	EmployerRate       Param    `yaml:"employer_rate" unit:"ratio" range:"0,1" doc:"employer contribution rate on the contribution base"`
	EmployeeRate       Param    `yaml:"employee_rate" unit:"ratio" range:"0,1" doc:"employee contribution rate on the contribution base"`
	FlexibleRate       Param    `yaml:"flexible_rate" unit:"ratio" range:"0,1" doc:"flexible workers' contribution rate"`
	RetireeRate        Param    `yaml:"retiree_rate" unit:"ratio" range:"0,1" doc:"retirees' contribution rate on their pension"`
	BaseFloor          float64  `yaml:"base_floor" unit:"× wage" range:"0,10" doc:"contribution base floor as a multiple of the previous year's reference wage"`
	BaseCeiling        float64  `yaml:"base_ceiling" unit:"× wage" range:"0,100" doc:"contribution base ceiling as a multiple of the previous year's reference wage"`
	BaseRatio          Param    `yaml:"base_ratio" unit:"× wage" range:"0,10" doc:"mean declared base as a multiple of the previous year's reference wage, before floor and ceiling (dated: contribution bases may grow apart from wages)"`
	BaseCV             float64  `yaml:"base_cv" unit:"ratio" range:"0,5" doc:"coefficient of variation of the persistent relative base (lognormal, mean 1)"`
	FlexibleFloorShare float64  `yaml:"flexible_floor_share" unit:"ratio" range:"0,1" doc:"share of flexible workers who declare the floor"`
	FlexiblePoolOnly   PoolOnly `yaml:"flexible_pool_only"`
	CollectionRate     Param    `yaml:"collection_rate" unit:"ratio" range:"0,1" doc:"share of contributions due that is collected"`
}

// PoolOnly is the pool-only option for flexible workers: a lower rate and no
// account credit.
type PoolOnly struct {
	Share float64 `yaml:"share" unit:"ratio" range:"0,1" doc:"share of flexible workers choosing the pool-only option"`
	Rate  Param   `yaml:"rate" unit:"ratio" range:"0,1" doc:"their contribution rate"`
}

// Accounts holds the personal-account rules (docs/model.md section 3.4).
type Accounts struct {
	ReformYear             int            `yaml:"reform_year" unit:"year" range:"0,2200" null:"0" doc:"year the reform starts; null: never (legacy rules throughout)"`
	ReformStartMonth       int            `yaml:"reform_start_month" unit:"month" range:"1,12" doc:"month of reform_year from which the reform applies"`
	TransitionYears        int            `yaml:"transition_years" unit:"years" range:"0,50" doc:"years over which credits move from legacy to reform rules; 0: at once"`
	ReformWeight           Param          `yaml:"reform_weight" unit:"ratio" range:"0,1" doc:"weight of the reform credit rules by year, instead of the transition_years ramp"`
	ActiveCreditRate       Param          `yaml:"active_credit_rate" unit:"ratio" range:"0,1" doc:"reform credit of an active member, as a share of the contribution base"`
	FlexibleCreditRate     Param          `yaml:"flexible_credit_rate" unit:"ratio" range:"0,1" doc:"reform credit of a flexible member, as a share of the contribution base"`
	RetireeQuota           Param          `yaml:"retiree_quota" unit:"yuan/year" range:"0," doc:"reform credit of a retiree, a nominal quota paid by the pool"`
	RetireeQuotaIndexation string         `yaml:"retiree_quota_indexation" enum:"none|pension" doc:"whether the quota grows with pensions after the reform year"`
	PaysSelfPay            bool           `yaml:"pays_self_pay" doc:"whether the account pays out-of-scope (self-pay) costs"`
	InitialBalanceMean     float64        `yaml:"initial_balance_mean" unit:"yuan" range:"0," doc:"mean account balance at the start of base_year"`
	InitialBalanceCV       float64        `yaml:"initial_balance_cv" unit:"ratio" range:"0,10" doc:"coefficient of variation of initial balances (lognormal)"`
	InterestRate           Param          `yaml:"interest_rate" unit:"ratio/year" range:"-0.1,0.5" doc:"interest on account balances"`
	Legacy                 LegacyAccounts `yaml:"legacy"`
	Family                 Family         `yaml:"family"`
}

// LegacyAccounts holds the pre-reform credit rules.
type LegacyAccounts struct {
	ActiveBasis             string   `yaml:"active_basis" enum:"own_base|average_wage" doc:"base of the employer's share credited to an active account"`
	EmployerCreditRateByAge AgeBands `yaml:"employer_credit_rate_by_age" unit:"ratio" range:"0,1" doc:"employer's share credited to the account, by age, on top of the employee's own contribution"`
	RetireeBasis            string   `yaml:"retiree_basis" enum:"own_pension|average_pension" doc:"pension a retiree's credit is a share of"`
	RetireeRateByAge        AgeBands `yaml:"retiree_rate_by_age" unit:"ratio" range:"0,1" doc:"retiree credit as a share of the pension, by age"`
}

// Family is family mutual aid: relatives' costs and resident-insurance
// premiums paid from the account (seeds 002 and 004).
type Family struct {
	Enabled           bool    `yaml:"enabled" doc:"false removes family mutual aid entirely"`
	StartYear         int     `yaml:"start_year" unit:"year" range:"0,2200" doc:"first year of family mutual aid (0: from the base year)"`
	StartMonth        int     `yaml:"start_month" unit:"month" range:"1,12" doc:"month of start_year from which it applies"`
	Uptake            Param   `yaml:"uptake" unit:"ratio" range:"0,1" doc:"share of dependents whose costs are paid from the account (dated: the circle widened to close relatives in 2024)"`
	SpendPerDependent Cost    `yaml:"spend_per_dependent" unit:"yuan/year" doc:"annual cost of a dependent paid from the account"`
	ResidentPremium   Param   `yaml:"resident_premium" unit:"yuan/year" range:"0," doc:"resident-insurance premium per person"`
	PremiumUptake     float64 `yaml:"premium_uptake" unit:"ratio" range:"0,1" doc:"share of dependents whose premium is paid from the account"`
}

// UtilizationTrend holds the dated annual growth of use per benefit.
type UtilizationTrend struct {
	Outpatient Param `yaml:"outpatient" unit:"ratio/year" range:"-0.5,1" doc:"growth of general outpatient visits"`
	Inpatient  Param `yaml:"inpatient" unit:"ratio/year" range:"-0.5,1" doc:"growth of admissions"`
	Chronic    Param `yaml:"chronic" unit:"ratio/year" range:"-0.5,1" doc:"growth of chronic-disease use"`
	Pharmacy   Param `yaml:"pharmacy" unit:"ratio/year" range:"-0.5,1" doc:"growth of pharmacy purchases"`
}

// OutpatientRules are the general outpatient reimbursement rules, the same
// keys before (outpatient.legacy) and after the reform.
type OutpatientRules struct {
	Deductible         Param  `yaml:"deductible" unit:"yuan/year" range:"0," doc:"annual deductible on in-scope cost (自然年度)"`
	PerVisitDeductible Param  `yaml:"per_visit_deductible" unit:"yuan/visit" range:"0," doc:"deductible per visit, by level, applied before the annual deductible"`
	Cap                Param  `yaml:"cap" unit:"yuan/year" range:"0," none:"true" doc:"annual limit on pool payments; none: no limit"`
	Ratio              Param  `yaml:"ratio" unit:"ratio" range:"0,1" doc:"share of in-scope cost above the deductible paid by the pool"`
	RetireeBonus       Param  `yaml:"retiree_bonus" unit:"ratio" range:"0,1" doc:"points added to the ratio for retirees where the ratio has no retired entry"`
	Indexation         string `yaml:"indexation" enum:"none|wage|price|pension" doc:"growth of the money rules (deductibles, cap) after their last dated value"`
}

// Outpatient holds general outpatient use and rules.
type Outpatient struct {
	OutpatientRules         `yaml:",inline"`
	VisitsPerYear           StatusBands     `yaml:"visits_per_year" unit:"visits/year" range:"0,1000" doc:"mean visits by status and age band"`
	Dispersion              float64         `yaml:"dispersion" unit:"shape" range:"0," doc:"negative binomial shape k (variance m + m²/k); 0 means Poisson"`
	LevelShare              LevelShares     `yaml:"level_share" unit:"share" range:"0,1" doc:"shares of visits by level under legacy rules"`
	LevelChoiceSensitivity  float64         `yaml:"level_choice_sensitivity" unit:"1/ratio" range:"0,100" doc:"β of the level logit; 0: shares never move"`
	CostPerVisit            LevelCost       `yaml:"cost_per_visit" unit:"yuan/visit" doc:"cost per visit by level, base-year prices"`
	InScopeShare            float64         `yaml:"in_scope_share" unit:"ratio" range:"0,1" doc:"share of cost within policy scope (政策范围内)"`
	InducedDemandElasticity float64         `yaml:"induced_demand_elasticity" unit:"elasticity" range:"-5,0" doc:"ε of visits with respect to the member's expected out-of-pocket share of outpatient cost (deductibles, ratio, cap and in-scope share together)"`
	Legacy                  OutpatientRules `yaml:"legacy" doc:"general outpatient rules before the reform"`
}

// LevelShares are shares by level summing to 1.
type LevelShares struct {
	Levels [NumLevels]float64
}

// Chronic holds chronic and special outpatient diseases (门诊慢特病).
type Chronic struct {
	Enabled      bool        `yaml:"enabled" doc:"false removes chronic and special diseases entirely"`
	Ratio        Param       `yaml:"ratio" unit:"ratio" range:"0,1" doc:"share of cost above the deductible paid by the pool"`
	RetireeBonus Param       `yaml:"retiree_bonus" unit:"ratio" range:"0,1" doc:"points added to the ratio for retirees"`
	Deductible   Param       `yaml:"deductible" unit:"yuan/year" range:"0," doc:"annual deductible"`
	Cap          Param       `yaml:"cap" unit:"yuan/year" range:"0," none:"true" doc:"annual limit on pool payments"`
	CapScope     string      `yaml:"cap_scope" enum:"own|shared_with_inpatient" doc:"own cap, or payments counted against the inpatient cap"`
	Indexation   string      `yaml:"indexation" enum:"none|wage|price|pension" doc:"growth of the money rules after their last dated value"`
	InScopeShare float64     `yaml:"in_scope_share" unit:"ratio" range:"0,1" doc:"share of cost within policy scope"`
	Conditions   []Condition `yaml:"conditions" doc:"certified conditions, by name"`
}

// Condition is one chronic or special disease.
type Condition struct {
	Name            string   `yaml:"-"`
	Prevalence      AgeBands `yaml:"prevalence" unit:"ratio" range:"0,1" doc:"share of members with the condition, by age"`
	CertifiedShare  float64  `yaml:"certified_share" unit:"ratio" range:"0,1" doc:"share of prevalent members who are certified (persistent)"`
	AnnualCost      Cost     `yaml:"annual_cost" unit:"yuan/year" doc:"annual cost of a certified member, base-year prices"`
	VisitMultiplier float64  `yaml:"visit_multiplier" unit:"factor" range:"0,100" doc:"multiplier on general outpatient visits of prevalent, uncertified members"`
}

// Inpatient holds inpatient use and rules.
type Inpatient struct {
	Enabled                    bool           `yaml:"enabled" doc:"false removes inpatient care entirely"`
	AdmissionsPerYear          StatusBands    `yaml:"admissions_per_year" unit:"admissions/year" range:"0,100" doc:"mean admissions by status and age band"`
	LevelShare                 LevelShares    `yaml:"level_share" unit:"share" range:"0,1" doc:"shares of admissions by level"`
	CostPerAdmission           LevelCost      `yaml:"cost_per_admission" unit:"yuan/admission" doc:"cost per admission by level, base-year prices"`
	InScopeShare               float64        `yaml:"in_scope_share" unit:"ratio" range:"0,1" doc:"share of cost within policy scope"`
	Deductible                 Param          `yaml:"deductible" unit:"yuan/admission" range:"0," doc:"deductible per admission (起付线), by level"`
	SubsequentDeductibleFactor float64        `yaml:"subsequent_deductible_factor" unit:"factor" range:"0,10" doc:"multiplier on the deductible of a member's later admissions in a year"`
	Ratio                      Param          `yaml:"ratio" unit:"ratio" range:"0,1" doc:"share of in-scope cost above the deductible paid by the pool"`
	RetireeBonus               Param          `yaml:"retiree_bonus" unit:"ratio" range:"0,1" doc:"points added to the ratio for retirees"`
	Cap                        Param          `yaml:"cap" unit:"yuan/year" range:"0," none:"true" doc:"annual limit on pool payments"`
	Indexation                 string         `yaml:"indexation" enum:"none|wage|price|pension" doc:"growth of the money rules after their last dated value"`
	SeriousIllness             SeriousIllness `yaml:"serious_illness"`
}

// SeriousIllness is the layer above the inpatient cap (大病保险).
type SeriousIllness struct {
	Enabled   bool    `yaml:"enabled" doc:"false removes the serious-illness layer"`
	Ratio     float64 `yaml:"ratio" unit:"ratio" range:"0,1" doc:"share paid of in-scope cost beyond the inpatient cap"`
	Cap       Param   `yaml:"cap" unit:"yuan/year" range:"0," none:"true" doc:"annual limit on serious-illness payments"`
	Financing string  `yaml:"financing" enum:"separate|pool" doc:"pool: paid by the pooling fund and counted in its expenditure"`
}

// Pharmacy holds retail pharmacy purchases paid from the account or in cash.
type Pharmacy struct {
	Enabled        bool        `yaml:"enabled" doc:"false removes pharmacy purchases entirely"`
	AnnualSpend    StatusBands `yaml:"annual_spend" unit:"yuan/year" range:"0," doc:"wanted annual purchases by status and age, base-year prices"`
	CV             float64     `yaml:"cv" unit:"ratio" range:"0,10" doc:"coefficient of variation of a member's annual purchases (lognormal)"`
	CashPropensity float64     `yaml:"cash_propensity" unit:"ratio" range:"0,1" doc:"share of wanted purchases still bought in cash once the account is empty"`
	PooledShare    Param       `yaml:"pooled_share" unit:"ratio" range:"0,1" doc:"share of purchases bought on outpatient-pooling prescriptions at designated pharmacies (retail pharmacies in outpatient pooling, 2023; dual channel), settled under the reform's primary-care general outpatient rules together with the member's visits"`
}

// Maternity holds the maternity benefit paid by the pool.
type Maternity struct {
	Enabled         bool    `yaml:"enabled" doc:"false removes maternity entirely"`
	BirthsPerMember Param   `yaml:"births_per_member" unit:"births/year" range:"0,1" doc:"births per active or flexible member"`
	DeliveryCost    Cost    `yaml:"delivery_cost" unit:"yuan" doc:"cost of a delivery, base-year prices"`
	AllowanceDays   float64 `yaml:"allowance_days" unit:"days" range:"0,1000" doc:"days of maternity allowance at the member's daily base"`
}

// Fund holds the pooling fund's opening balance, other income and the bands
// of months of payment.
type Fund struct {
	InitialBalance float64    `yaml:"initial_balance" unit:"yuan" doc:"pooled balance at the start of base_year (累计结存)"`
	OtherIncome    Param      `yaml:"other_income" unit:"yuan/member/year" doc:"fiscal subsidies and other income per member, nominal"`
	Bands          MonthBands `yaml:"bands"`
}

// MonthBands are the thresholds of months of payment (可支付月数).
type MonthBands struct {
	Insufficient  float64 `yaml:"insufficient" unit:"months" range:"0,1000" doc:"below this: insufficient"`
	Warning       float64 `yaml:"warning" unit:"months" range:"0,1000" doc:"below this: warning"`
	ReasonableMax float64 `yaml:"reasonable_max" unit:"months" range:"0,1000" doc:"above this and up to excess: more than reasonable"`
	Excess        float64 `yaml:"excess" unit:"months" range:"0,1000" doc:"above this: excess balance"`
}

// Management holds management rules: reactions of the fund's managers to
// its state (seed 003: "dynamic adjustment" of contribution rates). With
// none enabled, the projection is open-loop.
type Management struct {
	ContributionAdjustment ContributionAdjustment `yaml:"contribution_adjustment"`
}

// ContributionAdjustment raises the employer rate by Step the year after a
// year whose months of payment end below TriggerMonths, up to MaxRate.
type ContributionAdjustment struct {
	Enabled       bool    `yaml:"enabled" doc:"whether the employer rate is raised when months of payment fall below the trigger"`
	TriggerMonths float64 `yaml:"trigger_months" unit:"months" range:"0,1000" doc:"months of payment below which the rate rises the next year"`
	Step          float64 `yaml:"step" unit:"ratio" range:"0,1" doc:"rise of the employer rate per triggering year"`
	MaxRate       float64 `yaml:"max_rate" unit:"ratio" range:"0,1" doc:"the employer rate never rises above this"`
}

// Uncertain is a parameter drawn once per replication: Key is the key path
// of a number, Kind one of uniform, normal, triangular, lognormal, and Args
// its arguments ([low, high], [mean, sd], [low, mode, high], [mean, cv]).
type Uncertain struct {
	Key  string
	Kind string
	Args []float64
}
