package workbook

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"simulate/model"
	"simulate/reports"
	"simulate/reports/charts"
	"simulate/scenarios"
)

// fixtureRoot holds the run directories built once for all tests.
var fixtureRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "workbook-fixture-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtureRoot = dir
	if err := buildFixtures(dir); err != nil {
		fmt.Fprintln(os.Stderr, "build fixtures:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildFixtures writes two run directories: "national", a small real run
// of national-2021 over 5 years, and "depleting", a hand-made result whose
// pool runs deficits and is exhausted, with the same scenario.yaml.
func buildFixtures(root string) error {
	r, err := scenarios.Resolve("national-2021")
	if err != nil {
		return err
	}
	s := r.Scenario
	s.Horizon = 5
	res, err := model.Run(context.Background(), s, model.Options{Seed: 7, Replications: 8, Members: 2000})
	if err != nil {
		return err
	}
	yamlText := scenarios.Annotated(s, r.Sources)
	if err := writeRun(filepath.Join(root, "national"), res, s, yamlText, r.Warnings); err != nil {
		return err
	}
	if err := writeRun(filepath.Join(root, "depleting"), depletingResult(s), s, yamlText, []string{"a test warning with <, > & \"quotes\""}); err != nil {
		return err
	}
	// Comparison files as simulate compare writes them, of a variant run
	// with another seed (the structure is what matters here).
	res2, err := model.Run(context.Background(), s, model.Options{Seed: 8, Replications: 8, Members: 2000})
	if err != nil {
		return err
	}
	diff, err := reports.Paired(res, res2)
	if err != nil {
		return err
	}
	ds := reports.Summarize(diff, s.Fund.Bands)
	var cmp, grp, step bytes.Buffer
	if err := reports.WriteComparisonCSV(&cmp, true, s.Name, "variant", ds); err != nil {
		return err
	}
	if err := reports.WriteGroupsComparisonCSV(&grp, true, res, res2); err != nil {
		return err
	}
	// breakdown.csv: each step's comparison rows after step and group.
	lines := strings.Split(strings.TrimRight(cmp.String(), "\n"), "\n")
	step.WriteString("step,group," + lines[0] + "\n")
	for k, name := range []string{"outpatient", "other"} {
		for _, l := range lines[1:] {
			fmt.Fprintf(&step, "%d,%s,%s\n", k+1, name, l)
		}
	}
	comparisonCSV, groupsComparisonCSV, breakdownCSV = cmp.String(), grp.String(), step.String()
	return buildComparison(filepath.Join(root, "compare"))
}

// buildComparison writes a comparison directory as simulate compare does:
// status-quo (the base) and national-2021 over 5 years on common random
// numbers, each run in runs/K-NAME/, comparison.csv and
// groups-comparison.csv, and the impact charts.
func buildComparison(dir string) error {
	var outs []*model.Result
	var scs []*model.Scenario
	for k, name := range []string{"status-quo", "national-2021"} {
		r, err := scenarios.Resolve(name)
		if err != nil {
			return err
		}
		s := r.Scenario
		s.Horizon = 5
		res, err := model.Run(context.Background(), s, model.Options{Seed: 3, Replications: 8, Members: 2000})
		if err != nil {
			return err
		}
		if err := writeRun(filepath.Join(dir, "runs", fmt.Sprintf("%d-%s", k, name)), res, s, scenarios.Annotated(s, r.Sources), nil); err != nil {
			return err
		}
		outs, scs = append(outs, res), append(scs, s)
	}
	diff, err := reports.Paired(outs[0], outs[1])
	if err != nil {
		return err
	}
	var cmp, grp bytes.Buffer
	if err := reports.WriteComparisonCSV(&cmp, true, scs[0].Name, scs[1].Name, reports.Summarize(diff, scs[1].Fund.Bands)); err != nil {
		return err
	}
	if err := reports.WriteGroupsComparisonCSV(&grp, true, outs[0], outs[1]); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "comparison.csv"), cmp.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "groups-comparison.csv"), grp.Bytes(), 0o644); err != nil {
		return err
	}
	_, err = charts.DrawDir(dir, charts.Options{})
	return err
}

// The comparison files of the fixture, as simulate compare writes them.
var comparisonCSV, groupsComparisonCSV, breakdownCSV string

func writeRun(dir string, res *model.Result, s *model.Scenario, yamlText []byte, scenarioWarnings []string) error {
	sum := reports.Summarize(res, s.Fund.Bands)
	sum.Warnings = append(slices.Clone(scenarioWarnings), sum.Warnings...)
	sum.Version = model.Version
	sum.Fingerprint = reports.Fingerprint(scenarios.Canonical(s), res.Seed, res.Replications, res.Members, len(res.Years), res.Design, model.Version)
	start := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	meta := reports.RunMeta{
		CommandLine:  []string{"simulate", "run", "-s", res.Scenario, "-o", dir},
		Output:       dir,
		Workers:      2,
		Start:        start,
		End:          start.Add(3 * time.Second),
		Version:      model.Version,
		Seed:         res.Seed,
		Replications: res.Replications,
		Members:      res.Members,
		Horizon:      len(res.Years),
		Scenario:     res.Scenario,
		Fingerprint:  sum.Fingerprint,
	}
	_, err := reports.WriteRun(dir, res, sum, meta, yamlText, false)
	return err
}

// depletingResult is a hand-made result of four replications over five
// years in which the pool spends more than it earns from the second year
// on and runs out in some replications.
func depletingResult(s *model.Scenario) *model.Result {
	nm := int(model.NumMetrics)
	years := []int{s.BaseYear, s.BaseYear + 1, s.BaseYear + 2, s.BaseYear + 3, s.BaseYear + 4}
	res := &model.Result{
		Scenario: s.Name, Seed: 1, Replications: 4, Reps: []int{0, 1, 2, 3},
		Members: 4, Population: 520000, Weight: 130000, Years: years,
	}
	for i := range 4 {
		row := make([]float64, len(years)*nm)
		balance := 9e8
		for y := range years {
			v := func(m model.Metric, x float64) { row[y*nm+int(m)] = x }
			income := 12e8 - float64(y*(i+1))*1.5e8
			exp := 11e8 + float64(y)*0.5e8
			balance += income - exp
			v(model.PoolIncome, income)
			v(model.PoolContributions, income*0.9)
			v(model.PoolOtherIncome, income*0.1)
			v(model.PoolExpenditure, exp)
			v(model.PoolOutpatientGeneral, exp*0.2)
			v(model.PoolOutpatientChronic, exp*0.1)
			v(model.PoolInpatient, exp*0.65)
			v(model.PoolMaternity, exp*0.05)
			v(model.PoolSurplus, income-exp)
			v(model.PoolSurplusRate, (income-exp)/income)
			v(model.PoolBalance, balance)
			v(model.PoolMonths, balance/(exp/12))
			v(model.AccountBalance, 4e8)
			v(model.MemberCash, 2.5e8)
			v(model.MembersActive, 300000)
			v(model.MembersRetired, 150000)
			v(model.DependencyRatio, 2)
		}
		res.Values = append(res.Values, row)
	}
	return res
}

// copyFixture copies the fixture directory name, with its
// sub-directories, into a fresh directory of the test.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(fixtureRoot, name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sweepHeader is a sweep.csv header (docs/model.md section 7, reports.WriteSweepCSV):
// the point, two varied keys, the fixed solvency columns and one --metrics
// column (its mean at the horizon).
const sweepHeader = "point,outpatient.ratio.primary,outpatient.cap,p_depleted_by_horizon,first_deficit_year_p50,depletion_year_p50,pool_months_p05,pool_months_p50,pool_balance," +
	"p_depleted_by_horizon_lo,p_depleted_by_horizon_hi,pool_months_p05_lo,pool_months_p05_hi,pool_months_p50_lo,pool_months_p50_hi,replications,target,target_figure,target_lo,target_hi,verdict\n"

// sweepCSV returns a synthetic sweep.csv of n points.
func sweepCSV(n int) string {
	var b strings.Builder
	b.WriteString(sweepHeader)
	for i := range n {
		ratio := 0.5 + 0.05*float64(i%10)
		cap := 1000 + 500*(i/10%20)
		p := float64(i%101) / 100
		deficit, depletion := "", ""
		if p > 0.3 {
			deficit = fmt.Sprint(2022 + i%8)
		}
		if p > 0.5 {
			depletion = fmt.Sprint(2026 + i%5)
		}
		verdict := [3]string{"met", "not met", "undecided"}[i%3]
		fmt.Fprintf(&b, "%d,%g,%d,%g,%s,%s,%g,%g,%g,%g,%g,%g,%g,%g,%g,200,p_depleted@horizon <= 0.05,%g,%g,%g,%s\n", i, ratio, cap, p, deficit, depletion, 20-15*p, 24-15*p, 1.5e12*(1-p),
			max(0, p-0.03), min(1, p+0.03), 19-15*p, 21-15*p, 23-15*p, 25-15*p, p, max(0, p-0.03), min(1, p+0.03), verdict)
	}
	return b.String()
}

// readCSV reads the whole CSV file at path, header first, checking the
// header when want is given.
func readCSV(path string, want []string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := reports.ParseTable(path, f)
	if err != nil {
		return nil, err
	}
	rows, err := records(t)
	if err != nil {
		return nil, err
	}
	if want != nil && !slices.Equal(rows[0], want) {
		return nil, fmt.Errorf("%s: header %v, want %v", path, rows[0], want)
	}
	return rows, nil
}
