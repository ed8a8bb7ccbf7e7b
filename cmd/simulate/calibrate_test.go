package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"simulate/calibration"
	"simulate/scenarios"
)

// TestCalibrateBadTargets: a bad targets file is refused with exit code 2
// and a message naming the file and line, an unknown item with the items
// accepted, targets that cannot be fitted with the reason; nothing is
// simulated.
func TestCalibrateBadTargets(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const header = "# a comment\nyear,item,value,unit,status,source,note\n"
	zero := write("zero.yaml", "name: zero\nextends: qiannan-2022\nfund: {initial_balance: 0}\n")
	nouse := write("nouse.yaml", "name: nouse\nextends: qiannan-2022\noutpatient: {visits_per_year: {0: 0}}\ninpatient: {enabled: false}\n")
	for _, tt := range []struct {
		name, scenario, text string
		want                 []string
	}{
		{"unknown item", "qiannan-2022", header + "2022,participants,600000,persons,V,bureau,\n2022,members,600000,persons,V,bureau,\n",
			[]string{"unknown item.csv:4: unknown item \"members\": the items are participants, actives, retirees, income,", "balance_total, admissions"}},
		{"bad unit", "qiannan-2022", header + "2022,income,28,billion yuan,V,bureau,\n",
			[]string{"bad unit.csv:3: income: unit \"billion yuan\" does not measure it: use \"yuan\", \"10k yuan\", \"100m yuan\""}},
		{"bad value and year", "qiannan-2022", header + "2022,income,abc,10k yuan,V,bureau,\n20x2,income,1,10k yuan,V,bureau,\n2023,income,0,10k yuan,V,bureau,\n",
			[]string{"bad value and year.csv:3: income: value \"abc\" is not a number", "bad value and year.csv:4: year \"20x2\" is not a whole number", "bad value and year.csv:5: income: value 0"}},
		{"fields", "qiannan-2022", header + "2022,income,28000,10k yuan\n",
			[]string{"fields.csv:3: 4 fields, want 7"}},
		{"header", "qiannan-2022", "year,item,value\n2022,income,1,yuan\n",
			[]string{"header.csv:1: header \"year,item,value\": want year,item,value,unit,status,source,note"}},
		{"duplicate", "qiannan-2022", header + "2022,income,28000,10k yuan,V,a,\n2022,income,28100,10k yuan,V,b,\n",
			[]string{"duplicate.csv:4: 2022 income: a second row (the first is line 3)"}},
		{"before base year", "qiannan-2022", header + "2021,income,28000,10k yuan,V,a,\n",
			[]string{"before base year.csv:3: year 2021 is outside the years the scenario can simulate from its base year 2022"}},
		{"zero balance", zero, header + "2022,balance_pool,50000,10k yuan,V,a,\n",
			[]string{"fund.initial_balance is 0 in the scenario: a scale factor cannot move it", "zero balance.csv rows 3 (balance_pool 2022)"}},
		// No visits and no admissions: the utilisation factor moves nothing,
		// which the fit finds from its Jacobian.
		{"no use", nouse, header + "2022,expenditure_pool,100000,10k yuan,V,a,\n",
			[]string{"the fit is not identified: the targets do not move utilisation (its rows: ", "no use.csv rows 3 (expenditure_pool 2022))"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := write(tt.name+".csv", tt.text)
			code, stdout, stderr := simulate(t, "calibrate", "-s", tt.scenario, "--targets", file, "-r", "2", "-n", "500", "--quiet", "-o", filepath.Join(dir, "out-"+tt.name))
			if code != exitUsage || stdout != "" {
				t.Errorf("exit %d, stdout %q; want exit 2 and nothing on stdout", code, stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
	if code, _, stderr := simulate(t, "calibrate", "-s", "qiannan-2022", "-o", filepath.Join(dir, "x")); code != exitUsage || !strings.Contains(stderr, "--targets FILE is required") {
		t.Errorf("no --targets: exit %d, %q", code, stderr)
	}
	if code, _, stderr := simulate(t, "calibrate", "-s", "qiannan-2022", "--targets", "a.csv", "--horizon", "3", "-o", filepath.Join(dir, "x")); code != exitUsage || !strings.Contains(stderr, "--horizon is not available for calibrate") {
		t.Errorf("--horizon: exit %d, %q", code, stderr)
	}
}

// TestCalibrateSynthetic: simulate calibrate on the synthetic city of the
// documentation (qiannan-2022 with known factors, simulated with seed 2 and
// 24 replications by calibration's TestLocalRecovery) recovers every factor
// within its stated error, and writes a calibrated scenario that loads to
// the fitted values.
//
// Tolerance: the recovered factor's error is the fit's Monte Carlo error
// (the stated se) plus that of the synthetic figures, which have twice the
// fit's replications at its members and so about half its variance: sd
// se·√1.5 (TestLocalRecovery computes it exactly, 1.1–1.25 × se), and the
// factor must lie within 2.64 sd (six factors at a 5% family-wise chance of
// a false failure, Bonferroni).
func TestCalibrateSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration runs skipped in -short mode")
	}
	truth := map[string]float64{"members": 1.2, "base": 0.93, "utilisation": 1.15, "cost": 0.92, "balance_pool": 1.3, "balance_accounts": 0.8}
	out := filepath.Join(t.TempDir(), "cal")
	targets := filepath.Join("..", "..", "docs", "local-calibration", "synthetic-qiannan.csv")
	code, stdout, stderr := simulate(t, "calibrate", "-s", "qiannan-2022", "--targets", targets, "-r", "12", "-n", "20000", "--seed", "1", "--workers", "2", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	t.Logf("stdout:\n%s", stdout)
	f, err := os.Open(filepath.Join(out, "calibration.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range rows[1:] {
		if r[0] != "parameter" {
			continue
		}
		seen++
		factor, _ := strconv.ParseFloat(r[6], 64)
		se, _ := strconv.ParseFloat(r[7], 64)
		want := truth[r[1]]
		if z := (factor - want) / (se * math.Sqrt(1.5)); math.Abs(z) > 2.64 || !(se > 0) {
			t.Errorf("%s: recovered %.4f ± %.4f, truth %.4f (z %.2f)", r[1], factor, se, want, z)
		}
	}
	if seen != len(truth) {
		t.Errorf("%d parameters in calibration.csv, want %d", seen, len(truth))
	}
	s, _, err := scenarios.Load(filepath.Join(out, "calibrated.yaml"))
	if err != nil {
		t.Fatalf("calibrated.yaml: %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "calibrated.yaml"))
	if s.Name != "qiannan-2022-calibrated" || !strings.Contains(string(b), "fitted by simulate calibrate from "+targets+" rows 6, 7, 8") {
		t.Errorf("calibrated.yaml: name %q, or no fitted-by comment:\n%s", s.Name, b)
	}
	parent, _, _ := scenarios.Load("qiannan-2022")
	if got, lo := s.Population.Insured, parent.Population.Insured*1.15; got < lo {
		t.Errorf("population.insured %v, want the fitted ×1.2 of %v", got, parent.Population.Insured)
	}
	if md, err := os.ReadFile(filepath.Join(out, "calibration.md")); err != nil || !strings.Contains(string(md), "## Targets against the calibrated scenario") {
		t.Errorf("calibration.md: %v", err)
	}
}

// TestCalibrateHelpListsItems: the help names every item and unit a targets
// file may use (calibration.LocalItems, calibration.Units).
func TestCalibrateHelpListsItems(t *testing.T) {
	help := strings.Join(strings.Fields(calibrateHelp), " ")
	for _, m := range calibration.LocalItems {
		if !strings.Contains(help, m.Item) {
			t.Errorf("calibrate --help does not name the item %s", m.Item)
		}
	}
	for _, u := range calibration.Units {
		if !strings.Contains(help, u.Name) {
			t.Errorf("calibrate --help does not name the unit %q", u.Name)
		}
	}
}

// TestCalibrateFileScenario: calibrating a scenario file writes a
// calibrated scenario that extends it by its path relative to the output
// folder, and loads; a file of head counts alone fits the members only.
func TestCalibrateFileScenario(t *testing.T) {
	dir := t.TempDir()
	city := filepath.Join(dir, "cities", "my-city.yaml")
	os.MkdirAll(filepath.Dir(city), 0o755)
	os.WriteFile(city, []byte("name: my-city\nextends: qiannan-2022\npopulation: {insured: 400000}   # estimate\n"), 0o644)
	targets := filepath.Join(dir, "fund.csv")
	os.WriteFile(targets, []byte("year,item,value,unit,status,source,note\n2022,participants,50,10k persons,V,city bulletin 2022,\n"), 0o644)
	out := filepath.Join(dir, "runs", "cal")
	code, stdout, stderr := simulate(t, "calibrate", "-s", city, "--targets", targets, "-r", "4", "-n", "2000", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "members ") || !strings.Contains(stdout, "base              held") {
		t.Errorf("stdout:\n%s", stdout)
	}
	b, _ := os.ReadFile(filepath.Join(out, "calibrated.yaml"))
	if !strings.Contains(string(b), `extends: "../../cities/my-city.yaml"`) || !strings.Contains(string(b), "sources: city bulletin 2022; parent: estimate") {
		t.Errorf("calibrated.yaml:\n%s", b)
	}
	s, _, err := scenarios.Load(filepath.Join(out, "calibrated.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Population.Insured; got < 400000*1.15 || got > 400000*1.3 {
		t.Errorf("population.insured %v, want about 1.25 × 400000 (50 10k persons at the end of 2022, less the year's net entrants)", got)
	}
	c, _ := os.ReadFile(filepath.Join(out, "calibration.csv"))
	rows, err := csv.NewReader(strings.NewReader(string(c))).ReadAll()
	if err != nil || len(rows) != 1+len(calibration.FreeParams)+1 {
		t.Fatalf("calibration.csv: %v\n%s", err, c)
	}
	// Head counts scale exactly with the opening population: the fit
	// meets the figure to the solver's tolerance.
	if e, _ := strconv.ParseFloat(rows[len(rows)-1][8], 64); rows[len(rows)-1][1] != "participants" || math.Abs(e) > 1e-3 {
		t.Errorf("participants: relative error %v, want below 0.1%%: %v", e, rows[len(rows)-1])
	}
	md, _ := os.ReadFile(filepath.Join(out, "calibration.md"))
	if !strings.Contains(string(md), "400000 → ") {
		t.Errorf("calibration.md lacks the input and fitted values:\n%s", md)
	}
}
