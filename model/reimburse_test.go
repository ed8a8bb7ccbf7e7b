package model

import (
	"math"
	"testing"
)

func close(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestSettleOutpatient(t *testing.T) {
	tests := []struct {
		name                               string
		inScope, perVisit, ded, ratio, cap float64
		used                               Used
		wantPay, wantDedUsed, wantCapUsed  float64
	}{
		{"deductible crossed mid-visit", 200, 0, 150, 0.7, 2000, Used{}, 35, 150, 35},
		{"deductible partly used before", 80, 0, 150, 0.7, 2000, Used{DeductibleUsed: 100}, 21, 150, 21},
		{"deductible not reached", 100, 0, 150, 0.7, 2000, Used{}, 0, 100, 0},
		{"cap reached mid-visit", 100, 0, 150, 0.7, 2000, Used{DeductibleUsed: 150, CapUsed: 1990}, 10, 150, 2000},
		{"cap already reached", 100, 0, 150, 0.7, 2000, Used{DeductibleUsed: 150, CapUsed: 2000}, 0, 150, 2000},
		{"per-visit deductible then annual, annual not met", 100, 30, 150, 0.7, 2000, Used{}, 0, 70, 0},
		{"per-visit deductible then annual, annual crossed", 200, 30, 150, 0.7, 2000, Used{DeductibleUsed: 70}, 63, 150, 63},
		{"per-visit deductible above cost", 20, 30, 150, 0.7, 2000, Used{}, 0, 0, 0},
		{"cap zero", 500, 0, 0, 0.7, 0, Used{}, 0, 0, 0},
		{"ratio one, no deductible", 500, 0, 0, 1, math.Inf(1), Used{}, 500, 0, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, u := SettleOutpatient(tt.inScope, tt.perVisit, tt.ded, tt.ratio, tt.cap, tt.used)
			if !close(got, tt.wantPay) || !close(u.DeductibleUsed, tt.wantDedUsed) || !close(u.CapUsed, tt.wantCapUsed) {
				t.Errorf("SettleOutpatient(%v) = %v, used %+v; want %v, deductible used %v, cap used %v",
					tt.inScope, got, u, tt.wantPay, tt.wantDedUsed, tt.wantCapUsed)
			}
		})
	}
}

func TestSettleAdmission(t *testing.T) {
	tests := []struct {
		name                              string
		inScope, ded, ratio, cap, capUsed float64
		sRatio, sCap, sUsed               float64
		wantPool, wantSerious             float64
	}{
		{"below cap", 10000, 900, 0.85, 400000, 0, 0.8, 300000, 0, 7735, 0},
		{"cap reached mid-admission, serious layer pays the rest", 10000, 900, 0.85, 400000, 395000, 0.8, 300000, 0,
			5000, 0.8 * (9100 - 5000/0.85)},
		{"serious layer off", 10000, 900, 0.85, 400000, 395000, 0, 300000, 0, 5000, 0},
		{"serious cap reached", 10000, 900, 0.85, 400000, 400000, 0.8, 300000, 299000, 0, 1000},
		{"deductible above cost", 500, 900, 0.85, 400000, 0, 0.8, 300000, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			capUsed, sUsed := tt.capUsed, tt.sUsed
			pool, ser := SettleAdmission(tt.inScope, tt.ded, tt.ratio, tt.cap, &capUsed, tt.sRatio, tt.sCap, &sUsed)
			if !close(pool, tt.wantPool) || !close(ser, tt.wantSerious) {
				t.Errorf("SettleAdmission(%v) = %v, %v; want %v, %v", tt.inScope, pool, ser, tt.wantPool, tt.wantSerious)
			}
			if pool+ser > tt.inScope+1e-9 {
				t.Errorf("payments %v exceed the in-scope cost %v", pool+ser, tt.inScope)
			}
		})
	}
}

func TestSettleChronic(t *testing.T) {
	dedUsed, capUsed := 0.0, 0.0
	// Twelve monthly claims of 125 with a 200 deductible: crossed in month 2.
	var paid []float64
	for range 3 {
		paid = append(paid, SettleChronic(125, 200, 0.8, 20000, &dedUsed, &capUsed))
	}
	want := []float64{0, 0.8 * 50, 0.8 * 125}
	for i := range want {
		if !close(paid[i], want[i]) {
			t.Errorf("chronic claim %d paid %v, want %v", i, paid[i], want[i])
		}
	}
}

func TestPayShare(t *testing.T) {
	tests := []struct {
		name                        string
		share, selfPay, balance     float64
		paysSelfPay                 bool
		wantAccount, wantCash, left float64
	}{
		{"account covers", 80, 10, 100, true, 80, 0, 20},
		{"account exhausted mid-claim", 80, 10, 50, true, 50, 30, 0},
		{"self-pay in cash", 80, 10, 100, false, 70, 10, 30},
		{"empty account", 80, 10, 0, true, 0, 80, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, c, b := PayShare(tt.share, tt.selfPay, tt.paysSelfPay, tt.balance)
			if !close(a, tt.wantAccount) || !close(c, tt.wantCash) || !close(b, tt.left) {
				t.Errorf("PayShare(%v, %v) = %v, %v, balance %v; want %v, %v, %v", tt.share, tt.selfPay, a, c, b, tt.wantAccount, tt.wantCash, tt.left)
			}
		})
	}
}

func TestRetireeBonus(t *testing.T) {
	own := Param{Dates: []DatedValue{{Year: Undated, Value: StatusValue{ByStatus: true,
		Statuses: [NumStatus]LevelValue{{All: 0.7}, {}, {All: 0.8}}, Has: [NumStatus]bool{true, false, true}}}}}
	tests := []struct {
		name  string
		ratio Param
		bonus float64
		s     Status
		want  float64
	}{
		{"active gets no bonus", Const(0.7), 0.05, Active, 0.7},
		{"retiree gets the bonus", Const(0.7), 0.05, Retired, 0.75},
		{"bonus capped at 1", Const(0.97), 0.05, Retired, 1},
		{"own retired entry, no bonus", own, 0.05, Retired, 0.8},
		{"flexible falls back to active", own, 0.05, Flexible, 0.7},
	}
	for _, tt := range tests {
		if got := ratio(tt.ratio, Const(tt.bonus), 2022, tt.s, Primary); !close(got, tt.want) {
			t.Errorf("%s: ratio = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReformWeightAndMonth(t *testing.T) {
	s := testScenario()
	s.BaseYear, s.Horizon = 2020, 5
	s.Accounts.ReformYear, s.Accounts.ReformStartMonth, s.Accounts.TransitionYears = 2021, 9, 3
	path := drawEconomy(s, 1, 0, NewRand(), newStrata(1, Independent))
	wantW := []float64{0, 1.0 / 3, 2.0 / 3, 1, 1}
	wantM := []int{13, 9, 1, 1, 1}
	for y := range 5 {
		r := resolveRules(s, &path, y, nil)
		if !close(r.ReformWeight, wantW[y]) || r.ReformMonth != wantM[y] {
			t.Errorf("%d: weight %v, month %d; want %v, %d", r.T, r.ReformWeight, r.ReformMonth, wantW[y], wantM[y])
		}
	}
	s.Accounts.ReformWeight = Param{Dates: []DatedValue{{Year: 2021, Value: StatusValue{All: LevelValue{All: 0.2}}}, {Year: 2023, Value: StatusValue{All: LevelValue{All: 0.9}}}}}
	wantW = []float64{0, 0.2, 0.2, 0.9, 0.9}
	for y := range 5 {
		r := resolveRules(s, &path, y, nil)
		if !close(r.ReformWeight, wantW[y]) {
			t.Errorf("dated: %d: weight %v, want %v", r.T, r.ReformWeight, wantW[y])
		}
	}
	s.Accounts.ReformYear = 0
	for y := range 5 {
		if r := resolveRules(s, &path, y, nil); r.ReformWeight != 0 || r.ReformMonth != 13 {
			t.Errorf("no reform: %d: weight %v, month %d", r.T, r.ReformWeight, r.ReformMonth)
		}
	}
}

func TestRetirementMonth(t *testing.T) {
	tests := []struct {
		name             string
		birthYear, month int
		cat              uint8
		prc              bool
		want             int // year*12 + month − 1
	}{
		{"legacy man", 1962, 3, catMale, false, 2022*12 + 2},
		{"legacy female worker", 1972, 1, catFemaleWorker, false, 2022 * 12},
		{"prc-2025 man before 2025", 1964, 12, catMale, true, 2024*12 + 11},
		{"prc-2025 man, January 2025: one month", 1965, 1, catMale, true, 2025*12 + 1},
		{"prc-2025 man, May 2025: two months", 1965, 5, catMale, true, 2025*12 + 4 + 2},
		{"prc-2025 man, capped at 36 months", 1990, 1, catMale, true, 2050*12 + 36},
		{"prc-2025 female worker, March 2025: two months", 1975, 3, catFemaleWorker, true, 2025*12 + 2 + 2},
		{"prc-2025 female worker, capped at 60", 2000, 1, catFemaleWorker, true, 2050*12 + 60},
	}
	for _, tt := range tests {
		schedule := "legacy"
		if tt.prc {
			schedule = "prc-2025"
		}
		r := testRetirement(schedule)
		if got := retirementMonth(tt.birthYear, tt.month, tt.cat, &r); got != tt.want {
			t.Errorf("%s: retirementMonth = %d (%d-%02d), want %d (%d-%02d)", tt.name, got, got/12, got%12+1, tt.want, tt.want/12, tt.want%12+1)
		}
	}
}

// TestRetirementTable checks the year's table of retirement months
// (Rules.Retirement) against retirementMonth for every age, category and
// birth month of each year of a horizon that crosses the prc-2025 delay.
func TestRetirementTable(t *testing.T) {
	s := testScenario()
	for _, schedule := range []string{"legacy", "prc-2025"} {
		s.Population.Retirement = testRetirement(schedule)
		path := drawEconomy(s, 1, 0, NewRand(), newStrata(1, Independent))
		for y := range s.Horizon {
			r := resolveRules(s, &path, y, nil)
			for age := range tableAges {
				for cat := range uint8(3) {
					for bm := 1; bm <= 12; bm++ {
						want := min(max(retirementMonth(r.T-age, bm, cat, &s.Population.Retirement)-r.T*12, -1), 12)
						if got := int(r.Retirement[(age*3+int(cat))*12+bm-1]); got != want {
							t.Fatalf("%s %d: age %d, category %d, born in month %d: table %d, want %d", schedule, r.T, age, cat, bm, got, want)
						}
					}
				}
			}
		}
	}
}
