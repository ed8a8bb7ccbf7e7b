package scenarios

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"simulate/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// load loads a scenario file text that extends national-2021.
func load(t *testing.T, text string) (*model.Scenario, []string, error) {
	t.Helper()
	return LoadBytes("test.yaml", []byte("extends: national-2021\n"+text))
}

func TestBuiltinsLoad(t *testing.T) {
	bs := Builtins()
	var names []string
	for _, b := range bs {
		names = append(names, b.Name)
		if b.Description == "" {
			t.Errorf("built-in %s has no description", b.Name)
		}
	}
	want := []string{"bench-v1", "national-2021", "qiannan-2022", "status-quo", "taiyuan-2022"}
	if !slices.Equal(names, want) {
		t.Fatalf("Builtins() = %v, want %v", names, want)
	}
	for _, name := range names {
		s, warns, err := Load(name)
		if err != nil {
			t.Errorf("Load(%q): %v", name, err)
			continue
		}
		// bench-v1 makes national-2021's dated inpatient trend flat, so
		// the draw it inherits of the trend's 2024 value changes nothing:
		// the one warning a built-in has.
		if name == "bench-v1" && len(warns) == 1 && strings.Contains(warns[0], "uncertainty.utilization_trend.inpatient.2024: utilization_trend.inpatient is not dated in this scenario") {
			warns = nil
		}
		if len(warns) > 0 {
			t.Errorf("Load(%q) warnings: %v", name, warns)
		}
		if s.Name != name {
			t.Errorf("Load(%q).Name = %q", name, s.Name)
		}
		if len(s.LifeTable.Male) != 106 || s.LifeTable.Name != "china-2020-gm" {
			t.Errorf("Load(%q): life table %q with %d ages, want china-2020-gm with 106", name, s.LifeTable.Name, len(s.LifeTable.Male))
		}
	}
	sq, _, _ := Load("status-quo")
	if sq.Accounts.ReformYear != 0 {
		t.Errorf("status-quo reform_year = %d, want 0", sq.Accounts.ReformYear)
	}
	if sq.Description == "" || strings.Contains(sq.Description, "guideline on") {
		t.Errorf("status-quo description = %q, want its own", sq.Description)
	}
	b, _, _ := Load("bench-v1")
	if b.Horizon != 10 || b.Chronic.Enabled || b.BaseYear != 2021 {
		t.Errorf("bench-v1: horizon %d, chronic %v, base %d; want 10, false, 2021", b.Horizon, b.Chronic.Enabled, b.BaseYear)
	}
	if _, _, err := Load("nosuch"); err == nil || !strings.Contains(err.Error(), "national-2021") {
		t.Errorf("Load(nosuch) = %v, want an error listing the built-ins", err)
	}
}

func TestBenchCopy(t *testing.T) {
	data, err := builtinFS.ReadFile("builtin/bench-v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("name: bench-v1\nextends: national-2021\nhorizon: 10\n")) || !bytes.Contains(data, []byte("# Source:")) {
		t.Errorf("builtin/bench-v1.yaml is not the benchmark scenario with a source comment")
	}
}

func TestNationalOrderOfMagnitude(t *testing.T) {
	s, _, err := Load("national-2021")
	if err != nil {
		t.Fatal(err)
	}
	// 2021 fund income ≈ 19,003 (100m yuan): actives and flexible at a base near
	// the wage must pay within a factor of two of it.
	w := s.Economy.ReferenceWage.Value(2020)
	rate := s.Contributions.EmployerRate.Value(2021) + s.Contributions.EmployeeRate.Value(2021)
	income := s.Population.Insured * (1 - s.Population.RetiredShare) * w * s.Contributions.BaseRatio.Value(2021) * rate
	if income < 0.5*19003e8 || income > 2*19003e8 {
		t.Errorf("rough 2021 contributions %.4g yuan, want within a factor 2 of 1.9e12", income)
	}
	if s.Fund.InitialBalance != 1539656000000 {
		t.Errorf("fund.initial_balance = %v, want 1539656000000", s.Fund.InitialBalance)
	}
}

func TestCanonicalRoundTrip(t *testing.T) {
	for _, b := range Builtins() {
		t.Run(b.Name, func(t *testing.T) {
			r, err := Resolve(b.Name)
			if err != nil {
				t.Fatal(err)
			}
			for _, text := range [][]byte{Canonical(r.Scenario), Annotated(r.Scenario, r.Sources)} {
				s2, _, err := LoadBytes(filepath.Join(t.TempDir(), "scenario.yaml"), text)
				if err != nil {
					t.Fatalf("loading Canonical output: %v\n%s", err, text)
				}
				if got, want := Canonical(s2), Canonical(r.Scenario); !bytes.Equal(got, want) {
					t.Errorf("Canonical after reload differs:\n%s\nwant\n%s", got, want)
				}
			}
			if bytes.Contains(Canonical(r.Scenario), []byte("extends")) {
				t.Errorf("Canonical output has extends")
			}
		})
	}
}

func TestCanonicalForms(t *testing.T) {
	s, _, err := load(t, "accounts: {reform_year: null}\noutpatient: {cap: none, deductible: 150}\n")
	if err != nil {
		t.Fatal(err)
	}
	c := string(Canonical(s))
	for _, want := range []string{"\n  reform_year: null\n", "\n  cap: none\n", "\n  deductible: 150\n", "\n  insured: 3.4455e+08\n"} {
		if !strings.Contains(c, want) {
			t.Errorf("Canonical lacks %q", want)
		}
	}
}

func TestParamSyntax(t *testing.T) {
	lv := func(p, s, t float64) model.LevelValue {
		return model.LevelValue{ByLevel: true, Levels: [3]float64{p, s, t}}
	}
	tests := []struct {
		name, text string
		get        func(s *model.Scenario) model.Param
		want       model.Param
	}{
		{"scalar", "outpatient: {deductible: 150}", func(s *model.Scenario) model.Param { return s.Outpatient.Deductible }, model.Const(150)},
		{"none", "outpatient: {cap: none}", func(s *model.Scenario) model.Param { return s.Outpatient.Cap }, model.Const(math.Inf(1))},
		{"by status", "outpatient: {deductible: {active: 1800, retired: 1300}}", func(s *model.Scenario) model.Param { return s.Outpatient.Deductible },
			model.Param{Dates: []model.DatedValue{{Year: model.Undated, Value: model.StatusValue{ByStatus: true,
				Statuses: [3]model.LevelValue{{All: 1800}, {}, {All: 1300}}, Has: [3]bool{true, false, true}}}}}},
		{"by level", "outpatient: {ratio: {primary: 0.7, secondary: 0.6, tertiary: 0.5}}", func(s *model.Scenario) model.Param { return s.Outpatient.Ratio },
			model.Param{Dates: []model.DatedValue{{Year: model.Undated, Value: model.StatusValue{All: lv(0.7, 0.6, 0.5)}}}}},
		{"dated, sorted", "outpatient: {deductible: {2025: 200, 2021: 150}}", func(s *model.Scenario) model.Param { return s.Outpatient.Deductible },
			model.Param{Dates: []model.DatedValue{{Year: 2021, Value: model.StatusValue{All: model.LevelValue{All: 150}}}, {Year: 2025, Value: model.StatusValue{All: model.LevelValue{All: 200}}}}}},
		{"year > status > level", "outpatient: {ratio: {2021: {active: {primary: 0.9, secondary: 0.7, tertiary: 0.7}, flexible: 0.6, retired: {primary: 0.95, secondary: 0.85, tertiary: 0.85}}}}",
			func(s *model.Scenario) model.Param { return s.Outpatient.Ratio },
			model.Param{Dates: []model.DatedValue{{Year: 2021, Value: model.StatusValue{ByStatus: true,
				Statuses: [3]model.LevelValue{lv(0.9, 0.7, 0.7), {All: 0.6}, lv(0.95, 0.85, 0.85)}, Has: [3]bool{true, true, true}}}}}},
		{"dist mean dated", "economy: {wage_growth: {mean: {2020: 0.05, 2030: 0.04}, sd: 0.01}}", func(s *model.Scenario) model.Param { return s.Economy.WageGrowth.Mean },
			model.Param{Dates: []model.DatedValue{{Year: 2020, Value: model.StatusValue{All: model.LevelValue{All: 0.05}}}, {Year: 2030, Value: model.StatusValue{All: model.LevelValue{All: 0.04}}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, err := load(t, tt.text+"\n")
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.get(s); !paramEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func paramEqual(a, b model.Param) bool {
	return slices.EqualFunc(a.Dates, b.Dates, func(x, y model.DatedValue) bool { return x == y })
}

func TestValueSyntax(t *testing.T) {
	tests := []struct {
		name, text string
		check      func(s *model.Scenario) bool
	}{
		{"age bands", "outpatient: {visits_per_year: {0: 4, 40: 5.5, 60: 9}}", func(s *model.Scenario) bool {
			v := s.Outpatient.VisitsPerYear
			return !v.ByStatus && slices.Equal(v.All.Bounds, []int{0, 40, 60}) && v.At(model.Retired, 45) == 5.5
		}},
		{"status bands, flexible falls back", "outpatient: {visits_per_year: {active: {0: 4}, retired: {0: 10, 70: 13}}}", func(s *model.Scenario) bool {
			v := s.Outpatient.VisitsPerYear
			return v.ByStatus && v.At(model.Flexible, 30) == 4 && v.At(model.Retired, 75) == 13
		}},
		{"level cost, one for all", "outpatient: {cost_per_visit: {mean: 200, cv: 0.5}}", func(s *model.Scenario) bool {
			return s.Outpatient.CostPerVisit.At(model.Tertiary) == model.Cost{Mean: 200, CV: 0.5}
		}},
		{"cost cv optional", "maternity: {delivery_cost: {mean: 5000}}", func(s *model.Scenario) bool {
			return s.Maternity.DeliveryCost == model.Cost{Mean: 5000}
		}},
		{"null reform year", "accounts: {reform_year: null}", func(s *model.Scenario) bool { return s.Accounts.ReformYear == 0 }},
		{"reform weight unset", "accounts: {reform_weight: null}", func(s *model.Scenario) bool { return !s.Accounts.ReformWeight.IsSet() }},
		{"epidemic years", "economy: {epidemic: {years: [2022, 2023]}}", func(s *model.Scenario) bool {
			return slices.Equal(s.Economy.Epidemic.Years, []int{2022, 2023})
		}},
		{"conditions in file order", "chronic: {conditions: {b: {prevalence: {0: 0.1}, certified_share: 1, annual_cost: {mean: 1, cv: 0}, visit_multiplier: 1}, a: {prevalence: {0: 0.2}, certified_share: 1, annual_cost: {mean: 1, cv: 0}, visit_multiplier: 1}}}", func(s *model.Scenario) bool {
			c := s.Chronic.Conditions
			return len(c) == 2 && c[0].Name == "b" && c[1].Name == "a" && c[1].Prevalence.At(50) == 0.2
		}},
		{"uncertainty in file order", "uncertainty: {outpatient.ratio.primary: {uniform: [0.6, 0.8]}, economy.wage_growth.mean: {normal: [0.05, 0.01]}, chronic.conditions.diabetes.annual_cost.mean: {lognormal: [3000, 0.2]}}", func(s *model.Scenario) bool {
			u := s.Uncertainty
			return len(u) == 3 && u[0].Key == "outpatient.ratio.primary" && u[0].Kind == "uniform" && slices.Equal(u[0].Args, []float64{0.6, 0.8}) && u[1].Kind == "normal"
		}},
		{"age structure with a zero share omitted", "population: {flexible_share: 0, age_structure: {active: {male: {20: 1}, female: {20: 1}}, retired: {male: {60: 1}, female: {55: 1}}}}", func(s *model.Scenario) bool {
			return !s.Population.AgeStructure.Weights[model.Flexible][0].IsSet()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, err := load(t, tt.text+"\n")
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(s) {
				t.Errorf("%s: decoded value is wrong", tt.text)
			}
		})
	}
}

// TestErrors checks that each mistake gives one message naming the file,
// line and key path.
func TestErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"unknown key", "outpatient: {dedcutible: 150}", "test.yaml:2: outpatient.dedcutible: unknown key (did you mean deductible?)"},
		{"wrong type", "horizon: ten", `test.yaml:2: horizon: expected an integer, got "ten"`},
		{"out of range", "horizon: 0", "test.yaml:2: horizon: 0 is below 1"},
		{"range inside a param", "outpatient: {ratio: {primary: 1.2, secondary: 0.6, tertiary: 0.5}}", "test.yaml:2: outpatient.ratio.primary: 1.2 is above 1"},
		{"bad enum", "outpatient: {indexation: wages}", `test.yaml:2: outpatient.indexation: "wages" is not one of none, wage, price, pension`},
		{"mixed keys", "outpatient: {ratio: {primary: 0.7, retired: 0.8}}", "outpatient.ratio.retired: mixes level and status keys"},
		{"missing retired", "outpatient: {deductible: {active: 100, flexible: 50}}", "outpatient.deductible: by status needs active and retired (flexible is optional): missing retired"},
		{"missing level", "outpatient: {ratio: {primary: 0.7, tertiary: 0.5}}", "outpatient.ratio: by level needs primary, secondary and tertiary: missing secondary"},
		{"status under level", "outpatient: {ratio: {primary: {active: 0.7}, secondary: 0.6, tertiary: 0.5}}", "expected a number, got a mapping"},
		{"none not allowed", "outpatient: {deductible: none}", `outpatient.deductible: expected a number, got "none"`},
		{"descending bands", "outpatient: {visits_per_year: {0: 4, 60: 9, 40: 5}}", "outpatient.visits_per_year.40: age bands must ascend: 40 follows 60"},
		{"shares", "inpatient: {level_share: {primary: 0.5, secondary: 0.3, tertiary: 0.3}}", "inpatient.level_share: shares sum to 1.1, not 1"},
		{"negative cost", "maternity: {delivery_cost: {mean: -1, cv: 0}}", "maternity.delivery_cost.mean: -1 is below 0"},
		{"ratio + bonus", "chronic: {ratio: 0.98, retiree_bonus: 0.05}", "chronic.ratio: ratio 0.98 + retiree_bonus 0.05 exceeds 1 (primary)"},
		{"retired entry exempts bonus", "chronic: {ratio: {active: 0.98, retired: 0.99}, retiree_bonus: 0.05}", ""},
		{"shares over 1", "population: {retired_share: 0.6, flexible_share: 0.5}", "retired_share 0.6 + flexible_share 0.5 exceeds 1"},
		{"dated too late", "outpatient: {deductible: {2023: 150}}", "outpatient.deductible: dated values start in 2023: give a value for 2021"},
		{"wage needs previous year", "economy: {reference_wage: {2021: 90000}}", "economy.reference_wage: dated values start in 2021: give a value for 2020"},
		{"floor above ceiling", "contributions: {base_floor: 4, base_ceiling: 3}", "contributions.base_floor: base_floor 4 is above base_ceiling 3"},
		{"start month", "accounts: {reform_start_month: 13}", "accounts.reform_start_month: 13 is above 12"},
		{"age structure missing status", "population: {flexible_share: 0, age_structure: {active: {male: {20: 1}, female: {20: 1}}}}", "population.age_structure: no weights for retired, whose share is 0.2619"},
		{"age structure zero", "population: {age_structure: {active: {male: {20: 0}, female: {20: 0}}, flexible: {male: {20: 1}, female: {20: 1}}, retired: {male: {60: 1}, female: {55: 1}}}}", "population.age_structure.active: all weights are zero"},
		{"uncertainty arity", "uncertainty: {utilization_trend.inpatient: {uniform: [0.1]}}", "uncertainty.utilization_trend.inpatient: uniform takes a list of 2 numbers"},
		{"uncertainty low high", "uncertainty: {utilization_trend.inpatient: {uniform: [0.2, 0.1]}}", "uniform needs low < high, got [0.2, 0.1]"},
		{"uncertainty triangular", "uncertainty: {utilization_trend.inpatient: {triangular: [0.1, 0.3, 0.2]}}", "triangular needs low ≤ mode ≤ high"},
		{"uncertainty key", "uncertainty: {outpatient.nosuch: {normal: [0, 1]}}", `uncertainty.outpatient.nosuch: "nosuch" is not a key of outpatient (known keys: deductible, per_visit_deductible, cap,`},
		{"uncertainty key typo", "uncertainty: {outpatient.dispersio: {normal: [0, 1]}}", `uncertainty.outpatient.dispersio: "dispersio" is not a key of outpatient (did you mean dispersion?)`},
		{"uncertainty year order", "uncertainty: {outpatient.ratio.primary.2025: {normal: [0.6, 0.01]}}", "uncertainty.outpatient.ratio.primary.2025: a year key is not allowed here: expected no further key (nesting order year > status > level)"},
		{"uncertainty integer", "uncertainty: {accounts.reform_start_month: {uniform: [1, 12]}}", "uncertainty.accounts.reform_start_month: an integer key, not a real number that can be drawn"},
		{"uncertainty enum key", "uncertainty: {outpatient.indexation: {normal: [0, 1]}}", "uncertainty.outpatient.indexation: does not name a number"},
		{"uncertainty kind", "uncertainty: {outpatient.dispersion: {beta: [1, 2]}}", `unknown distribution "beta"`},
		{"life table", "population: {life_table: mars}", `population.life_table: unknown life table "mars"`},
		{"condition missing key", "chronic: {conditions: {x: {prevalence: {0: 0.1}}}}", "chronic.conditions.x: missing certified_share, annual_cost, visit_multiplier"},
		{"bool", "chronic: {enabled: yes}", `chronic.enabled: expected true or false, got "yes"`},
		{"duplicate key", "horizon: 5\nhorizon: 6", "horizon: duplicate key (first at line 2)"},
		{"sweep accepted", `sweep: {vary: {outpatient.cap: "1000,2000"}, zip: false, samples: 0, metrics: [pool_balance]}`, ""},
		{"sweep vary list", "sweep: {vary: [outpatient.cap]}", "sweep.vary: expected a mapping of KEY: SPEC, got a list"},
		{"sweep zip", "sweep: {vary: {outpatient.cap: 1000}, zip: 1}", `sweep.zip: expected true or false, got "1"`},
		{"sweep metric", "sweep: {vary: {outpatient.cap: 1000}, metrics: [pool_balanse]}", `sweep.metrics: unknown metric "pool_balanse"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := load(t, tt.text+"\n")
			if tt.want == "" {
				if err != nil {
					t.Errorf("error %v, want none", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != 1 {
				t.Errorf("%d messages, want 1:\n%v", len(lines), err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"cap below deductible", "outpatient: {deductible: 1500, cap: 1000}", "test.yaml:2: outpatient.cap: cap 1000 is below the deductible 1500"},
		{"outside local ranges", "outpatient: {deductible: 2000}", "outpatient.deductible: 2000 is outside the deductible range of local rules, 0 to 1800"},
		{"tertiary ratio", "outpatient: {ratio: {primary: 0.7, secondary: 0.6, tertiary: 0.8}}", "outpatient.ratio.tertiary: 0.8 is outside the tertiary ratio range"},
		{"draw of a year of an undated parameter", "uncertainty: {outpatient.cap.2025: {uniform: [1000, 3000]}}", "test.yaml:2: uncertainty.outpatient.cap.2025: outpatient.cap is not dated in this scenario, so this draw changes nothing (name no year to draw it in every year)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warns, err := load(t, tt.text+"\n")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, tt.want) }) {
				t.Errorf("warnings %q, want one containing %q", warns, tt.want)
			}
		})
	}
}

// TestFiveMistakes checks that every problem of a file is reported at once,
// in line order (golden: testdata/five-mistakes.err; -update rewrites it).
func TestFiveMistakes(t *testing.T) {
	_, _, err := Load("testdata/five-mistakes.yaml")
	if err == nil {
		t.Fatal("no error")
	}
	got := err.Error() + "\n"
	golden := "testdata/five-mistakes.err"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, rerr := os.ReadFile(golden)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if got != string(want) {
		t.Errorf("errors:\n%s\nwant (%s):\n%s", got, golden, want)
	}
	if n := strings.Count(got, "\n"); n != 5 {
		t.Errorf("%d messages, want 5", n)
	}
}

func TestMerge(t *testing.T) {
	s, _, err := load(t, "name: child\noutpatient: {ratio: {primary: 0.6, secondary: 0.5, tertiary: 0.4}, deductible: 100}\nuncertainty: {}\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range []int{2021, 2022, 2023, 2030} {
		if got, _, _ := s.Outpatient.Ratio.Benefit(y, model.Active, model.Secondary); got != 0.5 {
			t.Errorf("ratio in %d = %v, want 0.5 (replaced whole)", y, got)
		}
	}
	if s.Outpatient.Ratio.Dated() {
		t.Errorf("ratio still dated: %+v", s.Outpatient.Ratio)
	}
	if got := s.Outpatient.Cap.Value(2021); got != 3000 {
		t.Errorf("cap = %v, want the parent's 3000 (sections merge key by key)", got)
	}
	if got := s.Outpatient.Legacy.Ratio.Value(2021); got != 0 {
		t.Errorf("legacy ratio = %v, want the parent's 0", got)
	}
	if len(s.Uncertainty) != 0 {
		t.Errorf("uncertainty: {} left %v", s.Uncertainty)
	}
	if s.Name != "child" || s.Description != "" {
		t.Errorf("name, description = %q, %q; want child and no inherited description", s.Name, s.Description)
	}
	s2, _, err := load(t, "outpatient: {legacy: {ratio: 0.2}}\n")
	if err != nil {
		t.Fatal(err)
	}
	if s2.Name != "test" {
		t.Errorf("name = %q, want test (from the file name)", s2.Name)
	}
	if s2.Outpatient.Legacy.Ratio.Value(2021) != 0.2 || !math.IsInf(s2.Outpatient.Legacy.Cap.Value(2021), 1) || s2.Outpatient.Deductible.Value(2021) != 300 {
		t.Errorf("nested section merge lost keys: %+v", s2.Outpatient.Legacy)
	}
	if len(s2.Uncertainty) != 6 {
		t.Errorf("uncertainty not inherited: %v", s2.Uncertainty)
	}
}

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExtends(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "base/parent.yaml", "extends: national-2021\nhorizon: 7\noutpatient: {deductible: 500}\n")
	child := write(t, dir, "sub/child.yaml", "extends: ../base/parent.yaml\noutpatient: {cap: 5000}\n")
	s, _, err := Load(child)
	if err != nil {
		t.Fatal(err)
	}
	if s.Horizon != 7 || s.Outpatient.Deductible.Value(2021) != 500 || s.Outpatient.Cap.Value(2021) != 5000 || s.BaseYear != 2021 {
		t.Errorf("chain: horizon %d deductible %v cap %v base %d", s.Horizon, s.Outpatient.Deductible.Value(2021), s.Outpatient.Cap.Value(2021), s.BaseYear)
	}
	// an error in a parent names the parent file
	bad := write(t, dir, "bad/parent.yaml", "extends: national-2021\n\nhorizon: 0\n")
	_ = bad
	badChild := write(t, dir, "bad/child.yaml", "extends: parent.yaml\nbase_year: 2021\n")
	if _, _, err := Load(badChild); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "bad/parent.yaml")+":3: horizon: 0 is below 1") {
		t.Errorf("error %v, want it to name the parent's file and line", err)
	}

	write(t, dir, "a.yaml", "horizon: 5\nextends: b.yaml\n")
	write(t, dir, "b.yaml", "\nextends: a.yaml\n")
	missing := write(t, dir, "m.yaml", "\n\nextends: nowhere.yaml\n")
	tests := []struct{ name, file, want string }{
		{"cycle", filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml") + ":2: extends: cycle: "},
		{"missing parent", missing, missing + ":3: extends: parent " + filepath.Join(dir, "nowhere.yaml") + " does not exist"},
		{"unknown built-in", write(t, dir, "u.yaml", "extends: national-2022\n"), "u.yaml:1: extends: unknown scenario \"national-2022\": built-ins are bench-v1, national-2021, qiannan-2022, status-quo, taiyuan-2022"},
		{"self", write(t, dir, "self.yaml", "extends: self.yaml\n"), "self.yaml:1: extends: cycle: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load(%s) = %v, want %q", tt.file, err, tt.want)
			}
		})
	}
}

func TestJunk(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, _, err := Load(big); err == nil || !strings.Contains(err.Error(), "more than a scenario file may hold") {
		t.Errorf("Load(big) = %v, want a size error", err)
	}
	tests := []struct{ name, text, want string }{
		{"empty", "", "j.yaml: empty scenario file"},
		{"comments only", "# nothing\n", "j.yaml: empty scenario file"},
		{"binary", "\x00\x01\x02ELF", "not a text file"},
		{"latin-1", "name: caf\xe9\n", "j.yaml:1: not valid UTF-8"},
		{"syntax", "name: a\n  b: [\n", "j.yaml:"},
		{"tab indent", "outpatient:\n\tcap: 1\n", "j.yaml:2: YAML syntax"},
		{"list", "- a\n- b\n", "j.yaml:1: a scenario is a mapping of keys, got a list"},
		{"scalar", "hello", "a scenario is a mapping"},
		{"two documents", "horizon: 5\n---\nhorizon: 6\n", "more than one YAML document"},
		{"deep", strings.Repeat("[", 20000), "j.yaml"},
		{"alias", "a: &x {deductible: 5}\noutpatient: *x\n", "j.yaml:1: a: unknown key"},
		{"alias bomb", "x: &a [1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nuncertainty: *c\n", "j.yaml"},
		{"key as mapping", "? {a: 1}\n: 2\n", "a key must be a plain word"},
		{"extends list", "extends: [a, b]\n", "j.yaml:1: extends: expected a built-in name or a file path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := LoadBytes("j.yaml", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadBytes(%.30q) = %v, want %q", tt.text, err, tt.want)
			}
		})
	}
}

func TestValidateOverrides(t *testing.T) {
	s, _, err := Load("national-2021")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Validate(s); err != nil {
		t.Fatalf("Validate(national-2021) = %v", err)
	}
	s.Horizon = 0
	s.Outpatient.Cap = model.Const(100)
	s.Inpatient.LevelShare.Levels[0] = 0.5
	warns, err := Validate(s)
	want := "horizon: 0 is below 1\ninpatient.level_share: shares sum to 1.4, not 1"
	if err == nil || err.Error() != want {
		t.Errorf("Validate = %v, want\n%s", err, want)
	}
	if !slices.ContainsFunc(warns, func(w string) bool {
		return strings.HasPrefix(w, "outpatient.cap: cap 100 is below the deductible 300")
	}) {
		t.Errorf("warnings %q lack the cap below the deductible", warns)
	}
}

func FuzzLoadBytes(f *testing.F) {
	// Small seeds: the large built-in text makes each execution slow under
	// the fuzzer's coverage instrumentation.
	for _, name := range []string{"bench-v1", "status-quo"} {
		data, _ := builtinFS.ReadFile("builtin/" + name + ".yaml")
		f.Add(data)
	}
	f.Add([]byte("outpatient: {ratio: {2021: {active: {primary: 1}}}}"))
	f.Add([]byte("horizon: 010\noutpatient: {cap: 0x10, deductible: {2021: 1_000, 02025: .5}}\neconomy: {wage_growth: {mean: -0.2, sd: 0.2}}\nname: \"a\\tb\""))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := LoadBytes("fuzz.yaml", data)
		if (s == nil) == (err == nil) {
			t.Fatalf("LoadBytes = %v, %v: want exactly one of a scenario and an error", s, err)
		}
		if s != nil {
			if _, err := Validate(s); err != nil {
				t.Fatalf("loaded scenario fails Validate: %v", err)
			}
			c := Canonical(s)
			s2, _, err := LoadBytes("canonical.yaml", c)
			if err != nil {
				t.Fatalf("Canonical output does not load: %v\n%s", err, c)
			}
			if c2 := Canonical(s2); !bytes.Equal(c, c2) {
				t.Fatalf("Canonical changes on reload:\n%s\nthen\n%s", c, c2)
			}
		}
	})
}

// TestFuzzSeeds checks that the committed seed corpus of FuzzLoadBytes
// (testdata/fuzz/FuzzLoadBytes) holds what the names say: valid-* files load.
func TestFuzzSeeds(t *testing.T) {
	paths, err := filepath.Glob("testdata/fuzz/FuzzLoadBytes/*")
	if err != nil || len(paths) < 6 {
		t.Fatalf("%d seed files (%v), want the committed corpus", len(paths), err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lit, ok := strings.CutPrefix(string(data), "go test fuzz v1\n[]byte(")
		lit, ok2 := strings.CutSuffix(lit, ")\n")
		text, err := strconv.Unquote(lit)
		if !ok || !ok2 || err != nil {
			t.Errorf("%s: not one []byte in the Go fuzz corpus format", p)
			continue
		}
		_, _, err = LoadBytes("fuzz.yaml", []byte(text))
		if valid := strings.HasPrefix(filepath.Base(p), "valid-"); valid != (err == nil) {
			t.Errorf("%s: LoadBytes error %v, want valid %v", p, err, valid)
		}
	}
}
