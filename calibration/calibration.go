// Package calibration holds the national calibration targets of the
// built-in scenario national-2021 and compares a run with them.
//
// The targets are the national rows of 2021–2023 of the project's data file
// uebmi-national.csv (docs/sources/data/, copied into testdata/ with its
// sources), mapped to simulated metrics as docs/model.md section 5 says:
// participants ↔ members_active + members_flexible + members_retired,
// actives (在职) ↔ members_active + members_flexible, retirees ↔
// members_retired, income and expenditure ↔ fund_income_total and
// fund_expenditure_total, income_pool ↔ pool_income, balance_pool ↔
// pool_balance, balance_accounts ↔ account_balance, income_accounts ↔
// account_credit + account_interest, inpatient_rate and cost_per_admission
// ↔ the metrics of the same names. Amounts in the file are 100 million
// yuan (亿元) and persons 10,000 (万人); the simulated values are converted
// to those units.
//
// Local calibration (simulate calibrate, docs/local-calibration.md) fits a
// city's scenario to its own figures with the same mapping: ReadTargets
// reads a targets file in the data format (LocalItems, Units), Identify
// says which free parameters (FreeParams: scale factors on the opening
// population, the base level, utilisation, costs and the opening balances)
// the figures identify, and Local fits them by Gauss–Newton on common
// random numbers with delta-method standard errors; Fit.ScenarioYAML and
// Fit.Report write the calibrated scenario and the report.
package calibration

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"simulate/model"
)

// Data is the copy of the rows of uebmi-national.csv the calibration uses,
// with the file's header comments and every row's status and source.
//
//go:embed testdata/uebmi-national.csv
var Data []byte

// DataSource names the file Data was copied from.
const DataSource = "docs/sources/data/uebmi-national.csv (copied as calibration/testdata/uebmi-national.csv)"

// Record is one row of the data file.
type Record struct {
	Year   int
	Item   string
	Value  float64
	Unit   string
	Status string
	Source string
	Note   string
}

// Records parses Data.
func Records() ([]Record, error) {
	var lines []string
	for _, l := range strings.Split(string(Data), "\n") {
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		lines = append(lines, l)
	}
	r := csv.NewReader(bytes.NewReader([]byte(strings.Join(lines, "\n"))))
	r.FieldsPerRecord = 7
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("uebmi-national.csv: %w", err)
	}
	if strings.Join(header, ",") != "year,item,value,unit,status,source,note" {
		return nil, fmt.Errorf("uebmi-national.csv: unexpected header %q", header)
	}
	var out []Record
	for {
		f, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("uebmi-national.csv: %w", err)
		}
		y, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, fmt.Errorf("uebmi-national.csv: year %q: %w", f[0], err)
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("uebmi-national.csv: %d %s: value %q: %w", y, f[1], f[2], err)
		}
		out = append(out, Record{Year: y, Item: f[1], Value: v, Unit: f[3], Status: f[4], Source: f[5], Note: f[6]})
	}
	return out, nil
}

// Mapping says how a data item is computed from simulated metrics: the sum
// of Metrics divided by Scale (to the file's unit).
type Mapping struct {
	Item    string
	Metrics []model.Metric
	Scale   float64
	// Tolerance is the largest relative error accepted; Rounded overrides
	// it for figures the source rounds (the 2023 pooled figures, stated as
	// "about 1.66 trillion" and "about 2.6 trillion").
	Tolerance float64
	Rounded   float64
}

// Mappings are the calibrated items, in table order (docs/model.md section 5).
var Mappings = []Mapping{
	{"participants", []model.Metric{model.MembersActive, model.MembersFlexible, model.MembersRetired}, 1e4, 0.03, 0},
	{"actives", []model.Metric{model.MembersActive, model.MembersFlexible}, 1e4, 0.03, 0},
	{"retirees", []model.Metric{model.MembersRetired}, 1e4, 0.03, 0},
	{"income", []model.Metric{model.FundIncomeTotal}, 1e8, 0.03, 0},
	{"expenditure", []model.Metric{model.FundExpenditureTotal}, 1e8, 0.03, 0},
	{"income_pool", []model.Metric{model.PoolIncome}, 1e8, 0.03, 0.05},
	{"balance_pool", []model.Metric{model.PoolBalance}, 1e8, 0.03, 0.05},
	{"balance_accounts", []model.Metric{model.AccountBalance}, 1e8, 0.03, 0},
	{"income_accounts", []model.Metric{model.AccountCredit, model.AccountInterest}, 1e8, 0.03, 0},
	{"inpatient_rate", []model.Metric{model.InpatientRate}, 1, 0.03, 0},
	{"cost_per_admission", []model.Metric{model.CostPerAdmission}, 1, 0.03, 0},
}

// Years are the calibrated years.
var Years = []int{2021, 2022, 2023}

// roundedYear is the year whose pooled figures are rounded in the source.
const roundedYear = 2023

// Target is one calibration target: a data row, its mapping and its
// tolerance (the mapping's, or its Rounded one for the rounded figures).
type Target struct {
	Record
	Map       Mapping
	Tolerance float64
}

// Targets returns the calibration targets: every row of Data in Years whose
// item has a Mapping, in the order of Mappings then year.
func Targets() ([]Target, error) {
	recs, err := Records()
	if err != nil {
		return nil, err
	}
	var out []Target
	for _, m := range Mappings {
		for _, y := range Years {
			for _, r := range recs {
				if r.Year != y || r.Item != m.Item {
					continue
				}
				tol := m.Tolerance
				if m.Rounded > 0 && y == roundedYear {
					tol = m.Rounded
				}
				out = append(out, Target{Record: r, Map: m, Tolerance: tol})
			}
		}
	}
	return out, nil
}

// Describe returns the simulated side of the mapping, e.g.
// "members_active + members_flexible".
func (m Mapping) Describe() string {
	names := make([]string, len(m.Metrics))
	for i, x := range m.Metrics {
		names[i] = model.Metrics[x].Name
	}
	return strings.Join(names, " + ")
}

// Row is one line of the comparison: a target and the simulated mean over
// replications, with its standard error, in the data's units.
type Row struct {
	Year      int
	Item      string
	Metric    string // the simulated side of the mapping
	Unit      string
	Status    string // the data row's status (V, V-sec, D)
	Target    float64
	Simulated float64 // mean over replications
	SE        float64 // standard error of the mean (0 with one replication)
	RelError  float64 // (Simulated − Target) / Target
	Tolerance float64 // largest accepted |RelError|
}

// Pass reports whether the row is within its tolerance.
func (r Row) Pass() bool { return math.Abs(r.RelError) <= r.Tolerance }

// SERatio returns the Monte Carlo error relative to the target, se/target.
func (r Row) SERatio() float64 { return r.SE / math.Abs(r.Target) }

// Compare maps res's metrics to the calibration targets of the years res
// covers and returns one Row per target, in the order of Targets.
func Compare(res *model.Result) []Row {
	targets, err := Targets()
	if err != nil {
		// Data is embedded and checked by the tests.
		panic(err)
	}
	yearIndex := map[int]int{}
	for i, y := range res.Years {
		yearIndex[y] = i
	}
	var rows []Row
	for _, t := range targets {
		y, ok := yearIndex[t.Year]
		if !ok {
			continue
		}
		vals := make([]float64, len(res.Values))
		for i := range res.Values {
			var v float64
			for _, m := range t.Map.Metrics {
				v += res.Value(i, y, m)
			}
			vals[i] = v / t.Map.Scale
		}
		mean, se := MeanSE(vals)
		rows = append(rows, Row{
			Year: t.Year, Item: t.Item, Metric: t.Map.Describe(), Unit: t.Unit, Status: t.Status,
			Target: t.Value, Simulated: mean, SE: se,
			RelError: (mean - t.Value) / t.Value, Tolerance: t.Tolerance,
		})
	}
	return rows
}

// MeanSE returns the mean of xs and its standard error (sample sd / √n; 0
// for fewer than two values).
func MeanSE(xs []float64) (mean, se float64) {
	n := float64(len(xs))
	if n == 0 {
		return math.NaN(), 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= n
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}

// Table formats rows as a Markdown table.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| year | item | simulated as | target | simulated | se | se/target | error | tolerance | pass |\n")
	b.WriteString("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, r := range rows {
		pass := "yes"
		if !r.Pass() {
			pass = "**no**"
		}
		item := r.Item
		if r.Status != "V" {
			item += " (" + r.Status + ")"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %.2f%% | %+.2f%% | %.0f%% | %s |\n",
			r.Year, item, r.Metric, num(r.Target), num(r.Simulated), num(r.SE),
			100*r.SERatio(), 100*r.RelError, 100*r.Tolerance, pass)
	}
	return b.String()
}

// num formats a value in the data's units: ratios with four decimals,
// amounts and persons with one or none.
func num(x float64) string {
	switch ax := math.Abs(x); {
	case ax < 1:
		return strconv.FormatFloat(x, 'f', 4, 64)
	case ax < 100:
		return strconv.FormatFloat(x, 'f', 2, 64)
	default:
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
}
