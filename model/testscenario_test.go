package model

import "math"

// testScenario returns a small scenario with every mechanism on: a mid-year
// reform with a transition, dated rules, chronic conditions, pharmacy,
// maternity, family mutual aid, the serious-illness layer, epidemics and
// entrants. Its numbers are test inputs, not policy.
func testScenario() *Scenario {
	bands := func(b []int, v []float64) AgeBands { return AgeBands{Bounds: b, Values: v} }
	byStatus := func(a, f, r float64) Param {
		return Param{Dates: []DatedValue{{Year: Undated, Value: StatusValue{ByStatus: true,
			Statuses: [NumStatus]LevelValue{{All: a}, {All: f}, {All: r}}, Has: [NumStatus]bool{true, true, true}}}}}
	}
	byLevel := func(p, s, t float64) Param {
		return Param{Dates: []DatedValue{{Year: Undated, Value: StatusValue{All: LevelValue{ByLevel: true, Levels: [NumLevels]float64{p, s, t}}}}}}
	}
	dated := func(ys []int, vs []float64) Param {
		var p Param
		for i := range ys {
			p.Dates = append(p.Dates, DatedValue{Year: ys[i], Value: StatusValue{All: LevelValue{All: vs[i]}}})
		}
		return p
	}
	sb := func(a, r AgeBands) StatusBands {
		return StatusBands{ByStatus: true, Statuses: [NumStatus]AgeBands{a, {}, r}, Has: [NumStatus]bool{true, false, true}}
	}
	life := LifeTable{Name: "test"}
	for age := range 111 {
		life.Male = append(life.Male, math.Min(1, 0.0004+0.00002*math.Exp(0.095*float64(age))))
		life.Female = append(life.Female, math.Min(1, 0.0004+0.000012*math.Exp(0.095*float64(age))))
	}
	return &Scenario{
		Name: "test", BaseYear: 2022, Horizon: 5,
		Population: Population{
			Insured: 100000, RetiredShare: 0.27, FlexibleShare: 0.17,
			AgeStructure: AgeStructure{Weights: [NumStatus][2]AgeBands{
				{bands([]int{18, 30, 45}, []float64{0.2, 0.2, 0.15}), bands([]int{18, 30, 45}, []float64{0.2, 0.15, 0.1})},
				{bands([]int{18, 30, 45}, []float64{0.2, 0.2, 0.15}), bands([]int{18, 30, 45}, []float64{0.2, 0.15, 0.1})},
				{bands([]int{50, 60, 70, 80}, []float64{0.1, 0.2, 0.12, 0.05}), bands([]int{50, 60, 70, 80}, []float64{0.15, 0.2, 0.13, 0.05})},
			}},
			EntrantRate: dated([]int{2020}, []float64{0.04}), EntrantAges: bands([]int{18, 22, 30, 40}, []float64{0.1, 0.5, 0.3, 0.1}),
			EntrantFlexibleShare: Const(0.2), ExitRate: Const(0.01), MortalityScale: 1, MortalityImprovement: 0.015,
			Retirement: testRetirement("prc-2025"), DependentsMean: 1.3,
		},
		Economy: Economy{
			ReferenceWage:    dated([]int{2021}, []float64{90000}),
			WageGrowth:       Dist{Mean: Const(0.05), SD: 0.015},
			AveragePension:   dated([]int{2021}, []float64{40000}),
			PensionGrowth:    Dist{Mean: Const(0.03), SD: 0.005},
			MedicalInflation: Dist{Mean: Const(0.03), SD: 0.015},
			UtilizationSD:    0.005, AR: 0.5, Correlation: 0.5, InterestRate: Const(0.015),
			Epidemic: Epidemic{Probability: 0.2, OutpatientFactor: 0.9, InpatientFactor: 0.95, ContributionFactor: 0.9, ExtraCostPerMember: 50},
		},
		Contributions: Contributions{
			EmployerRate: Const(0.065), EmployeeRate: Const(0.02), FlexibleRate: Const(0.08), RetireeRate: Const(0.01),
			BaseFloor: 0.6, BaseCeiling: 3, BaseRatio: Const(0.8), BaseCV: 0.5, FlexibleFloorShare: 0.8,
			FlexiblePoolOnly: PoolOnly{Share: 0.1, Rate: Const(0.06)}, CollectionRate: Const(0.98),
		},
		Accounts: Accounts{
			ReformYear: 2023, ReformStartMonth: 9, TransitionYears: 2,
			ActiveCreditRate: Const(0.02), FlexibleCreditRate: Const(0.02), RetireeQuota: Const(1200), RetireeQuotaIndexation: "pension",
			PaysSelfPay: true, InitialBalanceMean: 2500, InitialBalanceCV: 1, InterestRate: Const(0.015),
			Legacy: LegacyAccounts{ActiveBasis: "own_base", EmployerCreditRateByAge: bands([]int{0, 35, 45}, []float64{0.008, 0.01, 0.015}),
				RetireeBasis: "own_pension", RetireeRateByAge: bands([]int{0, 74}, []float64{0.04, 0.045})},
			Family: Family{Enabled: true, StartYear: 2023, StartMonth: 7, Uptake: Const(0.15), SpendPerDependent: Cost{Mean: 400, CV: 1},
				ResidentPremium: dated([]int{2022, 2024}, []float64{350, 400}), PremiumUptake: 0.1},
		},
		UtilizationTrend: UtilizationTrend{Outpatient: Const(0.01), Inpatient: Const(0.015), Chronic: Const(0.02), Pharmacy: Const(0)},
		Outpatient: Outpatient{
			OutpatientRules: OutpatientRules{Deductible: byStatus(150, 150, 100), PerVisitDeductible: byLevel(0, 5, 10),
				Cap: byStatus(2000, 2000, 2500), Ratio: dated([]int{2022, 2025}, []float64{0.6, 0.65}), RetireeBonus: Const(0.05), Indexation: "wage"},
			VisitsPerYear:          sb(bands([]int{0, 40, 50}, []float64{4, 5.5, 7}), bands([]int{0, 70}, []float64{10, 13})),
			Dispersion:             1.5,
			LevelShare:             LevelShares{Levels: [NumLevels]float64{0.4, 0.3, 0.3}},
			LevelChoiceSensitivity: 3,
			CostPerVisit:           LevelCost{ByLevel: true, Levels: [NumLevels]Cost{{110, 0.9}, {240, 1}, {380, 1.1}}},
			InScopeShare:           0.85, InducedDemandElasticity: -0.2,
			Legacy: OutpatientRules{Ratio: Const(0.1), Deductible: Const(1000), Cap: Const(500)},
		},
		Chronic: Chronic{Enabled: true, Ratio: Const(0.8), RetireeBonus: Const(0.05), Deductible: Const(200), Cap: Const(20000),
			CapScope: "own", InScopeShare: 0.95, Conditions: []Condition{
				{Name: "hypertension", Prevalence: bands([]int{0, 40, 60}, []float64{0.02, 0.1, 0.3}), CertifiedShare: 0.3, AnnualCost: Cost{1500, 0.8}, VisitMultiplier: 1.3},
				{Name: "diabetes", Prevalence: bands([]int{0, 40, 60}, []float64{0.01, 0.05, 0.15}), CertifiedShare: 0.4, AnnualCost: Cost{3000, 0.8}, VisitMultiplier: 1.2},
			}},
		Inpatient: Inpatient{Enabled: true,
			AdmissionsPerYear: sb(bands([]int{0, 50}, []float64{0.05, 0.11}), bands([]int{0, 80}, []float64{0.25, 0.42})),
			LevelShare:        LevelShares{Levels: [NumLevels]float64{0.15, 0.35, 0.5}},
			CostPerAdmission:  LevelCost{ByLevel: true, Levels: [NumLevels]Cost{{4000, 0.8}, {9000, 1}, {18000, 1.2}}},
			InScopeShare:      0.88, Deductible: byLevel(300, 600, 900), SubsequentDeductibleFactor: 0.5,
			Ratio: Const(0.85), RetireeBonus: Const(0.05), Cap: Const(60000),
			SeriousIllness: SeriousIllness{Enabled: true, Ratio: 0.8, Cap: Const(300000), Financing: "pool"},
		},
		Pharmacy: Pharmacy{Enabled: true, AnnualSpend: sb(bands([]int{0, 50}, []float64{600, 900}), bands([]int{0}, []float64{1500})), CV: 1, CashPropensity: 0.4,
			PooledShare: dated([]int{2021, 2023}, []float64{0, 0.2})},
		Maternity: Maternity{Enabled: true, BirthsPerMember: Const(0.012), DeliveryCost: Cost{6000, 0.5}, AllowanceDays: 98},
		Fund:      Fund{InitialBalance: 9e7, OtherIncome: Const(120), Bands: MonthBands{Insufficient: 3, Warning: 6, ReasonableMax: 9, Excess: 15}},
		LifeTable: life,
	}
}

// testRetirement returns the retirement rules of the defaults with the
// given schedule.
func testRetirement(schedule string) Retirement {
	return Retirement{Schedule: schedule, FemaleWorkerShare: 0.5,
		Ages: ByCategory{60, 55, 50}, DelayFrom: 2025,
		DelayStepMonths: ByCategory{4, 4, 2}, DelayMaxMonths: ByCategory{36, 36, 60}}
}
