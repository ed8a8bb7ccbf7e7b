package workbook

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"simulate/reports"
	"slices"
	"strconv"
	"strings"
	"testing"

	"simulate/model"
	"simulate/scenarios"
)

// TestComparisonWorkbook checks the workbook of a comparison directory in
// both languages: its sheets; a first sheet that names the base and the
// scenario and gives each headline difference with its 95% interval; a
// Comparison sheet of translated metric names with units, one row per
// metric, none showing zero in every year; a Groups sheet whose burden
// changes are groups-comparison.csv's; and the keys that differ.
func TestComparisonWorkbook(t *testing.T) {
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			dir := copyFixture(t, "compare")
			if err := WriteDir(dir, Options{Lang: lang, KeyTitle: scenarios.KeyTitle}); err != nil {
				t.Fatal(err)
			}
			l := Labels(lang)
			f := openReport(t, dir)
			want := sheetNames(lang, "summary", "comparison", "groupscmp", "cmprules", "warnings", "about")
			if got := f.GetSheetList(); !slices.Equal(got, want) {
				t.Fatalf("sheets = %v, want %v", got, want)
			}

			// The first sheet: what is compared, in words and numbers.
			rows := rawRows(t, f, l["sheet.summary"])
			title := strings.Replace(strings.Replace(l["cmp.title"], "%s", "national-2021", 1), "%s", "status-quo", 1)
			if rows[0][0] != title {
				t.Errorf("Summary A1 = %q, want %q", rows[0][0], title)
			}
			text := ""
			for _, r := range rows {
				text += strings.Join(r, " ") + "\n"
			}
			for _, id := range []string{"cmp.name.pool_balance", "cmp.name.pool_months", "cmp.name.member_burden"} {
				if !strings.Contains(text, l[id]) {
					t.Errorf("Summary lacks the headline sentence on %q", l[id])
				}
			}
			interval := regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(strings.ReplaceAll(l["cmp.interval"], "%%", "%")), "%s", `-?[0-9,.]+`))
			if n := len(interval.FindAllString(text, -1)); n == 0 {
				t.Errorf("Summary gives no paired interval (%q)", l["cmp.interval"])
			}
			if !strings.Contains(text, strings.Replace(l["cmp.base"], "%s", "status-quo", 1)) ||
				!strings.Contains(text, strings.Replace(l["cmp.scenario"], "%s", "national-2021", 1)) {
				t.Errorf("Summary does not name the base and the scenario:\n%s", text)
			}
			r := findRow(rows, l["metric.pool_balance"])
			if r < 0 {
				t.Fatalf("Summary: no row %q", l["metric.pool_balance"])
			}
			// Difference = scenario − base of the means shown, within the
			// float error of the division by the unit.
			base, _ := cellFloat(t, rows, r, 2)
			scen, _ := cellFloat(t, rows, r, 3)
			diff, ok := cellFloat(t, rows, r, 4)
			if !ok || math.Abs(diff-(scen-base)) > 1e-6*math.Abs(scen) {
				t.Errorf("Summary pool balance: difference %v, want %v − %v", diff, scen, base)
			}

			// The Comparison sheet: localized metric names, units, no rows
			// of zeros.
			names := map[string]bool{}
			for _, m := range model.Metrics {
				names[l["metric."+m.Name]] = true
			}
			rows = rawRows(t, f, l["sheet.comparison"])
			metricRows := 0
			for i, row := range rows[3:] {
				if len(row) == 0 || row[0] == "" || !names[row[0]] {
					continue
				}
				metricRows++
				if len(row) < 3 || row[1] == "" {
					t.Errorf("Comparison row %d (%s): no unit", i+4, row[0])
				}
				zero := true
				for _, c := range row[2:] {
					if v, err := strconv.ParseFloat(c, 64); err == nil && v != 0 {
						zero = false
					}
				}
				if zero {
					t.Errorf("Comparison row %d (%s) is zero in every year", i+4, row[0])
				}
			}
			if metricRows < 5 {
				t.Errorf("Comparison sheet has %d metric rows, want the metrics that differ", metricRows)
			}
			for _, row := range rows[3:] {
				if len(row) > 0 && (strings.HasPrefix(row[0], "pool_") || strings.HasPrefix(row[0], "metric.")) {
					t.Errorf("Comparison sheet names a metric by its key %q", row[0])
				}
			}

			// Groups: all members' burden change is groups-comparison.csv's.
			groups, err := reports.ReadGroups(filepath.Join(dir, "groups-comparison.csv"))
			if err != nil {
				t.Fatal(err)
			}
			last := groups[len(groups)-1].Year
			var change float64
			for _, g := range groups {
				if g.Year == last && g.Label() == "all" && g.AgeBand == "all" && g.Metric == "burden" && g.Stat == "mean" {
					change = g.Value
				}
			}
			rows = rawRows(t, f, l["sheet.groupscmp"])
			r = findRow(rows, l["status.all"])
			if got, ok := cellFloat(t, rows, r, 2); !ok || got != change {
				t.Errorf("Groups all members' burden change = %v, want %v", got, change)
			}

			// A Chinese workbook shows no English label.
			if lang == "zh" {
				en, zh := Labels("en"), Labels("zh")
				english := map[string]bool{}
				for id, s := range en {
					if s != zh[id] {
						english[s] = true
					}
				}
				for _, sheet := range f.GetSheetList() {
					for r, row := range rawRows(t, f, sheet) {
						for c, cell := range row {
							if english[cell] {
								t.Errorf("%s!%s: English label %q in the zh workbook", sheet, cellName(c+1, r+1), cell)
							}
						}
					}
				}
			}

			// Rules compared: the reform year is one of the differing keys.
			rows = rawRows(t, f, l["sheet.cmprules"])
			if findRow(rows, "accounts.reform_year") < 0 {
				t.Errorf("Rules compared lacks accounts.reform_year")
			}
		})
	}
}

// TestComparisonPrints converts the comparison workbook to PDF in
// LibreOffice, in both languages, and checks that it prints in at most 12
// pages.
func TestComparisonPrints(t *testing.T) {
	soffice := needProgram(t, "soffice", "libreoffice-calc-nogui")
	pdfinfo := needProgram(t, "pdfinfo", "poppler-utils")
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			dir := copyFixture(t, "compare")
			// With a breakdown: its sheet is one more page.
			writeFile(t, filepath.Join(dir, "breakdown.csv"), breakdownCSV)
			if err := WriteDir(dir, Options{Lang: lang, KeyTitle: scenarios.KeyTitle}); err != nil {
				t.Fatal(err)
			}
			f := openReport(t, dir)
			want := sheetNames(lang, "summary", "comparison", "groupscmp", "cmprules", "breakdown", "warnings", "about")
			if got := f.GetSheetList(); !slices.Equal(got, want) {
				t.Fatalf("sheets = %v, want %v", got, want)
			}
			rows := rawRows(t, f, want[4])
			if r := findRow(rows[3:], "1"); r < 0 || len(rows[3+r]) < 3 || rows[3+r][1] != "outpatient" {
				t.Errorf("Breakdown: no row of step 1 (outpatient): %q", rows)
			}
			convert(t, soffice, loProfile(t), dir, "pdf")
			out, err := exec.Command(pdfinfo, filepath.Join(dir, "report.pdf")).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo: %v\n%s", err, out)
			}
			m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
			if m == nil {
				t.Fatalf("pdfinfo gives no page count:\n%s", out)
			}
			n, _ := strconv.Atoi(string(m[1]))
			if n > 12 {
				t.Errorf("the comparison workbook prints in %d pages, want at most 12", n)
			}
			t.Logf("%d pages", n)
		})
	}
}

// TestEveryMetricNamed checks that the table names every metric of the
// model, so that no sheet shows a metric by its key.
func TestEveryMetricNamed(t *testing.T) {
	for _, m := range model.Metrics {
		if _, ok := table["metric."+m.Name]; !ok {
			t.Errorf("no label metric.%s", m.Name)
		}
	}
}

// TestComparisonDeterministic writes the comparison workbook, whose
// pictures excelize registers in map order, several times: the bytes must
// not change.
func TestComparisonDeterministic(t *testing.T) {
	dir := copyFixture(t, "compare")
	var first []byte
	for i := range 4 {
		if err := WriteDir(dir, Options{KeyTitle: scenarios.KeyTitle}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, FileName))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatalf("write %d of report.xlsx differs from the first", i+1)
		}
	}
}

// TestSweepFixedBands checks that the Sweep sheet colours its figures by
// the fixed bands — cell rules at fund.bands and at 5% — and never by a
// colour scale of the column's own values.
func TestSweepFixedBands(t *testing.T) {
	dir := copyFixture(t, "national")
	writeFile(t, filepath.Join(dir, "sweep.csv"), sweepCSV(30))
	if err := WriteDir(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	f := openReport(t, dir)
	cfs, err := f.GetConditionalFormats(Labels("en")["sheet.sweep"])
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]bool{}
	for rng, opts := range cfs {
		for _, o := range opts {
			if o.Type != "cell" {
				t.Errorf("Sweep %s: conditional format %q, want cell rules at fixed values", rng, o.Type)
			}
			values[o.Value] = true
		}
	}
	for _, v := range []string{"0.05", "3", "6", "9", "15"} {
		if !values[v] {
			t.Errorf("Sweep: no rule at %s (rules at %v)", v, values)
		}
	}
}

func TestShownYears(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []int
	}{
		{1, []int{0}},
		{10, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{12, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{20, []int{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 19}},
		{21, []int{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20}},
		{100, []int{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99}},
	} {
		if got := shownYears(c.n); !slices.Equal(got, c.want) {
			t.Errorf("shownYears(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}
