package workbook

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"simulate/reports"
)

// openReport opens dir/report.xlsx.
func openReport(t *testing.T, dir string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatalf("open %s: %v", FileName, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rawRows returns the cells of a sheet unformatted.
func rawRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("rows of %s: %v", sheet, err)
	}
	return rows
}

// findRow returns the index of the first row whose first cell is label.
func findRow(rows [][]string, label string) int {
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return i
		}
	}
	return -1
}

func cellFloat(t *testing.T, rows [][]string, r, c int) (float64, bool) {
	t.Helper()
	if r < 0 || r >= len(rows) || c >= len(rows[r]) || rows[r][c] == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(rows[r][c], 64)
	if err != nil {
		t.Fatalf("row %d column %d: %q is not a number", r+1, c+1, rows[r][c])
	}
	return v, true
}

// sheetNames translates label ids into the sheet names of lang.
func sheetNames(lang string, ids ...string) []string {
	l := Labels(lang)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = l["sheet."+id]
	}
	return out
}

func TestWriteDirSheets(t *testing.T) {
	runSheets := []string{"summary", "fund", "accounts", "members", "groups", "precision", "parameters", "warnings", "about"}
	tests := []struct {
		name    string
		fixture string // "" for a directory with only sweep.csv
		opt     Options
		extra   map[string]string
		sheets  []string
		scale   float64
	}{
		{"national en yi", "national", Options{}, nil, runSheets, 1e8},
		{"national zh wan", "national", Options{Lang: "zh", Unit: "wan"}, nil, runSheets, 1e4},
		{"depleting en yuan", "depleting", Options{Lang: "en", Unit: "yuan"}, nil, slices.DeleteFunc(slices.Clone(runSheets), func(s string) bool { return s == "groups" }), 1},
		{"comparison", "national", Options{Lang: "en", Unit: "yi"},
			map[string]string{"comparison.csv": comparisonCSV, "groups-comparison.csv": groupsComparisonCSV, "breakdown.csv": breakdownCSV, "sweep.csv": sweepCSV(30)},
			[]string{"summary", "fund", "accounts", "members", "groups", "comparison", "groupscmp", "breakdown", "sweep", "precision", "parameters", "warnings", "about"}, 1e8},
		{"sweep only", "", Options{Lang: "zh"},
			map[string]string{"sweep.csv": sweepCSV(25), "points/0000/summary.json": "{}"},
			[]string{"sweep"}, 1e8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var dir string
			if tc.fixture != "" {
				dir = copyFixture(t, tc.fixture)
			} else {
				dir = t.TempDir()
			}
			for name, content := range tc.extra {
				writeFile(t, filepath.Join(dir, name), content)
			}
			if err := WriteDir(dir, tc.opt); err != nil {
				t.Fatalf("WriteDir: %v", err)
			}
			lang := tc.opt.Lang
			if lang == "" {
				lang = "en"
			}
			l := Labels(lang)
			f := openReport(t, dir)
			if got, want := f.GetSheetList(), sheetNames(lang, tc.sheets...); !slices.Equal(got, want) {
				t.Fatalf("sheets = %v, want %v", got, want)
			}
			// No temporary file is left behind.
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("temporary file %s left in %s", e.Name(), dir)
				}
			}
			if tc.fixture != "" {
				checkRunValues(t, f, dir, l, tc.scale)
			}
			if slices.Contains(tc.sheets, "sweep") {
				checkSweep(t, f, dir, l, tc.scale)
			}
		})
	}
}

// checkRunValues compares the Summary, Fund and Members sheets with
// summary.json after unit scaling.
func checkRunValues(t *testing.T, f *excelize.File, dir string, l map[string]string, scale float64) {
	t.Helper()
	sum, err := reports.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	h := len(sum.Years) - 1

	// Summary: the key figures at the horizon and the indicators.
	rows := rawRows(t, f, l["sheet.summary"])
	if got, want := rows[0][0], strings.Replace(l["summary.title"], "%s", sum.Scenario, 1); got != want {
		t.Errorf("Summary A1 = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		metric string
		scaled bool
	}{{"pool_balance", true}, {"pool_income", true}, {"pool_surplus", true}, {"pool_months", false}} {
		r := findRow(rows, l["metric."+tc.metric])
		if r < 0 {
			t.Errorf("Summary: no row %q", l["metric."+tc.metric])
			continue
		}
		m := sum.Metric(tc.metric)
		for i, want := range []float64{m.Mean[h], m.P05[h], m.P50[h], m.P95[h]} {
			if tc.scaled {
				want /= scale
			}
			got, ok := cellFloat(t, rows, r, 2+i)
			if !ok || got != want {
				t.Errorf("Summary %s column %d = %v, want %v", tc.metric, 3+i, got, want)
			}
		}
	}
	for _, ind := range []struct {
		id string
		v  []float64
	}{{"p_deficit", sum.Solvency.PDeficit}, {"p_depleted", sum.Solvency.PDepleted}, {"p_excess", sum.Solvency.PExcess}} {
		r := findRow(rows, l["solv."+ind.id])
		got, ok := cellFloat(t, rows, r, 1)
		if !ok || got != ind.v[h] {
			t.Errorf("Summary %s = %v, want %v", ind.id, got, ind.v[h])
		}
	}
	r := findRow(rows, l["summary.depletionyear"])
	if r < 0 {
		t.Fatalf("Summary: no depletion-year row")
	}
	for i, y := range []int{sum.Solvency.DepletionYear.P05, sum.Solvency.DepletionYear.P50, sum.Solvency.DepletionYear.P95} {
		got := rows[r][1+i]
		want := strconv.Itoa(y)
		if y == 0 {
			want = strings.Replace(l["summary.beyond"], "%d", strconv.Itoa(sum.Years[h]), 1)
		}
		if got != want {
			t.Errorf("Summary depletion year column %d = %q, want %q", 2+i, got, want)
		}
	}
	weightWarning := regexp.MustCompile(templateRegexp(l["summary.weightwarning"]))
	found := false
	for _, row := range rows {
		if len(row) > 0 && weightWarning.MatchString(row[0]) {
			found = true
		}
	}
	if found != (sum.Weight > 1) {
		t.Errorf("weight warning shown = %v, want %v (weight %v)", found, sum.Weight > 1, sum.Weight)
	}

	// Fund: every statistic of every metric in every year.
	rows = rawRows(t, f, l["sheet.fund"])
	header := rows[2]
	for i, y := range sum.Years {
		if got := header[3+i]; got != strconv.Itoa(y) {
			t.Errorf("Fund header column %d = %q, want %d", 4+i, got, y)
		}
	}
	if got, want := header[:3], []string{l["table.item"], l["table.unit"], l["table.stat"]}; !slices.Equal(got, want) {
		t.Errorf("Fund header = %q, want %q", got, want)
	}
	for _, name := range []string{"pool_income", "pool_expenditure", "pool_inpatient", "pool_surplus", "pool_balance", "pool_months", "pool_surplus_rate"} {
		m := sum.Metric(name)
		r := findRow(rows, l["metric."+name])
		if r < 0 {
			t.Errorf("Fund: no row %q", l["metric."+name])
			continue
		}
		s := 1.0
		if m.Unit == "yuan" {
			s = scale
		}
		for k, vals := range [][]float64{m.Mean, m.P05, m.P50, m.P95} {
			for i := range sum.Years {
				got, ok := cellFloat(t, rows, r+k, 3+i)
				want := vals[i]
				if math.IsNaN(want) {
					if ok {
						t.Errorf("Fund %s stat %d year %d = %v, want blank", name, k, sum.Years[i], got)
					}
					continue
				}
				if !ok || got != want/s {
					t.Errorf("Fund %s stat %d year %d = %v, want %v", name, k, sum.Years[i], got, want/s)
				}
			}
		}
	}

	// Members: head counts, and the first group of groups.csv.
	rows = rawRows(t, f, l["sheet.members"])
	m := sum.Metric("members_retired")
	r = findRow(rows, l["metric.members_retired"])
	if got, ok := cellFloat(t, rows, r, 3+h); !ok || got != m.Mean[h] {
		t.Errorf("Members retirees mean %d = %v, want %v", sum.Years[h], got, m.Mean[h])
	}
	// The groups of groups.csv have a sheet of their own.
	if slices.Contains(f.GetSheetList(), l["sheet.groups"]) {
		rows = rawRows(t, f, l["sheet.groups"])
	} else {
		rows = nil
	}
	if r := findRow(rows, l["members.year"]); r >= 0 {
		recs, err := reports.ReadGroups(filepath.Join(dir, "groups.csv"))
		if err != nil {
			t.Fatal(err)
		}
		// The first data row is the first group: cash mean, cash p90, …
		want := recs[0].Value
		if got, ok := cellFloat(t, rows, r+1, 3); !ok || got != want {
			t.Errorf("Members first group cash mean = %v, want %v", got, want)
		}
	} else if _, err := os.Stat(filepath.Join(dir, "groups.csv")); err == nil {
		recs, _ := readCSV(filepath.Join(dir, "groups.csv"), nil)
		if len(recs) > 1 {
			t.Errorf("Member groups: no group table though groups.csv has %d rows", len(recs)-1)
		}
	}

	// Parameters: the scenario's keys with units and sources.
	rows = rawRows(t, f, l["sheet.parameters"])
	if got, want := rows[1], []string{l["params.key"], l["params.value"], l["params.unit"], l["params.source"]}; !slices.Equal(got, want) {
		t.Errorf("Parameters header = %q, want %q", got, want)
	}
	r = findRow(rows, "population.insured")
	if r < 0 {
		t.Fatalf("Parameters: no population.insured")
	}
	if got := rows[r]; len(got) < 4 || got[2] != l["punit.persons"] || !strings.Contains(got[3], "uebmi-national.csv") {
		t.Errorf("Parameters population.insured = %q, want unit %q and a source naming uebmi-national.csv", got, l["punit.persons"])
	}
}

// checkSweep compares the Sweep sheet with sweep.csv.
func checkSweep(t *testing.T, f *excelize.File, dir string, l map[string]string, scale float64) {
	t.Helper()
	recs, err := readCSV(filepath.Join(dir, "sweep.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := rawRows(t, f, l["sheet.sweep"])
	if len(rows) != len(recs)+1 {
		t.Fatalf("Sweep has %d rows, want title + header + %d points", len(rows), len(recs)-1)
	}
	header := rows[1]
	want := []string{l["sweep.point"], "outpatient.ratio.primary", "outpatient.cap", l["sweep.p_depleted_by_horizon"], l["sweep.first_deficit_year_p50"]}
	if !slices.Equal(header[:5], want) {
		t.Errorf("Sweep header = %q, want it to start %q", header, want)
	}
	// The target, the same on every row, is in the title, not a column.
	tc := slices.Index(recs[0], "target")
	if tc >= 0 && len(recs) > 1 {
		if want := strings.Replace(l["sweep.titlewith"], "%s", recs[1][tc], 1); rows[0][0] != want {
			t.Errorf("Sweep title = %q, want %q", rows[0][0], want)
		}
	}
	for i, rec := range recs[1:] {
		for c, field := range rec {
			col := c
			if tc >= 0 && c > tc {
				col--
			}
			got := ""
			if col < len(rows[2+i]) {
				got = rows[2+i][col]
			}
			if field == "" {
				if got != "" {
					t.Errorf("Sweep row %d column %d = %q, want blank", 3+i, c+1, got)
				}
				continue
			}
			switch recs[0][c] {
			case "target":
				continue
			case "verdict":
				if want := l["verdict."+field]; got != want {
					t.Errorf("Sweep row %d column %d = %q, want the verdict %q", 3+i, c+1, got, want)
				}
				continue
			}
			w, _ := strconv.ParseFloat(field, 64)
			if recs[0][c] == "pool_balance" {
				w /= scale
			}
			// The streaming writer keeps Excel's 15 significant digits.
			w, _ = strconv.ParseFloat(strconv.FormatFloat(w, 'g', 15, 64), 64)
			g, err := strconv.ParseFloat(got, 64)
			if err != nil || g != w {
				t.Errorf("Sweep row %d column %d = %q, want %v", 3+i, c+1, got, w)
			}
		}
	}
}

func TestWriteDirErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		opt   Options
		want  string // in the error
	}{
		{"empty directory", func(t *testing.T, dir string) {}, Options{}, "neither summary.json nor sweep.csv"},
		{"bad summary", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "summary.json"), `{"schema": "simulate/summary/v1", "years": [2021], "metrics": {"x": {"mean": [1, 2]}}}`)
		}, Options{}, "summary.json"},
		{"bad groups header", func(t *testing.T, dir string) {
			copyInto(t, "national", dir)
			writeFile(t, filepath.Join(dir, "groups.csv"), "a,b\n1,2\n")
		}, Options{}, "groups.csv"},
		{"bad yaml", func(t *testing.T, dir string) {
			copyInto(t, "national", dir)
			writeFile(t, filepath.Join(dir, "scenario.yaml"), "name: [\n")
		}, Options{}, "scenario.yaml"},
		{"bad run.json", func(t *testing.T, dir string) {
			copyInto(t, "national", dir)
			writeFile(t, filepath.Join(dir, "run.json"), "{")
		}, Options{}, "run.json"},
		{"bad sweep header", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "sweep.csv"), "x,y\n1,2\n")
		}, Options{}, "sweep.csv"},
		{"ragged comparison", func(t *testing.T, dir string) {
			copyInto(t, "national", dir)
			writeFile(t, filepath.Join(dir, "comparison.csv"), "a,b\n1\n")
		}, Options{}, "comparison.csv"},
		{"bad language", func(t *testing.T, dir string) { copyInto(t, "national", dir) }, Options{Lang: "fr"}, `language "fr"`},
		{"bad unit", func(t *testing.T, dir string) { copyInto(t, "national", dir) }, Options{Unit: "usd"}, `unit "usd"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			err := WriteDir(dir, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("WriteDir = %v, want an error containing %q", err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, FileName)); err == nil {
				t.Errorf("%s written despite the error", FileName)
			}
		})
	}
	if err := WriteDir(filepath.Join(t.TempDir(), "missing"), Options{}); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("WriteDir(missing) = %v, want an error naming the directory", err)
	}
}

// copyInto copies the files of a fixture into dir.
func copyInto(t *testing.T, fixture, dir string) {
	t.Helper()
	src := copyFixture(t, fixture)
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		if err := os.Rename(filepath.Join(src, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
}

func TestUnitAt(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"population.insured", "persons"},
		{"population.age_structure.active.male", "weight"},
		{"outpatient.ratio", "ratio"},
		{"outpatient.cap", "yuan/year"},
		{"outpatient.legacy.deductible", "yuan/year"},
		{"chronic.conditions.diabetes.annual_cost", "yuan/year"},
		{"fund.bands.warning", "months"},
		{"uncertainty.outpatient.induced_demand_elasticity", "elasticity"},
		{"uncertainty.economy.medical_inflation.mean", "ratio/year"},
		{"name", ""},
		{"no.such.key", ""},
	}
	for _, tc := range tests {
		var path []string
		if p, ok := strings.CutPrefix(tc.path, "uncertainty."); ok {
			path = []string{"uncertainty", p}
		} else {
			path = strings.Split(tc.path, ".")
		}
		if got := unitAt(path); got != tc.want {
			t.Errorf("unitAt(%s) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestParseParams(t *testing.T) {
	data := []byte(`name: x   # the name
population:
  insured: 1000   # census 2020
  age_structure:
    active:
      male: {16: 0.5, 60: 0}
outpatient:
  ratio: {2021: {primary: 0.6}, 2023: {primary: 0.7}}  # seed 001
uncertainty:
  utilization_trend.inpatient: {normal: [0.02, 0.005]}
`)
	got, _, err := parseParams(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []param{
		{"name", "x", "", "the name"},
		{"population.insured", "1000", "persons", "census 2020"},
		{"population.age_structure.active.male", "{16: 0.5, 60: 0}", "weight", ""},
		{"outpatient.ratio", "{2021: {primary: 0.6}, 2023: {primary: 0.7}}", "ratio", "seed 001"},
		{"uncertainty.utilization_trend.inpatient", "{normal: [0.02, 0.005]}", "ratio/year", ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("parseParams =\n%q\nwant\n%q", got, want)
	}
}

func TestTranslationTable(t *testing.T) {
	verbs := regexp.MustCompile(`%[a-z]`)
	for id, e := range table {
		for i, s := range e {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: empty %s text", id, Languages[i])
			}
		}
		if en, zh := verbs.FindAllString(e[0], -1), verbs.FindAllString(e[1], -1); !slices.Equal(en, zh) {
			t.Errorf("%s: verbs %v in en, %v in zh", id, en, zh)
		}
		if strings.HasPrefix(id, "sheet.") {
			for _, s := range e {
				if len([]rune(s)) > 31 || strings.ContainsAny(s, `:\/?*[]`) {
					t.Errorf("%s: %q is not a valid sheet name", id, s)
				}
			}
		}
	}
	for _, u := range scenarioUnits() {
		if _, ok := table["punit."+u]; !ok {
			t.Errorf("unit %q of model.Scenario has no translation (punit.%s)", u, u)
		}
	}
	if Labels("fr") != nil {
		t.Errorf("Labels(fr) is not nil")
	}
}

func TestBand(t *testing.T) {
	b := &testBands
	tests := []struct {
		months float64
		want   string
	}{{-1, "insufficient"}, {2.9, "insufficient"}, {3, "warning"}, {5.9, "warning"}, {6, "reasonable"}, {9, "reasonable"}, {9.1, "more"}, {15, "more"}, {15.1, "excess"}, {math.NaN(), "undefined"}}
	for _, tc := range tests {
		if got := band(tc.months, b); got != tc.want {
			t.Errorf("band(%v) = %s, want %s", tc.months, got, tc.want)
		}
	}
}

// TestPrecisionSheetUnbounded: on the Precision sheet every row with an
// estimate shows each end of its interval and the half-width either as a
// number or, where too few replications bound it, as "not bounded" — never
// a blank a reader could take for zero or for a missing figure.
func TestPrecisionSheetUnbounded(t *testing.T) {
	dir := copyFixture(t, "national")
	if err := WriteDir(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	sum, err := reports.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantOpen := false
	for _, m := range precisionMetrics {
		if ms := sum.Metric(m); ms != nil {
			for _, v := range ms.P05CI.Lo {
				wantOpen = wantOpen || math.IsNaN(v)
			}
		}
	}
	if !wantOpen {
		t.Fatalf("fixture has no unbounded P5: the test needs one (%d replications)", sum.Replications)
	}
	l := Labels("en")
	f := openReport(t, dir)
	rows := rawRows(t, f, l["sheet.precision"])
	open := 0
	for r := 2; r < len(rows); r++ {
		if len(rows[r]) < 4 || rows[r][3] == "" {
			continue
		}
		for c := 4; c <= 6; c++ {
			if c >= len(rows[r]) || rows[r][c] == "" {
				t.Fatalf("row %d column %d is blank: %v", r+1, c+1, rows[r])
			}
			if rows[r][c] == l["precision.unbounded"] {
				open++
			} else if _, err := strconv.ParseFloat(rows[r][c], 64); err != nil {
				t.Fatalf("row %d column %d: %q", r+1, c+1, rows[r][c])
			}
		}
	}
	if open == 0 {
		t.Errorf("no end says %q", l["precision.unbounded"])
	}
}
