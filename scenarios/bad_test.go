package scenarios

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// badKeys gives, for each file of testdata/bad, the key path its first
// message must name ("" for a mistake with no key: syntax, encoding, a file
// that is not a scenario). Every file needs an entry, and every entry a file.
var badKeys = map[string]string{
	"retirement-step-zero":        "population.retirement.delay_step_months.male",
	"age-out-of-range":            "accounts.legacy.retiree_rate_by_age.200",
	"age-structure-no-female":     "population.age_structure.active",
	"bad-enum":                    "outpatient.indexation",
	"bad-parent":                  "horizon",
	"bands-descending":            "fund.bands",
	"base-year-fraction":          "base_year",
	"binary-junk":                 "",
	"bool-number":                 "chronic.enabled",
	"cap-list":                    "outpatient.cap",
	"comments-only":               "",
	"condition-missing-keys":      "chronic.conditions.asthma",
	"cost-missing-mean":           "outpatient.cost_per_visit",
	"cycle-a":                     "extends",
	"cycle-b":                     "extends",
	"dated-no-base-year":          "outpatient.deductible",
	"descending-age-table":        "inpatient.admissions_per_year.40",
	"duplicate-key":               "horizon",
	"empty":                       "",
	"empty-age-table":             "outpatient.visits_per_year",
	"entrant-ages-sum":            "population.entrant_ages",
	"extends-list":                "extends",
	"extends-self":                "extends",
	"floor-above-ceiling":         "contributions.base_floor",
	"horizon-0":                   "horizon",
	"horizon-101":                 "horizon",
	"horizon-string":              "horizon",
	"huge-integer":                "horizon",
	"infinite":                    "fund.initial_balance",
	"key-is-mapping":              "",
	"latin-1":                     "",
	"level-missing":               "outpatient.ratio",
	"level-shares-sum":            "outpatient.level_share",
	"many-mistakes":               "horizon",
	"missing-parent":              "extends",
	"mixed-param-keys":            "outpatient.ratio.retired",
	"nan":                         "outpatient.dispersion",
	"number-bare-point":           "contributions.employer_rate",
	"number-hex":                  "population.insured",
	"number-leading-zero":         "outpatient.cap",
	"number-leading-zero-integer": "horizon",
	"number-leading-zero-key":     "outpatient.deductible.02025",
	"number-octal":                "outpatient.deductible",
	"number-underscore":           "fund.initial_balance",
	"sd-too-large":                "economy.wage_growth.sd",
	"sd-growth-tail":              "economy.medical_inflation.sd",
	"sd-utilization-tail":         "economy.utilization_sd",
	"uncertainty-out-of-range":    "uncertainty.utilization_trend.inpatient",
	"uncertainty-normal-wide":     "uncertainty.outpatient.induced_demand_elasticity",
	"cost-cv-too-large":           "maternity.delivery_cost.cv",
	"multiplier-negative":         "population.mortality_scale",
	"multiplier-too-large":        "economy.epidemic.outpatient_factor",
	"name-too-long":               "name",
	"description-too-long":        "description",
	"name-control-character":      "name",
	"name-path-separator":         "name",
	"negative-cost":               "maternity.delivery_cost.mean",
	"negative-deductible":         "inpatient.deductible.secondary",
	"negative-rate":               "contributions.employer_rate",
	"none-not-allowed":            "outpatient.deductible",
	"population-shares":           "population.flexible_share",
	"ratio-above-one":             "inpatient.ratio",
	"ratio-plus-bonus":            "outpatient.ratio",
	"ratio-plus-bonus-dated":      "chronic.ratio",
	"section-scalar":              "population",
	"start-month-13":              "accounts.reform_start_month",
	"status-missing-retired":      "outpatient.cap",
	"status-under-level":          "outpatient.ratio.primary",
	"syntax-bad-indent":           "",
	"syntax-stray-colon":          "",
	"syntax-tab-indent":           "",
	"syntax-unclosed-flow":        "",
	"syntax-unclosed-quote":       "",
	"top-level-list":              "",
	"top-level-scalar":            "",
	"two-digit-year":              "outpatient.deductible.21",
	"two-documents":               "",
	"uncertainty-bad-key":         "uncertainty.outpatient.copay",
	"uncertainty-low-high":        "uncertainty.utilization_trend.inpatient",
	"unknown-builtin":             "extends",
	"unknown-cost-key":            "maternity.delivery_cost.sd",
	"unknown-life-table":          "population.life_table",
	"unknown-nested-key":          "outpatient.legacy.capp",
	"unknown-status-key":          "outpatient.deductible.pensioner",
	"unknown-top-key":             "horizn",
	"wage-no-previous-year":       "economy.reference_wage",
	"sweep-unknown-key":           "sweep.vary.outpatient.capp",
	"sweep-spec-mapping":          "sweep.vary.outpatient.cap",
	"sweep-metrics-scalar":        "sweep.metrics",
	"sweep-unknown-field":         "sweep.sample",

	"huge-100mb": "", // generated by the test, never committed
}

// noLine are the mistakes of a whole file, which no line can show.
var noLine = []string{"empty", "comments-only", "huge-100mb"}

// message is FILE[:LINE]: [KEY.PATH: ]TEXT.
var message = regexp.MustCompile(`^((?:testdata/bad|builtin)/[^:]+\.ya?ml)(:[0-9]+)?: (.+)$`)

// TestBadScenarios loads every file of testdata/bad and compares its
// messages with the golden NAME.err (go test -update rewrites them). Every
// message names a file and, but for whole-file mistakes, a line; the first
// names the key path of the mistake where there is one.
func TestBadScenarios(t *testing.T) {
	paths, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type bad struct{ name, path string }
	var cases []bad
	for _, p := range paths {
		cases = append(cases, bad{strings.TrimSuffix(filepath.Base(p), ".yaml"), filepath.ToSlash(p)})
	}
	huge := filepath.Join(t.TempDir(), "huge-100mb.yaml")
	writeHuge(t, huge, 100<<20)
	cases = append(cases, bad{"huge-100mb", huge})
	if len(cases) < 40 {
		t.Errorf("%d bad scenarios, want at least 40", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			key, ok := badKeys[c.name]
			if !ok {
				t.Fatalf("testdata/bad/%s.yaml has no entry in badKeys", c.name)
			}
			s, _, err := Load(c.path)
			if err == nil {
				t.Fatalf("Load(%s) = %s, want an error", c.path, s.Name)
			}
			// stable across machines: the generated file is named as if it were in testdata/bad
			got := strings.ReplaceAll(err.Error(), filepath.Dir(huge)+string(filepath.Separator), "testdata/bad/") + "\n"
			for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
				m := message.FindStringSubmatch(line)
				switch {
				case m == nil:
					t.Errorf("message %q does not start with the file", line)
				case m[2] == "" && !slices.Contains(noLine, c.name):
					t.Errorf("message %q names no line", line)
				case i == 0 && key != "" && !strings.HasPrefix(m[3], key+": "):
					t.Errorf("message %q does not name the key path %s", line, key)
				}
			}
			golden := filepath.Join("testdata", "bad", c.name+".err")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if got != string(want) {
				t.Errorf("messages:\n%s\nwant (%s):\n%s", got, golden, want)
			}
		})
	}
	for name := range badKeys {
		if !seen[name] {
			t.Errorf("badKeys has %s but testdata/bad/%s.yaml does not exist", name, name)
		}
	}
	// the loader refuses the same bytes handed over in memory
	if _, _, err := LoadBytes("testdata/bad/huge-100mb.yaml", bytes.Repeat([]byte("# padding\n"), (MaxFileSize/10)+1)); err == nil || !strings.Contains(err.Error(), "more than a scenario file may hold") {
		t.Errorf("LoadBytes of %d bytes = %v, want a size error", MaxFileSize+10, err)
	}
}

// writeHuge writes a scenario of size bytes: a valid start, then comments.
func writeHuge(t *testing.T, path string, size int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	head := "extends: national-2021\nhorizon: 5\n"
	line := "# padding, padding, padding, padding, padding, padding, padding, padding, padding, padding\n"
	block := []byte(strings.Repeat(line, (1<<20)/len(line)))
	if _, err := f.WriteString(head); err != nil {
		t.Fatal(err)
	}
	for n := len(head); n < size; {
		b := block[:min(len(block), size-n)]
		if _, err := f.Write(b); err != nil {
			t.Fatal(err)
		}
		n += len(b)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
