// Package calibration holds the national calibration targets of the
// built-in scenario national-2021 and compares a run with them.
//
// The targets are the national rows of 2021–2023 of the project's data file
// uebmi-national.csv (docs/sources/data/, copied into testdata/ with its
// sources), and the 2024 family mutual aid figure, mapped to simulated
// metrics as docs/model.md section 5 says (Mappings): participants ↔
// members_active + members_flexible + members_retired, actives (在职) ↔
// members_active + members_flexible, retirees ↔ members_retired, income ↔
// fund_income_total, expenditure ↔ fund_expenditure_total +
// account_outflow, income_pool and expenditure_pool ↔ pool_income and
// pool_expenditure, balance_pool ↔ pool_balance, income_accounts ↔
// account_credit + account_interest, expenditure_accounts ↔
// account_spending + account_outflow, balance_accounts ↔ account_balance,
// maternity_expenditure ↔ pool_maternity, outpatient_pooling_paid_to_aug ↔
// pool_outpatient_general of 2022 and 8/12 of 2023, family_mutual_aid_paid
// ↔ account_spending_family, inpatient_rate and cost_per_admission ↔ the
// metrics of the same names. Lines without a published figure (chronic
// outpatient, pooled inpatient, the epidemic cost) are Mappings with NoData:
// reported, never targets. GrowthCheck compares 2024–2025 with the latest
// figures, unfitted. Amounts in the file are 100 million yuan (亿元) and
// persons 10,000 (万人); the simulated values are converted to those units.
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

	// Line names the expenditure or income line in the report ("" : Item).
	Line string
	// From, when not 0, makes the target a span: the sum of the simulated
	// values of the years From to the target's year, the last year
	// counted by LastFraction (e.g. 8/12 for "to August"; 0: the whole year).
	From         int
	LastFraction float64
	// Years, when set, are the years of this item's targets instead of the
	// calibrated Years (family mutual aid: its only figure is 2024).
	Years []int
	// NoData marks a simulated line no published figure checks: it is
	// reported in NoDataLines, never as a target or a pass.
	NoData bool
}

// Mappings are the calibrated items, in table order (docs/model.md section
// 5): the demography, the fund totals, then each pooled and account line.
var Mappings = []Mapping{
	{Item: "participants", Metrics: []model.Metric{model.MembersActive, model.MembersFlexible, model.MembersRetired}, Scale: 1e4, Tolerance: 0.03},
	{Item: "actives", Metrics: []model.Metric{model.MembersActive, model.MembersFlexible}, Scale: 1e4, Tolerance: 0.03},
	{Item: "retirees", Metrics: []model.Metric{model.MembersRetired}, Scale: 1e4, Tolerance: 0.03},
	{Item: "income", Metrics: []model.Metric{model.FundIncomeTotal}, Scale: 1e8, Tolerance: 0.03},
	// Official account expenditure closes the account balance (income −
	// expenditure), so it includes the balances paid out or moved with
	// leaving members, account_outflow; so does the fund total.
	{Item: "expenditure", Metrics: []model.Metric{model.FundExpenditureTotal, model.AccountOutflow}, Scale: 1e8, Tolerance: 0.03},
	{Item: "income_pool", Metrics: []model.Metric{model.PoolIncome}, Scale: 1e8, Tolerance: 0.03, Rounded: 0.05, Line: "pooled income"},
	// Pooled expenditure (统筹基金支出, incl. maternity): the benefit lines;
	// retiree credits are netted off pooled income, not spent.
	{Item: "expenditure_pool", Metrics: []model.Metric{model.PoolExpenditure}, Scale: 1e8, Tolerance: 0.03, Line: "pooled expenditure"},
	{Item: "balance_pool", Metrics: []model.Metric{model.PoolBalance}, Scale: 1e8, Tolerance: 0.03, Rounded: 0.05},
	{Item: "income_accounts", Metrics: []model.Metric{model.AccountCredit, model.AccountInterest}, Scale: 1e8, Tolerance: 0.03, Line: "account income"},
	{Item: "expenditure_accounts", Metrics: []model.Metric{model.AccountSpending, model.AccountOutflow}, Scale: 1e8, Tolerance: 0.03, Line: "account spending"},
	{Item: "balance_accounts", Metrics: []model.Metric{model.AccountBalance}, Scale: 1e8, Tolerance: 0.03},
	{Item: "maternity_expenditure", Metrics: []model.Metric{model.PoolMaternity}, Scale: 1e8, Tolerance: 0.03, Line: "maternity"},
	// "More than 124 bn to August 2023", read as cumulative since the
	// reform: 2022 and 8/12 of 2023 (a rounded lower bound over a span the
	// source does not state: 5%).
	{Item: "outpatient_pooling_paid_to_aug", Metrics: []model.Metric{model.PoolOutpatientGeneral}, Scale: 1e8, Tolerance: 0.05, Line: "general outpatient pooling", From: 2022, LastFraction: 8.0 / 12},
	// "More than 6.9 bn" at pharmacies to August 2023, of the line above:
	// January to August 2023, from the notice of February (5%, as above).
	{Item: "pharmacy_pooling_paid_to_aug", Metrics: []model.Metric{model.PoolOutpatientPharmacy}, Scale: 1e8, Tolerance: 0.05, Line: "of which at retail pharmacies", From: 2023, LastFraction: 8.0 / 12},
	{Item: "inpatient_rate", Metrics: []model.Metric{model.InpatientRate}, Scale: 1, Tolerance: 0.03},
	{Item: "cost_per_admission", Metrics: []model.Metric{model.CostPerAdmission}, Scale: 1, Tolerance: 0.03},
	{Item: "family_mutual_aid_paid", Metrics: []model.Metric{model.AccountSpendingFamily}, Scale: 1e8, Tolerance: 0.03, Line: "family mutual aid", Years: []int{2024}},
	// Lines without a published figure.
	{Item: "chronic_outpatient", Metrics: []model.Metric{model.PoolOutpatientChronic}, Scale: 1e8, Line: "chronic and special-disease outpatient", NoData: true},
	{Item: "inpatient_pool", Metrics: []model.Metric{model.PoolInpatient}, Scale: 1e8, Line: "pooled inpatient", NoData: true},
	{Item: "epidemic", Metrics: []model.Metric{model.PoolEpidemic}, Scale: 1e8, Line: "epidemic extra cost", NoData: true},
	{Item: "family_2021_2023", Metrics: []model.Metric{model.AccountSpendingFamily}, Scale: 1e8, Line: "family mutual aid before 2024", NoData: true},
	{Item: "flexible", Metrics: []model.Metric{model.MembersFlexible}, Scale: 1e4, Line: "flexible workers (2019 and 2024 only)", NoData: true},
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

// Targets returns the calibration targets: every row of Data in Years (or
// the mapping's own Years) whose item has a Mapping with data, in the order
// of Mappings then year.
func Targets() ([]Target, error) {
	recs, err := Records()
	if err != nil {
		return nil, err
	}
	var out []Target
	for _, m := range Mappings {
		if m.NoData {
			continue
		}
		years := Years
		if len(m.Years) > 0 {
			years = m.Years
		}
		for _, y := range years {
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
	d := strings.Join(names, " + ")
	if m.From != 0 {
		d = fmt.Sprintf("%s, %d to the target year", d, m.From)
		if m.LastFraction > 0 {
			d += fmt.Sprintf(" (its last year × %.3g)", m.LastFraction)
		}
	}
	return d
}

// Name returns the line's name in the report: Line, or Item.
func (m Mapping) Name() string {
	if m.Line != "" {
		return m.Line
	}
	return m.Item
}

// value returns replication i's simulated value of m in year index y, in
// the data's units (summed over the span when m.From is set; NaN when the
// span starts before the run or after year y).
func (m Mapping) value(res *model.Result, i, y int) float64 {
	sum := func(y int) float64 {
		var v float64
		for _, x := range m.Metrics {
			v += res.Value(i, y, x)
		}
		return v
	}
	if m.From == 0 {
		return sum(y) / m.Scale
	}
	first := y - (res.Years[y] - m.From)
	if first < 0 || first > y {
		return math.NaN()
	}
	var v float64
	for k := first; k <= y; k++ {
		f := 1.0
		if k == y && m.LastFraction > 0 {
			f = m.LastFraction
		}
		v += f * sum(k)
	}
	return v / m.Scale
}

// Row is one line of the comparison: a target and the simulated mean over
// replications, with its standard error, in the data's units.
type Row struct {
	Year      int
	Item      string
	Line      string // the line's name in the report (Mapping.Name)
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
			vals[i] = t.Map.value(res, i, y)
		}
		mean, se := MeanSE(vals)
		rows = append(rows, Row{
			Year: t.Year, Item: t.Item, Line: t.Map.Name(), Metric: t.Map.Describe(), Unit: t.Unit, Status: t.Status,
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
	b.WriteString("| year | line (data item) | simulated as | official | model | se | se/target | error | tolerance | pass |\n")
	b.WriteString("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, r := range rows {
		pass := "yes"
		if !r.Pass() {
			pass = "**no**"
		}
		var tags []string
		if r.Line != "" && r.Line != r.Item {
			tags = append(tags, r.Item)
		}
		if r.Status != "V" {
			tags = append(tags, r.Status)
		}
		item := r.Item
		if r.Line != "" {
			item = r.Line
		}
		if len(tags) > 0 {
			item += " (" + strings.Join(tags, ", ") + ")"
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

// NoDataTable formats the simulated lines no published figure checks
// (Mappings with NoData): their mean by year of res, each marked "no
// published figure" — never a pass.
func NoDataTable(res *model.Result) string {
	var b strings.Builder
	b.WriteString("| line | simulated as |")
	for _, y := range res.Years {
		fmt.Fprintf(&b, " %d |", y)
	}
	b.WriteString(" check |\n| --- | --- |")
	for range res.Years {
		b.WriteString(" ---: |")
	}
	b.WriteString(" --- |\n")
	for _, m := range Mappings {
		if !m.NoData {
			continue
		}
		fmt.Fprintf(&b, "| %s | %s |", m.Name(), m.Describe())
		for y := range res.Years {
			vals := make([]float64, len(res.Values))
			for i := range res.Values {
				vals[i] = m.value(res, i, y)
			}
			mean, _ := MeanSE(vals)
			fmt.Fprintf(&b, " %s |", num(mean))
		}
		b.WriteString(" no published figure |\n")
	}
	return b.String()
}
