package workbook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"simulate/model"
	"simulate/reports"
)

var testBands = model.MonthBands{Insufficient: 3, Warning: 6, ReasonableMax: 9, Excess: 15}

// templateRegexp turns a template of the table into an anchored regular
// expression: each fmt verb matches any text.
func templateRegexp(tmpl string) string {
	parts := regexp.MustCompile(`%[a-z]`).Split(tmpl, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return "^" + strings.Join(parts, ".+?") + "$"
}

// shapes are string cells made only of figures: a period, a band range, a
// date and time.
var shapes = regexp.MustCompile(`^(\d{4}–\d{4}|[<>] [\d.,]+|[\d.,]+ – [\d.,]+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$`)

// TestEveryStringTranslated lists every string cell of every sheet of the
// en and zh workbooks and checks that it is a label of that language's
// table (or a template of it filled with figures), a number, or data from
// the run directory: the scenario name and description, warnings, run.json,
// the fields of the CSV files, and the Parameters sheet's key, value and
// source columns. A zh workbook therefore holds no English label.
func TestEveryStringTranslated(t *testing.T) {
	for _, lang := range Languages {
		for _, fixture := range []string{"national", "depleting"} {
			t.Run(lang+"/"+fixture, func(t *testing.T) {
				dir := copyFixture(t, fixture)
				writeFile(t, filepath.Join(dir, "comparison.csv"), comparisonCSV)
				writeFile(t, filepath.Join(dir, "groups-comparison.csv"), groupsComparisonCSV)
				writeFile(t, filepath.Join(dir, "breakdown.csv"), breakdownCSV)
				writeFile(t, filepath.Join(dir, "sweep.csv"), sweepCSV(20))
				if err := WriteDir(dir, Options{Lang: lang}); err != nil {
					t.Fatal(err)
				}
				labels := Labels(lang)
				exact := map[string]bool{}
				var templates []*regexp.Regexp
				for _, s := range labels {
					if regexp.MustCompile(`%[a-z]`).MatchString(s) {
						templates = append(templates, regexp.MustCompile(templateRegexp(s)))
					} else {
						exact[s] = true
					}
				}
				data := runData(t, dir)
				paramsSheet := labels["sheet.parameters"]
				f := openReport(t, dir)
				n := 0
				for _, sheet := range f.GetSheetList() {
					for r, row := range rawRows(t, f, sheet) {
						for c, cell := range row {
							if cell == "" {
								continue
							}
							n++
							if _, err := strconv.ParseFloat(cell, 64); err == nil {
								continue
							}
							if exact[cell] || data[cell] || shapes.MatchString(cell) {
								continue
							}
							if sheet == paramsSheet && r >= 2 && c != 2 {
								continue // key, value, source: data
							}
							matched := false
							for _, re := range templates {
								if re.MatchString(cell) {
									matched = true
									break
								}
							}
							if !matched {
								t.Errorf("%s!%s: %q is neither a %s label nor data", sheet, cellName(c+1, r+1), cell, lang)
							}
						}
					}
				}
				t.Logf("%d non-empty cells checked", n)
			})
		}
	}
}

func cellName(col, row int) string {
	s := ""
	for col > 0 {
		col--
		s = string(rune('A'+col%26)) + s
		col /= 26
	}
	return s + strconv.Itoa(row)
}

// runData collects the strings of a run directory that the workbook shows
// as data.
func runData(t *testing.T, dir string) map[string]bool {
	t.Helper()
	data := map[string]bool{}
	sum, err := reports.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	data[sum.Scenario] = true
	data[sum.Version] = true
	data[sum.Fingerprint] = true
	for _, w := range sum.Warnings {
		data[w] = true
	}
	yamlText, err := os.ReadFile(filepath.Join(dir, "scenario.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(yamlText), "\n") {
		if d, ok := strings.CutPrefix(line, "description: "); ok {
			data[strings.Trim(d, `"`)] = true
		}
	}
	var meta map[string]any
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	for _, v := range meta {
		if s, ok := v.(string); ok {
			data[s] = true
		}
	}
	if cl, ok := meta["command_line"].([]any); ok {
		parts := make([]string, len(cl))
		for i, p := range cl {
			parts[i], _ = p.(string)
		}
		data[strings.Join(parts, " ")] = true
	}
	for _, name := range []string{"groups.csv", "comparison.csv", "groups-comparison.csv", "breakdown.csv", "sweep.csv"} {
		recs, err := readCSV(filepath.Join(dir, name), nil)
		if err != nil {
			continue
		}
		// Words the workbook translates are not data: units, statuses,
		// statistics, "all", "other", and groups' cash and burden.
		translated := map[string]bool{"unit": true, "status": true, "stat": true}
		if name == "sweep.csv" {
			// The varied keys' paths are data; the other headers are not.
			for _, h := range recs[0][1:] {
				if h == "p_depleted_by_horizon" {
					break
				}
				data[h] = true
			}
		}
		for _, rec := range recs[1:] {
			for c, field := range rec {
				if translated[recs[0][c]] || field == "all" || field == "other" || field == "cash" || field == "burden" {
					continue
				}
				data[field] = true
			}
		}
	}
	return data
}
