package scenarios

import (
	"bytes"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"simulate/model"
)

// annotatedLine returns the value and the comment of the line of key path
// in Annotated (or Canonical) output, found by indentation.
func annotatedLine(text []byte, path string) (value, comment string, ok bool) {
	want := strings.Split(path, ".")
	var stack []string // keys of the enclosing lines, by depth
	for line := range strings.Lines(string(text)) {
		line = strings.TrimRight(line, "\n")
		trimmed := strings.TrimLeft(line, " ")
		depth := (len(line) - len(trimmed)) / 2
		key, rest, found := strings.Cut(trimmed, ":")
		if !found {
			continue
		}
		stack = append(stack[:min(depth, len(stack))], key)
		if strings.Join(stack, ".") != strings.Join(want, ".") {
			continue
		}
		value, comment, _ = strings.Cut(strings.TrimSpace(rest), "  # ")
		return value, comment, true
	}
	return "", "", false
}

// TestQiannanSources checks the rules of seed 002 in qiannan-2022 and that
// Annotated (what simulate show prints) gives each its source, also in a file
// that extends qiannan-2022 without restating them.
func TestQiannanSources(t *testing.T) {
	want := []struct{ path, value, comment string }{
		{"outpatient.deductible", "150", "seed 002: 150 yuan per person per calendar year (local-rules.csv: qiannan outpatient_deductible)"},
		{"outpatient.cap", "2000", "seed 002: the pool pays at most 2000 yuan a year (local-rules.csv: qiannan outpatient_cap)"},
		{"outpatient.ratio", "{primary: 0.7, secondary: 0.6, tertiary: 0.5}", "seed 002: 70%, 60%, 50% by level, primary including village clinics (local-rules.csv: qiannan outpatient_ratio)"},
		{"outpatient.retiree_bonus", "0.05", `seed 002: "increased by 5%" for retirees, read as +5 points (local-rules.csv: qiannan outpatient_retiree_bonus)`},
		{"accounts.retiree_quota", "1200", "seed 002: 1200 yuan per retiree per year from the pool (local-rules.csv: qiannan retiree_quota)"},
		{"accounts.flexible_credit_rate", "0.02", "seed 002: 2% of the flexible worker's contribution base (local-rules.csv: qiannan flexible_account_credit_rate)"},
	}
	child := write(t, t.TempDir(), "child.yaml", "extends: qiannan-2022\nhorizon: 5\noutpatient: {dispersion: 2}\n")
	for _, name := range []string{"qiannan-2022", child} {
		r, err := Resolve(name)
		if err != nil {
			t.Fatalf("Resolve(%s): %v", name, err)
		}
		out := Annotated(r.Scenario, r.Sources)
		for _, w := range want {
			value, comment, ok := annotatedLine(out, w.path)
			if !ok {
				t.Errorf("%s: Annotated has no line for %s", filepath.Base(name), w.path)
				continue
			}
			if value != w.value || comment != w.comment {
				t.Errorf("%s: Annotated %s = %q  # %q\nwant %q  # %q", filepath.Base(name), w.path, value, comment, w.value, w.comment)
			}
		}
	}
	s, _, err := Load("qiannan-2022")
	if err != nil {
		t.Fatal(err)
	}
	a := s.Accounts
	if a.ReformYear != 2022 || a.ReformStartMonth != 9 || a.TransitionYears != 0 || a.ReformWeight.IsSet() {
		t.Errorf("reform %d-%02d, transition %d, reform_weight set %v; want 2022-09, 0, unset (seed 002)", a.ReformYear, a.ReformStartMonth, a.TransitionYears, a.ReformWeight.IsSet())
	}
	if s.BaseYear != 2022 || s.Horizon != 10 || s.Population.Insured != 520000 {
		t.Errorf("base %d, horizon %d, insured %v; want 2022, 10, 520000", s.BaseYear, s.Horizon, s.Population.Insured)
	}
}

// TestTaiyuanRules checks the rules of seed 004 and of the unverified
// local-rules.csv row taiyuan outpatient in taiyuan-2022.
func TestTaiyuanRules(t *testing.T) {
	r, err := Resolve("taiyuan-2022")
	if err != nil {
		t.Fatal(err)
	}
	s := r.Scenario
	if f := s.Accounts.Family; !f.Enabled || f.StartYear != 2022 || f.StartMonth != 7 {
		t.Errorf("family mutual aid %v from %d-%02d, want enabled from 2022-07 (seed 004)", f.Enabled, f.StartYear, f.StartMonth)
	}
	o := s.Outpatient
	tests := []struct {
		name string
		p    model.Param
		s    model.Status
		l    model.Level
		want float64
	}{
		{"per-visit deductible primary", o.PerVisitDeductible, model.Active, model.Primary, 30},
		{"per-visit deductible secondary", o.PerVisitDeductible, model.Retired, model.Secondary, 50},
		{"per-visit deductible tertiary", o.PerVisitDeductible, model.Flexible, model.Tertiary, 80},
		{"ratio primary", o.Ratio, model.Active, model.Primary, 0.60},
		{"ratio secondary", o.Ratio, model.Active, model.Secondary, 0.55},
		{"ratio tertiary", o.Ratio, model.Active, model.Tertiary, 0.50},
		{"retiree bonus", o.RetireeBonus, model.Retired, model.Primary, 0.05},
		{"cap actives", o.Cap, model.Active, model.Primary, 1800},
		{"cap flexible falls back to actives", o.Cap, model.Flexible, model.Primary, 1800},
		{"cap retirees", o.Cap, model.Retired, model.Tertiary, 2000},
		{"annual deductible", o.Deductible, model.Active, model.Primary, 0},
	}
	for _, tt := range tests {
		if got, _, ok := tt.p.Benefit(2022, tt.s, tt.l); !ok || got != tt.want {
			t.Errorf("%s = %v (in force %v), want %v", tt.name, got, ok, tt.want)
		}
	}
	out := Annotated(s, r.Sources)
	for _, path := range []string{"outpatient.per_visit_deductible", "outpatient.ratio", "outpatient.retiree_bonus", "outpatient.cap"} {
		if _, comment, _ := annotatedLine(out, path); !strings.HasPrefix(comment, "UNVERIFIED: local-rules.csv: taiyuan outpatient") {
			t.Errorf("%s comment %q, want it marked UNVERIFIED with its local-rules.csv row", path, comment)
		}
	}
	for _, path := range []string{"accounts.family.start_year", "accounts.family.start_month"} {
		if _, comment, _ := annotatedLine(out, path); !strings.HasPrefix(comment, "seed 004") {
			t.Errorf("%s comment %q, want seed 004", path, comment)
		}
	}
}

// TestBuiltinEstimatesSaid checks that every line setting a value in the
// local built-ins carries a source comment, and that they say the
// population is an estimate.
func TestBuiltinEstimatesSaid(t *testing.T) {
	for _, name := range []string{"qiannan-2022", "taiyuan-2022"} {
		data, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("THE POPULATION IS AN ESTIMATE")) {
			t.Errorf("%s: the header does not say the population is an estimate", name)
		}
		for i, line := range strings.Split(string(data), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok || strings.HasPrefix(strings.TrimSpace(line), "#") || strings.TrimSpace(v) == "" || strings.HasPrefix(strings.TrimSpace(v), "#") {
				continue // a comment, a section key or no value
			}
			if k == "name" || k == "description" || k == "extends" {
				continue
			}
			if !strings.Contains(v, "  # ") {
				t.Errorf("builtin/%s.yaml:%d: %s has no source comment", name, i+1, strings.TrimSpace(k))
			}
		}
	}
}

// TestCanonicalStable checks the fingerprint's basis: two loads of each
// built-in give the same Canonical bytes, and moving any one number of
// national-2021 by the least step (one ulp, or 1 for an integer) changes them.
func TestCanonicalStable(t *testing.T) {
	for _, b := range Builtins() {
		s1, _, err1 := Load(b.Name)
		s2, _, err2 := Load(b.Name)
		if err1 != nil || err2 != nil {
			t.Fatalf("Load(%s): %v, %v", b.Name, err1, err2)
		}
		if !bytes.Equal(Canonical(s1), Canonical(s2)) {
			t.Errorf("%s: Canonical differs between two loads", b.Name)
		}
	}

	text, err := builtinFS.ReadFile("builtin/national-2021.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base, _, err := LoadBytes("national-2021.yaml", text)
	if err != nil {
		t.Fatal(err)
	}
	baseCanon := Canonical(base)
	// Each edit is a unique text of national-2021.yaml followed by the
	// number to move.
	edits := []struct{ path, before string }{
		{"horizon", "\nhorizon: "},
		{"population.insured", "insured: "},
		{"population.retired_share", "retired_share: "},
		{"population.age_structure.retired.male.60", "male: {50: 0.02, 60: "},
		{"population.entrant_rate.2021", "entrant_rate: {2021: "},
		{"population.mortality_improvement", "mortality_improvement: "},
		{"economy.reference_wage.2022", "2021: 91400, 2022: "},
		{"economy.wage_growth.sd", "wage_growth: {mean: 0.044, sd: "},
		{"economy.epidemic.extra_cost_per_member", "extra_cost_per_member: "},
		{"contributions.employer_rate", "employer_rate: "},
		{"contributions.flexible_pool_only.rate", "flexible_pool_only: {share: 0.1, rate: "},
		{"accounts.reform_weight.2022", "reform_weight: {2021: 0, 2022: "},
		{"accounts.retiree_quota", "retiree_quota: "},
		{"accounts.legacy.employer_credit_rate_by_age.45", "35: 0.01, 45: "},
		{"accounts.family.spend_per_dependent.mean", "spend_per_dependent: {mean: "},
		{"utilization_trend.chronic", "chronic: "},
		{"outpatient.cap", "per_visit_deductible: 0       # estimate\n  cap: "},
		{"outpatient.ratio.2023.tertiary", "2023: {primary: 0.70, secondary: 0.60, tertiary: "},
		{"outpatient.cost_per_visit.tertiary.cv", "tertiary: {mean: 354, cv: "},
		{"chronic.conditions.diabetes.certified_share", "0.15, 75: 0.18}, certified_share: "},
		{"inpatient.deductible.tertiary", "secondary: 600, tertiary: "},
		{"inpatient.serious_illness.ratio", "serious_illness: {enabled: true, ratio: "},
		{"pharmacy.cash_propensity", "cash_propensity: "},
		{"maternity.allowance_days", "allowance_days: "},
		{"fund.initial_balance", "initial_balance: "},
		{"fund.bands.excess", "reasonable_max: 9, excess: "},
		{"uncertainty.outpatient.induced_demand_elasticity", "{uniform: [-0.5, "},
	}
	number := regexp.MustCompile(`^-?[0-9][0-9.]*(e[+-]?[0-9]+)?`)
	integers := map[string]bool{"horizon": true}
	for _, e := range edits {
		t.Run(e.path, func(t *testing.T) {
			if n := bytes.Count(text, []byte(e.before)); n != 1 {
				t.Fatalf("%q occurs %d times in national-2021.yaml, want once", e.before, n)
			}
			i := bytes.Index(text, []byte(e.before)) + len(e.before)
			old := number.Find(text[i:])
			if old == nil {
				t.Fatalf("no number after %q", e.before)
			}
			f, err := strconv.ParseFloat(string(old), 64)
			if err != nil {
				t.Fatal(err)
			}
			var moved string
			if integers[e.path] {
				moved = strconv.Itoa(int(f) + 1)
			} else {
				moved = strconv.FormatFloat(math.Nextafter(f, math.Inf(1)), 'g', -1, 64)
			}
			edited := append(append(append([]byte{}, text[:i]...), moved...), text[i+len(old):]...)
			s, _, err := LoadBytes("national-2021.yaml", edited)
			if err != nil {
				t.Fatalf("%s %s -> %s: %v", e.path, old, moved, err)
			}
			c := Canonical(s)
			if bytes.Equal(c, baseCanon) {
				t.Errorf("%s %s -> %s: Canonical unchanged", e.path, old, moved)
			}
			if !bytes.Contains(c, []byte(moved)) {
				t.Errorf("%s %s -> %s: Canonical lacks %s", e.path, old, moved, moved)
			}
		})
	}
}
